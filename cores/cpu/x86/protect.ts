/**
 * Protected-mode control transfers and system registers of the 80286/80386: far JMP/CALL through
 * code segments, call gates and tasks; far RET and IRET to the same or an outer level (and IRET
 * to V86 mode or to the previous task); interrupts and exceptions through interrupt, trap and
 * task gates with the privilege-level stack switch; task switches through a 286 or 386 TSS;
 * LLDT/LTR/LAR/LSL/VERR/VERW descriptor checks; CR0 writes; the I/O permission bitmap.
 *
 * Error codes follow 80386 PRM table 9-7 and the instruction pages of chapter 17 (a selector with
 * its RPL bits cleared; IDT references as vector * 8 + 2; EXT is not set).
 * Not emulated: the debug trap on task switch (the TSS T bit), I/O-permission checks of the 286
 * (it has none: IOPL only), the 286's LOADALL.
 * References: Intel 80386 Programmer's Reference Manual (1986), §6.3.4 (call gates), §7 (multitasking:
 * §7.2 TSS, §7.5 task switching), §9.6 (interrupt procedures and tasks), §15.3 (entering and
 * leaving V86 mode), §8.3.2 (I/O permission bitmap), chapter 17 (CALL, JMP, RET, IRET, INT).
 */
import type { X86ProtCpu } from './cpu386.ts';
import { X86Model } from './cpu.ts';
import * as Regs from './regs.ts';

// Module-level copies of imported values: see regs.ts for why (each imported binding is a getter under tsx).
const { SP, ES, CS, SS, DS } = Regs;
const FS = 4, GS = 5;
const IF = 0x200, TF = 0x100, NT = 0x4000, RF = 0x10000, VM = 0x20000;
const SEG_BIG = 16;

function selErr(sel: number): number { return sel & 0xfffc; }

/** CR0 write (MOV CR0, LMSW): PE, PG and the task/coprocessor bits; mode and TLB follow. */
export function setCr0(c: X86ProtCpu, v: number): void {
  const old = c.cr0;
  c.cr0 = c.model === X86Model.I80286 ? (v & 0xf) | 0xfff0 : (v & 0x8000001f) >>> 0;
  const pe = (c.cr0 & 1) !== 0;
  if (pe !== c.pm) {
    c.pm = pe;
    if (!pe) { c.cpl = 0; c.v86 = false; }
    else c.cpl = c.sreg[CS]! & 3;
  }
  const pg = (c.cr0 & 0x80000000) !== 0 && pe;
  if (pg !== c.paging || ((old ^ c.cr0) & 0x80000000) !== 0) { c.paging = pg; c.flushTlb(); }
  c.updateMode();
}

/** Load CS from descriptor dLo/dHi with selector `sel` at privilege `cpl`. */
function loadCS(c: X86ProtCpu, sel: number, lo: number, hi: number, cpl: number): void {
  c.markAccessed(sel);
  c.setCache(CS, (sel & 0xfffc) | cpl, lo, c.dHi);
  void hi;
  c.cpl = cpl;
  c.updateMode();
}

/** loadSeg(CS, sel) outside a far transfer (e.g. a state load): a same-level code segment. */
export function loadCSDirect(c: X86ProtCpu, sel: number): void {
  if ((sel & 0xfffc) === 0 || !c.readDesc(sel)) c.fault(13, selErr(sel));
  const acc = (c.dHi >>> 8) & 0xff;
  if ((acc & 0x18) !== 0x18) c.fault(13, selErr(sel));
  if ((acc & 0x80) === 0) c.fault(11, selErr(sel));
  loadCS(c, sel, c.dLo, c.dHi, sel & 3);
}

/** Check and load SS for privilege `dpl` (stack switches); faults with #TS on a bad selector. */
function loadStack(c: X86ProtCpu, sel: number, dpl: number, vec: number): void {
  if ((sel & 0xfffc) === 0) c.fault(vec, 0);
  if (!c.readDesc(sel)) c.fault(vec, selErr(sel));
  const acc = (c.dHi >>> 8) & 0xff;
  if ((sel & 3) !== dpl || ((acc >> 5) & 3) !== dpl || (acc & 0x1a) !== 0x12) c.fault(vec, selErr(sel));
  if ((acc & 0x80) === 0) c.fault(12, selErr(sel));
  c.markAccessed(sel);
  c.setCache(SS, sel, c.dLo, c.dHi);
  c.updateMode();
}

