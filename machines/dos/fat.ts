/**
 * A FAT12/FAT16 file-system reader for floppy and small hard-disk images (raw sectors), written for
 * the built-in DOS: it lists every file with its DOS name, attributes and stamps so an image's
 * files can become a `Volume` (for example FreeDOS's COMMAND.COM out of a boot floppy).
 * Layout from Microsoft's "FAT: General Overview of On-Disk Format" 1.03: the BIOS parameter
 * block at offset 0Bh of sector 0, reserved sectors, the FAT copies, the fixed root directory,
 * then the data area in clusters numbered from 2; FAT12 when there are fewer than 4085 clusters.
 *
 * Not handled: FAT32, long file names (VFAT entries are skipped, the 8.3 alias is used),
 * partitioned hard-disk images (an MBR is not followed). Damaged images give typed errors; a
 * cluster chain that loops or leaves the disk ends the file where it goes wrong.
 */
import { CorruptDataError, TruncatedError, UnsupportedFormatError } from '../../cores/kernel/errors.ts';
import type { HostFile } from './vfs.ts';

export interface FatGeometry {
  readonly bytesPerSector: number;
  readonly sectorsPerCluster: number;
  readonly reservedSectors: number;
  readonly fatCount: number;
  readonly rootEntries: number;
  readonly totalSectors: number;
  readonly media: number;
  readonly sectorsPerFat: number;
  readonly sectorsPerTrack: number;
  readonly heads: number;
  readonly fatBits: 12 | 16;
  readonly clusters: number;
}

export type FatFile = HostFile;

const u16 = (b: Uint8Array, p: number): number => b[p]! | (b[p + 1]! << 8);
const u32 = (b: Uint8Array, p: number): number => (u16(b, p) | (u16(b, p + 2) << 16)) >>> 0;

export function readGeometry(img: Uint8Array, name: string): FatGeometry {
  if (img.length < 512) throw new TruncatedError(`${name}: too short for a disk image (${img.length} bytes).`);
  const bad = (why: string) => new CorruptDataError(`${name}: not a FAT disk image (${why}).`);
  const bps = u16(img, 0x0b);
  const spc = img[0x0d]!;
  const reserved = u16(img, 0x0e);
  const fats = img[0x10]!;
  const rootEntries = u16(img, 0x11);
  const total = u16(img, 0x13) || u32(img, 0x20);
  const spf = u16(img, 0x16);
  if (![512, 1024, 2048, 4096].includes(bps)) throw bad(`${bps} bytes per sector`);
  if (spc === 0 || (spc & (spc - 1)) !== 0) throw bad(`${spc} sectors per cluster`);
  if (reserved === 0 || fats === 0 || fats > 4 || spf === 0 || rootEntries === 0) throw bad('empty BIOS parameter block');
  if (spf === 0 && u32(img, 0x24) !== 0) throw new UnsupportedFormatError(`${name}: FAT32 images are not supported.`);
  const rootSectors = Math.ceil((rootEntries * 32) / bps);
  const dataStart = reserved + fats * spf + rootSectors;
  if (total <= dataStart) throw bad('no data area');
  const clusters = Math.floor((total - dataStart) / spc);
  if (clusters >= 65525) throw new UnsupportedFormatError(`${name}: FAT32 images are not supported.`);
  if (img.length < dataStart * bps) throw new TruncatedError(`${name}: the image ends before its data area (truncated?).`);
  return {
    bytesPerSector: bps, sectorsPerCluster: spc, reservedSectors: reserved, fatCount: fats, rootEntries,
    totalSectors: total, media: img[0x15]!, sectorsPerFat: spf, sectorsPerTrack: u16(img, 0x18),
    heads: u16(img, 0x1a), fatBits: clusters < 4085 ? 12 : 16, clusters,
  };
}

