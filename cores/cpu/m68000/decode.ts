/**
 * The opcode table: all 65,536 opcode words mapped once, at module load, to a handler (ops-*.ts).
 * Words that are not 68000 instructions (invalid effective-address modes included) map to the
 * illegal-instruction handler, $Axxx to line A and $Fxxx to line F. `opcodeName` gives the same
 * classification for the disassembler and the tests (which compare it with the official map
 * shipped with the single-step suite).
 *
 * Encodings: M68000 Programmer's Reference Manual, section 8 (opcode map, table 8-1..8-3).
 */
import type { Handler } from './cpu.ts';
import { installTable } from './cpu.ts';
import { cmpm, makeDnToEa, makeEaToDn, makeAddrOp, makeExtended, makeImm, makeQuick, makeUnary, nbcd, Op, tst, Unary } from './ops-alu.ts';
import { divs, divu, makeBit, makeMul, shiftMem, shiftReg } from './ops-shift-bit.ts';
import { ext, exg, lea, link, makeMoveToSr, move, moveFromSr, movemToMem, movemToReg, movep, moveq, moveUsp, pea, scc, swap, tas, unlk } from './ops-move.ts';
import { bcc, chk, dbcc, illegal, jmp, jsr, lineA, lineF, makeImmSr, nop, reset, rte, rtr, rts, stop, trap, trapv } from './ops-flow.ts';

/** Effective-address classes as bit sets over: Dn An (An) (An)+ -(An) d16 idx abs.W abs.L d16PC idxPC #imm. */
const ALL = 0xfff;
const DATA = ALL & ~2;
const CTRL = (1 << 2) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10);
const ALT = 0x1ff;
const DATA_ALT = ALT & ~2;
const MEM_ALT = ALT & ~3;
const IMM = 1 << 11;

function eaOk(op: number, cls: number): boolean {
  const mode = (op >>> 3) & 7;
  const reg = op & 7;
  const i = mode < 7 ? mode : 7 + reg;
  return i < 12 && (cls & (1 << i)) !== 0;
}

