/**
 * The 80186 instruction test binaries (../shared/testdata/pc/80186_tests): each runs as a ROM at
 * F0000h from F000:FFF0 until HLT, and RAM from address 0 must equal its `res_<name>.bin`.
 *
 * The expected dumps were made on a machine whose FLAGS bits 12-15 read as 0 (a real 80186 reads
 * them as 1), and the stored FLAGS feed later addresses in some tests, so the harness runs the core
 * with `fixedFlags` 0002h (cpu.ts explains); everything else is the plain 80186 model.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';
import { runRomImage } from '../../../../cores/cpu/x86/program-runner.ts';
import { X86Model } from '../../../../cores/cpu/x86/cpu.ts';

const TESTS = ['add', 'bcdcnv', 'bitwise', 'cmpneg', 'control', 'datatrnf', 'div', 'interrupt', 'jump1', 'jump2',
  'mul', 'rep', 'rotate', 'segpr', 'shifts', 'strings', 'sub'];

describeWithShared('x86 80186 test binaries', ['testdata/pc/80186_tests/add.bin'], () => {
  const dir = shared('testdata/pc/80186_tests')!;
  for (const name of TESTS) {
    it(`${name}.bin halts with RAM equal to res_${name}.bin`, () => {
      const run = runRomImage(readFileSync(`${dir}/${name}.bin`), X86Model.I80186, 10_000_000, 0x0002);
      expect(run.halted).toBe(true);
      const want = readFileSync(`${dir}/res_${name}.bin`);
      const diffs: string[] = [];
      for (let i = 0; i < want.length; i++) {
        if (run.bus.ram[i] !== want[i]) diffs.push(`${i.toString(16)}: ${run.bus.ram[i]!.toString(16)} want ${want[i]!.toString(16)}`);
      }
      expect(diffs).toEqual([]);
    });
  }

  it('jmpmov.bin (no result file) reaches its HLT', () => {
    const run = runRomImage(readFileSync(`${dir}/jmpmov.bin`), X86Model.I80186, 10_000_000, 0x0002);
    expect(run.halted).toBe(true);
  });

  it('the 8088 model gives other results where the 80186 differs (rotate counts not masked to 5 bits)', () => {
    const run = runRomImage(readFileSync(`${dir}/rotate.bin`), X86Model.I8088, 2_000_000, 0x0002);
    const want = readFileSync(`${dir}/res_rotate.bin`);
    expect(Buffer.from(run.bus.ram.subarray(0, want.length)).equals(want)).toBe(false);
  });
});
