/**
 * Intel-syntax disassembler for the 8086/8088 and 80186 (MASM-like: `mov word ptr [bp+si-4], 12h`,
 * hex with an `h` suffix and a leading 0 before a letter, lowercase mnemonics).
 *
 * `addr` is the offset of the instruction in its code segment as the byte source sees it;
 * relative jump targets are shown as 16-bit offsets (`addr + length + displacement`, wrapped).
 * Prefixes are shown in front (`rep movsb`, `lock`, `es:` on the memory operand).
 * On the 8086/8088 the 60h-6Fh, C0h/C1h, C8h/C9h aliases are shown as the instructions they
 * execute; with `is186` they are the 80186 instructions.
 */
const ALU = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];
const SHIFT = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'setmo', 'sar'];
const F6 = ['test', 'test', 'not', 'neg', 'mul', 'imul', 'div', 'idiv'];
const FF = ['inc', 'dec', 'call', 'call far', 'jmp', 'jmp far', 'push', 'push'];
const JCC = ['jo', 'jno', 'jb', 'jae', 'jz', 'jnz', 'jbe', 'ja', 'js', 'jns', 'jp', 'jnp', 'jl', 'jge', 'jle', 'jg'];
const REG16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
const REG8 = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'];
const SREG = ['es', 'cs', 'ss', 'ds'];
const EA = ['bx+si', 'bx+di', 'bp+si', 'bp+di', 'si', 'di', 'bp', 'bx'];
const SIMPLE: Record<number, string> = {
  0x27: 'daa', 0x2f: 'das', 0x37: 'aaa', 0x3f: 'aas', 0x90: 'nop', 0x98: 'cbw', 0x99: 'cwd',
  0x9b: 'wait', 0x9c: 'pushf', 0x9d: 'popf', 0x9e: 'sahf', 0x9f: 'lahf', 0xc3: 'ret', 0xcb: 'retf',
  0xcc: 'int3', 0xce: 'into', 0xcf: 'iret', 0xd6: 'salc', 0xd7: 'xlat', 0xf4: 'hlt', 0xf5: 'cmc',
  0xf8: 'clc', 0xf9: 'stc', 0xfa: 'cli', 0xfb: 'sti', 0xfc: 'cld', 0xfd: 'std',
  0xa4: 'movsb', 0xa5: 'movsw', 0xa6: 'cmpsb', 0xa7: 'cmpsw', 0xaa: 'stosb', 0xab: 'stosw',
  0xac: 'lodsb', 0xad: 'lodsw', 0xae: 'scasb', 0xaf: 'scasw',
};

/** Hex in Intel style: 0, 9, 0Ah, 12h, 0FFFFh. */
export function hexIntel(v: number): string {
  if (v < 10) return String(v);
  const h = v.toString(16).toUpperCase();
  return (/^[A-F]/.test(h) ? '0' : '') + h + 'h';
}
function signedHex(v: number): string { return v < 0 ? '-' + hexIntel(-v) : '+' + hexIntel(v); }

