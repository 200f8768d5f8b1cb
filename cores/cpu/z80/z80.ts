/**
 * Zilog Z80 (NMOS) CPU core: all documented and undocumented opcodes, the undocumented flag bits 5
 * and 3, MEMPTR (WZ), Q (for SCF/CCF), R with bit 7 kept, IM 0/1/2, NMI, RETN/RETI, the EI delay,
 * HALT, and a bus call per machine cycle at its own T-state (see bus.ts) so a machine can add
 * wait states (ZX Spectrum ULA contention) and catch up its devices.
 *
 * Layout: this file holds the registers, the bus helpers, the ALU, interrupts, `run`/`step` and
 * the state; the opcode switches live in ops-main.ts, ops-cb.ts, ops-ed.ts and ops-index.ts.
 *
 * Not emulated: /WAIT and /BUSREQ (a machine adds wait states in its bus instead), the CMOS
 * variant's OUT (C),0 (we output 0, the NMOS behaviour), and multi-byte IM 0 instructions read from
 * the data bus (IM 0 runs RST n exactly; any other byte is executed as a one-byte opcode; see
 * acceptIrq).
 *
 * References: Zilog Z80 CPU User Manual UM0080 (instruction timing, interrupt response);
 * Sean Young, "The Undocumented Z80 Documented" v0.91 (flags, MEMPTR, R, IM 0); the MEMPTR notes
 * by boo_boo and Vladimir Kladov (2006); "Z80 block instruction flags" by David Banks and Peter
 * Helcmanovsky (2018) for the interrupted LDxR/CPxR/INxR/OTxR flags.
 */
import type { Cpu } from '../../kernel/cpu.ts';
import { CpuLine } from '../../kernel/cpu.ts';
import { CorruptStateError } from '../../kernel/errors.ts';
import type { Z80Bus } from './bus.ts';
import type { Z80State } from './state.ts';
import * as flags from './flags.ts';
import * as opsMain from './ops-main.ts';
import * as opsIndex from './ops-index.ts';

// Imports copied into module constants: under tsx (CommonJS output) each use of an imported
// binding is a getter call, which cost ~40% of the run time in profiles.
const { FLAG_C, FLAG_H, FLAG_N, FLAG_PV, FLAG_S, FLAG_X, FLAG_Y, FLAG_Z, SZ, SZP } = flags;
const { execMain } = opsMain;
const { execIndex } = opsIndex;

export class Z80 implements Cpu<Z80State> {
  readonly id = 'z80';
  readonly stateVersion = 1;

  cycles = 0;
  endCycle = 0;

  a = 0xff; f = 0xff; b = 0; c = 0; d = 0; e = 0; h = 0; l = 0;
  a_ = 0xff; f_ = 0xff; b_ = 0; c_ = 0; d_ = 0; e_ = 0; h_ = 0; l_ = 0;
  ix = 0xffff; iy = 0xffff; sp = 0xffff; pc = 0;
  i = 0; r = 0;
  /** MEMPTR. */
  wz = 0;
  iff1 = false; iff2 = false;
  im = 0;
  halted = false;
  /** Set by EI; blocks maskable interrupt acceptance before the next instruction. */
  eiDelay = false;
  /** F as written by the current instruction, or 0 if it did not write F. */
  q = 0;
  /** q of the previous instruction (what SCF/CCF look at). */
  lastQ = 0;
  /** 1 right after LD A,I / LD A,R: an interrupt accepted now clears P/V (NMOS erratum). */
  p = 0;
  /** A DD/FD prefix fetched at the end of the last step whose opcode is still to come (0: none). */
  prefix = 0;
  irqLine = false;
  nmiPending = false;
  private nmiLine = false;

  constructor(readonly bus: Z80Bus) {}

  // ---- bus helpers: advance by the nominal length after the bus call (bus.ts contract) ----

  /** M1 opcode fetch at PC, with the R increment of the refresh. */
  fetchOp(): number {
    const v = this.bus.fetch(this.pc);
    this.cycles += 4;
    this.pc = (this.pc + 1) & 0xffff;
    this.r = (this.r & 0x80) | ((this.r + 1) & 0x7f);
    return v;
  }

