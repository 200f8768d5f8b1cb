/**
 * `X86SizedCpu`: the x86 core with the 80386's operand-size and address-size machinery switched
 * on: 66h/67h are prefixes (`hasSizePrefixes`), the code-segment default size can be 32 bits
 * (`setDefaultSizes`, the place for a descriptor's D bit), and `decodeEA` picks the 32-bit ModR/M
 * + SIB forms (sized.ts) when `adSize` is 32. It is the base a 386 model would extend; no machine
 * uses it yet.
 *
 * Why a subclass: `decodeEA` is on the hottest path of the 16-bit models, and a size test in it
 * cost them measurably; here the test lives only in the class that can need it. `runFast` is
 * shared: its call sites stay monomorphic as long as one class runs in a process.
 *
 * Not emulated (a 386 still needs them): 32-bit instruction handlers (today's handlers are 16-bit
 * and ignore `opSize`, so with `opSize` 32 they still act on words), 32-bit string/LOOP/XLAT
 * registers under `adSize` 32, 32-bit EIP, protected mode, limit checks, 386 timing.
 * Reference: Intel 80386 Programmer's Reference Manual (1986), §17.2.1-17.2.2.
 */
import { X86Cpu, X86Model } from './cpu.ts';
import type { X86Bus } from './bus.ts';
import * as Sized from './sized.ts';

// Module-level copy of an imported value: see regs.ts for why (each imported binding is a getter under tsx).
const { decodeEA32 } = Sized;

export class X86SizedCpu extends X86Cpu {
  constructor(bus: X86Bus, model: X86Model = X86Model.I80186) {
    super(bus, model);
    this.hasSizePrefixes = true;
  }

  /**
   * Default operand/address size of code (16 or 32): a 386's CS descriptor D bit (protected-mode
   * `loadSeg(CS, ...)` would call this). Takes effect from the next instruction.
   */
  setDefaultSizes(bits: 16 | 32): void {
    this.defOpSize = bits;
    this.defAdSize = bits;
    this.attn = true; // runFast picks the defaults up at its next entry
  }

  override decodeEA(m: number): void {
    if (this.adSize !== 16) decodeEA32(this, m);
    else super.decodeEA(m);
  }
}
