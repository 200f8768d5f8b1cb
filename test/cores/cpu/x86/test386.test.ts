/**
 * test386.asm (../shared/testdata/pc/test386/test386.bin; see pc/SOURCE.md) on the 80386 model:
 * the ROM at F0000h and FFFF0000h, started at the reset vector, reporting progress as POST
 * codes on port 190h. Success is POST FFh; a failing test HLTs with its own code on the port.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';
import { runTest386 } from '../../../../cores/cpu/x86/program-runner.ts';

describeWithShared('x86 80386 test386.asm', ['testdata/pc/test386/test386.bin'], () => {
  it('runs every test in order to POST FFh', () => {
    const image = new Uint8Array(readFileSync(shared('testdata/pc/test386/test386.bin')!));
    const r = runTest386(image, 400_000_000);
    // Real mode 0-6, protected mode 8-1Ch, then E0h (undefined-behaviour tests, skipped by this
    // build), EEh (the arithmetic table, unchecked output) and FFh: testing completed.
    const want = [0, 1, 2, 3, 4, 5, 6];
    for (let p = 8; p <= 0x1c; p++) want.push(p);
    want.push(0xe0, 0xee, 0xff);
    expect(r.post.map((p) => p.toString(16))).toEqual(want.map((p) => p.toString(16)));
    expect(r.cpu.shutdown).toBe(false);
  }, 120_000);
});
