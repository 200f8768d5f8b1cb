/**
 * Program flow and traps: Bcc/BRA/BSR, DBcc, JMP, JSR, RTS, RTE, RTR, TRAP, TRAPV, CHK, NOP,
 * RESET, STOP, ILLEGAL and the unassigned opcodes, line A/F, privilege violations, and the
 * immediate logic on CCR/SR (ORI/ANDI/EORI to CCR/SR).
 *
 * JMP and JSR use the extension word from IRC without refilling it (the jump refills the queue),
 * which is why they are faster than LEA with the same operand (68000 UM section 8, table 8-12).
 */
import { cond } from './alu.ts';
import type { M68000 } from './cpu.ts';
import { pop32, push32 } from './ops-move.ts';

/** Privilege violation: vector 8, the stacked PC is the offending instruction's address. */
export function privilege(c: M68000): void {
  c.cycles += 4;
  c.traceAfter = false;
  c.exception(8, c.pc - 2);
}

export function illegal(c: M68000): void {
  c.cycles += 4;
  c.traceAfter = false;
  c.exception(4, c.pc - 2);
}

export function lineA(c: M68000): void {
  c.cycles += 4;
  c.traceAfter = false;
  c.exception(10, c.pc - 2);
}

export function lineF(c: M68000): void {
  c.cycles += 4;
  c.traceAfter = false;
  c.exception(11, c.pc - 2);
}

export function bcc(c: M68000, op: number): void {
  const cc = (op >>> 8) & 15;
  const d8 = (op << 24) >> 24;
  const base = c.pc;
  if (cc === 1) {
    // BSR
    const ret = d8 === 0 ? base + 2 : base;
    c.cycles += 2;
    push32(c, ret);
    const t = base + (d8 === 0 ? (c.irc << 16) >> 16 : d8);
    c.jump(t, t);
    c.prefetch();
    return;
  }
  if (cond(c.sr, cc)) {
    c.cycles += 2;
    c.jump(base + (d8 === 0 ? (c.irc << 16) >> 16 : d8));
    c.prefetch();
    return;
  }
  c.cycles += 4;
  if (d8 === 0) c.ext16();
  c.prefetch();
}

export function dbcc(c: M68000, op: number): void {
  const reg = op & 7;
  if (cond(c.sr, (op >>> 8) & 15)) {
    c.cycles += 4;
    c.ext16();
    c.prefetch();
    return;
  }
  const cnt = ((c.r[reg] & 0xffff) - 1) & 0xffff;
  const target = c.pc + ((c.irc << 16) >> 16);
  // MAME: a branch to an odd address faults before the counter is written.
  if (c.clk || (target & 1) === 0) c.setD(reg, 2, cnt);
  c.cycles += 2;
  if (cnt !== 0xffff) {
    c.jump(target, c.pc + 2);
    c.prefetch();
    return;
  }
  // Counter expired: the chip still fetches at the branch target, then continues after.
  const pc = c.pc;
  c.jump(target);
  c.pc = pc;
  c.ext16();
  c.prefetch();
}

/** Target of JMP/JSR; extension words come from IRC (the last one is not refilled). */
function jumpTarget(c: M68000, op: number): number {
  const mode = (op >>> 3) & 7;
  const reg = op & 7;
  switch (mode) {
    case 2:
      return c.r[8 + reg];
    case 5:
      c.cycles += 2;
      return (c.r[8 + reg] + ((c.irc << 16) >> 16)) | 0;
    case 6:
      c.cycles += 6;
      return c.indexed(c.r[8 + reg], c.irc);
  }
  switch (reg) {
    case 0:
      c.cycles += 2;
      return (c.irc << 16) >> 16;
    case 1: {
      const hi = c.ext16();
      return (hi << 16) | c.irc;
    }
    case 2:
      c.cycles += 2;
      return (c.pc + ((c.irc << 16) >> 16)) | 0;
    default:
      c.cycles += 6;
      return c.indexed(c.pc, c.irc);
  }
}

export function jmp(c: M68000, op: number): void {
  const t = jumpTarget(c, op);
  c.jump(t, (op & 0x3f) === 0x39 ? c.pc - 2 : c.pc);
  c.prefetch();
}

export function jsr(c: M68000, op: number): void {
  const t = jumpTarget(c, op);
  const ret = ((op >>> 3) & 7) === 2 ? c.pc : c.pc + 2;
  c.jump(t, ret);
  push32(c, ret);
  c.prefetch();
}

export function rts(c: M68000): void {
  c.jump(pop32(c));
  c.prefetch();
}