export function disassemble86(read: (addr: number) => number, addr: number, is186 = false): { text: string; length: number } {
  let pos = addr;
  const b8 = () => read(pos++ & 0xfffff) & 0xff;
  const b16 = () => { const lo = b8(); return lo | (b8() << 8); };
  const s8 = () => (b8() << 24) >> 24;
  let seg = '';
  let prefix = '';
  let op = b8();
  for (let n = 0; n < 15; n++) {
    if ((op & 0xe7) === 0x26) seg = SREG[(op >> 3) & 3]! + ':';
    else if (op === 0xf0 || op === 0xf1) prefix += 'lock ';
    else if (op === 0xf2) prefix += 'repne ';
    else if (op === 0xf3) prefix += 'rep ';
    else break;
    op = b8();
  }
  let segUsed = false;
  let modrmByte = -1;
  const modrm = () => { if (modrmByte < 0) modrmByte = b8(); return modrmByte; };
  const regField = () => (modrm() >> 3) & 7;
  /** The r/m operand; `size` 0 = none shown, 1 = byte ptr, 2 = word ptr, 4 = dword ptr. */
  const rmOp = (word: boolean, size: number): string => {
    const m = modrm();
    const mod = m >> 6, rm = m & 7;
    if (mod === 3) return word ? REG16[rm]! : REG8[rm]!;
    let inner: string;
    if (mod === 0 && rm === 6) inner = hexIntel(b16());
    else {
      inner = EA[rm]!;
      if (mod === 1) { const d = s8(); if (d !== 0) inner += signedHex(d); }
      else if (mod === 2) { const d = b16(); if (d !== 0) inner += '+' + hexIntel(d); }
    }
    const ptr = size === 1 ? 'byte ptr ' : size === 2 ? 'word ptr ' : size === 4 ? 'dword ptr ' : '';
    segUsed = true;
    return `${ptr}${seg}[${inner}]`;
  };
  const rel = (d: number) => hexIntel((pos + d) & 0xffff);
  let text: string;
  if (!is186 && op >= 0x60 && op <= 0x6f) op |= 0x10;
  if (!is186 && (op === 0xc0 || op === 0xc1 || op === 0xc8 || op === 0xc9)) op |= 2;
  if (op < 0x40 && (op & 7) < 6) {
    const k = ALU[op >> 3]!;
    switch (op & 7) {
      case 0: text = `${k} ${rmOp(false, 0)}, ${REG8[regField()]}`; break;
      case 1: text = `${k} ${rmOp(true, 0)}, ${REG16[regField()]}`; break;
      case 2: { const r = REG8[regField()]; text = `${k} ${r}, ${rmOp(false, 0)}`; break; }
      case 3: { const r = REG16[regField()]; text = `${k} ${r}, ${rmOp(true, 0)}`; break; }
      case 4: text = `${k} al, ${hexIntel(b8())}`; break;
      default: text = `${k} ax, ${hexIntel(b16())}`; break;
    }
  } else if (op < 0x20 && (op & 7) === 6) text = `push ${SREG[op >> 3]}`;
  else if (op < 0x20 && (op & 7) === 7) text = `pop ${SREG[op >> 3]}`;
  else if (op >= 0x40 && op < 0x60) text = `${['inc', 'dec', 'push', 'pop'][(op >> 3) & 3]} ${REG16[op & 7]}`;
  else if (op >= 0x70 && op < 0x80) { const d = s8(); text = `${JCC[op & 15]} ${rel(d)}`; }
  else if (op >= 0x91 && op <= 0x97) text = `xchg ax, ${REG16[op & 7]}`;
  else if (op >= 0xb0 && op <= 0xb7) text = `mov ${REG8[op & 7]}, ${hexIntel(b8())}`;
  else if (op >= 0xb8 && op <= 0xbf) text = `mov ${REG16[op & 7]}, ${hexIntel(b16())}`;
  else if (op >= 0xd8 && op <= 0xdf) { const m = modrm(); text = `esc ${hexIntel(((op & 7) << 3) | ((m >> 3) & 7))}, ${rmOp(true, 0)}`; }
  else if (SIMPLE[op] !== undefined) text = SIMPLE[op]!;
  else {
    switch (op) {
      case 0x60: text = 'pusha'; break;
      case 0x61: text = 'popa'; break;
      case 0x62: { const r = REG16[regField()]; text = `bound ${r}, ${rmOp(true, 4)}`; break; }
      case 0x68: text = `push ${hexIntel(b16())}`; break;
      case 0x6a: { const v = s8(); text = `push ${v < 0 ? '-' + hexIntel(-v) : hexIntel(v)}`; break; }
      case 0x69: case 0x6b: {
        const r = REG16[regField()];
        const m = rmOp(true, 0);
        const v = op === 0x69 ? hexIntel(b16()) : String(signedHex(s8()).replace('+', ''));
        text = `imul ${r}, ${m}, ${v}`;
        break;
      }
      case 0x6c: text = 'insb'; break;
      case 0x6d: text = 'insw'; break;
      case 0x6e: text = 'outsb'; break;
      case 0x6f: text = 'outsw'; break;
      case 0x80: case 0x81: case 0x82: case 0x83: {
        const k = ALU[regField()]!;
        const m = rmOp(op === 0x81 || op === 0x83, op === 0x81 || op === 0x83 ? 2 : 1);
        const v = op === 0x81 ? hexIntel(b16()) : op === 0x83 ? hexIntel(((b8() << 24) >> 24) & 0xffff) : hexIntel(b8());
        text = `${k} ${m}, ${v}`;
        break;
      }
      case 0x84: text = `test ${rmOp(false, 0)}, ${REG8[regField()]}`; break;
      case 0x85: text = `test ${rmOp(true, 0)}, ${REG16[regField()]}`; break;
      case 0x86: text = `xchg ${rmOp(false, 0)}, ${REG8[regField()]}`; break;
      case 0x87: text = `xchg ${rmOp(true, 0)}, ${REG16[regField()]}`; break;
      case 0x88: text = `mov ${rmOp(false, 0)}, ${REG8[regField()]}`; break;
      case 0x89: text = `mov ${rmOp(true, 0)}, ${REG16[regField()]}`; break;
      case 0x8a: { const r = REG8[regField()]; text = `mov ${r}, ${rmOp(false, 0)}`; break; }
      case 0x8b: { const r = REG16[regField()]; text = `mov ${r}, ${rmOp(true, 0)}`; break; }
      case 0x8c: text = `mov ${rmOp(true, 0)}, ${SREG[regField() & 3]}`; break;
      case 0x8d: { const r = REG16[regField()]; text = `lea ${r}, ${rmOp(true, 0)}`; break; }
      case 0x8e: { const s = SREG[regField() & 3]; text = `mov ${s}, ${rmOp(true, 0)}`; break; }
      case 0x8f: text = `pop ${rmOp(true, 2)}`; break;
      case 0x9a: { const o = b16(); const s = b16(); text = `call far ${hexIntel(s)}:${hexIntel(o)}`; break; }
      case 0xa0: text = `mov al, byte ptr ${seg}[${hexIntel(b16())}]`; break;
      case 0xa1: text = `mov ax, word ptr ${seg}[${hexIntel(b16())}]`; break;
      case 0xa2: text = `mov byte ptr ${seg}[${hexIntel(b16())}], al`; break;
      case 0xa3: text = `mov word ptr ${seg}[${hexIntel(b16())}], ax`; break;
      case 0xa8: text = `test al, ${hexIntel(b8())}`; break;
      case 0xa9: text = `test ax, ${hexIntel(b16())}`; break;
      case 0xc0: case 0xc1: case 0xd0: case 0xd1: case 0xd2: case 0xd3: {
        const w = (op & 1) !== 0;
        const g = regField();
        const k = g === 6 && op >= 0xd2 ? 'setmoc' : SHIFT[g]!;
        const m = rmOp(w, op >= 0xd2 ? (w ? 2 : 1) : op >= 0xd0 ? (w ? 2 : 1) : (w ? 2 : 1));
        const n = op >= 0xd2 ? 'cl' : op >= 0xd0 ? '1' : hexIntel(b8());
        text = `${k} ${m}, ${n}`;
        break;
      }
      case 0xc2: text = `ret ${hexIntel(b16())}`; break;
      case 0xca: text = `retf ${hexIntel(b16())}`; break;
      case 0xc4: { const r = REG16[regField()]; text = `les ${r}, ${rmOp(true, 4)}`; break; }
      case 0xc5: { const r = REG16[regField()]; text = `lds ${r}, ${rmOp(true, 4)}`; break; }
      case 0xc6: { const m = rmOp(false, 1); text = `mov ${m}, ${hexIntel(b8())}`; break; }
      case 0xc7: { const m = rmOp(true, 2); text = `mov ${m}, ${hexIntel(b16())}`; break; }
      case 0xc8: { const n = b16(); text = `enter ${hexIntel(n)}, ${hexIntel(b8())}`; break; }
      case 0xc9: text = 'leave'; break;
      case 0xcd: text = `int ${hexIntel(b8())}`; break;
      case 0xd4: text = `aam ${hexIntel(b8())}`; break;
      case 0xd5: text = `aad ${hexIntel(b8())}`; break;
      case 0xe0: case 0xe1: case 0xe2: case 0xe3: {
        const d = s8();
        text = `${['loopne', 'loope', 'loop', 'jcxz'][op & 3]} ${rel(d)}`;
        break;
      }
      case 0xe4: text = `in al, ${hexIntel(b8())}`; break;
      case 0xe5: text = `in ax, ${hexIntel(b8())}`; break;
      case 0xe6: text = `out ${hexIntel(b8())}, al`; break;
      case 0xe7: text = `out ${hexIntel(b8())}, ax`; break;
      case 0xe8: { const d = b16(); text = `call ${rel(d)}`; break; }
      case 0xe9: { const d = b16(); text = `jmp ${rel(d)}`; break; }
      case 0xea: { const o = b16(); const s = b16(); text = `jmp far ${hexIntel(s)}:${hexIntel(o)}`; break; }
      case 0xeb: { const d = s8(); text = `jmp short ${rel(d)}`; break; }
      case 0xec: text = 'in al, dx'; break;
      case 0xed: text = 'in ax, dx'; break;
      case 0xee: text = 'out dx, al'; break;
      case 0xef: text = 'out dx, ax'; break;
      case 0xf6: case 0xf7: {
        const w = op === 0xf7;
        const g = regField();
        const m = rmOp(w, w ? 2 : 1);
        text = g < 2 ? `test ${m}, ${hexIntel(w ? b16() : b8())}` : `${F6[g]} ${m}`;
        break;
      }
      case 0xfe: {
        const g = regField();
        text = g < 2 ? `${FF[g]} ${rmOp(false, 1)}` : `(bad) ${rmOp(false, 1)}`;
        break;
      }
      case 0xff: {
        const g = regField();
        text = `${FF[g]} ${rmOp(true, g === 3 || g === 5 ? 4 : 2)}`;
        break;
      }
      default: text = `db ${hexIntel(op)}`; break;
    }
  }
  if (seg !== '' && !segUsed && !text.includes('[')) prefix = seg + ' ' + prefix;
  const length = pos - addr;
  return { text: prefix + text, length };
}
