/**
 * SingleStepTests 68000 (../shared/testdata/singlestep/68000, 124 files x 500 cases): registers,
 * USP/SSP, SR, PC, the prefetch queue, RAM and the total cycle count of every case must match.
 * Bus transactions (order, start cycle, FC, address, value) are compared too; the count of cases
 * whose transactions differ is asserted to stay at zero.
 *
 * The second set (../shared/testdata/singlestep/m68000-mame, 127 files x 200 cases, generated from
 * MAME's microcoded core) must pass the same way, bus transactions included.
 */
import { expect, it } from 'vitest';
import { createM68000Suite } from '../../../../cores/cpu/m68000/singlestep.ts';
import { collectTestFiles, runTestFiles } from '../../../../ui/cli/singlestep.ts';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';

describeWithShared('68000 SingleStepTests (Tom Harte)', ['testdata/singlestep/68000'], () => {
  it('passes every case of every file, bus transactions included', () => {
    const files = collectTestFiles([shared('testdata/singlestep/68000')!]);
    expect(files.length).toBe(124);
    const suite = createM68000Suite();
    const r = runTestFiles(files, () => suite);
    expect(r.failureLines).toEqual([]);
    const total = r.passed;
    expect(total).toBe(124 * 500);
    expect(suite.stats.cases).toBe(total);
    expect(suite.stats.firstTransactionMismatch ?? 'none').toBe('none');
    expect(suite.stats.transactionMismatches).toBe(0);
  }, 300_000);
});

describeWithShared('68000 SingleStepTests (MAME-generated set)', ['testdata/singlestep/m68000-mame'], () => {
  it('passes every case of every file, bus transactions included', () => {
    const files = collectTestFiles([shared('testdata/singlestep/m68000-mame')!]);
    expect(files.length).toBe(127);
    const txFailures: string[] = [];
    const r = runTestFiles(files, () => createM68000Suite(), (fr, suite) => {
      const stats = (suite as ReturnType<typeof createM68000Suite>).stats;
      if (stats.transactionMismatches > 0)
        txFailures.push(`${fr.file}: ${stats.transactionMismatches} cases, first: ${stats.firstTransactionMismatch}`);
    });
    expect(r.failureLines).toEqual([]);
    expect(txFailures).toEqual([]);
    expect(r.passed).toBe(127 * 200);
  }, 300_000);
});