  rd(addr: number): number {
    const v = this.bus.read(addr);
    this.cycles += 3;
    return v;
  }

  wr(addr: number, v: number): void {
    this.bus.write(addr, v);
    this.cycles += 3;
  }

  ioIn(port: number): number {
    const v = this.bus.input(port);
    this.cycles += 4;
    return v;
  }

  ioOut(port: number, v: number): void {
    this.bus.output(port, v);
    this.cycles += 4;
  }

  idle(addr: number, n: number): void {
    this.bus.idle(addr, n);
    this.cycles += n;
  }

  /** The refresh address of the last M1 cycle (I:R before its increment): on the bus during the internal T-states that follow an opcode fetch. */
  irAddr(): number {
    const r = this.r;
    return (this.i << 8) | (r & 0x80) | ((r - 1) & 0x7f);
  }

  imm8(): number {
    const v = this.bus.read(this.pc);
    this.cycles += 3;
    this.pc = (this.pc + 1) & 0xffff;
    return v;
  }

  imm16(): number {
    const lo = this.imm8();
    return lo | (this.imm8() << 8);
  }

  push16(v: number): void {
    this.sp = (this.sp - 1) & 0xffff;
    this.wr(this.sp, v >> 8);
    this.sp = (this.sp - 1) & 0xffff;
    this.wr(this.sp, v & 0xff);
  }

  pop16(): number {
    const lo = this.rd(this.sp);
    this.sp = (this.sp + 1) & 0xffff;
    const hi = this.rd(this.sp);
    this.sp = (this.sp + 1) & 0xffff;
    return lo | (hi << 8);
  }

  // ---- 8-bit ALU: each writes F and Q ----

  add8(v: number): void {
    const a = this.a;
    const r = a + v;
    this.q = this.f = SZ[r & 0xff]! | ((a ^ v ^ r) & FLAG_H) | (((a ^ ~v) & (a ^ r) & 0x80) >> 5) | (r >> 8);
    this.a = r & 0xff;
  }

  adc8(v: number): void {
    const a = this.a;
    const r = a + v + (this.f & FLAG_C);
    this.q = this.f = SZ[r & 0xff]! | ((a ^ v ^ r) & FLAG_H) | (((a ^ ~v) & (a ^ r) & 0x80) >> 5) | (r >> 8);
    this.a = r & 0xff;
  }

  sub8(v: number): void {
    const a = this.a;
    const r = a - v;
    this.q = this.f = SZ[r & 0xff]! | ((a ^ v ^ r) & FLAG_H) | (((a ^ v) & (a ^ r) & 0x80) >> 5) | FLAG_N | ((r >> 8) & 1);
    this.a = r & 0xff;
  }

  sbc8(v: number): void {
    const a = this.a;
    const r = a - v - (this.f & FLAG_C);
    this.q = this.f = SZ[r & 0xff]! | ((a ^ v ^ r) & FLAG_H) | (((a ^ v) & (a ^ r) & 0x80) >> 5) | FLAG_N | ((r >> 8) & 1);
    this.a = r & 0xff;
  }

  and8(v: number): void {
    this.a &= v;
    this.q = this.f = SZP[this.a]! | FLAG_H;
  }

  xor8(v: number): void {
    this.a ^= v;
    this.q = this.f = SZP[this.a]!;
  }

  or8(v: number): void {
    this.a |= v;
    this.q = this.f = SZP[this.a]!;
  }

  /** CP: like SUB without storing; bits 5 and 3 come from the operand, not the result. */
  cp8(v: number): void {
    const a = this.a;
    const r = a - v;
    this.q = this.f = (SZ[r & 0xff]! & ~(FLAG_X | FLAG_Y)) | (v & (FLAG_X | FLAG_Y)) | ((a ^ v ^ r) & FLAG_H) |
      (((a ^ v) & (a ^ r) & 0x80) >> 5) | FLAG_N | ((r >> 8) & 1);
  }

