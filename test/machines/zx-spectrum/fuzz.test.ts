/**
 * Fuzzing the Spectrum's media parsers: random bytes, every truncation of real files, mutated real
 * files, empty and oversized input. Only MediaError subclasses may come out, and every parse must
 * finish quickly. The random source is a fixed-seed generator, so failures reproduce.
 */
import { describe, expect, it } from 'vitest';
import { MediaError, TooLargeError } from '../../../cores/kernel/errors.ts';
import { loadMedia, type MediaFormat } from '../../../cores/kernel/media.ts';
import { demoSnapshot } from '../../../roms/zx-spectrum-48k/images.ts';
import { spectrum48k } from '../../../machines/zx-spectrum/definition.ts';
import { parseZ80, writeZ80 } from '../../../machines/zx-spectrum/snapshot/z80.ts';
import { writeSna } from '../../../machines/zx-spectrum/snapshot/sna.ts';
import { SEED_FILES, sharedFiles } from './fuzz-inputs.ts';
import { describeWithShared } from '../../helpers/testdata.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Parse with the format directly: anything but a MediaError (or a slow parse) fails the test. */
function tryParse(format: MediaFormat, bytes: Uint8Array, what: string): void {
  const t0 = performance.now();
  try {
    format.parse(bytes, what);
  } catch (e) {
    if (!(e instanceof MediaError)) throw new Error(`${format.id} parser threw ${String(e)} on ${what}`);
  }
  const ms = performance.now() - t0;
  if (ms > 20000) throw new Error(`${format.id} parser took ${ms.toFixed(0)} ms on ${what}`);
}

const formats = spectrum48k.media;
const byId = (id: string) => formats.find((f) => f.id === id)!;

function realFiles(): { format: MediaFormat; name: string; bytes: Uint8Array }[] {
  const demo = demoSnapshot();
  const snap = parseZ80(demo, 'demo.z80');
  const out = [
    { format: byId('z80'), name: 'demo.z80', bytes: demo },
    { format: byId('z80'), name: 'demo-v3.z80', bytes: writeZ80(snap) },
    { format: byId('sna'), name: 'demo.sna', bytes: writeSna(snap) },
  ];
  for (const f of sharedFiles()) out.push({ format: byId(f.format), name: f.name, bytes: f.bytes });
  return out;
}

describe('Spectrum media parsers under fuzzing', () => {
  it('random bytes give only MediaErrors, for every format', () => {
    const r = rng(1);
    for (const format of formats) {
      for (let n = 0; n < 300; n++) {
        const len = Math.floor(r() * (n < 250 ? 300 : 60000));
        const b = new Uint8Array(len);
        for (let i = 0; i < len; i++) b[i] = Math.floor(r() * 256);
        // Give TZX its signature often, so the block parser is reached.
        if (format.id === 'tzx' && n % 2 === 0 && len >= 10) b.set([0x5a, 0x58, 0x54, 0x61, 0x70, 0x65, 0x21, 0x1a, 1, 20]);
        if (format.id === 'csw' && n % 2 === 0 && len >= 25) {
          b.set([...'Compressed Square Wave\u001a'].map((c) => c.charCodeAt(0)));
          b[23] = 1 + (n % 4 === 0 ? 1 : 0);
        }
        tryParse(format, b, `random #${n} (${len} bytes)`);
      }
    }
  });

  it('every truncation of real files gives a result or a MediaError', () => {
    for (const { format, name, bytes } of realFiles()) {
      const step = Math.max(1, Math.floor(bytes.length / 400));
      for (let len = 0; len < bytes.length; len += step) tryParse(format, bytes.subarray(0, len), `${name}[0..${len})`);
    }
  });

  it('mutated real files give a result or a MediaError', () => {
    const r = rng(2);
    for (const { format, name, bytes } of realFiles()) {
      for (let n = 0; n < 150; n++) {
        const b = bytes.slice();
        const flips = 1 + Math.floor(r() * 8);
        for (let k = 0; k < flips; k++) b[Math.floor(r() * Math.min(b.length, k === 0 ? 64 : b.length))] = Math.floor(r() * 256);
        tryParse(format, b, `${name} mutation #${n}`);
      }
    }
  });

  it('empty and oversized input are refused by loadMedia with typed errors', () => {
    for (const f of formats) {
      expect(() => loadMedia(formats, `x.${f.extensions[0]}`, new Uint8Array(0))).toThrow(MediaError);
      expect(() => loadMedia(formats, `x.${f.extensions[0]}`, new Uint8Array(f.maxBytes + 1))).toThrow(TooLargeError);
    }
    expect(() => loadMedia(formats, 'x.dsk', new Uint8Array(10))).toThrow(MediaError);
  });

  it('a TZX that loops forever stops at the pulse limit with a typed error', () => {
    // Loop 65535 x (loop 65535 x pure tone of 65535 pulses): far more than any tape.
    const tzx = new Uint8Array([0x5a, 0x58, 0x54, 0x61, 0x70, 0x65, 0x21, 0x1a, 1, 20,
      0x24, 0xff, 0xff, 0x24, 0xff, 0xff, 0x12, 0x10, 0x00, 0xff, 0xff, 0x25, 0x25]);
    expect(() => byId('tzx').parse(tzx, 'loop.tzx')).toThrow(MediaError);
  });

});

describeWithShared('Spectrum fuzzing seeds', SEED_FILES, () => {
  it('fuzzes every shared sample file (the truncation and mutation tests above use them all)', () => {
    expect(sharedFiles().map((f) => f.name)).toEqual(SEED_FILES.map((p) => p.split('/').pop()));
  });
});

