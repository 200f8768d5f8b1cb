/**
 * `X86ProtCpu`: the Intel 80386 (and the protected-mode machinery an 80286 shares with it):
 * 32-bit registers, segment descriptor caches with limit and rights checks, GDT/LDT/IDT,
 * privilege levels, gates, paging with a TLB, virtual-8086 mode and exceptions with error codes.
 *
 * Two execution paths (why: the brief's "protected-mode checks cost nothing in real mode"):
 * - Real mode with 16-bit code runs the 8086 core's `runFast` unchanged; the 386's own opcodes
 *   (0Fh page, 64h-67h prefixes) re-execute that one instruction through `step386` (exec386.ts).
 * - Protected mode, V86 mode, a 32-bit code segment or paging set `slowMode`, and `runSlow`
 *   executes every instruction through `step386`, whose memory accesses go through `lin*`
 *   (segment checks) and `phys` (paging) below. Faults throw the shared FAULT object; the loop
 *   catches it and enters the exception (`exception`), escalating to #DF and to shutdown.
 *
 * Variants: model I80386 (386DX: 32 address lines); `sx` (386SX: 24 address lines, which a
 * machine's 16-bit bus adapts to). Model I80286 takes 286 descriptors (24-bit bases, no
 * granularity/size bits) through the same code; its protected mode is less tested (see README).
 *
 * Not emulated: the 80387 (ESC raises #NM when CR0.EM or TS is set, else is skipped), debug
 * register breakpoints (DR0-7 are stored only), the TLB test registers (TR6/TR7 stored only),
 * 386 instruction timing (a flat 2-4 clocks per instruction; 8086 table timing stays in real
 * mode's fast path), LOADALL, the 386's errata.
 *
 * References: Intel 80386 Programmer's Reference Manual (1986), chapters 5 (memory management:
 * §5.1 segment translation, §5.2 page translation), 6 (protection), 7 (multitasking), 9
 * (exceptions and interrupts, table 9-7 error codes), 10 (initialisation), 15 (virtual-8086
 * mode), 17 (instruction set); Intel 80286 Programmer's Reference Manual (1987) for the 286
 * descriptor format.
 */
import { FAULT, X86Model } from './cpu.ts';
import type { X86State } from './state.ts';
import { CorruptStateError } from '../../kernel/errors.ts';
import type { X86Bus } from './bus.ts';
import { X86SizedCpu } from './sized-cpu.ts';
import * as Flags from './flags.ts';
import * as Regs from './regs.ts';
import * as Exec386 from './exec386.ts';
import * as Prot from './protect.ts';

// Module-level copies of imported values: see regs.ts for why (each imported binding is a getter under tsx).
const { IF, TF } = Flags;
const { SP, CS, SS } = Regs;
const { step386 } = Exec386;
const { interruptPM, taskSwitchBusy } = Prot;

/** Segment cache flag bits (`segFlags`). */
export const SEG_VALID = 1, SEG_R = 2, SEG_W = 4, SEG_DOWN = 8, SEG_BIG = 16, SEG_CODE = 32;
/** EFLAGS bits above FLAGS. */
export const NT = 0x4000, IOPL = 0x3000, RF = 0x10000, VM = 0x20000;
/** CR0 bits. */
export const PE = 1, MP = 2, EM = 4, TS = 8, ET = 0x10, PG = 0x80000000;

export class X86ProtCpu extends X86SizedCpu {
  /** Segment limits (largest valid offset for expand-up; for expand-down, offsets above it are valid). */
  readonly segLimit = new Uint32Array(6);
  /** Segment cache flags (SEG_*). */
  readonly segFlags = new Uint8Array(6);
  /** Access-rights byte of each cached descriptor (P DPL S type), for LAR-style checks. */
  readonly segAccess = new Uint8Array(6);

  cr0 = 0; cr2 = 0; cr3 = 0;
  readonly dr = new Uint32Array(8);
  readonly tr67 = new Uint32Array(2);
  gdtBase = 0; gdtLimit = 0xffff;
  idtBase = 0; idtLimit = 0x3ff;
  ldtSel = 0; ldtBase = 0; ldtLimit = 0;
  trSel = 0; trBase = 0; trLimit = 0;
  /** TSS descriptor type of TR: 1/3 (286 TSS), 9/11 (386 TSS). */
  trType = 0;
  /** Current privilege level (CS.RPL in protected mode, 3 in V86 mode, 0 in real mode). */
  cpl = 0;
  /** CR0.PE. */
  pm = false;
  /** EFLAGS.VM: virtual-8086 mode. */
  v86 = false;
  /** EFLAGS.RF (stored only: no debug faults). */
  rf = false;
  /** CR0.PG. */
  paging = false;
  /** Checked memory path active (protected mode, or inside a slow-path instruction). */
  chk = false;
  /** EIP mask of the current code segment (FFFFh in 16-bit code). */
  ipMask = 0xffff;
  /** 32-bit code segment: EIP does not wrap at 16 bits. */
  ip32 = false;
  /** SS is a 32-bit stack (B bit): ESP, not SP. */
  stk32 = false;
  /** ESP at the start of the current instruction (restored when it faults), while `espValid`. */
  espStart = 0;
  espValid = false;
  /** Nesting of exception delivery (for #DF and shutdown). */
  excDepth = 0;
  /** The CPU shut down (triple fault); a machine would pulse RESET. */
  shutdown = false;
  /** 386SX: 24 address lines. */
  readonly sx: boolean;
  /** Scratch descriptor words filled by `readDesc`. */
  dLo = 0; dHi = 0;

