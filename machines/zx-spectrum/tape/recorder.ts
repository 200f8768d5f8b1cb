/**
 * Saving to tape: blocks the ROM's SA-BYTES writes (trapped, so nothing is recorded from MIC) are
 * appended to the tape in the deck, so LOAD finds them, and the changed tape is offered back as a
 * complete file in the format it came in (TAP blocks, or TZX standard-speed blocks 0x10 with a
 * 1 s pause), for `Machine.writtenMedia`. With no tape in, or a CSW recording in, the saved blocks
 * make a new `saved.tap`.
 */
import type { Tape } from './pulses.ts';
import { parseTap } from './tap.ts';
import { parseTzx } from './tzx.ts';

export interface TapeImage {
  name: string;
  /** 'tap' or 'tzx'. */
  format: string;
  bytes: Uint8Array;
}

export class TapeRecorder {
  /** The file that was inserted, when blocks can be appended to it. */
  original: TapeImage | null = null;
  /** Blocks saved since (flag, payload, checksum). */
  saved: Uint8Array[] = [];

  insert(name: string, format: string, bytes: Uint8Array): void {
    this.original = format === 'tap' || format === 'tzx' ? { name, format, bytes } : null;
    this.saved = [];
  }

  /** The tape file as it is now: the original with the saved blocks appended, or null if nothing was saved. */
  image(): TapeImage | null {
    if (this.saved.length === 0) return null;
    const base = this.original ?? { name: 'saved.tap', format: 'tap', bytes: new Uint8Array(0) };
    const tzx = base.format === 'tzx';
    const parts: number[][] = [];
    for (const b of this.saved) {
      const len = [b.length & 0xff, b.length >> 8];
      parts.push(tzx ? [0x10, 0xe8, 0x03, ...len] : len, [...b]);
    }
    const extra = parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(base.bytes.length + extra);
    out.set(base.bytes);
    let o = base.bytes.length;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return { name: base.name, format: base.format, bytes: out };
  }

  /** The tape to put in the deck now (original plus saved blocks), or null if nothing was saved. */
  tape(): Tape | null {
    const img = this.image();
    if (img === null) return null;
    return img.format === 'tzx' ? parseTzx(img.bytes, img.name) : parseTap(img.bytes, img.name);
  }

  /**
   * Which of the tape's data blocks LOAD should meet first after a save: the header of the program
   * just saved (or the last block, when it had none), counted from the end.
   */
  rewindBlocksFromEnd(): number {
    const n = this.saved.length;
    const last = this.saved[n - 1]!;
    const prev = this.saved[n - 2];
    return last[0]! >= 0x80 && prev !== undefined && prev[0]! < 0x80 && prev.length === 19 ? 2 : 1;
  }
}

/** A ROM-format block: flag, bytes, XOR checksum of both. */
export function romBlock(flag: number, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 2);
  out[0] = flag;
  out.set(bytes, 1);
  let x = flag;
  for (const b of bytes) x ^= b;
  out[out.length - 1] = x;
  return out;
}
