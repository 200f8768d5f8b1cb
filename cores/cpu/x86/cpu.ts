/**
 * Intel 8086/8088 and 80186/80188 CPU core: registers, segment model, memory helpers, ModR/M
 * effective addresses, interrupts and the run loop. The instruction set is in `execute.ts` and
 * `groups.ts`, string instructions in `strings.ts`, the ALU in `alu.ts`.
 *
 * Variants (`X86Model`): I8088 (8-bit bus: +4 clocks per word transfer), I8086 (16-bit bus: +4
 * per odd-addressed word), I80186 (adds PUSHA/POPA, BOUND, ENTER/LEAVE, IMUL imm, shifts by imm,
 * INS/OUTS, PUSH imm; masks shift counts to 5 bits; invalid opcodes raise INT 6).
 * I80286/I80386: their real-mode differences are fields set in the constructor (see there); their
 * protected mode is `X86ProtCpu`.
 *
 * Timing: `cycles` follows the instruction tables of the Intel iAPX 86/88 User's Manual
 * (Appendix "Instruction Set Summary" / table 2-21), with EA clocks from table 2-20. The prefetch
 * queue and bus arbitration are not modelled, so the count is per instruction, not per bus cycle.
 * Bus stamping: a memory or I/O access sees `cycles` = instruction start + prefix and EA clocks (+
 * earlier word penalties); the instruction's own table clocks are added after it, so a device read
 * mid-instruction is early by at most that figure (UNVERIFIED against bus traces).
 *
 * Flags: the six arithmetic flags of ADD/ADC/SUB/SBB/CMP/AND/OR/XOR/TEST are kept lazily (`lz`,
 * `la`, `lb`, `lr`) and folded on the first read of `flags`; everything else sets them eagerly.
 *
 * Segments: real mode; `segBase[s]` caches `selector << 4`. The 80286/80386 core (`X86ProtCpu`,
 * cpu386.ts) overrides `loadSeg`, the memory helpers and `interrupt` with its descriptor caches,
 * checks and paging, and runs protected mode through `runSlow` (see README.md).
 *
 * Sizes: each instruction has an operand size and an address size (`opSize`/`adSize`, 16 or 32,
 * reset from `defOpSize`/`defAdSize`). They stay 16 on these models (no 66h/67h prefixes, no D
 * bit); `X86SizedCpu` (sized-cpu.ts) enables them and the 32-bit ModR/M + SIB path (sized.ts).
 *
 * Not emulated: the prefetch queue (self-modifying code sees new bytes at once), bus cycles,
 * the 8087 (ESC opcodes only compute their EA and read the operand), the 80186's on-chip
 * peripherals (timers, DMA, interrupt controller, chip selects).
 */
import type { Cpu } from '../../kernel/cpu.ts';
import { CpuLine } from '../../kernel/cpu.ts';
import { clonePlain } from '../../kernel/part.ts';
import { CorruptStateError } from '../../kernel/errors.ts';
import type { X86Bus } from './bus.ts';
import type { X86State } from './state.ts';
import * as Flags from './flags.ts';
import * as Exec from './execute.ts';
import * as Regs from './regs.ts';

// Module-level copies of imported values: see regs.ts for why (each imported binding is a getter under tsx).
const { FLAGS_FIXED, FLAGS_WRITABLE, IF, TF, AF, CF, ARITH, SZP8, szp16 } = Flags;
const { runFast } = Exec;
const { BX, SP, BP, SI, DI, ES, CS, SS, DS } = Regs;

/**
 * CPU models, in order of appearance: a later model has every behaviour test `model >= I80186`
 * selects. The 80286 and 80386 differ from the 80186 in real mode by the fields set in the
 * constructor (`modelTraits`); their protected mode is `X86ProtCpu` (protected.ts).
 */
export const enum X86Model { I8088 = 0, I8086 = 1, I80186 = 2, I80286 = 3, I80386 = 4 }

