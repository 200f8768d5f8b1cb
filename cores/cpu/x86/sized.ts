/**
 * Operand-size and address-size support for the decoder: the 32-bit ModR/M + SIB effective
 * address (`decodeEA32`, selected by `X86Cpu.decodeEA` when `adSize` is 32), 32-bit fetches, and
 * width-selecting register/memory accessors (8/16/32, or "v" = the current `opSize`) for handlers
 * that a 386 model would add.
 *
 * Variants: none of today's models (8086/8088/80186) ever leaves 16-bit sizes: they have no 66h/67h
 * prefixes (`X86Cpu.hasSizePrefixes` is false) and no descriptor D bit, so nothing here runs on
 * their normal paths. The 16-bit EA path stays `decodeEA` in cpu.ts, untouched apart from one
 * test of `adSize` at its top.
 *
 * 32-bit registers: the 16-bit registers live in `r16` (with the byte view `r8`), 2 bytes apart, and
 * the hot 16-bit paths index them directly, so a `Uint32Array` over the same buffer cannot alias
 * them (it would need a 4-byte stride and a rewrite of every 16-bit access). Instead the high
 * halves are kept in `X86Cpu.r16hi`: EAX = r16[0] | r16hi[0] << 16. A 16-bit write leaves the high
 * half alone, which is exactly the 386's rule for writing AX while EAX is live.
 *
 * Not emulated here: 32-bit instructions themselves (a 386 adds handlers that read `opSize`),
 * segment-limit checks for 32-bit offsets (real mode on a 386 faults past FFFFh; here the
 * offset is simply added to the segment base), 386 EA clocks.
 *
 * Reference: Intel 80386 Programmer's Reference Manual (1986), §17.2.1 "ModR/M and SIB Bytes",
 * table 17-3 (32-bit addressing forms with the ModR/M byte) and table 17-4 (with the SIB byte);
 * §17.2.2.1 (operand-size and address-size attributes, prefixes 66h/67h).
 */
import type { X86Cpu } from './cpu.ts';
import * as Regs from './regs.ts';

// Module-level copies of imported values: see regs.ts for why (each imported binding is a getter under tsx).
const { SP, BP, SS, DS, BYTE_REG } = Regs;

/** A 32-bit register by ModR/M number (EAX ECX EDX EBX ESP EBP ESI EDI), unsigned. */
export function reg32(c: X86Cpu, n: number): number {
  return (c.r16[n]! | (c.r16hi[n]! << 16)) >>> 0;
}
export function setReg32(c: X86Cpu, n: number, v: number): void {
  c.r16[n] = v & 0xffff;
  c.r16hi[n] = (v >>> 16) & 0xffff;
}

/** Fetch a 32-bit little-endian immediate or displacement at CS:IP. */
export function fetch32(c: X86Cpu): number {
  const lo = c.fetch16();
  return (lo | (c.fetch16() << 16)) >>> 0;
}

/**
 * 32-bit effective address for ModR/M byte `m` (mod 0..2) already fetched: reads the SIB byte and
 * the displacement, sets mod/reg/rm, `ea` (unsigned 32-bit) and `eaSeg`.
 *
 * Table 17-3: mod 00 rm 101 is disp32 alone; rm 100 means a SIB byte follows; otherwise rm names
 * the base register, + disp8 (mod 01, sign-extended) or + disp32 (mod 10).
 * Table 17-4 (SIB = scale:2 index:3 base:3): index 100 means no index; base 101 with mod 00 means
 * disp32 and no base. The default segment is SS when the base register is ESP or EBP (an EBP
 * *index* does not change it), DS otherwise, and an override prefix wins.
 */
