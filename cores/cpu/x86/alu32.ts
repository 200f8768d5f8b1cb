/**
 * 32-bit ALU of the 80386: ADD/OR/ADC/SBB/AND/SUB/XOR/CMP, INC/DEC, shifts and rotates (8/16/32
 * bits with the 386's count masked to 5 bits), SHLD/SHRD, and the 32-bit MUL/IMUL/DIV/IDIV.
 * Flags are computed eagerly (the lazy kinds in cpu.ts `lz` cover 8/16-bit results only).
 *
 * Undefined flags follow a fixed rule: AF cleared by logic ops and shifts, SZP from the result
 * for shifts and multiplies; OF after a multi-bit shift as for a one-bit shift of the last step
 * (UNVERIFIED against a real 386; test386's "undefined behaviour" test is not enabled in the
 * binary used).
 * Reference: Intel 80386 Programmer's Reference Manual (1986), §17.2 (instruction pages: ADD,
 * RCL/RCR/ROL/ROR, SAL/SAR/SHL/SHR, SHLD, SHRD, MUL, IMUL, DIV, IDIV; flags appendix C).
 */
import type { X86Cpu } from './cpu.ts';
import * as Flags from './flags.ts';

// Module-level copies of imported values: see regs.ts for why (each imported binding is a getter under tsx).
const { AF, CF, OF, SF, ZF, ARITH, PARITY } = Flags;

/** SF ZF PF of a 32-bit result. */
export function szp32(r: number): number {
  return PARITY[r & 0xff]! | (r === 0 ? ZF : 0) | ((r >>> 31) !== 0 ? SF : 0);
}

/** 32-bit ALU op `k` (0 ADD, 1 OR, 2 ADC, 3 SBB, 4 AND, 5 SUB, 6 XOR, 7 CMP) on unsigned a, b. */
export function alu32(c: X86Cpu, k: number, a: number, b: number): number {
  a >>>= 0; b >>>= 0;
  let r: number, f: number;
  switch (k) {
    case 0: case 2: {
      const full = a + b + (k === 2 ? c.carry() : 0);
      r = full >>> 0;
      f = (full > 0xffffffff ? CF : 0) | ((a ^ b ^ r) & AF) | ((((a ^ r) & (b ^ r)) >>> 31) !== 0 ? OF : 0);
      break;
    }
    case 3: case 5: case 7: {
      const cin = k === 3 ? c.carry() : 0;
      r = (a - b - cin) >>> 0;
      f = (a < b + cin ? CF : 0) | ((a ^ b ^ r) & AF) | ((((a ^ b) & (a ^ r)) >>> 31) !== 0 ? OF : 0);
      break;
    }
    case 1: r = (a | b) >>> 0; f = 0; break;
    case 4: r = (a & b) >>> 0; f = 0; break;
    default: r = (a ^ b) >>> 0; f = 0; break;
  }
  c.flags = (c.flags & ~ARITH) | f | szp32(r);
  return r;
}

export function inc32(c: X86Cpu, a: number): number {
  const r = (a + 1) >>> 0;
  c.flags = (c.flags & ~(ARITH & ~CF)) | szp32(r) | ((a ^ r) & AF) | (r === 0x80000000 ? OF : 0);
  return r;
}
export function dec32(c: X86Cpu, a: number): number {
  const r = (a - 1) >>> 0;
  c.flags = (c.flags & ~(ARITH & ~CF)) | szp32(r) | ((a ^ r) & AF) | (r === 0x7fffffff ? OF : 0);
  return r;
}

function szpW(r: number, bits: number): number {
  if (bits === 32) return szp32(r);
  const m = bits === 8 ? 0xff : 0xffff;
  const v = r & m;
  return PARITY[v & 0xff]! | (v === 0 ? ZF : 0) | ((v >>> (bits - 1)) & 1 ? SF : 0);
}

/**
 * Shift/rotate `op` (ModR/M reg: 0 ROL 1 ROR 2 RCL 3 RCR 4 SHL 5 SHR 6 SAL 7 SAR) of `v` (`bits`
 * wide) by `count`, already masked to 5 bits by the caller. A zero count changes nothing.
 */