/**
 * Thrown (always this one object, so nothing is allocated) to abandon an instruction that raised
 * a fault; `run()`/`step()` catch it and enter the exception `faultVector` with the instruction's
 * first byte as the return address. Only the 80286/80386 raise faults this way.
 */
export const FAULT: { readonly fault: true } = { fault: true };

/** Register numbers as the ModR/M byte encodes them. */
export const enum R16 { AX = 0, CX = 1, DX = 2, BX = 3, SP = 4, BP = 5, SI = 6, DI = 7 }
/** Segment register numbers as the ModR/M byte encodes them. */
export const enum Seg { ES = 0, CS = 1, SS = 2, DS = 3 }

export const BYTE_REG = Regs.BYTE_REG;

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('the x86 core needs a little-endian host (its byte registers alias its word registers)');
}

export class X86Cpu implements Cpu<X86State> {
  readonly id = 'i8086';
  readonly stateVersion = 1;
  cycles = 0;
  endCycle = 0;
  /** Instructions executed since power-on (for MIPS figures; not saved). */
  instructions = 0;

  /** AX CX DX BX SP BP SI DI. */
  readonly r16 = new Uint16Array(8);
  /** AL AH CL CH DL DH BL BH: a byte view of r16 (use BYTE_REG to map ModR/M numbers). */
  readonly r8 = new Uint8Array(this.r16.buffer);
  /**
   * High halves of EAX..EDI (a 386's EAX = r16[0] | r16hi[0] << 16; see sized.ts for why this is
   * not a Uint32Array view). Always 0 on today's models, which cannot write them; not saved.
   */
  readonly r16hi = new Uint16Array(8);
  /** ES CS SS DS selectors (and FS GS on the 80386). */
  readonly sreg = new Uint16Array(6);
  /** Segment bases (real mode: selector << 4; a 386's may exceed 2^31 and are then negative: use `>>> 0`). */
  readonly segBase = new Int32Array(6);
  /** segBase[CS], kept apart for instruction fetch. */
  csBase = 0;
  ip = 0;
  /**
   * FLAGS, except that the six arithmetic flags are stale while `lz` is not 0: then they are
   * those of the last ADD/ADC/SUB/SBB/CMP/logic op, kept as operands (`la`, `lb`) and the unmasked
   * result (`lr`). Read FLAGS through `flags`, which folds them in; IF, TF, DF are always current
   * in `fl` (the run loop reads them there).
   */
  fl = FLAGS_FIXED;
  /** Lazy flag kind: 0 none; 1/2 add 8/16-bit; 3/4 sub; 5/6 logic (odd = byte). */
  lz = 0;
  la = 0;
  lb = 0;
  lr = 0;

  halted = false;
  inhibit = false;
  irqLine = false;
  nmiPending = false;
  /**
   * FLAGS bits that always read as 1: F002h on a real 8086/8088/80186. The 80186 test suite's
   * expected results were made on a machine whose FLAGS bits 12-15 read as 0 (a 286 or later in
   * real mode), so its harness sets 0002h; nothing else should.
   */
  fixedFlags = FLAGS_FIXED;
  /**
   * Address bus mask: FFFFFh (20 bits) on the 8086/8088/80186; FFFFFFh (24 bits) on the 80286 and
   * 386SX, FFFFFFFFh on the 386DX. A machine's A20 gate clears bit 20 (`setA20`).
   */
  addrMask = 0xfffff;
  /** FLAGS bits POPF/IRET/SAHF-free writes may change (bits 12-15 only on a 386, IOPL and NT). */
  flagsWritable = FLAGS_WRITABLE;
  /** PUSH SP stores SP before the decrement (80286 and later; the 8086/8088/80186 store it after). */
  pushSpOld = false;
  /**
   * A word access at offset FFFFh raises #GP (13), or #SS (12) for the stack segment, instead of
   * wrapping inside the segment (80286 and later: the segment limit is checked in real mode too;
   * 80286 and 80287 Programmer's Reference Manual, table 5-? / appendix C: interrupt 13 when a
   * word operand runs past offset FFFFh; the 80286 single-step suite shows it).
   */
  wrapFaults = false;
  /** Longest instruction (prefixes included) before #GP: 10 bytes on the 80286, 15 on the 80386; 0 = no limit. */
  maxInstrLength = 0;
  /** Exception vector and error code (-1: none) of the fault being thrown (see FAULT). */
  faultVector = 0;
  faultCode = -1;

