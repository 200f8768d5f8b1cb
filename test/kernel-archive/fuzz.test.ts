/**
 * Fuzzing the archive readers: random damage to valid ZIP, gzip and raw DEFLATE input must end in
 * a typed MediaError or a correct result, never another exception or a hang. Seeds are fixed so
 * every run covers the same cases and a failure names the case that broke.
 */
import { deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzip, inflateRaw, listZip, unpackArchive } from '../../cores/kernel/archive/index.ts';
import { MediaError } from '../../cores/kernel/errors.ts';
import { buildZip, prng, sampleData } from './zip-builder.ts';

/** Run `f`; anything but a MediaError fails the test with the case named. */
function expectTypedOrOk(label: string, f: () => void): 'ok' | 'error' {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (!(e instanceof MediaError)) throw new Error(`${label}: untyped ${String(e)}`);
    return 'error';
  }
}

function mutate(src: Uint8Array, r: () => number): Uint8Array {
  const b = src.slice();
  const n = 1 + (r() % 8);
  for (let i = 0; i < n; i++) {
    const kind = r() % 3;
    const p = r() % b.length;
    if (kind === 0) b[p]! ^= 1 << (r() % 8);
    else if (kind === 1) b[p] = r() & 0xff;
    else return b.subarray(0, p);
  }
  return b;
}

describe('archive fuzzing', () => {
  const data = sampleData(31, 6000);
  const raw = new Uint8Array(deflateRawSync(data));
  const gz = new Uint8Array(gzipSync(data));
  const zip = buildZip([{ name: 'a.tap', data }, { name: 'b.z80', data: sampleData(32, 900), method: 0 }]);

  it('raw DEFLATE: 3000 mutations', () => {
    const r = prng(1);
    let errors = 0;
    for (let i = 0; i < 3000; i++) {
      const m = mutate(raw, r);
      if (expectTypedOrOk(`deflate case ${i}`, () => inflateRaw(m, { maxOutput: 1 << 20 })) === 'error') errors++;
    }
    expect(errors).toBeGreaterThan(100);
  });

  it('gzip: 2000 mutations; a result that passes is the original data', () => {
    const r = prng(2);
    for (let i = 0; i < 2000; i++) {
      const m = mutate(gz, r);
      let out: Uint8Array | null = null;
      expectTypedOrOk(`gzip case ${i}`, () => { out = gunzip(m, 'x', 1 << 20).data; });
      // CRC-32 catches every damage of up to 32 bits that the inflater itself did not reject;
      // header-only damage (mtime, OS byte) may leave the data intact.
      if (out !== null) expect(Buffer.from(out).equals(Buffer.from(data)), `gzip case ${i}`).toBe(true);
    }
  });

  it('ZIP: 2000 mutations of directory and data', () => {
    const r = prng(3);
    for (let i = 0; i < 2000; i++) {
      const m = mutate(zip, r);
      expectTypedOrOk(`zip case ${i}`, () => {
        for (const e of listZip(m, 'x', 1 << 20)) e.read();
      });
    }
  });

  it('random bytes of every small length', () => {
    const r = prng(4);
    for (let len = 0; len < 400; len++) {
      const b = new Uint8Array(len).map(() => r() & 0xff);
      if (len > 2 && len % 3 === 0) { b[0] = 0x1f; b[1] = 0x8b; b[2] = 8; }
      if (len > 4 && len % 3 === 1) { b[0] = 0x50; b[1] = 0x4b; b[2] = 3; b[3] = 4; }
      expectTypedOrOk(`random ${len}`, () => unpackArchive(`f${len}.zip`, b, { maxOutput: 1 << 20 }));
      expectTypedOrOk(`random raw ${len}`, () => inflateRaw(b, { maxOutput: 1 << 20 }));
    }
  });
});
