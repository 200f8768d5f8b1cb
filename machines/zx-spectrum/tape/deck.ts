/**
 * The tape deck: plays a compiled tape (`pulses.ts`) into the EAR input in real time, lazily. The
 * level is worked out only when the ULA port is read or the frame ends, by walking the pulses that
 * ended since; each edge is reported so the machine can mix the tape signal into the audio.
 *
 * Time is master ticks (14 MHz); tape pulse lengths are 3.5 MHz T-states, so one T = 4 ticks.
 */
import type { Ticks } from '../../../cores/kernel/time.ts';
import { PulseKind, type Tape } from './pulses.ts';

export const TICKS_PER_T = 4;

export interface DeckState {
  /** Index of the pulse being played (or to be played when stopped). */
  pos: number;
  /** Master tick at which the current pulse ends (valid while playing). */
  endsAt: Ticks;
  /** EAR level the tape gives now: 0 or 1. */
  level: number;
  playing: boolean;
}

export class TapeDeck {
  tape: Tape | null = null;
  s: DeckState = { pos: 0, endsAt: 0, level: 0, playing: false };
  /** Called at each level change while playing: (tick, level). */
  onEdge: (at: Ticks, level: number) => void = () => {};

  load(tape: Tape): void {
    this.tape = tape;
    this.s = { pos: 0, endsAt: 0, level: 0, playing: false };
  }

  eject(): void {
    this.tape = null;
    this.s = { pos: 0, endsAt: 0, level: 0, playing: false };
  }

  get atEnd(): boolean {
    return this.tape === null || this.s.pos >= this.tape.lengths.length;
  }

  /** Start playing at tick `now` from the current position. */
  play(now: Ticks): void {
    const s = this.s;
    if (this.tape === null || s.playing || this.atEnd) return;
    s.playing = true;
    this.enter(now);
  }

  stop(now: Ticks): void {
    this.advance(now);
    this.s.playing = false;
  }

  /** Move to pulse `pos` without playing (the ROM trap skips whole blocks this way). */
  seek(pos: number): void {
    this.s.pos = pos;
    this.s.playing = false;
  }

  /** Apply pulse `pos`'s start at tick `at`. */
  private enter(at: Ticks): void {
    const s = this.s, tape = this.tape!;
    for (;;) {
      if (s.pos >= tape.lengths.length) { s.playing = false; return; }
      const kind = tape.kinds[s.pos]!;
      if (kind === PulseKind.Stop) { s.pos++; s.playing = false; return; }
      const before = s.level;
      if (kind === PulseKind.Toggle) s.level ^= 1;
      else if (kind !== PulseKind.Keep) s.level = kind === PulseKind.High ? 1 : 0;
      if (s.level !== before) this.onEdge(at, s.level);
      const len = tape.lengths[s.pos]!;
      if (len > 0) { s.endsAt = at + len * TICKS_PER_T; return; }
      s.pos++;
    }
  }

  /** Play every pulse that ended by tick `now`. */
  advance(now: Ticks): void {
    const s = this.s;
    while (s.playing && s.endsAt <= now) {
      s.pos++;
      this.enter(s.endsAt);
    }
  }

  getState(): DeckState { return { ...this.s }; }
  setState(st: DeckState): void { this.s = { ...st }; }
}