/** The inner-level stack pointer pair in the current TSS for privilege `dpl`. */
function tssStack(c: X86ProtCpu, dpl: number): { ss: number; esp: number } {
  if (c.trType === 9 || c.trType === 11) {
    const o = 4 + dpl * 8;
    if (o + 5 > c.trLimit) c.fault(10, selErr(c.trSel));
    return { esp: c.sysRd32(c.trBase + o), ss: c.sysRd16(c.trBase + o + 4) };
  }
  const o = 2 + dpl * 4;
  if (o + 3 > c.trLimit) c.fault(10, selErr(c.trSel));
  return { esp: c.sysRd16(c.trBase + o), ss: c.sysRd16(c.trBase + o + 2) };
}

/** After a return to an outer level: data segments the new CPL may not use become null (PRM §17 RET). */
function invalidateSegs(c: X86ProtCpu): void {
  for (const s of [ES, DS, FS, GS]) {
    const acc = c.segAccess[s]!;
    if (c.segFlags[s] === 0) continue;
    const dpl = (acc >> 5) & 3;
    const confCode = (acc & 0x0c) === 0x0c;
    if (!confCode && dpl < c.cpl) { c.sreg[s] = 0; c.segFlags[s] = 0; c.segBase[s] = 0; c.segLimit[s] = 0; }
  }
}

function pushW(c: X86ProtCpu, size: number, v: number): void { if (size === 32) c.push32(v); else c.push16(v); }

/** Far JMP (`call` false) or CALL to `sel:off` in protected mode. */
export function farTransfer(c: X86ProtCpu, sel: number, off: number, call: boolean): void {
  if ((sel & 0xfffc) === 0) c.fault(13, 0);
  if (!c.readDesc(sel)) c.fault(13, selErr(sel));
  const lo = c.dLo, hi = c.dHi;
  const acc = (hi >>> 8) & 0xff;
  const dpl = (acc >> 5) & 3, rpl = sel & 3;
  const v = c.opSize;
  if ((acc & 0x10) !== 0) {
    if ((acc & 8) === 0) c.fault(13, selErr(sel));
    if ((acc & 4) !== 0) { if (dpl > c.cpl) c.fault(13, selErr(sel)); } else if (rpl > c.cpl || dpl !== c.cpl) c.fault(13, selErr(sel));
    if ((acc & 0x80) === 0) c.fault(11, selErr(sel));
    const target = v === 16 ? off & 0xffff : off >>> 0;
    if (target > limitOf(c, lo, hi)) c.fault(13, 0);
    if (call) { pushW(c, v, c.sreg[CS]!); pushW(c, v, c.ip); }
    loadCS(c, sel, lo, hi, c.cpl);
    c.ip = target;
    return;
  }
  const type = acc & 0x1f;
  switch (type) {
    case 4: case 12: callGate(c, sel, lo, hi, call); return;
    case 5: {
      if (dpl < Math.max(c.cpl, rpl)) c.fault(13, selErr(sel));
      if ((acc & 0x80) === 0) c.fault(11, selErr(sel));
      taskSwitch(c, lo >>> 16, call ? 1 : 0);
      return;
    }
    case 1: case 9:
      if (dpl < Math.max(c.cpl, rpl)) c.fault(13, selErr(sel));
      if ((acc & 0x80) === 0) c.fault(11, selErr(sel));
      taskSwitch(c, sel, call ? 1 : 0);
      return;
    default:
      c.fault(13, selErr(sel));
  }
}

/** Minimal static view of X86ProtCpu used above without a circular import at run time. */
interface X86ProtCpuStatic { descLimit(lo: number, hi: number): number; descBase(lo: number, hi: number): number }
function limitOf(c: X86ProtCpu, lo: number, hi: number): number { return (c.constructor as unknown as X86ProtCpuStatic).descLimit(lo, hi); }

