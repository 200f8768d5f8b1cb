/**
 * gzip, zlib and ZIP reading against node:zlib-made files, and unpackArchive's choice of entry.
 */
import { crc32 as nodeCrc32, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adler32, crc32, gunzip, inflateZlib, listZip, readEntry, unpackArchive } from '../../cores/kernel/archive/index.ts';
import { BadChecksumError, TruncatedError, UnsupportedFormatError } from '../../cores/kernel/errors.ts';
import { buildZip, sampleData } from './zip-builder.ts';

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('checksums', () => {
  it('CRC-32 matches node:zlib and the RFC check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    for (let seed = 1; seed < 6; seed++) {
      const d = sampleData(seed, 10_000);
      expect(crc32(d)).toBe(nodeCrc32(d) >>> 0);
    }
  });
  it('Adler-32 matches the zlib trailer', () => {
    const d = sampleData(3, 20_000);
    const z = deflateSync(d);
    expect(adler32(d)).toBe(z.readUInt32BE(z.length - 4));
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
  });
});

describe('gunzip', () => {
  it('unpacks a gzip file and returns its stored name', () => {
    const d = sampleData(9, 40_000);
    // node's gzip writes no FNAME; add one by hand: set FLG.FNAME and splice the name in.
    const z = gzipSync(d);
    const named = Buffer.concat([z.subarray(0, 3), Buffer.from([0x08]), z.subarray(4, 10), Buffer.from('demo.tap\0'), z.subarray(10)]);
    const r = gunzip(new Uint8Array(named));
    expect(r.name).toBe('demo.tap');
    expect(same(r.data, d)).toBe(true);
  });
  it('joins concatenated members', () => {
    const a = sampleData(1, 5000);
    const b = sampleData(2, 7000);
    const r = gunzip(new Uint8Array(Buffer.concat([gzipSync(a), gzipSync(b)])));
    expect(same(r.data, new Uint8Array(Buffer.concat([a, b])))).toBe(true);
  });
  it('detects a bad CRC', () => {
    const z = new Uint8Array(gzipSync(sampleData(4, 1000)));
    z[z.length - 8]! ^= 1;
    expect(() => gunzip(z)).toThrow(BadChecksumError);
  });
  it('reports truncation', () => {
    const z = new Uint8Array(gzipSync(sampleData(4, 1000)));
    expect(() => gunzip(z.subarray(0, z.length - 3))).toThrow(TruncatedError);
    expect(() => gunzip(z.subarray(0, 5))).toThrow(TruncatedError);
  });
  it('inflates zlib streams and checks Adler-32', () => {
    const d = sampleData(6, 30_000);
    const z = new Uint8Array(deflateSync(d));
    expect(same(inflateZlib(z), d)).toBe(true);
    z[z.length - 1]! ^= 0x10;
    expect(() => inflateZlib(z)).toThrow(BadChecksumError);
  });
});

describe('ZIP', () => {
  const a = sampleData(11, 20_000);
  const b = sampleData(12, 3000);
  const c = sampleData(13, 1);

  it('lists and reads stored, deflated and data-descriptor entries', () => {
    const zip = buildZip([
      { name: 'README.TXT', data: b, method: 0 },
      { name: 'games/manic.tap', data: a },
      { name: 'x.bin', data: c, descriptor: true },
      { name: 'dir/', data: new Uint8Array(0), method: 0 },
    ], 'an archive comment');
    const entries = listZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['README.TXT', 'games/manic.tap', 'x.bin']);
    expect(same(entries[0]!.read(), b)).toBe(true);
    expect(same(entries[1]!.read(), a)).toBe(true);
    expect(same(entries[2]!.read(), c)).toBe(true);
    expect(entries[1]!.size).toBe(a.length);
  });

  it('decodes UTF-8 names when flagged', () => {
    const zip = buildZip([{ name: 'jeu-été.tap', data: a, utf8: true }]);
    expect(listZip(zip)[0]!.name).toBe('jeu-été.tap');
  });

  it('refuses encrypted entries and unknown methods with a typed error', () => {
    const zip = buildZip([{ name: 'a.tap', data: a, flags: 1 }, { name: 'b.tap', data: b, method: 0, methodOverride: 12 }]);
    const [e1, e2] = listZip(zip);
    expect(() => e1!.read()).toThrow(/encrypted/);
    expect(() => e2!.read()).toThrow(UnsupportedFormatError);
  });

  it('detects a damaged entry by its CRC', () => {
    const zip = buildZip([{ name: 'a.bin', data: b, method: 0 }]);
    zip[30 + 5 + 100]! ^= 0xff;
    expect(() => listZip(zip)[0]!.read()).toThrow(BadChecksumError);
  });

  it('reports a cut-off archive as truncated', () => {
    const zip = buildZip([{ name: 'a.bin', data: a }]);
    expect(() => listZip(zip.subarray(0, zip.length - 30))).toThrow(TruncatedError);
  });
});

describe('unpackArchive', () => {
  const tap = sampleData(21, 5000);
  const txt = new TextEncoder().encode('read me');
  it('passes plain files through', () => {
    const r = unpackArchive('game.tap', tap);
    expect(r).toEqual({ kind: 'file', name: 'game.tap', bytes: tap });
  });
  it('picks the single accepted entry of a ZIP', () => {
    const zip = buildZip([{ name: 'README.TXT', data: txt }, { name: 'GAME/Game.TAP', data: tap }]);
    const r = unpackArchive('game.zip', zip, { accept: ['tap', 'z80'] });
    expect(r.kind).toBe('file');
    if (r.kind === 'file') {
      expect(r.name).toBe('Game.TAP');
      expect(same(r.bytes, tap)).toBe(true);
      expect(r.from).toBe('game.zip');
    }
  });
  it('asks when several entries fit, and reads the chosen one', () => {
    const zip = buildZip([{ name: 'side-a.tap', data: tap }, { name: 'side-b.tap', data: txt }]);
    const r = unpackArchive('two.zip', zip, { accept: ['tap'] });
    expect(r.kind).toBe('choose');
    if (r.kind === 'choose') {
      expect(r.entries.map((e) => e.name)).toEqual(['side-a.tap', 'side-b.tap']);
      expect(readEntry(r.entries[1]!)).toEqual({ name: 'side-b.tap', bytes: txt });
    }
  });
  it('names a gzip file by its FNAME or by dropping .gz', () => {
    const r = unpackArchive('game.tap.gz', new Uint8Array(gzipSync(tap)));
    expect(r.kind === 'file' && r.name).toBe('game.tap');
  });
  it('refuses an empty ZIP', () => {
    expect(() => unpackArchive('empty.zip', buildZip([]))).toThrow(/holds no files/);
  });
});
