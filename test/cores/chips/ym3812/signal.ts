/** Small signal-analysis helpers for the sound chip tests: Goertzel power, peak search, RMS. */

/** Power of `x` at `hz` (sample rate `rate`), normalised by length. */
export function goertzel(x: ArrayLike<number>, rate: number, hz: number, from = 0, to = x.length): number {
  const w = (2 * Math.PI * hz) / rate;
  const k = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = from; i < to; i++) {
    const s0 = x[i]! + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const n = to - from;
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / (n * n);
}

/** Frequency with the most power between lo and hi (Hz), searched on a `step` Hz grid. */
export function dominantHz(x: ArrayLike<number>, rate: number, lo: number, hi: number, step = 0.5): number {
  let best = lo;
  let bestP = -1;
  for (let f = lo; f <= hi; f += step) {
    const p = goertzel(x, rate, f);
    if (p > bestP) { bestP = p; best = f; }
  }
  return best;
}

export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let acc = 0;
  for (let i = from; i < to; i++) acc += x[i]! * x[i]!;
  return Math.sqrt(acc / Math.max(1, to - from));
}

export function peak(x: ArrayLike<number>, from = 0, to = x.length): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

/**
 * Spectral flatness (geometric mean / arithmetic mean of the power spectrum, 0..1) over `n` bins of
 * a naive DFT of x[from .. from + 2n): near 1 for white noise, near 0 for a tone.
 */
export function spectralFlatness(x: ArrayLike<number>, from: number, n: number): number {
  const len = 2 * n;
  let logSum = 0;
  let sum = 0;
  for (let k = 1; k < n; k++) {
    let re = 0;
    let im = 0;
    const w = (2 * Math.PI * k) / len;
    for (let i = 0; i < len; i++) {
      const v = x[from + i]!;
      re += v * Math.cos(w * i);
      im -= v * Math.sin(w * i);
    }
    const p = re * re + im * im + 1e-12;
    logSum += Math.log(p);
    sum += p;
  }
  return Math.exp(logSum / (n - 1)) / (sum / (n - 1));
}