function callGate(c: X86ProtCpu, gsel: number, glo: number, ghi: number, call: boolean): void {
  const acc = (ghi >>> 8) & 0xff;
  const gdpl = (acc >> 5) & 3;
  if (gdpl < Math.max(c.cpl, gsel & 3)) c.fault(13, selErr(gsel));
  if ((acc & 0x80) === 0) c.fault(11, selErr(gsel));
  const size = (acc & 8) !== 0 ? 32 : 16;
  const sel = glo >>> 16;
  const off = size === 32 ? ((glo & 0xffff) | (ghi & 0xffff0000)) >>> 0 : glo & 0xffff;
  const params = ghi & 0x1f;
  if ((sel & 0xfffc) === 0) c.fault(13, 0);
  if (!c.readDesc(sel)) c.fault(13, selErr(sel));
  const lo = c.dLo, hi = c.dHi;
  const cacc = (hi >>> 8) & 0xff;
  const dpl = (cacc >> 5) & 3;
  if ((cacc & 0x18) !== 0x18 || dpl > c.cpl) c.fault(13, selErr(sel));
  if ((cacc & 0x80) === 0) c.fault(11, selErr(sel));
  const conforming = (cacc & 4) !== 0;
  if (off > limitOf(c, lo, hi)) c.fault(13, 0);
  if (!call) {
    if (!conforming && dpl !== c.cpl) c.fault(13, selErr(sel));
    loadCS(c, sel, lo, hi, c.cpl);
    c.ip = off;
    return;
  }
  if (!conforming && dpl < c.cpl) {
    // Inner level: new stack from the TSS, the caller's SS:ESP and parameters copied to it.
    const { ss, esp } = tssStack(c, dpl);
    const oldSs = c.sreg[SS]!, oldEsp = c.getSP(), oldStk32 = c.stk32;
    const b = size / 8;
    const args: number[] = [];
    for (let i = params - 1; i >= 0; i--) {
      const a = oldStk32 ? (oldEsp + i * b) >>> 0 : (oldEsp + i * b) & 0xffff;
      args.push(size === 32 ? c.rd32(SS, a) : c.rd16(SS, a));
    }
    const oldCs = c.sreg[CS]!, oldIp = c.ip;
    const prevCpl = c.cpl;
    c.cpl = dpl;
    try {
      loadStack(c, ss, dpl, 10);
    } catch (e) { c.cpl = prevCpl; throw e; }
    c.setSP(c.stk32 ? esp : esp & 0xffff);
    pushW(c, size, oldSs);
    pushW(c, size, oldEsp);
    for (const a of args) pushW(c, size, a);
    pushW(c, size, oldCs);
    pushW(c, size, oldIp);
    c.readDesc(sel);
    loadCS(c, sel, c.dLo, c.dHi, dpl);
    c.ip = off;
    return;
  }
  pushW(c, size, c.sreg[CS]!);
  pushW(c, size, c.ip);
  loadCS(c, sel, lo, hi, c.cpl);
  c.ip = off;
}

/** Check a code selector being returned to at privilege `rpl`; leaves its descriptor in dLo/dHi. */
function checkReturnCS(c: X86ProtCpu, cs: number): void {
  const rpl = cs & 3;
  if ((cs & 0xfffc) === 0) c.fault(13, 0);
  if (rpl < c.cpl) c.fault(13, selErr(cs));
  if (!c.readDesc(cs)) c.fault(13, selErr(cs));
  const acc = (c.dHi >>> 8) & 0xff;
  const dpl = (acc >> 5) & 3;
  if ((acc & 0x18) !== 0x18) c.fault(13, selErr(cs));
  if ((acc & 4) !== 0 ? dpl > rpl : dpl !== rpl) c.fault(13, selErr(cs));
  if ((acc & 0x80) === 0) c.fault(11, selErr(cs));
}

