/**
 * 68000 disassembler, Motorola syntax with lowercase mnemonics and `$` hex (`move.l d0,(a1)+`,
 * `bne.s $001234`, `movem.l d0-d3/a0,-(a7)`). It shares the decoder's classification
 * (`opcodeNames` in decode.ts), so a word the core treats as illegal disassembles as `dc.w`.
 *
 * Reference: M68000 Programmer's Reference Manual, sections 4 (instructions) and 2.2 (addressing).
 */
import { opcodeNames } from './decode.ts';

const SZ = ['.b', '.w', '.l', ''];
const CC = ['t', 'f', 'hi', 'ls', 'cc', 'cs', 'ne', 'eq', 'vc', 'vs', 'pl', 'mi', 'ge', 'lt', 'gt', 'le'];

function hex(v: number, digits = 0): string {
  const s = (v >>> 0).toString(16);
  return '$' + (digits > s.length ? '0'.repeat(digits - s.length) + s : s);
}

function shex(v: number): string {
  return v < 0 ? '-' + hex(-v) : hex(v);
}

class Reader {
  constructor(readonly read: (addr: number) => number, public pc: number) {}
  word(): number {
    const v = ((this.read(this.pc & 0xffffff) & 0xff) << 8) | (this.read((this.pc + 1) & 0xffffff) & 0xff);
    this.pc += 2;
    return v;
  }
  long(): number {
    return ((this.word() << 16) | this.word()) >>> 0;
  }
}

function ea(r: Reader, mode: number, reg: number, size: number): string {
  switch (mode) {
    case 0: return `d${reg}`;
    case 1: return `a${reg}`;
    case 2: return `(a${reg})`;
    case 3: return `(a${reg})+`;
    case 4: return `-(a${reg})`;
    case 5: return `${shex((r.word() << 16) >> 16)}(a${reg})`;
    case 6: return index(r, `a${reg}`, 0);
  }
  switch (reg) {
    case 0: return `${hex(((r.word() << 16) >> 16) & 0xffffff)}.w`;
    case 1: return `${hex(r.long())}.l`;
    case 2: {
      const base = r.pc;
      return `${hex((base + ((r.word() << 16) >> 16)) & 0xffffff, 6)}(pc)`;
    }
    case 3: return index(r, 'pc', r.pc);
    case 4:
      if (size === 4) return `#${hex(r.long())}`;
      return `#${hex(size === 1 ? r.word() & 0xff : r.word())}`;
  }
  return '?';
}

function index(r: Reader, base: string, pcBase: number): string {
  const ext = r.word();
  const d8 = (ext << 24) >> 24;
  const xn = `${(ext & 0x8000) !== 0 ? 'a' : 'd'}${(ext >>> 12) & 7}.${(ext & 0x800) !== 0 ? 'l' : 'w'}`;
  if (base === 'pc') return `${hex((pcBase + d8) & 0xffffff, 6)}(pc,${xn})`;
  return `${shex(d8)}(${base},${xn})`;
}

/** Register list for MOVEM; `reversed` for the -(An) form (bit 0 = a7). */
function regList(mask: number, reversed: boolean): string {
  const regs: number[] = [];
  for (let i = 0; i < 16; i++) if ((mask & (1 << i)) !== 0) regs.push(reversed ? 15 - i : i);
  regs.sort((a, b) => a - b);
  const name = (n: number) => (n < 8 ? `d${n}` : `a${n - 8}`);
  const parts: string[] = [];
  for (let i = 0; i < regs.length; ) {
    let j = i;
    while (j + 1 < regs.length && regs[j + 1] === regs[j] + 1 && regs[j + 1] !== 8) j++;
    parts.push(j > i ? `${name(regs[i])}-${name(regs[j])}` : name(regs[i]));
    i = j + 1;
  }
  return parts.join('/') || '0';
}

/** Disassemble the instruction at `addr`; `read` returns the byte at a 24-bit address. */
export function disassemble68k(read: (addr: number) => number, addr: number): { text: string; length: number } {
  const r = new Reader(read, addr);
  const op = r.word();
  const text = format(r, op, opcodeNames[op]);
  return { text, length: r.pc - addr };
}

