/**
 * MOS 6502 (NMOS) CPU core: all 256 opcodes (documented, stable undocumented, the unstable ones with
 * their usual magic-constant behaviour, JAM), cycle by cycle on the bus, with IRQ, NMI and RESET.
 *
 * Variants: decimal mode can be switched off per instance (`{ decimal: false }`: the NES 2A03,
 * whose ADC/SBC ignore D), and the chip-dependent ANE/LXA constants set (`aneMagic`, `lxaMagic`).
 * Bus timing: `cycles` is incremented before each access, so it numbers the cycle being performed
 * during the bus call (see `bus.ts`). Not emulated: the 65C02 and other CMOS parts; the RDY input (the NES
 * machine stalls the CPU by adding cycles to `cycles` inside a bus call, see `bus.ts`); the
 * "&H+1 drop-off" of SHA/SHX/SHY/TAS when RDY stalls them; what a JAMmed or reset-held CPU puts
 * on the bus (we repeat a read, marked UNVERIFIED).
 *
 * Structure: this file holds the registers, the interrupt and reset sequences and the ALU helpers
 * with a decimal mode; `opcodes.generated.ts` (from `gen/generate-opcodes.ts`) holds the per-cycle
 * sequences of every opcode; `decode.ts` the opcode map shared with `disasm.ts`.
 *
 * Flags are kept unpacked for speed: `fn` holds a byte whose bit 7 is N, `fz` a byte that is zero
 * when Z is set, `fc`, `fv`, `fd`, `fi` are 0 or 1. P is packed only for PHP/BRK/interrupts/state.
 *
 * Interrupts (nesdev wiki "CPU interrupts"; Visual 6502 traces): IRQ is a level masked by I, NMI an
 * edge latched by `setLine`. Each instruction polls them before its last cycle (the generated code
 * calls `poll()` there), so CLI/SEI/PLP change I too late for their own poll (one instruction of
 * delay) while RTI restores I in time. An interrupt polled is serviced before the next opcode. An
 * NMI seen by the end of cycle 4 of BRK or of an IRQ sequence takes over its vector (hijack).
 *
 * References: MCS6500 Microcomputer Family Programming Manual (1976) ch. 3-9; Hardware Manual
 * appendix A (cycle-by-cycle); Bruce Clark, "Decimal Mode" (6502.org tutorial), appendix A (NMOS
 * ADC/SBC flags in decimal mode); "No More Secrets" (NMOS 6510 Unintended Opcodes) for the
 * undocumented opcodes, including ARR's decimal mode.
 */
import { CpuLine, type Cpu } from '../../kernel/cpu.ts';
import { CorruptStateError } from '../../kernel/errors.ts';
import type { M6502Bus } from './bus.ts';
import { OPCODES } from './opcodes.generated.ts';
import type { M6502State } from './state.ts';

/** Bits of `M6502.pending`: things to do instead of fetching the next opcode. */
const INTERRUPT = 1;
const RESET_PENDING = 2;
const RESET_HELD = 4;
const JAMMED = 8;

export interface M6502Options {
  /** Whether ADC/SBC (and ARR, RRA, ISC) honour the D flag. Default true; false for the NES 2A03. */
  decimal?: boolean;
  /**
   * The "magic" constant ORed into A by ANE ($8B) and LXA ($AB), which varies between chips.
   * Default $EE for both (No More Secrets; Harte's 6502 tests agree). blargg's NES instr_test
   * (calibrated on a 2A03) passes LXA with $FF.
   */
  aneMagic?: number;
  lxaMagic?: number;
}

export class M6502 implements Cpu<M6502State> {
  readonly id = 'm6502';
  readonly stateVersion = 1;
  cycles = 0;
  endCycle = 0;

  // Registers. Public for the generated executor; machines should use getState()/setState().
  a = 0;
  x = 0;
  y = 0;
  s = 0;
  pc = 0;
  /** Bit 7 is N. */
  fn = 0;
  /** Zero when Z is set. */
  fz = 1;
  fc = 0;
  fv = 0;
  fd = 0;
  fi = 1;

