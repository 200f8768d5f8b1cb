/**
 * Amiga floppy images: the ADF format (a plain dump of 80 cylinders x 2 heads x 11 sectors x 512
 * bytes, double density; ADZ = the same gzipped) and the MFM tracks the drive head reads, built
 * from the sectors in the AmigaDOS track layout and decoded back into sectors after the guest
 * writes a track.
 *
 * AmigaDOS track (per sector, 1088 bytes of MFM): two words $AAAA (two zero bytes), two sync words
 * $4489, the info long ($FF, track, sector, sectors to the gap) split into odd and even bits, 16
 * bytes of label (odd/even), the header checksum and the data checksum (XOR of the odd/even longs,
 * masked with $55555555), then the 512 data bytes as 128 odd-bit longs followed by 128 even-bit
 * longs. Eleven sectors, then a gap of $AAAA words to the end of the track. Clock bits follow MFM:
 * a clock bit is 1 only between two data bits that are both 0.
 *
 * Not emulated: HD disks (22 sectors), extended ADF (raw MFM tracks), non-DOS tracks in ADFs.
 *
 * Sources: Amiga Hardware Reference Manual chapter 8 ("Disk controller", MFM); the AmigaDOS
 * Technical Reference Manual, "Disk format" (sector header, checksums).
 */
import { CorruptDataError, TruncatedError } from '../../cores/kernel/errors.ts';
import type { MediaFormat } from '../../cores/kernel/media.ts';
import { gunzip, isGzip } from '../../cores/kernel/archive/index.ts';

export const ADF_BYTES = 901_120;
export const SECTORS = 11;
export const TRACKS = 160;
/** MFM words per track: 11 sectors of 544 words and a gap (a 300 rpm track at 2 us per bit holds about 6,250). */
export const TRACK_WORDS = 6_334;
const SECTOR_WORDS = 544;

export interface AdfDisk {
  /** The 901,120 bytes, as loaded (the drive copies on write). */
  readonly bytes: Uint8Array;
  /** It came gzipped (ADZ). */
  readonly gzipped: boolean;
}

function parseAdf(bytes: Uint8Array, name: string): AdfDisk {
  let data = bytes;
  const gz = isGzip(bytes);
  if (gz) data = gunzip(bytes, name, 4 * ADF_BYTES).data;
  if (data.length < ADF_BYTES) throw new TruncatedError(`${name}: an ADF disk image is ${ADF_BYTES} bytes; this one is ${data.length} (truncated?).`);
  if (data.length !== ADF_BYTES)
    throw new CorruptDataError(`${name}: ${data.length} bytes is not a double-density ADF (${ADF_BYTES} bytes); HD and extended ADFs are not supported.`);
  return { bytes: data, gzipped: gz };
}

export const adfFormat: MediaFormat<AdfDisk> = {
  id: 'adf', name: 'Amiga disk image (ADF/ADZ)', extensions: ['adf', 'adz'], kind: 'disk', maxBytes: 4 * ADF_BYTES,
  parse: parseAdf,
};

/** Add MFM clock bits to `n` words of data bits (in the $5555 positions), `prev` = the data bit before. */
function addClocks(words: Uint16Array, from: number, to: number, prevBit: number): void {
  let prev = prevBit;
  for (let i = from; i < to; i++) {
    const d = words[i]! & 0x5555;
    // Clock bit b (odd positions) is 1 when the data bits before (b+1, or the previous word's
    // last) and after (b-1) are both 0.
    const before = (d >> 1) | (prev << 15);
    const after = d << 1;
    words[i] = d | (~(before | after) & 0xaaaa);
    prev = d & 1;
  }
}

/** Odd and even halves of a long (the odd bits shifted down), as AmigaDOS stores them. */
function putLong(w: Uint16Array, at: number, odd: number, even: number): void {
  w[at] = (odd >>> 16) & 0x5555;
  w[at + 1] = odd & 0x5555;
  w[at + 2] = (even >>> 16) & 0x5555;
  w[at + 3] = even & 0x5555;
}