  // TLB: one entry per linear page, 0 = empty, else physical frame | TLB_* bits.
  readonly tlb = new Int32Array(1 << 20);
  private readonly tlbUsed = new Int32Array(4096);
  private tlbCount = 0;

  constructor(bus: X86Bus, model: X86Model = X86Model.I80386, options: { sx?: boolean } = {}) {
    super(bus, model);
    this.sx = options.sx === true;
    this.hasSizePrefixes = model >= X86Model.I80386;
    this.is386 = model >= X86Model.I80386;
    if (model === X86Model.I80386 && this.sx) this.addrMask = 0xffffff;
    this.reset();
  }

  override reset(): void {
    super.reset();
    if (this.segLimit === undefined) return; // called from the base constructor before fields exist
    // 80386 PRM §10.1: CS selector F000h with base FFFF0000h, EIP FFF0h; limits FFFFh; CR0 = 0
    // (ET reflects the coprocessor: none here). The 80286 starts at FF0000h + FFF0h.
    // The 80286's MSW reads FFF0h after reset (its unused bits are 1s).
    this.cr0 = this.model === X86Model.I80286 ? 0xfff0 : 0; this.cr2 = 0; this.cr3 = 0;
    this.pm = false; this.v86 = false; this.paging = false; this.rf = false;
    this.cpl = 0;
    this.gdtBase = 0; this.gdtLimit = 0xffff; this.idtBase = 0; this.idtLimit = 0x3ff;
    this.ldtSel = 0; this.ldtBase = 0; this.ldtLimit = 0;
    this.trSel = 0; this.trBase = 0; this.trLimit = 0; this.trType = 0;
    for (let s = 0; s < 6; s++) {
      this.sreg[s] = 0; this.segBase[s] = 0; this.segLimit[s] = 0xffff;
      this.segFlags[s] = SEG_VALID | SEG_R | SEG_W; this.segAccess[s] = 0x93;
    }
    this.sreg[CS] = 0xf000;
    this.segBase[CS] = this.model === X86Model.I80286 ? 0xff0000 : 0xffff0000 | 0;
    this.segFlags[CS] = SEG_VALID | SEG_R | SEG_W | SEG_CODE;
    this.segAccess[CS] = 0x9b;
    this.csBase = this.segBase[CS]!;
    this.ip = 0xfff0;
    this.r16hi.fill(0);
    this.flushTlb();
    this.shutdown = false;
    this.excDepth = 0;
    this.updateMode();
  }

  /** 386SX/A20: the address mask a machine's A20 gate selects. */
  setA20(enabled: boolean): void {
    const top = this.model === X86Model.I80286 || this.sx ? 0xffffff : 0xffffffff;
    this.addrMask = enabled ? top : top & ~0x100000;
    this.flushTlb();
  }

  /** Recompute the path and the size defaults after CR0, EFLAGS.VM, CS or SS changed. */
  updateMode(): void {
    const big = (this.segFlags[CS]! & SEG_BIG) !== 0 && !this.v86;
    this.defOpSize = big ? 32 : 16;
    this.defAdSize = big ? 32 : 16;
    this.ipMask = big ? -1 >>> 0 : 0xffff;
    this.ip32 = big;
    this.stk32 = (this.segFlags[SS]! & SEG_BIG) !== 0 && !this.v86;
    this.slowMode = this.pm || big || this.paging;
    this.chk = this.slowMode;
    this.attn = true;
  }

  // ---- EFLAGS -------------------------------------------------------------------------------

  get eflags(): number { return (this.flags | (this.rf ? RF : 0) | (this.v86 ? VM : 0)) >>> 0; }

