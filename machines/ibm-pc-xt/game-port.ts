/**
 * The IBM Game Control Adapter at 201h: two joysticks, four axes, four buttons (IBM Technical
 * Reference, "Game Control Adapter"). A write to 201h fires the four 558 one-shots; each output
 * (bits 0-3 on read: A x, A y, B x, B y) stays 1 for 24.2 µs + 0.011 µs per ohm of its axis's
 * 100 kΩ potentiometer, so programs time the bit to read the stick. Bits 4-7 are the buttons
 * (A1, A2, B1, B2), 0 while pressed.
 *
 * Sticks: InputState.pads[0] and [1]: analog axes (-1..1) when the host has them, else the
 * digital directions (full left/right/up/down); Fire and Fire2 are the two buttons. The axes are
 * sampled when the one-shots fire, so a read sees one consistent position.
 */
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import { PadButton, type InputState } from '../../cores/kernel/host.ts';
import type { Part } from '../../cores/kernel/part.ts';
import type { Clock, Ticks } from '../../cores/kernel/time.ts';

export interface GamePortState {
  /** Master tick each one-shot's output falls (0 when not timing). */
  endsAt: number[];
}

export class GamePort implements Part<GamePortState> {
  readonly stateVersion = 1;
  s: GamePortState = { endsAt: [0, 0, 0, 0] };

  constructor(private readonly clock: Clock, private readonly input: InputState, private readonly masterHz: number) {}

  /** Axis position 0..1 of pad `p`, axis `a` (0 x, 1 y). */
  private axis(p: number, a: number): number {
    const pad = this.input.pads[p];
    if (pad === undefined) return 0.5;
    let v = pad.axes[a] ?? 0;
    if (v === 0) {
      const lo = a === 0 ? PadButton.Left : PadButton.Up, hi = a === 0 ? PadButton.Right : PadButton.Down;
      if ((pad.buttons & lo) !== 0) v = -1;
      else if ((pad.buttons & hi) !== 0) v = 1;
    }
    return (Math.max(-1, Math.min(1, v)) + 1) / 2;
  }

  read(port: number): number {
    if ((port & 0x3ff) !== 0x201) return -1;
    const now = this.clock.now;
    let v = 0;
    for (let i = 0; i < 4; i++) if (now < this.s.endsAt[i]!) v |= 1 << i;
    const pads = this.input.pads;
    const b0 = pads[0]?.buttons ?? 0, b1 = pads[1]?.buttons ?? 0;
    if ((b0 & PadButton.Fire) === 0) v |= 0x10;
    if ((b0 & PadButton.Fire2) === 0) v |= 0x20;
    if ((b1 & PadButton.Fire) === 0) v |= 0x40;
    if ((b1 & PadButton.Fire2) === 0) v |= 0x80;
    return v;
  }

  write(port: number, _v: number): boolean {
    if ((port & 0x3ff) !== 0x201) return false;
    const now: Ticks = this.clock.now;
    for (let i = 0; i < 4; i++) {
      const ohms = this.axis(i >> 1, i & 1) * 100_000;
      const micros = 24.2 + 0.011 * ohms;
      this.s.endsAt[i] = now + Math.round((micros * this.masterHz) / 1e6);
    }
    return true;
  }

  getState(): GamePortState { return { endsAt: this.s.endsAt.slice() }; }

  setState(st: GamePortState): void {
    if (typeof st !== 'object' || st === null || !Array.isArray(st.endsAt) || st.endsAt.length !== 4 || !st.endsAt.every(Number.isFinite))
      throw new CorruptStateError('game port state: malformed');
    this.s = { endsAt: st.endsAt.slice() };
  }
}
