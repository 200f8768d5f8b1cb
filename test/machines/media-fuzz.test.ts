/**
 * Every media format of every registered machine (plus the toy format) is fed random bytes,
 * truncated and bit-flipped copies of its default program, empty and oversized files. A loader may
 * accept the bytes or throw a MediaError; anything else (a TypeError, a RangeError, a hang) fails.
 * Machine folders add format-specific fuzzing with real sample files on top of this.
 */
import { describe, expect, it } from 'vitest';
import { MediaError, TooLargeError, EmptyFileError } from '../../cores/kernel/errors.ts';
import { loadMedia, type MediaFormat } from '../../cores/kernel/media.ts';
import type { MachineDef } from '../../cores/kernel/machine.ts';
import { machines } from '../../machines/index.ts';
import { makeToyProgram, toyMachine } from '../helpers/toy-machine.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

/** Parse must return or throw a MediaError, quickly. */
function expectSafe(format: MediaFormat, bytes: Uint8Array, label: string): void {
  const t0 = performance.now();
  try {
    format.parse(bytes, 'fuzz.' + (format.extensions[0] ?? 'bin'));
  } catch (e) {
    if (!(e instanceof MediaError)) throw new Error(`${format.id} ${label}: threw ${String(e)} instead of a MediaError`);
  }
  // Not a speed test: a loop that never ends shows up as seconds, not milliseconds.
  expect(performance.now() - t0, `${format.id} ${label} took too long`).toBeLessThan(2000);
}

const all: MachineDef[] = [toyMachine, ...machines];
const samples = new Map<MachineDef, Uint8Array | null>([[toyMachine, makeToyProgram([1, 2, 3, 4, 5, 6])]]);

describe.each(all.map((m) => [m.id, m] as const))('media loaders of %s', (_id, m) => {
  const sample = samples.get(m) ?? m.defaultProgram?.load() ?? null;

  it.each(m.media.map((f) => [f.id, f] as const))('%s survives random, empty, truncated and flipped input', (_fid, f) => {
    const rnd = rng(0x1234 + f.id.length);
    for (let i = 0; i < 300; i++) {
      const len = i < 100 ? Math.floor(rnd() * 64) : Math.floor(rnd() * 70_000);
      const b = new Uint8Array(len);
      for (let k = 0; k < len; k++) b[k] = Math.floor(rnd() * 256);
      expectSafe(f, b, `random #${i}`);
    }
    expectSafe(f, new Uint8Array(0), 'empty');
    if (sample !== null) {
      for (let i = 0; i < 200; i++) {
        const cut = sample.subarray(0, Math.floor(rnd() * sample.length));
        expectSafe(f, cut, `truncated to ${cut.length}`);
        const flipped = sample.slice();
        for (let k = 0; k < 4; k++) flipped[Math.floor(rnd() * flipped.length)] ^= 1 << Math.floor(rnd() * 8);
        expectSafe(f, flipped, `flipped #${i}`);
      }
    }
  });

  it('refuses empty and oversized files before parsing', () => {
    if (m.media.length === 0) return;
    expect(() => loadMedia(m.media, 'x.' + m.media[0]!.extensions[0], new Uint8Array(0))).toThrow(EmptyFileError);
    for (const f of m.media) {
      const huge = new Uint8Array(f.maxBytes + 1);
      // Give it the format's own signature where it has one, so detection picks this format.
      if (sample !== null && f.sniff?.(sample)) huge.set(sample.subarray(0, Math.min(sample.length, 64)));
      expect(() => loadMedia([f], 'x.' + f.extensions[0], huge)).toThrow(TooLargeError);
    }
  });
});
