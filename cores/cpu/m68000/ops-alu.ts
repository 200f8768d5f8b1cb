/**
 * Two-operand arithmetic and logic: ADD, SUB, CMP, AND, OR, EOR (register and memory forms),
 * ADDA/SUBA/CMPA, the immediates (ORI ANDI SUBI ADDI EORI CMPI), ADDQ/SUBQ, ADDX/SUBX, ABCD/SBCD,
 * CMPM, and the one-operand NEG NEGX NOT CLR TST NBCD.
 *
 * Bus order per the 68000 UM section 8 timing tables: operand read(s), then the prefetch of the
 * next word, then the write; long register operations add internal cycles after the prefetch.
 */
import { abcd, add, addx, cmp, MASK, sbcd, setNZ, sext, sub, subx } from './alu.ts';
import type { M68000 } from './cpu.ts';

/** Size from bits 7..6 (00 byte, 01 word, 10 long). */
export const SIZE = [1, 2, 4, 0];

/** Operation kinds shared by the handlers below. */
export const enum Op { Add, Sub, And, Or, Eor, Cmp }

function alu(c: M68000, kind: Op, s: number, d: number, size: number): number {
  switch (kind) {
    case Op.Add: return add(c, s, d, size);
    case Op.Sub: return sub(c, s, d, size);
    case Op.Cmp: cmp(c, s, d, size); return d;
    case Op.And: { const r = (s & d) & MASK[size]; setNZ(c, r, size); return r; }
    case Op.Or: { const r = (s | d) & MASK[size]; setNZ(c, r, size); return r; }
    default: { const r = (s ^ d) & MASK[size]; setNZ(c, r, size); return r; }
  }
}

/** OP <ea>,Dn  (ADD SUB AND OR CMP). */
export function makeEaToDn(kind: Op) {
  return (c: M68000, op: number): void => {
    const size = SIZE[(op >>> 6) & 3];
    const mode = (op >>> 3) & 7;
    const reg = op & 7;
    const dn = (op >>> 9) & 7;
    const s = c.readEa(mode, reg, size);
    const r = alu(c, kind, s, c.r[dn], size);
    c.prefetch();
    if (size === 4) {
      if (kind === Op.Cmp) c.cycles += 2;
      else c.cycles += mode === 0 || mode === 1 || (mode === 7 && reg === 4) ? 4 : 2;
    }
    if (kind !== Op.Cmp) c.setD(dn, size, r);
  };
}

/** OP Dn,<ea>  memory destination (ADD SUB AND OR EOR); EOR also to Dn. */
export function makeDnToEa(kind: Op) {
  return (c: M68000, op: number): void => {
    const size = SIZE[(op >>> 6) & 3];
    const mode = (op >>> 3) & 7;
    const reg = op & 7;
    aluToEa(c, kind, c.r[(op >>> 9) & 7], mode, reg, size);
  };
}

/** ADDA SUBA CMPA <ea>,An. */
export function makeAddrOp(kind: Op) {
  return (c: M68000, op: number): void => {
    const size = (op & 0x100) !== 0 ? 4 : 2;
    const mode = (op >>> 3) & 7;
    const reg = op & 7;
    const an = 8 + ((op >>> 9) & 7);
    const s = sext(c.readEa(mode, reg, size), size);
    c.prefetch();
    if (kind === Op.Cmp) {
      cmp(c, s, c.r[an], 4);
      c.cycles += 2;
      return;
    }
    c.r[an] = kind === Op.Add ? c.r[an] + s : c.r[an] - s;
    c.cycles += size === 2 || mode === 0 || mode === 1 || (mode === 7 && reg === 4) ? 4 : 2;
  };
}

