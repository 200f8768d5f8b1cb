/**
 * Sound on the page: Howler owns the AudioContext (it unlocks it on the first click or key press,
 * and gives master volume and mute); an AudioWorkletNode running ring-processor.ts plays what the
 * emulation worker writes into a shared ring buffer, connected to Howler's master gain.
 *
 * The ring needs SharedArrayBuffer, i.e. a cross-origin isolated page (COOP/COEP headers, set by
 * vite.config.ts for dev and preview). Without it the machine runs silent and `problem` says why.
 */
import { Howler } from 'howler';
import workletUrl from './ring-processor.ts?worker&url';
import { AudioRing } from './ring-buffer.ts';

/** Ring size: half a second; the worker keeps far less than that queued (latency ~0.1 s). */
const RING_SECONDS = 0.5;

export class AudioOutput {
  buffer: SharedArrayBuffer | null = null;
  sampleRate = 48000;
  /** Why there is no sound, for the page, or null. */
  problem: string | null = null;
  underruns = 0;
  private node: AudioWorkletNode | null = null;

  async init(volume: number, muted: boolean): Promise<void> {
    try {
      Howler.volume(volume);
      Howler.mute(muted);
      const ctx = Howler.ctx;
      if (ctx === undefined || ctx === null) throw new Error('Web Audio is not available');
      this.sampleRate = ctx.sampleRate;
      if (typeof SharedArrayBuffer === 'undefined' || !crossOriginIsolated) {
        this.problem = 'Sound is off: this page is not cross-origin isolated (serve it with COOP/COEP headers).';
        return;
      }
      this.buffer = AudioRing.allocate(Math.ceil(this.sampleRate * RING_SECONDS), true) as SharedArrayBuffer;
      await ctx.audioWorklet.addModule(workletUrl);
      const node = new AudioWorkletNode(ctx, 'amalgam-ring', {
        numberOfInputs: 0,
        numberOfOutputs: 1,
        outputChannelCount: [2],
        processorOptions: { buffer: this.buffer },
      });
      node.port.onmessage = (e: MessageEvent<{ underruns: number }>) => { this.underruns = e.data.underruns; };
      node.connect(Howler.masterGain);
      this.node = node;
    } catch (e) {
      this.buffer = null;
      this.problem = `Sound is off: ${e instanceof Error ? e.message : String(e)}.`;
    }
  }

  setVolume(v: number): void {
    Howler.volume(v);
  }

  setMuted(m: boolean): void {
    Howler.mute(m);
  }

  /** 'running' once the browser let sound start (after the first gesture, usually). */
  get state(): string {
    return Howler.ctx?.state ?? 'none';
  }

  get active(): boolean {
    return this.node !== null;
  }
}