export function decodeEA32(c: X86Cpu, m: number): void {
  const mod = m >> 6;
  const rm = m & 7;
  c.mod = mod;
  c.reg = (m >> 3) & 7;
  c.rm = rm;
  let ea = 0;
  let seg = DS;
  if (rm === 4) {
    const sib = c.fetch8();
    const index = (sib >> 3) & 7;
    const base = sib & 7;
    if (index !== 4) ea = reg32(c, index) << (sib >> 6);
    if (base === 5 && mod === 0) {
      ea += fetch32(c);
    } else {
      ea += reg32(c, base);
      if (base === SP || base === BP) seg = SS;
    }
  } else if (rm === 5 && mod === 0) {
    ea = fetch32(c);
  } else {
    ea = reg32(c, rm);
    if (rm === BP) seg = SS;
  }
  if (mod === 1) ea += (c.fetch8() << 24) >> 24;
  else if (mod === 2) ea += fetch32(c);
  c.ea = ea >>> 0;
  c.eaSeg = c.segOvr >= 0 ? c.segOvr : seg;
  // UNVERIFIED: the 80386's instruction clock counts (PRM chapter 17) include the usual EA
  // calculation, so nothing is charged here; a 386 model would revisit this with its timing table.
}

// ---- width-selecting accessors ---------------------------------------------------------------
// `w` is 8, 16 or 32. These are for the decoder layer and future sized handlers; today's hot
// 16-bit handlers keep their direct r16/r8 accesses.

/** Register `n` (ModR/M numbering: for 8 bits AL CL DL BL AH CH DH BH). */
export function getReg(c: X86Cpu, w: number, n: number): number {
  if (w === 8) return c.r8[BYTE_REG[n]!]!;
  if (w === 16) return c.r16[n]!;
  return reg32(c, n);
}
export function setReg(c: X86Cpu, w: number, n: number, v: number): void {
  if (w === 8) c.r8[BYTE_REG[n]!] = v;
  else if (w === 16) c.r16[n] = v;
  else setReg32(c, n, v);
}

/** A 32-bit memory operand: two word accesses (offset + 2 wraps like the address size). */
export function rd32(c: X86Cpu, s: number, off: number): number {
  const hi = c.adSize === 16 ? (off + 2) & 0xffff : (off + 2) >>> 0;
  const lo = c.rd16(s, off);
  return (lo | (c.rd16(s, hi) << 16)) >>> 0;
}
export function wr32(c: X86Cpu, s: number, off: number, v: number): void {
  const hi = c.adSize === 16 ? (off + 2) & 0xffff : (off + 2) >>> 0;
  c.wr16(s, off, v & 0xffff);
  c.wr16(s, hi, (v >>> 16) & 0xffff);
}

export function rdMem(c: X86Cpu, w: number, s: number, off: number): number {
  if (w === 8) return c.rd8(s, off);
  if (w === 16) return c.rd16(s, off);
  return rd32(c, s, off);
}
export function wrMem(c: X86Cpu, w: number, s: number, off: number, v: number): void {
  if (w === 8) c.wr8(s, off, v);
  else if (w === 16) c.wr16(s, off, v);
  else wr32(c, s, off, v);
}

/** The r/m operand of the decoded ModR/M byte (register when mod = 3, else memory at eaSeg:ea). */
export function getRM(c: X86Cpu, w: number): number {
  return c.mod === 3 ? getReg(c, w, c.rm) : rdMem(c, w, c.eaSeg, c.ea);
}
export function setRM(c: X86Cpu, w: number, v: number): void {
  if (c.mod === 3) setReg(c, w, c.rm, v); else wrMem(c, w, c.eaSeg, c.ea, v);
}

/** "v"-sized operands (Intel's notation: word or dword by the operand-size attribute). */
export function getRegV(c: X86Cpu, n: number): number { return getReg(c, c.opSize, n); }
export function setRegV(c: X86Cpu, n: number, v: number): void { setReg(c, c.opSize, n, v); }
export function getRMV(c: X86Cpu): number { return getRM(c, c.opSize); }
export function setRMV(c: X86Cpu, v: number): void { setRM(c, c.opSize, v); }
/** An immediate of the operand size (iw or id). */
export function fetchV(c: X86Cpu): number { return c.opSize === 16 ? c.fetch16() : fetch32(c); }
/** A memory offset of the address size (moffs of A0h-A3h, disp of mod 00 rm 6/5). */
export function fetchOffset(c: X86Cpu): number { return c.adSize === 16 ? c.fetch16() : fetch32(c); }
