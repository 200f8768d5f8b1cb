/**
 * String instructions MOVS, CMPS, STOS, LODS, SCAS (and the 80186's INS/OUTS), with REP/REPE/REPNE.
 *
 * The source (DS:SI) honours a segment override; the destination is always ES:DI. On the 8086/8088
 * F2h (REPNE) repeats MOVS/STOS/LODS just like F3h. A repeated instruction runs to completion in
 * one step() unless, between iterations, an NMI or an enabled INTR is pending (the 8086 accepts
 * it there) or the time slice ends. Interrupted by an interrupt, IP points at the LAST prefix byte,
 * so an 8086 loses any earlier prefix on return (a documented 8086/8088 bug: `ES: REP MOVSB`
 * resumes as `REP MOVSB`); stopped for the time slice, IP points at the first prefix and nothing
 * is lost.
 * Clocks (table 2-21): MOVS 18 / 9+17n, CMPS 22 / 9+22n, SCAS 15 / 9+15n, LODS 12 / 9+13n,
 * STOS 11 / 9+10n; INS/OUTS (80186) 14 / 8+8n.
 */
import type { X86Cpu } from './cpu.ts';
import * as Alu from './alu.ts';
import * as Flags from './flags.ts';
import * as Regs from './regs.ts';

// Module-level copies of imported values: see regs.ts for why (each imported binding is a getter under tsx).
const { CX, DX, SI, DI, ES } = Regs;
const { alu16, alu8 } = Alu;
const { DF, IF, ZF } = Flags;

const SINGLE = new Uint8Array(256);
const REPEAT = new Uint8Array(256);
SINGLE[0xa4] = SINGLE[0xa5] = 18; REPEAT[0xa4] = REPEAT[0xa5] = 17;
SINGLE[0xa6] = SINGLE[0xa7] = 22; REPEAT[0xa6] = REPEAT[0xa7] = 22;
SINGLE[0xaa] = SINGLE[0xab] = 11; REPEAT[0xaa] = REPEAT[0xab] = 10;
SINGLE[0xac] = SINGLE[0xad] = 12; REPEAT[0xac] = REPEAT[0xad] = 13;
SINGLE[0xae] = SINGLE[0xaf] = 15; REPEAT[0xae] = REPEAT[0xaf] = 15;
SINGLE[0x6c] = SINGLE[0x6d] = SINGLE[0x6e] = SINGLE[0x6f] = 14;
REPEAT[0x6c] = REPEAT[0x6d] = REPEAT[0x6e] = REPEAT[0x6f] = 8;

/** One iteration; returns false when a REPE/REPNE comparison ends the repetition. */
function once(c: X86Cpu, op: number, src: number, d: number): void {
  const r16 = c.r16;
  switch (op) {
    case 0xa4:
      c.wr8(ES, r16[DI]!, c.rd8(src, r16[SI]!));
      r16[SI] = r16[SI]! + d; r16[DI] = r16[DI]! + d;
      return;
    case 0xa5:
      c.wr16(ES, r16[DI]!, c.rd16(src, r16[SI]!));
      r16[SI] = r16[SI]! + d; r16[DI] = r16[DI]! + d;
      return;
    case 0xa6:
      alu8(c, 7, c.rd8(src, r16[SI]!), c.rd8(ES, r16[DI]!));
      r16[SI] = r16[SI]! + d; r16[DI] = r16[DI]! + d;
      return;
    case 0xa7:
      alu16(c, 7, c.rd16(src, r16[SI]!), c.rd16(ES, r16[DI]!));
      r16[SI] = r16[SI]! + d; r16[DI] = r16[DI]! + d;
      return;
    case 0xaa: c.wr8(ES, r16[DI]!, c.r8[0]!); r16[DI] = r16[DI]! + d; return;
    case 0xab: c.wr16(ES, r16[DI]!, r16[0]!); r16[DI] = r16[DI]! + d; return;
    case 0xac: c.r8[0] = c.rd8(src, r16[SI]!); r16[SI] = r16[SI]! + d; return;
    case 0xad: r16[0] = c.rd16(src, r16[SI]!); r16[SI] = r16[SI]! + d; return;
    case 0xae: alu8(c, 7, c.r8[0]!, c.rd8(ES, r16[DI]!)); r16[DI] = r16[DI]! + d; return;
    case 0xaf: alu16(c, 7, r16[0]!, c.rd16(ES, r16[DI]!)); r16[DI] = r16[DI]! + d; return;
    case 0x6c: c.wr8(ES, r16[DI]!, c.bus.in8(r16[DX]!)); r16[DI] = r16[DI]! + d; return;
    case 0x6d: c.wr16(ES, r16[DI]!, c.bus.in16(r16[DX]!)); r16[DI] = r16[DI]! + d; return;
    case 0x6e: c.bus.out8(r16[DX]!, c.rd8(src, r16[SI]!)); r16[SI] = r16[SI]! + d; return;
    default: c.bus.out16(r16[DX]!, c.rd16(src, r16[SI]!)); r16[SI] = r16[SI]! + d; return;
  }
}