/** The MFM words of track `track` (cylinder * 2 + head) of an ADF image. */
export function encodeTrack(adf: Uint8Array, track: number, out: Uint16Array = new Uint16Array(TRACK_WORDS)): Uint16Array {
  out.fill(0);
  for (let s = 0; s < SECTORS; s++) {
    const w = s * SECTOR_WORDS;
    // Preamble (data 0) and two sync words; the sync words have their clocks already (a missing
    // clock bit makes $4489 unlike any data).
    out[w] = 0; out[w + 1] = 0;
    const info = (0xff << 24) | (track << 16) | (s << 8) | (SECTORS - s);
    putLong(out, w + 4, (info >>> 1) & 0x55555555, info & 0x55555555);
    // Label: 16 zero bytes, odd longs then even longs (already zero).
    let hsum = 0;
    hsum ^= (info >>> 1) & 0x55555555;
    hsum ^= info & 0x55555555;
    putLong(out, w + 24, (hsum >>> 1) & 0x55555555, hsum & 0x55555555);
    const base = (track * SECTORS + s) * 512;
    let dsum = 0;
    for (let i = 0; i < 128; i++) {
      const p = base + 4 * i;
      const v = ((adf[p]! << 24) | (adf[p + 1]! << 16) | (adf[p + 2]! << 8) | adf[p + 3]!) >>> 0;
      const odd = (v >>> 1) & 0x55555555, even = v & 0x55555555;
      out[w + 32 + 2 * i] = odd >>> 16;
      out[w + 33 + 2 * i] = odd & 0xffff;
      out[w + 288 + 2 * i] = even >>> 16;
      out[w + 289 + 2 * i] = even & 0xffff;
      dsum ^= odd ^ even;
    }
    putLong(out, w + 28, (dsum >>> 1) & 0x55555555, dsum & 0x55555555);
  }
  // Clock bits everywhere, then the sync words (which break the clock rule on purpose).
  addClocks(out, 0, TRACK_WORDS, 0);
  for (let s = 0; s < SECTORS; s++) { out[s * SECTOR_WORDS + 2] = 0x4489; out[s * SECTOR_WORDS + 3] = 0x4489; }
  // The word after a sync: its first clock bit depends on the sync's last data bit (1).
  for (let s = 0; s < SECTORS; s++) {
    const i = s * SECTOR_WORDS + 4;
    out[i] = out[i]! & 0x7fff;
  }
  return out;
}

/**
 * Decode the sectors found in an MFM track (as written by the guest) into `adf`. Returns the
 * number of sectors whose header named this track and whose data checksum matched.
 */
export function decodeTrack(mfm: Uint16Array, track: number, adf: Uint8Array): number {
  const n = mfm.length;
  const word = (i: number) => mfm[i % n]!;
  const long = (i: number) => ((word(i) << 16) | word(i + 1)) >>> 0;
  const pair = (i: number, gap: number) => ((((long(i) & 0x55555555) << 1) | (long(i + gap) & 0x55555555)) >>> 0);
  let found = 0;
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (word(i) !== 0x4489) continue;
    let j = i + 1;
    if (word(j) === 0x4489) j++;
    const info = pair(j, 2);
    const format = info >>> 24, trk = (info >>> 16) & 0xff, sec = (info >>> 8) & 0xff;
    if (format !== 0xff || trk !== track || sec >= SECTORS || seen.has(sec)) continue;
    const dsum = pair(j + 24, 2);
    let sum = 0;
    const data = new Uint8Array(512);
    for (let k = 0; k < 128; k++) {
      const odd = long(j + 28 + 2 * k) & 0x55555555, even = long(j + 28 + 256 + 2 * k) & 0x55555555;
      sum ^= odd ^ even;
      const v = ((odd << 1) | even) >>> 0;
      data[4 * k] = v >>> 24; data[4 * k + 1] = v >>> 16; data[4 * k + 2] = v >>> 8; data[4 * k + 3] = v;
    }
    if ((sum >>> 0) !== dsum) continue;
    adf.set(data, (track * SECTORS + sec) * 512);
    seen.add(sec);
    found++;
    i = j + 28 + 512;
  }
  return found;
}