/** ORI ANDI SUBI ADDI EORI CMPI #imm,<ea>. */
export function makeImm(kind: Op) {
  return (c: M68000, op: number): void => {
    const size = SIZE[(op >>> 6) & 3];
    const mode = (op >>> 3) & 7;
    const reg = op & 7;
    const s = size === 4 ? c.ext32() : size === 2 ? c.ext16() : c.ext16() & 0xff;
    if (mode === 0) {
      const r = alu(c, kind, s, c.r[reg], size);
      c.prefetch();
      if (size === 4) c.cycles += kind === Op.Cmp ? 2 : 4;
      if (kind !== Op.Cmp) c.setD(reg, size, r);
      return;
    }
    const a = c.eaAddr(mode, reg, size);
    const d = c.read(a, size);
    const r = alu(c, kind, s, d, size);
    c.prefetch();
    if (kind === Op.Cmp) return;
    if (size === 4) c.wr32lo(a, r);
    else c.write(a, size, r);
  };
}

/** ADDQ SUBQ #q,<ea>. */
export function makeQuick(kind: Op) {
  return (c: M68000, op: number): void => {
    const size = SIZE[(op >>> 6) & 3];
    const mode = (op >>> 3) & 7;
    const reg = op & 7;
    const q = ((op >>> 9) & 7) || 8;
    if (mode === 1) {
      c.r[8 + reg] = kind === Op.Add ? c.r[8 + reg] + q : c.r[8 + reg] - q;
      c.prefetch();
      // 8 cycles (68000 UM table 8-4); Clock Signal's model times the .L form at 6.
      c.cycles += size === 4 && c.clk ? 2 : 4;
      return;
    }
    aluToEa(c, kind, q, mode, reg, size);
  };
}

/**
 * `src OP <ea>` with the result written back to the destination: Dn (a .L result costs 4 more
 * cycles, 68000 UM table 8-4) or memory (read, operate, prefetch, then write: the UM's order).
 */
function aluToEa(c: M68000, kind: Op, src: number, mode: number, reg: number, size: number): void {
  if (mode === 0) {
    const r = alu(c, kind, src, c.r[reg], size);
    c.prefetch();
    if (size === 4) c.cycles += 4;
    c.setD(reg, size, r);
    return;
  }
  const a = c.eaAddr(mode, reg, size);
  const d = c.read(a, size);
  const r = alu(c, kind, src, d, size);
  c.prefetch();
  if (size === 4) c.wr32lo(a, r);
  else c.write(a, size, r);
}

/** ADDX SUBX ABCD SBCD: Dy,Dx or -(Ay),-(Ax). `bcd` selects the decimal forms (byte only). */
export function makeExtended(isAdd: boolean, bcd: boolean) {
  return (c: M68000, op: number): void => {
    const size = bcd ? 1 : SIZE[(op >>> 6) & 3];
    const rx = (op >>> 9) & 7;
    const ry = op & 7;
    if ((op & 8) === 0) {
      const s = c.r[ry];
      const d = c.r[rx];
      const r = bcd ? (isAdd ? abcd(c, s, d) : sbcd(c, s, d)) : isAdd ? addx(c, s, d, size) : subx(c, s, d, size);
      c.prefetch();
      if (bcd) c.cycles += 2;
      else if (size === 4) c.cycles += 4;
      c.setD(rx, size, r);
      return;
    }
    // Memory form: -(Ay),-(Ax).
    c.cycles += 2;
    // For the stacked PC of an address error (MAME model), ADDX/SUBX.L count as word accesses.
    c.eaKind = 4;
    c.eaSize = size === 4 ? 2 : size;
    let s: number;
    let d: number;
    let ad: number;
    if (size === 4) {
      const as = c.r[8 + ry] - 2;
      // MAME: a faulting first read leaves Ay untouched.
      c.r[8 + ry] = !c.clk && (as & 1) !== 0 ? as + 2 : as;
      const lo = c.rd16(as);
      c.r[8 + ry] = as - 2;
      const hi = c.rd16(as - 2);
      s = (hi << 16) | lo;
      ad = c.r[8 + rx] - 2;
      c.r[8 + rx] = !c.clk && (ad & 1) !== 0 ? ad + 2 : ad;
      const dlo = c.rd16(ad);
      c.r[8 + rx] = ad - 2;
      const dhi = c.rd16(ad - 2);
      d = (dhi << 16) | dlo;
      ad -= 2;
    } else {
      const as = c.r[8 + ry] - (size === 1 && ry === 7 ? 2 : size);
      c.r[8 + ry] = as;
      s = c.read(as, size);
      ad = c.r[8 + rx] - (size === 1 && rx === 7 ? 2 : size);
      c.r[8 + rx] = ad;
      d = c.read(ad, size);
    }
    const r = bcd ? (isAdd ? abcd(c, s, d) : sbcd(c, s, d)) : isAdd ? addx(c, s, d, size) : subx(c, s, d, size);
    if (size === 4) {
      c.wr16(ad + 2, r & 0xffff);
      c.prefetch();
      c.wr16(ad, r >>> 16);
    } else {
      c.prefetch();
      c.write(ad, size, r);
    }
  };
}

