/**
 * Runs a whole 6502 test program on a flat 64 KiB RAM until it traps in a loop that jumps to
 * itself (`jmp *` or a branch to itself), the way Klaus Dormann's functional test and Bruce Clark's
 * decimal test end. Shared by the bench and the tests. See
 * `../shared/testdata/6502-functional/SOURCE.md` for load addresses and success traps.
 */
import type { M6502Bus } from './bus.ts';
import { M6502, type M6502Options } from './m6502.ts';

/** Plain 64 KiB RAM, nothing else (the bench's bus; kept trivial so the core dominates). */
export class FlatRam64 implements M6502Bus {
  readonly mem = new Uint8Array(0x10000);
  read(addr: number): number {
    return this.mem[addr]!;
  }
  write(addr: number, value: number): void {
    this.mem[addr] = value;
  }
}

export interface TrapResult {
  /** Address of the self-loop, or of the stop address, where the program ended. */
  pc: number;
  /** Cycles run from the start of the program (the trap detection may add up to one chunk). */
  cycles: number;
  /** True when `maxCycles` ran out before a trap. */
  timedOut: boolean;
}

/** Whether the instruction at `pc` jumps to itself: `jmp pc` or a taken branch with offset -2. */
export function isSelfLoop(mem: Uint8Array, pc: number): boolean {
  const op = mem[pc]!;
  if (op === 0x4c) return mem[(pc + 1) & 0xffff]! === (pc & 0xff) && mem[(pc + 2) & 0xffff]! === pc >> 8;
  return (op & 0x1f) === 0x10 && mem[(pc + 1) & 0xffff]! === 0xfe;
}

export class ProgramRunner {
  readonly ram = new FlatRam64();
  readonly cpu: M6502;

  constructor(options: M6502Options = {}) {
    this.cpu = new M6502(this.ram, options);
  }

  /** Load `image` at `loadAddr`, clear the rest of RAM, and start the CPU at `startPc`. */
  load(image: Uint8Array, loadAddr: number, startPc: number): void {
    if (loadAddr + image.length > 0x10000) throw new RangeError('6502 program does not fit in 64 KiB');
    this.ram.mem.fill(0);
    this.ram.mem.set(image, loadAddr);
    const cpu = this.cpu;
    cpu.reset();
    cpu.setState({
      ...cpu.getState(), pc: startPc, s: 0xfd, p: 0x24, cycles: 0, resetPending: false,
    });
  }

  /**
   * Run until a self-loop (checked every `chunk` cycles), or a JAM, or `maxCycles`. With `stopPc`
   * >= 0, step one instruction at a time instead and also stop when PC reaches `stopPc`.
   */
  runToTrap(maxCycles: number, stopPc = -1, chunk = 100_000): TrapResult {
    const cpu = this.cpu;
    const mem = this.ram.mem;
    if (stopPc >= 0) {
      while (cpu.cycles < maxCycles) {
        if (cpu.pc === stopPc) return { pc: cpu.pc, cycles: cpu.cycles, timedOut: false };
        const pc = cpu.pc;
        cpu.step();
        if (cpu.pc === pc || cpu.jammed) return { pc, cycles: cpu.cycles, timedOut: false };
      }
      return { pc: cpu.pc, cycles: cpu.cycles, timedOut: true };
    }
    while (cpu.cycles < maxCycles) {
      cpu.run(Math.min(maxCycles, cpu.cycles + chunk));
      if (cpu.jammed) return { pc: cpu.pc, cycles: cpu.cycles, timedOut: false };
      if (isSelfLoop(mem, cpu.pc)) {
        // A branch to itself only traps when taken: check that one more instruction stays put.
        const pc = cpu.pc;
        cpu.step();
        if (cpu.pc === pc) return { pc, cycles: cpu.cycles, timedOut: false };
      }
    }
    return { pc: cpu.pc, cycles: cpu.cycles, timedOut: true };
  }
}

/** Klaus Dormann's functional test: load address, start and success trap (SOURCE.md). */
export const DORMANN = { loadAddr: 0x0000, startPc: 0x0400, successPc: 0x3469 } as const;
/** Bruce Clark's decimal test: load/start $0200, stops at DONE = $024B, ERROR byte at $000B. */
export const CLARK_DECIMAL = { loadAddr: 0x0200, startPc: 0x0200, donePc: 0x024b, errorAddr: 0x000b } as const;
