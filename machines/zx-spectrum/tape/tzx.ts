/**
 * TZX tape images (format v1.xx, "ZXTape!" signature): blocks that describe pulses exactly, so
 * turbo and custom loaders play as recorded. Compiled to the flat pulse list in `pulses.ts`, with
 * loops, jumps and call sequences unrolled (a bound on the pulse count stops a tape that would
 * play forever).
 *
 * Blocks handled (TZX specification v1.20, World of Spectrum / worldofspectrum.net "TZX format"):
 *   0x10 standard speed data   0x11 turbo speed data    0x12 pure tone      0x13 pulse sequence
 *   0x14 pure data             0x15 direct recording    0x20 pause / stop   0x21/0x22 group
 *   0x23 jump                  0x24/0x25 loop           0x26/0x27 call/return
 *   0x28 select block (ignored: plays on)               0x2A stop the tape if in 48K mode
 *   0x2B set signal level      0x30 text   0x31 message  0x32 archive info  0x33 hardware type
 *   0x35 custom info           0x5A glue
 *   0x18 CSW recording (RLE or Z-RLE, see csw.ts)
 *   0x19 generalized data (symbol tables for pilot/sync and data, any bits per symbol)
 * Any other id has no known length, so the file is refused.
 */
import { CorruptDataError, TooLargeError, TruncatedError, UnsupportedFormatError } from '../../../cores/kernel/errors.ts';
import type { MediaFormat } from '../../../cores/kernel/media.ts';
import { cswPulses, decodeCswData } from './csw.ts';
import {
  DATA_PILOT_COUNT, HEADER_PILOT_COUNT, MAX_PULSES, PulseBuilder, PulseKind, T_PER_MS, describeData, standardBlock, type Tape,
} from './pulses.ts';

const SIGNATURE = [0x5a, 0x58, 0x54, 0x61, 0x70, 0x65, 0x21, 0x1a]; // "ZXTape!" EOF

/** Work any tape may take (as much as the pulse limit), plus work per byte of input (every bit of the file, twice). */
const WORK_BASE = MAX_PULSES;
const WORK_PER_BYTE = 16;

/** The work budget of one compile (see the header). */
class Budget {
  private left: number;
  constructor(inputBytes: number, private readonly name: string) {
    this.left = WORK_BASE + WORK_PER_BYTE * inputBytes;
  }
  spend(n: number): void {
    this.left -= n;
    if (this.left < 0) throw new TooLargeError(`${this.name}: the tape takes too much work to play (its loops repeat blocks without end?); refusing it.`);
  }
}

interface RawBlock {
  id: number;
  /** Offset of the block body (after the id byte). */
  at: number;
  /** Length of the body. */
  len: number;
}

export function sniffTzx(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((v, i) => bytes[i] === v);
}

/** Body length of block `id` starting at `p`, reading the length fields it carries. */
function bodyLength(id: number, d: Uint8Array, p: number, name: string): number {
  const need = (n: number) => {
    if (p + n > d.length) throw new TruncatedError(`${name}: block 0x${id.toString(16)} at byte ${p - 1} is cut short.`);
  };
  const w = (o: number) => { need(o + 2); return d[p + o]! | (d[p + o + 1]! << 8); };
  const t = (o: number) => { need(o + 3); return d[p + o]! | (d[p + o + 1]! << 8) | (d[p + o + 2]! << 16); };
  const dw = (o: number) => { need(o + 4); return (d[p + o]! | (d[p + o + 1]! << 8) | (d[p + o + 2]! << 16)) + d[p + o + 3]! * 0x1000000; };
  const b = (o: number) => { need(o + 1); return d[p + o]!; };
  switch (id) {
    case 0x10: return 4 + w(2);
    case 0x11: return 18 + t(15);
    case 0x12: return 4;
    case 0x13: return 1 + 2 * b(0);
    case 0x14: return 10 + t(7);
    case 0x15: return 8 + t(5);
    case 0x18: case 0x19: return 4 + dw(0);
    case 0x20: case 0x23: case 0x24: return 2;
    case 0x21: return 1 + b(0);
    case 0x22: case 0x25: case 0x27: return 0;
    case 0x26: return 2 + 2 * w(0);
    case 0x28: case 0x32: return 2 + w(0);
    case 0x2a: case 0x2b: return 4 + dw(0);
    case 0x30: return 1 + b(0);
    case 0x31: return 2 + b(1);
    case 0x33: return 1 + 3 * b(0);
    case 0x35: return 20 + dw(16);
    case 0x5a: return 9;
    default:
      throw new UnsupportedFormatError(`${name}: TZX block type 0x${id.toString(16)} at byte ${p - 1} is not known, so the rest cannot be read.`);
  }
}

