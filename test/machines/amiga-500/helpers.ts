/** Shared bits for the Amiga 500 tests: a host that keeps the last frame, pixel probes, a bare machine. */
import { InputState, type Host, type VideoFrame } from '../../../cores/kernel/host.ts';
import { Amiga } from '../../../machines/amiga-500/amiga.ts';
import { FRAME_WIDTH, FRAME_X0, FRAME_TOP } from '../../../machines/amiga-500/constants.ts';

export class FrameHost implements Host {
  readonly input = new InputState();
  frame: Uint32Array | null = null;
  frames = 0;
  video(f: VideoFrame): void {
    this.frame = f.pixels.slice();
    this.frames++;
  }
  audio(): void {}
}

/** 12-bit Amiga colour as the frame holds it (0xAABBGGRR). */
export function rgb12(c: number): number {
  const r = (c >> 8) & 15, g = (c >> 4) & 15, b = c & 15;
  return (0xff000000 | (b * 17) << 16 | (g * 17) << 8 | (r * 17)) >>> 0;
}

/** The pixel at lores x (beam coordinates, as DIWSTRT counts) on line `line` (upper row). */
export function pixelAt(frame: Uint32Array, loresX: number, line: number): number {
  return frame[(2 * (line - FRAME_TOP)) * FRAME_WIDTH + 2 * (loresX - FRAME_X0)]!;
}

/** Count of pixels of colour `c` in a rectangle of lores x / lines. */
export function countColour(frame: Uint32Array, c: number, x0: number, x1: number, l0: number, l1: number): number {
  let n = 0;
  for (let l = l0; l < l1; l++) for (let x = x0; x < x1; x++) if (pixelAt(frame, x, l) === c) n++;
  return n;
}

/**
 * A machine whose ROM only loops (`JMP $F80008; BRA.S *`): the chipset can be driven directly
 * from a test through writeCustom and chip RAM without the CPU interfering.
 */
export function bareAmiga(host: Host = new FrameHost()): Amiga {
  const rom = new Uint8Array(0x80000);
  rom.set([0x11, 0x14, 0x4e, 0xf9, 0x00, 0xf8, 0x00, 0x08, 0x60, 0xfe]);
  const a = new Amiga({ host, rom, ext: null, config: { chipKb: 512, slowKb: 512, drives: 1 } });
  a.setAudioRate(48000);
  return a;
}

/** Write a word into chip RAM. */
export function poke16(a: Amiga, addr: number, v: number): void {
  a.chip[addr] = v >> 8;
  a.chip[addr + 1] = v & 0xff;
}

export function peek16(a: Amiga, addr: number): number {
  return (a.chip[addr]! << 8) | a.chip[addr + 1]!;
}

/** Run to the end of the current frame. */
export function runFrame(a: Amiga): void {
  const f = a.frames;
  while (a.frames === f) a.scheduler.runUntil(a.scheduler.now + 20000);
}