export function rte(c: M68000): void {
  if (!c.supervisor) {
    privilege(c);
    return;
  }
  const sp = c.r[15];
  // Bus order: PC high, SR, PC low (Clock Signal); SR, PC high, PC low (MAME).
  let sr: number;
  let hi: number;
  if (c.clk) {
    hi = c.rd16(sp + 2);
    sr = c.rd16(sp);
  } else {
    sr = c.rd16(sp);
    hi = c.rd16(sp + 2);
  }
  const pc = (hi << 16) | c.rd16(sp + 4);
  c.r[15] = sp + 6;
  c.setSr(sr);
  c.jump(pc);
  c.prefetch();
}

export function rtr(c: M68000): void {
  const sp = c.r[15];
  // Bus order as RTE.
  let ccr: number;
  let hi: number;
  if (c.clk) {
    hi = c.rd16(sp + 2);
    ccr = c.rd16(sp);
  } else {
    ccr = c.rd16(sp);
    hi = c.rd16(sp + 2);
  }
  const pc = (hi << 16) | c.rd16(sp + 4);
  c.r[15] = sp + 6;
  c.setCcr(ccr);
  c.jump(pc);
  c.prefetch();
}

export function trap(c: M68000, op: number): void {
  c.cycles += 4;
  c.traceAfter = false;
  c.exception(32 + (op & 15), c.pc);
}

export function trapv(c: M68000): void {
  if ((c.sr & 2) === 0) {
    c.prefetch();
    return;
  }
  c.traceAfter = false;
  // MAME's model enters supervisor state before the prefetch (its FC is supervisor program).
  const old = c.sr;
  if (!c.clk) c.setSr((old | 0x2000) & 0x7fff);
  c.prefetch();
  c.exception(7, c.pc - 2, old);
}

export function chk(c: M68000, op: number): void {
  const bound = (c.readEa((op >>> 3) & 7, op & 7, 2) << 16) >> 16;
  const v = (c.r[(op >>> 9) & 7] << 16) >> 16;
  if (!c.clk) {
    // MAME's microcode: "greater" is N or V of bound - v (16-bit), 8 cycles to the trap; then the
    // sign, 10 cycles; no prefetch before the trap. Z, V, C cleared, N = sign of Dn when trapping.
    const t = (bound - v) & 0xffff;
    const ovf = (bound ^ v) & (bound ^ t) & 0x8000;
    c.sr &= 0xfff8;
    if ((t & 0x8000) !== 0 || ovf !== 0 || v < 0) {
      c.sr = (c.sr & 0xfff7) | (v < 0 ? 8 : 0);
      c.cycles += (t & 0x8000) !== 0 || ovf !== 0 ? 8 : 10;
      c.traceAfter = false;
      c.exception(6, c.pc);
      return;
    }
    c.sr &= 0xfff7;
    c.cycles += 6;
    c.prefetch();
    return;
  }
  c.prefetch();
  // Z, V, C are cleared; N is the sign of Dn when trapping and otherwise unchanged (measured).
  c.sr &= 0xfff8;
  // The bound is tested first (4 internal cycles to the trap), then the sign (6).
  if (v > bound || v < 0) {
    c.sr = (c.sr & 0xfff7) | (v < 0 ? 8 : 0);
    c.cycles += v > bound ? 4 : 6;
    c.traceAfter = false;
    c.exception(6, c.pc - 2);
    return;
  }
  c.cycles += 6;
}

export function nop(c: M68000): void {
  c.prefetch();
}

export function reset(c: M68000): void {
  if (!c.supervisor) {
    privilege(c);
    return;
  }
  c.cycles += 4;
  c.bus.resetDevices();
  c.cycles += 124;
  c.prefetch();
}

export function stop(c: M68000): void {
  if (!c.supervisor) {
    privilege(c);
    return;
  }
  // The new SR comes from IRC; no bus cycle, the PC stays on the STOP (interrupts stack PC + 4).
  c.setSr(c.irc);
  c.cycles += 4;
  c.stopped = true;
}

/** ORI/ANDI/EORI to CCR (op bit 6 clear) or SR: 20 cycles; the queue is refilled afterwards. */
export function makeImmSr(kind: number) {
  return (c: M68000, op: number): void => {
    const toSr = (op & 0x40) !== 0;
    if (toSr && !c.supervisor) {
      privilege(c);
      return;
    }
    const imm = c.ext16();
    const cur = toSr ? c.sr : c.sr & 0xff;
    const v = kind === 0 ? cur | imm : kind === 1 ? cur & imm : cur ^ imm;
    if (toSr) c.setSr(v);
    else c.setCcr(v);
    c.cycles += 8;
    c.pc -= 2;
    c.ext16();
    c.prefetch();
  };
}
