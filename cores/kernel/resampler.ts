/**
 * A band-limited resampler: turns a mono stream at a chip's native rate (YM3812: 49,716 Hz; any
 * other fixed-rate sound chip) into the host's output rate, which changes at run time with the
 * speed control (the Pacer asks for host rate / speed).
 *
 * Method: windowed-sinc interpolation (Smith, "Digital Audio Resampling", the bandlimited
 * interpolation of ccrma.stanford.edu/~jos/resample/). The impulse response is a sinc with its
 * cutoff at 90 % of the lower of the two Nyquist frequencies, shaped by a Kaiser window (beta 8,
 * about 80 dB stop-band rejection; 48 taps give a transition band about 5 kHz wide at 49,716 Hz,
 * centred on the cutoff), sampled on a polyphase table of `PHASES` rows of `2 * HALF_TAPS` taps each; between two rows the coefficients are interpolated linearly. Each
 * row is normalised to a DC gain of exactly 1. The table depends only on the cutoff and is built
 * once per distinct ratio class (upsampling shares one table; each downsampling ratio has its own).
 *
 * Latency: HALF_TAPS input samples (0.48 ms at 49,716 Hz). Time is kept as a double `pos` (the
 * fractional input position of the next output sample); it is part of the state, so a save-state
 * round trip continues with the very same samples.
 *
 * Output goes into a FIFO that the machine drains (`read`/`mix`), so several sources at the host
 * rate can be summed sample by sample: each source's FIFO holds what it has produced so far.
 */
import { CorruptStateError } from './errors.ts';

/** Zero crossings of the sinc on each side of the centre. */
const HALF_TAPS = 24;
const TAPS = 2 * HALF_TAPS;
/** Rows of the polyphase table (fractional positions per input sample). */
const PHASES = 256;
const KAISER_BETA = 8;
/** Cutoff as a fraction of the lower Nyquist frequency: the transition band fits above it. */
const CUTOFF_FRACTION = 0.9;
/** FIFO capacity in output samples (a frame at 480 kHz, the host rate at 10 % speed, fits). */
const FIFO_SIZE = 1 << 15;

export interface ResamplerState {
  inHz: number;
  outHz: number;
  /** The last TAPS input samples, oldest first. */
  history: Float32Array;
  /** Position of the next output sample, in input samples after the oldest sample of `history`. */
  pos: number;
  /** Output samples produced but not yet read. */
  pending: Float32Array;
}

/** Modified Bessel function of the first kind, order 0 (power series; converges fast here). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

const tableCache = new Map<number, Float32Array>();

/**
 * Polyphase table for a cutoff `fc` in cycles per input sample (< 0.5): PHASES + 1 rows; row p
 * holds the TAPS weights (oldest input first) for an output point p/PHASES of an input sample
 * after window tap HALF_TAPS-1, i.e. midway in the window.
 */
function buildTable(fc: number): Float32Array {
  const cached = tableCache.get(fc);
  if (cached) return cached;
  const table = new Float32Array((PHASES + 1) * TAPS);
  const i0Beta = besselI0(KAISER_BETA);
  for (let p = 0; p <= PHASES; p++) {
    const frac = p / PHASES;
    let sum = 0;
    for (let j = 0; j < TAPS; j++) {
      // Distance in input samples between the output point and input tap j.
      const d = frac + (HALF_TAPS - 1) - j;
      const x = 2 * fc * d;
      const sinc = d === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
      const r = d / HALF_TAPS;
      const w = Math.abs(r) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
      const v = 2 * fc * sinc * w;
      table[p * TAPS + j] = v;
      sum += v;
    }
    for (let j = 0; j < TAPS; j++) table[p * TAPS + j] /= sum;
  }
  tableCache.set(fc, table);
  return table;
}

export class Resampler {
  private inHz: number;
  private outHz: number;
  /** Input samples per output sample. */
  private step: number;
  private table: Float32Array;
  /** History, written twice (at i and i + TAPS) so the taps are always contiguous. */
  private hist = new Float32Array(2 * TAPS);
  private head = 0;
  private pos = HALF_TAPS;
  private fifo = new Float32Array(FIFO_SIZE);
  private fifoRead = 0;
  private fifoCount = 0;
  /** Consecutive zero inputs (capped): with a window of zeros the output is 0 without the taps. */
  private zeros = 0;

  constructor(inHz: number, outHz: number) {
    this.inHz = inHz;
    this.outHz = outHz;
    this.step = inHz / outHz;
    this.table = buildTable(this.cutoff());
  }

  get inputRate(): number { return this.inHz; }
  get outputRate(): number { return this.outHz; }

  private cutoff(): number {
    return 0.5 * CUTOFF_FRACTION * Math.min(1, this.outHz / this.inHz);
  }

