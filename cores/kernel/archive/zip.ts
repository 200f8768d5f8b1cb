/**
 * ZIP archives (PKWARE APPNOTE.TXT 6.3.10): the central directory is read from the end-of-central-
 * directory record (§4.3.16), each entry's data is found through its local header (§4.3.7) and
 * unpacked on demand. Methods: 0 (stored) and 8 (deflated, inflate.ts). The CRC-32 of every
 * unpacked entry is checked (§4.4.7).
 *
 * ZIP64 (§4.3.14 end record, §4.3.15 locator, §4.5.3 extra field 0x0001) is read, so archives
 * with more than 65,535 entries or 32-bit overflowed sizes list completely. A directory whose
 * 16-bit entry count wrapped without ZIP64 (some tools write the count mod 65536) is walked to
 * the directory's end rather than trusted; the count must agree mod 65536.
 *
 * Not supported (a typed error names them): encryption (flag bit 0, §4.4.4), other methods
 * (deflate64, bzip2, LZMA...), multi-disk (spanned) archives.
 * Names are UTF-8 when flag bit 11 says so, otherwise read as Latin-1 (close enough to CP437
 * for the ASCII names media files have).
 */
import { BadChecksumError, CorruptDataError, TooLargeError, TruncatedError, UnsupportedFormatError } from '../errors.ts';
import { crc32 } from './checksums.ts';
import { DEFAULT_MAX_OUTPUT, inflateRaw } from './inflate.ts';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_LOCATOR64 = 0x07064b50;
const EOCD_SIZE = 22;
/** More entries than this is not a media archive (and would cost memory to list). */
export const MAX_ZIP_ENTRIES = 1_000_000;

export interface ZipEntry {
  /** Path inside the archive, '/'-separated. */
  readonly name: string;
  /** Unpacked size in bytes, as the directory states it. */
  readonly size: number;
  readonly compressedSize: number;
  /** Compression method number (0 stored, 8 deflated). */
  readonly method: number;
  /** Unpack and check this entry. Throws MediaError subclasses. */
  read(): Uint8Array;
}

