/**
 * Z80 disassembler: one instruction at a time, Zilog mnemonics in lower case, hex numbers with an
 * `h` suffix (a leading 0 when they would start with a letter). Covers every opcode including the
 * undocumented ones (SLL, IXH/IXL/IYH/IYL, DD CB d op copies to a register such as
 * `rlc (ix+5),b`, `in (c)`, `out (c),0`). A DD/FD prefix followed by another prefix or ED shows as
 * `db 0ddh` (it acts as a 4 T NOP); undefined ED opcodes show as `db 0edh,xxh` (8 T NOPs).
 * Relative jumps show their absolute target.
 *
 * Decoding follows the x/y/z/p/q fields of the opcode byte (x = bits 7-6, y = 5-3, z = 2-0,
 * p = y >> 1, q = y & 1), as laid out in the Zilog UM0080 opcode tables.
 */
import type { Disassembled } from '../../kernel/cpu.ts';

const R = ['b', 'c', 'd', 'e', 'h', 'l', '(hl)', 'a'];
const RP = ['bc', 'de', 'hl', 'sp'];
const RP2 = ['bc', 'de', 'hl', 'af'];
const CC = ['nz', 'z', 'nc', 'c', 'po', 'pe', 'p', 'm'];
const ALU = ['add a,', 'adc a,', 'sub ', 'sbc a,', 'and ', 'xor ', 'or ', 'cp '];
const ROT = ['rlc', 'rrc', 'rl', 'rr', 'sla', 'sra', 'sll', 'srl'];
const IM = ['0', '0', '1', '2', '0', '0', '1', '2'];
const BLOCK = [
  ['ldi', 'cpi', 'ini', 'outi'], ['ldd', 'cpd', 'ind', 'outd'],
  ['ldir', 'cpir', 'inir', 'otir'], ['lddr', 'cpdr', 'indr', 'otdr'],
];

/** Hex in Zilog style: `0ffh`, `12h`, `0c000h`. */
export function hexZ(v: number, digits: number): string {
  const s = v.toString(16).padStart(digits, '0');
  return (/^[a-f]/.test(s) ? '0' : '') + s + 'h';
}

export function disassembleZ80(read: (addr: number) => number, addr: number): Disassembled {
  let pos = addr;
  const next = () => { const v = read(pos & 0xffff) & 0xff; pos++; return v; };
  const n8 = () => hexZ(next(), 2);
  const n16 = () => { const lo = next(); return hexZ(lo | (next() << 8), 4); };
  const rel = () => { const d = next(); return hexZ((pos + ((d ^ 0x80) - 0x80)) & 0xffff, 4); };
  const done = (text: string): Disassembled => ({ text, length: pos - addr });

  let op = next();
  if (op === 0xcb) return done(cbText(next(), R));
  if (op === 0xed) return done(edText(next(), n16, addr));
  let ix = '';
  if (op === 0xdd || op === 0xfd) {
    ix = op === 0xdd ? 'ix' : 'iy';
    const peek = read(pos & 0xffff) & 0xff;
    if (peek === 0xdd || peek === 0xfd || peek === 0xed) return done(`db ${hexZ(op, 2)}`);
    op = next();
    if (op === 0xcb) {
      const d = next();
      const sub = next();
      const m = `(${ix}${disp(d)})`;
      const x = sub >> 6;
      const y = (sub >> 3) & 7;
      const z = sub & 7;
      if (x === 1) return done(`bit ${y},${m}`);
      const base = x === 0 ? `${ROT[y]} ${m}` : `${x === 2 ? 'res' : 'set'} ${y},${m}`;
      return done(z === 6 ? base : `${base},${R[z]}`);
    }
  }
  // Register names under the prefix: with a memory operand (ix+d) H and L stay H and L.
  const usesM = usesMemoryOperand(op);
  let regs = R;
  let hl = 'hl';
  if (ix !== '') {
    hl = ix;
    if (usesM) {
      const d = next();
      regs = R.slice();
      regs[6] = `(${ix}${disp(d)})`;
    } else {
      regs = R.slice();
      regs[4] = `${ix}h`;
      regs[5] = `${ix}l`;
    }
  }
  return done(mainText(op, regs, hl, n8, n16, rel));
}

function disp(d: number): string {
  const s = (d ^ 0x80) - 0x80;
  return s < 0 ? `-${hexZ(-s, 2)}` : `+${hexZ(s, 2)}`;
}

/** Whether the unprefixed opcode addresses (HL) as a memory operand (so DD/FD make it (IX+d)). */
function usesMemoryOperand(op: number): boolean {
  const x = op >> 6;
  const y = (op >> 3) & 7;
  const z = op & 7;
  if (x === 0) return (z >= 4 && z <= 6 && y === 6);
  if (x === 1) return op !== 0x76 && (y === 6 || z === 6);
  if (x === 2) return z === 6;
  return false;
}

