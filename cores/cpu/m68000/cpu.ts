/**
 * Motorola 68000 core: registers, the two-word prefetch queue, bus access with address-error
 * checks, effective-address calculation, exception processing and the run loop.
 *
 * Model: instruction-stepped, access-accurate. Each handler (ops-*.ts, chosen by the decode table in
 * decode.ts) performs its bus cycles in the order the real chip does (M68000 User's Manual,
 * section 8 "Instruction execution times", and the per-instruction bus-cycle orders published by
 * the "Yacht" timing study), adding internal (idle) cycles between them, so that `cycles` at each
 * access is the real start of that bus cycle and the instruction's total matches the chip.
 *
 * Prefetch: `ir` holds the opcode being executed (IRD), `irc` the next word; `pc` is the address
 * `irc` was read from. Reading an extension word consumes `irc` and refills it from `pc + 2`.
 *
 * Not emulated: the 68010+ (no VBR, no format word); bus arbitration (BR/BG); the exact cycle
 * within an instruction at which IPL is sampled (we check between instructions); HALT input.
 */
import type { Cpu } from '../../kernel/cpu.ts';
import { CpuLine } from '../../kernel/cpu.ts';
import { CorruptStateError } from '../../kernel/errors.ts';
import type { M68000Bus } from './bus.ts';
import { takeException, takeFault, takeInterrupt } from './exceptions.ts';
import type { M68000State } from './state.ts';

/** An instruction handler: the opcode word is passed so a handler can be shared by many opcodes. */
export type Handler = (c: M68000, op: number) => void;

/** Thrown (one shared object, no allocation) to abandon an instruction on address or bus error. */
export const FAULT = { fault: true };

/** Size codes used throughout: bytes per operand. */
export const B = 1;
export const W = 2;
export const L = 4;

/** Condition code bits of SR. */
export const C = 1;
export const V = 2;
export const Z = 4;
export const N = 8;
export const X = 16;

let table: Handler[] | null = null;
/** decode.ts installs the opcode table here at module load (avoids an import cycle). */
export function installTable(t: Handler[]): void {
  table = t;
}

export class M68000 implements Cpu<M68000State> {
  readonly id = 'm68000';
  readonly stateVersion = 1;
  /** D0..D7 in 0..7, A0..A7 in 8..15 (A7 is the active stack pointer), as int32. */
  readonly r = new Int32Array(16);
  /** The inactive stack pointer: USP while supervisor, SSP while user. */
  otherSp = 0;
  sr = 0x2700;
  pc = 0;
  ir = 0;
  /** The opcode of the instruction being executed (IR may already hold the next one). */
  ird = 0;
  irc = 0;
  cycles = 0;
  endCycle = 0;
  ipl = 0;
  nmiPending = false;
  stopped = false;
  halted = false;
  /** Instructions executed (for the bench). */
  instructions = 0;
  /**
   * Follow Clock Signal's choices (the generator of Tom Harte's 68000 suite) where they differ from
   * MAME's microcode-level core (the generator of the second suite): address-error frames and
   * timing, ADDQ/SUBQ.L to An, ASR past the operand width, LINK A7, CHK and DIVx overflow flags,
   * and the function code of PC-relative reads. See README.md, "Two reference models".
   */
  clk = false;
  /** The last effective address computed (mode index 0..11, register, size): address errors. */
  eaKind = 0;
  eaReg = 0;
  eaSize = 0;
  /** Set by MOVE while it writes its destination (MAME stacks a later PC then). */
  eaMoveDest = false;

  // Fault information, filled before FAULT is thrown.
  faultAddr = 0;
  faultWrite = false;
  faultFc = 0;
  faultVector = 3;
  /** Value of the PC pushed by an address error on a jump target (set by the jump itself). */
  faultPc = -1;
  /** Set while processing a group-0 exception: a second fault is a double fault (halt). */
  inGroup0 = false;
  /** Set while reading exception vectors/stacking: status word I/N bit. */
  inException = false;

