/**
 * The CB page: rotates and shifts (incl. the undocumented SLL), BIT, RES, SET on a register or (HL).
 * The DD CB / FD CB forms are in ops-index.ts.
 *
 * Timing: CB xx 8 T; on (HL): read 3 T + 1 internal T at HL, then (except BIT) write 3 T.
 * BIT n,(HL) takes flag bits 5 and 3 from MEMPTR's high byte (Young §4.1; boo_boo's MEMPTR notes).
 */
import type { Z80 } from './z80.ts';

/** Register by the 3-bit field (0 B, 1 C, 2 D, 3 E, 4 H, 5 L, 7 A); 6 is not a register. */
export function getReg(cpu: Z80, idx: number): number {
  switch (idx) {
    case 0: return cpu.b;
    case 1: return cpu.c;
    case 2: return cpu.d;
    case 3: return cpu.e;
    case 4: return cpu.h;
    case 5: return cpu.l;
    default: return cpu.a;
  }
}

export function setReg(cpu: Z80, idx: number, v: number): void {
  switch (idx) {
    case 0: cpu.b = v; break;
    case 1: cpu.c = v; break;
    case 2: cpu.d = v; break;
    case 3: cpu.e = v; break;
    case 4: cpu.h = v; break;
    case 5: cpu.l = v; break;
    default: cpu.a = v; break;
  }
}

export function execCB(cpu: Z80, op: number): void {
  const z = op & 7;
  const y = (op >> 3) & 7;
  if (z === 6) {
    const hl = (cpu.h << 8) | cpu.l;
    const v = cpu.rd(hl);
    cpu.idle(hl, 1);
    let r: number;
    switch (op >> 6) {
      case 0: r = cpu.rot(y, v); break;
      case 1: cpu.bit(y, v, cpu.wz >> 8); return;
      case 2: r = v & ~(1 << y); break;
      default: r = v | (1 << y); break;
    }
    cpu.wr(hl, r);
    return;
  }
  const v = getReg(cpu, z);
  switch (op >> 6) {
    case 0: setReg(cpu, z, cpu.rot(y, v)); break;
    case 1: cpu.bit(y, v, v); break;
    case 2: setReg(cpu, z, v & ~(1 << y)); break;
    default: setReg(cpu, z, v | (1 << y)); break;
  }
}