function mainText(op: number, r: readonly string[], hl: string, n8: () => string, n16: () => string, rel: () => string): string {
  const x = op >> 6;
  const y = (op >> 3) & 7;
  const z = op & 7;
  const p = y >> 1;
  const q = y & 1;
  const rp = (i: number) => (i === 2 ? hl : RP[i]!);
  const rp2 = (i: number) => (i === 2 ? hl : RP2[i]!);
  switch (x) {
    case 0:
      switch (z) {
        case 0:
          // (Operands are read lazily: each branch consumes only its own bytes.)
          if (y === 0) return 'nop';
          if (y === 1) return "ex af,af'";
          if (y === 2) return `djnz ${rel()}`;
          if (y === 3) return `jr ${rel()}`;
          return `jr ${CC[y - 4]},${rel()}`;
        case 1: return q === 0 ? `ld ${rp(p)},${n16()}` : `add ${hl},${rp(p)}`;
        case 2:
          switch (p + q * 4) {
            case 0: return 'ld (bc),a';
            case 1: return 'ld (de),a';
            case 2: return `ld (${n16()}),${hl}`;
            case 3: return `ld (${n16()}),a`;
            case 4: return 'ld a,(bc)';
            case 5: return 'ld a,(de)';
            case 6: return `ld ${hl},(${n16()})`;
            default: return `ld a,(${n16()})`;
          }
        case 3: return `${q === 0 ? 'inc' : 'dec'} ${rp(p)}`;
        case 4: return `inc ${r[y]}`;
        case 5: return `dec ${r[y]}`;
        case 6: { const d = r[y]!; return `ld ${d},${n8()}`; }
        default: return ['rlca', 'rrca', 'rla', 'rra', 'daa', 'cpl', 'scf', 'ccf'][y]!;
      }
    case 1:
      if (op === 0x76) return 'halt';
      // ld (ix+d),h / ld h,(ix+d): the register side keeps its plain name.
      if (y === 6) return `ld ${r[6]},${R[z]}`;
      if (z === 6) return `ld ${R[y]},${r[6]}`;
      return `ld ${r[y]},${r[z]}`;
    case 2: return `${ALU[y]}${r[z]}`;
    default:
      switch (z) {
        case 0: return `ret ${CC[y]}`;
        case 1: return q === 0 ? `pop ${rp2(p)}` : ['ret', 'exx', `jp (${hl})`, `ld sp,${hl}`][p]!;
        case 2: return `jp ${CC[y]},${n16()}`;
        case 3:
          switch (y) {
            case 0: return `jp ${n16()}`;
            case 2: return `out (${n8()}),a`;
            case 3: return `in a,(${n8()})`;
            case 4: return `ex (sp),${hl}`;
            case 5: return 'ex de,hl';
            case 6: return 'di';
            case 7: return 'ei';
            default: return 'db 0cbh'; // not reached: CB is handled by the caller
          }
        case 4: return `call ${CC[y]},${n16()}`;
        case 5: return q === 0 ? `push ${rp2(p)}` : `call ${n16()}`;
        case 6: return `${ALU[y]}${n8()}`;
        default: return `rst ${hexZ(y * 8, 2)}`;
      }
  }
}

function cbText(op: number, r: readonly string[]): string {
  const x = op >> 6;
  const y = (op >> 3) & 7;
  const z = op & 7;
  if (x === 0) return `${ROT[y]} ${r[z]}`;
  return `${['', 'bit', 'res', 'set'][x]} ${y},${r[z]}`;
}

function edText(op: number, n16: () => string, _addr: number): string {
  const x = op >> 6;
  const y = (op >> 3) & 7;
  const z = op & 7;
  const p = y >> 1;
  const q = y & 1;
  if (x === 1) {
    switch (z) {
      case 0: return y === 6 ? 'in (c)' : `in ${R[y]},(c)`;
      case 1: return y === 6 ? 'out (c),0' : `out (c),${R[y]}`;
      case 2: return `${q === 0 ? 'sbc' : 'adc'} hl,${RP[p]}`;
      case 3: return q === 0 ? `ld (${n16()}),${RP[p]}` : `ld ${RP[p]},(${n16()})`;
      case 4: return 'neg';
      case 5: return y === 1 ? 'reti' : 'retn';
      case 6: return `im ${IM[y]}`;
      default: return ['ld i,a', 'ld r,a', 'ld a,i', 'ld a,r', 'rrd', 'rld', `db 0edh,${hexZ(op, 2)}`, `db 0edh,${hexZ(op, 2)}`][y]!;
    }
  }
  if (x === 2 && z <= 3 && y >= 4) return BLOCK[y - 4]![z]!;
  return `db 0edh,${hexZ(op, 2)}`;
}