/** Every file (and empty directory) in a FAT image, paths '/'-separated, plus the volume label. */
export function readFat(img: Uint8Array, name: string): { files: FatFile[]; label: string; geometry: FatGeometry } {
  const g = readGeometry(img, name);
  const bps = g.bytesPerSector;
  const fatOff = g.reservedSectors * bps;
  const rootOff = fatOff + g.fatCount * g.sectorsPerFat * bps;
  const dataOff = rootOff + Math.ceil((g.rootEntries * 32) / bps) * bps;
  const clusterBytes = g.sectorsPerCluster * bps;
  const next = (c: number): number => {
    if (g.fatBits === 16) return u16(img, fatOff + c * 2);
    const v = u16(img, fatOff + ((c * 3) >> 1));
    return c & 1 ? v >> 4 : v & 0xfff;
  };
  const endMark = g.fatBits === 12 ? 0xff8 : 0xfff8;
  /** Clusters of a chain, stopping at the end mark, a loop, or a cluster off the disk. */
  const chain = (first: number): number[] => {
    const out: number[] = [];
    const seen = new Set<number>();
    for (let c = first; c >= 2 && c < g.clusters + 2 && c < endMark && !seen.has(c); c = next(c)) {
      seen.add(c);
      out.push(c);
    }
    return out;
  };
  const clusterData = (c: number): Uint8Array => {
    const off = dataOff + (c - 2) * clusterBytes;
    return img.subarray(Math.min(off, img.length), Math.min(off + clusterBytes, img.length));
  };
  const readChain = (first: number, size: number): Uint8Array => {
    const out = new Uint8Array(size);
    let pos = 0;
    for (const c of chain(first)) {
      if (pos >= size) break;
      const d = clusterData(c);
      out.set(d.subarray(0, Math.min(d.length, size - pos)), pos);
      pos += d.length;
    }
    return pos >= size ? out : out.subarray(0, pos);
  };

  const files: FatFile[] = [];
  let label = '';
  const visited = new Set<number>();
  const walk = (dir: Uint8Array, prefix: string, depth: number): void => {
    if (depth > 32) return;
    for (let p = 0; p + 32 <= dir.length; p += 32) {
      const first = dir[p]!;
      if (first === 0) break;
      if (first === 0xe5) continue;
      const attr = dir[p + 11]!;
      if ((attr & 0x0f) === 0x0f) continue; // long-name entry
      let base = '';
      for (let i = 0; i < 8; i++) base += String.fromCharCode(dir[p + i]!);
      let ext = '';
      for (let i = 8; i < 11; i++) ext += String.fromCharCode(dir[p + i]!);
      if (first === 0x05) base = '\xe5' + base.slice(1);
      base = base.trimEnd(); ext = ext.trimEnd();
      if ((attr & 0x08) !== 0) { if (prefix === '') label = (base + ext).trimEnd(); continue; }
      if (base === '.' || base === '..') continue;
      const fname = ext ? `${base}.${ext}` : base;
      if (/[\\/]/.test(fname) || fname === '') continue; // a damaged entry cannot name a path
      const time = u16(dir, p + 0x16), date = u16(dir, p + 0x18);
      const cluster = u16(dir, p + 0x1a);
      if ((attr & 0x10) !== 0) {
        if (cluster < 2 || visited.has(cluster)) continue;
        visited.add(cluster);
        const parts = chain(cluster).map(clusterData);
        const sub = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
        let o = 0;
        for (const x of parts) { sub.set(x, o); o += x.length; }
        const before = files.length;
        walk(sub, prefix + fname + '/', depth + 1);
        if (files.length === before) files.push({ path: prefix + fname + '/', size: 0, attr, date, time });
        continue;
      }
      const size = u32(dir, p + 0x1c);
      const declared = Math.min(size, g.clusters * clusterBytes);
      files.push({ path: prefix + fname, size: declared, attr, date, time, read: () => readChain(cluster, declared) });
    }
  };
  walk(img.subarray(rootOff, Math.min(dataOff, img.length)), '', 0);
  return { files, label, geometry: g };
}