export function shift386(c: X86Cpu, op: number, v: number, count: number, bits: number): number {
  if (count === 0) return v;
  const mask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
  const top = bits - 1;
  v = (v & mask) >>> 0;
  let f = c.flags;
  let r: number, cf: number;
  switch (op) {
    case 0: { // ROL
      const n = count % bits;
      r = n === 0 ? v : (((v << n) | (v >>> (bits - n))) & mask) >>> 0;
      cf = r & 1;
      f = (f & ~(CF | OF)) | cf | ((((r >>> top) & 1) ^ cf) !== 0 ? OF : 0);
      c.flags = f;
      return r;
    }
    case 1: { // ROR
      const n = count % bits;
      r = n === 0 ? v : (((v >>> n) | (v << (bits - n))) & mask) >>> 0;
      cf = (r >>> top) & 1;
      f = (f & ~(CF | OF)) | cf | ((((r >>> top) ^ (r >>> (top - 1))) & 1) !== 0 ? OF : 0);
      c.flags = f;
      return r;
    }
    case 2: { // RCL through CF
      cf = f & CF;
      r = v;
      const n = count % (bits + 1);
      for (let i = 0; i < n; i++) {
        const out = (r >>> top) & 1;
        r = (((r << 1) | cf) & mask) >>> 0;
        cf = out;
      }
      f = (f & ~(CF | OF)) | cf | ((((r >>> top) & 1) ^ cf) !== 0 ? OF : 0);
      c.flags = f;
      return r;
    }
    case 3: { // RCR
      cf = f & CF;
      r = v;
      const n = count % (bits + 1);
      for (let i = 0; i < n; i++) {
        const out = r & 1;
        r = ((r >>> 1) | (cf !== 0 ? 1 << top : 0)) >>> 0;
        r = (r & mask) >>> 0;
        cf = out;
      }
      f = (f & ~(CF | OF)) | cf | ((((r >>> top) ^ (r >>> (top - 1))) & 1) !== 0 ? OF : 0);
      c.flags = f;
      return r;
    }
    case 4: case 6: { // SHL/SAL
      if (count > bits) { r = 0; cf = 0; } else if (count === bits) { r = 0; cf = v & 1; } else { cf = (v >>> (bits - count)) & 1; r = ((v << count) & mask) >>> 0; }
      f = (f & ~ARITH) | cf | szpW(r, bits) | ((((r >>> top) & 1) ^ cf) !== 0 ? OF : 0);
      c.flags = f;
      return r;
    }
    case 5: { // SHR
      if (count > bits) { r = 0; cf = 0; } else { cf = (v >>> (count - 1)) & 1; r = count === bits ? 0 : v >>> count; }
      f = (f & ~ARITH) | cf | szpW(r, bits) | (((v >>> top) & 1) !== 0 ? OF : 0);
      c.flags = f;
      return r;
    }
    default: { // SAR
      const sv = bits === 32 ? v | 0 : (v << (32 - bits)) >> (32 - bits);
      if (count >= bits) { r = sv < 0 ? mask >>> 0 : 0; cf = sv < 0 ? 1 : 0; } else { cf = (sv >> (count - 1)) & 1; r = ((sv >> count) & mask) >>> 0; }
      f = (f & ~ARITH) | cf | szpW(r, bits);
      c.flags = f;
      return r;
    }
  }
}

/**
 * SHLD (left) / SHRD: shift `dst` by `count` (masked to 5 bits by the caller), filling from `src`.
 * A count above the operand size (16-bit forms) leaves an undefined result; we shift through
 * the 32-bit concatenation (UNVERIFIED).
 */
export function shiftDouble(c: X86Cpu, left: boolean, dst: number, src: number, count: number, bits: number): number {
  if (count === 0) return dst;
  const mask = bits === 32 ? 0xffffffff : 0xffff;
  let r: number, cf: number;
  if (bits === 32) {
    if (left) { r = ((dst << count) | (src >>> (32 - count))) >>> 0; cf = (dst >>> (32 - count)) & 1; }
    else { r = ((dst >>> count) | (src << (32 - count))) >>> 0; cf = (dst >>> (count - 1)) & 1; }
  } else {
    // 16-bit forms through the 32-bit pair (dst:src or src:dst); counts above 16 give the
    // "undefined" result of continuing through the pair (UNVERIFIED).
    if (left) {
      const t = (((dst & 0xffff) << 16) | (src & 0xffff)) >>> 0;
      r = ((t << count) >>> 16) & 0xffff;
      cf = (t >>> (32 - count)) & 1;
    } else {
      const t = (((src & 0xffff) << 16) | (dst & 0xffff)) >>> 0;
      r = (t >>> count) & 0xffff;
      cf = (t >>> (count - 1)) & 1;
    }
  }
  r = (r & mask) >>> 0;
  const top = bits - 1;
  const of = (((r ^ dst) >>> top) & 1) !== 0 ? OF : 0;
  c.flags = (c.flags & ~ARITH) | cf | szpW(r, bits) | of;
  return r;
}

/** Unsigned 32 x 32 -> 64: returns [lo, hi] into `out`. */
export function mul32(a: number, b: number, out: Uint32Array): void {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  out[0] = ((mid & 0xffff) << 16) | (ll & 0xffff);
  out[1] = hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 0x10000);
}

/** Signed 32 x 32 -> 64 into `out` (two's complement halves). */
export function imul32(a: number, b: number, out: Uint32Array): void {
  const p = BigInt.asUintN(64, BigInt(a | 0) * BigInt(b | 0));
  out[0] = Number(p & 0xffffffffn);
  out[1] = Number(p >> 32n);
}
