/**
 * Data movement: MOVE, MOVEA, MOVEQ, MOVEM, MOVEP, LEA, PEA, EXG, SWAP, EXT, Scc, TAS, LINK, UNLK,
 * and the status-register moves (MOVE to/from SR, to CCR, MOVE USP).
 *
 * Bus order follows the 68000 UM section 8 tables and the published per-cycle orders: MOVE to
 * -(An) prefetches before writing (long: low word first); MOVE to a memory destination with an
 * extension word fetches it, writes, then prefetches.
 */
import { cond, setNZ, sext } from './alu.ts';
import type { M68000 } from './cpu.ts';
import { privilege } from './ops-flow.ts';

/** MOVE size field (bits 13..12) to bytes. */
const MOVE_SIZE = [0, 1, 4, 2];

export function push32(c: M68000, v: number): void {
  const sp = c.r[15] - 4;
  c.r[15] = sp;
  c.wr16(sp, v >>> 16);
  c.wr16(sp + 2, v & 0xffff);
}

export function pop32(c: M68000): number {
  const sp = c.r[15];
  const v = c.rd32(sp);
  c.r[15] = sp + 4;
  return v;
}

/**
 * MAME's model of MOVE.L: the flags are set in two steps, so a destination write that faults
 * leaves them part-way: from a memory source, V and C clear with N and Z of the low word for
 * (An)/(An)+ destinations, of the high word for the others; from a register or immediate, unchanged for (An)/(An)+/-(An), else N and Z of the
 * high word.
 */
function moveLongFaultFlags(c: M68000, v: number, smode: number, sreg: number, dmode: number): void {
  if (smode >= 2 && !(smode === 7 && sreg === 4)) {
    const lo = dmode >= 5 ? v >>> 16 : v & 0xffff;
    c.sr = (c.sr & 0xfff0) | ((lo & 0x8000) !== 0 ? 8 : 0) | (lo === 0 ? 4 : 0);
  } else if (dmode >= 5) {
    const hi = v >>> 16;
    c.sr = (c.sr & 0xfff3) | ((hi & 0x8000) !== 0 ? 8 : 0) | (hi === 0 ? 4 : 0);
  }
}

/** MOVE.b/.w/.l and MOVEA. */
export function move(c: M68000, op: number): void {
  const size = MOVE_SIZE[(op >>> 12) & 3];
  const smode = (op >>> 3) & 7;
  const v = c.readEa(smode, op & 7, size);
  const dmode = (op >>> 6) & 7;
  const dreg = (op >>> 9) & 7;
  switch (dmode) {
    case 0:
      setNZ(c, v, size);
      c.setD(dreg, size, v);
      c.prefetch();
      return;
    case 1:
      c.r[8 + dreg] = sext(v, size);
      c.prefetch();
      return;
    case 3: {
      // The increment follows the write: an address error leaves An unchanged.
      const a = c.r[8 + dreg];
      c.eaKind = 3;
      c.eaSize = size;
      if (size === 4 && !c.clk) moveLongFaultFlags(c, v, smode, op & 7, dmode);
      else setNZ(c, v, size);
      c.eaMoveDest = true;
      c.write(a, size, v);
      c.eaMoveDest = false;
      setNZ(c, v, size);
      c.r[8 + dreg] = a + (size === 1 && dreg === 7 ? 2 : size);
      c.prefetch();
      return;
    }
    case 4: {
      const a = c.eaAddr(4, dreg, size);
      c.cycles -= 2; // no internal cycle for a MOVE destination predecrement
      setNZ(c, v, size);
      c.prefetch();
      // A long is written low word first, An stepping by 2 each time: a fault leaves An - 2
      // (Clock Signal) or An unchanged (MAME).
      if (size === 4 && (a & 1) !== 0) c.r[8 + dreg] = c.clk ? a + 2 : a + 4;
      c.eaMoveDest = true;
      if (size === 4) c.wr32lo(a, v);
      else c.write(a, size, v);
      c.eaMoveDest = false;
      return;
    }
    case 7:
      if (dreg === 1 && !(smode <= 1 || (smode === 7 && (op & 7) === 4))) {
        // Memory source: the second address word is still in IRC when the write starts.
        const hi = c.ext16();
        const a = (hi << 16) | c.irc;
        if (size === 4 && !c.clk) moveLongFaultFlags(c, v, smode, op & 7, 8);
        else setNZ(c, v, size);
        c.eaMoveDest = true;
        c.write(a, size, v);
        c.eaMoveDest = false;
        setNZ(c, v, size);
        c.ext16();
        c.prefetch();
        return;
      }
  }
  const a = c.eaAddr(dmode, dreg, size);
  if (size === 4 && !c.clk) moveLongFaultFlags(c, v, smode, op & 7, dmode);
  else setNZ(c, v, size);
  c.eaMoveDest = true;
  c.write(a, size, v);
  c.eaMoveDest = false;
  setNZ(c, v, size);
  c.prefetch();
}

