/**
 * The IBM PC/XT keyboard and the system board's keyboard interface: the 83-key keyboard (or a
 * 101-key one in XT mode) sending scan code set 1 serially, and the 74LS322 shift register that
 * assembles each byte, raises IRQ 1 and shows it on 8255 port A.
 *
 * Handshake (IBM 5150/5160 Technical Reference, system board "Keyboard Interface" and BIOS listing
 * KB_INT / keyboard reset in POST):
 * - When a byte has been shifted in, the register is full: IRQ 1 is asserted and the keyboard's data
 *   line is held, so the keyboard sends nothing more.
 * - The BIOS reads port A, then pulses port B bit 7 high and low: high clears the register and drops
 *   IRQ 1 (`setClear(true)`); low lets the next byte in (`setClear(false)`).
 * - Port B bit 6 low holds the keyboard clock low (`setClockLine(false)`): the keyboard cannot send.
 *   Held low for 20 ms (we accept 10 ms) and released, the keyboard resets and answers AAh, which
 *   POST checks.
 *
 * Input: the keyboard pulls ordered {code, down} events (KeyboardEvent.code names) from
 * `takeKeyEvent` only when it can send, so a press and release within one host frame both arrive
 * in order. Typematic: the last key pressed repeats its make code after `typematicDelayMs`
 * (500 ms) at `typematicPerSecond` (10/s) while held (5150 Technical Reference, "Keyboard":
 * "typematic ... after 1/2 second ... at a rate of 10 per second").
 *
 * Timing: each byte takes `byteMicros` (default 1000 µs) from the moment the register can take it:
 * nine bits (start + 8 data), the first clock 60-120 µs after clear-to-send, each clock cycle about
 * 100 µs (IBM 5160 Technical Reference, "Keyboard Data Output"). A keyboard reset answers after one
 * byte time. The chip's one Timer is armed for the next of: byte arrival, typematic repeat.
 *
 * Not emulated: the serial bit timing and the keyboard's own 16-byte buffer (one key's bytes are
 * queued, and the host queue holds the rest), the 101-key keyboard's fake shifts around the
 * gray cursor keys when Num Lock is on, key rollover limits. UNVERIFIED: the per-bit clock period
 * (the reference gives only the 25-50 µs active part) and the AAh delay after reset (the real
 * keyboard's self test takes longer; the BIOS waits longer than both).
 */
import { CorruptStateError } from '../../kernel/errors.ts';
import type { Part } from '../../kernel/part.ts';
import type { Scheduler, Timer } from '../../kernel/scheduler.ts';
import type { Ticks } from '../../kernel/time.ts';
import { scanCodes } from './scan-codes.ts';

export type ChipScheduler = Pick<Scheduler, 'now' | 'timer'>;

export interface KeyEvent {
  readonly code: string;
  readonly down: boolean;
}

export interface XtKeyboardOptions {
  /** Master clock frequency, to turn the keyboard's milliseconds into ticks. */
  readonly masterHz: number;
  /** Timer slot key (default `'keyboard'`). */
  readonly timerKey?: string;
  /** A 101-key keyboard (E0-prefixed keys, F11, F12); default true. False: the 83-key keyboard. */
  readonly enhanced?: boolean;
  readonly typematicDelayMs?: number;
  readonly typematicPerSecond?: number;
  readonly byteMicros?: number;
}

export interface XtKeyboardState {
  /** Shift register contents (port A with PB7 = 0). */
  data: number;
  /** A byte is in the register: IRQ 1 asserted. */
  full: number;
  /** Port B bit 7 level (1 = clearing). */
  clear: number;
  /** Port B bit 6 level (1 = clock enabled). */
  clockHigh: number;
  /** Tick the clock line went low, or -1. */
  clockLowAt: Ticks;
  /** Bytes waiting to be sent (at most one key's sequence plus one repeat). */
  pending: number[];
  /** Arrival tick of the byte being sent (pending[0]), or -1. */
  sendingAt: Ticks;
  /** Keys held (KeyboardEvent.code). */
  held: string[];
  /** Key repeating, or ''. */
  repeatCode: string;
  repeatAt: Ticks;
}