/**
 * 80286: a word string element at offset FFFFh raises #GP (13), and the 80286 suite shows the
 * registers part-way through the iteration in the state the fault leaves (the pushed IP is the
 * instruction's): the index register of the faulting access is already advanced, and so is SI
 * when MOVSW's write faults or CMPSW's SI read does (CMPSW reads ES:DI first); under REP, CX is
 * already counted down once for a faulting read, twice for a faulting write, and not at all
 * when REP CMPSW's first read (ES:DI) faults.
 */
function wrapFault(c: X86Cpu, op: number, d: number): void {
  const r16 = c.r16;
  const si = r16[SI] === 0xffff, di = r16[DI] === 0xffff;
  let advSi = false, advDi = false, cx = 1;
  switch (op) {
    case 0xa5: if (si) advSi = true; else if (di) { advSi = advDi = true; cx = 2; } break;
    case 0xa7: if (di) { advDi = true; cx = 0; } else if (si) { advSi = advDi = true; } break;
    case 0xad: case 0x6f: advSi = si; break;
    case 0xaf: advDi = di; break;
    default: advDi = di; cx = 2; break; // ABh STOSW, 6Dh INSW
  }
  if (!advSi && !advDi) return;
  if (advSi) r16[SI] = r16[SI]! + d;
  if (advDi) r16[DI] = r16[DI]! + d;
  if (c.rep !== 0) r16[CX] = r16[CX]! - cx;
  c.fault(13, 0);
}

export function stringOp(c: X86Cpu, op: number): void {
  const size = (op & 1) + 1;
  const d = (c.fl & DF) !== 0 ? -size : size;
  const src = c.dsSeg();
  if (c.rep === 0) {
    if (size === 2 && c.wrapFaults && (c.r16[SI] === 0xffff || c.r16[DI] === 0xffff)) wrapFault(c, op, d);
    once(c, op, src, d);
    c.cycles += SINGLE[op]!;
    return;
  }
  const r16 = c.r16;
  const per = REPEAT[op]!;
  const compares = op === 0xa6 || op === 0xa7 || op === 0xae || op === 0xaf;
  const stopOnZ = c.rep === 0xf2; // REPNE stops when ZF becomes 1, REPE when it becomes 0
  c.cycles += 9;
  while (r16[CX] !== 0) {
    if (size === 2 && c.wrapFaults && (r16[SI] === 0xffff || r16[DI] === 0xffff)) wrapFault(c, op, d);
    once(c, op, src, d);
    r16[CX] = r16[CX]! - 1;
    c.cycles += per;
    if (compares && ((c.flags & ZF) !== 0) === stopOnZ) return;
    if (r16[CX] === 0) return;
    if (c.nmiPending || (c.irqLine && (c.fl & IF) !== 0)) {
      c.ip = c.lastPrefix;
      return;
    }
    if (c.cycles >= c.endCycle) {
      c.ip = c.instrStart;
      return;
    }
  }
}
