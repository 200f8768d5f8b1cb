/**
 * ZEXDOC (Frank D. Cringle's Z80 instruction exerciser, ../shared/testdata/zex) under the minimal
 * CP/M harness (cores/cpu/z80/cpm.ts): every test group must print OK, and the program must end
 * with "Tests complete" and a warm boot. About 46.7 G T-states: this takes minutes, by design; the
 * two exercisers are separate files so vitest runs them in parallel.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { runCpm } from '../../../../cores/cpu/z80/cpm.ts';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';

describeWithShared('Z80 ZEXDOC', ['testdata/zex/zexdoc.com'], () => {
  it('reports every test group OK', () => {
    const com = readFileSync(shared('testdata/zex/zexdoc.com')!);
    const r = runCpm(com, 60e9);
    const lines = r.output.split(/\r?\n/).filter((l) => l.trim() !== '');
    const groups = lines.filter((l) => /\.\.\s+(OK|ERROR)/.test(l));
    expect(r.output).not.toMatch(/ERROR/);
    expect(groups.length).toBe(67);
    expect(groups.every((l) => /OK\s*$/.test(l))).toBe(true);
    expect(r.output).toMatch(/Tests complete/);
    expect(r.finished).toBe(true);
  });
});
