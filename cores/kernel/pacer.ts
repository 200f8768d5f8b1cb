/**
 * Speed control above the Session: real-time pacing at a speed factor, pause, frame step, and
 * unthrottled fast-forward with a measured speed.
 *
 * Pacing follows elapsed real time (from the `nowMs` clock the host passes in), never the display's
 * refresh: the host may call `tick()` from requestAnimationFrame at 60 or 144 Hz, or from a timer,
 * and the machine still advances `elapsed × speed` emulated seconds. Ticks owed are carried as a
 * fraction between calls (CLK `TimedMachine.hpp`). After a long stall (a background tab) at most
 * `maxCatchUpMs` is made up, so the machine does not race to catch up.
 *
 * Sound follows the speed: the machine is told to produce `hostRate / speed` samples per emulated
 * second, so the host still receives `hostRate` samples per real second and the pitch rises with
 * the speed like a tape played fast, without gaps or pile-ups. In fast-forward sound is muted.
 */
import type { Session } from './session.ts';

export const MIN_SPEED = 0.1;
export const MAX_SPEED = 4;

export interface PacerStats {
  /** Emulated time / real time over the last measurement window (1 = 100 %). */
  speed: number;
  /** Frames emitted per real second over the window. */
  fps: number;
}

export class Pacer {
  private speedFactor = 1;
  paused = false;
  private ff = false;
  private owedTicks = 0;
  private lastMs: number | null = null;
  private windowStartMs = 0;
  /** Ticks and frames run by this Pacer since the window started (not `session.now` differences,
   * so a state load or reset, which moves time without running it, cannot skew the read-out). */
  private windowTicks = 0;
  private windowFrames = 0;
  private stats: PacerStats = { speed: 0, fps: 0 };

  constructor(
    private readonly session: Session,
    private readonly nowMs: () => number,
    private readonly hostAudioRate = 48000,
    /** Real time one fast-forward tick may spend running the machine. */
    private readonly fastForwardBudgetMs = 12,
    private readonly maxCatchUpMs = 100,
  ) {
    session.setAudioRate(hostAudioRate);
  }

  get speed(): number {
    return this.speedFactor;
  }

  /** Set the throttle, 0.1 .. 4 (10 % .. 400 %). */
  set speed(v: number) {
    if (!Number.isFinite(v)) return;
    this.speedFactor = Math.min(MAX_SPEED, Math.max(MIN_SPEED, v));
    if (!this.ff) this.session.setAudioRate(this.hostAudioRate / this.speedFactor);
  }

  get fastForward(): boolean {
    return this.ff;
  }

  set fastForward(on: boolean) {
    this.ff = on;
    this.owedTicks = 0;
    this.session.setAudioRate(this.hostAudioRate / this.speedFactor);
  }

  /** True while sound should be muted (fast-forward produces it far faster than it can be played). */
  get muted(): boolean {
    return this.ff;
  }

  /** Run whatever real time since the last call is owed. Call it as often as you like. */
  tick(): void {
    const now = this.nowMs();
    if (this.lastMs === null) { this.lastMs = now; this.resetWindow(now); }
    const elapsed = Math.min(now - this.lastMs, this.maxCatchUpMs);
    this.lastMs = now;
    if (this.paused) { this.owedTicks = 0; this.updateStats(now); return; }
    const s = this.session;
    const ticks0 = s.now;
    const frames0 = s.machine.frameCount;
    if (this.ff) {
      const stopAt = now + this.fastForwardBudgetMs;
      do s.runFrames(1); while (this.nowMs() < stopAt);
    } else {
      this.owedTicks += (elapsed / 1000) * s.def.masterHz * this.speedFactor;
      const whole = Math.floor(this.owedTicks);
      if (whole > 0) {
        this.owedTicks -= whole;
        s.runTicks(whole);
      }
    }
    this.windowTicks += s.now - ticks0;
    this.windowFrames += s.machine.frameCount - frames0;
    this.updateStats(this.nowMs());
  }

  /** While paused: run exactly one frame. */
  stepFrame(): void {
    this.paused = true;
    this.session.runFrames(1);
  }

  /** Speed and frame rate measured over the last half second or so. */
  get measured(): PacerStats {
    return this.stats;
  }

  private resetWindow(now: number): void {
    this.windowStartMs = now;
    this.windowTicks = 0;
    this.windowFrames = 0;
  }

  private updateStats(now: number): void {
    const dt = now - this.windowStartMs;
    if (dt < 500) return;
    this.stats = {
      speed: this.windowTicks / this.session.def.masterHz / (dt / 1000),
      fps: (this.windowFrames * 1000) / dt,
    };
    this.resetWindow(now);
  }
}