function powerOn(): XtKeyboardState {
  return {
    data: 0, full: 0, clear: 0, clockHigh: 1, clockLowAt: -1, pending: [], sendingAt: -1,
    held: [], repeatCode: '', repeatAt: -1,
  };
}

export class XtKeyboard implements Part<XtKeyboardState> {
  readonly stateVersion = 1;
  s: XtKeyboardState = powerOn();
  /** IRQ 1 level changed. */
  onIrq: ((asserted: boolean) => void) | null = null;
  /** Source of host key events, in order (the machine passes `() => input.takeKeyEvent()`). */
  takeKeyEvent: (() => KeyEvent | undefined) | null = null;

  private readonly clock: ChipScheduler;
  private readonly timer: Timer;
  private readonly enhanced: boolean;
  private readonly byteTicks: number;
  private readonly delayTicks: number;
  private readonly repeatTicks: number;
  private readonly resetHoldTicks: number;

  constructor(clock: ChipScheduler, options: XtKeyboardOptions) {
    this.clock = clock;
    const hz = options.masterHz;
    if (!(hz > 0)) throw new RangeError('keyboard: masterHz must be positive');
    this.enhanced = options.enhanced ?? true;
    this.byteTicks = Math.max(1, Math.round((hz * (options.byteMicros ?? 1000)) / 1e6));
    this.delayTicks = Math.round((hz * (options.typematicDelayMs ?? 500)) / 1000);
    this.repeatTicks = Math.max(1, Math.round(hz / (options.typematicPerSecond ?? 10)));
    this.resetHoldTicks = Math.round(hz / 100);
    this.timer = clock.timer(options.timerKey ?? 'keyboard', () => this.onTimer());
  }

  /** Port A with PB7 = 0: the byte in the shift register. */
  readData(): number { return this.s.data; }

  /** IRQ 1 level. */
  get irq(): boolean { return this.s.full !== 0; }

  /** Port B bit 7: high clears the register (and IRQ 1) and holds it clear. */
  setClear(level: boolean): void {
    const s = this.s;
    const v = level ? 1 : 0;
    if (v === s.clear) return;
    s.clear = v;
    if (v !== 0) {
      s.data = 0;
      this.setFull(0);
    }
    this.pump();
  }

  /** Port B bit 6: low holds the keyboard clock low (no sending); a long hold resets the keyboard. */
  setClockLine(high: boolean): void {
    const s = this.s;
    const v = high ? 1 : 0;
    if (v === s.clockHigh) return;
    s.clockHigh = v;
    const now = this.clock.now;
    if (v === 0) {
      s.clockLowAt = now;
      if (s.sendingAt >= 0) s.sendingAt = -1; // the byte in flight is aborted and resent later
    } else {
      if (s.clockLowAt >= 0 && now - s.clockLowAt >= this.resetHoldTicks) {
        // Keyboard reset: it forgets everything and answers AAh (basic assurance test passed).
        s.pending = [0xaa];
        s.held = [];
        s.repeatCode = ''; s.repeatAt = -1;
      }
      s.clockLowAt = -1;
    }
    this.pump();
  }

  /** Look at the host queue now (call once per frame; the keyboard also looks after each byte). */
  poll(): void { this.pump(); }

  /** Power-on. */
  reset(): void {
    this.s = powerOn();
    this.timer.cancel();
    if (this.onIrq !== null) this.onIrq(false);
  }

  getState(): XtKeyboardState {
    const s = this.s;
    return { ...s, pending: s.pending.slice(), held: s.held.slice() };
  }

