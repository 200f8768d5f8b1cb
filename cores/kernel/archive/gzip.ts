/**
 * gzip (RFC 1952) and zlib (RFC 1950) wrappers around inflate.ts.
 *
 * gzip: every member is read (concatenated members form one file, RFC 1952 §2.2), its CRC-32 and
 * ISIZE trailer are checked, and the original file name (FNAME) of the first member is returned so
 * `game.tap.gz` can be detected as a tape even when renamed. FEXTRA, FCOMMENT and FHCRC are
 * skipped (FHCRC is not checked). zlib: FDICT (preset dictionary) streams are refused; the
 * Adler-32 trailer is checked.
 */
import { BadChecksumError, CorruptDataError, TruncatedError, UnsupportedFormatError } from '../errors.ts';
import { adler32, crc32 } from './checksums.ts';
import { DEFAULT_MAX_OUTPUT, type InflateOutput, inflateInto, inflateRaw } from './inflate.ts';

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const FRESERVED = 0xe0;

/** True when the bytes start with the gzip magic 1F 8B and the deflate method byte 08. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0x1f && bytes[1] === 0x8b && bytes[2] === 8;
}

export interface GunzipResult {
  data: Uint8Array;
  /** FNAME from the first member's header, if it had one. */
  name?: string;
}

function u32le(b: Uint8Array, p: number): number {
  return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
}

function latin1(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
  return s;
}

export function gunzip(bytes: Uint8Array, what = 'The file', maxOutput = DEFAULT_MAX_OUTPUT): GunzipResult {
  const truncated = () => new TruncatedError(`${what}: the gzip data ends early (truncated file?).`);
  // One output buffer for every member: a file of thousands of tiny members costs one buffer,
  // not one (sized from the remaining input) per member.
  let out: InflateOutput = { buf: new Uint8Array(Math.max(1024, Math.min(bytes.length * 4, 16 * 1024 * 1024, maxOutput))), len: 0 };
  let name: string | undefined;
  let p = 0;
  let member = 0;
  while (p < bytes.length) {
    // Trailing zero padding after the last member is common (tape archivers pad to blocks).
    // (Checked only when a zero is where the next magic would be: scanning the rest of the file
    // before every member made many-member files quadratic.)
    if (member > 0 && bytes[p] === 0 && bytes.subarray(p).every((b) => b === 0)) break;
    if (bytes.length - p < 10) throw truncated();
    if (bytes[p] !== 0x1f || bytes[p + 1] !== 0x8b)
      throw new CorruptDataError(`${what}: not gzip data` + (member > 0 ? ' after the first member.' : '.'));
    if (bytes[p + 2] !== 8) throw new UnsupportedFormatError(`${what}: gzip compression method ${bytes[p + 2]} is not deflate.`);
    const flg = bytes[p + 3]!;
    if (flg & FRESERVED) throw new CorruptDataError(`${what}: the gzip header has reserved flags set.`);
    p += 10;
    if (flg & FEXTRA) {
      if (p + 2 > bytes.length) throw truncated();
      const xlen = bytes[p]! | (bytes[p + 1]! << 8);
      p += 2 + xlen;
    }
    if (flg & FNAME) {
      const z = bytes.indexOf(0, p);
      if (z < 0) throw truncated();
      if (member === 0) name = latin1(bytes, p, z);
      p = z + 1;
    }
    if (flg & FCOMMENT) {
      const z = bytes.indexOf(0, p);
      if (z < 0) throw truncated();
      p = z + 1;
    }
    if (flg & FHCRC) p += 2;
    if (p > bytes.length) throw truncated();
    const before = out.len;
    const r = inflateInto(bytes, p, out, what, maxOutput);
    out = r.out;
    const end = r.end;
    const data = out.buf.subarray(before, out.len);
    if (end + 8 > bytes.length) throw truncated();
    if (crc32(data) !== u32le(bytes, end)) throw new BadChecksumError(`${what}: the gzip CRC does not match (damaged file).`);
    if ((data.length >>> 0) !== u32le(bytes, end + 4))
      throw new CorruptDataError(`${what}: the gzip size field does not match the data.`);
    p = end + 8;
    member++;
  }
  if (member === 0) throw truncated();
  // A copy of exactly the output, so the (up to twice as large) working buffer is not kept alive.
  return { data: out.buf.slice(0, out.len), ...(name !== undefined ? { name } : {}) };
}

/** Inflate a zlib stream (RFC 1950): 2-byte header, deflate data, big-endian Adler-32. */
export function inflateZlib(bytes: Uint8Array, what = 'The file', maxOutput = DEFAULT_MAX_OUTPUT): Uint8Array {
  if (bytes.length < 6) throw new TruncatedError(`${what}: the zlib data ends early (truncated file?).`);
  const cmf = bytes[0]!;
  const flg = bytes[1]!;
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || ((cmf << 8) | flg) % 31 !== 0)
    throw new CorruptDataError(`${what}: not a zlib stream.`);
  if (flg & 0x20) throw new UnsupportedFormatError(`${what}: zlib streams with a preset dictionary are not supported.`);
  const { data, end } = inflateRaw(bytes, { start: 2, what, maxOutput });
  if (end + 4 > bytes.length) throw new TruncatedError(`${what}: the zlib data ends early (truncated file?).`);
  const want = ((bytes[end]! << 24) | (bytes[end + 1]! << 16) | (bytes[end + 2]! << 8) | bytes[end + 3]!) >>> 0;
  if (adler32(data) !== want) throw new BadChecksumError(`${what}: the zlib checksum does not match (damaged file).`);
  return data;
}
