/** Shared set-up for the Spectrum machine tests: a recording host and Sessions with either ROM. */
import { readFileSync } from 'node:fs';
import { InputState, type Host, type VideoFrame } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { sha1Hex } from '../../../cores/kernel/sha1.ts';
import { spectrum48k, type SpectrumMachine } from '../../../machines/zx-spectrum/definition.ts';
import { blankCpuState } from '../../../machines/zx-spectrum/snapshot/snapshot.ts';
import { writeZ80 } from '../../../machines/zx-spectrum/snapshot/z80.ts';

export class RecordingHost implements Host {
  readonly input = new InputState();
  frames: string[] = [];
  audio_: number[] = [];
  keepFrames = true;
  keepAudio = true;
  video(frame: VideoFrame): void {
    if (this.keepFrames) this.frames.push(sha1Hex(new Uint8Array(frame.pixels.buffer, frame.pixels.byteOffset, frame.pixels.byteLength)));
  }
  audio(samples: Float32Array, frames: number): void {
    if (this.keepAudio) for (let i = 0; i < frames; i++) this.audio_.push(samples[2 * i]!);
  }
}

export function session(rom: string | null, host: Host = new RecordingHost()): Session {
  const roms = new Map<string, Uint8Array>();
  if (rom !== null) roms.set('system', new Uint8Array(readFileSync(rom)));
  return new Session(spectrum48k, { host, roms });
}

export function spectrumOf(s: Session): SpectrumMachine['spectrum'] {
  return (s.machine as SpectrumMachine).spectrum;
}

/** A 48K .z80 snapshot of `code` at 8000h, entered with the given interrupt set-up. */
export function codeSnapshot(code: number[], opts: { im?: number; ei?: boolean } = {}): Uint8Array {
  const cpu = blankCpuState();
  cpu.pc = 0x8000;
  cpu.sp = 0xff00;
  cpu.im = opts.im ?? 1;
  cpu.iff1 = cpu.iff2 = opts.ei ?? false;
  cpu.iy = 0x5c3a;
  const ram = new Uint8Array(49152);
  ram.set(code, 0x4000);
  return writeZ80({ cpu, ram, border: 7 });
}