  setState(state: XtKeyboardState): void {
    if (typeof state !== 'object' || state === null) throw new CorruptStateError('keyboard state: not an object');
    const o = state as unknown as Record<string, unknown>;
    const num = (k: string, lo: number, hi: number) => {
      const v = o[k];
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < lo || v > hi) throw new CorruptStateError(`keyboard state: bad ${k}`);
      return v;
    };
    const data = num('data', 0, 0xff), full = num('full', 0, 1), clear = num('clear', 0, 1), clockHigh = num('clockHigh', 0, 1);
    const clockLowAt = num('clockLowAt', -1, Number.MAX_SAFE_INTEGER), sendingAt = num('sendingAt', -1, Number.MAX_SAFE_INTEGER);
    const repeatAt = num('repeatAt', -1, Number.MAX_SAFE_INTEGER);
    const pending = o.pending, held = o.held, repeatCode = o.repeatCode;
    if (!Array.isArray(pending) || pending.length > 64 || !pending.every((b) => Number.isInteger(b) && b >= 0 && b <= 0xff))
      throw new CorruptStateError('keyboard state: bad pending bytes');
    if (!Array.isArray(held) || held.length > 256 || !held.every((c) => typeof c === 'string'))
      throw new CorruptStateError('keyboard state: bad held keys');
    if (typeof repeatCode !== 'string') throw new CorruptStateError('keyboard state: bad repeatCode');
    this.s = {
      data, full, clear, clockHigh, clockLowAt, pending: (pending as number[]).slice(), sendingAt,
      held: (held as string[]).slice(), repeatCode, repeatAt,
    };
  }

  // --- internals ------------------------------------------------------------------------------

  private setFull(v: number): void {
    if (this.s.full === v) return;
    this.s.full = v;
    if (this.onIrq !== null) this.onIrq(v !== 0);
  }

  /** Start the next byte if the line is free, pulling a host event when nothing is queued. */
  private pump(): void {
    const s = this.s;
    if (s.full === 0 && s.clear === 0 && s.clockHigh !== 0 && s.sendingAt < 0) {
      if (s.pending.length === 0) this.pullHostEvent();
      if (s.pending.length > 0) s.sendingAt = this.clock.now + this.byteTicks;
    }
    this.rearm();
  }

  private pullHostEvent(): void {
    const take = this.takeKeyEvent;
    if (take === null) return;
    const s = this.s;
    for (;;) {
      const e = take();
      if (e === undefined) return;
      const isHeld = s.held.includes(e.code);
      if (e.down === isHeld) continue; // a host auto-repeat or a stray release: typematic is ours
      const bytes = scanCodes(e.code, e.down, this.enhanced);
      if (bytes === null) continue;
      if (e.down) {
        s.held.push(e.code);
        if (e.code !== 'Pause') { s.repeatCode = e.code; s.repeatAt = this.clock.now + this.delayTicks; }
      } else {
        s.held.splice(s.held.indexOf(e.code), 1);
        if (s.repeatCode === e.code) { s.repeatCode = ''; s.repeatAt = -1; }
      }
      if (bytes.length === 0) continue;
      for (const b of bytes) s.pending.push(b);
      return;
    }
  }

  private onTimer(): void {
    const s = this.s;
    const now = this.clock.now;
    if (s.sendingAt >= 0 && s.sendingAt <= now) {
      s.sendingAt = -1;
      s.data = s.pending.shift()!;
      this.setFull(1);
    }
    if (s.repeatAt >= 0 && s.repeatAt <= now) {
      // Repeat only when the previous bytes are gone: a slow reader gets fewer repeats, not a backlog.
      if (s.pending.length === 0) {
        const bytes = scanCodes(s.repeatCode, true, this.enhanced);
        if (bytes !== null) for (const b of bytes) s.pending.push(b);
      }
      s.repeatAt += this.repeatTicks;
      if (s.repeatAt <= now) s.repeatAt = now + this.repeatTicks;
    }
    this.pump();
  }

  private rearm(): void {
    const s = this.s;
    let due = Infinity;
    if (s.sendingAt >= 0) due = s.sendingAt;
    if (s.repeatAt >= 0 && s.repeatAt < due) due = s.repeatAt;
    if (due === Infinity) this.timer.cancel();
    else this.timer.armAt(due);
  }
}
