/**
 * Typing LOAD "" ENTER by itself after a tape goes in (with the Sinclair ROM), as Fuse and
 * JSSpeccy do: wait for the ROM to be ready, then hold each chord on the keyboard matrix for a few
 * frames and release it. The keys are forced on the matrix, separate from the user's keys, and
 * re-derived from the step after a state load.
 */
import { type Keyboard, keyPosition } from './keyboard.ts';

/** LOAD "" ENTER in 48K keyword mode: J gives LOAD, SYMBOL+P gives ". Each chord is held, then released. */
const LOAD_KEYS: readonly (readonly string[])[] = [['j'], ['symbol', 'p'], ['symbol', 'p'], ['\n']];
/** Frames after a reset before the 48K ROM is ready for keys (its RAM test takes ~1.3 s). */
const BOOT_FRAMES = 90;
/** Steps: twice per chord (down, up). */
export const AUTO_TYPE_STEPS = LOAD_KEYS.length * 2;

export class AutoTyper {
  /** Frame at which the next step runs. */
  typeAt = 0;
  /** The next step (even: press chord step/2, odd: release it), or -1 when idle. */
  typeStep = -1;

  constructor(private readonly keyboard: Keyboard) {}

  /** Start after a reset at frame `frame`. */
  start(frame: number): void {
    this.typeStep = 0;
    this.typeAt = frame + BOOT_FRAMES;
  }

  /** Stop and let go of every forced key. */
  cancel(): void {
    this.typeStep = -1;
    this.keyboard.forced.fill(0);
  }

  /** Called once per frame (at its end). */
  step(frame: number): void {
    if (this.typeStep < 0 || frame < this.typeAt) return;
    const chord = LOAD_KEYS[this.typeStep >> 1]!;
    const down = (this.typeStep & 1) === 0;
    for (const k of chord) this.keyboard.force(keyPosition(k), down);
    this.typeStep++;
    // Held 3 frames; released 8, as the ROM ignores a key until it has been up for 5 interrupts.
    this.typeAt = frame + (down ? 3 : 8);
    if (this.typeStep >= AUTO_TYPE_STEPS) this.typeStep = -1;
  }

  /** Re-derive the forced keys from the step (they are not saved). */
  applyForcedKeys(): void {
    this.keyboard.forced.fill(0);
    if (this.typeStep > 0 && (this.typeStep & 1) === 1)
      for (const k of LOAD_KEYS[this.typeStep >> 1]!) this.keyboard.force(keyPosition(k), true);
  }
}