export function moveq(c: M68000, op: number): void {
  const v = (op << 24) >> 24;
  c.r[(op >>> 9) & 7] = v;
  c.sr = (c.sr & 0xfff0) | (v < 0 ? 8 : 0) | (v === 0 ? 4 : 0);
  c.prefetch();
}

/** MOVEM registers to memory: 0100 1000 1s mmmrrr. */
export function movemToMem(c: M68000, op: number): void {
  const size = (op & 0x40) !== 0 ? 4 : 2;
  const mode = (op >>> 3) & 7;
  const reg = op & 7;
  const mask = c.ext16();
  if (mode === 4) {
    let a = c.r[8 + reg];
    if (!c.clk && (a & 1) !== 0 && mask !== 0) c.faultPc = c.pc + 2;
    for (let i = 0; i < 16; i++) {
      if ((mask & (1 << i)) === 0) continue;
      const v = c.r[15 - i];
      a -= size;
      if (size === 4) c.wr32lo(a, v);
      else c.wr16(a, v);
    }
    c.r[8 + reg] = a;
  } else {
    let a = c.eaAddr(mode, reg, size);
    if (!c.clk && (a & 1) !== 0 && mask !== 0) c.faultPc = c.pc + 2;
    for (let i = 0; i < 16; i++) {
      if ((mask & (1 << i)) === 0) continue;
      if (size === 4) c.wr32(a, c.r[i]);
      else c.wr16(a, c.r[i]);
      a += size;
    }
  }
  c.prefetch();
}

/** MOVEM memory to registers: 0100 1100 1s mmmrrr. */
export function movemToReg(c: M68000, op: number): void {
  const size = (op & 0x40) !== 0 ? 4 : 2;
  const mode = (op >>> 3) & 7;
  const reg = op & 7;
  const mask = c.ext16();
  let a = mode === 3 ? c.r[8 + reg] : c.eaAddr(mode, reg, size);
  if ((a & 1) !== 0) {
    // A fault on the first read: Clock Signal leaves (An)+ advanced by 2, MAME leaves it alone
    // and stacks a PC 2 past the register mask.
    if (c.clk) {
      if (mode === 3) c.r[8 + reg] = a + 2;
    } else c.faultPc = c.pc + 2;
  }
  for (let i = 0; i < 16; i++) {
    if ((mask & (1 << i)) === 0) continue;
    const v = mode === 7 && reg >= 2 ? c.rdPc(a, size) : size === 4 ? c.rd32(a) : c.rd16(a);
    c.r[i] = size === 2 ? (v << 16) >> 16 : v;
    a += size;
  }
  if (mode === 7 && reg >= 2) c.rdPc(a, 2);
  else c.rd16(a);
  if (mode === 3) c.r[8 + reg] = a;
  c.prefetch();
}

/** MOVEP: 0000 ddd 1oo 001 aaa. */
export function movep(c: M68000, op: number): void {
  const dn = (op >>> 9) & 7;
  const opmode = (op >>> 6) & 7;
  const a = (c.r[8 + (op & 7)] + ((c.ext16() << 16) >> 16)) | 0;
  switch (opmode) {
    case 4: {
      const hi = c.rd8(a);
      const lo = c.rd8(a + 2);
      c.setD(dn, 2, (hi << 8) | lo);
      break;
    }
    case 5: {
      const b3 = c.rd8(a);
      const b2 = c.rd8(a + 2);
      const b1 = c.rd8(a + 4);
      const b0 = c.rd8(a + 6);
      c.r[dn] = (b3 << 24) | (b2 << 16) | (b1 << 8) | b0;
      break;
    }
    case 6: {
      const v = c.r[dn];
      c.wr8(a, v >>> 8);
      c.wr8(a + 2, v);
      break;
    }
    default: {
      const v = c.r[dn];
      c.wr8(a, v >>> 24);
      c.wr8(a + 2, v >>> 16);
      c.wr8(a + 4, v >>> 8);
      c.wr8(a + 6, v);
    }
  }
  c.prefetch();
}

export function lea(c: M68000, op: number): void {
  const mode = (op >>> 3) & 7;
  const reg = op & 7;
  const a = c.eaAddr(mode, reg, 4);
  if (mode === 6 || (mode === 7 && reg === 3)) c.cycles += 2;
  c.r[8 + ((op >>> 9) & 7)] = a;
  c.prefetch();
}