/** Classify an opcode: returns [name, handler] or null if illegal. */
function classify(op: number): [string, Handler] | null {
  const mode = (op >>> 3) & 7;
  const sz = (op >>> 6) & 3;
  switch (op >>> 12) {
    case 0x0: {
      if ((op & 0x138) === 0x108) return ['MOVEP', movep];
      if ((op & 0x100) !== 0) {
        const k = (op >>> 6) & 3;
        if (!eaOk(op, k === 0 ? DATA : DATA_ALT)) return null;
        return [['BTST', 'BCHG', 'BCLR', 'BSET'][k], dynBit];
      }
      const sel = (op >>> 9) & 7;
      if (sel === 4) {
        const k = (op >>> 6) & 3;
        if (!eaOk(op, k === 0 ? DATA & ~IMM : DATA_ALT)) return null;
        return [['BTST', 'BCHG', 'BCLR', 'BSET'][k], statBit];
      }
      if ((op & 0xff) === 0x3c && (sel === 0 || sel === 1 || sel === 5)) return [['ORItoCCR', 'ANDItoCCR', '', '', '', 'EORItoCCR'][sel], immSr[sel]];
      if ((op & 0xff) === 0x7c && (sel === 0 || sel === 1 || sel === 5)) return [['ORItoSR', 'ANDItoSR', '', '', '', 'EORItoSR'][sel], immSr[sel]];
      if (sz === 3 || sel === 7 || sel === 4) return null;
      if (!eaOk(op, DATA_ALT)) return null;
      const names = ['ORI', 'ANDI', 'SUBI', 'ADDI', '', 'EORI', 'CMPI'];
      return [names[sel], immOps[sel]];
    }
    case 0x1:
    case 0x2:
    case 0x3: {
      const size = (op >>> 12) & 3;
      if (!eaOk(op, ALL) || (size === 1 && mode === 1)) return null;
      const dmode = (op >>> 6) & 7;
      const dreg = (op >>> 9) & 7;
      if (dmode === 1) return size === 1 ? null : ['MOVEA', move];
      const di = dmode < 7 ? dmode : 7 + dreg;
      if (di > 8) return null;
      return ['MOVE', move];
    }
    case 0x4:
      return group4(op);
    case 0x5:
      if (sz === 3) {
        if (mode === 1) return ['DBcc', dbcc];
        return eaOk(op, DATA_ALT) ? ['Scc', scc] : null;
      }
      if (!eaOk(op, ALT) || (sz === 0 && mode === 1)) return null;
      return (op & 0x100) !== 0 ? ['SUBQ', subq] : ['ADDQ', addq];
    case 0x6:
      return [((op >>> 8) & 15) === 1 ? 'BSR' : 'Bcc', bcc];
    case 0x7:
      return (op & 0x100) !== 0 ? null : ['MOVEQ', moveq];
    case 0x8:
    case 0xc: {
      const isAnd = op >>> 12 === 0xc;
      const opm = (op >>> 6) & 7;
      if (opm === 3 || opm === 7) {
        if (!eaOk(op, DATA)) return null;
        if (isAnd) return opm === 3 ? ['MULU', mulu] : ['MULS', muls];
        return opm === 3 ? ['DIVU', divu] : ['DIVS', divs];
      }
      if (opm === 4 && mode <= 1) return isAnd ? ['ABCD', abcdH] : ['SBCD', sbcdH];
      if (isAnd && ((opm === 5 && mode <= 1) || (opm === 6 && mode === 1))) return ['EXG', exg];
      if (opm < 3) return eaOk(op, DATA) ? [isAnd ? 'AND' : 'OR', isAnd ? andEa : orEa] : null;
      return eaOk(op, MEM_ALT) ? [isAnd ? 'AND' : 'OR', isAnd ? andMem : orMem] : null;
    }
    case 0x9:
    case 0xd: {
      const isAdd = op >>> 12 === 0xd;
      const opm = (op >>> 6) & 7;
      if (opm === 3 || opm === 7) return eaOk(op, ALL) ? [isAdd ? 'ADDA' : 'SUBA', isAdd ? adda : suba] : null;
      if (opm >= 4 && mode <= 1) return [isAdd ? 'ADDX' : 'SUBX', isAdd ? addxH : subxH];
      if (opm < 3) {
        if (!eaOk(op, ALL) || (opm === 0 && mode === 1)) return null;
        return [isAdd ? 'ADD' : 'SUB', isAdd ? addEa : subEa];
      }
      return eaOk(op, MEM_ALT) ? [isAdd ? 'ADD' : 'SUB', isAdd ? addMem : subMem] : null;
    }
    case 0xb: {
      const opm = (op >>> 6) & 7;
      if (opm === 3 || opm === 7) return eaOk(op, ALL) ? ['CMPA', cmpa] : null;
      if (opm < 3) {
        if (!eaOk(op, ALL) || (opm === 0 && mode === 1)) return null;
        return ['CMP', cmpEa];
      }
      if (mode === 1) return ['CMPM', cmpm];
      return eaOk(op, DATA_ALT) ? ['EOR', eorMem] : null;
    }
    case 0xe:
      if (sz === 3) {
        if ((op & 0x800) !== 0 || !eaOk(op, MEM_ALT)) return null;
        return [['AS', 'LS', 'ROX', 'RO'][(op >>> 9) & 3] + ((op & 0x100) !== 0 ? 'L' : 'R'), shiftMem];
      }
      return [['AS', 'LS', 'ROX', 'RO'][(op >>> 3) & 3] + ((op & 0x100) !== 0 ? 'L' : 'R'), shiftReg];
    case 0xa:
      return ['LINEA', lineA];
    case 0xf:
      return ['LINEF', lineF];
  }
  return null;
}

