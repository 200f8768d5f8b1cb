/**
 * 6502 disassembler: one instruction at an address, MOS syntax in lowercase (`lda ($12),y`,
 * `jmp ($1234)`, `asl a`, branches print their target). Undocumented opcodes use the "No More
 * Secrets" mnemonics (see `decode.ts`). Reads wrap at $FFFF, as the CPU's PC does.
 * Reference: MCS6500 Programming Manual, appendix B (operand syntax).
 */
import { MNEMONICS, MODES, MODE_LENGTH, Mode } from './decode.ts';

const h2 = (v: number) => '$' + v.toString(16).padStart(2, '0');
const h4 = (v: number) => '$' + v.toString(16).padStart(4, '0');

export function disassemble(read: (addr: number) => number, addr: number): { text: string; length: number } {
  addr &= 0xffff;
  const op = read(addr) & 0xff;
  const mode = MODES[op]!;
  const mn = MNEMONICS[op]!;
  const length = MODE_LENGTH[mode]!;
  const b1 = length > 1 ? read((addr + 1) & 0xffff) & 0xff : 0;
  const b2 = length > 2 ? read((addr + 2) & 0xffff) & 0xff : 0;
  const w = (b2 << 8) | b1;
  let operand: string;
  switch (mode) {
    case Mode.Imp: operand = ''; break;
    case Mode.Acc: operand = 'a'; break;
    case Mode.Imm: operand = '#' + h2(b1); break;
    case Mode.Zp: operand = h2(b1); break;
    case Mode.Zpx: operand = h2(b1) + ',x'; break;
    case Mode.Zpy: operand = h2(b1) + ',y'; break;
    case Mode.Abs: operand = h4(w); break;
    case Mode.Abx: operand = h4(w) + ',x'; break;
    case Mode.Aby: operand = h4(w) + ',y'; break;
    case Mode.Izx: operand = '(' + h2(b1) + ',x)'; break;
    case Mode.Izy: operand = '(' + h2(b1) + '),y'; break;
    case Mode.Ind: operand = '(' + h4(w) + ')'; break;
    case Mode.Rel: operand = h4((addr + 2 + ((b1 ^ 0x80) - 0x80)) & 0xffff); break;
    default: operand = '?';
  }
  return { text: operand === '' ? mn : `${mn} ${operand}`, length };
}
