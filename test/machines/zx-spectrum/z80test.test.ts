/**
 * Patrik Rak's z80test 1.0 on the emulated 48K (Sinclair ROM, tapes loaded through the ROM trap
 * with LOAD "" typed automatically), read back with the screen-text reader. Each tape runs 3-6
 * minutes of emulated time; together they take about 100 s of wall time on a loaded 2-core machine.
 */
import { expect, it } from 'vitest';
import { describeWithShared, shared } from '../../helpers/testdata.ts';
import { runZ80Test } from './z80test-runner.ts';

const ROM = 'testdata/spectrum/rom/48.rom';
const DIR = 'testdata/spectrum/z80test-1.0';
const TAPES = ['z80full', 'z80doc', 'z80flags', 'z80docflags', 'z80ccf', 'z80memptr'];

describeWithShared('z80test 1.0 on the 48K', [ROM, ...TAPES.map((t) => `${DIR}/${t}.tap`)], () => {
  for (const tape of TAPES) {
    it(`${tape} reports "all tests passed"`, () => {
      const r = runZ80Test(shared(ROM)!, shared(`${DIR}/${tape}.tap`)!, 900);
      expect(r.failed).toEqual([]);
      expect(r.result).toBe('Result: all tests passed.');
      // The first screen names the suite, proving the reader read the program's own text.
      expect(r.lines.some((l) => /Z80 .*test/i.test(l))).toBe(true);
    });
  }
});