const u16 = (b: Uint8Array, p: number): number => b[p]! | (b[p + 1]! << 8);
const u32 = (b: Uint8Array, p: number): number => (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
/** A little-endian 64-bit field as a number (exact below 2^53; larger is beyond any file we hold). */
const u64 = (b: Uint8Array, p: number): number => u32(b, p) + u32(b, p + 4) * 0x1_0000_0000;

/** True when the bytes start with a local file header or an empty archive's EOCD ('PK'). */
export function isZip(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const sig = u32(bytes, 0);
  return sig === SIG_LOCAL || sig === SIG_EOCD;
}

function decodeName(b: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder('utf-8').decode(b);
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/** The files in a ZIP archive (directories left out), in directory order. */
export function listZip(bytes: Uint8Array, what = 'The archive', maxOutput = DEFAULT_MAX_OUTPUT): ZipEntry[] {
  const damaged = (why: string) => new CorruptDataError(`${what}: the ZIP archive is damaged (${why}).`);
  if (bytes.length < EOCD_SIZE) throw new TruncatedError(`${what}: too short to be a ZIP archive (truncated?).`);
  // The EOCD is last, followed by a comment of at most 65535 bytes: scan back for its signature.
  let eocd = -1;
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - 0xffff);
  for (let p = bytes.length - EOCD_SIZE; p >= lowest; p--) {
    if (bytes[p] === 0x50 && u32(bytes, p) === SIG_EOCD && p + EOCD_SIZE + u16(bytes, p + 20) <= bytes.length) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw new TruncatedError(`${what}: the ZIP directory is missing (truncated or not a ZIP file).`);
  let disk = u16(bytes, eocd + 4);
  let cdDisk = u16(bytes, eocd + 6);
  let count = u16(bytes, eocd + 10);
  let cdSize = u32(bytes, eocd + 12);
  let cdOffset = u32(bytes, eocd + 16);
  let cdEnd = eocd;
  let exactCount = true;
  const loc = eocd - 20;
  if (loc >= 0 && u32(bytes, loc) === SIG_LOCATOR64) {
    // ZIP64: the locator points at the ZIP64 end record, which holds the real 64-bit fields.
    const at = u64(bytes, loc + 8);
    if (at + 56 > loc || u32(bytes, at) !== SIG_EOCD64) throw damaged('bad ZIP64 end record');
    disk = u32(bytes, at + 16);
    cdDisk = u32(bytes, at + 20);
    count = u64(bytes, at + 32);
    cdSize = u64(bytes, at + 40);
    cdOffset = u64(bytes, at + 48);
    cdEnd = at;
  } else if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    throw damaged('ZIP64 fields without a ZIP64 end record');
  } else exactCount = false; // 16 bits: maybe wrapped; walk to the directory's end instead
  if (disk !== 0 || cdDisk !== 0) throw new UnsupportedFormatError(`${what}: multi-part (spanned) ZIP archives are not supported.`);
  if (cdOffset + cdSize > cdEnd) throw damaged('directory outside the file');
  if (count > MAX_ZIP_ENTRIES) throw new UnsupportedFormatError(`${what}: the ZIP archive lists ${count} entries; more than ${MAX_ZIP_ENTRIES} is not a media archive.`);
  const entries: ZipEntry[] = [];
  const dirEnd = cdOffset + cdSize;
  let p = cdOffset;
  let seen = 0;
  while (exactCount ? seen < count : p < dirEnd) {
    if (p + 46 > dirEnd || u32(bytes, p) !== SIG_CENTRAL) throw damaged('bad directory entry');
    if (++seen > MAX_ZIP_ENTRIES) throw new UnsupportedFormatError(`${what}: more than ${MAX_ZIP_ENTRIES} entries is not a media archive.`);
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16);
    let csize = u32(bytes, p + 20);
    let usize = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    let localOffset = u32(bytes, p + 42);
    if (p + 46 + nameLen + extraLen > dirEnd) throw damaged('bad directory entry');
    if (usize === 0xffffffff || csize === 0xffffffff || localOffset === 0xffffffff) {
      // §4.5.3: the ZIP64 extra field holds, in this order, only the fields that overflowed.
      let x = p + 46 + nameLen;
      const xEnd = x + extraLen;
      let found = false;
      while (x + 4 <= xEnd) {
        const id = u16(bytes, x);
        const len = u16(bytes, x + 2);
        if (x + 4 + len > xEnd) break;
        if (id === 0x0001) {
          let q = x + 4;
          const take = (): number => { if (q + 8 > x + 4 + len) throw damaged('short ZIP64 extra field'); const v = u64(bytes, q); q += 8; return v; };
          if (usize === 0xffffffff) usize = take();
          if (csize === 0xffffffff) csize = take();
          if (localOffset === 0xffffffff) localOffset = take();
          found = true;
          break;
        }
        x += 4 + len;
      }
      if (!found) throw damaged('ZIP64 sizes without a ZIP64 extra field');
    }
    const name = decodeName(bytes.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (usize > maxOutput) {
      // Refused at once from the directory: a bomb is not inflated up to the limit first.
      const big = usize;
      entries.push({ name, size: usize, compressedSize: csize, method, read(): Uint8Array {
        throw new TooLargeError(`${what} (${name}): unpacks to ${big} bytes, more than ${maxOutput}; refusing it.`);
      } });
      continue;
    }
    const entryName = name;
    entries.push({
      name,
      size: usize,
      compressedSize: csize,
      method,
      read(): Uint8Array {
        const label = `${what} (${entryName})`;
        if (flags & 1) throw new UnsupportedFormatError(`${label}: encrypted ZIP entries are not supported.`);
        if (method !== 0 && method !== 8)
          throw new UnsupportedFormatError(`${label}: ZIP compression method ${method} is not supported (only stored and deflated).`);
        if (localOffset + 30 > bytes.length || u32(bytes, localOffset) !== SIG_LOCAL)
          throw new CorruptDataError(`${label}: the ZIP archive is damaged (bad local header).`);
        const start = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28);
        if (start + csize > bytes.length) throw new TruncatedError(`${label}: the ZIP entry ends early (truncated?).`);
        let data: Uint8Array;
        if (method === 0) {
          if (csize !== usize) throw new CorruptDataError(`${label}: the ZIP archive is damaged (stored sizes differ).`);
          data = bytes.slice(start, start + csize);
        } else {
          // The entry can be no larger than its directory says: a lying one stops there.
          data = inflateRaw(bytes.subarray(start, start + csize), { what: label, maxOutput: Math.min(maxOutput, usize + 1), sizeHint: usize }).data;
        }
        if (data.length !== usize) throw new CorruptDataError(`${label}: the unpacked size does not match the ZIP directory.`);
        if (crc32(data) !== crc) throw new BadChecksumError(`${label}: the CRC does not match (damaged archive).`);
        return data;
      },
    });
  }
  if (!exactCount && (seen & 0xffff) !== count) throw damaged('the entry count does not match the directory');
  return entries;
}
