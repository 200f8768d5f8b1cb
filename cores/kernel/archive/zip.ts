/**
 * ZIP archives (PKWARE APPNOTE.TXT 6.3.10): the central directory is read from the end-of-central-
 * directory record (§4.3.16), each entry's data is found through its local header (§4.3.7) and
 * unpacked on demand. Methods: 0 (stored) and 8 (deflated, inflate.ts). The CRC-32 of every
 * unpacked entry is checked (§4.4.7).
 *
 * Not supported (a typed error names them): encryption (flag bit 0, §4.4.4), other methods
 * (deflate64, bzip2, LZMA...), ZIP64 archives over 4 GB (§4.3.14), multi-disk (spanned) archives.
 * Names are UTF-8 when flag bit 11 says so, otherwise read as Latin-1 (close enough to CP437
 * for the ASCII names media files have).
 */
import { BadChecksumError, CorruptDataError, TruncatedError, UnsupportedFormatError } from '../errors.ts';
import { crc32 } from './checksums.ts';
import { DEFAULT_MAX_OUTPUT, inflateRaw } from './inflate.ts';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const EOCD_SIZE = 22;

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
  const disk = u16(bytes, eocd + 4);
  const cdDisk = u16(bytes, eocd + 6);
  const count = u16(bytes, eocd + 10);
  const cdSize = u32(bytes, eocd + 12);
  const cdOffset = u32(bytes, eocd + 16);
  if (disk !== 0 || cdDisk !== 0) throw new UnsupportedFormatError(`${what}: multi-part (spanned) ZIP archives are not supported.`);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff)
    throw new UnsupportedFormatError(`${what}: ZIP64 archives are not supported.`);
  if (cdOffset + cdSize > eocd) throw damaged('directory outside the file');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || u32(bytes, p) !== SIG_CENTRAL) throw damaged('bad directory entry');
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    const crc = u32(bytes, p + 16);
    const csize = u32(bytes, p + 20);
    const usize = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    const localOffset = u32(bytes, p + 42);
    if (p + 46 + nameLen > eocd) throw damaged('bad directory entry');
    const name = decodeName(bytes.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
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
          data = inflateRaw(bytes.subarray(start, start + csize), { what: label, maxOutput, sizeHint: usize }).data;
        }
        if (data.length !== usize) throw new CorruptDataError(`${label}: the unpacked size does not match the ZIP directory.`);
        if (crc32(data) !== crc) throw new BadChecksumError(`${label}: the CRC does not match (damaged archive).`);
        return data;
      },
    });
  }
  return entries;
}
