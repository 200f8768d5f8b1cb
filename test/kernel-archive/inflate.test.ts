/**
 * inflate.ts against node:zlib's deflate (an independent encoder) across data shapes, levels and
 * strategies, plus hand-built streams that exercise each RFC 1951 error case.
 */
import { constants, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflateRaw } from '../../cores/kernel/archive/inflate.ts';
import { CorruptDataError, TooLargeError, TruncatedError } from '../../cores/kernel/errors.ts';
import { sampleData } from './zip-builder.ts';

describe('inflateRaw', () => {
  const sizes = [0, 1, 2, 100, 4096, 70_000, 300_000];
  for (const size of sizes) {
    for (let seed = 1; seed <= 4; seed++) {
      it(`round-trips ${size} bytes (data shape ${seed % 4}) at levels 0, 1, 6, 9`, () => {
        const data = sampleData(seed * 7919 + size, size);
        for (const level of [0, 1, 6, 9]) {
          const z = new Uint8Array(deflateRawSync(data, { level }));
          const r = inflateRaw(z);
          expect(r.end).toBe(z.length);
          expect(Buffer.from(r.data).equals(Buffer.from(data))).toBe(true);
        }
      });
    }
  }

  it('decodes fixed-Huffman, Huffman-only and RLE streams', () => {
    const data = sampleData(1234, 50_000);
    for (const strategy of [constants.Z_FIXED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FILTERED]) {
      const z = new Uint8Array(deflateRawSync(data, { strategy }));
      expect(Buffer.from(inflateRaw(z).data).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('reports where the stream ends inside a larger buffer', () => {
    const data = sampleData(5, 1000);
    const z = new Uint8Array(deflateRawSync(data));
    const buf = new Uint8Array(z.length + 10);
    buf.set(z, 3);
    const r = inflateRaw(buf, { start: 3 });
    expect(r.end).toBe(3 + z.length);
    expect(r.data.length).toBe(1000);
  });

  it('decodes a hand-assembled fixed block with an overlapping copy', () => {
    // BFINAL=1 BTYPE=01; literal 'a' (0x61 -> code 0x30+0x61 = 0x91, 8 bits); length 3 (sym 257,
    // 7-bit code 0000001); distance 1 (5-bit code 00000); end of block (0000000).
    const bits: number[] = [1, 1, 0];
    const code = (v: number, n: number) => { for (let i = n - 1; i >= 0; i--) bits.push((v >> i) & 1); };
    code(0x91, 8);
    code(1, 7);
    code(0, 5);
    code(0, 7);
    const bytes = new Uint8Array(Math.ceil(bits.length / 8));
    bits.forEach((b, i) => { bytes[i >> 3]! |= b << (i & 7); });
    expect(new TextDecoder().decode(inflateRaw(bytes).data)).toBe('aaaa');
  });

  it('refuses block type 3', () => {
    expect(() => inflateRaw(new Uint8Array([0x07]))).toThrow(CorruptDataError);
  });

  it('refuses a stored block whose length check fails', () => {
    expect(() => inflateRaw(new Uint8Array([0x01, 0x05, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5]))).toThrow(CorruptDataError);
  });

  it('refuses a distance reaching before the start', () => {
    // fixed block: length 3 / distance 1 with no output yet
    const bits: number[] = [1, 1, 0];
    const code = (v: number, n: number) => { for (let i = n - 1; i >= 0; i--) bits.push((v >> i) & 1); };
    code(1, 7);
    code(0, 5);
    code(0, 7);
    const bytes = new Uint8Array(Math.ceil(bits.length / 8));
    bits.forEach((b, i) => { bytes[i >> 3]! |= b << (i & 7); });
    expect(() => inflateRaw(bytes)).toThrow(/distance too far/);
  });

  it('reports truncation at every cut of a stream', () => {
    const data = sampleData(77, 3000);
    const z = new Uint8Array(deflateRawSync(data));
    for (let cut = 0; cut < z.length; cut++) {
      let threw: unknown = null;
      try {
        inflateRaw(z.subarray(0, cut));
      } catch (e) {
        threw = e;
      }
      expect(threw, `cut at ${cut}`).toBeInstanceOf(TruncatedError);
    }
  });

  it('stops at maxOutput with TooLargeError (a deflate bomb)', () => {
    const z = new Uint8Array(deflateRawSync(new Uint8Array(5_000_000)));
    expect(z.length).toBeLessThan(10_000);
    expect(() => inflateRaw(z, { maxOutput: 1_000_000 })).toThrow(TooLargeError);
  });
});