  /**
   * Write EFLAGS bits under `mask` (callers compute which bits the privilege level allows:
   * 80386 PRM §17 POPF/IRET). VM changes switch the mode.
   */
  writeEflags(v: number, mask: number): void {
    const lo = mask & 0xffff;
    this.flags = ((this.flags & ~lo) | (v & lo) & this.flagsWritable) | this.fixedFlags;
    if ((mask & RF) !== 0) this.rf = (v & RF) !== 0;
    if ((mask & VM) !== 0) {
      const vm = (v & VM) !== 0;
      if (vm !== this.v86) { this.v86 = vm; this.cpl = vm ? 3 : this.cpl; this.updateMode(); }
    }
  }

  get iopl(): number { return (this.fl >> 12) & 3; }

  // ---- registers ----------------------------------------------------------------------------

  get32(n: number): number { return (this.r16[n]! | (this.r16hi[n]! << 16)) >>> 0; }
  set32(n: number, v: number): void { this.r16[n] = v; this.r16hi[n] = v >>> 16; }
  /** ESP or SP by the stack size. */
  getSP(): number { return this.stk32 ? this.get32(SP) : this.r16[SP]!; }
  setSP(v: number): void { if (this.stk32) this.set32(SP, v); else this.r16[SP] = v; }

  // ---- paging -------------------------------------------------------------------------------

  flushTlb(): void {
    this.codePage = -1;
    if (this.tlbCount > this.tlbUsed.length) this.tlb.fill(0);
    else for (let i = 0; i < this.tlbCount; i++) this.tlb[this.tlbUsed[i]!] = 0;
    this.tlbCount = 0;
  }

  /**
   * Linear -> physical (80386 PRM §5.2): the TLB, or a two-level walk that sets the accessed
   * bits (and the PTE's dirty bit on a write) and checks U/S and R/W of both levels (§6.4.1:
   * supervisor accesses ignore R/W on the 386). A miss raises #PF with CR2 and the error code
   * (bit 0 present, bit 1 write, bit 2 user). `user` is CPL 3 (descriptor-table and TSS accesses
   * pass false).
   */
  phys(la: number, write: boolean, user: boolean): number {
    if (!this.paging) return (la & this.addrMask) >>> 0;
    const page = la >>> 12;
    const e = this.tlb[page]!;
    // TLB entry bits: 1 valid, 2 writable by user, 4 user, 8 dirty.
    if (e !== 0 && (!write || (e & 8) !== 0) && (!user || ((e & 4) !== 0 && (!write || (e & 2) !== 0)))) {
      return (((e & ~0xfff) | (la & 0xfff)) & this.addrMask) >>> 0;
    }
    return this.walk(la, write, user);
  }

  private walk(la: number, write: boolean, user: boolean): number {
    const bus = this.bus;
    const pdeA = ((this.cr3 & ~0xfff) + ((la >>> 22) << 2)) & this.addrMask;
    const pde = this.rdPhys32(pdeA);
    if ((pde & 1) === 0) this.pageFault(la, 0, write, user);
    const pteA = ((pde & ~0xfff) + (((la >>> 12) & 0x3ff) << 2)) & this.addrMask;
    const pte = this.rdPhys32(pteA);
    if ((pte & 1) === 0) this.pageFault(la, 0, write, user);
    const uOk = (pde & pte & 4) !== 0;
    const wOk = (pde & pte & 2) !== 0;
    if (user && (!uOk || (write && !wOk))) this.pageFault(la, 1, write, user);
    if ((pde & 0x20) === 0) this.wrPhys32(pdeA, pde | 0x20);
    const npte = pte | 0x20 | (write ? 0x40 : 0);
    if (npte !== pte) this.wrPhys32(pteA, npte);
    const page = la >>> 12;
    if (this.tlb[page] === 0) {
      if (this.tlbCount < this.tlbUsed.length) this.tlbUsed[this.tlbCount] = page;
      this.tlbCount++;
    }
    this.tlb[page] = (npte & ~0xfff) | 1 | (wOk ? 2 : 0) | (uOk ? 4 : 0) | ((npte & 0x40) !== 0 ? 8 : 0);
    void bus;
    return (((npte & ~0xfff) | (la & 0xfff)) & this.addrMask) >>> 0;
  }

  private pageFault(la: number, present: number, write: boolean, user: boolean): never {
    this.cr2 = la >>> 0;
    return this.fault(14, present | (write ? 2 : 0) | (user ? 4 : 0));
  }

  rdPhys32(a: number): number {
    const b = this.bus;
    return (b.read16(a) | (b.read16((a + 2) & this.addrMask) << 16)) >>> 0;
  }
  wrPhys32(a: number, v: number): void {
    const b = this.bus;
    b.write16(a, v & 0xffff);
    b.write16((a + 2) & this.addrMask, (v >>> 16) & 0xffff);
  }

  // ---- linear memory (after segmentation) -------------------------------------------------------

