/**
 * Raw PC disk images: floppies (`.img .ima .dsk .vfd`, geometry from the file size) and hard disks
 * (`.img .hdd .hd`, with an MBR; geometry from the partition table or the size), and the
 * copy-on-write layer the drives use, so the guest's writes never touch the user's file and the
 * changed image can be handed back whole (Machine.writtenMedia).
 *
 * Floppy sizes (512-byte sectors; IBM DOS Technical Reference, "Diskette formats"):
 * 160K 40x1x8, 180K 40x1x9, 320K 40x2x8, 360K 40x2x9, 720K 80x2x9, 1.2M 80x2x15, 1.44M 80x2x18.
 * A file shorter than a known size, not matching any, is refused as truncated; other sizes are
 * refused as not a floppy image.
 *
 * Hard disks: a multiple of 512 bytes, at least 1 MB and at most 504 MB (1024 cylinders x 16 heads
 * x 63 sectors, the INT 13h CHS limit), ending its first sector in 55h AAh. Heads and sectors per
 * track come from the largest end head / end sector of the partition entries; without usable
 * entries, 17 sectors (the XT's MFM drives) and 4 heads up to 64 MB, else 16 heads x 63 sectors.
 */
import { CorruptDataError, CorruptStateError, TooLargeError, TruncatedError } from '../../../cores/kernel/errors.ts';
import type { MediaFormat } from '../../../cores/kernel/media.ts';

export const SECTOR_BYTES = 512;

export interface Geometry {
  readonly cylinders: number;
  readonly heads: number;
  /** Sectors per track (numbered from 1). */
  readonly sectors: number;
}

export interface DiskImage {
  readonly kind: 'floppy' | 'hard-disk';
  readonly geometry: Geometry;
  readonly bytes: Uint8Array;
  /** Size for people: '360K', '1.44M', '20.0 MB'. */
  readonly label: string;
}

/** Known floppy geometries by size in bytes. */
export const FLOPPY_GEOMETRIES: readonly { readonly bytes: number; readonly label: string; readonly g: Geometry }[] = [
  { bytes: 163_840, label: '160K', g: { cylinders: 40, heads: 1, sectors: 8 } },
  { bytes: 184_320, label: '180K', g: { cylinders: 40, heads: 1, sectors: 9 } },
  { bytes: 327_680, label: '320K', g: { cylinders: 40, heads: 2, sectors: 8 } },
  { bytes: 368_640, label: '360K', g: { cylinders: 40, heads: 2, sectors: 9 } },
  { bytes: 737_280, label: '720K', g: { cylinders: 80, heads: 2, sectors: 9 } },
  { bytes: 1_228_800, label: '1.2M', g: { cylinders: 80, heads: 2, sectors: 15 } },
  { bytes: 1_474_560, label: '1.44M', g: { cylinders: 80, heads: 2, sectors: 18 } },
];
const MAX_FLOPPY = 1_474_560;
export const MAX_HARD_DISK = 1024 * 16 * 63 * SECTOR_BYTES;
const MIN_HARD_DISK = 1024 * 1024;

function parseFloppy(bytes: Uint8Array, name: string): DiskImage {
  const known = FLOPPY_GEOMETRIES.find((f) => f.bytes === bytes.length);
  if (known !== undefined) return { kind: 'floppy', geometry: known.g, bytes, label: known.label };
  if (bytes.length > MAX_FLOPPY)
    throw new TooLargeError(`${name} is ${bytes.length} bytes, larger than any floppy (1.44M is ${MAX_FLOPPY}); a hard-disk image needs an MBR.`);
  const next = FLOPPY_GEOMETRIES.find((f) => f.bytes > bytes.length)!;
  throw new TruncatedError(
    `${name} is ${bytes.length} bytes, not the size of any PC floppy (160K, 180K, 320K, 360K, 720K, 1.2M, 1.44M); ` +
      `a ${next.label} image would be ${next.bytes} bytes: the file looks truncated.`,
  );
}

/** Heads and sectors per track from the MBR's partition entries, or null when they say nothing usable. */
function geometryFromMbr(b: Uint8Array): { heads: number; sectors: number } | null {
  let heads = 0, sectors = 0;
  for (let i = 0; i < 4; i++) {
    const e = 0x1be + i * 16;
    const type = b[e + 4]!;
    if (type === 0) continue;
    const endHead = b[e + 5]!, endSector = b[e + 6]! & 0x3f;
    if (endSector === 0) return null;
    heads = Math.max(heads, endHead + 1);
    sectors = Math.max(sectors, endSector);
  }
  return heads > 0 && heads <= 255 && sectors > 0 ? { heads, sectors } : null;
}

export function isHardDiskImage(b: Uint8Array): boolean {
  return b.length >= MIN_HARD_DISK && b.length <= MAX_HARD_DISK && b.length % SECTOR_BYTES === 0 &&
    b[510] === 0x55 && b[511] === 0xaa;
}