  // Decoder state for the instruction being executed.
  /** IP of the instruction's first byte (its first prefix). */
  instrStart = 0;
  /** IP of the last prefix byte seen (where an 8086 resumes an interrupted string op). */
  lastPrefix = -1;
  /** Segment override (Seg) or -1; set by a prefix for one instruction, then cleared. */
  segOvr = -1;
  /** 0, 0xF2 (REPNE) or 0xF3 (REP/REPE), like segOvr. */
  rep = 0;
  /**
   * Operand size (16 or 32) of the current instruction: reset to `defOpSize` at each instruction
   * start (by `runFast` on entry: see there), switched by a 66h prefix on models with `hasSizePrefixes`. Today's handlers are all
   * 16-bit; a 386 adds handlers that read it (see the "v" accessors in sized.ts).
   */
  opSize = 16;
  /** Address size (16 or 32) of the current instruction: like opSize, with 67h; selects the EA path. */
  adSize = 16;
  /**
   * Default operand and address sizes: 16 on the 8086/8088/80186. A 386 model sets both from the
   * D bit of the code-segment descriptor when it loads CS (`X86SizedCpu.setDefaultSizes`).
   */
  defOpSize = 16;
  defAdSize = 16;
  /**
   * Model capability: the operand-size (66h) and address-size (67h) prefixes exist. False for every
   * current model (on the 8086/8088 66h/67h alias 76h/77h, on the 80186 they are invalid opcodes);
   * true in `X86SizedCpu` (sized-cpu.ts), the 32-bit-aware decoder a 386 model would extend.
   */
  hasSizePrefixes = false;
  /** ModR/M fields of the current instruction. */
  mod = 0; reg = 0; rm = 0;
  /** Effective address offset and its segment (after any override). */
  ea = 0; eaSeg = DS;
  /** Vector of the last interrupt or exception entered (-1 if none since reset). */
  lastVector = -1;
  /**
   * Set whenever something may need the slow path of step(): an input line changed, IF or TF
   * changed, a segment-register load (interrupt shadow), HLT. runFast() stops at the next
   * instruction boundary when it is set; run() re-checks and clears it. step() sets it to make
   * runFast() execute one instruction. Machines must change lines through setLine().
   */
  attn = true;
  /** Set by a software INT/exception entry so the TF trap is not taken after it. */
  noTrap = false;
  /**
   * The 80386 core (`X86ProtCpu`) runs protected mode, 32-bit code and paging through its own
   * checked loop (`runSlow`); while this is set, `run()` hands the slice to it instead of `runFast`.
   */
  slowMode = false;

  readonly model: X86Model;
  readonly is186: boolean;
  /** Extra clocks per word transfer (8088: every word; 8086: odd addresses only). */
  private readonly wordPenaltyAll: number;
  private readonly wordPenaltyOdd: number;

  constructor(readonly bus: X86Bus, model: X86Model = X86Model.I8088) {
    this.model = model;
    this.is186 = model >= X86Model.I80186;
    if (model >= X86Model.I80286) {
      // Real-mode differences of the 286/386 (80286 PRM appendix C "8086/8088 compatibility";
      // 80386 PRM §14.7 / §15.?): FLAGS bits 12-15 read as 0 in real mode; PUSH SP pushes the old
      // SP; a word at offset FFFFh faults; 24 (286) or 32 (386) address lines.
      this.fixedFlags = 0x0002;
      this.pushSpOld = true;
      this.wrapFaults = true;
      this.maxInstrLength = model === X86Model.I80286 ? 10 : 15;
      this.addrMask = model === X86Model.I80286 ? 0xffffff : 0xffffffff;
      if (model === X86Model.I80386) this.flagsWritable = FLAGS_WRITABLE | 0x7000;
    }
    this.wordPenaltyAll = model === X86Model.I8088 ? 4 : 0;
    this.wordPenaltyOdd = model === X86Model.I8088 ? 0 : 4;
    this.reset();
  }