  get user(): boolean { return this.cpl === 3; }

  linRd8(la: number): number { return this.bus.read8(this.phys(la, false, this.cpl === 3)); }
  linWr8(la: number, v: number): void { this.bus.write8(this.phys(la, true, this.cpl === 3), v & 0xff); }
  linRd16(la: number): number {
    if ((la & 0xfff) === 0xfff) return this.linRd8(la) | (this.linRd8(la + 1) << 8);
    const a = this.phys(la, false, this.cpl === 3);
    if (a === this.addrMask >>> 0) return this.bus.read8(a) | (this.bus.read8(0) << 8);
    return this.bus.read16(a);
  }
  linWr16(la: number, v: number): void {
    if ((la & 0xfff) === 0xfff) {
      // Both pages are checked before either byte is written (no half-done write on a #PF).
      this.phys(la + 1, true, this.cpl === 3);
      this.linWr8(la, v); this.linWr8(la + 1, v >> 8); return;
    }
    const a = this.phys(la, true, this.cpl === 3);
    if (a === this.addrMask >>> 0) { this.bus.write8(a, v & 0xff); this.bus.write8(0, (v >> 8) & 0xff); return; }
    this.bus.write16(a, v & 0xffff);
  }
  linRd32(la: number): number {
    if ((la & 0xfff) > 0xffc) return (this.linRd16(la) | (this.linRd16(la + 2) << 16)) >>> 0;
    const a = this.phys(la, false, this.cpl === 3);
    return (this.bus.read16(a) | (this.bus.read16((a + 2) & this.addrMask) << 16)) >>> 0;
  }
  linWr32(la: number, v: number): void {
    if ((la & 0xfff) > 0xffc) {
      this.phys(la + 3, true, this.cpl === 3);
      this.linWr16(la, v & 0xffff); this.linWr16(la + 2, v >>> 16); return;
    }
    const a = this.phys(la, true, this.cpl === 3);
    this.bus.write16(a, v & 0xffff);
    this.bus.write16((a + 2) & this.addrMask, (v >>> 16) & 0xffff);
  }
  /** System accesses (descriptor tables, TSS, IDT): supervisor, whatever the CPL. */
  sysRd16(la: number): number { const c = this.cpl; this.cpl = 0; try { return this.linRd16(la); } finally { this.cpl = c; } }
  sysRd32(la: number): number { const c = this.cpl; this.cpl = 0; try { return this.linRd32(la); } finally { this.cpl = c; } }
  sysWr8(la: number, v: number): void { const c = this.cpl; this.cpl = 0; try { this.linWr8(la, v); } finally { this.cpl = c; } }
  sysWr16(la: number, v: number): void { const c = this.cpl; this.cpl = 0; try { this.linWr16(la, v); } finally { this.cpl = c; } }
  sysWr32(la: number, v: number): void { const c = this.cpl; this.cpl = 0; try { this.linWr32(la, v); } finally { this.cpl = c; } }

  // ---- segmented memory ----------------------------------------------------------------------

  /**
   * Linear address of `s:off` for `len` bytes, after the cached limit and rights checks (80386
   * PRM §6.3.1): a null or unusable segment, a write to code or read-only data, a read of
   * execute-only code, or an offset outside the limit (expand-down: at or below it) raise #GP(0),
   * or #SS(0) for SS.
   */
  segAddr(s: number, off: number, len: number, write: boolean): number {
    const f = this.segFlags[s]!;
    const need = write ? SEG_W | SEG_VALID : SEG_R | SEG_VALID;
    off = off >>> 0;
    const end = off + len - 1;
    const lim = this.segLimit[s]!;
    if ((f & need) !== need) this.fault(s === SS ? 12 : 13, 0);
    if ((f & SEG_DOWN) === 0) {
      if (end > lim) this.fault(s === SS ? 12 : 13, 0);
    } else if (off <= lim || end > ((f & SEG_BIG) !== 0 ? 0xffffffff : 0xffff)) {
      this.fault(s === SS ? 12 : 13, 0);
    }
    return (this.segBase[s]! + off) | 0;
  }