  /** Change the rates from the next input sample on; the history and phase are kept. */
  setRates(inHz: number, outHz: number): void {
    if (!(inHz > 0) || !(outHz > 0)) throw new RangeError('resampler rates must be positive');
    if (inHz === this.inHz && outHz === this.outHz) return;
    this.inHz = inHz;
    this.outHz = outHz;
    this.step = inHz / outHz;
    this.table = buildTable(this.cutoff());
  }

  setOutputRate(outHz: number): void { this.setRates(this.inHz, outHz); }

  /** One input sample. Emits every output sample whose window is now complete. */
  push(x: number): void {
    const h = this.head;
    this.hist[h] = x;
    this.hist[h + TAPS] = x;
    this.head = h + 1 === TAPS ? 0 : h + 1;
    this.zeros = x === 0 ? (this.zeros < TAPS ? this.zeros + 1 : TAPS) : 0;
    // The window now spans the last TAPS inputs; output points between taps HALF_TAPS-1 and
    // HALF_TAPS (positions HALF_TAPS-1 .. HALF_TAPS) have all their taps.
    let pos = this.pos - 1;
    if (pos >= HALF_TAPS) { this.pos = pos; return; }
    if (this.zeros === TAPS) { // silence in, silence out (exactly what the taps would give)
      while (pos < HALF_TAPS) { this.emit(0); pos += this.step; }
      this.pos = pos;
      return;
    }
    const table = this.table;
    const hist = this.hist;
    const base = this.head; // oldest sample
    while (pos < HALF_TAPS) {
      // pos in [HALF_TAPS-1, HALF_TAPS): frac is the output's offset after tap HALF_TAPS-1.
      const f = (pos - (HALF_TAPS - 1)) * PHASES;
      const p = f | 0;
      const a = f - p;
      const r0 = p * TAPS;
      const r1 = r0 + TAPS;
      let y0 = 0;
      let y1 = 0;
      for (let j = 0; j < TAPS; j++) {
        const v = hist[base + j]!;
        y0 += v * table[r0 + j]!;
        y1 += v * table[r1 + j]!;
      }
      this.emit(y0 + (y1 - y0) * a);
      pos += this.step;
    }
    this.pos = pos;
  }

  private emit(y: number): void {
    if (this.fifoCount === FIFO_SIZE) { // nobody is reading: drop the oldest
      this.fifoRead = (this.fifoRead + 1) & (FIFO_SIZE - 1);
      this.fifoCount--;
    }
    this.fifo[(this.fifoRead + this.fifoCount) & (FIFO_SIZE - 1)] = y;
    this.fifoCount++;
  }

  /** Output samples waiting to be read. */
  get available(): number { return this.fifoCount; }

  /**
   * Take up to `n` output samples: `out[offset + i * stride] += gain * sample` (mixing), or `=` when
   * `add` is false. Returns how many were taken.
   */
  read(out: Float32Array, offset: number, n: number, stride = 1, gain = 1, add = false): number {
    const count = Math.min(n, this.fifoCount);
    let r = this.fifoRead;
    const fifo = this.fifo;
    for (let i = 0, o = offset; i < count; i++, o += stride) {
      const v = fifo[r]! * gain;
      out[o] = add ? out[o]! + v : v;
      r = (r + 1) & (FIFO_SIZE - 1);
    }
    this.fifoRead = r;
    this.fifoCount -= count;
    return count;
  }

  /** Drop everything waiting in the output FIFO. */
  clearOutput(): void { this.fifoRead = 0; this.fifoCount = 0; }

  getState(): ResamplerState {
    const history = new Float32Array(TAPS);
    for (let j = 0; j < TAPS; j++) history[j] = this.hist[this.head + j]!;
    const pending = new Float32Array(this.fifoCount);
    for (let i = 0; i < this.fifoCount; i++) pending[i] = this.fifo[(this.fifoRead + i) & (FIFO_SIZE - 1)]!;
    return { inHz: this.inHz, outHz: this.outHz, history, pos: this.pos, pending };
  }

  setState(s: ResamplerState): void {
    if (typeof s !== 'object' || s === null || !(s.history instanceof Float32Array) || s.history.length !== TAPS ||
        !(s.pending instanceof Float32Array) || s.pending.length > FIFO_SIZE ||
        !(s.inHz > 0) || !(s.outHz > 0) || !Number.isFinite(s.pos) || s.pos < HALF_TAPS - 1e-9 ||
        s.pos > HALF_TAPS + s.inHz / s.outHz + 1)
      throw new CorruptStateError('resampler state: malformed');
    this.setRates(s.inHz, s.outHz);
    this.head = 0;
    this.hist.set(s.history, 0);
    this.hist.set(s.history, TAPS);
    let z = 0;
    while (z < TAPS && s.history[TAPS - 1 - z] === 0) z++;
    this.zeros = z;
    this.pos = s.pos;
    this.fifo.set(s.pending, 0);
    this.fifoRead = 0;
    this.fifoCount = s.pending.length;
  }
}