/** Far RET (imm `n`) in protected mode. */
export function farReturn(c: X86ProtCpu, n: number): void {
  const v = c.opSize, b = v / 8;
  const eip = c.stackRd(0, v);
  const cs = c.stackRd(b, v) & 0xffff;
  checkReturnCS(c, cs);
  const lo = c.dLo, hi = c.dHi;
  const rpl = cs & 3;
  if (rpl === c.cpl) {
    const t = v === 16 ? eip & 0xffff : eip >>> 0;
    if (t > limitOf(c, lo, hi)) c.fault(13, 0);
    loadCS(c, cs, lo, hi, rpl);
    c.ip = t;
    const sp = c.getSP() + 2 * b + n;
    c.setSP(c.stk32 ? sp >>> 0 : sp & 0xffff);
    return;
  }
  const esp = c.stackRd(2 * b + n, v);
  const ss = c.stackRd(3 * b + n, v) & 0xffff;
  const t = v === 16 ? eip & 0xffff : eip >>> 0;
  if (t > limitOf(c, lo, hi)) c.fault(13, 0);
  const prevCpl = c.cpl;
  c.cpl = rpl;
  try { loadStack(c, ss, rpl, 13); } catch (e) { c.cpl = prevCpl; throw e; }
  c.readDesc(cs);
  loadCS(c, cs, c.dLo, c.dHi, rpl);
  c.ip = t;
  c.setSP(c.stk32 ? (esp + n) >>> 0 : (esp + n) & 0xffff);
  invalidateSegs(c);
}

/** IRET in protected mode (not V86): task return, return to V86, same or outer level. */
export function iretPM(c: X86ProtCpu): void {
  if ((c.fl & NT) !== 0) {
    const back = c.sysRd16(c.trBase);
    taskSwitch(c, back, 2);
    return;
  }
  const v = c.opSize, b = v / 8;
  const eip = c.stackRd(0, v);
  const cs = c.stackRd(b, v) & 0xffff;
  const fl = c.stackRd(2 * b, v);
  if (v === 32 && (fl & VM) !== 0 && c.cpl === 0) {
    // Return to virtual-8086 mode (PRM §15.3.2): the frame also holds ESP SS ES DS FS GS.
    const esp = c.stackRd(12, 32), ss = c.stackRd(16, 32) & 0xffff;
    const es = c.stackRd(20, 32) & 0xffff, ds = c.stackRd(24, 32) & 0xffff;
    const fs = c.stackRd(28, 32) & 0xffff, gs = c.stackRd(32, 32) & 0xffff;
    c.writeEflags(fl, 0x277fd5 | VM | RF);
    c.cpl = 3;
    for (const [s, sel] of [[CS, cs], [SS, ss], [ES, es], [DS, ds], [FS, fs], [GS, gs]] as const) c.loadSeg(s, sel);
    c.updateMode();
    c.set32(SP, esp);
    c.ip = eip & 0xffff;
    return;
  }
  checkReturnCS(c, cs);
  const lo = c.dLo, hi = c.dHi;
  const rpl = cs & 3;
  const t = v === 16 ? eip & 0xffff : eip >>> 0;
  if (t > limitOf(c, lo, hi)) c.fault(13, 0);
  // Flag rules use the privilege before the return (PRM §17 IRET): IOPL at CPL 0, IF at CPL <= IOPL.
  let mask = 0x4dd5 | RF;
  if (c.cpl === 0) mask |= 0x3000;
  if (c.cpl <= c.iopl) mask |= IF;
  if (v === 16) mask &= 0xffff;
  if (rpl === c.cpl) {
    loadCS(c, cs, lo, hi, rpl);
    c.ip = t;
    const sp = c.getSP() + 3 * b;
    c.setSP(c.stk32 ? sp >>> 0 : sp & 0xffff);
    c.writeEflags(fl, mask);
    return;
  }
  const esp = c.stackRd(3 * b, v);
  const ss = c.stackRd(4 * b, v) & 0xffff;
  const prevCpl = c.cpl;
  c.cpl = rpl;
  try { loadStack(c, ss, rpl, 13); } catch (e) { c.cpl = prevCpl; throw e; }
  c.readDesc(cs);
  loadCS(c, cs, c.dLo, c.dHi, rpl);
  c.ip = t;
  c.setSP(c.stk32 ? esp >>> 0 : esp & 0xffff);
  c.writeEflags(fl, mask);
  invalidateSegs(c);
}

