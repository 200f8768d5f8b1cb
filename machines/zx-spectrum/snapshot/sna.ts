/**
 * SNA snapshots (48K): a 27-byte register header and the 48 KB of RAM, 49,179 bytes in all. The PC
 * is not in the header: it is on the stack, as the snapshot was taken inside an interrupt, so the
 * loader pops it (and the writer pushes it, into the file's copy of RAM).
 *
 * Header (World of Spectrum FAQ, "SNA format"; Fuse libspectrum `sna.c`):
 *   0 I, 1 HL', 3 DE', 5 BC', 7 AF', 9 HL, 11 DE, 13 BC, 15 IY, 17 IX, 19 IFF2 in bit 2,
 *   20 R, 21 AF, 23 SP, 25 interrupt mode, 26 border colour. Words are little-endian; AF's low
 *   byte is F. 128K SNA files (131,103 or 147,487 bytes) are refused.
 */
import { CorruptDataError, TruncatedError, UnsupportedFormatError } from '../../../cores/kernel/errors.ts';
import type { MediaFormat } from '../../../cores/kernel/media.ts';
import { RAM_BYTES, blankCpuState, type SpectrumSnapshot } from './snapshot.ts';

export const SNA_BYTES = 27 + RAM_BYTES;

export function parseSna(bytes: Uint8Array, name: string): SpectrumSnapshot {
  if (bytes.length === 131103 || bytes.length === 147487)
    throw new UnsupportedFormatError(`${name}: a 128K SNA snapshot; this machine is a 48K.`);
  if (bytes.length < SNA_BYTES)
    throw new TruncatedError(`${name}: an SNA snapshot is ${SNA_BYTES} bytes; this one has ${bytes.length}.`);
  if (bytes.length > SNA_BYTES)
    throw new CorruptDataError(`${name}: an SNA snapshot is ${SNA_BYTES} bytes; this one has ${bytes.length}.`);
  const h = bytes;
  const w = (o: number) => h[o]! | (h[o + 1]! << 8);
  const im = h[25]!;
  if (im > 2) throw new CorruptDataError(`${name}: interrupt mode ${im} is not 0, 1 or 2.`);
  const ram = bytes.slice(27, 27 + RAM_BYTES);
  const cpu = blankCpuState();
  cpu.i = h[0]!;
  cpu.l_ = h[1]!; cpu.h_ = h[2]!; cpu.e_ = h[3]!; cpu.d_ = h[4]!; cpu.c_ = h[5]!; cpu.b_ = h[6]!;
  cpu.f_ = h[7]!; cpu.a_ = h[8]!;
  cpu.l = h[9]!; cpu.h = h[10]!; cpu.e = h[11]!; cpu.d = h[12]!; cpu.c = h[13]!; cpu.b = h[14]!;
  cpu.iy = w(15); cpu.ix = w(17);
  cpu.iff2 = (h[19]! & 4) !== 0;
  cpu.iff1 = cpu.iff2;
  cpu.r = h[20]!;
  cpu.f = h[21]!; cpu.a = h[22]!;
  let sp = w(23);
  cpu.im = im;
  // RETN: pop PC from the stack (which may wrap or sit in ROM; the ROM bytes are not in the file).
  const at = (addr: number) => (addr >= 0x4000 ? ram[addr - 0x4000]! : 0xff);
  cpu.pc = at(sp) | (at((sp + 1) & 0xffff) << 8);
  sp = (sp + 2) & 0xffff;
  cpu.sp = sp;
  return { cpu, ram, border: h[26]! & 7 };
}

/** Write a snapshot as SNA: PC is pushed onto the stack in the file's copy of RAM. */
export function writeSna(snap: SpectrumSnapshot): Uint8Array {
  const out = new Uint8Array(SNA_BYTES);
  const c = snap.cpu;
  const ram = snap.ram.slice();
  const sp = (c.sp - 2) & 0xffff;
  const put = (addr: number, v: number) => { if (addr >= 0x4000) ram[addr - 0x4000] = v; };
  put(sp, c.pc & 0xff);
  put((sp + 1) & 0xffff, c.pc >> 8);
  const h = [
    c.i, c.l_, c.h_, c.e_, c.d_, c.c_, c.b_, c.f_, c.a_, c.l, c.h, c.e, c.d, c.c, c.b,
    c.iy & 0xff, c.iy >> 8, c.ix & 0xff, c.ix >> 8, c.iff2 ? 4 : 0, c.r, c.f, c.a, sp & 0xff, sp >> 8, c.im, snap.border & 7,
  ];
  out.set(h, 0);
  out.set(ram, 27);
  return out;
}

export const snaFormat: MediaFormat<SpectrumSnapshot> = {
  id: 'sna',
  name: 'SNA snapshot',
  extensions: ['sna'],
  kind: 'snapshot',
  maxBytes: 147487,
  parse: parseSna,
};
