/**
 * Program images: DOS `.COM` files and MZ `.EXE` files, parsed without touching guest memory so
 * a corrupt header is a typed error before anything is loaded (fuzzed in the tests).
 *
 * MZ header fields (MS-DOS Programmer's Reference 5.0, "EXE file header"; Ralf Brown's
 * Interrupt List, INT 21h AX=4B00h, "Format of .EXE file header"): 00h 'MZ' (or 'ZM'), 02h bytes
 * in the last 512-byte page (0 = whole page), 04h pages in the file, 06h relocation count,
 * 08h header size in paragraphs, 0Ah/0Ch minimum/maximum extra paragraphs, 0Eh/10h initial SS/SP
 * (SS relative to the load segment), 12h checksum (ignored by DOS, and here), 14h/16h initial
 * IP/CS, 18h offset of the relocation table (offset, segment pairs).
 *
 * Not handled: NE/PE/LE parts of a new-style EXE are ignored (DOS runs the MZ stub, which prints
 * "This program requires Microsoft Windows"), as DOS does; overlays appended after the image are
 * left in the file for the program to read itself.
 */
import { CorruptDataError, TooLargeError, TruncatedError } from '../../cores/kernel/errors.ts';

export interface MzImage {
  readonly kind: 'exe';
  /** Load module (the bytes after the header, up to the size the header states). */
  readonly image: Uint8Array;
  /** Relocations as [offset, segment] pairs relative to the load segment. */
  readonly relocs: readonly (readonly [number, number])[];
  readonly minExtraParas: number;
  readonly maxExtraParas: number;
  readonly ss: number; readonly sp: number; readonly cs: number; readonly ip: number;
}
export interface ComImage { readonly kind: 'com'; readonly image: Uint8Array }
export type ProgramImage = MzImage | ComImage;

/** The largest .COM: 64 KB less the PSP and the initial stack word (DOS refuses larger). */
export const MAX_COM_BYTES = 0x10000 - 0x100 - 2;

const u16 = (b: Uint8Array, p: number): number => b[p]! | (b[p + 1]! << 8);

export function isMz(b: Uint8Array): boolean {
  return b.length >= 2 && ((b[0] === 0x4d && b[1] === 0x5a) || (b[0] === 0x5a && b[1] === 0x4d));
}

/** A program image by content: an MZ header makes it an EXE whatever its name, as DOS does. */
export function parseProgram(bytes: Uint8Array, name: string): ProgramImage {
  if (isMz(bytes)) return parseMz(bytes, name);
  if (bytes.length > MAX_COM_BYTES) {
    throw new TooLargeError(`${name}: a .COM program can be at most ${MAX_COM_BYTES} bytes; this one has ${bytes.length}.`);
  }
  return { kind: 'com', image: bytes };
}

export function parseMz(b: Uint8Array, name: string): MzImage {
  if (b.length < 0x1c) throw new TruncatedError(`${name}: the EXE header is cut short (${b.length} bytes).`);
  const lastPage = u16(b, 2);
  const pages = u16(b, 4);
  const nreloc = u16(b, 6);
  const hdrParas = u16(b, 8);
  const relocOff = u16(b, 0x18);
  const bad = (why: string) => new CorruptDataError(`${name}: the EXE header is damaged (${why}).`);
  if (pages === 0) throw bad('it says the file has no pages');
  if (lastPage > 512) throw bad(`${lastPage} bytes in the last page`);
  const fileSize = lastPage === 0 ? pages * 512 : (pages - 1) * 512 + lastPage;
  const hdrBytes = hdrParas * 16;
  if (hdrBytes < 0x1c) throw bad('header shorter than its fixed fields');
  if (hdrBytes > fileSize) throw bad('header larger than the file it describes');
  if (hdrBytes > b.length) throw new TruncatedError(`${name}: the file ends inside its EXE header.`);
  if (nreloc > 0 && (relocOff < 0x1c || relocOff + nreloc * 4 > Math.min(b.length, hdrBytes))) {
    throw bad('relocation table outside the header');
  }
  // DOS loads what the header states; a file shorter than that is loaded as far as it goes
  // (many packers leave the last page short), longer files carry overlays after the image.
  const end = Math.min(fileSize, b.length);
  const image = b.subarray(hdrBytes, end);
  const relocs: [number, number][] = [];
  for (let i = 0; i < nreloc; i++) relocs.push([u16(b, relocOff + i * 4), u16(b, relocOff + i * 4 + 2)]);
  return {
    kind: 'exe', image, relocs,
    minExtraParas: u16(b, 0x0a), maxExtraParas: u16(b, 0x0c),
    ss: u16(b, 0x0e), sp: u16(b, 0x10), ip: u16(b, 0x14), cs: u16(b, 0x16),
  };
}

/** Paragraphs an image needs at least (PSP included), and would like at most. */
export function memoryNeeds(p: ProgramImage): { min: number; max: number } {
  // A .COM gets the largest block; it needs its image, the PSP and the initial stack word.
  if (p.kind === 'com') return { min: (0x100 + p.image.length + 2 + 15) >> 4, max: 0xffff };
  const imageParas = 0x10 + ((p.image.length + 15) >> 4);
  return { min: imageParas + p.minExtraParas, max: Math.min(0xffff, imageParas + p.maxExtraParas) };
}
