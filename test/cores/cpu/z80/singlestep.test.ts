/**
 * SingleStepTests Z80 (../shared/testdata/singlestep/z80, 1,604 files x 150 cases): registers incl.
 * F bits 5/3, WZ, Q, P, R, IFF/IM/EI, RAM, per-T-state bus activity and port accesses.
 */
import { expect, it } from 'vitest';
import { z80SingleStep } from '../../../../cores/cpu/z80/single-step.ts';
import { collectTestFiles, runTestFiles } from '../../../../ui/cli/singlestep.ts';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';

describeWithShared('Z80 SingleStepTests', ['testdata/singlestep/z80'], () => {
  it('passes every case of every file', () => {
    const files = collectTestFiles([shared('testdata/singlestep/z80')!]);
    expect(files.length).toBe(1604);
    const r = runTestFiles(files, () => z80SingleStep);
    expect(r.failureLines).toEqual([]);
    expect(r.passed).toBe(1604 * 150);
  });
});