/** Interrupt or exception `vector` in protected mode (PRM §9.6). */
export function interruptPM(c: X86ProtCpu, vector: number, code: number, soft: boolean): void {
  const idtErr = vector * 8 + 2;
  if (vector * 8 + 7 > c.idtLimit) c.fault(13, idtErr);
  const lo = c.sysRd32(c.idtBase + vector * 8);
  const hi = c.sysRd32(c.idtBase + vector * 8 + 4);
  const acc = (hi >>> 8) & 0xff;
  const type = acc & 0x1f;
  if (type !== 5 && type !== 6 && type !== 7 && type !== 14 && type !== 15) c.fault(13, idtErr);
  if (soft && ((acc >> 5) & 3) < c.cpl) c.fault(13, idtErr);
  if ((acc & 0x80) === 0) c.fault(11, idtErr);
  if (type === 5) {
    taskSwitch(c, lo >>> 16, 1);
    if (code >= 0) pushW(c, c.trType === 9 || c.trType === 11 ? 32 : 16, code);
    return;
  }
  const size = type >= 14 ? 32 : 16;
  const sel = lo >>> 16;
  const off = size === 32 ? ((lo & 0xffff) | (hi & 0xffff0000)) >>> 0 : lo & 0xffff;
  if ((sel & 0xfffc) === 0) c.fault(13, 0);
  if (!c.readDesc(sel)) c.fault(13, selErr(sel));
  const clo = c.dLo, chi = c.dHi;
  const cacc = (chi >>> 8) & 0xff;
  const dpl = (cacc >> 5) & 3;
  if ((cacc & 0x18) !== 0x18 || dpl > c.cpl) c.fault(13, selErr(sel));
  if ((cacc & 0x80) === 0) c.fault(11, selErr(sel));
  const conforming = (cacc & 4) !== 0;
  const eflags = c.eflags;
  const oldCs = c.sreg[CS]!, oldIp = c.ip;
  if (c.v86) {
    if (conforming || dpl !== 0) c.fault(13, selErr(sel));
    const { ss, esp } = tssStack(c, 0);
    const oldSs = c.sreg[SS]!, oldEsp = c.get32(SP);
    const segs = [c.sreg[GS]!, c.sreg[FS]!, c.sreg[DS]!, c.sreg[ES]!];
    c.v86 = false;
    c.cpl = 0;
    loadStack(c, ss, 0, 10);
    c.setSP(esp);
    for (const s of segs) pushW(c, size, s);
    pushW(c, size, oldSs);
    pushW(c, size, oldEsp);
    for (const s of [GS, FS, DS, ES]) { c.sreg[s] = 0; c.segFlags[s] = 0; c.segBase[s] = 0; c.segLimit[s] = 0; }
  } else if (!conforming && dpl < c.cpl) {
    const { ss, esp } = tssStack(c, dpl);
    const oldSs = c.sreg[SS]!, oldEsp = c.getSP();
    const prevCpl = c.cpl;
    c.cpl = dpl;
    try { loadStack(c, ss, dpl, 10); } catch (e) { c.cpl = prevCpl; throw e; }
    c.setSP(c.stk32 ? esp : esp & 0xffff);
    pushW(c, size, oldSs);
    pushW(c, size, oldEsp);
  }
  pushW(c, size, size === 32 ? eflags : eflags & 0xffff);
  pushW(c, size, oldCs);
  pushW(c, size, oldIp);
  if (code >= 0) pushW(c, size, code);
  c.readDesc(sel);
  loadCS(c, sel, c.dLo, c.dHi, conforming ? c.cpl : dpl);
  void clo;
  c.ip = off;
  let f = c.flags & ~(TF | NT);
  if (type === 6 || type === 14) f &= ~IF;
  c.flags = f;
  c.rf = false;
  if (c.v86) c.v86 = false;
  c.updateMode();
}

/** Set or clear the busy bit of the TSS descriptor `sel` (in the GDT). */
export function taskSwitchBusy(c: X86ProtCpu, sel: number, busy: boolean): void {
  const a = c.gdtBase + (sel & 0xfff8) + 5;
  const cpl = c.cpl;
  c.cpl = 0;
  try {
    const acc = c.linRd8(a);
    c.linWr8(a, busy ? acc | 2 : acc & ~2);
  } finally { c.cpl = cpl; }
}

