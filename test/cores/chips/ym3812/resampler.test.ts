/**
 * The band-limited resampler (cores/kernel/resampler.ts) that brings the YM3812's 49,716 Hz (and
 * any chip's native rate) to the host rate. Kept beside the first chip that uses it.
 */
import { describe, expect, it } from 'vitest';
import { Resampler } from '../../../../cores/kernel/resampler.ts';
import { dominantHz, rms } from './signal.ts';

const FIN = 14_318_180 / 288;

/** Push n inputs, draining the output FIFO every 1000 inputs as a machine does each frame. */
function convert(r: Resampler, input: (i: number) => number, n: number): Float32Array {
  const out: number[] = [];
  const buf = new Float32Array(1 << 15);
  for (let i = 0; i < n; i++) {
    r.push(input(i));
    if (i % 1000 === 999 || i === n - 1) {
      const k = r.read(buf, 0, buf.length);
      for (let j = 0; j < k; j++) out.push(buf[j]!);
    }
  }
  return Float32Array.from(out);
}

describe('Resampler', () => {
  it('produces outRate/inRate samples per input sample and keeps DC at gain 1', () => {
    const r = new Resampler(FIN, 48_000);
    const out = convert(r, () => 0.5, Math.round(FIN));
    expect(Math.abs(out.length - 48_000)).toBeLessThanOrEqual(25); // minus the filter latency
    for (let i = 100; i < out.length; i++) expect(out[i]).toBeCloseTo(0.5, 5);
  });

  it('passes a 1 kHz tone at its frequency and level (49,716 -> 48,000 Hz)', () => {
    const r = new Resampler(FIN, 48_000);
    const out = convert(r, (i) => Math.sin((2 * Math.PI * 1000 * i) / FIN), 20_000);
    expect(dominantHz(out, 48_000, 900, 1100, 1)).toBe(1000);
    expect(rms(out, 200)).toBeCloseTo(Math.SQRT1_2, 2);
  });

  it('removes content above the output Nyquist frequency instead of aliasing it', () => {
    // Host at 22,050 Hz (225 % speed): a 15 kHz input tone would alias to 7,050 Hz.
    const r = new Resampler(FIN, 22_050);
    const out = convert(r, (i) => Math.sin((2 * Math.PI * 15_000 * i) / FIN), 20_000);
    expect(rms(out, 100)).toBeLessThan(1e-3);
    const r2 = new Resampler(FIN, 22_050);
    const pass = convert(r2, (i) => Math.sin((2 * Math.PI * 5_000 * i) / FIN), 20_000);
    expect(rms(pass, 100)).toBeCloseTo(Math.SQRT1_2, 2);
  });

  it('upsamples (10 % speed: 480 kHz) without adding images', () => {
    const r = new Resampler(FIN, 480_000);
    const out = convert(r, (i) => Math.sin((2 * Math.PI * 440 * i) / FIN), 10_000);
    expect(Math.abs(out.length - Math.round((10_000 * 480_000) / FIN))).toBeLessThanOrEqual(250);
    expect(dominantHz(out.subarray(1000), 480_000, 400, 480, 1)).toBe(440);
  });

  it('changes rate mid-stream and continues; a state round trip gives identical samples', () => {
    const r = new Resampler(FIN, 48_000);
    const sig = (i: number) => Math.sin(i * 0.05) * 0.8;
    for (let i = 0; i < 3000; i++) r.push(sig(i));
    r.setOutputRate(44_100);
    for (let i = 3000; i < 5000; i++) r.push(sig(i));
    const st = structuredClone(r.getState());
    const a = convert(r, (i) => sig(i + 5000), 4000);
    const r2 = new Resampler(FIN, 48_000);
    r2.setState(st);
    const b = convert(r2, (i) => sig(i + 5000), 4000);
    expect(b).toEqual(a);
    expect(a.every((v) => Number.isFinite(v) && Math.abs(v) < 1)).toBe(true);
    expect(() => r2.setState({} as never)).toThrow(/resampler state/);
  });

  it('mixes into an interleaved buffer with a gain', () => {
    const r = new Resampler(FIN, 48_000);
    for (let i = 0; i < 500; i++) r.push(1);
    const out = new Float32Array(8).fill(0.25);
    const n = r.read(out, 1, 4, 2, 0.5, true);
    expect(n).toBe(4);
    expect(Array.from(out)).toEqual([0.25, expect.any(Number), 0.25, expect.any(Number), 0.25, expect.any(Number), 0.25, expect.any(Number)]);
  });
});
