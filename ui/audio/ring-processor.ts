/**
 * AudioWorklet processor: plays the stereo samples the emulation worker puts in the shared ring
 * (ring-buffer.ts). It never blocks: an empty ring plays silence and counts an underrun, which the
 * page reads for its status line. Loaded with `audioWorklet.addModule` as a separate module.
 */
import { AudioRing } from './ring-buffer.ts';

// The worklet global scope has no lib typings; these are the three names this file uses.
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, ctor: new (options: { processorOptions: { buffer: SharedArrayBuffer } }) => AudioWorkletProcessor): void;

class RingProcessor extends AudioWorkletProcessor {
  private readonly ring: AudioRing;
  private underruns = 0;
  private blocks = 0;

  constructor(options: { processorOptions: { buffer: SharedArrayBuffer } }) {
    super();
    this.ring = new AudioRing(options.processorOptions.buffer);
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const out = outputs[0];
    if (out === undefined || out.length < 2) return true;
    const left = out[0]!;
    const right = out[1]!;
    const got = this.ring.read(left, right);
    if (got < left.length) this.underruns++;
    // Report now and then (about every 0.7 s at 48 kHz): cheap, and enough for a read-out.
    if (++this.blocks % 256 === 0) this.port.postMessage({ underruns: this.underruns, queued: this.ring.available() });
    return true;
  }
}

registerProcessor('amalgam-ring', RingProcessor);
