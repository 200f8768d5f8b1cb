/**
 * Child process for zex.test.ts: runs one CP/M .COM (ZEXDOC or ZEXALL) under the minimal CP/M
 * harness and prints the result as one JSON line. Separate processes let the two exercisers (about
 * 46.7 G T-states each) use both cores even when vitest runs one test file at a time.
 * Usage: node --import tsx zex-child.ts <file.com> <maxCycles>
 */
import { readFileSync } from 'node:fs';
import { runCpm } from '../../../../cores/cpu/z80/cpm.ts';

const [file, max] = process.argv.slice(2);
const t0 = performance.now();
const r = runCpm(readFileSync(file!), Number(max));
process.stdout.write(JSON.stringify({ ...r, seconds: (performance.now() - t0) / 1000 }) + '\n');
