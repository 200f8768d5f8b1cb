/**
 * Hostile archives from issue 18: files built to cost time or memory. Each case has a time bound
 * that the old code broke by a wide margin (many-member gzip took about a minute here, a 1 GB
 * bomb 8-11 s, a ZIP with 70,000 entries listed 4,464 of them).
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TooLargeError } from '../../cores/kernel/errors.ts';
import { DEFAULT_MAX_OUTPUT, gunzip, listZip, unpackArchive } from '../../cores/kernel/archive/index.ts';
import { crc32 } from '../../cores/kernel/archive/checksums.ts';
import { buildZip } from './zip-builder.ts';

/** A raw deflate stream (one fixed-Huffman block) of a zero byte and `runs` copies of 258 more. */
function zeroRunDeflate(runs: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((19 + runs * 13) / 8) + 2);
  let o = 0;
  let acc = 0;
  let n = 0;
  // Fields are packed least significant bit first (RFC 1951 §3.1.1).
  const put = (v: number, bits: number) => { acc |= v << n; n += bits; while (n >= 8) { out[o++] = acc & 0xff; acc >>>= 8; n -= 8; } };
  /** A Huffman code is sent most significant bit first: reverse it into the LSB-first stream. */
  const rev = (v: number, bits: number) => { let r = 0; for (let i = 0; i < bits; i++) r |= ((v >> i) & 1) << (bits - 1 - i); return r; };
  put(1, 1); // BFINAL
  put(1, 2); // fixed Huffman
  put(rev(0x30, 8), 8); // literal 0 (§3.2.6: literals 0-143 are 00110000 + value)
  // Length symbol 285 = 258 (280-287 are 11000000 + (sym - 280)), then distance code 0 = 1.
  const token = rev(0b11000101, 8);
  for (let i = 0; i < runs; i++) put(token, 13);
  put(0, 7); // end of block (256 = 0000000)
  if (n > 0) out[o++] = acc & 0xff;
  return out.subarray(0, o);
}

function gzipWrap(deflate: Uint8Array, isize: number, crc = 0): Uint8Array {
  const head = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
  const tail = new Uint8Array(8);
  new DataView(tail.buffer).setUint32(0, crc, true);
  new DataView(tail.buffer).setUint32(4, isize >>> 0, true);
  return new Uint8Array([...head, ...deflate, ...tail]);
}

describe('hostile gzip files', () => {
  it('unpacks 20,000 one-byte members in well under a second, with one output buffer', () => {
    const one = gzipSync(Buffer.from('a'));
    const many = new Uint8Array(Buffer.concat(Array.from({ length: 20_000 }, () => one)));
    const t = performance.now();
    const r = gunzip(many);
    expect(performance.now() - t).toBeLessThan(3000);
    expect(r.data.length).toBe(20_000);
    expect(r.data.every((b) => b === 0x61)).toBe(true);
    // The result is exactly sized, not a view into a larger working buffer.
    expect(r.data.buffer.byteLength).toBe(20_000);
  });

  // 1 GiB of zeros: 4,161,790 runs of 258 after the first byte.
  const runs = Math.ceil((2 ** 30 - 1) / 258);
  const bomb = zeroRunDeflate(runs);

  it('stops a 1 GiB bomb as its output reaches the limit (whatever size its trailer states)', () => {
    const gz = gzipWrap(bomb, 1000);
    const t = performance.now();
    expect(() => gunzip(gz, 'bomb.gz')).toThrow(TooLargeError);
    // 64 MiB of output, filled by runs: about 0.3 s on a quiet machine (the old code took 8-11 s
    // to reach its 256 MiB limit); the bound leaves room for a loaded CI machine.
    expect(performance.now() - t).toBeLessThan(5000);
  });

  it('refuses a ZIP entry whose directory size is over the limit without inflating it', () => {
    const zip = buildZip([{ name: 'a.tap', data: new Uint8Array(10) }]);
    // Patch the directory's uncompressed size to 1 GiB.
    const cd = zip.length - 22 - (46 + 5);
    new DataView(zip.buffer).setUint32(cd + 24, 2 ** 30, true);
    const e = listZip(zip, 'bomb.zip')[0]!;
    expect(e.size).toBe(2 ** 30);
    expect(() => e.read()).toThrow(TooLargeError);
  });

  it('stops a ZIP entry that inflates past the size its directory states', () => {
    const data = new Uint8Array(5000);
    const zip = buildZip([{ name: 'a.tap', data }]);
    const cd = zip.length - 22 - (46 + 5);
    new DataView(zip.buffer).setUint32(cd + 24, 100, true);
    expect(() => listZip(zip)[0]!.read()).toThrow();
  });

  it('has a default limit that keeps a bomb cheap', () => {
    expect(DEFAULT_MAX_OUTPUT).toBeLessThanOrEqual(64 * 1024 * 1024);
  });
});

describe('ZIP archives with more than 65,535 entries', () => {
  const entries = Array.from({ length: 70_000 }, (_, i) => ({ name: `f${i}.txt`, data: new Uint8Array([i & 0xff]), method: 0 as const }));

  it('lists every entry of a ZIP64 archive', () => {
    const zip = buildZip(entries, '', { zip64: true });
    const list = listZip(zip);
    expect(list.length).toBe(70_000);
    expect(list[69_999]!.name).toBe('f69999.txt');
    expect([...list[69_999]!.read()]).toEqual([69_999 & 0xff]);
  });

  it('lists every entry when the 16-bit count wrapped (no ZIP64 record)', () => {
    const zip = buildZip(entries);
    const list = listZip(zip);
    expect(list.length).toBe(70_000);
    expect(unpackArchive('big.zip', zip, { accept: ['tap'] }).kind).toBe('choose');
  });

  it('refuses a directory whose entry count disagrees with its size', () => {
    const zip = buildZip(entries.slice(0, 3));
    new DataView(zip.buffer).setUint16(zip.length - 22 + 10, 2, true);
    expect(() => listZip(zip)).toThrow(/count/);
    void crc32;
  });
});
