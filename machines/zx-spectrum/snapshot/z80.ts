/**
 * Z80 snapshots (Gerton Lunter's format, versions 1, 2 and 3), 48K machines only.
 *
 * Layout (World of Spectrum FAQ "Z80 format"; Fuse libspectrum `z80.c`):
 *   v1: 30-byte header (A F C B L H PC SP I R flags E D C' B' E' D' L' H' A' F' IYl IYh IXl IXh
 *       IFF1 IFF2 mode), byte 12 bit 0 = R bit 7, bits 1-3 border, bit 5 = RAM compressed; then
 *       48 KB of RAM, compressed with `ED ED nn bb` runs and ended by 00 ED ED 00.
 *   v2/v3: PC = 0 in the v1 header, then a word giving the extra header's length (23 = v2,
 *       54 or 55 = v3), the real PC, the hardware mode (0 = 48K, 1 = 48K + Interface 1,
 *       3 = 48K + M.G.T. in v3) ..., then 16 KB pages, each with a 3-byte header
 *       (compressed length, or 0xFFFF = stored; page number): 8 = 0x4000, 4 = 0x8000, 5 = 0xC000.
 * A byte of 255 at offset 12 means 1 (old writers). 128K and SamRam snapshots are refused.
 */
import { CorruptDataError, TruncatedError, UnsupportedFormatError } from '../../../cores/kernel/errors.ts';
import type { MediaFormat } from '../../../cores/kernel/media.ts';
import { RAM_BYTES, blankCpuState, type SpectrumSnapshot } from './snapshot.ts';

const PAGE = 16384;
/** Page number -> offset in our 48 KB RAM (0x4000-based). */
const PAGE_OFFSET: Record<number, number> = { 8: 0x0000, 4: 0x4000, 5: 0x8000 };

/**
 * Expand `ED ED nn bb` runs from src[from, to) into out[at, at + want). Returns the bytes written.
 * With `v1End`, stops at the 00 ED ED 00 end marker.
 */
function expand(src: Uint8Array, from: number, to: number, out: Uint8Array, at: number, want: number, name: string): number {
  let p = from, o = at;
  const end = at + want;
  while (p < to && o < end) {
    const b = src[p]!;
    if (b === 0xed && p + 1 < to && src[p + 1] === 0xed) {
      if (p + 3 >= to) throw new TruncatedError(`${name}: a compressed run is cut short at byte ${p}.`);
      const n = src[p + 2]!, v = src[p + 3]!;
      if (o + n > end) throw new CorruptDataError(`${name}: a compressed run at byte ${p} overflows its 16 KB page.`);
      out.fill(v, o, o + n);
      o += n;
      p += 4;
    } else {
      out[o++] = b;
      p++;
    }
  }
  return o - at;
}

