/**
 * Shifts and rotates (ASL ASR LSL LSR ROL ROR ROXL ROXR, register and memory forms), the bit
 * operations (BTST BCHG BCLR BSET, dynamic and static), MULU/MULS and DIVU/DIVS.
 *
 * Timing: shifts take 6+2n (byte/word) or 8+2n (long) cycles on a register; MULU 38+2n where n is
 * the number of ones in the source, MULS 38+2n where n counts 01/10 pairs in the source shifted
 * left once (68000 UM section 8). DIVU/DIVS follow the microcode's per-bit loop as measured by
 * Jorge Cwik ("Exact 68000 DIVU/DIVS timing", 2005): our loops count the same steps.
 */
import { MASK, MSB, setNZ } from './alu.ts';
import type { M68000 } from './cpu.ts';
import { SIZE } from './ops-alu.ts';

/**
 * Shift `d` (size bytes) by `n` with kind 0 AS, 1 LS, 2 ROX, 3 RO, left or right; sets flags and
 * returns the result.
 */
function shift(c: M68000, kind: number, left: boolean, d: number, n: number, size: number): number {
  const mask = MASK[size];
  const msb = MSB[size];
  const bits = size * 8;
  let v = d & mask;
  let sr = c.sr;
  let carry = 0;
  let ovf = 0;
  if (n === 0) {
    // C cleared (ROXx: C = X); X unaffected.
    carry = kind === 2 ? (sr >>> 4) & 1 : 0;
    c.sr = (sr & 0xfff0) | carry | ((v & msb) !== 0 ? 8 : 0) | (v === 0 ? 4 : 0);
    return v;
  }
  switch (kind) {
    case 0:
      if (left) {
        for (let i = 0; i < n; i++) {
          carry = (v & msb) !== 0 ? 1 : 0;
          const nv = (v << 1) & mask;
          if (((nv ^ v) & msb) !== 0) ovf = 2;
          v = nv;
        }
      } else {
        for (let i = 0; i < n; i++) {
          carry = v & 1;
          v = ((v & msb) | (v >>> 1)) & mask;
          if (size === 4) v |= 0;
        }
        // Clock Signal's model: past the operand width, X and C end up clear (MAME: the sign).
        if (n > bits && c.clk) carry = 0;
      }
      sr = (sr & 0xffe0) | (carry !== 0 ? 0x11 : 0) | ovf;
      break;
    case 1:
      if (n > bits) {
        carry = 0;
        v = 0;
      } else if (left) {
        carry = n === bits ? v & 1 : (v >>> (bits - n)) & 1;
        v = n === bits ? 0 : (v << n) & mask;
      } else {
        carry = (v >>> (n - 1)) & 1;
        v = n === bits ? 0 : (v >>> n) & mask;
      }
      sr = (sr & 0xffe0) | (carry !== 0 ? 0x11 : 0);
      break;
    case 2: {
      let x = (sr >>> 4) & 1;
      for (let i = 0; i < n; i++) {
        if (left) {
          carry = (v & msb) !== 0 ? 1 : 0;
          v = ((v << 1) | x) & mask;
        } else {
          carry = v & 1;
          v = ((v >>> 1) | (x !== 0 ? msb : 0)) & mask;
        }
        x = carry;
      }
      sr = (sr & 0xffe0) | (carry !== 0 ? 0x11 : 0);
      break;
    }
    default: {
      const k = n & (bits - 1);
      if (k !== 0) v = left ? ((v << k) | (v >>> (bits - k))) & mask : ((v >>> k) | (v << (bits - k))) & mask;
      carry = left ? v & 1 : (v & msb) !== 0 ? 1 : 0;
      sr = (sr & 0xfff0) | carry;
      break;
    }
  }
  v &= mask;
  c.sr = (sr & 0xfff3) | ((v & msb) !== 0 ? 8 : 0) | (v === 0 ? 4 : 0);
  return v;
}

/** Register shifts: 1110 ccc d ss i kk rrr. */
export function shiftReg(c: M68000, op: number): void {
  const size = SIZE[(op >>> 6) & 3];
  const reg = op & 7;
  const kind = (op >>> 3) & 3;
  const left = (op & 0x100) !== 0;
  const cnt = (op >>> 9) & 7;
  const n = (op & 0x20) !== 0 ? c.r[cnt] & 63 : cnt || 8;
  const r = shift(c, kind, left, c.r[reg], n, size);
  c.prefetch();
  c.cycles += (size === 4 ? 4 : 2) + 2 * n;
  c.setD(reg, size, r);
}

/** Memory shifts by one: 1110 0kk d 11 mmmrrr (word). */
export function shiftMem(c: M68000, op: number): void {
  const a = c.eaAddr((op >>> 3) & 7, op & 7, 2);
  const d = c.rd16(a);
  const r = shift(c, (op >>> 9) & 3, (op & 0x100) !== 0, d, 1, 2);
  c.prefetch();
  c.wr16(a, r);
}