  /** Input levels and the NMI edge latch, 0 or 1 (numbers so the poll test is one `|`). */
  irqLine = 0;
  nmiLine = 0;
  nmiLatched = 0;
  /** INTERRUPT | RESET_PENDING | RESET_HELD | JAMMED. */
  pending = 0;
  /** 1 when decimal mode works, 0 on a 2A03. */
  private readonly bcd: number;
  /** ANE/LXA magic constants (see M6502Options). */
  readonly aneMagic: number;
  readonly lxaMagic: number;

  constructor(readonly bus: M6502Bus, options: M6502Options = {}) {
    this.bcd = options.decimal === false ? 0 : 1;
    this.aneMagic = (options.aneMagic ?? 0xee) & 0xff;
    this.lxaMagic = (options.lxaMagic ?? 0xee) & 0xff;
    this.reset();
  }

  /** Whether ADC/SBC honour the D flag on this instance. */
  get decimalEnabled(): boolean {
    return this.bcd === 1;
  }

  /** Whether a JAM opcode has stopped the CPU. */
  get jammed(): boolean {
    return (this.pending & JAMMED) !== 0;
  }

  // ---- the Cpu contract ------------------------------------------------------------------------

  run(untilCycle: number): void {
    this.endCycle = untilCycle;
    const bus = this.bus;
    while (this.cycles < this.endCycle) {
      if (this.pending !== 0) {
        this.special();
        continue;
      }
      this.cycles++;
      const op = bus.read(this.pc);
      this.pc = (this.pc + 1) & 0xffff;
      OPCODES[op]!(this, bus);
    }
  }

  step(): number {
    const start = this.cycles;
    if (this.pending !== 0) {
      this.special();
    } else {
      const bus = this.bus;
      this.cycles++;
      const op = bus.read(this.pc);
      this.pc = (this.pc + 1) & 0xffff;
      OPCODES[op]!(this, bus);
    }
    return this.cycles - start;
  }

  /**
   * Power-on: registers cleared (the real chip leaves A, X, Y undefined), I set, and the 7-cycle
   * reset sequence queued for the next step (it loads PC from $FFFC and leaves S = $FD).
   */
  reset(): void {
    this.a = this.x = this.y = this.s = this.pc = 0;
    this.setP(0x24);
    this.nmiLatched = 0;
    this.pending = RESET_PENDING;
  }

  setLine(line: CpuLine, asserted: boolean): void {
    switch (line) {
      case CpuLine.Irq:
        this.irqLine = asserted ? 1 : 0;
        break;
      case CpuLine.Nmi:
        if (asserted && this.nmiLine === 0) this.nmiLatched = 1;
        this.nmiLine = asserted ? 1 : 0;
        break;
      case CpuLine.Reset:
        if (asserted) this.pending |= RESET_HELD;
        else if ((this.pending & RESET_HELD) !== 0) this.pending = RESET_PENDING;
        break;
      default:
        // BusRequest/Wait: the 6502 has RDY, which machines model by adding cycles in the bus.
        break;
    }
  }

  // ---- helpers for the generated executor ------------------------------------------------------

  /** The interrupt poll, called before an instruction's last cycle when IRQ or NMI is active. */
  poll(): void {
    if (this.nmiLatched !== 0 || (this.irqLine !== 0 && this.fi === 0)) this.pending |= INTERRUPT;
  }

  /** Stop on a JAM opcode. */
  jam(): void {
    this.pending |= JAMMED;
  }

  /** P with bit 5 set and B clear. */
  getP(): number {
    return (this.fn & 0x80) | (this.fv << 6) | 0x20 | (this.fd << 3) | (this.fi << 2) | (this.fz === 0 ? 2 : 0) | this.fc;
  }

  setP(p: number): void {
    this.fn = p & 0x80;
    this.fv = (p >> 6) & 1;
    this.fd = (p >> 3) & 1;
    this.fi = (p >> 2) & 1;
    this.fz = ~p & 2;
    this.fc = p & 1;
  }

