/**
 * SingleStepTests 80286 real mode (captured from a Harris 80C286; 325 files x 250 cases, see
 * ../shared/testdata/singlestep/80286/SOURCE.md): final registers, FLAGS under the suite's
 * undefined-flag masks, and every RAM byte must match for every case, on the `i80286` model.
 */
import { describe, expect, it } from 'vitest';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';
import { collectTestFiles, runTestFile } from '../../../../ui/cli/singlestep.ts';
import { createX86Runner, x286SingleStep } from '../../../../cores/cpu/x86/singlestep.ts';
import { X86Model } from '../../../../cores/cpu/x86/cpu.ts';

describe('x86 single-step adapter, 80286 schema', () => {
  // inc ax; hlt at 1000:0000. The 286 set runs the instruction and the HLT that follows it and
  // records IP one past the HLT; FLAGS bits 12-15 of the initial state are not loaded.
  const regs = { ax: 1, bx: 0, cx: 0, dx: 0, cs: 0x1000, ss: 0, ds: 0, es: 0, sp: 0x100, bp: 0, si: 0, di: 0, ip: 0, flags: 0xf002 };
  const code: [number, number][] = [[0x10000, 0x40], [0x10001, 0xf4]];
  const runner = createX86Runner({ file: '40.json.gz', sibling: () => undefined }, X86Model.I80286);

  it('runs to the HLT and loads FLAGS without bits 12-15', () => {
    expect(runner.runCase({ bytes: [0x40, 0xf4], initial: { regs, ram: code }, final: { regs: { ax: 2, ip: 2, flags: 0x0002 }, ram: [] } })).toBeNull();
  });

  it('accepts a write of the value a byte already held (the 286 set lists changed bytes only)', () => {
    // mov [0010h], al with [10010h] already 5Ah.
    const r = { ...regs, ax: 0x5a, ds: 0x1000 };
    const ram: [number, number][] = [[0x10000, 0xa2], [0x10001, 0x10], [0x10002, 0], [0x10003, 0xf4], [0x10010, 0x5a]];
    expect(runner.runCase({ bytes: [0xa2, 0x10, 0, 0xf4], initial: { regs: r, ram }, final: { regs: { ip: 4, flags: 0x0002 }, ram: [] } })).toBeNull();
  });
});

describeWithShared('x86 SingleStepTests 80286 (real mode)', ['testdata/singlestep/80286/metadata.json'], () => {
  const files = collectTestFiles([shared('testdata/singlestep/80286')!]);

  it('finds the 325 test files', () => {
    expect(files.length).toBe(325);
  });

  for (const digit of '0123456789ABCDEF') {
    const group = files.filter((f) => f.split('/').pop()!.startsWith(digit));
    it(`opcodes ${digit}0h-${digit}Fh: every case matches`, () => {
      const failures: string[] = [];
      let total = 0;
      for (const f of group) {
        const r = runTestFile(x286SingleStep, f);
        total += r.total;
        if (r.failed > 0) failures.push(`${f.split('/').pop()}: ${r.failed} of ${r.total} failed, first: ${r.first}`);
      }
      expect(failures).toEqual([]);
      expect(total).toBe(group.length * 250);
    }, 120_000);
  }
});
