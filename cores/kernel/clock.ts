/**
 * A part on its own clock: the master divided by an integer (PC/XT PIT = 14.31818 MHz / 12, NES
 * PPU = master / 4, the Amiga CIAs' E clock = master / 40). Lazy chips catch up with it instead of
 * each keeping its own remainder arithmetic: `catchUp(now)` hands out the whole part-cycles that
 * have passed and keeps the fraction for next time (CLK `Clocks::divide`), and `ticksUntil` turns
 * "in n of my cycles" into the master delay a Timer is armed with.
 *
 * The sync point is always on one of the part's cycle boundaries, so its phase against the master
 * clock is kept exactly across any pattern of catch-ups; save it with the part's state.
 */
import { CorruptStateError } from './errors.ts';
import type { Ticks } from './time.ts';

export interface DividedClockState {
  /** Master tick of the part-cycle boundary the part has been brought up to. */
  syncedTo: Ticks;
}

export class DividedClock {
  /** Master tick up to which the part has run; always on one of its cycle boundaries. */
  syncedTo: Ticks;

  constructor(readonly divider: number, startTick: Ticks = 0) {
    if (!Number.isInteger(divider) || divider < 1) throw new RangeError('divider must be a positive integer');
    this.syncedTo = startTick;
  }

  /**
   * Whole part-cycles that have passed between the sync point and `now`; the sync point moves on
   * by exactly that many cycles (0 when `now` is not past the next boundary, or is behind).
   */
  catchUp(now: Ticks): number {
    const elapsed = now - this.syncedTo;
    if (elapsed < this.divider) return 0;
    const cycles = Math.floor(elapsed / this.divider);
    this.syncedTo += cycles * this.divider;
    return cycles;
  }

  /** Part-cycles `catchUp(now)` would hand out, without moving the sync point. */
  pending(now: Ticks): number {
    const elapsed = now - this.syncedTo;
    return elapsed < this.divider ? 0 : Math.floor(elapsed / this.divider);
  }

  /** Master tick at which `cycles` more part-cycles will have passed since the sync point. */
  tickAfter(cycles: number): Ticks {
    return this.syncedTo + cycles * this.divider;
  }

  /** Master delay from `now` until `cycles` more part-cycles have passed (0 if already past). */
  ticksUntil(cycles: number, now: Ticks): Ticks {
    const at = this.syncedTo + cycles * this.divider;
    return at > now ? at - now : 0;
  }

  getState(): DividedClockState {
    return { syncedTo: this.syncedTo };
  }

  /** Checks the value first; throws CorruptStateError and changes nothing when it is bad. */
  setState(s: DividedClockState): void {
    if (typeof s !== 'object' || s === null || !Number.isSafeInteger(s.syncedTo) || s.syncedTo < 0)
      throw new CorruptStateError('divided clock: bad sync point');
    this.syncedTo = s.syncedTo;
  }
}
