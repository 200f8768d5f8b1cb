/**
 * FUSE's Z80 test vectors (../shared/testdata/z80-fuse): 1,356 tests. See fuse-runner.ts for what is
 * compared and the representation differences it bridges.
 *
 * Five tests (repeating INIR/OTIR/CPDR/INDR/OTDR that go round again) expect flags and MEMPTR that
 * contradict the SingleStepTests Z80 suite, which encodes the 2018 findings on interrupted block
 * instructions (Banks and Helcmanovsky): while repeating, F bits 5/3 come from PC's high byte, H and
 * P/V get an extra adjustment for INxR/OTxR, and MEMPTR becomes PC+1. FUSE's vectors predate that.
 * Our core follows SingleStepTests (all 150 cases of each of those opcodes pass there), so these five
 * are counted as FAILED here, and this test pins down that they are exactly these five and differ
 * only in F and WZ (the state FUSE models differently), with everything else (timing, memory,
 * other registers) matching FUSE.
 */
import { expect, it } from 'vitest';
import { loadFuse, runFuseTest, type FuseTest } from './fuse-runner.ts';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';

const CONFLICTS = ['edb2_1', 'edb3_1', 'edb9_2', 'edba_1', 'edbb_1'];

describeWithShared('Z80 FUSE test vectors', ['testdata/z80-fuse/tests.in', 'testdata/z80-fuse/tests.expected'], () => {
  const tests = loadFuse(shared('testdata/z80-fuse')!);

  it('parses all 1356 tests', () => {
    expect(tests.length).toBe(1356);
  });

  it('passes every test except the five documented SingleStepTests conflicts', () => {
    const failed: string[] = [];
    for (const t of tests) {
      const r = runFuseTest(t);
      if (r !== null) failed.push(`${t.name}: ${r}`);
    }
    expect(failed.map((f) => f.split(':')[0])).toEqual(CONFLICTS);
  });

  it('the five conflicts differ from FUSE only in F and MEMPTR', () => {
    for (const name of CONFLICTS) {
      const t = tests.find((x) => x.name === name)!;
      // With the expected F (A must match) and WZ taken from our run, all else must match FUSE.
      const probe = runFuseTestIgnoring(t);
      expect(probe, name).toBeNull();
    }
  });
});

/** Runs `t` with its expected F and WZ replaced by what the core produced (found by a first run). */
function runFuseTestIgnoring(t: FuseTest): string | null {
  let cur: FuseTest = { ...t, output: { ...t.output } };
  for (let k = 0; k < 3; k++) {
    const r = runFuseTest(cur);
    if (r === null) return null;
    const m = /^(af|wz): got ([0-9a-f]{4}), want ([0-9a-f]{4})$/.exec(r);
    if (m === null) return r;
    const got = parseInt(m[2]!, 16);
    if (m[1] === 'af') {
      if ((got >> 8) !== (cur.output.af >> 8)) return `A differs: ${r}`;
      cur = { ...cur, output: { ...cur.output, af: got } };
    } else {
      cur = { ...cur, output: { ...cur.output, wz: got } };
    }
  }
  return 'still differing';
}