  reset(): void {
    this.r16.fill(0);
    this.r16hi.fill(0);
    this.sreg.fill(0);
    this.segBase.fill(0);
    this.loadSeg(CS, 0xffff);
    this.ip = 0;
    this.flags = this.fixedFlags;
    this.halted = false;
    this.inhibit = false;
    this.nmiPending = false;
    this.attn = true;
  }

  setLine(line: CpuLine, asserted: boolean): void {
    this.attn = true;
    switch (line) {
      case CpuLine.Irq: this.irqLine = asserted; break;
      case CpuLine.Nmi: if (asserted) this.nmiPending = true; break;
      case CpuLine.Reset: if (asserted) this.reset(); break;
      default: break;
    }
  }

  /** Load a segment register (real mode: base = selector * 16). */
  loadSeg(s: number, sel: number): void {
    this.sreg[s] = sel;
    this.segBase[s] = sel << 4;
    if (s === CS) this.csBase = sel << 4;
  }

  get flags(): number {
    if (this.lz !== 0) this.foldFlags();
    return this.fl;
  }
  set flags(v: number) {
    if (((v ^ this.fl) & (IF | TF)) !== 0) this.attn = true;
    this.fl = v;
    this.lz = 0;
  }

  /** Compute the arithmetic flags of the pending lazy operation into `fl`. */
  foldFlags(): void {
    const lz = this.lz, a = this.la, b = this.lb, r = this.lr;
    const byte = (lz & 1) !== 0;
    const res = byte ? r & 0xff : r & 0xffff;
    let f = byte ? SZP8[res]! : szp16(res);
    if (lz <= 2) { // add: carry out of the top bit; overflow when both operands differ in sign from r
      f |= (byte ? (r >> 8) & 1 : (r >> 16) & 1) | ((a ^ b ^ r) & AF) | (byte ? ((r ^ a) & (r ^ b) & 0x80) << 4 : ((r ^ a) & (r ^ b) & 0x8000) >> 4);
    } else if (lz <= 4) { // sub: r < 0 is a borrow
      f |= (r < 0 ? CF : 0) | ((a ^ b ^ r) & AF) | (byte ? ((a ^ b) & (a ^ r) & 0x80) << 4 : ((a ^ b) & (a ^ r) & 0x8000) >> 4);
    }
    this.fl = (this.fl & ~ARITH) | f;
    this.lz = 0;
  }

  /** CF alone, without folding the other flags. */
  carry(): number {
    const lz = this.lz;
    if (lz === 0) return this.fl & CF;
    if (lz <= 2) return (lz & 1) !== 0 ? (this.lr >> 8) & 1 : (this.lr >> 16) & 1;
    if (lz <= 4) return this.lr < 0 ? 1 : 0;
    return 0;
  }

  setFlags(v: number): void { this.flags = (v & this.flagsWritable) | this.fixedFlags; }

  // ---- memory ------------------------------------------------------------------------------

  linear(s: number, off: number): number { return (this.segBase[s]! + off) & this.addrMask; }

  rd8(s: number, off: number): number { return this.bus.read8((this.segBase[s]! + off) & this.addrMask); }
  wr8(s: number, off: number, v: number): void { this.bus.write8((this.segBase[s]! + off) & this.addrMask, v & 0xff); }