  override rd8(s: number, off: number): number {
    if (this.chk) {
      const la = this.segAddr(s, off, 1, false);
      return this.paging ? this.linRd8(la) : this.bus.read8((la & this.addrMask) >>> 0);
    }
    return this.bus.read8((this.segBase[s]! + off) & this.addrMask);
  }
  override wr8(s: number, off: number, v: number): void {
    if (this.chk) {
      const la = this.segAddr(s, off, 1, true);
      if (this.paging) this.linWr8(la, v); else this.bus.write8((la & this.addrMask) >>> 0, v & 0xff);
      return;
    }
    this.bus.write8((this.segBase[s]! + off) & this.addrMask, v & 0xff);
  }
  override rd16(s: number, off: number): number {
    if (this.chk) return this.linRd16(this.segAddr(s, off, 2, false));
    // Real mode, written out (a super call here cost the fast path ~10%): a word at offset FFFFh
    // faults (#SS for SS, else #GP), odd addresses cost the 16-bit bus its extra cycle.
    const a = (this.segBase[s]! + off) & this.addrMask;
    if (off === 0xffff) this.segmentOverrun(s);
    if ((a & 1) !== 0) this.cycles += 4;
    return this.bus.read16(a);
  }
  override wr16(s: number, off: number, v: number): void {
    if (this.chk) { this.linWr16(this.segAddr(s, off, 2, true), v); return; }
    const a = (this.segBase[s]! + off) & this.addrMask;
    if (off === 0xffff) this.segmentOverrun(s);
    if ((a & 1) !== 0) this.cycles += 4;
    this.bus.write16(a, v & 0xffff);
  }
  rd32(s: number, off: number): number { return this.linRd32(this.segAddr(s, off, 4, false)); }
  wr32(s: number, off: number, v: number): void { this.linWr32(this.segAddr(s, off, 4, true), v); }

  override linear(s: number, off: number): number { return ((this.segBase[s]! + off) & this.addrMask) >>> 0; }

  // ---- instruction fetch --------------------------------------------------------------------

  // Code fetch: the CS limit check, then the bus directly when paging is off, else through the
  // page translation of a one-entry code-page cache (`codePage`/`codeFrame`, cleared with the TLB).
  override fetch8(): number {
    if (!this.chk) {
      const v0 = this.bus.read8((this.csBase + this.ip) & this.addrMask);
      this.ip = (this.ip + 1) & 0xffff;
      return v0;
    }
    const ip = this.ip;
    if (ip > this.segLimit[CS]!) this.fault(13, 0);
    const v = this.bus.read8(this.codeAddr((this.csBase + ip) | 0));
    this.ip = this.ip32 ? (ip + 1) >>> 0 : (ip + 1) & 0xffff;
    return v;
  }
  override fetch16(): number {
    if (!this.chk) {
      const ip0 = this.ip;
      if (ip0 === 0xffff) return super.fetch16();
      this.ip = (ip0 + 2) & 0xffff;
      return this.bus.read16((this.csBase + ip0) & this.addrMask);
    }
    const ip = this.ip;
    const la = (this.csBase + ip) | 0;
    if ((la & 0xfff) === 0xfff || ip + 1 > this.segLimit[CS]! || (!this.ip32 && ip === 0xffff)) {
      const lo = this.fetch8();
      return lo | (this.fetch8() << 8);
    }
    const v = this.bus.read16(this.codeAddr(la));
    this.ip = this.ip32 ? (ip + 2) >>> 0 : (ip + 2) & 0xffff;
    return v;
  }
  fetch32(): number {
    const lo = this.fetch16();
    return (lo | (this.fetch16() << 16)) >>> 0;
  }
  /** Physical address of code byte `la` (paging through the code-page cache). */
  private codeAddr(la: number): number {
    if (!this.paging) return (la & this.addrMask) >>> 0;
    const page = la >>> 12;
    if (page !== this.codePage || this.cpl !== this.codeCpl) {
      this.codeFrame = (this.phys(la & ~0xfff, false, this.cpl === 3) & ~0xfff) >>> 0;
      this.codePage = page;
      this.codeCpl = this.cpl;
    }
    return (this.codeFrame | (la & 0xfff)) >>> 0;
  }
  private codePage = -1;
  private codeFrame = 0;
  private codeCpl = 0;

  // ---- stack (by SS's B bit) ----------------------------------------------------------------

