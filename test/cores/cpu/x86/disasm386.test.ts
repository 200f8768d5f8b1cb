/**
 * The disassembler on 80286/80386 code: the 0Fh page and 32-bit forms by example (80386 PRM
 * appendix A), and, on every instruction test386.bin executes up to its arithmetic table (POST
 * EEh: real mode, 16- and 32-bit protected mode, all its 0Fh-page and prefixed code), that the
 * decoded length equals how far the 80386 core moved EIP, whenever the instruction did not jump or
 * fault.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';
import { disassemble86 } from '../../../../cores/cpu/x86/disasm.ts';
import { X86ProtCpu } from '../../../../cores/cpu/x86/cpu386.ts';
import { Flat386Bus } from '../../../../cores/cpu/x86/program-runner.ts';
import { X86Model } from '../../../../cores/cpu/x86/cpu.ts';

function dis(bytes: number[], opts: Parameters<typeof disassemble86>[2] = { is186: true, sizePrefixes: true, opSize: 32, adSize: 32 }) {
  return disassemble86((a) => bytes[a] ?? 0, 0, opts);
}

describe('x86 disassembler: 80286/80386 opcodes', () => {
  const cases: [number[], string][] = [
    [[0x0f, 0xb6, 0xc1], 'movzx eax, cl'],
    [[0x0f, 0xbf, 0x03], 'movsx eax, word ptr [ebx]'],
    [[0x0f, 0x94, 0xc0], 'setz al'],
    [[0x0f, 0x85, 0x10, 0x00, 0x00, 0x00], 'jnz 16h'],
    [[0x0f, 0xa3, 0xc8], 'bt eax, ecx'],
    [[0x0f, 0xba, 0x28, 0x05], 'bts dword ptr [eax], 5'],
    [[0x0f, 0xa4, 0xd0, 0x04], 'shld eax, edx, 4'],
    [[0x0f, 0xad, 0xd0], 'shrd eax, edx, cl'],
    [[0x0f, 0xaf, 0xc3], 'imul eax, ebx'],
    [[0x0f, 0xb2, 0x06], 'lss eax, fword ptr [esi]'],
    [[0x0f, 0xbc, 0xc2], 'bsf eax, edx'],
    [[0x0f, 0x20, 0xc0], 'mov eax, cr0'],
    [[0x0f, 0x22, 0xd8], 'mov cr3, eax'],
    [[0x0f, 0x01, 0x15, 0x00, 0x10, 0x00, 0x00], 'lgdt fword ptr [1000h]'],
    [[0x0f, 0x00, 0xd8], 'ltr ax'],
    [[0x0f, 0x02, 0xc3], 'lar eax, bx'],
    [[0x0f, 0xa0], 'push fs'],
    [[0x64, 0x8b, 0x00], 'mov eax, fs:[eax]'],
    [[0x63, 0xc8], 'arpl ax, cx'],
  ];
  for (const [bytes, text] of cases) {
    it(`${bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')} is ${text}`, () => {
      expect(dis(bytes)).toEqual({ text, length: bytes.length });
    });
  }
  it('keeps 0Fh as POP CS on the 8086 and decodes it as a two-byte opcode on the 80286', () => {
    expect(dis([0x0f, 0x06], false).text).toBe('pop cs');
    expect(dis([0x0f, 0x06], { is186: true, twoByte: true })).toEqual({ text: 'clts', length: 2 });
    expect(dis([0x0f, 0x01, 0xe0], { is186: true, twoByte: true })).toEqual({ text: 'smsw ax', length: 3 });
  });
});

describeWithShared('x86 disassembler on test386.bin', ['testdata/pc/test386/test386.bin'], () => {
  it('decodes the length of every executed non-branching instruction up to POST EEh', () => {
    const bus = new Flat386Bus();
    bus.mem.set(new Uint8Array(readFileSync(shared('testdata/pc/test386/test386.bin')!)), 0xf0000);
    const cpu = new X86ProtCpu(bus, X86Model.I80386);
    cpu.endCycle = Infinity;
    let post = 0;
    bus.onOut = (p, v) => { if (p === 0x190) post = v; };
    const transfer = /^(rep |repne |lock )*(j|call|ret|loop|int|iret|hlt|into|bound|enter|leave)/;
    const wrong: string[] = [];
    let checked = 0;
    while (!cpu.halted && post !== 0xee && wrong.length < 5) {
      const start = cpu.ip, base = cpu.segBase[1]! >>> 0, cs = cpu.sreg[1];
      const d = disassemble86((a) => bus.read8(cpu.phys((base + a) >>> 0, false, false)), start, { is186: true, sizePrefixes: true, opSize: cpu.defOpSize as 16 | 32, adSize: cpu.defAdSize as 16 | 32 });
      cpu.lastVector = -1;
      cpu.step();
      if (cpu.lastVector >= 0 || cpu.sreg[1] !== cs || transfer.test(d.text)) continue;
      checked++;
      const moved = cpu.defOpSize === 32 ? (cpu.ip - start) >>> 0 : (cpu.ip - start) & 0xffff;
      if (moved !== d.length || d.text.includes('(bad)') || d.text.startsWith('db ')) wrong.push(`${start.toString(16)}: ${d.text} (${d.length} bytes, EIP moved ${moved})`);
    }
    expect(wrong).toEqual([]);
    expect(post).toBe(0xee);
    expect(checked).toBeGreaterThan(900_000);
  }, 120_000);
});
