/**
 * CSW ("compressed square wave", Ramsoft) recordings: a tape sampled at some rate and stored as the
 * lengths of successive pulses, in samples; each pulse starts with an edge. Used alone (`.csw`
 * files, versions 1.01 and 2.00) and inside TZX block 0x18 (CSW v2 data).
 *
 * Pulse data (CSW v2 spec, "CSW-RLE"): one byte per pulse length, or a 0 byte and a 32-bit
 * little-endian length for longer ones. Z-RLE is the same stream compressed with zlib.
 * File header: "Compressed Square Wave" 0x1A, major, minor; v1: rate (16 bits), compression
 * (1 = RLE), flags (bit 0 = initial level high), 3 reserved bytes; v2: rate (32 bits), pulse count
 * (32 bits), compression (1 RLE, 2 Z-RLE), flags, header-extension length, encoding application
 * (16 bytes), the extension.
 */
import { inflateZlib } from '../../../cores/kernel/archive/gzip.ts';
import { CorruptDataError, TruncatedError, UnsupportedFormatError } from '../../../cores/kernel/errors.ts';
import type { MediaFormat } from '../../../cores/kernel/media.ts';
import { PulseBuilder, PulseKind, type Tape } from './pulses.ts';

const SIGNATURE = 'Compressed Square Wave\u001a';
/** Largest inflated Z-RLE stream we accept (pulse data for hours of tape). */
const MAX_RLE_BYTES = 64 * 1024 * 1024;

/** Append the pulses of an RLE stream sampled at `rate` Hz. */
export function cswPulses(b: PulseBuilder, rle: Uint8Array, rate: number, initialHigh: boolean, name: string): void {
  if (rate <= 0) throw new CorruptDataError(`${name}: CSW sample rate of 0 Hz.`);
  const tPerSample = 3_500_000 / rate;
  let first = true;
  for (let p = 0; p < rle.length;) {
    let n = rle[p++]!;
    if (n === 0) {
      if (p + 4 > rle.length) throw new TruncatedError(`${name}: CSW pulse data is cut short.`);
      n = (rle[p]! | (rle[p + 1]! << 8) | (rle[p + 2]! << 16)) + rle[p + 3]! * 0x1000000;
      p += 4;
    }
    const t = Math.max(1, Math.round(n * tPerSample));
    // The first pulse sets the recorded starting level; each later one starts with an edge.
    b.push(first ? (initialHigh ? PulseKind.High : PulseKind.Low) : PulseKind.Toggle, Math.min(t, 0xffffffff));
    first = false;
  }
}

export function decodeCswData(data: Uint8Array, compression: number, name: string): Uint8Array {
  if (compression === 1) return data;
  if (compression === 2) return inflateZlib(data, name, MAX_RLE_BYTES);
  throw new UnsupportedFormatError(`${name}: CSW compression type ${compression} is not known.`);
}

export function sniffCsw(bytes: Uint8Array): boolean {
  if (bytes.length < SIGNATURE.length) return false;
  for (let i = 0; i < SIGNATURE.length; i++) if (bytes[i] !== SIGNATURE.charCodeAt(i)) return false;
  return true;
}

export function parseCsw(bytes: Uint8Array, name: string): Tape {
  if (!sniffCsw(bytes)) throw new CorruptDataError(`${name}: not a CSW file (no "Compressed Square Wave" signature).`);
  if (bytes.length < 32) throw new TruncatedError(`${name}: the CSW header is cut short.`);
  const major = bytes[0x17]!;
  const b = new PulseBuilder(name);
  let rate: number, compression: number, flags: number, start: number;
  if (major === 1) {
    rate = bytes[0x19]! | (bytes[0x1a]! << 8);
    compression = bytes[0x1b]!;
    flags = bytes[0x1c]!;
    start = 0x20;
  } else if (major === 2) {
    if (bytes.length < 0x34) throw new TruncatedError(`${name}: the CSW header is cut short.`);
    rate = (bytes[0x19]! | (bytes[0x1a]! << 8) | (bytes[0x1b]! << 16)) + bytes[0x1c]! * 0x1000000;
    compression = bytes[0x21]!;
    flags = bytes[0x22]!;
    start = 0x34 + bytes[0x23]!;
    if (start > bytes.length) throw new TruncatedError(`${name}: the CSW header extension is cut short.`);
  } else {
    throw new UnsupportedFormatError(`${name}: CSW version ${major} is not known.`);
  }
  b.block({ kind: 'direct', description: `CSW recording at ${rate} Hz`, romTiming: false });
  cswPulses(b, decodeCswData(bytes.subarray(start), compression, name), rate, (flags & 1) !== 0, name);
  return b.finish();
}

export const cswFormat: MediaFormat<Tape> = {
  id: 'csw',
  name: 'CSW tape recording',
  extensions: ['csw'],
  kind: 'tape',
  maxBytes: 64 * 1024 * 1024,
  sniff: sniffCsw,
  parse: parseCsw,
};