function parseHardDisk(bytes: Uint8Array, name: string): DiskImage {
  if (bytes.length > MAX_HARD_DISK)
    throw new TooLargeError(`${name} is ${bytes.length} bytes; the PC's BIOS reaches at most ${MAX_HARD_DISK} (504 MB).`);
  if (bytes.length < MIN_HARD_DISK || bytes.length % SECTOR_BYTES !== 0)
    throw new TruncatedError(`${name} is ${bytes.length} bytes: a hard-disk image is whole 512-byte sectors, 1 MB or more.`);
  if (bytes[510] !== 0x55 || bytes[511] !== 0xaa)
    throw new CorruptDataError(`${name} has no master boot record (its first sector does not end in 55h AAh).`);
  const total = bytes.length / SECTOR_BYTES;
  const hs = geometryFromMbr(bytes) ?? (bytes.length <= 64 * 1024 * 1024 ? { heads: 4, sectors: 17 } : { heads: 16, sectors: 63 });
  const cylinders = Math.floor(total / (hs.heads * hs.sectors));
  if (cylinders < 1 || cylinders > 1024)
    throw new CorruptDataError(`${name}: its partition table gives ${hs.heads} heads x ${hs.sectors} sectors, which does not fit its size.`);
  const mb = (bytes.length / 1048576).toFixed(1);
  return { kind: 'hard-disk', geometry: { cylinders, heads: hs.heads, sectors: hs.sectors }, bytes, label: `${mb} MB` };
}

export const floppyFormat: MediaFormat<DiskImage> = {
  id: 'pc-floppy',
  name: 'PC floppy disk image',
  extensions: ['img', 'ima', 'dsk', 'vfd'],
  kind: 'disk',
  maxBytes: MAX_FLOPPY,
  sniff: (b) => FLOPPY_GEOMETRIES.some((f) => f.bytes === b.length),
  parse: parseFloppy,
};

export const hardDiskFormat: MediaFormat<DiskImage> = {
  id: 'pc-hard-disk',
  name: 'PC hard-disk image',
  extensions: ['hdd', 'hd', 'img'],
  kind: 'hard-disk',
  maxBytes: MAX_HARD_DISK,
  sniff: isHardDiskImage,
  parse: parseHardDisk,
};

/** The state of a CowDisk: the sectors written, by number, and their bytes end to end. */
export interface CowDiskState {
  lbas: number[];
  data: Uint8Array;
}

/**
 * A disk as the drive sees it: the inserted image, never modified, plus the sectors the guest has
 * written. Reads see the newest data; `image()` gives the whole changed image.
 */
export class CowDisk {
  private written = new Map<number, Uint8Array>();
  readonly totalSectors: number;

  constructor(readonly image0: DiskImage) {
    const g = image0.geometry;
    this.totalSectors = g.cylinders * g.heads * g.sectors;
  }

  get geometry(): Geometry { return this.image0.geometry; }
  get changed(): boolean { return this.written.size > 0; }

  /** Logical sector number of cylinder/head/sector (sector from 1), or -1 outside the disk. */
  lba(c: number, h: number, s: number): number {
    const g = this.image0.geometry;
    if (c < 0 || c >= g.cylinders || h < 0 || h >= g.heads || s < 1 || s > g.sectors) return -1;
    return (c * g.heads + h) * g.sectors + (s - 1);
  }

  /** Copy sector `lba` into `out` at `at`. */
  read(lba: number, out: Uint8Array, at = 0): void {
    const w = this.written.get(lba);
    if (w !== undefined) out.set(w, at);
    else out.set(this.image0.bytes.subarray(lba * SECTOR_BYTES, (lba + 1) * SECTOR_BYTES), at);
  }

  /** Write sector `lba` from `src` at `at`. */
  write(lba: number, src: Uint8Array, at = 0): void {
    if (lba < 0 || lba >= this.totalSectors) throw new RangeError(`sector ${lba} outside the disk`);
    this.written.set(lba, src.slice(at, at + SECTOR_BYTES));
  }

  /** The whole image with every write applied (a new array). */
  image(): Uint8Array {
    const out = this.image0.bytes.slice();
    for (const [lba, d] of this.written) out.set(d, lba * SECTOR_BYTES);
    return out;
  }

  getState(): CowDiskState {
    const lbas = [...this.written.keys()].sort((a, b) => a - b);
    const data = new Uint8Array(lbas.length * SECTOR_BYTES);
    lbas.forEach((l, i) => data.set(this.written.get(l)!, i * SECTOR_BYTES));
    return { lbas, data };
  }

  setState(st: CowDiskState): void {
    if (typeof st !== 'object' || st === null || !Array.isArray(st.lbas) || !(st.data instanceof Uint8Array) ||
        st.data.length !== st.lbas.length * SECTOR_BYTES ||
        !st.lbas.every((l) => Number.isInteger(l) && l >= 0 && l < this.totalSectors))
      throw new CorruptStateError('disk state: malformed written sectors');
    const m = new Map<number, Uint8Array>();
    st.lbas.forEach((l, i) => m.set(l, st.data.slice(i * SECTOR_BYTES, (i + 1) * SECTOR_BYTES)));
    this.written = m;
  }
}
