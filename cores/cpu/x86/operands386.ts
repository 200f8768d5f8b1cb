/**
 * Operand access for the 80386 path (exec386.ts, exec0f.ts): registers and memory by width (8, 16
 * or 32 bits), the decoded ModR/M operand, immediates, the ALU by width, and the truncating IMUL.
 * Reference: Intel 80386 Programmer's Reference Manual (1986), §17.2 (operand-size attribute).
 */
import type { X86ProtCpu } from './cpu386.ts';
import * as Alu from './alu.ts';
import * as Alu32 from './alu32.ts';
import * as Flags from './flags.ts';
import * as Regs from './regs.ts';

// Module-level copies of imported values: see regs.ts for why (each imported binding is a getter under tsx).
const { alu8, alu16 } = Alu;
const { alu32, szp32 } = Alu32;
const { CF, PF, AF, ZF, SF, OF, szp16 } = Flags;
const { BYTE_REG, CS } = Regs;

export function getReg(c: X86ProtCpu, w: number, n: number): number {
  if (w === 8) return c.r8[BYTE_REG[n]!]!;
  if (w === 16) return c.r16[n]!;
  return c.get32(n);
}
export function setReg(c: X86ProtCpu, w: number, n: number, v: number): void {
  if (w === 8) c.r8[BYTE_REG[n]!] = v;
  else if (w === 16) c.r16[n] = v;
  else c.set32(n, v);
}
export function rdMem(c: X86ProtCpu, w: number, s: number, off: number): number {
  if (w === 8) return c.rd8(s, off);
  if (w === 16) return c.rd16(s, off);
  return c.rd32(s, off);
}
export function wrMem(c: X86ProtCpu, w: number, s: number, off: number, v: number): void {
  if (w === 8) c.wr8(s, off, v);
  else if (w === 16) c.wr16(s, off, v);
  else c.wr32(s, off, v);
}
export function getRM(c: X86ProtCpu, w: number): number {
  return c.mod === 3 ? getReg(c, w, c.rm) : rdMem(c, w, c.eaSeg, c.ea);
}
export function setRM(c: X86ProtCpu, w: number, v: number): void {
  if (c.mod === 3) setReg(c, w, c.rm, v); else wrMem(c, w, c.eaSeg, c.ea, v);
}
export function imm(c: X86ProtCpu, w: number): number {
  if (w === 8) return c.fetch8();
  if (w === 16) return c.fetch16();
  return c.fetch32();
}
/** The effective address + k, wrapped like the address size. */
export function eaPlus(c: X86ProtCpu, k: number): number {
  return c.adSize === 16 ? (c.ea + k) & 0xffff : (c.ea + k) >>> 0;
}
export function alu(c: X86ProtCpu, k: number, w: number, a: number, b: number): number {
  if (w === 8) return alu8(c, k, a, b);
  if (w === 16) return alu16(c, k, a, b);
  return alu32(c, k, a, b);
}
export function signExt(v: number, w: number): number {
  return w === 8 ? (v << 24) >> 24 : w === 16 ? (v << 16) >> 16 : v | 0;
}
export function maskW(w: number): number { return w === 8 ? 0xff : w === 16 ? 0xffff : 0xffffffff; }
/** A near branch target: EIP wraps at 16 bits under a 16-bit operand size. */
export function nearTarget(c: X86ProtCpu, t: number): number {
  return c.opSize === 16 ? t & 0xffff : t >>> 0;
}
export function setIP(c: X86ProtCpu, t: number): void {
  t = nearTarget(c, t);
  if (c.pm && t > c.segLimit[CS]!) c.fault(13, 0);
  c.ip = t;
}

/** IMUL reg, r/m, imm and IMUL reg, r/m (0Fh AFh): the product truncated to the operand size. */
export function imulTrunc(c: X86ProtCpu, w: number, reg: number, a: number, b: number): void {
  let r: number, over: boolean;
  if (w === 16) {
    const p = a * b;
    r = p & 0xffff;
    over = ((p << 16) >> 16) !== p;
    c.r16[reg] = r;
    c.flags = (c.flags & ~(CF | OF | SF | ZF | PF | AF)) | szp16(r) | (over ? CF | OF : 0);
  } else {
    r = Math.imul(a, b);
    over = a * b !== r;
    c.set32(reg, r >>> 0);
    c.flags = (c.flags & ~(CF | OF | SF | ZF | PF | AF)) | szp32(r >>> 0) | (over ? CF | OF : 0);
  }
}