  rd16(s: number, off: number): number {
    const a = (this.segBase[s]! + off) & this.addrMask;
    this.cycles += this.wordPenaltyAll + (a & 1 ? this.wordPenaltyOdd : 0);
    if (off === 0xffff || a === this.addrMask) {
      // The word wraps inside its segment (offset FFFFh -> 0000h), or at the top of memory.
      if (off === 0xffff && this.wrapFaults) this.segmentOverrun(s);
      return this.bus.read8(a) | (this.bus.read8((this.segBase[s]! + ((off + 1) & 0xffff)) & this.addrMask) << 8);
    }
    return this.bus.read16(a);
  }
  wr16(s: number, off: number, v: number): void {
    const a = (this.segBase[s]! + off) & this.addrMask;
    this.cycles += this.wordPenaltyAll + (a & 1 ? this.wordPenaltyOdd : 0);
    if (off === 0xffff || a === this.addrMask) {
      if (off === 0xffff && this.wrapFaults) this.segmentOverrun(s);
      this.bus.write8(a, v & 0xff);
      this.bus.write8((this.segBase[s]! + ((off + 1) & 0xffff)) & this.addrMask, (v >> 8) & 0xff);
      return;
    }
    this.bus.write16(a, v & 0xffff);
  }

  fetch8(): number {
    const v = this.bus.read8((this.csBase + this.ip) & this.addrMask);
    this.ip = (this.ip + 1) & 0xffff;
    return v;
  }
  fetch16(): number {
    const ip = this.ip;
    const a = (this.csBase + ip) & this.addrMask;
    if (ip !== 0xffff && a !== this.addrMask) {
      this.ip = (ip + 2) & 0xffff;
      return this.bus.read16(a);
    }
    const lo = this.bus.read8((this.csBase + this.ip) & this.addrMask);
    const hi = this.bus.read8((this.csBase + ((this.ip + 1) & 0xffff)) & this.addrMask);
    this.ip = (this.ip + 2) & 0xffff;
    return lo | (hi << 8);
  }

  push(v: number): void {
    // Write, then move SP: a push that faults (286+) leaves SP as it was.
    const sp = (this.r16[SP]! - 2) & 0xffff;
    this.wr16(SS, sp, v);
    this.r16[SP] = sp;
  }
  pop(): number {
    const sp = this.r16[SP]!;
    const v = this.rd16(SS, sp);
    this.r16[SP] = sp + 2;
    return v;
  }

  /** Segment for a DS-default access, after any override. */
  dsSeg(): number { return this.segOvr >= 0 ? this.segOvr : DS; }

  // ---- ModR/M --------------------------------------------------------------------------------

  /**
   * Read the ModR/M byte and, for a memory operand, its displacement; set mod/reg/rm, ea and
   * eaSeg, and charge the EA clocks (table 2-20: 5..12, +2 with a segment override).
   */
  modrm(): void {
    const m = this.fetch8();
    if (m >= 0xc0) {
      this.mod = 3;
      this.reg = (m >> 3) & 7;
      this.rm = m & 7;
      return;
    }
    this.decodeEA(m);
  }

  /**
   * modrm() for a ModR/M byte already fetched that names memory (mod 0..2): the 16-bit forms
   * (table 2-20; 80386 PRM table 17-2). Today's models never leave 16-bit addressing, so this
   * path tests no size; `X86SizedCpu` overrides it to pick the 32-bit ModR/M + SIB forms of
   * sized.ts when `adSize` is 32 (the 16-bit models do not pay for that test: measured ~1-3%).
   */
  decodeEA(m: number): void {
    const mod = m >> 6;
    this.mod = mod;
    this.reg = (m >> 3) & 7;
    this.rm = m & 7;
    const r = this.r16;
    let ea: number;
    let seg = DS;
    let clk: number;
    switch (m & 7) {
      case 0: ea = r[BX]! + r[SI]!; clk = 7; break;
      case 1: ea = r[BX]! + r[DI]!; clk = 8; break;
      case 2: ea = r[BP]! + r[SI]!; seg = SS; clk = 8; break;
      case 3: ea = r[BP]! + r[DI]!; seg = SS; clk = 7; break;
      case 4: ea = r[SI]!; clk = 5; break;
      case 5: ea = r[DI]!; clk = 5; break;
      case 6:
        if (mod === 0) { ea = this.fetch16(); clk = 6; } else { ea = r[BP]!; seg = SS; clk = 5; }
        break;
      default: ea = r[BX]!; clk = 5; break;
    }
    if (mod === 1) {
      ea += (this.fetch8() << 24) >> 24;
      clk += 4;
    } else if (mod === 2) {
      ea += this.fetch16();
      clk += 4;
    }
    this.ea = ea & 0xffff;
    if (this.segOvr >= 0) { seg = this.segOvr; clk += 2; }
    this.eaSeg = seg;
    this.cycles += clk;
  }

