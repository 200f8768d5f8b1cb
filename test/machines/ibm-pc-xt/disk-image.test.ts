/**
 * PC disk images: geometry from size (every floppy size of the DOS Technical Reference), hard disks
 * with an MBR, typed errors for wrong, truncated and random files (a fuzz of both loaders), and the
 * copy-on-write layer (reads see writes, the original bytes never change, state round trip).
 */
import { describe, expect, it } from 'vitest';
import { MediaError, TruncatedError, TooLargeError, CorruptDataError, CorruptStateError } from '../../../cores/kernel/errors.ts';
import { loadMedia } from '../../../cores/kernel/media.ts';
import { CowDisk, FLOPPY_GEOMETRIES, floppyFormat, hardDiskFormat, type DiskImage } from '../../../machines/ibm-pc-xt/media/disk-image.ts';

const FORMATS = [floppyFormat, hardDiskFormat];

function hardDisk(mb: number, heads: number, sectors: number): Uint8Array {
  const b = new Uint8Array(mb * 1024 * 1024);
  b[510] = 0x55; b[511] = 0xaa;
  const e = 0x1be;
  b[e + 4] = 0x01; b[e + 5] = heads - 1; b[e + 6] = sectors; b[e + 7] = 0xff;
  return b;
}

describe('PC disk images', () => {
  it('takes every floppy size with its geometry', () => {
    for (const f of FLOPPY_GEOMETRIES) {
      const m = loadMedia(FORMATS, 'disk.ima', new Uint8Array(f.bytes));
      const d = m.data as DiskImage;
      expect(m.format.id).toBe('pc-floppy');
      expect(d.geometry).toEqual(f.g);
      expect(d.geometry.cylinders * d.geometry.heads * d.geometry.sectors * 512).toBe(f.bytes);
    }
  });

  it('refuses a truncated floppy and an oversized one with typed errors', () => {
    expect(() => loadMedia(FORMATS, 'disk.img', new Uint8Array(368_000))).toThrow(TruncatedError);
    expect(() => loadMedia(FORMATS, 'disk.img', new Uint8Array(368_000))).toThrow(/360K image would be 368640/);
    expect(() => floppyFormat.parse(new Uint8Array(2_000_000), 'big.img')).toThrow(TooLargeError);
  });

  it('takes a hard disk with an MBR, geometry from its partition table', () => {
    const m = loadMedia(FORMATS, 'c.img', hardDisk(10, 4, 17));
    const d = m.data as DiskImage;
    expect(m.format.id).toBe('pc-hard-disk');
    expect(d.geometry).toEqual({ cylinders: Math.floor(10 * 2048 / 68), heads: 4, sectors: 17 });
    const noMbr = hardDisk(10, 4, 17);
    noMbr[510] = 0;
    expect(() => hardDiskFormat.parse(noMbr, 'c.hdd')).toThrow(CorruptDataError);
    expect(() => hardDiskFormat.parse(new Uint8Array(1024 * 1024 + 100), 'c.hdd')).toThrow(TruncatedError);
  });

  it('loaders give a MediaError or a disk for random and damaged input', () => {
    let s = 12345;
    const rnd = () => { s = (s * 1103515245 + 12345) >>> 0; return s / 2 ** 32; };
    const sizes = [0, 1, 511, 512, 163_840, 368_640, 368_639, 1_474_561, 1024 * 1024, 1024 * 1024 + 512];
    for (const size of sizes) {
      for (let k = 0; k < 3; k++) {
        const b = new Uint8Array(size);
        for (let i = 0; i < Math.min(size, 4096); i++) b[i] = Math.floor(rnd() * 256);
        if (k === 2 && size >= 512) { b[510] = 0x55; b[511] = 0xaa; }
        for (const f of FORMATS) {
          try { f.parse(b, 'fuzz.img'); } catch (e) { expect(e).toBeInstanceOf(MediaError); }
        }
      }
    }
  });

  it('copy-on-write: reads see writes, the inserted bytes never change, the whole image comes back', () => {
    const base = new Uint8Array(368_640);
    base.fill(0xe5);
    const d = new CowDisk(floppyFormat.parse(base, 'a.img'));
    expect(d.lba(0, 0, 1)).toBe(0);
    expect(d.lba(1, 1, 9)).toBe((1 * 2 + 1) * 9 + 8);
    expect(d.lba(40, 0, 1)).toBe(-1);
    expect(d.lba(0, 0, 0)).toBe(-1);
    const sec = new Uint8Array(512).fill(0x42);
    d.write(d.lba(1, 0, 3), sec);
    const out = new Uint8Array(512);
    d.read(d.lba(1, 0, 3), out);
    expect(out[0]).toBe(0x42);
    expect(base[(18 + 2) * 512]).toBe(0xe5);
    expect(d.changed).toBe(true);
    const img = d.image();
    expect(img[(18 + 2) * 512]).toBe(0x42);
    expect(img[(18 + 3) * 512]).toBe(0xe5);
    const st = d.getState();
    const e = new CowDisk(floppyFormat.parse(base, 'a.img'));
    e.setState(st);
    expect(Buffer.from(e.image()).equals(Buffer.from(img))).toBe(true);
    expect(() => e.setState({ lbas: [9999], data: new Uint8Array(512) })).toThrow(CorruptStateError);
  });
});
