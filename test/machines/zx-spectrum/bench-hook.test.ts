/** The bench workload's end detection: false while the sieve runs, true in its success loop. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { NullHost } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { spectrum48k } from '../../../machines/zx-spectrum/definition.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';

describeWithShared('Spectrum bench workload', ['bench-kernels/sievez80-100.z80', 'testdata/spectrum/rom/48.rom'], () => {
  it('is not done while the sieve runs, and is done once it reaches its success loop', () => {
    const rom = new Uint8Array(readFileSync(shared('testdata/spectrum/rom/48.rom')!));
    const s = new Session(spectrum48k, { host: new NullHost(), roms: new Map([['system', rom]]) });
    const p = shared('bench-kernels/sievez80-100.z80')!;
    s.insertMedia(p, new Uint8Array(readFileSync(p)));
    const isDone = spectrum48k.bench!.isDone!;
    s.runFrames(10);
    expect(isDone(s.machine)).toBe(false);
    // 239,378,610 T-states of work is 3,425 frames of 69,888 T (bench-kernels/README.md).
    let frames = 10;
    while (!isDone(s.machine) && frames < 4000) { s.runFrames(1); frames++; }
    expect(isDone(s.machine)).toBe(true);
    expect(frames).toBeGreaterThan(3400);
    expect(frames).toBeLessThan(3450);
  });
});
