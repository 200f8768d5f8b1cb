/**
 * Intel-syntax disassembler for the 8086/8088 and 80186 (MASM-like: `mov word ptr [bp+si-4], 12h`,
 * hex with an `h` suffix and a leading 0 before a letter, lowercase mnemonics).
 *
 * `addr` is the offset of the instruction in its code segment as the byte source sees it;
 * relative jump targets are shown as 16-bit offsets (`addr + length + displacement`, wrapped).
 * Prefixes are shown in front (`rep movsb`, `lock`, `es:` on the memory operand).
 * On the 8086/8088 the 60h-6Fh, C0h/C1h, C8h/C9h aliases are shown as the instructions they
 * execute; with `is186` they are the 80186 instructions.
 *
 * Sizes: the third argument may be a `DisasmOptions` carrying the decoder's size state. `adSize`
 * 32 decodes ModR/M with the 80386's 32-bit forms and SIB byte (`[eax+ecx*4+10h]`, PRM §17.2.1
 * tables 17-3/17-4) and 32-bit moffs; `opSize` 32 shows word operands as dwords (eax, dword ptr,
 * 32-bit immediates and relative targets, cwde/cdq, movsd...). `sizePrefixes` makes 66h/67h
 * prefixes that switch to the non-default size (as on a 386); without it they are what the model
 * decodes (Jcc aliases, or invalid on the 80186). With `sizePrefixes` (the 80386) 64h/65h are the
 * FS/GS prefixes and segment registers 4/5 are fs/gs.
 * Two-byte opcodes (0Fh xx, 80286 PRM appendix B; 80386 PRM appendix A, tables A-2/A-3) are
 * decoded with `twoByte` (the 80286) or `sizePrefixes` (the 80386): the 00h/01h system groups,
 * LAR/LSL/CLTS/LOADALL, MOV to/from CR/DR/TR, Jcc rel16/32, SETcc, PUSH/POP FS/GS, BT*, SHLD/SHRD,
 * IMUL r, r/m, LSS/LFS/LGS, MOVZX/MOVSX, BSF/BSR. Anything else there shows as `(bad)`.
 */
const ALU = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];
const SHIFT = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'setmo', 'sar'];
const F6 = ['test', 'test', 'not', 'neg', 'mul', 'imul', 'div', 'idiv'];
const FF = ['inc', 'dec', 'call', 'call far', 'jmp', 'jmp far', 'push', 'push'];
const JCC = ['jo', 'jno', 'jb', 'jae', 'jz', 'jnz', 'jbe', 'ja', 'js', 'jns', 'jp', 'jnp', 'jl', 'jge', 'jle', 'jg'];
const REG16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
const REG32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
/** Mnemonics that change with a 32-bit operand size. */
const SIMPLE32: Record<number, string> = {
  0x60: 'pushad', 0x61: 'popad', 0x98: 'cwde', 0x99: 'cdq', 0x9c: 'pushfd', 0x9d: 'popfd', 0xcf: 'iretd',
  0xa5: 'movsd', 0xa7: 'cmpsd', 0xab: 'stosd', 0xad: 'lodsd', 0xaf: 'scasd', 0x6d: 'insd', 0x6f: 'outsd',
};

/** Size state for `disassemble86` (see the header). */
export interface DisasmOptions {
  is186?: boolean;
  /** 66h/67h are size prefixes (a 386 model). */
  sizePrefixes?: boolean;
  /** Default operand size (the code segment's D bit on a 386); 16 if absent. */
  opSize?: 16 | 32;
  /** Default address size; 16 if absent. */
  adSize?: 16 | 32;
  /** 0Fh starts a two-byte opcode (80286 and later) instead of being POP CS. */
  twoByte?: boolean;
}
const REG8 = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'];
const SREG = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];
const SETCC = ['seto', 'setno', 'setb', 'setae', 'setz', 'setnz', 'setbe', 'seta', 'sets', 'setns', 'setp', 'setnp', 'setl', 'setge', 'setle', 'setg'];
const GRP0F00 = ['sldt', 'str', 'lldt', 'ltr', 'verr', 'verw', '(bad)', '(bad)'];
const GRP0F01 = ['sgdt', 'sidt', 'lgdt', 'lidt', 'smsw', '(bad)', 'lmsw', '(bad)'];
const BT = ['bt', 'bts', 'btr', 'btc'];
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

