/**
 * Audio helpers for machines: a stereo sample buffer that flushes to the Host, and a box-filter
 * synthesiser for square-wave sources (beepers, PC speaker, tape signals) that integrates the level
 * over each output sample period, so edges between samples are not aliased into noise.
 */
import type { Host } from './host.ts';
import type { Ticks } from './time.ts';

/** Collects stereo samples and hands them to the host in chunks. */
export class AudioSink {
  private buf = new Float32Array(2 * 4096);
  private n = 0;
  constructor(private readonly host: Host) {}

  push(left: number, right: number): void {
    if (this.n * 2 >= this.buf.length) this.flush();
    this.buf[this.n * 2] = left;
    this.buf[this.n * 2 + 1] = right;
    this.n++;
  }

  flush(): void {
    if (this.n > 0) this.host.audio(this.buf, this.n);
    this.n = 0;
  }
}

export interface LevelSynthState {
  level: number;
  lastTick: Ticks;
  /** Tick at which output sample 0 (at the current rate) began. */
  origin: Ticks;
  /** Output samples emitted since `origin`. */
  emitted: number;
  acc: number;
}

/**
 * A piecewise-constant signal (level changes at exact master ticks) rendered by averaging it over
 * each output sample period: a first-order box filter, far better than point sampling a 1-bit
 * beeper at 48 kHz. Sample boundaries are computed as origin + n * period from an integer count,
 * so a fractional period never drifts; the count is part of the state, so a save-state round trip
 * reproduces the audio exactly.
 */
export class LevelSynth {
  private s: LevelSynthState = { level: 0, lastTick: 0, origin: 0, emitted: 0, acc: 0 };
  private ticksPerSample = 0;

  constructor(private readonly masterHz: number, private readonly out: (v: number) => void) {}

  /** Change the output rate from `now` on. The same rate again changes nothing (keeps the phase). */
  setRate(sampleHz: number, now: Ticks): void {
    const tps = this.masterHz / sampleHz;
    if (tps === this.ticksPerSample) return;
    this.advance(now);
    this.ticksPerSample = tps;
    this.s.origin = this.s.lastTick;
    this.s.emitted = 0;
    this.s.acc = 0;
  }

  /** The signal changes to `level` at tick `at` (never earlier than the last call). */
  setLevel(at: Ticks, level: number): void {
    this.advance(at);
    this.s.level = level;
  }

  /** Emit every sample that ends at or before `to`. */
  advance(to: Ticks): void {
    const s = this.s;
    if (to <= s.lastTick) return;
    const tps = this.ticksPerSample;
    if (tps === 0) { s.lastTick = to; return; } // no output rate set yet: nothing to emit
    let end = s.origin + (s.emitted + 1) * tps;
    while (end <= to) {
      s.acc += s.level * (end - s.lastTick);
      this.out(s.acc / tps);
      s.acc = 0;
      s.lastTick = end;
      s.emitted++;
      end = s.origin + (s.emitted + 1) * tps;
    }
    s.acc += s.level * (to - s.lastTick);
    s.lastTick = to;
  }

  getState(): LevelSynthState { return { ...this.s }; }
  setState(st: LevelSynthState): void { this.s = { ...st }; }
}