/**
 * Switch to the task `sel` (a TSS selector): 0 JMP, 1 CALL/INT (nesting: back link, NT), 2 IRET
 * (un-nesting). PRM §7.5 steps: check the new TSS, save the current state in the old TSS, update
 * the busy bits, load TR, CR3, LDTR, EFLAGS, the registers and the segments (#TS on a bad one),
 * set CR0.TS.
 */
export function taskSwitch(c: X86ProtCpu, sel: number, reason: number): void {
  if ((sel & 4) !== 0 || !c.readDesc(sel)) c.fault(reason === 2 ? 10 : 13, selErr(sel));
  const lo = c.dLo, hi = c.dHi;
  const acc = (hi >>> 8) & 0xff;
  const type = acc & 0x1f;
  const busy = (type & 2) !== 0;
  if ((type !== 1 && type !== 3 && type !== 9 && type !== 11) || (reason === 2 ? !busy : busy)) c.fault(reason === 2 ? 10 : 13, selErr(sel));
  if ((acc & 0x80) === 0) c.fault(11, selErr(sel));
  const nb = limitOf(c, lo, hi);
  const new32 = (type & 8) !== 0;
  if (nb < (new32 ? 0x67 : 0x2b)) c.fault(10, selErr(sel));
  const nbase = (c.constructor as unknown as X86ProtCpuStatic).descBase(lo, hi) | 0;

  // Save the outgoing task.
  const old32 = c.trType === 9 || c.trType === 11;
  const ob = c.trBase;
  let ef = c.eflags;
  if (reason === 2) ef &= ~NT;
  if (old32) {
    c.sysWr32(ob + 0x20, c.ip);
    c.sysWr32(ob + 0x24, ef);
    for (let n = 0; n < 8; n++) c.sysWr32(ob + 0x28 + n * 4, c.get32(n));
    for (let s = 0; s < 6; s++) c.sysWr16(ob + 0x48 + s * 4, c.sreg[s]!);
  } else {
    c.sysWr16(ob + 0x0e, c.ip);
    c.sysWr16(ob + 0x10, ef & 0xffff);
    for (let n = 0; n < 8; n++) c.sysWr16(ob + 0x12 + n * 2, c.r16[n]!);
    for (let s = 0; s < 4; s++) c.sysWr16(ob + 0x22 + s * 2, c.sreg[s]!);
  }
  if (reason !== 1) taskSwitchBusy(c, c.trSel, false);
  if (reason === 1) c.sysWr16(nbase, c.trSel);
  if (reason !== 2) taskSwitchBusy(c, sel, true);

  // Load the incoming task.
  c.trSel = sel; c.trBase = nbase; c.trLimit = nb; c.trType = (type | 2) & 0xf;
  let eip: number, nef: number, ldt: number;
  const segs = [0, 0, 0, 0, 0, 0];
  if (new32) {
    if (c.paging) { c.cr3 = c.sysRd32(nbase + 0x1c); c.flushTlb(); }
    eip = c.sysRd32(nbase + 0x20);
    nef = c.sysRd32(nbase + 0x24);
    for (let n = 0; n < 8; n++) c.set32(n, c.sysRd32(nbase + 0x28 + n * 4));
    for (let s = 0; s < 6; s++) segs[s] = c.sysRd16(nbase + 0x48 + s * 4);
    ldt = c.sysRd16(nbase + 0x60);
  } else {
    eip = c.sysRd16(nbase + 0x0e);
    nef = c.sysRd16(nbase + 0x10);
    for (let n = 0; n < 8; n++) { c.r16[n] = c.sysRd16(nbase + 0x12 + n * 2); c.r16hi[n] = 0xffff; }
    for (let s = 0; s < 4; s++) segs[s] = c.sysRd16(nbase + 0x22 + s * 2);
    ldt = c.sysRd16(nbase + 0x2a);
  }
  if (reason === 1) nef |= NT;
  c.cr0 |= 8; // TS
  c.ip = eip >>> 0;
  c.flags = (nef & c.flagsWritable) | c.fixedFlags;
  c.v86 = new32 && (nef & VM) !== 0;
  c.rf = false;
  // Selectors first (so a fault below shows the new task's values), then checked loads.
  for (let s = 0; s < 6; s++) { c.sreg[s] = segs[s]!; c.segFlags[s] = 0; }
  try {
    loadLdt(c, ldt, true);
  } catch (e) { c.faultVector = 10; c.faultCode = selErr(ldt); throw e; }
  if (c.v86) {
    c.cpl = 3;
    for (let s = 0; s < 6; s++) c.loadSeg(s, segs[s]!);
    c.updateMode();
    return;
  }
  const cs = segs[CS]!;
  c.cpl = cs & 3;
  if ((cs & 0xfffc) === 0 || !c.readDesc(cs) || ((c.dHi >>> 8) & 0x18) !== 0x18) c.fault(10, selErr(cs));
  loadCS(c, cs, c.dLo, c.dHi, cs & 3);
  loadStack(c, segs[SS]!, c.cpl, 10);
  for (const s of [ES, DS, FS, GS]) {
    try { c.loadSeg(s, segs[s]!); } catch (e) { if (c.faultVector === 13) c.faultVector = 10; throw e; }
  }
  c.updateMode();
}