  constructor(readonly bus: M68000Bus) {
    if (table === null) throw new Error('m68000: decode table not installed (import decode.ts)');
  }

  // ---------------------------------------------------------------- status register

  get supervisor(): boolean {
    return (this.sr & 0x2000) !== 0;
  }

  /** Set SR (system byte and CCR), swapping stack pointers when S changes. */
  setSr(v: number): void {
    v &= 0xa71f;
    if (((v ^ this.sr) & 0x2000) !== 0) {
      const t = this.r[15];
      this.r[15] = this.otherSp;
      this.otherSp = t;
    }
    this.sr = v;
  }

  setCcr(v: number): void {
    this.sr = (this.sr & 0xff00) | (v & 0x1f);
  }

  // ---------------------------------------------------------------- bus cycles

  /** Data-space function code. */
  fcData(): number {
    return (this.sr & 0x2000) !== 0 ? 5 : 1;
  }
  fcProg(): number {
    return (this.sr & 0x2000) !== 0 ? 6 : 2;
  }

  fault(addr: number, write: boolean, fc: number): never {
    this.faultAddr = addr;
    this.faultWrite = write;
    this.faultFc = fc;
    this.faultVector = 3;
    throw FAULT;
  }

  /** Machines call this inside a bus access to signal BERR: the instruction is abandoned. */
  busError(addr: number, write: boolean, fc: number): never {
    this.faultAddr = addr;
    this.faultWrite = write;
    this.faultFc = fc;
    this.faultVector = 2;
    throw FAULT;
  }

  rd8(a: number): number {
    const v = this.bus.readByte(a & 0xffffff, (this.sr & 0x2000) !== 0 ? 5 : 1);
    this.cycles += 4;
    return v;
  }
  rd16(a: number): number {
    if ((a & 1) !== 0) this.fault(a, false, this.fcData());
    const v = this.bus.readWord(a & 0xffffff, (this.sr & 0x2000) !== 0 ? 5 : 1);
    this.cycles += 4;
    return v;
  }
  /** Long read: high word first. */
  rd32(a: number): number {
    if ((a & 1) !== 0) this.fault(a, false, this.fcData());
    const fc = (this.sr & 0x2000) !== 0 ? 5 : 1;
    const hi = this.bus.readWord(a & 0xffffff, fc);
    this.cycles += 4;
    const lo = this.bus.readWord((a + 2) & 0xffffff, fc);
    this.cycles += 4;
    return (hi << 16) | lo;
  }
  wr8(a: number, v: number): void {
    this.bus.writeByte(a & 0xffffff, v & 0xff, (this.sr & 0x2000) !== 0 ? 5 : 1);
    this.cycles += 4;
  }
  wr16(a: number, v: number): void {
    if ((a & 1) !== 0) this.fault(a, true, this.fcData());
    this.bus.writeWord(a & 0xffffff, v & 0xffff, (this.sr & 0x2000) !== 0 ? 5 : 1);
    this.cycles += 4;
  }
  /** Long write, high word first (MOVE.L to memory, most RMW ops write low first: see wr32lo). */
  wr32(a: number, v: number): void {
    if ((a & 1) !== 0) this.fault(a, true, this.fcData());
    const fc = (this.sr & 0x2000) !== 0 ? 5 : 1;
    this.bus.writeWord(a & 0xffffff, (v >>> 16) & 0xffff, fc);
    this.cycles += 4;
    this.bus.writeWord((a + 2) & 0xffffff, v & 0xffff, fc);
    this.cycles += 4;
  }
  /** Long write, low word (a+2) first. */
  wr32lo(a: number, v: number): void {
    if ((a & 1) !== 0) this.fault(a + 2, true, this.fcData());
    const fc = (this.sr & 0x2000) !== 0 ? 5 : 1;
    this.bus.writeWord((a + 2) & 0xffffff, v & 0xffff, fc);
    this.cycles += 4;
    this.bus.writeWord(a & 0xffffff, (v >>> 16) & 0xffff, fc);
    this.cycles += 4;
  }
  read(a: number, size: number): number {
    return size === 1 ? this.rd8(a) : size === 2 ? this.rd16(a) : this.rd32(a);
  }
  write(a: number, size: number, v: number): void {
    if (size === 1) this.wr8(a, v);
    else if (size === 2) this.wr16(a, v);
    else this.wr32(a, v);
  }
  // ---------------------------------------------------------------- prefetch queue

