/**
 * Paula audio in the assembled machine: a DMA channel plays a sample buffer from chip RAM at its
 * period and volume on its side (0/3 left, 1/2 right), raises its interrupt when a buffer starts,
 * and stops when its DMA is switched off.
 */
import { describe, expect, it } from 'vitest';
import { InputState, type Host } from '../../../cores/kernel/host.ts';
import { Reg } from '../../../machines/amiga-500/constants.ts';
import { bareAmiga, poke16, runFrame } from './helpers.ts';

class AudioHost implements Host {
  readonly input = new InputState();
  left: number[] = [];
  right: number[] = [];
  video(): void {}
  audio(samples: Float32Array, frames: number): void {
    for (let i = 0; i < frames; i++) { this.left.push(samples[2 * i]!); this.right.push(samples[2 * i + 1]!); }
  }
}

/** Zero crossings (sign changes) in a signal. */
function crossings(x: number[]): number {
  let n = 0;
  for (let i = 1; i < x.length; i++) if ((x[i - 1]! < 0) !== (x[i]! < 0)) n++;
  return n;
}

describe('Paula audio', () => {
  it('plays a square wave on channel 0 (left) at the rate its period gives, with the AUD0 interrupt', () => {
    const host = new AudioHost();
    const a = bareAmiga(host);
    // 8 samples: 4 at +100, 4 at -100 (one cycle), repeated: 4 words.
    poke16(a, 0x3000, 0x6464); poke16(a, 0x3002, 0x6464); poke16(a, 0x3004, 0x9c9c); poke16(a, 0x3006, 0x9c9c);
    a.writeCustom(Reg.AUD0LCH, 0, 0);
    a.writeCustom(Reg.AUD0LCL, 0x3000, 0);
    a.writeCustom(Reg.AUD0LEN, 4, 0);
    a.writeCustom(Reg.AUD0PER, 400, 0); // 3,546,895 / 400 = 8,867 samples/s -> 1,108 Hz square
    a.writeCustom(Reg.AUD0VOL, 64, 0);
    a.writeCustom(Reg.INTREQ, 0x7fff, 0);
    a.writeCustom(Reg.DMACON, 0x8201, 0);
    expect(a.paula.s.intreq & 0x80).toBe(0x80);
    runFrame(a);
    host.left.length = 0; host.right.length = 0;
    for (let i = 0; i < 50; i++) runFrame(a); // about one second
    const seconds = host.left.length / 48000;
    expect(seconds).toBeGreaterThan(0.9);
    const hz = crossings(host.left) / 2 / seconds;
    expect(hz).toBeGreaterThan(1108 * 0.97);
    expect(hz).toBeLessThan(1108 * 1.03);
    expect(Math.max(...host.left)).toBeGreaterThan(0.2);
    expect(Math.max(...host.right.map(Math.abs))).toBe(0);
    // Switched off: silence follows (after the filter settles).
    a.writeCustom(Reg.DMACON, 0x0001, 0);
    runFrame(a);
    host.left.length = 0;
    runFrame(a);
    expect(Math.max(...host.left.map(Math.abs))).toBeLessThan(0.01);
  });

  it('channel 1 plays on the right, scaled by its volume', () => {
    const host = new AudioHost();
    const a = bareAmiga(host);
    poke16(a, 0x3000, 0x7f7f); poke16(a, 0x3002, 0x8080);
    a.writeCustom(Reg.AUD0LCH + 0x10, 0, 0);
    a.writeCustom(Reg.AUD0LCL + 0x10, 0x3000, 0);
    a.writeCustom(Reg.AUD0LEN + 0x10, 2, 0);
    a.writeCustom(Reg.AUD0PER + 0x10, 200, 0);
    a.writeCustom(Reg.AUD0VOL + 0x10, 16, 0);
    a.writeCustom(Reg.DMACON, 0x8202, 0);
    for (let i = 0; i < 5; i++) runFrame(a);
    expect(Math.max(...host.left.map(Math.abs))).toBe(0);
    const peak = Math.max(...host.right);
    // Full scale per side is 1 for two channels at volume 64: one channel at 16 peaks near 0.125.
    expect(peak).toBeGreaterThan(0.08);
    expect(peak).toBeLessThan(0.14);
  });
});