  /**
   * Cycles 3-7 of BRK, IRQ and NMI: push PC and P (`b` = 0x10 for BRK), set I, load the vector. An
   * NMI latched by the end of cycle 4 (the PCL push) turns the sequence into an NMI (the hijack).
   */
  interruptSequence(b: number): void {
    const bus = this.bus;
    this.cycles++; bus.write(0x100 | this.s, this.pc >> 8); this.s = (this.s - 1) & 0xff;
    this.cycles++; bus.write(0x100 | this.s, this.pc & 0xff); this.s = (this.s - 1) & 0xff;
    let vector = 0xfffe;
    if (this.nmiLatched !== 0) {
      this.nmiLatched = 0;
      vector = 0xfffa;
    }
    this.cycles++; bus.write(0x100 | this.s, this.getP() | b); this.s = (this.s - 1) & 0xff;
    this.fi = 1;
    this.cycles++; const lo = bus.read(vector);
    this.cycles++; const hi = bus.read(vector + 1);
    this.pc = (hi << 8) | lo;
  }

  /** What to do instead of fetching an opcode: reset, JAM, a polled interrupt. */
  private special(): void {
    const bus = this.bus;
    const p = this.pending;
    if ((p & RESET_HELD) !== 0) {
      // UNVERIFIED: what the bus shows while RESET is held; we spend one read cycle at PC.
      this.cycles++; bus.read(this.pc);
    } else if ((p & RESET_PENDING) !== 0) {
      this.resetSequence();
    } else if ((p & JAMMED) !== 0) {
      // UNVERIFIED: a JAMmed NMOS 6502 keeps the bus busy; we repeat the read the JAM ended with.
      this.cycles++; bus.read((this.pc + 1) & 0xffff);
    } else {
      // IRQ/NMI: two reads of PC with the increment suppressed (the opcode is discarded).
      this.pending &= ~INTERRUPT;
      this.cycles++; bus.read(this.pc);
      this.cycles++; bus.read(this.pc);
      this.interruptSequence(0);
    }
  }

  /** The 7-cycle reset sequence: the three pushes become reads (S still decrements), then $FFFC. */
  private resetSequence(): void {
    const bus = this.bus;
    this.pending = 0;
    this.nmiLatched = 0;
    this.cycles++; bus.read(this.pc);
    this.cycles++; bus.read(this.pc);
    for (let i = 0; i < 3; i++) {
      this.cycles++; bus.read(0x100 | this.s); this.s = (this.s - 1) & 0xff;
    }
    this.fi = 1;
    this.cycles++; const lo = bus.read(0xfffc);
    this.cycles++; const hi = bus.read(0xfffd);
    this.pc = (hi << 8) | lo;
  }

  // ---- ALU -------------------------------------------------------------------------------------

  adc(v: number): void {
    const a = this.a;
    const c = this.fc;
    if ((this.fd & this.bcd) === 0) {
      const r = a + v + c;
      this.fv = ((~(a ^ v) & (a ^ r)) >> 7) & 1;
      this.fc = r >> 8;
      this.a = this.fn = this.fz = r & 0xff;
      return;
    }
    // NMOS decimal ADC (Clark, appendix A): Z from the binary sum, N and V from the sum after the
    // low-nibble fix-up only, C and A after both fix-ups.
    let lo = (a & 0x0f) + (v & 0x0f) + c;
    if (lo >= 0x0a) lo = ((lo + 0x06) & 0x0f) + 0x10;
    let r = (a & 0xf0) + (v & 0xf0) + lo;
    this.fz = (a + v + c) & 0xff;
    this.fn = r & 0x80;
    this.fv = ((~(a ^ v) & (a ^ r)) >> 7) & 1;
    if (r >= 0xa0) r += 0x60;
    this.fc = r >= 0x100 ? 1 : 0;
    this.a = r & 0xff;
  }