  /** Consume IRC as an extension word and refill it ("np"). */
  ext16(): number {
    const v = this.irc;
    const a = this.pc + 2;
    this.irc = this.bus.readWord(a & 0xffffff, (this.sr & 0x2000) !== 0 ? 6 : 2);
    this.pc = a;
    this.cycles += 4;
    return v;
  }
  ext32(): number {
    const hi = this.ext16();
    return (hi << 16) | this.ext16();
  }
  /** End-of-instruction prefetch: IR <- IRC, IRC <- (pc + 2). */
  prefetch(): void {
    this.ir = this.irc;
    const a = this.pc + 2;
    this.irc = this.bus.readWord(a & 0xffffff, (this.sr & 0x2000) !== 0 ? 6 : 2);
    this.pc = a;
    this.cycles += 4;
  }
  /** Jump: fetch the first word at `t` into IRC (address error if odd); a prefetch() follows. */
  jump(t: number, mamePc = this.pc): void {
    t |= 0;
    if ((t & 1) !== 0) {
      // Stacked PC and I/N bit: Clock Signal stacks target - 4 with I/N set; MAME (by default) the
      // PC before the jump with I/N clear.
      this.faultPc = this.clk ? t - 4 : mamePc;
      this.inException = this.clk;
      this.fault(t, false, this.fcProg());
    }
    this.irc = this.bus.readWord(t & 0xffffff, (this.sr & 0x2000) !== 0 ? 6 : 2);
    this.pc = t;
    this.cycles += 4;
  }

  // ---------------------------------------------------------------- effective addresses

  /**
   * Address of a memory operand (modes 2..7 except immediate), fetching extension words and
   * spending the internal cycles of the calculation (2 for -(An), 2 for the index modes).
   * (An)+ and -(An) update An; byte access on A7 moves it by 2.
   */
  eaAddr(mode: number, reg: number, size: number): number {
    const r = this.r;
    this.eaKind = mode < 7 ? mode : 7 + reg;
    this.eaReg = reg;
    this.eaSize = size;
    switch (mode) {
      case 2:
        return r[8 + reg];
      case 3: {
        const a = r[8 + reg];
        r[8 + reg] = a + (size === 1 && reg === 7 ? 2 : size);
        return a;
      }
      case 4: {
        this.cycles += 2;
        const a = r[8 + reg] - (size === 1 && reg === 7 ? 2 : size);
        r[8 + reg] = a;
        return a;
      }
      case 5: {
        const base = r[8 + reg];
        return (base + ((this.ext16() << 16) >> 16)) | 0;
      }
      case 6: {
        this.cycles += 2;
        const base = r[8 + reg];
        return this.indexed(base, this.ext16());
      }
      case 7:
        switch (reg) {
          case 0:
            return (this.ext16() << 16) >> 16;
          case 1:
            return this.ext32();
          case 2: {
            const base = this.pc;
            return (base + ((this.ext16() << 16) >> 16)) | 0;
          }
          case 3: {
            this.cycles += 2;
            const base = this.pc;
            return this.indexed(base, this.ext16());
          }
        }
    }
    throw new Error('m68000: bad effective address');
  }

  indexed(base: number, ext: number): number {
    const xr = (ext >> 12) & 15;
    const xv = (ext & 0x800) !== 0 ? this.r[xr] : (this.r[xr] << 16) >> 16;
    return (base + xv + ((ext << 24) >> 24)) | 0;
  }

