/**
 * Peer bench for the NES machine: jsnes 3.0.0 (npm, Apache-2.0, Ben Firshman) running the same
 * workload as `bench --machine nes`, nestest.nes from power-on (its menu screen with rendering
 * on), with video and sound on (it fills a frame buffer every frame and produces samples at
 * 48 kHz). Reported as frames per second and a multiple of real time (60.0988 frames/s NTSC),
 * to put beside ours measured in the same run. Dev dependency only; never part of the app.
 *
 * Hook for ui/cli/commands/bench.ts: after a machine's own figure, for `m.id === 'nes'`, call
 * `nesPeerJsnes.run(workloadBytes, seconds, nowMs)` and print `fps` / `speed` (ours / theirs).
 */
import { NES } from 'jsnes';

export const NTSC_FRAME_HZ = 21_477_272 / ((262 * 341 - 0.5) * 4);

export interface MachinePeerResult {
  frames: number;
  seconds: number;
  fps: number;
  /** Multiple of real time. */
  speed: number;
}

export const nesPeerJsnes = {
  name: 'jsnes 3.0.0',
  machine: 'nes',
  run(workload: Uint8Array, seconds: number, nowMs: () => number): MachinePeerResult {
    let samples = 0;
    const nes = new NES({
      onFrame: () => {},
      onAudioSample: () => { samples++; },
      emulateSound: true,
      sampleRate: 48000,
    });
    // jsnes 3 takes the ROM as a binary string or bytes.
    nes.loadROM(workload);
    const runFor = (ms: number) => {
      let frames = 0;
      const t0 = nowMs();
      let t = t0;
      while (t - t0 < ms) {
        for (let i = 0; i < 10; i++) nes.frame();
        frames += 10;
        t = nowMs();
      }
      return { frames, seconds: (t - t0) / 1000 };
    };
    runFor(seconds * 250); // warm the JIT, as our bench does
    const r = runFor(seconds * 1000);
    if (samples === 0) throw new Error('jsnes produced no audio');
    const fps = r.frames / r.seconds;
    return { frames: r.frames, seconds: r.seconds, fps, speed: fps / NTSC_FRAME_HZ };
  },
};