export function parseZ80(bytes: Uint8Array, name: string): SpectrumSnapshot {
  if (bytes.length < 30) throw new TruncatedError(`${name}: a Z80 snapshot header is 30 bytes; the file has ${bytes.length}.`);
  const h = bytes;
  const w = (o: number) => h[o]! | (h[o + 1]! << 8);
  const cpu = blankCpuState();
  const flags = h[12] === 255 ? 1 : h[12]!;
  cpu.a = h[0]!; cpu.f = h[1]!; cpu.c = h[2]!; cpu.b = h[3]!; cpu.l = h[4]!; cpu.h = h[5]!;
  cpu.sp = w(8); cpu.i = h[10]!;
  cpu.r = (h[11]! & 0x7f) | ((flags & 1) << 7);
  cpu.e = h[13]!; cpu.d = h[14]!; cpu.c_ = h[15]!; cpu.b_ = h[16]!; cpu.e_ = h[17]!; cpu.d_ = h[18]!;
  cpu.l_ = h[19]!; cpu.h_ = h[20]!; cpu.a_ = h[21]!; cpu.f_ = h[22]!;
  cpu.iy = w(23); cpu.ix = w(25);
  cpu.iff1 = h[27] !== 0; cpu.iff2 = h[28] !== 0;
  cpu.im = h[29]! & 3;
  if (cpu.im === 3) throw new CorruptDataError(`${name}: interrupt mode 3 does not exist.`);
  const border = (flags >> 1) & 7;
  const ram = new Uint8Array(RAM_BYTES);
  const pc = w(6);
  if (pc !== 0) {
    cpu.pc = pc;
    if ((flags & 0x20) !== 0) {
      const got = expand(bytes, 30, bytes.length, ram, 0, RAM_BYTES, name);
      if (got < RAM_BYTES) throw new TruncatedError(`${name}: the compressed RAM ends after ${got} of ${RAM_BYTES} bytes.`);
    } else {
      if (bytes.length < 30 + RAM_BYTES)
        throw new TruncatedError(`${name}: the RAM is cut short (${bytes.length - 30} of ${RAM_BYTES} bytes).`);
      ram.set(bytes.subarray(30, 30 + RAM_BYTES));
    }
    return { cpu, ram, border };
  }
  if (bytes.length < 34) throw new TruncatedError(`${name}: the version 2/3 header is cut short.`);
  const extra = w(30);
  const version = extra === 23 ? 2 : extra === 54 || extra === 55 ? 3 : 0;
  if (version === 0) throw new CorruptDataError(`${name}: unknown Z80 snapshot header length ${extra}.`);
  if (bytes.length < 32 + extra) throw new TruncatedError(`${name}: the version ${version} header is cut short.`);
  cpu.pc = w(32);
  const hw = h[34]!;
  const is48 = hw === 0 || hw === 1 || (version === 3 && hw === 3);
  if (!is48) throw new UnsupportedFormatError(`${name}: a snapshot of another machine (hardware mode ${hw}); this is a 48K.`);
  let p = 32 + extra;
  const seen = new Set<number>();
  while (p < bytes.length) {
    if (p + 3 > bytes.length) throw new TruncatedError(`${name}: a page header at byte ${p} is cut short.`);
    const len = w(p), page = h[p + 2]!;
    p += 3;
    const stored = len === 0xffff;
    const size = stored ? PAGE : len;
    if (p + size > bytes.length) throw new TruncatedError(`${name}: page ${page} is cut short.`);
    const off = PAGE_OFFSET[page];
    if (off !== undefined) {
      if (stored) ram.set(bytes.subarray(p, p + PAGE), off);
      else {
        const got = expand(bytes, p, p + size, ram, off, PAGE, name);
        if (got !== PAGE) throw new CorruptDataError(`${name}: page ${page} expands to ${got} bytes, not 16384.`);
      }
      seen.add(page);
    }
    p += size;
  }
  for (const page of [8, 4, 5]) if (!seen.has(page)) throw new TruncatedError(`${name}: RAM page ${page} is missing.`);
  return { cpu, ram, border };
}

/** Compress one block with the Z80 format's ED ED runs. */
export function compressZ80(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < src.length) {
    const b = src[i]!;
    let run = 1;
    while (i + run < src.length && src[i + run] === b && run < 255) run++;
    if (run >= 5 || (b === 0xed && run >= 2)) {
      out.push(0xed, 0xed, run, b);
      i += run;
    } else {
      out.push(b);
      i++;
      // The byte after a single ED is never the start of a run (format rule).
      if (b === 0xed && i < src.length) { out.push(src[i]!); i++; }
    }
  }
  return Uint8Array.from(out);
}

/** Write a version 3 snapshot (48K, compressed pages). */
export function writeZ80(snap: SpectrumSnapshot): Uint8Array {
  const c = snap.cpu;
  const head = new Uint8Array(32 + 54);
  head.set([
    c.a, c.f, c.c, c.b, c.l, c.h, 0, 0, c.sp & 0xff, c.sp >> 8, c.i, c.r & 0x7f,
    ((c.r >> 7) & 1) | ((snap.border & 7) << 1), c.e, c.d, c.c_, c.b_, c.e_, c.d_, c.l_, c.h_, c.a_, c.f_,
    c.iy & 0xff, c.iy >> 8, c.ix & 0xff, c.ix >> 8, c.iff1 ? 1 : 0, c.iff2 ? 1 : 0, c.im & 3,
    54, 0, c.pc & 0xff, c.pc >> 8, 0,
  ]);
  const parts: Uint8Array[] = [head];
  for (const page of [8, 4, 5]) {
    const off = PAGE_OFFSET[page]!;
    const data = compressZ80(snap.ram.subarray(off, off + PAGE));
    // A block that does not shrink is stored (length 0xFFFF), as the format allows.
    const stored = data.length >= PAGE;
    const body = stored ? snap.ram.slice(off, off + PAGE) : data;
    const len = stored ? 0xffff : body.length;
    parts.push(Uint8Array.from([len & 0xff, len >> 8, page]), body);
  }
  const total = parts.reduce((s, x) => s + x.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const x of parts) { out.set(x, o); o += x.length; }
  return out;
}

export const z80Format: MediaFormat<SpectrumSnapshot> = {
  id: 'z80',
  name: 'Z80 snapshot',
  extensions: ['z80'],
  kind: 'snapshot',
  maxBytes: 256 * 1024,
  parse: parseZ80,
};