  /** PC-relative operand read: program space (data space in the Clock Signal model). */
  rdPc(a: number, size: number): number {
    if (this.clk) return size === 1 ? this.rd8(a) : size === 2 ? this.rd16(a) : this.rd32(a);
    const fc = (this.sr & 0x2000) !== 0 ? 6 : 2;
    if (size === 1) {
      const v = this.bus.readByte(a & 0xffffff, fc);
      this.cycles += 4;
      return v;
    }
    if ((a & 1) !== 0) this.fault(a, false, fc);
    const hi = this.bus.readWord(a & 0xffffff, fc);
    this.cycles += 4;
    if (size === 2) return hi;
    const lo = this.bus.readWord((a + 2) & 0xffffff, fc);
    this.cycles += 4;
    return (hi << 16) | lo;
  }

  /** Read an operand of any mode (0..7 incl. immediate). */
  readEa(mode: number, reg: number, size: number): number {
    switch (mode) {
      case 0:
        return this.r[reg];
      case 1:
        return this.r[8 + reg];
      case 7:
        if (reg === 4) return size === 4 ? this.ext32() : size === 2 ? this.ext16() : this.ext16() & 0xff;
        if (reg === 2 || reg === 3) {
          return this.rdPc(this.eaAddr(mode, reg, size), size);
        }
    }
    const a = this.eaAddr(mode, reg, size);
    return size === 1 ? this.rd8(a) : size === 2 ? this.rd16(a) : this.rd32(a);
  }

  /** Write a data register by size, keeping the untouched upper bits. */
  setD(reg: number, size: number, v: number): void {
    const r = this.r;
    if (size === 4) r[reg] = v;
    else if (size === 2) r[reg] = (r[reg] & ~0xffff) | (v & 0xffff);
    else r[reg] = (r[reg] & ~0xff) | (v & 0xff);
  }

  // ---------------------------------------------------------------- exceptions (exceptions.ts)

  /** Group 1/2 exception through `vector`, stacking `pcPush`: see exceptions.ts. */
  exception(vector: number, pcPush: number, stackedSr = this.sr): void {
    takeException(this, vector, pcPush, stackedSr);
  }

  // ---------------------------------------------------------------- Cpu contract

  reset(): void {
    this.halted = false;
    this.stopped = false;
    this.nmiPending = false;
    this.inGroup0 = false;
    this.inException = false;
    if ((this.sr & 0x2000) === 0) {
      this.otherSp = this.r[15];
    }
    this.sr = 0x2700;
    this.cycles += 14;
    try {
      this.r[15] = this.rd32(0);
      const t = this.rd32(4);
      this.jump(t);
      this.cycles += 2;
      this.prefetch();
    } catch (e) {
      if (e !== FAULT) throw e;
      this.halted = true;
    }
  }

  setLine(line: CpuLine, asserted: boolean): void {
    if (line === CpuLine.Reset && !asserted) this.reset();
    else if (line === CpuLine.Reset) this.halted = true;
  }

  /** IPL2..IPL0 as a level 0..7. Level 7 is non-maskable and edge-triggered. */
  setInterruptLevel(level: number): void {
    level &= 7;
    if (level === 7 && this.ipl !== 7) this.nmiPending = true;
    this.ipl = level;
  }

  step(): number {
    const start = this.cycles;
    this.endCycle = this.cycles;
    try {
      this.one();
    } catch (e) {
      if (e !== FAULT) throw e;
      this.processFaultSafe();
    }
    return this.cycles - start;
  }

  run(untilCycle: number): void {
    this.endCycle = untilCycle;
    while (this.cycles < this.endCycle) {
      try {
        this.loop();
      } catch (e) {
        if (e !== FAULT) throw e;
        this.processFaultSafe();
      }
    }
  }

  private processFaultSafe(): void {
    try {
      takeFault(this);
    } catch (e) {
      if (e !== FAULT) throw e;
      this.halted = true;
      this.inGroup0 = false;
    }
  }

