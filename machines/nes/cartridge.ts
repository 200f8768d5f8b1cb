/**
 * NES cartridge images: the iNES and NES 2.0 formats (nesdev wiki "INES", "NES 2.0").
 *
 * A 16-byte header ("NES" $1A), an optional 512-byte trainer, PRG ROM, then CHR ROM. iNES gives
 * sizes in 16 KiB (PRG) and 8 KiB (CHR) units and an 8-bit mapper number; NES 2.0 (byte 7 bits 2-3
 * = 2) adds a 12-bit mapper, a submapper, exponent-multiplier sizes, PRG-RAM / CHR-RAM sizes and
 * the timing (NTSC/PAL/multi/Dendy). Old iNES headers with junk in bytes 12-15 ("DiskDude!")
 * have their upper mapper nibble ignored, as emulators have long done.
 *
 * Not handled: Vs. System / PlayChoice data, misc ROMs after CHR, UNIF and FDS images.
 * Errors are typed (cores/kernel/errors.ts): a truncated image, a bad header, a mapper we do not
 * emulate (the message names the mapper).
 */
import { CorruptDataError, TruncatedError, UnsupportedFormatError } from '../../cores/kernel/errors.ts';
import type { MediaFormat } from '../../cores/kernel/media.ts';
import { NES_MAX_CART_BYTES } from './info.ts';

/** How the two 1 KiB nametables of the console (CIRAM) appear in the four PPU nametable slots. */
export const enum Mirroring {
  /** $2000=$2400, $2800=$2C00 (vertical arrangement, horizontal scrolling games use vertical). */
  Horizontal = 0,
  Vertical = 1,
  SingleA = 2,
  SingleB = 3,
  FourScreen = 4,
}

export type Timing = 'ntsc' | 'pal' | 'multi' | 'dendy';

export interface Cartridge {
  readonly mapper: number;
  readonly submapper: number;
  readonly prg: Uint8Array;
  /** CHR ROM; empty when the board has CHR RAM. */
  readonly chr: Uint8Array;
  /** CHR RAM size in bytes (0 when CHR ROM). */
  readonly chrRamBytes: number;
  /** PRG RAM ($6000-$7FFF) size in bytes, battery-backed or not. */
  readonly prgRamBytes: number;
  readonly battery: boolean;
  readonly mirroring: Mirroring;
  readonly timing: Timing;
  readonly nes2: boolean;
  readonly trainer: Uint8Array | null;
  /** Battery RAM contents saved with the image (see withBatteryRam), or null. */
  readonly batteryRam: Uint8Array | null;
}

/**
 * Battery-backed PRG RAM travels with the cartridge image as a trailer after the iNES data:
 * the RAM bytes, their length (32-bit little-endian), then this 16-byte signature. Other
 * emulators read the file as the plain cartridge (they ignore bytes past CHR ROM). The page keeps
 * the written image (Machine.writtenMedia) and puts it back in on reload, so saves survive.
 */
const SAVE_MAGIC = 'AMALGAM-NES-SAVE';

function saveTrailer(bytes: Uint8Array): { cart: Uint8Array; ram: Uint8Array | null } {
  const n = bytes.length;
  if (n < 20 + HEADER) return { cart: bytes, ram: null };
  for (let i = 0; i < 16; i++) if (bytes[n - 16 + i] !== SAVE_MAGIC.charCodeAt(i)) return { cart: bytes, ram: null };
  const len = (bytes[n - 20]! | (bytes[n - 19]! << 8) | (bytes[n - 18]! << 16) | (bytes[n - 17]! << 24)) >>> 0;
  if (len > n - 20 - HEADER) throw new CorruptDataError('the battery RAM saved with this cartridge image is damaged.');
  return { cart: bytes.subarray(0, n - 20 - len), ram: bytes.slice(n - 20 - len, n - 20) };
}

/** The cartridge image (without any earlier trailer) followed by `ram` as a save trailer. */
export function withBatteryRam(image: Uint8Array, ram: Uint8Array): Uint8Array {
  const cart = saveTrailer(image).cart;
  const out = new Uint8Array(cart.length + ram.length + 20);
  out.set(cart);
  out.set(ram, cart.length);
  const p = cart.length + ram.length;
  out[p] = ram.length & 0xff; out[p + 1] = (ram.length >> 8) & 0xff; out[p + 2] = (ram.length >> 16) & 0xff; out[p + 3] = ram.length >>> 24;
  for (let i = 0; i < 16; i++) out[p + 4 + i] = SAVE_MAGIC.charCodeAt(i);
  return out;
}

/** Mapper numbers we emulate, with the board names people know them by. */
export const MAPPER_NAMES: Readonly<Record<number, string>> = {
  0: 'NROM', 1: 'MMC1 (SxROM)', 2: 'UxROM', 3: 'CNROM', 4: 'MMC3 (TxROM)', 7: 'AxROM',
  9: 'MMC2 (PxROM)', 10: 'MMC4 (FxROM)', 11: 'Color Dreams', 66: 'GxROM', 71: 'Camerica BF909x',
};

/** A few well-known mappers we do not emulate, so the error says what the cartridge is. */
const OTHER_MAPPER_NAMES: Readonly<Record<number, string>> = {
  5: 'MMC5 (ExROM)', 13: 'CPROM', 16: 'Bandai FCG', 19: 'Namco 163', 21: 'Konami VRC4', 23: 'Konami VRC2/4',
  24: 'Konami VRC6', 25: 'Konami VRC4', 26: 'Konami VRC6', 69: 'Sunsoft FME-7', 85: 'Konami VRC7',
};

