/**
 * ZEXDOC and ZEXALL (Frank D. Cringle's Z80 instruction exercisers, ../shared/testdata/zex) under
 * the minimal CP/M harness (cores/cpu/z80/cpm.ts): every one of the 67 test groups must print OK,
 * and the program must print "Tests complete" and end with a warm boot. Each is about 46.7 G
 * T-states (minutes, by design), so each runs in its own child process (zex-child.ts) and the two
 * run at the same time.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';

const CHILD = fileURLToPath(new URL('./zex-child.ts', import.meta.url));
const MAX_CYCLES = 60e9;

interface ZexResult { output: string; finished: boolean; cycles: number; seconds: number }

function runChild(com: string): Promise<ZexResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CHILD, com, String(MAX_CYCLES)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) { reject(new Error(`zex child exited with ${code}: ${err}`)); return; }
      try { resolve(JSON.parse(out.trim().split('\n').pop()!) as ZexResult); } catch (e) { reject(new Error(`bad child output: ${out} ${err}`)); }
    });
  });
}

function check(r: ZexResult): void {
  const lines = r.output.split(/\r?\n|\r/).filter((l) => l.trim() !== '');
  const groups = lines.filter((l) => /\.\.\s+(OK|ERROR)/.test(l));
  expect(r.output).not.toMatch(/ERROR/);
  expect(groups.length).toBe(67);
  expect(groups.filter((l) => !/OK\s*$/.test(l))).toEqual([]);
  expect(r.output).toMatch(/Tests complete/);
  expect(r.finished).toBe(true);
}

describeWithShared('Z80 ZEXDOC and ZEXALL', ['testdata/zex/zexdoc.com', 'testdata/zex/zexall.com'], () => {
  it.concurrent('ZEXDOC reports every test group OK', async () => {
    check(await runChild(shared('testdata/zex/zexdoc.com')!));
  });
  it.concurrent('ZEXALL reports every test group OK', async () => {
    check(await runChild(shared('testdata/zex/zexall.com')!));
  });
});