  override push(v: number): void {
    if (!this.chk) {
      const sp0 = (this.r16[SP]! - 2) & 0xffff;
      this.wr16(SS, sp0, v);
      this.r16[SP] = sp0;
      return;
    }
    if (this.opSize === 32) this.push32(v); else this.push16(v);
  }
  override pop(): number {
    if (!this.chk) {
      const sp0 = this.r16[SP]!;
      const v0 = this.rd16(SS, sp0);
      this.r16[SP] = sp0 + 2;
      return v0;
    }
    return this.opSize === 32 ? this.pop32() : this.pop16();
  }
  push16(v: number): void {
    const sp = this.stk32 ? (this.get32(SP) - 2) >>> 0 : (this.r16[SP]! - 2) & 0xffff;
    this.linWr16(this.segAddr(SS, sp, 2, true), v);
    this.setSP(sp);
  }
  push32(v: number): void {
    const sp = this.stk32 ? (this.get32(SP) - 4) >>> 0 : (this.r16[SP]! - 4) & 0xffff;
    this.linWr32(this.segAddr(SS, sp, 4, true), v);
    this.setSP(sp);
  }
  pop16(): number {
    const sp = this.getSP();
    const v = this.linRd16(this.segAddr(SS, sp, 2, false));
    this.setSP(this.stk32 ? sp + 2 : (sp + 2) & 0xffff);
    return v;
  }
  pop32(): number {
    const sp = this.getSP();
    const v = this.linRd32(this.segAddr(SS, sp, 4, false));
    this.setSP(this.stk32 ? sp + 4 : (sp + 4) & 0xffff);
    return v;
  }
  /** Read the stack `k` bytes above (E)SP without popping. */
  stackRd(k: number, size: number): number {
    const sp = this.stk32 ? (this.getSP() + k) >>> 0 : (this.r16[SP]! + k) & 0xffff;
    return size === 32 ? this.rd32(SS, sp) : this.rd16(SS, sp);
  }

  // ---- segments -----------------------------------------------------------------------------

  /**
   * Read descriptor `sel` into dLo/dHi. Returns false when the selector is beyond its table's
   * limit (the caller raises the fault its instruction defines).
   */
  readDesc(sel: number): boolean {
    const idx = sel & 0xfff8;
    let base: number, limit: number;
    if ((sel & 4) !== 0) { base = this.ldtBase; limit = this.ldtLimit; if (this.ldtSel === 0) return false; } else { base = this.gdtBase; limit = this.gdtLimit; }
    if (idx + 7 > limit) return false;
    this.dLo = this.sysRd32(base + idx);
    this.dHi = this.sysRd32(base + idx + 4);
    if (this.model === X86Model.I80286) this.dHi &= 0xffff; // the 286's reserved word
    return true;
  }
  /** Linear address of the descriptor `sel` (after readDesc succeeded). */
  descAddr(sel: number): number { return ((sel & 4) !== 0 ? this.ldtBase : this.gdtBase) + (sel & 0xfff8); }
  static descBase(lo: number, hi: number): number { return ((lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000)) >>> 0; }
  static descLimit(lo: number, hi: number): number {
    const l = (lo & 0xffff) | (hi & 0xf0000);
    return (hi & 0x800000) !== 0 ? ((l << 12) | 0xfff) >>> 0 : l;
  }

  /** Fill segment cache `s` from the descriptor in dLo/dHi with selector `sel`. */
  setCache(s: number, sel: number, lo: number, hi: number): void {
    const acc = (hi >>> 8) & 0xff;
    this.sreg[s] = sel;
    this.segBase[s] = X86ProtCpu.descBase(lo, hi) | 0;
    this.segLimit[s] = X86ProtCpu.descLimit(lo, hi);
    this.segAccess[s] = acc;
    let f = SEG_VALID;
    if ((acc & 8) !== 0) { f |= SEG_CODE; if ((acc & 2) !== 0) f |= SEG_R; } else { f |= SEG_R; if ((acc & 2) !== 0) f |= SEG_W; if ((acc & 4) !== 0) f |= SEG_DOWN; }
    if ((hi & 0x400000) !== 0 && this.model >= X86Model.I80386) f |= SEG_BIG;
    this.segFlags[s] = f;
    if (s === CS) this.csBase = this.segBase[s]!;
  }

  /** Set the accessed bit of the descriptor last read for `sel`. */
  markAccessed(sel: number): void {
    if ((this.dHi & 0x100) !== 0) return;
    this.dHi |= 0x100;
    this.sysWr8(this.descAddr(sel) + 5, (this.dHi >>> 8) & 0xff);
  }