  sbc(v: number): void {
    const a = this.a;
    const c = this.fc;
    const r = a - v - (1 - c);
    // All flags come from the binary difference, in decimal mode too (NMOS).
    this.fv = (((a ^ v) & (a ^ r)) >> 7) & 1;
    this.fc = r >= 0 ? 1 : 0;
    this.fn = this.fz = r & 0xff;
    if ((this.fd & this.bcd) === 0) {
      this.a = r & 0xff;
      return;
    }
    let lo = (a & 0x0f) - (v & 0x0f) + c - 1;
    if (lo < 0) lo = ((lo - 0x06) & 0x0f) - 0x10;
    let d = (a & 0xf0) - (v & 0xf0) + lo;
    if (d < 0) d -= 0x60;
    this.a = d & 0xff;
  }

  /** ARR: AND, then ROR A with odd flags; in decimal mode a BCD-like fix-up (No More Secrets §4.1.3). */
  arr(v: number): void {
    const t = this.a & v;
    let r = (t >> 1) | (this.fc << 7);
    if ((this.fd & this.bcd) === 0) {
      this.a = this.fn = this.fz = r;
      this.fc = (r >> 6) & 1;
      this.fv = ((r >> 6) ^ (r >> 5)) & 1;
      return;
    }
    this.fn = this.fc << 7;
    this.fz = r;
    this.fv = ((t ^ r) >> 6) & 1;
    if ((t & 0x0f) + (t & 0x01) > 5) r = (r & 0xf0) | ((r + 6) & 0x0f);
    if ((t & 0xf0) + (t & 0x10) > 0x50) {
      r = (r + 0x60) & 0xff;
      this.fc = 1;
    } else {
      this.fc = 0;
    }
    this.a = r;
  }

  // ---- state -----------------------------------------------------------------------------------

  getState(): M6502State {
    return {
      a: this.a, x: this.x, y: this.y, s: this.s, pc: this.pc, p: this.getP(),
      cycles: this.cycles,
      irqLine: this.irqLine !== 0,
      nmiLine: this.nmiLine !== 0,
      nmiLatched: this.nmiLatched !== 0,
      interruptPending: (this.pending & INTERRUPT) !== 0,
      resetHeld: (this.pending & RESET_HELD) !== 0,
      resetPending: (this.pending & RESET_PENDING) !== 0,
      jammed: (this.pending & JAMMED) !== 0,
    };
  }

  setState(st: M6502State): void {
    if (st === null || typeof st !== 'object') throw new CorruptStateError('6502 state: not an object');
    for (const [k, max] of [['a', 0xff], ['x', 0xff], ['y', 0xff], ['s', 0xff], ['pc', 0xffff], ['p', 0xff]] as const) {
      const v = st[k];
      if (!Number.isInteger(v) || v < 0 || v > max) throw new CorruptStateError(`6502 state: ${k} must be an integer 0..${max}`);
    }
    if (typeof st.cycles !== 'number' || !Number.isFinite(st.cycles) || st.cycles < 0) {
      throw new CorruptStateError('6502 state: cycles must be a non-negative number');
    }
    for (const k of ['irqLine', 'nmiLine', 'nmiLatched', 'interruptPending', 'resetHeld', 'resetPending', 'jammed'] as const) {
      if (typeof st[k] !== 'boolean') throw new CorruptStateError(`6502 state: ${k} must be a boolean`);
    }
    this.a = st.a; this.x = st.x; this.y = st.y; this.s = st.s; this.pc = st.pc;
    this.setP(st.p);
    this.cycles = st.cycles;
    this.irqLine = st.irqLine ? 1 : 0;
    this.nmiLine = st.nmiLine ? 1 : 0;
    this.nmiLatched = st.nmiLatched ? 1 : 0;
    this.pending = (st.interruptPending ? INTERRUPT : 0) | (st.resetPending ? RESET_PENDING : 0) |
      (st.resetHeld ? RESET_HELD : 0) | (st.jammed ? JAMMED : 0);
  }
}