  inc8(v: number): number {
    const r = (v + 1) & 0xff;
    this.q = this.f = (this.f & FLAG_C) | SZ[r]! | ((r & 0x0f) === 0 ? FLAG_H : 0) | (r === 0x80 ? FLAG_PV : 0);
    return r;
  }

  dec8(v: number): number {
    const r = (v - 1) & 0xff;
    this.q = this.f = (this.f & FLAG_C) | SZ[r]! | FLAG_N | ((v & 0x0f) === 0 ? FLAG_H : 0) | (r === 0x7f ? FLAG_PV : 0);
    return r;
  }

  /** ADD HL/IX/IY,rr: S, Z and P/V are kept; bits 5/3 from the high byte of the result. */
  add16(x: number, y: number): number {
    const r = x + y;
    this.wz = (x + 1) & 0xffff;
    this.q = this.f = (this.f & (FLAG_S | FLAG_Z | FLAG_PV)) | ((r >> 8) & (FLAG_X | FLAG_Y)) |
      (((x ^ y ^ r) >> 8) & FLAG_H) | (r >> 16);
    return r & 0xffff;
  }

  adc16(x: number, y: number): number {
    const r = x + y + (this.f & FLAG_C);
    const rr = r & 0xffff;
    this.wz = (x + 1) & 0xffff;
    this.q = this.f = ((rr >> 8) & (FLAG_S | FLAG_X | FLAG_Y)) | (rr === 0 ? FLAG_Z : 0) | (((x ^ y ^ r) >> 8) & FLAG_H) |
      (((x ^ ~y) & (x ^ r) & 0x8000) >> 13) | (r >> 16);
    return rr;
  }

  sbc16(x: number, y: number): number {
    const r = x - y - (this.f & FLAG_C);
    const rr = r & 0xffff;
    this.wz = (x + 1) & 0xffff;
    this.q = this.f = ((rr >> 8) & (FLAG_S | FLAG_X | FLAG_Y)) | (rr === 0 ? FLAG_Z : 0) | (((x ^ y ^ r) >> 8) & FLAG_H) |
      (((x ^ y) & (x ^ r) & 0x8000) >> 13) | FLAG_N | ((r >> 16) & 1);
    return rr;
  }

  /** CB-page rotate/shift `op` (0 RLC, 1 RRC, 2 RL, 3 RR, 4 SLA, 5 SRA, 6 SLL, 7 SRL) of v; sets F. */
  rot(op: number, v: number): number {
    let r: number;
    let c: number;
    switch (op) {
      case 0: c = v >> 7; r = ((v << 1) | c) & 0xff; break;
      case 1: c = v & 1; r = (v >> 1) | (c << 7); break;
      case 2: c = v >> 7; r = ((v << 1) | (this.f & FLAG_C)) & 0xff; break;
      case 3: c = v & 1; r = (v >> 1) | ((this.f & FLAG_C) << 7); break;
      case 4: c = v >> 7; r = (v << 1) & 0xff; break;
      case 5: c = v & 1; r = (v >> 1) | (v & 0x80); break;
      case 6: c = v >> 7; r = ((v << 1) | 1) & 0xff; break;
      default: c = v & 1; r = v >> 1; break;
    }
    this.q = this.f = SZP[r]! | c;
    return r;
  }

  /** BIT n,v; `xy` supplies flag bits 5 and 3 (the operand for registers, MEMPTR's high byte for memory). */
  bit(n: number, v: number, xy: number): void {
    const m = v & (1 << n);
    this.q = this.f = (this.f & FLAG_C) | FLAG_H | (xy & (FLAG_X | FLAG_Y)) | (m === 0 ? FLAG_Z | FLAG_PV : 0) | (m & FLAG_S);
  }

  daa(): void {
    const a = this.a;
    const f = this.f;
    let t = 0;
    let c = f & FLAG_C;
    if ((f & FLAG_H) !== 0 || (a & 0x0f) > 9) t = 0x06;
    if (c !== 0 || a > 0x99) { t |= 0x60; c = FLAG_C; }
    const r = ((f & FLAG_N) !== 0 ? a - t : a + t) & 0xff;
    this.q = this.f = SZP[r]! | ((a ^ r) & FLAG_H) | (f & FLAG_N) | c;
    this.a = r;
  }

