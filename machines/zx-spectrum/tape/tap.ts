/**
 * TAP tape images: the bytes the ROM's SA-BYTES wrote, block by block, each as a 16-bit
 * little-endian length and then that many bytes (flag, payload, XOR checksum). No timing is stored:
 * every block plays at ROM speed with a 1 s pause after it (the usual convention; Fuse
 * `libspectrum/tap.c` does the same). A bad checksum is kept, not refused: the ROM itself reports
 * "Tape loading error", which is what a person with that tape would see, and some protection
 * schemes store deliberately odd blocks.
 *
 * Reference: the "TAP format" section of the Fuse/libspectrum documentation and the World of
 * Spectrum FAQ (file formats).
 */
import { CorruptDataError, EmptyFileError, TruncatedError } from '../../../cores/kernel/errors.ts';
import type { MediaFormat } from '../../../cores/kernel/media.ts';
import { PulseBuilder, standardBlock, type Tape } from './pulses.ts';

export function parseTap(bytes: Uint8Array, name: string): Tape {
  if (bytes.length === 0) throw new EmptyFileError(`${name} is empty.`);
  const b = new PulseBuilder(name);
  let p = 0;
  while (p < bytes.length) {
    if (p + 2 > bytes.length)
      throw new TruncatedError(`${name}: cut short at byte ${p} (a block length needs 2 bytes, ${bytes.length - p} left).`);
    const len = bytes[p]! | (bytes[p + 1]! << 8);
    p += 2;
    if (len === 0) throw new CorruptDataError(`${name}: block at byte ${p - 2} has length 0.`);
    if (p + len > bytes.length)
      throw new TruncatedError(`${name}: the block at byte ${p - 2} says ${len} bytes but only ${bytes.length - p} remain.`);
    standardBlock(b, bytes.slice(p, p + len), 1000);
    p += len;
  }
  return b.finish();
}

export const tapFormat: MediaFormat<Tape> = {
  id: 'tap',
  name: 'TAP tape image',
  extensions: ['tap'],
  kind: 'tape',
  maxBytes: 16 * 1024 * 1024,
  parse: parseTap,
};
