/**
 * The 32-bit boot-sector bench kernels (../shared/bench-kernels/bootbench32{,p}-0.img.gz: the
 * start-up and the print/shutdown protocol without sieve passes) boot on the 80386 model: real
 * mode at 0000:7C00h, A20 through port 92h, flat 32-bit protected mode, optionally paging.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';
import { runBoot32 } from '../../../../cores/cpu/x86/boot-bench.ts';

describeWithShared('x86 80386 boot bench kernels', ['bench-kernels/bootbench32-0.img.gz', 'bench-kernels/bootbench32p-0.img.gz'], () => {
  for (const name of ['bootbench32-0.img.gz', 'bootbench32p-0.img.gz']) {
    it(`${name} prints S, E0000 CR LF and shuts down`, () => {
      const r = runBoot32(new Uint8Array(readFileSync(shared(`bench-kernels/${name}`)!)), 10_000_000);
      expect(r.text).toBe('SE0000\r\n');
      expect(r.done).toBe(true);
    });
  }
});
