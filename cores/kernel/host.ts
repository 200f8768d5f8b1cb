/**
 * The machine's only way out to the world (STYLE §8; ares `platform.hpp`). The browser implements
 * it with PixiJS / AudioWorklet / keyboard and gamepad; the CLI and tests implement it headless.
 * Nothing below `ui/` touches a browser API: this interface is the boundary.
 */

export interface VideoFrame {
  readonly width: number;
  readonly height: number;
  /**
   * width*height pixels, row-major, each 0xAABBGGRR: on a little-endian host the bytes in memory
   * are R, G, B, A, which is what canvas ImageData and an `rgba8unorm` texture expect.
   * The machine reuses this buffer for the next frame: copy it if you keep it past the call.
   */
  readonly pixels: Uint32Array;
  /** Width / height of one pixel as a monitor shows it (1 = square). */
  readonly pixelAspect: number;
}

/** Logical joystick buttons, as bits of PadState.buttons. A machine maps them to its own ports. */
export const enum PadButton {
  Up = 1 << 0,
  Down = 1 << 1,
  Left = 1 << 2,
  Right = 1 << 3,
  Fire = 1 << 4,
  Fire2 = 1 << 5,
  Start = 1 << 6,
  Select = 1 << 7,
}

export interface PadState {
  buttons: number;
  /** Analog stick: x (left -1 .. right 1) and y (up -1 .. down 1); 0, 0 when centred or digital. */
  axes: [number, number];
}

/** One key going down or up, in the order the user did it. */
export interface KeyEvent {
  /** KeyboardEvent.code: 'KeyA', 'ShiftLeft', 'Enter'. */
  readonly code: string;
  readonly down: boolean;
}

/** Queued key events kept at most; older ones are dropped (a machine that stopped reading keys). */
const MAX_KEY_EVENTS = 256;

/**
 * What the user is doing. The host writes it; the machine reads it when the emulated hardware looks
 * (a keyboard matrix scan, a keyboard controller ready for its next code, a joystick port read,
 * a mouse counter read), never caching across frames.
 *
 * Keys come two ways, for two kinds of keyboard hardware:
 * - `keys`, the set held now, for machines that scan a matrix (Spectrum, NES pads);
 * - `takeKeyEvent()`, every press and release in order, for machines whose keyboard sends codes
 *   (PC make/break, Amiga serial codes): a key pressed and released between two host ticks still
 *   arrives, and arrives in order, when the emulated keyboard is ready for it.
 * Hosts report keys only through keyDown/keyUp, which feed both.
 */
export class InputState {
  /** KeyboardEvent.code values of keys held, e.g. 'KeyA', 'ShiftLeft', 'Enter', 'ArrowUp'. */
  readonly keys = new Set<string>();
  /** Joystick ports; index 0 is the first joystick the machine has. */
  readonly pads: PadState[] = [0, 1, 2, 3].map(() => ({ buttons: 0, axes: [0, 0] as [number, number] }));
  /** Mouse buttons held: bit 0 left, bit 1 right, bit 2 middle. */
  mouseButtons = 0;
  private readonly events: KeyEvent[] = [];
  private eventHead = 0;
  private mouseDx = 0;
  private mouseDy = 0;
  private readonly motion = { dx: 0, dy: 0 };

  keyDown(code: string): void {
    this.keys.add(code);
    this.push({ code, down: true });
  }

  keyUp(code: string): void {
    this.keys.delete(code);
    this.push({ code, down: false });
  }

  /** The oldest key event not yet taken, or undefined. */
  takeKeyEvent(): KeyEvent | undefined {
    if (this.eventHead >= this.events.length) return undefined;
    const e = this.events[this.eventHead++];
    if (this.eventHead === this.events.length) { this.events.length = 0; this.eventHead = 0; }
    return e;
  }

  /** Key events waiting to be taken. */
  get pendingKeyEvents(): number {
    return this.events.length - this.eventHead;
  }

  /** Forget queued key events (a machine that scans a matrix never takes them). */
  dropKeyEvents(): void {
    this.events.length = 0;
    this.eventHead = 0;
  }

  /** Relative pointer motion in host pixels (right and down are positive). */
  moveMouse(dx: number, dy: number): void {
    if (Number.isFinite(dx)) this.mouseDx += dx;
    if (Number.isFinite(dy)) this.mouseDy += dy;
  }

  /**
   * Motion since the last take, in whole counts; the fraction stays for next time. The returned
   * object is reused by the next call.
   */
  takeMouseMotion(): { readonly dx: number; readonly dy: number } {
    const dx = Math.trunc(this.mouseDx);
    const dy = Math.trunc(this.mouseDy);
    this.mouseDx -= dx;
    this.mouseDy -= dy;
    this.motion.dx = dx;
    this.motion.dy = dy;
    return this.motion;
  }

  clear(): void {
    this.keys.clear();
    this.dropKeyEvents();
    for (const p of this.pads) { p.buttons = 0; p.axes[0] = 0; p.axes[1] = 0; }
    this.mouseButtons = 0;
    this.mouseDx = 0;
    this.mouseDy = 0;
  }

  private push(e: KeyEvent): void {
    if (this.events.length - this.eventHead >= MAX_KEY_EVENTS) this.takeKeyEvent();
    this.events.push(e);
  }
}

export interface Host {
  /** A complete video frame is ready. Called once per emulated frame. */
  video(frame: VideoFrame): void;
  /**
   * Audio produced since the last call: `frames` stereo sample frames, interleaved L,R in
   * `samples[0 .. 2*frames)`, floats in -1..1, at the rate last given to Machine.setAudioRate.
   * The buffer is reused after the call returns.
   */
  audio(samples: Float32Array, frames: number): void;
  readonly input: InputState;
}

/** A Host that keeps nothing: for benches and tests that only need the machine to run. */
export class NullHost implements Host {
  readonly input = new InputState();
  video(_frame: VideoFrame): void {}
  audio(_samples: Float32Array, _frames: number): void {}
}
