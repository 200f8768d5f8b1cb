/**
 * What DOS writes reaches the copy-on-write layer: FreeDOS creates a file on A: (through our BIOS
 * and the emulated FDC), writtenMedia() returns the whole changed image with the file in it, and
 * the bytes the user inserted are untouched. A write-protected drive refuses the write.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { NullHost } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { ibmPcXt } from '../../../machines/ibm-pc-xt/definition.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';
import { bootToPrompt } from './helpers.ts';

const DISK = 'testdata/pc/freedos/freedos.boot.disk.360K.img';

function indexOf(hay: Uint8Array, needle: string): number {
  const n = [...needle].map((c) => c.charCodeAt(0));
  outer: for (let i = 0; i + n.length <= hay.length; i++) {
    for (let k = 0; k < n.length; k++) if (hay[i + k] !== n[k]) continue outer;
    return i;
  }
  return -1;
}

describeWithShared('PC/XT written media', [DISK], () => {
  it('a file DOS writes is in writtenMedia(); the inserted bytes are unchanged; write protect refuses', () => {
    const original = new Uint8Array(readFileSync(shared(DISK)!));
    const copy = original.slice();
    const s = new Session(ibmPcXt, { host: new NullHost(), config: { 'floppy.timing': 'fast' } });
    s.insertMedia('freedos.img', copy, 'A:');
    bootToPrompt(s, 40);
    expect(s.machine.writtenMedia!()).toEqual([]);
    s.typeText('echo amalgam-was-here>note.txt\n');
    s.runSeconds(4);
    const written = s.machine.writtenMedia!();
    expect(written.map((w) => [w.drive, w.name, w.bytes.length])).toEqual([['A:', 'freedos.img', original.length]]);
    expect(indexOf(written[0]!.bytes, 'amalgam-was-here')).toBeGreaterThan(0);
    expect(indexOf(written[0]!.bytes, 'NOTE    TXT')).toBeGreaterThan(0);
    expect(Buffer.from(copy).equals(Buffer.from(original))).toBe(true);

    s.machine.setWriteProtect!('A:', true);
    s.typeText('echo more>more.txt\n');
    s.runSeconds(14); // FreeDOS retries the write a few times before it asks
    expect(s.machine.screenText!()).toMatch(/Error writing to drive A: .*write-protection/);
  });
});