export function disassemble86(read: (addr: number) => number, addr: number, options: boolean | DisasmOptions = false): { text: string; length: number } {
  const opts: DisasmOptions = typeof options === 'boolean' ? { is186: options } : options;
  const is186 = opts.is186 === true;
  let op32 = opts.opSize === 32;
  let ad32 = opts.adSize === 32;
  let pos = addr;
  const is386 = opts.sizePrefixes === true;
  const b8 = () => read(is386 ? pos++ >>> 0 : pos++ & 0xfffff) & 0xff;
  const b16 = () => { const lo = b8(); return lo | (b8() << 8); };
  const b32 = () => { const lo = b16(); return (lo | (b16() << 16)) >>> 0; };
  const s8 = () => (b8() << 24) >> 24;
  let seg = '';
  let prefix = '';
  let op = b8();
  for (let n = 0; n < 15; n++) {
    if (opts.sizePrefixes === true && op === 0x66) op32 = opts.opSize !== 32;
    else if (opts.sizePrefixes === true && op === 0x67) ad32 = opts.adSize !== 32;
    else if ((op & 0xe7) === 0x26) seg = SREG[(op >> 3) & 3]! + ':';
    else if (is386 && (op === 0x64 || op === 0x65)) seg = SREG[op - 0x60]! + ':';
    else if (op === 0xf0 || op === 0xf1) prefix += 'lock ';
    else if (op === 0xf2) prefix += 'repne ';
    else if (op === 0xf3) prefix += 'rep ';
    else break;
    op = b8();
  }
  /** Word-or-dword register names, immediates and pointer size ("v" operands). */
  const RW = op32 ? REG32 : REG16;
  const bw = op32 ? b32 : b16;
  const WPTR = op32 ? 4 : 2;
  const moffs = () => hexIntel(ad32 ? b32() : b16());
  let segUsed = false;
  let modrmByte = -1;
  const modrm = () => { if (modrmByte < 0) modrmByte = b8(); return modrmByte; };
  const regField = () => (modrm() >> 3) & 7;
  /** The r/m operand; `size` 0 = none shown, 1 = byte ptr, 2 = word ptr, 4 = dword ptr. */
  const rmOp = (word: boolean, size: number, regs: readonly string[] = RW): string => {
    const m = modrm();
    const mod = m >> 6, rm = m & 7;
    if (mod === 3) return word ? regs[rm]! : REG8[rm]!;
    let inner: string;
    if (ad32) inner = ea32(mod, rm);
    else if (mod === 0 && rm === 6) inner = hexIntel(b16());
    else {
      inner = EA[rm]!;
      if (mod === 1) { const d = s8(); if (d !== 0) inner += signedHex(d); }
      else if (mod === 2) { const d = b16(); if (d !== 0) inner += '+' + hexIntel(d); }
    }
    const ptr = size === 1 ? 'byte ptr ' : size === 2 ? 'word ptr ' : size === 4 ? 'dword ptr ' : size === 6 ? 'fword ptr ' : '';
    segUsed = true;
    return `${ptr}${seg}[${inner}]`;
  };
  /** Tables 17-3/17-4: base + index*scale + disp8/disp32 (the SIB byte and disp follow ModR/M). */
  function ea32(mod: number, rm: number): string {
    const parts: string[] = [];
    if (rm === 4) {
      const sib = b8();
      const index = (sib >> 3) & 7, base = sib & 7;
      if (base === 5 && mod === 0) {
        const d = b32();
        if (index !== 4) parts.push(REG32[index]! + (sib >> 6 ? '*' + (1 << (sib >> 6)) : ''));
        parts.push(hexIntel(d));
        return parts.join('+');
      }
      parts.push(REG32[base]!);
      if (index !== 4) parts.push(REG32[index]! + (sib >> 6 ? '*' + (1 << (sib >> 6)) : ''));
    } else if (rm === 5 && mod === 0) {
      return hexIntel(b32());
    } else {
      parts.push(REG32[rm]!);
    }
    let text = parts.join('+');
    if (mod === 1) { const d = s8(); if (d !== 0) text += signedHex(d); }
    else if (mod === 2) { const d = b32() | 0; if (d !== 0) text += signedHex(d); }
    return text;
  }
  const rel = (d: number) => hexIntel(op32 ? (pos + d) >>> 0 : (pos + d) & 0xffff);
  let text: string;
  if (op === 0x0f && (opts.twoByte === true || is386)) {
    text = twoByteOp();
    if (seg !== '' && !segUsed && !text.includes('[')) prefix = seg + ' ' + prefix;
    return { text: prefix + text, length: pos - addr };
  }
  if (!is186 && op >= 0x60 && op <= 0x6f) op |= 0x10;
  if (!is186 && (op === 0xc0 || op === 0xc1 || op === 0xc8 || op === 0xc9)) op |= 2;
  if (op < 0x40 && (op & 7) < 6) {
    const k = ALU[op >> 3]!;
    switch (op & 7) {
      case 0: text = `${k} ${rmOp(false, 0)}, ${REG8[regField()]}`; break;
      case 1: text = `${k} ${rmOp(true, 0)}, ${RW[regField()]}`; break;
      case 2: { const r = REG8[regField()]; text = `${k} ${r}, ${rmOp(false, 0)}`; break; }
      case 3: { const r = RW[regField()]; text = `${k} ${r}, ${rmOp(true, 0)}`; break; }
      case 4: text = `${k} al, ${hexIntel(b8())}`; break;
      default: text = `${k} ${RW[0]}, ${hexIntel(bw())}`; break;
    }
  } else if (op < 0x20 && (op & 7) === 6) text = `push ${SREG[op >> 3]}`;
  else if (op < 0x20 && (op & 7) === 7) text = `pop ${SREG[op >> 3]}`;
  else if (op >= 0x40 && op < 0x60) text = `${['inc', 'dec', 'push', 'pop'][(op >> 3) & 3]} ${RW[op & 7]}`;
  else if (op >= 0x70 && op < 0x80) { const d = s8(); text = `${JCC[op & 15]} ${rel(d)}`; }
  else if (op >= 0x91 && op <= 0x97) text = `xchg ${RW[0]}, ${RW[op & 7]}`;
  else if (op >= 0xb0 && op <= 0xb7) text = `mov ${REG8[op & 7]}, ${hexIntel(b8())}`;
  else if (op >= 0xb8 && op <= 0xbf) text = `mov ${RW[op & 7]}, ${hexIntel(bw())}`;
  else if (op >= 0xd8 && op <= 0xdf) { const m = modrm(); text = `esc ${hexIntel(((op & 7) << 3) | ((m >> 3) & 7))}, ${rmOp(true, 0)}`; }
  else if (op32 && SIMPLE32[op] !== undefined && (is186 || op < 0x60 || op > 0x6f)) text = SIMPLE32[op]!;
  else if (SIMPLE[op] !== undefined) text = SIMPLE[op]!;
  else {
    switch (op) {
      case 0x60: text = 'pusha'; break;
      case 0x61: text = 'popa'; break;
      case 0x62: { const r = RW[regField()]; text = `bound ${r}, ${rmOp(true, WPTR * 2)}`; break; }
      case 0x63:
        // ARPL r/m16, r16 (80286 and later); on the 80186 an invalid opcode.
        if (is386 || opts.twoByte === true) { const m = rmOp(true, 2, REG16); text = `arpl ${m}, ${REG16[regField()]}`; } else text = `db ${hexIntel(op)}`;
        break;
      case 0x68: text = `push ${hexIntel(bw())}`; break;
      case 0x6a: { const v = s8(); text = `push ${v < 0 ? '-' + hexIntel(-v) : hexIntel(v)}`; break; }
      case 0x69: case 0x6b: {
        const r = RW[regField()];
        const m = rmOp(true, 0);
        const v = op === 0x69 ? hexIntel(bw()) : String(signedHex(s8()).replace('+', ''));
        text = `imul ${r}, ${m}, ${v}`;
        break;
      }
      case 0x6c: text = 'insb'; break;
      case 0x6d: text = 'insw'; break;
      case 0x6e: text = 'outsb'; break;
      case 0x6f: text = 'outsw'; break;
      case 0x80: case 0x81: case 0x82: case 0x83: {
        const k = ALU[regField()]!;
        const m = rmOp(op === 0x81 || op === 0x83, op === 0x81 || op === 0x83 ? WPTR : 1);
        const v = op === 0x81 ? hexIntel(bw()) : op === 0x83 ? hexIntel(op32 ? s8() >>> 0 : s8() & 0xffff) : hexIntel(b8());
        text = `${k} ${m}, ${v}`;
        break;
      }
      case 0x84: text = `test ${rmOp(false, 0)}, ${REG8[regField()]}`; break;
      case 0x85: text = `test ${rmOp(true, 0)}, ${RW[regField()]}`; break;
      case 0x86: text = `xchg ${rmOp(false, 0)}, ${REG8[regField()]}`; break;
      case 0x87: text = `xchg ${rmOp(true, 0)}, ${RW[regField()]}`; break;
      case 0x88: text = `mov ${rmOp(false, 0)}, ${REG8[regField()]}`; break;
      case 0x89: text = `mov ${rmOp(true, 0)}, ${RW[regField()]}`; break;
      case 0x8a: { const r = REG8[regField()]; text = `mov ${r}, ${rmOp(false, 0)}`; break; }
      case 0x8b: { const r = RW[regField()]; text = `mov ${r}, ${rmOp(true, 0)}`; break; }
      case 0x8c: text = `mov ${rmOp(true, 0)}, ${SREG[is386 ? regField() : regField() & 3] ?? '(bad)'}`; break;
      case 0x8d: { const r = RW[regField()]; text = `lea ${r}, ${rmOp(true, 0)}`; break; }
      case 0x8e: { const s = SREG[is386 ? regField() : regField() & 3] ?? '(bad)'; text = `mov ${s}, ${rmOp(true, 0, REG16)}`; break; }
      case 0x8f: text = `pop ${rmOp(true, WPTR)}`; break;
      case 0x9a: { const o = bw(); const s = b16(); text = `call far ${hexIntel(s)}:${hexIntel(o)}`; break; }
      case 0xa0: text = `mov al, byte ptr ${seg}[${moffs()}]`; break;
      case 0xa1: text = `mov ${RW[0]}, ${op32 ? 'dword' : 'word'} ptr ${seg}[${moffs()}]`; break;
      case 0xa2: text = `mov byte ptr ${seg}[${moffs()}], al`; break;
      case 0xa3: text = `mov ${op32 ? 'dword' : 'word'} ptr ${seg}[${moffs()}], ${RW[0]}`; break;
      case 0xa8: text = `test al, ${hexIntel(b8())}`; break;
      case 0xa9: text = `test ${RW[0]}, ${hexIntel(bw())}`; break;
      case 0xc0: case 0xc1: case 0xd0: case 0xd1: case 0xd2: case 0xd3: {
        const w = (op & 1) !== 0;
        const g = regField();
        const k = g === 6 && op >= 0xd2 ? 'setmoc' : SHIFT[g]!;
        const m = rmOp(w, w ? WPTR : 1);
        const n = op >= 0xd2 ? 'cl' : op >= 0xd0 ? '1' : hexIntel(b8());
        text = `${k} ${m}, ${n}`;
        break;
      }
      case 0xc2: text = `ret ${hexIntel(b16())}`; break;
      case 0xca: text = `retf ${hexIntel(b16())}`; break;
      case 0xc4: { const r = RW[regField()]; text = `les ${r}, ${rmOp(true, WPTR + 2)}`; break; }
      case 0xc5: { const r = RW[regField()]; text = `lds ${r}, ${rmOp(true, WPTR + 2)}`; break; }
      case 0xc6: { const m = rmOp(false, 1); text = `mov ${m}, ${hexIntel(b8())}`; break; }
      case 0xc7: { const m = rmOp(true, WPTR); text = `mov ${m}, ${hexIntel(bw())}`; break; }
      case 0xc8: { const n = b16(); text = `enter ${hexIntel(n)}, ${hexIntel(b8())}`; break; }
      case 0xc9: text = 'leave'; break;
      case 0xcd: text = `int ${hexIntel(b8())}`; break;
      case 0xd4: text = `aam ${hexIntel(b8())}`; break;
      case 0xd5: text = `aad ${hexIntel(b8())}`; break;
      case 0xe0: case 0xe1: case 0xe2: case 0xe3: {
        const d = s8();
        text = `${['loopne', 'loope', 'loop', ad32 ? 'jecxz' : 'jcxz'][op & 3]} ${rel(d)}`;
        break;
      }
      case 0xe4: text = `in al, ${hexIntel(b8())}`; break;
      case 0xe5: text = `in ${RW[0]}, ${hexIntel(b8())}`; break;
      case 0xe6: text = `out ${hexIntel(b8())}, al`; break;
      case 0xe7: text = `out ${hexIntel(b8())}, ${RW[0]}`; break;
      case 0xe8: { const d = bw(); text = `call ${rel(d)}`; break; }
      case 0xe9: { const d = bw(); text = `jmp ${rel(d)}`; break; }
      case 0xea: { const o = bw(); const s = b16(); text = `jmp far ${hexIntel(s)}:${hexIntel(o)}`; break; }
      case 0xeb: { const d = s8(); text = `jmp short ${rel(d)}`; break; }
      case 0xec: text = 'in al, dx'; break;
      case 0xed: text = `in ${RW[0]}, dx`; break;
      case 0xee: text = 'out dx, al'; break;
      case 0xef: text = `out dx, ${RW[0]}`; break;
      case 0xf6: case 0xf7: {
        const w = op === 0xf7;
        const g = regField();
        const m = rmOp(w, w ? WPTR : 1);
        text = g < 2 ? `test ${m}, ${hexIntel(w ? bw() : b8())}` : `${F6[g]} ${m}`;
        break;
      }
      case 0xfe: {
        const g = regField();
        text = g < 2 ? `${FF[g]} ${rmOp(false, 1)}` : `(bad) ${rmOp(false, 1)}`;
        break;
      }
      case 0xff: {
        const g = regField();
        text = `${FF[g]} ${rmOp(true, g === 3 || g === 5 ? WPTR + 2 : WPTR)}`;
        break;
      }
      default: text = `db ${hexIntel(op)}`; break;
    }
  }
  if (seg !== '' && !segUsed && !text.includes('[')) prefix = seg + ' ' + prefix;
  const length = pos - addr;
  return { text: prefix + text, length };

  /** The 0Fh page (see the header). */
  function twoByteOp(): string {
    const o = b8();
    if (o >= 0x80 && o <= 0x8f) { const d = op32 ? b32() : b16(); return `${JCC[o & 15]} ${rel(d)}`; }
    if (o >= 0x90 && o <= 0x9f) { modrm(); return `${SETCC[o & 15]} ${rmOp(false, 1)}`; }
    switch (o) {
      case 0x00: { const g = regField(); return `${GRP0F00[g]} ${rmOp(true, 2, REG16)}`; }
      case 0x01: { const g = regField(); return `${GRP0F01[g]} ${rmOp(true, g < 4 ? 6 : 2, REG16)}`; }
      case 0x02: case 0x03: { const r = RW[regField()]; return `${o === 2 ? 'lar' : 'lsl'} ${r}, ${rmOp(true, 2, REG16)}`; }
      case 0x05: case 0x07: return 'loadall';
      case 0x06: return 'clts';
      case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x26: {
        const m = modrm();
        const sr = (o === 0x20 || o === 0x22 ? 'cr' : o === 0x21 || o === 0x23 ? 'dr' : 'tr') + ((m >> 3) & 7);
        const gr = REG32[m & 7]!;
        return (o & 2) === 0 ? `mov ${gr}, ${sr}` : `mov ${sr}, ${gr}`;
      }
      case 0xa0: return 'push fs';
      case 0xa1: return 'pop fs';
      case 0xa8: return 'push gs';
      case 0xa9: return 'pop gs';
      case 0xa3: case 0xab: case 0xb3: case 0xbb: { const m = rmOp(true, 0); return `${BT[(o >> 3) & 3]} ${m}, ${RW[regField()]}`; }
      case 0xba: { const g = regField(); const m = rmOp(true, WPTR); return g < 4 ? `(bad) ${m}` : `${BT[g & 3]} ${m}, ${hexIntel(b8())}`; }
      case 0xa4: case 0xa5: case 0xac: case 0xad: {
        const m = rmOp(true, 0);
        const r = RW[regField()];
        return `${o < 0xa8 ? 'shld' : 'shrd'} ${m}, ${r}, ${(o & 1) === 0 ? hexIntel(b8()) : 'cl'}`;
      }
      case 0xaf: { const r = RW[regField()]; return `imul ${r}, ${rmOp(true, 0)}`; }
      case 0xb2: case 0xb4: case 0xb5: { const r = RW[regField()]; return `${o === 0xb2 ? 'lss' : o === 0xb4 ? 'lfs' : 'lgs'} ${r}, ${rmOp(true, WPTR + 2)}`; }
      case 0xb6: case 0xb7: case 0xbe: case 0xbf: {
        const r = RW[regField()];
        const m = (o & 1) === 0 ? rmOp(false, 1) : rmOp(true, 2, REG16);
        return `${o < 0xb8 ? 'movzx' : 'movsx'} ${r}, ${m}`;
      }
      case 0xbc: case 0xbd: { const r = RW[regField()]; return `${o === 0xbc ? 'bsf' : 'bsr'} ${r}, ${rmOp(true, 0)}`; }
      default: return `(bad) 0Fh ${hexIntel(o)}`;
    }
  }
}
