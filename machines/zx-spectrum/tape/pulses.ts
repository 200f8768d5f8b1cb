/**
 * A tape as the Spectrum's EAR input hears it: a flat list of pulses (T-states at 3.5 MHz, each
 * starting with an edge or a forced level), plus the data blocks found on it so the ROM loader trap
 * can load them instantly. TAP and TZX both compile to this, so the real-time player and the trap
 * share one model.
 *
 * Standard ROM timings (ZX Spectrum ROM disassembly, SA-BYTES / LD-BYTES at 0x04C2 / 0x0556; TZX
 * spec v1.20 block 0x10): pilot 2168 T x 8063 (header, flag < 128) or 3223 (data), sync 667 + 735,
 * bit 0 = two 855 T pulses, bit 1 = two 1710 T pulses, most significant bit first.
 *
 * A pause after a block ends the last pulse with an edge held for 1 ms, then holds the level low
 * for the rest (TZX spec, "pause after this block").
 */
import { TooLargeError } from '../../../cores/kernel/errors.ts';

export const enum PulseKind {
  /** Invert the level, then hold it for the pulse's length. */
  Toggle = 0,
  /** Force the level low, then hold. */
  Low = 1,
  /** Force the level high, then hold. */
  High = 2,
  /** Stop the tape here (TZX "stop the tape" pause, "stop if 48K"). Length 0. */
  Stop = 3,
  /** Keep the level (no edge), then hold: TZX generalized-data symbols with flag 01. */
  Keep = 4,
}

export const PILOT_T = 2168;
export const SYNC1_T = 667;
export const SYNC2_T = 735;
export const ZERO_T = 855;
export const ONE_T = 1710;
export const HEADER_PILOT_COUNT = 8063;
export const DATA_PILOT_COUNT = 3223;
export const T_PER_MS = 3500;

/** Most pulses a tape may compile to (over an hour of standard-speed data). */
export const MAX_PULSES = 16_000_000;

/** Block kinds that put a signal on the tape (the rest are pauses, stops and silence). */
export const SIGNAL_KINDS: ReadonlySet<string> = new Set(['standard', 'turbo', 'tone', 'pulses', 'pure-data', 'direct', 'generalized']);

export interface TapeBlock {
  /** 'standard', 'turbo', 'pure-data', 'tone', 'pulses', 'pause', 'direct', ... */
  readonly kind: string;
  /** For people: "Program: fqTestProg", "Bytes: 6912", "Pause 1000 ms". */
  readonly description: string;
  /** Flag byte + payload + checksum as the ROM loader sees them, for data blocks. */
  readonly data?: Uint8Array;
  /** The block uses ROM timings, so the LD-BYTES trap may load it instantly. */
  readonly romTiming: boolean;
  /** Index of the block's first pulse in the pulse list. */
  readonly pulseStart: number;
}

export interface Tape {
  readonly blocks: readonly TapeBlock[];
  readonly lengths: Uint32Array;
  readonly kinds: Uint8Array;
  /** Total playing time in T-states (for people). */
  readonly totalT: number;
}

/** Grows the pulse list while a parser compiles a tape. */
export class PulseBuilder {
  private lengths = new Uint32Array(4096);
  private kinds = new Uint8Array(4096);
  n = 0;
  totalT = 0;
  readonly blocks: TapeBlock[] = [];

  constructor(private readonly name: string) {}

  push(kind: PulseKind, length: number): void {
    if (this.n >= this.lengths.length) {
      if (this.n >= MAX_PULSES)
        throw new TooLargeError(`${this.name}: the tape is too long (over ${MAX_PULSES} pulses; a looping block?).`);
      const l = new Uint32Array(this.lengths.length * 2);
      l.set(this.lengths);
      this.lengths = l;
      const k = new Uint8Array(this.kinds.length * 2);
      k.set(this.kinds);
      this.kinds = k;
    }
    this.lengths[this.n] = length;
    this.kinds[this.n] = kind;
    this.n++;
    this.totalT += length;
  }

  tone(length: number, count: number): void {
    for (let i = 0; i < count; i++) this.push(PulseKind.Toggle, length);
  }

  /** Data bits, MSB first; the last byte has only `lastBits` bits used (1..8). */
  data(bytes: Uint8Array, zero: number, one: number, lastBits = 8): void {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      const bits = i === bytes.length - 1 ? lastBits : 8;
      for (let k = 0; k < bits; k++) {
        const len = (b & (0x80 >> k)) !== 0 ? one : zero;
        this.push(PulseKind.Toggle, len);
        this.push(PulseKind.Toggle, len);
      }
    }
  }

  pause(ms: number): void {
    if (ms <= 0) return;
    this.push(PulseKind.Toggle, T_PER_MS);
    if (ms > 1) this.push(PulseKind.Low, (ms - 1) * T_PER_MS);
  }

  stop(): void {
    this.push(PulseKind.Stop, 0);
  }

  block(b: Omit<TapeBlock, 'pulseStart'>): void {
    this.blocks.push({ ...b, pulseStart: this.n });
  }

  finish(): Tape {
    return {
      blocks: this.blocks,
      lengths: this.lengths.slice(0, this.n),
      kinds: this.kinds.slice(0, this.n),
      totalT: this.totalT,
    };
  }
}

/** Describe a ROM-format block (flag + payload + checksum) the way LOAD prints it. */
export function describeData(data: Uint8Array): string {
  if (data.length === 19 && data[0] === 0) {
    const type = ['Program', 'Number array', 'Character array', 'Bytes'][data[1]!] ?? 'Header';
    let name = '';
    for (let i = 2; i < 12; i++) {
      const c = data[i]!;
      name += c >= 32 && c < 127 ? String.fromCharCode(c) : '?';
    }
    return `${type}: ${name.trimEnd()}`;
  }
  return `Data: ${Math.max(0, data.length - 2)} bytes (flag ${data[0] ?? 0})`;
}

/** A standard-speed block (TAP entry or TZX 0x10): pilot, syncs, data, pause. */
export function standardBlock(b: PulseBuilder, data: Uint8Array, pauseMs: number): void {
  b.block({ kind: 'standard', description: describeData(data), data, romTiming: true });
  b.tone(PILOT_T, data.length > 0 && data[0]! < 128 ? HEADER_PILOT_COUNT : DATA_PILOT_COUNT);
  b.push(PulseKind.Toggle, SYNC1_T);
  b.push(PulseKind.Toggle, SYNC2_T);
  b.data(data, ZERO_T, ONE_T);
  b.pause(pauseMs);
}