  /**
   * MOV/POP/LDS... to a segment register. Real and V86 mode: base = selector * 16 (a real-mode
   * load keeps the cached limit and rights, which is what "unreal mode" relies on). Protected
   * mode: the checks of 80386 PRM §6.3.1.1 / the MOV instruction's pseudo-code.
   */
  override loadSeg(s: number, sel: number): void {
    sel &= 0xffff;
    if (!this.pm || this.v86) {
      this.sreg[s] = sel;
      this.segBase[s] = sel << 4;
      if (this.v86) { this.segLimit[s] = 0xffff; this.segFlags[s] = SEG_VALID | SEG_R | SEG_W | (s === CS ? SEG_CODE : 0); this.segAccess[s] = s === CS ? 0xfb : 0xf3; }
      if (s === CS) this.csBase = sel << 4;
      if (s === CS || s === SS) { if (this.segLimit !== undefined && this.slowMode) this.updateMode(); }
      return;
    }
    if (s === CS) { Prot.loadCSDirect(this, sel); return; }
    if ((sel & 0xfffc) === 0) {
      if (s === SS) this.fault(13, 0);
      this.sreg[s] = sel; this.segFlags[s] = 0; this.segBase[s] = 0; this.segLimit[s] = 0; this.segAccess[s] = 0;
      return;
    }
    if (!this.readDesc(sel)) this.fault(13, sel & 0xfffc);
    const lo = this.dLo, hi = this.dHi;
    const acc = (hi >>> 8) & 0xff;
    const dpl = (acc >> 5) & 3, rpl = sel & 3;
    if (s === SS) {
      if (rpl !== this.cpl || (acc & 0x1a) !== 0x12 || dpl !== this.cpl) this.fault(13, sel & 0xfffc);
      if ((acc & 0x80) === 0) this.fault(12, sel & 0xfffc);
    } else {
      // Data, or readable code; privilege checked unless conforming code.
      if ((acc & 0x10) === 0 || (acc & 0x0a) === 0x08) this.fault(13, sel & 0xfffc);
      const conforming = (acc & 0x0c) === 0x0c;
      if (!conforming && dpl < Math.max(this.cpl, rpl)) this.fault(13, sel & 0xfffc);
      if ((acc & 0x80) === 0) this.fault(11, sel & 0xfffc);
    }
    this.markAccessed(sel);
    this.setCache(s, sel, lo, this.dHi);
    if (s === SS) this.updateMode();
  }

  // ---- faults, interrupts ---------------------------------------------------------------------

  /** Enter exception/interrupt `vector` (real or protected mode). */
  override interrupt(vector: number): void { this.exception(vector, -1, false); }

  /**
   * Deliver interrupt `vector`. `code` is the error code to push (-1: none); `soft` marks INT n /
   * INT3 / INTO (whose gate DPL is checked against CPL, PRM §9.8.1).
   */
  exception(vector: number, code: number, soft: boolean): void {
    this.halted = false;
    this.lastVector = vector;
    this.noTrap = true;
    if (!this.pm) {
      // Real mode: the IVT at IDTR.base (LIDT moves it on a 286/386).
      const a = this.idtBase + vector * 4;
      if (vector * 4 + 3 > this.idtLimit) { this.fault(vector === 8 ? 8 : 13, 0); }
      const fl = this.flags;
      const chk = this.chk;
      this.chk = true;
      try {
        this.opSize = 16;
        this.push16(fl);
        this.flags = fl & ~(IF | TF);
        this.push16(this.sreg[CS]!);
        this.push16(this.ip);
      } finally { this.chk = chk; }
      const ip = this.sysRd16(a);
      const cs = this.sysRd16(a + 2);
      this.ip = ip;
      this.loadSeg(CS, cs);
      return;
    }
    interruptPM(this, vector, code, soft);
  }

  /** A fault thrown during an instruction: back to its start, then the exception (#DF on a nested one). */
  override deliverFault(): void {
    this.ip = this.instrStart;
    if (this.espValid) this.setSP(this.espStart);
    this.cycles += 50;
    this.raise(this.faultVector, this.faultCode);
  }

  /** Enter a fault's exception; a fault while entering one becomes #DF, a third shuts down. */
  raise(vector: number, code: number): void {
    const hasCode = vector === 8 || (vector >= 10 && vector <= 14) || vector === 17;
    for (;;) {
      try {
        this.excDepth++;
        this.exception(vector, this.pm && hasCode ? code : -1, false);
        this.excDepth = 0;
        return;
      } catch (e) {
        if (e !== FAULT) throw e;
        if (this.excDepth >= 2 || vector === 8) {
          // Triple fault: the 386 shuts down (PRM §9.8.8); halt until reset.
          this.shutdown = true; this.halted = true; this.excDepth = 0; this.attn = true;
          return;
        }
        vector = 8; code = 0;
      }
    }
  }

  /** Re-execute the current instruction (from `instrStart`) through the 386 path. */
  slowInstr(): void {
    this.ip = this.instrStart;
    this.espStart = this.getSP();
    this.chk = true;
    this.espValid = true;
    try {
      step386(this);
    } catch (e) {
      if (e === FAULT) this.setSP(this.espStart); // the fast loop's handler does not know ESP
      throw e;
    } finally { this.chk = this.slowMode; this.espValid = false; }
  }

  /** #UD as a fault (the instruction is abandoned wherever it was detected). */
  override invalidOpcode(): void { this.fault(6); }

  override twoByte(): void { this.slowInstr(); }
  override ext386(): void { this.slowInstr(); }

  // ---- the protected-mode / 32-bit loop ---------------------------------------------------------

