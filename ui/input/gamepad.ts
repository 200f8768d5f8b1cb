/**
 * Gamepads through gamecontroller.js: it watches connections and polls navigator.getGamepads()
 * once per animation frame while a pad is connected; after each poll we turn every pad's held
 * inputs into joystick bits (pad-map.ts) and report them when they change. Pad n drives the
 * machine's joystick n. The last button pressed is remembered for the remapping UI.
 */
import 'gamecontroller.js';
import { padBits } from './pad-map.ts';

export class GamepadInput {
  private bits: number[] = [0, 0, 0, 0];
  /** Left stick per pad, [x, y] in -1..1 (for machines with analog input, KERNEL §4). */
  axes: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
  /** Number of pads connected now. */
  connected = 0;
  /** The most recent gamepad button index pressed (for "press a button" remapping), or -1. */
  lastButton = -1;
  private held = new Set<string>();

  constructor(
    private padMap: () => Readonly<Record<string, number>>,
    private readonly onChange: (pads: readonly number[], axes: readonly (readonly [number, number])[]) => void,
    private readonly onConnection: (count: number, name: string) => void,
  ) {}

  start(): void {
    const gc = window.gameControl;
    if (gc === undefined || !gc.isReady) return;
    gc.set('axeThreshold', [0.5]);
    gc.on('connect', (gp) => {
      gp.set('axeThreshold', [0.5]);
      this.connected = Object.keys(gc.getGamepads()).length;
      const pad = navigator.getGamepads?.()[gp.id];
      this.onConnection(this.connected, pad?.id ?? `Gamepad ${gp.id + 1}`);
    });
    gc.on('disconnect', () => {
      this.connected = Object.keys(gc.getGamepads()).length;
      this.onConnection(this.connected, '');
      this.poll(gc);
    });
    gc.on('afterCycle', () => this.poll(gc));
  }

  /** Resolve with the next gamepad button pressed (for remapping), or null after `timeoutMs`. */
  nextButton(timeoutMs = 8000): Promise<number | null> {
    this.lastButton = -1;
    return new Promise((resolve) => {
      const start = performance.now();
      const timer = setInterval(() => {
        if (this.lastButton >= 0 || performance.now() - start > timeoutMs) {
          clearInterval(timer);
          resolve(this.lastButton >= 0 ? this.lastButton : null);
        }
      }, 30);
    });
  }

  private poll(gc: GameControl): void {
    const next = [0, 0, 0, 0];
    const axes: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
    const map = this.padMap();
    const raw = navigator.getGamepads?.() ?? [];
    for (const gp of Object.values(gc.getGamepads())) {
      if (gp.id >= 0 && gp.id < 4) {
        next[gp.id] = padBits(gp.pressed, map);
        const a = raw[gp.id]?.axes;
        if (a !== undefined && a.length >= 2) axes[gp.id] = [clampAxis(a[0]!), clampAxis(a[1]!)];
      }
      for (const k of Object.keys(gp.pressed)) {
        if (k.startsWith('button') && !this.held.has(`${gp.id}:${k}`)) this.lastButton = Number(k.slice(6));
      }
      this.held = new Set(Object.keys(gp.pressed).map((k) => `${gp.id}:${k}`));
    }
    // Analog changes below 1 % are noise from the stick's resting position.
    const moved = axes.some((a, i) => Math.abs(a[0] - this.axes[i]![0]) > 0.01 || Math.abs(a[1] - this.axes[i]![1]) > 0.01);
    if (next.some((b, i) => b !== this.bits[i]) || moved) {
      this.bits = next;
      this.axes = axes;
      this.onChange(next, axes);
    }
  }
}

function clampAxis(v: number): number {
  return Number.isFinite(v) ? Math.max(-1, Math.min(1, v)) : 0;
}