/** LLDT (and a task switch's LDT load): a GDT selector of an LDT descriptor, or null. */
export function loadLdt(c: X86ProtCpu, sel: number, task = false): void {
  const vec = task ? 10 : 13;
  if ((sel & 0xfffc) === 0) { c.ldtSel = 0; c.ldtBase = 0; c.ldtLimit = 0; return; }
  if ((sel & 4) !== 0) c.fault(vec, selErr(sel));
  const save = c.ldtSel;
  if (!c.readDesc(sel)) c.fault(vec, selErr(sel));
  void save;
  const acc = (c.dHi >>> 8) & 0xff;
  if ((acc & 0x1f) !== 2) c.fault(vec, selErr(sel));
  if ((acc & 0x80) === 0) c.fault(task ? 10 : 11, selErr(sel));
  c.ldtSel = sel;
  c.ldtBase = (c.constructor as unknown as X86ProtCpuStatic).descBase(c.dLo, c.dHi) | 0;
  c.ldtLimit = limitOf(c, c.dLo, c.dHi);
}

/** LTR: an available TSS in the GDT, marked busy. */
export function loadTr(c: X86ProtCpu, sel: number): void {
  if ((sel & 0xfffc) === 0) c.fault(13, 0);
  if ((sel & 4) !== 0 || !c.readDesc(sel)) c.fault(13, selErr(sel));
  const acc = (c.dHi >>> 8) & 0xff;
  const type = acc & 0x1f;
  if (type !== 1 && type !== 9) c.fault(13, selErr(sel));
  if ((acc & 0x80) === 0) c.fault(11, selErr(sel));
  c.trSel = sel;
  c.trBase = (c.constructor as unknown as X86ProtCpuStatic).descBase(c.dLo, c.dHi) | 0;
  c.trLimit = limitOf(c, c.dLo, c.dHi);
  c.trType = type | 2;
  taskSwitchBusy(c, sel, true);
}

/** The access byte of descriptor `sel` for LAR/LSL/VERR/VERW, or -1 (null or beyond the table). */
export function accessRights(c: X86ProtCpu, sel: number, _system: boolean): number {
  if ((sel & 0xfffc) === 0) return -1;
  if (!c.readDesc(sel)) return -1;
  return (c.dHi >>> 8) & 0xff;
}

/**
 * IN/OUT/INS/OUTS permission (PRM §8.3): allowed in real mode and when CPL <= IOPL outside V86
 * mode; otherwise every bit of the port range in the 386 TSS's I/O permission bitmap must be 0.
 */
export function ioCheck(c: X86ProtCpu, port: number, len: number): void {
  if (!c.pm || (!c.v86 && c.cpl <= c.iopl)) return;
  if (c.trType !== 9 && c.trType !== 11) c.fault(13, 0);
  if (c.trLimit < 0x67) c.fault(13, 0);
  const mapBase = c.sysRd16(c.trBase + 0x66);
  const a = mapBase + (port >> 3);
  if (a + 1 > c.trLimit) c.fault(13, 0);
  const bits = c.sysRd16(c.trBase + a);
  const mask = ((1 << len) - 1) << (port & 7);
  if ((bits & mask) !== 0) c.fault(13, 0);
}

export const SEG_BIG_FLAG = SEG_BIG;
