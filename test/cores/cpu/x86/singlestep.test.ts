/**
 * SingleStepTests 8086 (hardware-captured, 322 files x 450 cases): final registers, FLAGS under the
 * suite's undefined-flag masks, and RAM must match for every case.
 */
import { expect, it } from 'vitest';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';
import { collectTestFiles, runTestFile } from '../../../../ui/cli/singlestep.ts';
import { x86SingleStep } from '../../../../cores/cpu/x86/singlestep.ts';

describeWithShared('x86 SingleStepTests 8086', ['testdata/singlestep/8086/metadata.json'], () => {
  const files = collectTestFiles([shared('testdata/singlestep/8086')!]);

  it('finds the 322 test files', () => {
    expect(files.length).toBe(322);
  });

  // One test per leading hex digit keeps the report short and each test well under the timeout.
  for (const digit of '0123456789ABCDEF') {
    const group = files.filter((f) => f.split('/').pop()!.startsWith(digit));
    it(`opcodes ${digit}0h-${digit}Fh: every case matches`, () => {
      const failures: string[] = [];
      let total = 0;
      for (const f of group) {
        const r = runTestFile(x86SingleStep, f);
        total += r.total;
        if (r.failed > 0) failures.push(`${f.split('/').pop()}: ${r.failed} of ${r.total} failed, first: ${r.first}`);
      }
      expect(failures).toEqual([]);
      expect(total).toBe(group.length * 450);
    }, 120_000);
  }
});