export function parseTzx(bytes: Uint8Array, name: string): Tape {
  if (!sniffTzx(bytes)) throw new CorruptDataError(`${name}: not a TZX file (no "ZXTape!" signature).`);
  if (bytes.length < 10) throw new TruncatedError(`${name}: the TZX header is cut short.`);
  if (bytes[8] !== 1) throw new UnsupportedFormatError(`${name}: TZX major version ${bytes[8]} (only version 1 is known).`);
  const raw: RawBlock[] = [];
  let p = 10;
  while (p < bytes.length) {
    const id = bytes[p]!;
    const len = bodyLength(id, bytes, p + 1, name);
    if (p + 1 + len > bytes.length)
      throw new TruncatedError(`${name}: block 0x${id.toString(16)} at byte ${p} needs ${len} bytes, ${bytes.length - p - 1} remain.`);
    raw.push({ id, at: p + 1, len });
    p += 1 + len;
  }
  return compile(raw, bytes, name);
}

function compile(raw: readonly RawBlock[], d: Uint8Array, name: string): Tape {
  const b = new PulseBuilder(name);
  const budget = new Budget(d.length, name);
  const w = (o: number) => d[o]! | (d[o + 1]! << 8);
  const t = (o: number) => d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16);
  const loops: { start: number; left: number }[] = [];
  const calls: { seq: number[]; next: number; ret: number }[] = [];
  let level = 0;
  let i = 0;
  // Bounded: a malicious jump/loop structure stops at the pulse limit or after this many steps.
  let steps = 0;
  const maxSteps = 1_000_000;
  while (i < raw.length) {
    if (++steps > maxSteps) throw new CorruptDataError(`${name}: the tape's jumps and loops never end.`);
    const { id, at } = raw[i]!;
    // Every block costs at least its size in work, so looping even an empty-looking block is paid for.
    budget.spend(1 + raw[i]!.len);
    let next = i + 1;
    switch (id) {
      case 0x10: {
        const len = w(at + 2);
        standardBlock(b, d.slice(at + 4, at + 4 + len), w(at));
        break;
      }
      case 0x11: {
        const len = t(at + 15);
        const data = d.slice(at + 18, at + 18 + len);
        const pilot = w(at), s1 = w(at + 2), s2 = w(at + 4), zero = w(at + 6), one = w(at + 8);
        const pilotCount = w(at + 10), lastBits = clampBits(d[at + 12]!);
        const rom = pilot === 2168 && s1 === 667 && s2 === 735 && zero === 855 && one === 1710 && lastBits === 8 &&
          pilotCount === (data[0] !== undefined && data[0] < 128 ? HEADER_PILOT_COUNT : DATA_PILOT_COUNT);
        b.block({ kind: 'turbo', description: describeData(data), data, romTiming: rom });
        b.tone(pilot, pilotCount);
        b.push(PulseKind.Toggle, s1);
        b.push(PulseKind.Toggle, s2);
        b.data(data, zero, one, lastBits);
        b.pause(w(at + 13));
        break;
      }
      case 0x12:
        b.block({ kind: 'tone', description: `Tone: ${w(at + 2)} x ${w(at)} T`, romTiming: false });
        b.tone(w(at), w(at + 2));
        break;
      case 0x13: {
        const n = d[at]!;
        b.block({ kind: 'pulses', description: `Pulses: ${n}`, romTiming: false });
        for (let k = 0; k < n; k++) b.push(PulseKind.Toggle, w(at + 1 + 2 * k));
        break;
      }
      case 0x14: {
        const len = t(at + 7);
        const data = d.slice(at + 10, at + 10 + len);
        b.block({ kind: 'pure-data', description: describeData(data), data, romTiming: false });
        b.data(data, w(at), w(at + 2), clampBits(d[at + 4]!));
        b.pause(w(at + 5));
        break;
      }
      case 0x15: {
        // Direct recording: one bit per sample, 1 = high; each run of equal bits becomes one pulse.
        const tps = w(at), pause = w(at + 2), lastBits = clampBits(d[at + 4]!), len = t(at + 5);
        b.block({ kind: 'direct', description: `Direct recording: ${len} bytes`, romTiming: false });
        // Every bit is a step, whether or not it ends a pulse.
        budget.spend(len * 8);
        let runLevel = -1, run = 0;
        for (let k = 0; k < len; k++) {
          const byte = d[at + 8 + k]!;
          const bits = k === len - 1 ? lastBits : 8;
          for (let j = 0; j < bits; j++) {
            const lv = (byte >> (7 - j)) & 1;
            if (lv !== runLevel) {
              if (run > 0) b.push(runLevel ? PulseKind.High : PulseKind.Low, run);
              runLevel = lv;
              run = 0;
            }
            run += tps;
          }
        }
        if (run > 0) b.push(runLevel ? PulseKind.High : PulseKind.Low, run);
        b.pause(pause);
        break;
      }
      case 0x19:
        generalized(b, d, at, raw[i]!.len, name, budget);
        break;
      case 0x18: {
        // CSW recording: pause, 24-bit sample rate, compression, pulse count, CSW v2 pulse data.
        const len = raw[i]!.len;
        if (len < 14) throw new CorruptDataError(`${name}: CSW block ${i} is too short.`);
        const rate = t(at + 6), compression = d[at + 9]!;
        b.block({ kind: 'direct', description: `CSW recording at ${rate} Hz`, romTiming: false });
        const rle = decodeCswData(d.subarray(at + 14, at + len), compression, name);
        budget.spend(rle.length);
        cswPulses(b, rle, rate, false, name);
        b.pause(w(at + 4));
        break;
      }
      case 0x20: {
        const ms = w(at);
        b.block({ kind: 'pause', description: ms === 0 ? 'Stop the tape' : `Pause ${ms} ms`, romTiming: false });
        if (ms === 0) b.stop(); else { b.push(PulseKind.Low, ms * T_PER_MS); }
        break;
      }
      case 0x23: {
        const rel = (w(at) << 16) >> 16;
        next = i + rel;
        if (rel === 0 || next < 0 || next > raw.length) throw new CorruptDataError(`${name}: block ${i} jumps to ${next}, outside the tape.`);
        break;
      }
      case 0x24: loops.push({ start: i + 1, left: w(at) }); break;
      case 0x25: {
        const top = loops[loops.length - 1];
        if (top !== undefined) {
          top.left--;
          if (top.left > 0) next = top.start; else loops.pop();
        }
        break;
      }
      case 0x26: {
        const n = w(at);
        const seq: number[] = [];
        for (let k = 0; k < n; k++) seq.push(i + ((w(at + 2 + 2 * k) << 16) >> 16));
        if (seq.length > 0 && calls.length < 16) {
          calls.push({ seq, next: 1, ret: i + 1 });
          next = seq[0]!;
          if (next < 0 || next >= raw.length) throw new CorruptDataError(`${name}: a call sequence points outside the tape.`);
        }
        break;
      }
      case 0x27: {
        const c = calls[calls.length - 1];
        if (c !== undefined) {
          if (c.next < c.seq.length) next = c.seq[c.next++]!;
          else { next = c.ret; calls.pop(); }
          if (next < 0 || next > raw.length) throw new CorruptDataError(`${name}: a call sequence points outside the tape.`);
        }
        break;
      }
      case 0x2a:
        b.block({ kind: 'stop48', description: 'Stop the tape (48K)', romTiming: false });
        b.stop();
        break;
      case 0x2b:
        level = d[at + 4]! ? 1 : 0;
        b.push(level ? PulseKind.High : PulseKind.Low, 0);
        break;
      default:
        // Groups, text, archive info, hardware, custom info, glue, select: nothing to play.
        break;
    }
    i = next;
  }
  return b.finish();
}

