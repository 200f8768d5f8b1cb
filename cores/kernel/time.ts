/**
 * Time units shared by every part.
 *
 * A machine counts one integer: master-clock ticks since power-on. Parts run at integer dividers of
 * the master clock (Spectrum 14 MHz: CPU /4; PC/XT 14.318 MHz: CPU /3, PIT /12; NES 21.477 MHz:
 * CPU /12, PPU /4; Amiga PAL 28.375 MHz: CPU /4). A double holds integers exactly up to 2^53, which
 * at 28 MHz is over ten years of emulated time, so no rebasing is ever needed.
 */

/** Master-clock ticks. Always an integer. */
export type Ticks = number;

/** Something that can tell the current master time; devices read it to catch up lazily. */
export interface Clock {
  /** Master ticks now. While a CPU runs this includes the cycles of its current instruction so far. */
  readonly now: Ticks;
}

/**
 * Whole cycles of a part clocked at `master / divider` between `from` and `to`, where `from` is on
 * a cycle boundary of that part. Callers advance their sync point by `cycles * divider`, so the
 * remainder is carried to the next catch-up rather than lost (CLK `Clocks::divide`).
 */
export function wholeCycles(from: Ticks, to: Ticks, divider: number): number {
  return to > from ? Math.floor((to - from) / divider) : 0;
}