const HEADER = 16;
const TRAINER = 512;
export const MAX_CART_BYTES = NES_MAX_CART_BYTES;

export function isInes(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x4e && bytes[1] === 0x45 && bytes[2] === 0x53 && bytes[3] === 0x1a;
}

/** NES 2.0 ROM size: a count of units, or (MSB nibble $F) 2^E * (MM*2+1) bytes. */
function romSize(lsb: number, msb: number, unit: number): number {
  if (msb === 0xf) {
    const e = lsb >> 2, mm = lsb & 3;
    return 2 ** e * (mm * 2 + 1);
  }
  return ((msb << 8) | lsb) * unit;
}

function shiftSize(n: number): number {
  return n === 0 ? 0 : 64 << n;
}

export function parseCartridge(file: Uint8Array, name: string): Cartridge {
  if (file.length < HEADER) throw new TruncatedError(`${name}: ${file.length} bytes is too short for an NES header (16 bytes).`);
  const { cart: bytes, ram: batteryRam } = saveTrailer(file);
  if (bytes.length < HEADER) throw new TruncatedError(`${name}: ${bytes.length} bytes is too short for an NES header (16 bytes).`);
  if (!isInes(bytes)) throw new UnsupportedFormatError(`${name}: not an iNES file (it does not start with "NES" and $1A).`);
  const f6 = bytes[6]!, f7 = bytes[7]!;
  const nes2 = (f7 & 0x0c) === 0x08;
  let mapper: number, submapper = 0, prgBytes: number, chrBytes: number, prgRamBytes: number, chrRamBytes: number;
  let timing: Timing = 'ntsc';
  if (nes2) {
    mapper = (f6 >> 4) | (f7 & 0xf0) | ((bytes[8]! & 0x0f) << 8);
    submapper = bytes[8]! >> 4;
    prgBytes = romSize(bytes[4]!, bytes[9]! & 0x0f, 0x4000);
    chrBytes = romSize(bytes[5]!, bytes[9]! >> 4, 0x2000);
    prgRamBytes = shiftSize(bytes[10]! & 0x0f) + shiftSize(bytes[10]! >> 4);
    chrRamBytes = shiftSize(bytes[11]! & 0x0f) + shiftSize(bytes[11]! >> 4);
    timing = (['ntsc', 'pal', 'multi', 'dendy'] as const)[bytes[12]! & 3]!;
  } else {
    // Bytes 12-15 should be zero; if not, byte 7 is probably junk too (an old ripper's signature).
    const junk = bytes[12] !== 0 || bytes[13] !== 0 || bytes[14] !== 0 || bytes[15] !== 0;
    mapper = (f6 >> 4) | (junk ? 0 : f7 & 0xf0);
    prgBytes = bytes[4]! * 0x4000;
    chrBytes = bytes[5]! * 0x2000;
    // iNES byte 8 (PRG RAM in 8 KiB units, 0 meaning 8 KiB) is rarely right: give every board 8 KiB.
    prgRamBytes = 0x2000;
    chrRamBytes = chrBytes === 0 ? 0x2000 : 0;
    if (!junk && (bytes[9]! & 1) === 1) timing = 'pal';
  }
  if (prgBytes === 0) throw new CorruptDataError(`${name}: the header says the cartridge has no PRG ROM.`);
  const trainer = (f6 & 4) !== 0;
  const need = HEADER + (trainer ? TRAINER : 0) + prgBytes + chrBytes;
  if (bytes.length < need)
    throw new TruncatedError(`${name}: the header promises ${prgBytes / 1024} KiB PRG + ${chrBytes / 1024} KiB CHR ` +
      `(${need} bytes with the header) but the file has ${bytes.length} bytes.`);
  if (!(mapper in MAPPER_NAMES)) {
    const known = OTHER_MAPPER_NAMES[mapper];
    throw new UnsupportedFormatError(`${name}: mapper ${mapper}${known ? ` (${known})` : ''} is not emulated ` +
      `(supported: ${Object.entries(MAPPER_NAMES).map(([n, b]) => `${n} ${b}`).join(', ')}).`);
  }
  let p = HEADER;
  const trainerBytes = trainer ? bytes.slice(p, p + TRAINER) : null;
  if (trainer) p += TRAINER;
  const prg = bytes.slice(p, p + prgBytes);
  p += prgBytes;
  const chr = bytes.slice(p, p + chrBytes);
  if (chrBytes === 0 && chrRamBytes === 0) chrRamBytes = 0x2000;
  let mirroring = (f6 & 8) !== 0 ? Mirroring.FourScreen : (f6 & 1) !== 0 ? Mirroring.Vertical : Mirroring.Horizontal;
  if (mapper === 7) mirroring = Mirroring.SingleA;
  return {
    mapper, submapper, prg, chr, chrRamBytes, prgRamBytes, battery: (f6 & 2) !== 0, mirroring, timing, nes2,
    trainer: trainerBytes, batteryRam,
  };
}

export const inesFormat: MediaFormat<Cartridge> = {
  id: 'ines',
  name: 'iNES / NES 2.0 cartridge image',
  extensions: ['nes'],
  kind: 'cartridge',
  maxBytes: MAX_CART_BYTES,
  sniff: isInes,
  parse: parseCartridge,
};