/**
 * TZX 0x19, generalized data: pilot/sync symbols run-length coded, then a stream of data symbols of
 * ceil(log2(ASD)) bits each, MSB first. Each symbol is up to NPP/NPD pulses, its flag saying how its
 * first pulse starts (0 edge, 1 no edge, 2 low, 3 high); a 0-length pulse ends it early.
 */
function generalized(b: PulseBuilder, d: Uint8Array, at: number, len: number, name: string, budget: Budget): void {
  const end = at + len;
  const bad = (what: string) => new CorruptDataError(`${name}: generalized data block at byte ${at - 1}: ${what}.`);
  const w = (o: number) => { if (o + 2 > end) throw bad('cut short'); return d[o]! | (d[o + 1]! << 8); };
  const dw = (o: number) => { if (o + 4 > end) throw bad('cut short'); return (d[o]! | (d[o + 1]! << 8) | (d[o + 2]! << 16)) + d[o + 3]! * 0x1000000; };
  const byte = (o: number) => { if (o >= end) throw bad('cut short'); return d[o]!; };
  let p = at + 4;
  const pause = w(p); p += 2;
  const totp = dw(p); p += 4;
  const npp = byte(p++), asp = byte(p++) || 256;
  const totd = dw(p); p += 4;
  const npd = byte(p++), asd = byte(p++) || 256;
  const pilotDefs = p;
  if (totp > 0) p += asp * (1 + 2 * npp);
  const prle = p;
  if (totp > 0) p += totp * 3;
  const dataDefs = p;
  if (totd > 0) p += asd * (1 + 2 * npd);
  const nb = Math.ceil(Math.log2(asd));
  const stream = p;
  p += Math.ceil((nb * totd) / 8);
  if (p > end) throw bad('its tables run past its end');
  b.block({ kind: 'generalized', description: `Generalized data: ${totd} symbols`, romTiming: false });
  const FLAG_KIND = [PulseKind.Toggle, PulseKind.Keep, PulseKind.Low, PulseKind.High];
  // Symbols of only 0-length pulses (or of 0 bits, with a one-symbol table) add nothing, so each
  // symbol is charged to the tape's budget: neither one block nor a loop of them runs unbounded.
  const symbol = (defs: number, npulses: number, sym: number) => {
    budget.spend(1);
    const base = defs + sym * (1 + 2 * npulses);
    const first = FLAG_KIND[d[base]! & 3]!;
    for (let k = 0; k < npulses; k++) {
      const length = d[base + 1 + 2 * k]! | (d[base + 2 + 2 * k]! << 8);
      if (length === 0) break;
      b.push(k === 0 ? first : PulseKind.Toggle, length);
    }
  };
  for (let i = 0; i < totp; i++) {
    const sym = d[prle + 3 * i]!, reps = d[prle + 3 * i + 1]! | (d[prle + 3 * i + 2]! << 8);
    if (sym >= asp) throw bad(`pilot symbol ${sym} is not in its table of ${asp}`);
    budget.spend(1);
    for (let r = 0; r < reps; r++) symbol(pilotDefs, npp, sym);
  }
  let bit = 0;
  for (let i = 0; i < totd; i++) {
    let sym = 0;
    for (let k = 0; k < nb; k++, bit++) sym = (sym << 1) | ((d[stream + (bit >> 3)]! >> (7 - (bit & 7))) & 1);
    if (sym >= asd) throw bad(`data symbol ${sym} is not in its table of ${asd}`);
    symbol(dataDefs, npd, sym);
  }
  b.pause(pause);
}

function clampBits(v: number): number {
  return v >= 1 && v <= 8 ? v : 8;
}

export const tzxFormat: MediaFormat<Tape> = {
  id: 'tzx',
  name: 'TZX tape image',
  extensions: ['tzx'],
  kind: 'tape',
  maxBytes: 32 * 1024 * 1024,
  sniff: sniffTzx,
  parse: parseTzx,
};
