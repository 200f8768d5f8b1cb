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
}

/**
 * What the user is holding right now. The host writes it; the machine reads it when the emulated
 * hardware scans (a keyboard matrix read, a joystick port read), never caching across frames.
 */
export class InputState {
  /** KeyboardEvent.code values of keys held, e.g. 'KeyA', 'ShiftLeft', 'Enter', 'ArrowUp'. */
  readonly keys = new Set<string>();
  /** Joystick ports; index 0 is the first joystick the machine has. */
  readonly pads: PadState[] = [{ buttons: 0 }, { buttons: 0 }, { buttons: 0 }, { buttons: 0 }];

  clear(): void {
    this.keys.clear();
    for (const p of this.pads) p.buttons = 0;
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