  // ---- execution ----

  reset(): void {
    // Reset clears PC, I, R, IFFs and IM; the other registers keep their (undefined) contents
    // (UM0080, "Reset"). We set them to FFh as most emulators do, for repeatable runs.
    this.pc = 0; this.i = 0; this.r = 0; this.im = 0;
    this.iff1 = false; this.iff2 = false;
    this.a = 0xff; this.f = 0xff; this.sp = 0xffff;
    this.wz = 0; this.q = 0; this.lastQ = 0; this.p = 0; this.prefix = 0;
    this.halted = false; this.eiDelay = false; this.nmiPending = false;
  }

  setLine(line: CpuLine, asserted: boolean): void {
    switch (line) {
      case CpuLine.Irq: this.irqLine = asserted; break;
      case CpuLine.Nmi:
        if (asserted && !this.nmiLine) this.nmiPending = true;
        this.nmiLine = asserted;
        break;
      case CpuLine.Reset: if (asserted) this.reset(); break;
      default: break;
    }
  }

  run(untilCycle: number): void {
    this.endCycle = untilCycle;
    while (this.cycles < this.endCycle) {
      if (this.prefix !== 0 || this.halted || this.nmiPending || (this.irqLine && this.iff1)) {
        this.step();
      } else {
        // The common case of step(), inlined: no interrupt to take, not halted.
        this.eiDelay = false;
        this.lastQ = this.q; this.q = 0; this.p = 0;
        execMain(this, this.fetchOp());
      }
    }
  }

  step(): number {
    const start = this.cycles;
    const pf = this.prefix;
    if (pf !== 0) {
      // Finish a DD/FD chain split over two steps (a prefix followed by another prefix).
      this.prefix = 0;
      this.lastQ = this.q; this.q = 0; this.p = 0;
      const op = execIndex(this, this.fetchOp(), pf === 0xfd);
      if (op >= 0) execMain(this, op);
      return this.cycles - start;
    }
    if (this.nmiPending) {
      this.acceptNmi();
    } else if (this.irqLine && this.iff1 && !this.eiDelay) {
      this.acceptIrq();
    } else {
      this.eiDelay = false;
      this.lastQ = this.q; this.q = 0; this.p = 0;
      if (this.halted) {
        // HALT executes NOPs: M1 cycles at PC (already past the HALT) whose opcode is ignored.
        this.bus.fetch(this.pc);
        this.cycles += 4;
        this.r = (this.r & 0x80) | ((this.r + 1) & 0x7f);
      } else {
        execMain(this, this.fetchOp());
      }
    }
    return this.cycles - start;
  }

  /** NMI: an M1 cycle whose opcode is discarded, one more T-state, then RST 66h; IFF2 keeps IFF1. */
  private acceptNmi(): void {
    this.nmiPending = false;
    this.halted = false;
    this.eiDelay = false;
    if (this.p !== 0) this.f &= ~FLAG_PV;
    this.lastQ = this.q; this.q = 0; this.p = 0;
    this.bus.fetch(this.pc);
    this.cycles += 4;
    this.r = (this.r & 0x80) | ((this.r + 1) & 0x7f);
    this.idle(this.irAddr(), 1);
    this.iff1 = false;
    this.push16(this.pc);
    this.pc = this.wz = 0x66;
  }

