/** The x86 disassembler: Intel syntax, lengths, prefixes, targets; cross-checked on the 8086 suite. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { disassemble86, hexIntel } from '../../../../cores/cpu/x86/disasm.ts';
import type { DisasmOptions } from '../../../../cores/cpu/x86/disasm.ts';
import { i8086Descriptor } from '../../../../cores/cpu/x86/descriptor.ts';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';
import { collectTestFiles } from '../../../../ui/cli/singlestep.ts';

function dis(bytes: number[], addr = 0x100, is186 = false) {
  return disassemble86((a) => bytes[a - addr] ?? 0x90, addr, is186);
}

describe('x86 disassembler', () => {
  it.each([
    [[0x90], 'nop', 1],
    [[0x01, 0xd8], 'add ax, bx', 2],
    [[0x00, 0x47, 0xfe], 'add [bx-2], al', 3],
    [[0x8b, 0x86, 0x34, 0x12], 'mov ax, [bp+1234h]', 4],
    [[0x8b, 0x06, 0xff, 0xff], 'mov ax, [0FFFFh]', 4],
    [[0x26, 0x8a, 0x07], 'mov al, es:[bx]', 3],
    [[0xc6, 0x87, 0x8d, 0x01, 0x00], 'mov byte ptr [bx+18Dh], 0', 5],
    [[0x81, 0xfb, 0xfe, 0x1f], 'cmp bx, 1FFEh', 4],
    [[0x83, 0xc4, 0xfe], 'add sp, 0FFFEh', 3],
    [[0xf3, 0xab], 'rep stosw', 2],
    [[0x2e, 0xf2, 0xa6], 'cs: repne cmpsb', 3],
    [[0xf0, 0x86, 0x07], 'lock xchg [bx], al', 3],
    [[0x9a, 0x00, 0x01, 0x00, 0xf0], 'call far 0F000h:100h', 5],
    [[0xff, 0x1f], 'call far dword ptr [bx]', 2],
    [[0xd3, 0xe0], 'shl ax, cl', 2],
    [[0xd0, 0xf0], 'setmo al, 1', 2],
    [[0xf7, 0x3e, 0x00, 0x02], 'idiv word ptr [200h]', 4],
    [[0xcd, 0x21], 'int 21h', 2],
    [[0xd4, 0x0a], 'aam 0Ah', 2],
    [[0xdb, 0xe3], 'esc 1Ch, bx', 2],
    [[0xe4, 0x60], 'in al, 60h', 2],
    [[0xee], 'out dx, al', 1],
    [[0x8e, 0xd8], 'mov ds, ax', 2],
    [[0x0f], 'pop cs', 1],
  ] as const)('%j -> %s', (bytes, text, length) => {
    expect(dis([...bytes])).toEqual({ text, length });
  });

  it('prints relative targets as offsets, wrapping at 64 KB', () => {
    expect(dis([0xeb, 0xfe]).text).toBe('jmp short 100h');
    expect(dis([0x74, 0x10]).text).toBe('jz 112h');
    expect(dis([0xe8, 0x00, 0x00], 0xfffd).text).toBe('call 0');
    expect(dis([0xe2, 0xfe]).text).toBe('loop 100h');
  });

  it('shows 60h-6Fh, C0h/C1h and C8h/C9h as the 8088 executes them, or as 80186 instructions', () => {
    expect(dis([0x64, 0x02]).text).toBe('jz 104h');
    expect(dis([0x60], 0x100, true).text).toBe('pusha');
    expect(dis([0xc1, 0xe0, 0x04], 0x100, true)).toEqual({ text: 'shl ax, 4', length: 3 });
    expect(dis([0xc8, 0x10, 0x00, 0x01], 0x100, true)).toEqual({ text: 'enter 10h, 1', length: 4 });
    expect(dis([0x6b, 0xc3, 0xfd], 0x100, true)).toEqual({ text: 'imul ax, bx, -3', length: 3 });
    expect(dis([0xc9]).text).toBe('retf');
  });

  describe('with the decoder size state', () => {
    const d32 = (bytes: number[], opts: DisasmOptions) => disassemble86((a) => bytes[a - 0x100] ?? 0x90, 0x100, opts);
    const ad32: DisasmOptions = { adSize: 32 };
    it.each([
      [[0x8b, 0x44, 0x88, 0x10], 'mov ax, [eax+ecx*4+10h]', 4],
      [[0x8b, 0x04, 0x24], 'mov ax, [esp]', 3],
      [[0x8b, 0x04, 0x20], 'mov ax, [eax]', 3],
      [[0x8b, 0x45, 0xfc], 'mov ax, [ebp-4]', 3],
      [[0x8b, 0x85, 0xfc, 0xff, 0xff, 0xff], 'mov ax, [ebp-4]', 6],
      [[0x8b, 0x05, 0x78, 0x56, 0x34, 0x12], 'mov ax, [12345678h]', 6],
      [[0x8b, 0x04, 0xbd, 0x00, 0x01, 0x00, 0x00], 'mov ax, [edi*4+100h]', 7],
      [[0x8b, 0x04, 0x25, 0x00, 0x01, 0x00, 0x00], 'mov ax, [100h]', 7],
      [[0x8b, 0x44, 0x2d, 0x08], 'mov ax, [ebp+ebp+8]', 4],
      [[0x8b, 0x84, 0xd3, 0x00, 0x10, 0x00, 0x00], 'mov ax, [ebx+edx*8+1000h]', 7],
      [[0x26, 0x88, 0x06], 'mov es:[esi], al', 3],
      [[0xc7, 0x07, 0x34, 0x12], 'mov word ptr [edi], 1234h', 4],
      [[0xa1, 0x78, 0x56, 0x34, 0x12], 'mov ax, word ptr [12345678h]', 5],
      [[0x8b, 0xc3], 'mov ax, bx', 2],
      [[0xe3, 0xfe], 'jecxz 100h', 2],
    ] as const)('adSize 32: %j -> %s', (bytes, text, length) => {
      expect(d32([...bytes], ad32)).toEqual({ text, length });
    });

    it.each([
      [[0x01, 0xd8], 'add eax, ebx', 2],
      [[0x05, 0x78, 0x56, 0x34, 0x12], 'add eax, 12345678h', 5],
      [[0xb9, 0x01, 0x00, 0x00, 0x80], 'mov ecx, 80000001h', 5],
      [[0x83, 0xc4, 0xfc], 'add esp, 0FFFFFFFCh', 3],
      [[0xc7, 0x07, 0x01, 0x00, 0x00, 0x00], 'mov dword ptr [bx], 1', 6],
      [[0xff, 0x1f], 'call far fword ptr [bx]', 2],
      [[0xe8, 0x00, 0x00, 0x00, 0x00], 'call 105h', 5],
      [[0x98], 'cwde', 1],
      [[0xa5], 'movsd', 1],
      [[0x50], 'push eax', 1],
    ] as const)('opSize 32: %j -> %s', (bytes, text, length) => {
      expect(d32([...bytes], { opSize: 32 })).toEqual({ text, length });
    });

    it('66h/67h switch sizes only when the model has size prefixes', () => {
      const withPrefixes: DisasmOptions = { sizePrefixes: true, is186: true };
      expect(d32([0x67, 0x8b, 0x04, 0x88], withPrefixes)).toEqual({ text: 'mov ax, [eax+ecx*4]', length: 4 });
      expect(d32([0x66, 0x67, 0x8b, 0x04, 0x88], withPrefixes)).toEqual({ text: 'mov eax, [eax+ecx*4]', length: 5 });
      expect(d32([0x66, 0xb8, 0x01, 0x00, 0x00, 0x00], withPrefixes)).toEqual({ text: 'mov eax, 1', length: 6 });
      // A 32-bit default: the prefixes select 16 bits.
      expect(d32([0x66, 0x67, 0x8b, 0x00], { ...withPrefixes, opSize: 32, adSize: 32 })).toEqual({ text: 'mov ax, [bx+si]', length: 4 });
      // Without the capability: 8086 Jcc aliases, and the 80186's invalid opcodes.
      expect(d32([0x67, 0x02], {})).toEqual({ text: 'ja 104h', length: 2 });
      expect(d32([0x67, 0x8b], { is186: true })).toEqual({ text: 'db 67h', length: 1 });
    });
  });

  it('formats hex the Intel way', () => {
    expect([0, 9, 10, 0x12, 0xff, 0xa000].map(hexIntel)).toEqual(['0', '9', '0Ah', '12h', '0FFh', '0A000h']);
  });

  it('is the descriptor\'s disassembler', () => {
    expect(i8086Descriptor.disassemble!((a) => [0xb8, 0x34, 0x12][a] ?? 0, 0)).toEqual({ text: 'mov ax, 1234h', length: 3 });
  });
});

/** The suite names instructions in its own (nasm-like) syntax; these mnemonics are synonyms of ours. */
const SYNONYMS: Record<string, string> = {
  jnb: 'jae', jnbe: 'ja', jnl: 'jge', jnle: 'jg', callf: 'call', jmpf: 'jmp', retn: 'ret',
};
const PREFIX_WORDS = /^(cs:?|ds:?|es:?|ss:?|lock|rep|repe|repne|repz|repnz)$/;

describeWithShared('x86 disassembler on the 8086 suite', ['testdata/singlestep/8086/metadata.json'], () => {
  it('gives every case\'s instruction its exact length and mnemonic', () => {
    const problems: string[] = [];
    let cases = 0;
    for (const f of collectTestFiles([shared('testdata/singlestep/8086')!])) {
      for (const c of JSON.parse(gunzipSync(readFileSync(f)).toString()) as { name: string; bytes: number[] }[]) {
        cases++;
        const d = disassemble86((a) => c.bytes[a] ?? 0x90, 0);
        const want = c.name.split(' ').filter((w) => !PREFIX_WORDS.test(w))[0]!;
        const got = d.text.split(' ').filter((w) => !PREFIX_WORDS.test(w))[0]!;
        if (d.length !== c.bytes.length || (SYNONYMS[want] ?? want) !== got) {
          if (problems.length < 10) problems.push(`${c.name} [${c.bytes.join(',')}] -> ${d.text} (${d.length})`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(cases).toBe(322 * 450);
  }, 120_000);
});