  getRM8(): number { return this.mod === 3 ? this.r8[BYTE_REG[this.rm]!]! : this.rd8(this.eaSeg, this.ea); }
  setRM8(v: number): void {
    if (this.mod === 3) this.r8[BYTE_REG[this.rm]!] = v; else this.wr8(this.eaSeg, this.ea, v);
  }
  getRM16(): number { return this.mod === 3 ? this.r16[this.rm]! : this.rd16(this.eaSeg, this.ea); }
  setRM16(v: number): void {
    if (this.mod === 3) this.r16[this.rm] = v; else this.wr16(this.eaSeg, this.ea, v);
  }
  getReg8(): number { return this.r8[BYTE_REG[this.reg]!]!; }
  setReg8(v: number): void { this.r8[BYTE_REG[this.reg]!] = v; }

  // ---- interrupts ----------------------------------------------------------------------------

  /** Enter interrupt `vector`: push FLAGS, CS, IP; clear IF and TF; load CS:IP from the IVT. */
  interrupt(vector: number): void {
    this.push(this.flags);
    this.flags &= ~(IF | TF);
    this.push(this.sreg[CS]!);
    this.push(this.ip);
    const a = (vector << 2) & 0x3ff;
    this.ip = this.bus.read8(a) | (this.bus.read8(a + 1) << 8);
    this.loadSeg(CS, this.bus.read8(a + 2) | (this.bus.read8(a + 3) << 8));
    this.lastVector = vector;
    this.noTrap = true;
    this.halted = false;
  }

  /**
   * Two-byte opcodes (0Fh xx) of the 80286/80386: the base class has none (invalid opcode);
   * `X86ProtCpu` implements them. Called with IP after the 0Fh byte.
   */
  twoByte(): void { this.invalidOpcode(); }

  /** The 80386 core: 64h-67h prefixes re-run the instruction on its 32-bit path (`X86ProtCpu`). */
  is386 = false;
  /** See `is386`; the base class never calls it. */
  ext386(): void { this.invalidOpcode(); }

  /**
   * Abandon the current instruction with exception `vector` (error code `code`, -1 for none): the
   * caller's run loop enters it with the instruction's address as the return address.
   */
  fault(vector: number, code = -1): never {
    this.faultVector = vector;
    this.faultCode = code;
    throw FAULT;
  }

  /** A word at offset FFFFh on a 286/386 in real mode: #SS for the stack segment, else #GP. */
  segmentOverrun(s: number): never {
    // The 80286 raises 13 for the stack segment too (80286 single-step suite: POP, RET, LEAVE
    // with SP = FFFFh); the 80386 raises 12 there (80386 PRM §14.? table 14-1, "interrupt 12").
    return this.fault(s === SS && this.model >= X86Model.I80386 ? 12 : 13, 0);
  }

  /** Enter the exception a FAULT carried (`faultVector`), returning to the faulting instruction. */
  deliverFault(): void {
    this.ip = this.instrStart;
    this.cycles += 50;
    this.interrupt(this.faultVector);
  }

  /** Divide error (type 0). The 8086 pushes the address of the next instruction, the 80186 that of the DIV. */
  divideError(): void {
    if (this.is186) this.ip = this.instrStart;
    this.cycles += 51;
    this.interrupt(0);
  }

  /** Undefined opcode: INT 6 on the 80186 (return address = the opcode); the 8086 has none. */
  invalidOpcode(): void {
    this.ip = this.instrStart;
    this.cycles += 51;
    this.interrupt(6);
  }

  // ---- running -------------------------------------------------------------------------------