  override runSlow(): void {
    while (this.cycles < this.endCycle && this.slowMode) {
      if (this.halted) {
        if (!this.nmiPending && !(this.irqLine && (this.fl & IF) !== 0)) { this.cycles = this.endCycle; return; }
      }
      this.stepSlow();
    }
  }

  /** One instruction (or interrupt entry) on the checked path. */
  stepSlow(): void {
    if (this.inhibit) this.inhibit = false;
    else if (this.nmiPending) { this.nmiPending = false; this.cycles += 50; this.raise(2, -1); return; }
    else if (this.irqLine && (this.fl & IF) !== 0) { const v = this.bus.intAck() & 0xff; this.cycles += 60; this.raise(v, -1); return; }
    if (this.halted) { this.cycles += 3; return; }
    const trap = this.fl & TF;
    this.noTrap = false;
    this.instrStart = this.ip;
    this.espStart = this.getSP();
    this.instructions++;
    this.espValid = true;
    try {
      step386(this);
    } catch (e) {
      if (e !== FAULT) throw e;
      this.deliverFault();
      return;
    } finally { this.espValid = false; }
    if (trap !== 0 && !this.noTrap && !this.inhibit) { this.cycles += 50; this.raise(1, -1); }
  }

  override step(): number {
    if (!this.slowMode) return super.step();
    const start = this.cycles;
    this.stepSlow();
    return this.cycles - start;
  }

  // ---- state ---------------------------------------------------------------------------------

  override getState(): X86State {
    const st = super.getState();
    st.ip = this.ip & 0xffff;
    const segs = [];
    for (let s = 0; s < 6; s++) segs.push({ sel: this.sreg[s]!, base: this.segBase[s]! >>> 0, limit: this.segLimit[s]!, flags: this.segFlags[s]!, access: this.segAccess[s]! });
    st.prot = {
      eip: this.ip >>> 0, eflags: this.eflags, hi: Array.from(this.r16hi), segs,
      cr0: this.cr0 >>> 0, cr2: this.cr2 >>> 0, cr3: this.cr3 >>> 0, dr: Array.from(this.dr),
      gdt: [this.gdtBase >>> 0, this.gdtLimit], idt: [this.idtBase >>> 0, this.idtLimit],
      ldt: [this.ldtSel, this.ldtBase >>> 0, this.ldtLimit], tr: [this.trSel, this.trBase >>> 0, this.trLimit, this.trType],
      cpl: this.cpl, addrMask: this.addrMask >>> 0, shutdown: this.shutdown,
    };
    return st;
  }

  override setState(st: X86State): void {
    // Load the 16-bit part in real mode (no descriptor lookups), then the caches as saved.
    this.pm = false; this.v86 = false; this.paging = false; this.chk = false;
    super.setState(st);
    const p = st.prot;
    if (p === undefined) { this.updateMode(); return; }
    if (typeof p !== 'object' || !Array.isArray(p.segs) || p.segs.length !== 6 || !Array.isArray(p.hi) || p.hi.length !== 8) {
      throw new CorruptStateError('x86 state: malformed 386 part');
    }
    for (let n = 0; n < 8; n++) this.r16hi[n] = p.hi[n]!;
    for (let s = 0; s < 6; s++) {
      const g = p.segs[s]!;
      this.sreg[s] = g.sel; this.segBase[s] = g.base | 0; this.segLimit[s] = g.limit; this.segFlags[s] = g.flags; this.segAccess[s] = g.access;
    }
    this.csBase = this.segBase[CS]!;
    this.cr0 = p.cr0; this.cr2 = p.cr2; this.cr3 = p.cr3;
    for (let i = 0; i < 8; i++) this.dr[i] = p.dr[i] ?? 0;
    [this.gdtBase, this.gdtLimit] = p.gdt; [this.idtBase, this.idtLimit] = p.idt;
    [this.ldtSel, this.ldtBase, this.ldtLimit] = p.ldt; [this.trSel, this.trBase, this.trLimit, this.trType] = p.tr;
    this.cpl = p.cpl;
    this.addrMask = p.addrMask === 0xffffffff ? -1 >>> 0 : p.addrMask;
    this.shutdown = p.shutdown;
    this.pm = (p.cr0 & 1) !== 0;
    this.paging = this.pm && (p.cr0 & 0x80000000) !== 0;
    this.ip = p.eip;
    this.flags = (p.eflags & this.flagsWritable) | this.fixedFlags;
    this.v86 = (p.eflags & VM) !== 0;
    this.rf = (p.eflags & RF) !== 0;
    this.flushTlb();
    this.updateMode();
  }

  /** Busy-flag helper for task switches (protect.ts). */
  markTssBusy(sel: number, busy: boolean): void { taskSwitchBusy(this, sel, busy); }
}