function group4(op: number): [string, Handler] | null {
  const mode = (op >>> 3) & 7;
  const sz = (op >>> 6) & 3;
  if ((op & 0x1c0) === 0x1c0) return eaOk(op, CTRL) ? ['LEA', lea] : null;
  if ((op & 0x1c0) === 0x180) return eaOk(op, DATA) ? ['CHK', chk] : null;
  if ((op & 0x100) !== 0) return null;
  switch ((op >>> 8) & 0xf) {
    case 0x0:
      if (sz === 3) return eaOk(op, DATA_ALT) ? ['MOVEfromSR', moveFromSr] : null;
      return eaOk(op, DATA_ALT) ? ['NEGX', negx] : null;
    case 0x2:
      if (sz === 3) return null;
      return eaOk(op, DATA_ALT) ? ['CLR', clr] : null;
    case 0x4:
      if (sz === 3) return eaOk(op, DATA) ? ['MOVEtoCCR', moveToCcr] : null;
      return eaOk(op, DATA_ALT) ? ['NEG', neg] : null;
    case 0x6:
      if (sz === 3) return eaOk(op, DATA) ? ['MOVEtoSR', moveToSr] : null;
      return eaOk(op, DATA_ALT) ? ['NOT', not] : null;
    case 0x8:
      if (sz === 0) return eaOk(op, DATA_ALT) ? ['NBCD', nbcd] : null;
      if (sz === 1) {
        if (mode === 0) return ['SWAP', swap];
        return eaOk(op, CTRL) ? ['PEA', pea] : null;
      }
      if (mode === 0) return ['EXT', ext];
      return eaOk(op, CTRL | (1 << 4)) && !eaOk(op, (1 << 9) | (1 << 10)) ? ['MOVEM', movemToMem] : null;
    case 0xa:
      if (op === 0x4afc) return ['ILLEGAL', illegal];
      if (sz === 3) return eaOk(op, DATA_ALT) ? ['TAS', tas] : null;
      return eaOk(op, DATA_ALT) ? ['TST', tst] : null;
    case 0xc:
      if (sz < 2) return null;
      return eaOk(op, CTRL | (1 << 3)) ? ['MOVEM', movemToReg] : null;
    case 0xe:
      if (sz === 1) {
        const low = op & 0x3f;
        if (low < 0x10) return ['TRAP', trap];
        if (low < 0x18) return ['LINK', link];
        if (low < 0x20) return ['UNLK', unlk];
        if (low < 0x30) return ['MOVEUSP', moveUsp];
        switch (op) {
          case 0x4e70: return ['RESET', reset];
          case 0x4e71: return ['NOP', nop];
          case 0x4e72: return ['STOP', stop];
          case 0x4e73: return ['RTE', rte];
          case 0x4e75: return ['RTS', rts];
          case 0x4e76: return ['TRAPV', trapv];
          case 0x4e77: return ['RTR', rtr];
        }
        return null;
      }
      if (sz === 2) return eaOk(op, CTRL) ? ['JSR', jsr] : null;
      if (sz === 3) return eaOk(op, CTRL) ? ['JMP', jmp] : null;
      return null;
  }
  return null;
}

const dynBit = makeBit(false);
const statBit = makeBit(true);
const immSr = [makeImmSr(0), makeImmSr(1), null, null, null, makeImmSr(2)] as Handler[];
const immOps = [makeImm(Op.Or), makeImm(Op.And), makeImm(Op.Sub), makeImm(Op.Add), null, makeImm(Op.Eor), makeImm(Op.Cmp)] as Handler[];
const addq = makeQuick(Op.Add);
const subq = makeQuick(Op.Sub);
const mulu = makeMul(false);
const muls = makeMul(true);
const abcdH = makeExtended(true, true);
const sbcdH = makeExtended(false, true);
const addxH = makeExtended(true, false);
const subxH = makeExtended(false, false);
const andEa = makeEaToDn(Op.And);
const orEa = makeEaToDn(Op.Or);
const addEa = makeEaToDn(Op.Add);
const subEa = makeEaToDn(Op.Sub);
const cmpEa = makeEaToDn(Op.Cmp);
const andMem = makeDnToEa(Op.And);
const orMem = makeDnToEa(Op.Or);
const addMem = makeDnToEa(Op.Add);
const subMem = makeDnToEa(Op.Sub);
const eorMem = makeDnToEa(Op.Eor);
const adda = makeAddrOp(Op.Add);
const suba = makeAddrOp(Op.Sub);
const cmpa = makeAddrOp(Op.Cmp);
const negx = makeUnary(Unary.Negx);
const clr = makeUnary(Unary.Clr);
const neg = makeUnary(Unary.Neg);
const not = makeUnary(Unary.Not);
const moveToCcr = makeMoveToSr(false);
const moveToSr = makeMoveToSr(true);

/** Opcode word -> handler. */
export const opcodeTable: Handler[] = new Array<Handler>(65536);
/** Opcode word -> mnemonic class ('' for illegal), as in the suite's official map where it matters. */
export const opcodeNames: string[] = new Array<string>(65536);

for (let op = 0; op < 65536; op++) {
  const c = classify(op);
  opcodeTable[op] = c === null ? illegal : c[1];
  opcodeNames[op] = c === null ? '' : c[0];
}
installTable(opcodeTable);