  private loop(): void {
    const t = table as Handler[];
    while (this.cycles < this.endCycle) {
      if (this.ipl > ((this.sr >>> 8) & 7) || this.nmiPending || (this.sr & 0x8000) !== 0 || this.tracePending || this.stopped || this.halted) {
        this.one();
        continue;
      }
      const op = this.ir;
      this.ird = op;
      this.instructions++;
      t[op](this, op);
    }
  }

  /** One instruction with interrupt, trace, STOP and halt handling. */
  private one(): void {
    if (this.halted) {
      this.idleToEnd();
      return;
    }
    const mask = (this.sr >>> 8) & 7;
    if (this.nmiPending || this.ipl > mask) {
      const level = this.ipl;
      if (level === 7) this.nmiPending = false;
      if (level > mask || level === 7) {
        takeInterrupt(this, level);
        return;
      }
    }
    if (this.tracePending) {
      this.tracePending = false;
      this.cycles += 4;
      this.exception(9, this.pc - 2);
      return;
    }
    if (this.stopped) {
      this.idleToEnd();
      return;
    }
    const traced = (this.sr & 0x8000) !== 0;
    const op = this.ir;
    this.ird = op;
    this.instructions++;
    (table as Handler[])[op](this, op);
    // The trace exception is taken before the next instruction (a step of its own).
    if (traced && this.traceAfter) this.tracePending = true;
    this.traceAfter = true;
  }
  /** STOP or halt: nothing happens until an interrupt (or reset), so skip to the slice end. */
  private idleToEnd(): void {
    this.cycles = this.endCycle > this.cycles + 4 ? this.endCycle : this.cycles + 4;
  }
  /** An instruction ran with T set: the trace exception comes next. */
  tracePending = false;
  /** Cleared by instructions that take their own exception, so no trace follows them. */
  traceAfter = true;

  // ---------------------------------------------------------------- state

  getState(): M68000State {
    const s = this.supervisor;
    const a: number[] = [];
    for (let i = 0; i < 7; i++) a.push(this.r[8 + i] >>> 0);
    const d: number[] = [];
    for (let i = 0; i < 8; i++) d.push(this.r[i] >>> 0);
    return {
      d,
      a,
      usp: (s ? this.otherSp : this.r[15]) >>> 0,
      ssp: (s ? this.r[15] : this.otherSp) >>> 0,
      sr: this.sr,
      pc: (this.pc - 2) >>> 0,
      prefetch: [this.ir, this.irc],
      stopped: this.stopped,
      halted: this.halted,
      ipl: this.ipl,
      nmiPending: this.nmiPending,
      tracePending: this.tracePending,
      cycles: this.cycles,
    };
  }

  setState(st: M68000State): void {
    if (
      st === null || typeof st !== 'object' || !Array.isArray(st.d) || st.d.length !== 8 || !Array.isArray(st.a) ||
      st.a.length !== 7 || !Array.isArray(st.prefetch) || st.prefetch.length !== 2
    ) {
      throw new CorruptStateError('m68000: malformed state');
    }
    for (let i = 0; i < 8; i++) this.r[i] = st.d[i] | 0;
    for (let i = 0; i < 7; i++) this.r[8 + i] = st.a[i] | 0;
    this.sr = st.sr & 0xa71f;
    if (this.supervisor) {
      this.r[15] = st.ssp | 0;
      this.otherSp = st.usp | 0;
    } else {
      this.r[15] = st.usp | 0;
      this.otherSp = st.ssp | 0;
    }
    this.pc = (st.pc + 2) | 0;
    this.ir = st.prefetch[0] & 0xffff;
    this.irc = st.prefetch[1] & 0xffff;
    this.stopped = !!st.stopped;
    this.halted = !!st.halted;
    this.ipl = (st.ipl ?? 0) & 7;
    this.nmiPending = !!st.nmiPending;
    this.tracePending = !!st.tracePending;
    this.traceAfter = true;
    this.inException = false;
    this.faultPc = -1;
    this.eaMoveDest = false;
    this.cycles = Number(st.cycles) || 0;
  }
}