function format(r: Reader, op: number, name: string): string {
  const mode = (op >>> 3) & 7;
  const reg = op & 7;
  const rx = (op >>> 9) & 7;
  const sz = (op >>> 6) & 3;
  const size = [1, 2, 4, 0][sz];
  const lower = name.toLowerCase();
  switch (name) {
    case '':
      return `dc.w ${hex(op, 4)}`;
    case 'ORI': case 'ANDI': case 'SUBI': case 'ADDI': case 'EORI': case 'CMPI': {
      const imm = ea(r, 7, 4, size);
      return `${lower}${SZ[sz]} ${imm},${ea(r, mode, reg, size)}`;
    }
    case 'ORItoCCR': case 'ANDItoCCR': case 'EORItoCCR':
      return `${lower.slice(0, -5)} #${hex(r.word() & 0xff)},ccr`;
    case 'ORItoSR': case 'ANDItoSR': case 'EORItoSR':
      return `${lower.slice(0, -4)} #${hex(r.word())},sr`;
    case 'BTST': case 'BCHG': case 'BCLR': case 'BSET': {
      const bit = (op & 0x100) !== 0 ? `d${rx}` : `#${r.word() & 0xff}`;
      return `${lower} ${bit},${ea(r, mode, reg, 1)}`;
    }
    case 'MOVEP': {
      const d = `${shex((r.word() << 16) >> 16)}(a${reg})`;
      const s = (op & 0x40) !== 0 ? '.l' : '.w';
      return (op & 0x80) !== 0 ? `movep${s} d${rx},${d}` : `movep${s} ${d},d${rx}`;
    }
    case 'MOVE': case 'MOVEA': {
      const s = [0, 1, 4, 2][(op >>> 12) & 3];
      const src = ea(r, mode, reg, s);
      const dst = ea(r, (op >>> 6) & 7, rx, s);
      return `${lower}${s === 1 ? '.b' : s === 2 ? '.w' : '.l'} ${src},${dst}`;
    }
    case 'MOVEfromSR': return `move sr,${ea(r, mode, reg, 2)}`;
    case 'MOVEtoCCR': return `move ${ea(r, mode, reg, 2)},ccr`;
    case 'MOVEtoSR': return `move ${ea(r, mode, reg, 2)},sr`;
    case 'NEGX': case 'CLR': case 'NEG': case 'NOT': case 'TST':
      return `${lower}${SZ[sz]} ${ea(r, mode, reg, size)}`;
    case 'NBCD': case 'TAS': case 'PEA': case 'JMP': case 'JSR':
      return `${lower} ${ea(r, mode, reg, 4)}`;
    case 'SWAP': return `swap d${reg}`;
    case 'EXT': return `ext${sz === 3 ? '.l' : '.w'} d${reg}`;
    case 'MOVEM': {
      const mask = r.word();
      const s = (op & 0x40) !== 0 ? '.l' : '.w';
      if ((op & 0x400) === 0) return `movem${s} ${regList(mask, mode === 4)},${ea(r, mode, reg, 4)}`;
      return `movem${s} ${ea(r, mode, reg, 4)},${regList(mask, false)}`;
    }
    case 'ILLEGAL': return 'illegal';
    case 'TRAP': return `trap #${op & 15}`;
    case 'LINK': return `link a${reg},#${shex((r.word() << 16) >> 16)}`;
    case 'UNLK': return `unlk a${reg}`;
    case 'MOVEUSP': return (op & 8) !== 0 ? `move usp,a${reg}` : `move a${reg},usp`;
    case 'STOP': return `stop #${hex(r.word())}`;
    case 'RESET': case 'NOP': case 'RTE': case 'RTS': case 'TRAPV': case 'RTR':
      return lower;
    case 'LEA': return `lea ${ea(r, mode, reg, 4)},a${rx}`;
    case 'CHK': return `chk.w ${ea(r, mode, reg, 2)},d${rx}`;
    case 'DBcc': {
      const base = r.pc;
      const d = (r.word() << 16) >> 16;
      return `db${(op >>> 8) & 15 ? CC[(op >>> 8) & 15] : 't'} d${reg},${hex((base + d) & 0xffffff, 6)}`;
    }
    case 'Scc': return `s${CC[(op >>> 8) & 15]} ${ea(r, mode, reg, 1)}`;
    case 'ADDQ': case 'SUBQ': return `${lower}${SZ[sz]} #${rx || 8},${ea(r, mode, reg, size)}`;
    case 'Bcc': case 'BSR': {
      const base = r.pc;
      const cc = (op >>> 8) & 15;
      const mn = cc === 0 ? 'bra' : cc === 1 ? 'bsr' : 'b' + CC[cc];
      const d8 = (op << 24) >> 24;
      if (d8 !== 0) return `${mn}.s ${hex((base + d8) & 0xffffff, 6)}`;
      return `${mn}.w ${hex((base + ((r.word() << 16) >> 16)) & 0xffffff, 6)}`;
    }
    case 'MOVEQ': return `moveq #${shex((op << 24) >> 24)},d${rx}`;
    case 'DIVU': case 'DIVS': case 'MULU': case 'MULS':
      return `${lower}.w ${ea(r, mode, reg, 2)},d${rx}`;
    case 'SBCD': case 'ABCD': case 'ADDX': case 'SUBX': {
      const s = name.endsWith('X') ? SZ[sz] : '';
      return (op & 8) !== 0 ? `${lower}${s} -(a${reg}),-(a${rx})` : `${lower}${s} d${reg},d${rx}`;
    }
    case 'CMPM': return `cmpm${SZ[sz]} (a${reg})+,(a${rx})+`;
    case 'EXG': {
      const m = (op >>> 3) & 0x1f;
      if (m === 8) return `exg d${rx},d${reg}`;
      if (m === 9) return `exg a${rx},a${reg}`;
      return `exg d${rx},a${reg}`;
    }
    case 'OR': case 'AND': case 'ADD': case 'SUB': case 'CMP': case 'EOR': {
      const toEa = (op & 0x100) !== 0;
      const s = SZ[sz];
      return toEa ? `${lower}${s} d${rx},${ea(r, mode, reg, size)}` : `${lower}${s} ${ea(r, mode, reg, size)},d${rx}`;
    }
    case 'ADDA': case 'SUBA': case 'CMPA': {
      const s = (op & 0x100) !== 0 ? 4 : 2;
      return `${lower}${s === 4 ? '.l' : '.w'} ${ea(r, mode, reg, s)},a${rx}`;
    }
    case 'LINEA': case 'LINEF':
      return `dc.w ${hex(op, 4)}`;
  }
  // Shifts and rotates.
  if (sz === 3) return `${lower} ${ea(r, mode, reg, 2)}`;
  const cnt = (op & 0x20) !== 0 ? `d${rx}` : `#${rx || 8}`;
  return `${lower}${SZ[sz]} ${cnt},d${reg}`;
}