export function pea(c: M68000, op: number): void {
  const mode = (op >>> 3) & 7;
  const reg = op & 7;
  const a = c.eaAddr(mode, reg, 4);
  if (mode === 6 || (mode === 7 && reg === 3)) c.cycles += 2;
  if (mode === 7 && reg < 2) {
    // Absolute addresses: the push comes before the prefetch.
    push32(c, a);
    c.prefetch();
    return;
  }
  c.prefetch();
  push32(c, a);
}

export function exg(c: M68000, op: number): void {
  const rx = (op >>> 9) & 7;
  const ry = op & 7;
  const m = (op >>> 3) & 0x1f;
  const x = m === 9 ? 8 + rx : rx;
  const y = m === 8 ? ry : 8 + ry;
  const t = c.r[x];
  c.r[x] = c.r[y];
  c.r[y] = t;
  c.prefetch();
  c.cycles += 2;
}

export function swap(c: M68000, op: number): void {
  const reg = op & 7;
  const v = c.r[reg];
  const r = (v << 16) | (v >>> 16);
  c.r[reg] = r;
  setNZ(c, r, 4);
  c.prefetch();
}

export function ext(c: M68000, op: number): void {
  const reg = op & 7;
  if ((op & 0x40) !== 0) {
    const r = (c.r[reg] << 16) >> 16;
    c.r[reg] = r;
    setNZ(c, r, 4);
  } else {
    const r = (c.r[reg] << 24) >> 24;
    c.setD(reg, 2, r);
    setNZ(c, r, 2);
  }
  c.prefetch();
}

export function scc(c: M68000, op: number): void {
  const mode = (op >>> 3) & 7;
  const reg = op & 7;
  const t = cond(c.sr, (op >>> 8) & 15);
  if (mode === 0) {
    c.setD(reg, 1, t ? 0xff : 0);
    c.prefetch();
    if (t) c.cycles += 2;
    return;
  }
  const a = c.eaAddr(mode, reg, 1);
  c.rd8(a);
  c.prefetch();
  c.wr8(a, t ? 0xff : 0);
}

export function tas(c: M68000, op: number): void {
  const mode = (op >>> 3) & 7;
  const reg = op & 7;
  if (mode === 0) {
    const v = c.r[reg];
    setNZ(c, v, 1);
    c.setD(reg, 1, v | 0x80);
    c.prefetch();
    return;
  }
  const a = c.eaAddr(mode, reg, 1);
  const v = c.rd8(a);
  setNZ(c, v, 1);
  c.cycles += 2;
  c.wr8(a, v | 0x80);
  c.prefetch();
}

export function link(c: M68000, op: number): void {
  const an = 8 + (op & 7);
  const disp = (c.ext16() << 16) >> 16;
  // LINK A7 pushes the original A7 (MAME) or the decremented one (Clock Signal).
  const v0 = c.r[an];
  const sp = c.r[15] - 4;
  c.r[15] = sp;
  const v = c.clk ? c.r[an] : v0;
  c.wr16(sp, v >>> 16);
  c.wr16(sp + 2, v & 0xffff);
  c.r[an] = sp;
  c.r[15] = c.r[15] + disp;
  c.prefetch();
}

export function unlk(c: M68000, op: number): void {
  const an = 8 + (op & 7);
  const a = c.r[an];
  if (!c.clk && (a & 1) !== 0) c.faultPc = c.pc + 2;
  const v = c.rd32(a);
  c.r[15] = a + 4;
  c.r[an] = v;
  c.prefetch();
}

export function moveFromSr(c: M68000, op: number): void {
  const mode = (op >>> 3) & 7;
  const reg = op & 7;
  if (mode === 0) {
    c.setD(reg, 2, c.sr);
    c.prefetch();
    c.cycles += 2;
    return;
  }
  const a = c.eaAddr(mode, reg, 2);
  c.rd16(a);
  c.prefetch();
  c.wr16(a, c.sr);
}

/** MOVE to CCR / to SR: 12 cycles plus the operand; the prefetch queue is refilled. */
export function makeMoveToSr(toSr: boolean) {
  return (c: M68000, op: number): void => {
    if (toSr && !c.supervisor) {
      privilege(c);
      return;
    }
    const v = c.readEa((op >>> 3) & 7, op & 7, 2);
    if (toSr) c.setSr(v);
    else c.setCcr(v);
    c.cycles += 4;
    c.pc -= 2;
    c.ext16();
    c.prefetch();
  };
}

export function moveUsp(c: M68000, op: number): void {
  if (!c.supervisor) {
    privilege(c);
    return;
  }
  const an = 8 + (op & 7);
  if ((op & 8) !== 0) c.r[an] = c.otherSp;
  else c.otherSp = c.r[an];
  c.prefetch();
}
