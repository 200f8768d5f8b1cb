/**
 * AudioWorklet processor: plays the stereo samples the emulation worker produces. They arrive
 * either in a shared ring (ring-buffer.ts; cross-origin isolated pages) or, without shared memory,
 * as transferred chunks on a MessagePort from the worker, which this processor copies into a ring
 * of its own and answers with how much it has played, so the worker can keep latency bounded.
 * It never blocks: an empty ring plays silence and counts an underrun.
 */
import { AudioRing } from './ring-buffer.ts';

// The worklet global scope has no lib typings; these are the names this file uses.
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
interface Options { processorOptions: { buffer: SharedArrayBuffer | null; capacity: number } }
declare function registerProcessor(name: string, ctor: new (options: Options) => AudioWorkletProcessor): void;

/** Blocks of 128 frames between reports on the worker's port (~21 ms at 48 kHz). */
const PORT_REPORT_BLOCKS = 8;

class RingProcessor extends AudioWorkletProcessor {
  private ring: AudioRing;
  private underruns = 0;
  private blocks = 0;
  private played = 0;
  private source: MessagePort | null = null;

  constructor(options: Options) {
    super();
    const o = options.processorOptions;
    this.ring = new AudioRing(o.buffer ?? AudioRing.allocate(o.capacity, false));
    // Without shared memory the page hands over a port to the worker, once per machine start.
    this.port.onmessage = (e: MessageEvent<{ port?: MessagePort }>) => {
      const p = e.data.port;
      if (p === undefined) return;
      this.source?.close();
      this.ring = new AudioRing(AudioRing.allocate(o.capacity, false));
      this.source = p;
      p.onmessage = (m: MessageEvent<{ samples: Float32Array; frames: number }>) => { this.ring.write(m.data.samples, m.data.frames); };
    };
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const out = outputs[0];
    if (out === undefined || out.length < 2) return true;
    const left = out[0]!;
    const right = out[1]!;
    const got = this.ring.read(left, right);
    this.played += got;
    if (got < left.length) this.underruns++;
    this.blocks++;
    if (this.source !== null && this.blocks % PORT_REPORT_BLOCKS === 0) this.source.postMessage({ played: this.played });
    // Report to the page now and then (about every 0.7 s at 48 kHz): cheap, and enough for a read-out.
    if (this.blocks % 256 === 0) this.port.postMessage({ underruns: this.underruns, queued: this.ring.available(), played: this.played });
    return true;
  }
}

registerProcessor('amalgam-ring', RingProcessor);
