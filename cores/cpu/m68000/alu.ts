/**
 * Arithmetic and logic with the 68000's condition codes (M68000 Programmer's Reference Manual,
 * section 3.6 and the per-instruction "Condition codes" tables). Values are int32; results come
 * back masked to the operand size (longs as int32). Sizes are bytes: 1, 2, 4.
 */
import type { M68000 } from './cpu.ts';

/** Sign bit and mask by operand size (index 1, 2, 4). */
export const MSB = new Int32Array([0, 0x80, 0x8000, 0, 0x80000000 | 0]);
export const MASK = new Int32Array([0, 0xff, 0xffff, 0, -1]);

/** Sign-extend a value of `size` bytes to int32. */
export function sext(v: number, size: number): number {
  return size === 1 ? (v << 24) >> 24 : size === 2 ? (v << 16) >> 16 : v | 0;
}

/** N and Z of a result, V and C cleared, X kept (MOVE, logic ops, TST, ...). */
export function setNZ(c: M68000, r: number, size: number): void {
  const m = r & MASK[size];
  c.sr = (c.sr & 0xfff0) | ((m & MSB[size]) !== 0 ? 8 : 0) | (m === 0 ? 4 : 0);
}

export function add(c: M68000, s: number, d: number, size: number): number {
  const r = (d + s) & MASK[size];
  const msb = MSB[size];
  const carry = ((s & d) | (~r & (s | d))) & msb;
  const ovf = (s ^ r) & (d ^ r) & msb;
  c.sr = (c.sr & 0xffe0) | (carry !== 0 ? 0x11 : 0) | (ovf !== 0 ? 2 : 0) | ((r & msb) !== 0 ? 8 : 0) | (r === 0 ? 4 : 0);
  return r;
}

export function sub(c: M68000, s: number, d: number, size: number): number {
  const r = (d - s) & MASK[size];
  const msb = MSB[size];
  const borrow = ((s & r) | (~d & (s | r))) & msb;
  const ovf = (s ^ d) & (r ^ d) & msb;
  c.sr = (c.sr & 0xffe0) | (borrow !== 0 ? 0x11 : 0) | (ovf !== 0 ? 2 : 0) | ((r & msb) !== 0 ? 8 : 0) | (r === 0 ? 4 : 0);
  return r;
}

/** CMP: like SUB but X is kept and nothing is stored. */
export function cmp(c: M68000, s: number, d: number, size: number): void {
  const r = (d - s) & MASK[size];
  const msb = MSB[size];
  const borrow = ((s & r) | (~d & (s | r))) & msb;
  const ovf = (s ^ d) & (r ^ d) & msb;
  c.sr = (c.sr & 0xfff0) | (borrow !== 0 ? 1 : 0) | (ovf !== 0 ? 2 : 0) | ((r & msb) !== 0 ? 8 : 0) | (r === 0 ? 4 : 0);
}

/** ADDX: Z is only cleared (multi-precision chains). */
export function addx(c: M68000, s: number, d: number, size: number): number {
  const x = (c.sr >>> 4) & 1;
  const r = (d + s + x) & MASK[size];
  const msb = MSB[size];
  const carry = ((s & d) | (~r & (s | d))) & msb;
  const ovf = (s ^ r) & (d ^ r) & msb;
  c.sr = (c.sr & (r === 0 ? 0xffe4 : 0xffe0)) | (carry !== 0 ? 0x11 : 0) | (ovf !== 0 ? 2 : 0) | ((r & msb) !== 0 ? 8 : 0);
  return r;
}

export function subx(c: M68000, s: number, d: number, size: number): number {
  const x = (c.sr >>> 4) & 1;
  const r = (d - s - x) & MASK[size];
  const msb = MSB[size];
  const borrow = ((s & r) | (~d & (s | r))) & msb;
  const ovf = (s ^ d) & (r ^ d) & msb;
  c.sr = (c.sr & (r === 0 ? 0xffe4 : 0xffe0)) | (borrow !== 0 ? 0x11 : 0) | (ovf !== 0 ? 2 : 0) | ((r & msb) !== 0 ? 8 : 0);
  return r;
}

/**
 * ABCD: decimal add with X. N and V are "undefined" in the manual; the chip sets N from bit 7 of
 * the result and V when the decimal correction turned bit 7 on (measured behaviour).
 */
export function abcd(c: M68000, s: number, d: number): number {
  const x = (c.sr >>> 4) & 1;
  const bin = (s & 0xff) + (d & 0xff) + x;
  let r = (s & 0x0f) + (d & 0x0f) + x;
  if (r > 9) r += 6;
  r += (s & 0xf0) + (d & 0xf0);
  // Decimal carry from the high digit alone (a corrected low digit may still read $A..$F).
  const carry = r >= 0xa0;
  if (carry) r += 0x60;
  const res = r & 0xff;
  const ovf = ~bin & res & 0x80;
  c.sr = (c.sr & (res === 0 ? 0xffe4 : 0xffe0)) | (carry ? 0x11 : 0) | (ovf !== 0 ? 2 : 0) | ((res & 0x80) !== 0 ? 8 : 0);
  return res;
}

/** SBCD (and NBCD with d = 0): decimal subtract with X. */
export function sbcd(c: M68000, s: number, d: number): number {
  const x = (c.sr >>> 4) & 1;
  const bin = ((d & 0xff) - (s & 0xff) - x) & 0x1ff;
  const lo = (d & 0x0f) - (s & 0x0f) - x;
  let r = bin;
  let carry = 0;
  if (lo < 0) r -= 6;
  if ((((d & 0xff) - (s & 0xff) - x) & 0x100) !== 0) {
    r -= 0x60;
    carry = 1;
  } else if (lo < 0 && (r & 0x100) !== 0) {
    carry = 1;
  }
  if (carry === 0 && lo < 0 && bin < 6) carry = 1;
  const res = r & 0xff;
  const ovf = bin & ~res & 0x80;
  c.sr = (c.sr & (res === 0 ? 0xffe4 : 0xffe0)) | (carry !== 0 ? 0x11 : 0) | (ovf !== 0 ? 2 : 0) | ((res & 0x80) !== 0 ? 8 : 0);
  return res;
}

/** Condition test cc (0..15) against the current CCR. */
export function cond(sr: number, cc: number): boolean {
  switch (cc) {
    case 0: return true;
    case 1: return false;
    case 2: return (sr & 5) === 0;
    case 3: return (sr & 5) !== 0;
    case 4: return (sr & 1) === 0;
    case 5: return (sr & 1) !== 0;
    case 6: return (sr & 4) === 0;
    case 7: return (sr & 4) !== 0;
    case 8: return (sr & 2) === 0;
    case 9: return (sr & 2) !== 0;
    case 10: return (sr & 8) === 0;
    case 11: return (sr & 8) !== 0;
    case 12: return ((sr >>> 3) & 1) === ((sr >>> 1) & 1);
    case 13: return ((sr >>> 3) & 1) !== ((sr >>> 1) & 1);
    case 14: return (sr & 4) === 0 && ((sr >>> 3) & 1) === ((sr >>> 1) & 1);
    default: return (sr & 4) !== 0 || ((sr >>> 3) & 1) !== ((sr >>> 1) & 1);
  }
}
