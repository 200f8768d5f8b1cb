/**
 * Sound on the page: Howler owns the AudioContext (master volume and mute); an AudioWorkletNode
 * running ring-processor.ts plays what the emulation worker sends, connected to Howler's master
 * gain. Two transports, chosen by what the page may use:
 * - cross-origin isolated (COOP/COEP headers): a SharedArrayBuffer ring the worker writes and the
 *   worklet reads, no messages at all;
 * - otherwise (a plain static host): a MessagePort from the worker straight to the worklet, with
 *   chunks of samples transferred and the worklet reporting how much it played.
 *
 * Starting and keeping sound: browsers start an AudioContext only after a user gesture, and Howler
 * unlocks its context only when a Howl is created (we create none) and suspends it after 30 s
 * without a Howl playing (`Howler.autoSuspend`). So auto-suspend is off, and every click, key or
 * touch on the page, and the tab becoming visible again, resumes the context if it is not running.
 */
import { Howler } from 'howler';
import workletUrl from './ring-processor.ts?worker&url';
import { AudioRing } from './ring-buffer.ts';

/** Ring size: half a second; the worker keeps far less than that queued (latency ~0.1 s). */
const RING_SECONDS = 0.5;

export class AudioOutput {
  /** The shared ring (cross-origin isolated pages), or null. */
  buffer: SharedArrayBuffer | null = null;
  sampleRate = 48000;
  /** Why there is no sound, for the page, or null. */
  problem: string | null = null;
  underruns = 0;
  /** Sample frames the worklet has played (taken from the ring or port), as last reported. */
  played = 0;
  /** Which transport carries the samples. */
  transport: 'shared' | 'port' | 'none' = 'none';
  private node: AudioWorkletNode | null = null;
  private ctx: AudioContext | null = null;

  async init(volume: number, muted: boolean): Promise<void> {
    try {
      // Before the context exists: Howler's 30 s idle timer would suspend ours for good.
      Howler.autoSuspend = false;
      Howler.volume(volume);
      Howler.mute(muted);
      const ctx = Howler.ctx;
      if (ctx === undefined || ctx === null) throw new Error('Web Audio is not available');
      this.ctx = ctx;
      this.sampleRate = ctx.sampleRate;
      this.keepRunning(ctx);
      const shared = typeof SharedArrayBuffer !== 'undefined' && crossOriginIsolated;
      if (shared) this.buffer = AudioRing.allocate(Math.ceil(this.sampleRate * RING_SECONDS), true) as SharedArrayBuffer;
      await ctx.audioWorklet.addModule(workletUrl);
      const node = new AudioWorkletNode(ctx, 'amalgam-ring', {
        numberOfInputs: 0,
        numberOfOutputs: 1,
        outputChannelCount: [2],
        processorOptions: { buffer: this.buffer, capacity: Math.ceil(this.sampleRate * RING_SECONDS) },
      });
      node.port.onmessage = (e: MessageEvent<{ underruns: number; played: number }>) => {
        this.underruns = e.data.underruns;
        this.played = e.data.played;
      };
      node.connect(Howler.masterGain);
      this.node = node;
      this.transport = shared ? 'shared' : 'port';
    } catch (e) {
      this.buffer = null;
      this.transport = 'none';
      this.problem = `Sound is off: ${e instanceof Error ? e.message : String(e)}.`;
    }
  }

  /**
   * The transport for a machine start: the shared ring, or a fresh port to the worklet (the old
   * one is dropped: the worklet listens to the newest port only).
   */
  forStart(): { buffer: SharedArrayBuffer | null; port: MessagePort | null } {
    if (this.transport === 'shared') return { buffer: this.buffer, port: null };
    if (this.transport === 'port' && this.node !== null) {
      const ch = new MessageChannel();
      this.node.port.postMessage({ port: ch.port2 }, [ch.port2]);
      return { buffer: null, port: ch.port1 };
    }
    return { buffer: null, port: null };
  }

  /** Resume on every gesture and when the tab comes back; the listeners stay (a context can be suspended again). */
  private keepRunning(ctx: AudioContext): void {
    const resume = () => { if (ctx.state !== 'running' && ctx.state !== 'closed') void ctx.resume().catch(() => {}); };
    for (const ev of ['pointerdown', 'keydown', 'touchend', 'mousedown'])
      window.addEventListener(ev, resume, { capture: true, passive: true });
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') resume(); });
  }

  setVolume(v: number): void {
    Howler.volume(v);
  }

  setMuted(m: boolean): void {
    Howler.mute(m);
  }

  /** 'running' once the browser let sound start (after the first gesture, usually). */
  get state(): string {
    return this.ctx?.state ?? 'none';
  }

  get active(): boolean {
    return this.node !== null;
  }
}