  run(untilCycle: number): void {
    this.endCycle = untilCycle;
    while (this.cycles < this.endCycle) {
      if (this.slowMode) { this.runSlow(); continue; }
      if (this.halted && !this.nmiPending && !(this.irqLine && (this.fl & IF) !== 0)) {
        this.cycles = this.endCycle; // halted with nothing to wake it: the rest of the slice is idle
      } else if (this.inhibit || this.halted || this.nmiPending || (this.fl & TF) !== 0 || (this.irqLine && (this.fl & IF) !== 0)) {
        this.step();
      } else {
        // Nothing pending, no trap, no shadow: runFast loops until that changes or the slice ends.
        this.attn = false;
        try { runFast(this); } catch (e) { if (e !== FAULT) throw e; this.deliverFault(); }
      }
    }
  }

  /** Protected-mode/32-bit loop of the 80386 (`X86ProtCpu`); never called on the other models. */
  runSlow(): void { this.slowMode = false; }

  step(): number {
    const start = this.cycles;
    if (this.inhibit) {
      this.inhibit = false;
    } else if (this.nmiPending) {
      this.nmiPending = false;
      this.cycles += 50;
      this.interrupt(2);
      return this.cycles - start;
    } else if (this.irqLine && (this.fl & IF) !== 0) {
      const v = this.bus.intAck() & 0xff;
      this.cycles += 61;
      this.interrupt(v);
      return this.cycles - start;
    }
    if (this.halted) {
      // HLT: idle until an interrupt, a few clocks per step (run() skips to the slice end at once).
      this.cycles += 3;
      return this.cycles - start;
    }
    const trap = this.fl & TF;
    this.noTrap = false;
    this.attn = true; // one instruction only
    try { runFast(this); } catch (e) { if (e !== FAULT) throw e; this.deliverFault(); return this.cycles - start; }
    if (trap !== 0 && !this.noTrap && !this.inhibit) {
      this.cycles += 50;
      this.interrupt(1);
    }
    return this.cycles - start;
  }

  // ---- state ---------------------------------------------------------------------------------

  getState(): X86State {
    const r = this.r16, s = this.sreg;
    return {
      ax: r[0]!, cx: r[1]!, dx: r[2]!, bx: r[3]!, sp: r[4]!, bp: r[5]!, si: r[6]!, di: r[7]!,
      es: s[0]!, cs: s[1]!, ss: s[2]!, ds: s[3]!,
      ip: this.ip, flags: this.flags,
      halted: this.halted, inhibit: this.inhibit, irqLine: this.irqLine, nmiPending: this.nmiPending,
      a20: this.addrMask !== 0xfffff,
      cycles: this.cycles,
    };
  }

  setState(st: X86State): void {
    if (typeof st !== 'object' || st === null || Array.isArray(st)) throw new CorruptStateError('x86 state: expected an object');
    const words = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di', 'es', 'cs', 'ss', 'ds', 'ip', 'flags'] as const;
    for (const k of words) {
      const v = (st as unknown as Record<string, unknown>)[k];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffff) {
        throw new CorruptStateError(`x86 state: register ${k} must be an integer 0..65535, got ${String(v)}`);
      }
    }
    if (typeof st.cycles !== 'number' || !Number.isFinite(st.cycles)) throw new CorruptStateError('x86 state: cycles must be a number');
    const s = clonePlain(st);
    const r = this.r16;
    r[0] = s.ax; r[1] = s.cx; r[2] = s.dx; r[3] = s.bx; r[4] = s.sp; r[5] = s.bp; r[6] = s.si; r[7] = s.di;
    this.loadSeg(ES, s.es); this.loadSeg(CS, s.cs); this.loadSeg(SS, s.ss); this.loadSeg(DS, s.ds);
    this.ip = s.ip;
    this.setFlags(s.flags);
    this.halted = !!s.halted;
    this.inhibit = !!s.inhibit;
    this.irqLine = !!s.irqLine;
    this.nmiPending = !!s.nmiPending;
    this.addrMask = s.a20 ? 0x1fffff : 0xfffff;
    this.cycles = s.cycles;
    this.attn = true;
  }
}
