/** Real media files from ../shared used as fuzzing seeds (whichever are present). */
import { readFileSync } from 'node:fs';
import { shared } from '../../helpers/testdata.ts';

export { shared };

const SEEDS: readonly [string, string][] = [
  ['tap', 'testdata/spectrum/tape-format-samples/basic_prog1.tap'],
  ['tzx', 'testdata/spectrum/tape-format-samples/basic_prog1.tzx'],
  ['tap', 'testdata/spectrum/z80test-1.0/z80ccf.tap'],
  ['z80', 'bench-kernels/sievez80-100.z80'],
];

/** Paths (inside ../shared) of the real files used as seeds. */
export const SEED_FILES: readonly string[] = SEEDS.map(([, rel]) => rel);

export function sharedFiles(): { format: string; name: string; bytes: Uint8Array }[] {
  const list = SEEDS;
  const out: { format: string; name: string; bytes: Uint8Array }[] = [];
  for (const [format, rel] of list) {
    const p = shared(rel);
    if (p !== null) out.push({ format, name: rel.split('/').pop()!, bytes: new Uint8Array(readFileSync(p)) });
  }
  return out;
}