  /**
   * Maskable interrupt: an acknowledge cycle (6 T incl. 2 automatic waits) that reads the data bus,
   * one internal T-state, then IM 0: execute the byte (RST n: 13 T), IM 1: RST 38h (13 T),
   * IM 2: call through the vector (I << 8 | byte) (19 T).
   */
  private acceptIrq(): void {
    this.halted = false;
    this.iff1 = false; this.iff2 = false;
    // LD A,I / LD A,R copy IFF2 to P/V; an interrupt accepted right after clears it (NMOS).
    if (this.p !== 0) this.f &= ~FLAG_PV;
    this.lastQ = this.q; this.q = 0; this.p = 0;
    this.r = (this.r & 0x80) | ((this.r + 1) & 0x7f);
    const data = this.bus.intAck();
    this.cycles += 6;
    if (this.im === 2) {
      this.idle(this.irAddr(), 1);
      this.push16(this.pc);
      const vec = (this.i << 8) | (data & 0xff);
      const lo = this.rd(vec);
      const hi = this.rd((vec + 1) & 0xffff);
      this.pc = this.wz = lo | (hi << 8);
    } else if (this.im === 1 || (data & 0xc7) === 0xc7) {
      this.idle(this.irAddr(), 1);
      this.push16(this.pc);
      this.pc = this.wz = this.im === 1 ? 0x38 : data & 0x38;
    } else {
      // UNVERIFIED: IM 0 with a non-RST byte. We execute it as a one-byte opcode whose operands
      // (if any) come from memory at PC; real hardware reads them from the data bus.
      execMain(this, data & 0xff);
    }
  }

  getState(): Z80State {
    const s: Z80State = {
      a: this.a, f: this.f, b: this.b, c: this.c, d: this.d, e: this.e, h: this.h, l: this.l,
      a_: this.a_, f_: this.f_, b_: this.b_, c_: this.c_, d_: this.d_, e_: this.e_, h_: this.h_, l_: this.l_,
      ix: this.ix, iy: this.iy, sp: this.sp, pc: this.pc, i: this.i, r: this.r,
      iff1: this.iff1, iff2: this.iff2, im: this.im, halted: this.halted, wz: this.wz, q: this.q,
      eiDelay: this.eiDelay, irqLine: this.irqLine, nmiPending: this.nmiPending, cycles: this.cycles,
    };
    if (this.prefix !== 0) s.prefix = this.prefix;
    return s;
  }

  setState(s: Z80State): void {
    if (s === null || typeof s !== 'object') throw new CorruptStateError('Z80 state: not an object');
    const bytes = ['a', 'f', 'b', 'c', 'd', 'e', 'h', 'l', 'a_', 'f_', 'b_', 'c_', 'd_', 'e_', 'h_', 'l_', 'i', 'r'] as const;
    const words = ['ix', 'iy', 'sp', 'pc', 'wz'] as const;
    for (const k of bytes) checkInt(s[k], 0xff, k);
    for (const k of words) checkInt(s[k], 0xffff, k);
    checkInt(s.im, 2, 'im');
    checkInt(s.q, 0xff, 'q');
    if (typeof s.cycles !== 'number' || !Number.isFinite(s.cycles) || s.cycles < 0) throw new CorruptStateError('Z80 state: bad cycles');
    for (const k of ['iff1', 'iff2', 'halted', 'eiDelay', 'irqLine', 'nmiPending'] as const) {
      if (typeof s[k] !== 'boolean') throw new CorruptStateError(`Z80 state: ${k} is not a boolean`);
    }
    const prefix = s.prefix ?? 0;
    if (prefix !== 0 && prefix !== 0xdd && prefix !== 0xfd) throw new CorruptStateError('Z80 state: bad prefix');
    this.a = s.a; this.f = s.f; this.b = s.b; this.c = s.c; this.d = s.d; this.e = s.e; this.h = s.h; this.l = s.l;
    this.a_ = s.a_; this.f_ = s.f_; this.b_ = s.b_; this.c_ = s.c_; this.d_ = s.d_; this.e_ = s.e_; this.h_ = s.h_; this.l_ = s.l_;
    this.ix = s.ix; this.iy = s.iy; this.sp = s.sp; this.pc = s.pc; this.i = s.i; this.r = s.r;
    this.iff1 = s.iff1; this.iff2 = s.iff2; this.im = s.im; this.halted = s.halted; this.wz = s.wz;
    this.q = s.q; this.lastQ = 0; this.p = 0;
    this.eiDelay = s.eiDelay; this.irqLine = s.irqLine; this.nmiPending = s.nmiPending; this.nmiLine = s.nmiPending;
    this.cycles = s.cycles;
    this.prefix = prefix;
  }
}

function checkInt(v: unknown, max: number, name: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw new CorruptStateError(`Z80 state: ${name} is not an integer 0..${max}`);
  }
}