/** BTST BCHG BCLR BSET; `imm` = static form (bit number in an extension word). kind 0..3. */
export function makeBit(imm: boolean) {
  return (c: M68000, op: number): void => {
    const kind = (op >>> 6) & 3;
    const mode = (op >>> 3) & 7;
    const reg = op & 7;
    const bit = imm ? c.ext16() & 0xff : c.r[(op >>> 9) & 7];
    if (mode === 0) {
      const b = bit & 31;
      const m = 1 << b;
      const v = c.r[reg];
      c.sr = (c.sr & ~4) | ((v & m) === 0 ? 4 : 0);
      c.prefetch();
      if (kind === 0) c.cycles += 2;
      else {
        c.cycles += kind === 2 ? 4 : 2;
        if (b >= 16) c.cycles += 2;
        c.r[reg] = kind === 1 ? v ^ m : kind === 2 ? v & ~m : v | m;
      }
      return;
    }
    const m = 1 << (bit & 7);
    if (mode === 7 && reg === 4) {
      // BTST Dn,#imm.
      const v = c.ext16() & 0xff;
      c.sr = (c.sr & ~4) | ((v & m) === 0 ? 4 : 0);
      c.prefetch();
      c.cycles += 2;
      return;
    }
    const a = c.eaAddr(mode, reg, 1);
    const v = mode === 7 && reg >= 2 ? c.rdPc(a, 1) : c.rd8(a);
    c.sr = (c.sr & ~4) | ((v & m) === 0 ? 4 : 0);
    c.prefetch();
    if (kind === 0) return;
    c.wr8(a, kind === 1 ? v ^ m : kind === 2 ? v & ~m : v | m);
  };
}

/** MULU / MULS <ea>,Dn. */
export function makeMul(signed: boolean) {
  return (c: M68000, op: number): void => {
    const dn = (op >>> 9) & 7;
    const s = c.readEa((op >>> 3) & 7, op & 7, 2) & 0xffff;
    let n = 0;
    let r: number;
    if (signed) {
      let t = (s << 1) & 0x1ffff;
      for (let i = 0; i < 16; i++, t >>>= 1) if ((t & 3) === 1 || (t & 3) === 2) n++;
      r = Math.imul((s << 16) >> 16, (c.r[dn] << 16) >> 16);
    } else {
      for (let t = s; t !== 0; t >>>= 1) n += t & 1;
      r = Math.imul(s, c.r[dn] & 0xffff);
    }
    c.prefetch();
    c.cycles += 34 + 2 * n;
    c.r[dn] = r;
    c.sr = (c.sr & 0xfff0) | (r < 0 ? 8 : 0) | (r === 0 ? 4 : 0);
  };
}

/** DIVU <ea>,Dn. */
export function divu(c: M68000, op: number): void {
  const dn = (op >>> 9) & 7;
  const s = c.readEa((op >>> 3) & 7, op & 7, 2) & 0xffff;
  if (s === 0) {
    divZero(c);
    return;
  }
  const dividend = c.r[dn] >>> 0;
  if (dividend >>> 16 >= s) {
    c.cycles += 6;
    divOverflow(c);
    c.prefetch();
    return;
  }
  // Cwik: 38 microcycles base, +2 per quotient bit whose trial subtraction did not set it... (x2).
  let mc = 38;
  const hd = s * 65536;
  let rem = dividend;
  for (let i = 0; i < 15; i++) {
    const top = rem >= 0x80000000;
    rem = (rem * 2) % 0x100000000;
    if (top) rem = (rem - hd + 0x100000000) % 0x100000000;
    else {
      mc += 2;
      if (rem >= hd) {
        rem -= hd;
        mc--;
      }
    }
  }
  const q = Math.floor(dividend / s);
  const rm = dividend - q * s;
  c.cycles += mc * 2 - 4;
  c.r[dn] = (rm << 16) | (q & 0xffff);
  c.sr = (c.sr & 0xfff0) | ((q & 0x8000) !== 0 ? 8 : 0) | ((q & 0xffff) === 0 ? 4 : 0);
  c.prefetch();
}

/** DIVS <ea>,Dn. */
export function divs(c: M68000, op: number): void {
  const dn = (op >>> 9) & 7;
  const s = (c.readEa((op >>> 3) & 7, op & 7, 2) << 16) >> 16;
  if (s === 0) {
    divZero(c);
    return;
  }
  const dividend = c.r[dn];
  let mc = dividend < 0 ? 7 : 6;
  const ad = Math.abs(dividend);
  const as = Math.abs(s);
  // Overflow found before the loop: the dividend's high word is not below the divisor (Cwik), or,
  // in Clock Signal's model, any absolute quotient beyond 15 bits.
  if (c.clk ? Math.floor(ad / as) > 0x7fff : Math.floor(ad / 65536) >= as) {
    c.cycles += (mc + 2) * 2 - 4;
    divOverflow(c);
    c.prefetch();
    return;
  }
  let aq = Math.floor(ad / as);
  mc += 55;
  if (s >= 0) mc += dividend >= 0 ? -1 : 1;
  for (let i = 0; i < 15; i++) {
    if ((aq & 0x8000) === 0) mc++;
    aq = (aq << 1) & 0xffff;
  }
  const q = Math.trunc(dividend / s);
  const rm = dividend - q * s;
  if (q > 32767 || q < -32768) {
    c.cycles += mc * 2 - 4;
    divOverflow(c);
    c.prefetch();
    return;
  }
  c.cycles += mc * 2 - 4;
  c.r[dn] = (rm << 16) | (q & 0xffff);
  c.sr = (c.sr & 0xfff0) | ((q & 0x8000) !== 0 ? 8 : 0) | ((q & 0xffff) === 0 ? 4 : 0);
  c.prefetch();
}

/** Overflow: V set, C clear; N set and Z clear (MAME) or N, Z kept (Clock Signal). */
function divOverflow(c: M68000): void {
  c.sr = c.clk ? (c.sr & 0xfffc) | 2 : (c.sr & 0xfff0) | 0xa;
}

/** Division by zero: vector 5. UNVERIFIED timing placement; checked by the suites' totals. */
function divZero(c: M68000): void {
  c.cycles += 8;
  c.sr &= 0xfff0;
  c.exception(5, c.pc);
}

export { setNZ };
