/**
 * Where the worker puts sound: the shared ring (cross-origin isolated pages), or a MessagePort to
 * the AudioWorklet (plain static hosts). Both answer how many frames wait to be played, so the
 * worker's latency control (emulator-core.ts) works the same for either.
 */
import { AudioRing } from '../audio/ring-buffer.ts';

export interface AudioSink {
  /** Frames written and not yet played. */
  available(): number;
  /** Queue up to `frames` interleaved stereo frames; returns how many were taken. */
  write(samples: Float32Array, frames: number): number;
}

export function ringSink(buffer: SharedArrayBuffer): AudioSink {
  return new AudioRing(buffer);
}

/** Samples sent as chunks; the worklet reports frames played (ring-processor.ts). */
export class PortSink implements AudioSink {
  private written = 0;
  private played = 0;

  constructor(private readonly port: MessagePort, private readonly capacity: number) {
    port.onmessage = (e: MessageEvent<{ played: number }>) => { if (typeof e.data.played === 'number') this.played = e.data.played; };
    port.start();
  }

  available(): number {
    return Math.max(0, this.written - this.played);
  }

  write(samples: Float32Array, frames: number): number {
    const n = Math.max(0, Math.min(frames, this.capacity - this.available()));
    if (n === 0) return 0;
    const chunk = samples.slice(0, n * 2);
    this.port.postMessage({ samples: chunk, frames: n }, [chunk.buffer]);
    this.written += n;
    return n;
  }
}