/** CMPM (Ay)+,(Ax)+. */
export function cmpm(c: M68000, op: number): void {
  const size = SIZE[(op >>> 6) & 3];
  if (!c.clk && size !== 1) {
    // MAME: a faulting Ay has advanced by 2, a faulting Ax not at all; the stacked PC is 2 on.
    const ay = 8 + (op & 7);
    const ax = 8 + ((op >>> 9) & 7);
    if ((c.r[ay] & 1) !== 0) {
      c.faultPc = c.pc + 2;
      c.r[ay] += 2;
      c.fault(c.r[ay] - 2, false, c.fcData());
    }
    if ((c.r[ax] & 1) !== 0) {
      // Ay (even here) is read in full first.
      c.read(c.eaAddr(3, op & 7, size), size);
      c.faultPc = c.pc + 2;
      c.fault(c.r[ax], false, c.fcData());
    }
  }
  const s = c.read(c.eaAddr(3, op & 7, size), size);
  const d = c.read(c.eaAddr(3, (op >>> 9) & 7, size), size);
  cmp(c, s, d, size);
  c.prefetch();
}

/** NEG NEGX NOT CLR: one-operand read-modify-write. */
export const enum Unary { Negx, Clr, Neg, Not }

export function makeUnary(kind: Unary) {
  return (c: M68000, op: number): void => {
    const size = SIZE[(op >>> 6) & 3];
    const mode = (op >>> 3) & 7;
    const reg = op & 7;
    let a = 0;
    let d: number;
    if (mode === 0) d = c.r[reg];
    else {
      a = c.eaAddr(mode, reg, size);
      d = c.read(a, size);
    }
    let r: number;
    switch (kind) {
      case Unary.Negx: r = subx(c, d, 0, size); break;
      case Unary.Neg: r = sub(c, d, 0, size); break;
      case Unary.Not: r = ~d & MASK[size]; setNZ(c, r, size); break;
      default: r = 0; c.sr = (c.sr & 0xfff0) | 4; break;
    }
    c.prefetch();
    if (mode === 0) {
      if (size === 4) c.cycles += 2;
      c.setD(reg, size, r);
    } else if (size === 4) c.wr32lo(a, r);
    else c.write(a, size, r);
  };
}

/** NBCD <ea>. */
export function nbcd(c: M68000, op: number): void {
  const mode = (op >>> 3) & 7;
  const reg = op & 7;
  if (mode === 0) {
    const r = sbcd(c, c.r[reg], 0);
    c.prefetch();
    c.cycles += 2;
    c.setD(reg, 1, r);
    return;
  }
  const a = c.eaAddr(mode, reg, 1);
  const r = sbcd(c, c.rd8(a), 0);
  c.prefetch();
  c.wr8(a, r);
}

/** TST <ea>. */
export function tst(c: M68000, op: number): void {
  const size = SIZE[(op >>> 6) & 3];
  const v = c.readEa((op >>> 3) & 7, op & 7, size);
  setNZ(c, v, size);
  c.prefetch();
}
