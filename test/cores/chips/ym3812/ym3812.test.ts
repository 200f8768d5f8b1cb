/**
 * YM3812 (OPL2) alone, against the Yamaha YM3812 application manual: register map, timers and the
 * AdLib detection sequence, frequency formula, envelope rate tables, KSL table, rhythm mode.
 */
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../../../cores/kernel/scheduler.ts';
import { EXP_TABLE, KSL_BLOCK7, LOGSIN_TABLE } from '../../../../cores/chips/ym3812/tables.ts';
import { Ym3812, YM3812_SAMPLE_HZ } from '../../../../cores/chips/ym3812/ym3812.ts';
import { dominantHz, peak, rms, spectralFlatness } from './signal.ts';

/** Ticks per sample on a 14.31818 MHz master (ISA OSC / 288). */
const TPS = 288;
/** Master ticks per microsecond at 14.31818 MHz. */
const TICKS_PER_US = 14.31818;

function rig() {
  const clock = { now: 0 };
  const chip = new Ym3812(clock, { ticksPerSample: TPS });
  const out: number[] = [];
  chip.onSample = (v) => out.push(v);
  const w = (r: number, v: number): void => { chip.write(0, r); chip.write(1, v); };
  const run = (samples: number): void => { clock.now += samples * TPS; chip.update(); };
  const runUs = (us: number): void => { clock.now += Math.round(us * TICKS_PER_US); chip.update(); };
  return { clock, chip, out, w, run, runUs };
}

/** F-number for `hz` at `block` (datasheet: f = fnum * fs * 2^(block-1) / 2^19). */
function fnumFor(hz: number, block: number, fs = YM3812_SAMPLE_HZ): number {
  return Math.round((hz * 2 ** (20 - block)) / fs);
}

/** Channel 0 as a plain sine tone on the carrier (modulator silent), sustained. */
function sineVoice(w: (r: number, v: number) => void, hz: number, block = 4, attack = 0xf0, release = 0x05): void {
  w(0x20, 0x01); w(0x40, 0x3f); w(0x60, 0xf0); w(0x80, 0x0f);
  w(0x23, 0x21); w(0x43, 0x00); w(0x63, attack); w(0x83, release);
  const f = fnumFor(hz, block);
  w(0xa0, f & 0xff);
  w(0xb0, 0x20 | (block << 2) | (f >> 8));
}

describe('YM3812 tables (derived at start-up)', () => {
  it('log-sine ROM: first and last entries of the quarter wave, monotonic', () => {
    expect(LOGSIN_TABLE[0]).toBe(2137); // -log2(sin(pi/1024)) * 256
    expect(LOGSIN_TABLE[255]).toBe(0);
    for (let i = 1; i < 256; i++) expect(LOGSIN_TABLE[i]!).toBeLessThanOrEqual(LOGSIN_TABLE[i - 1]!);
  });

  it('exponent ROM: attenuation 0 gives the 13-bit full scale, 255 half of 4096', () => {
    expect(EXP_TABLE[0]).toBe(4084);
    expect(EXP_TABLE[255]).toBe(2048);
    // One octave (256 units) of attenuation halves the level.
    expect(EXP_TABLE[0]! >> 1).toBe(2042);
  });

  it('KSL for block 7 matches the datasheet table (dB at 3 dB/octave)', () => {
    const datasheetDb = [0, 9, 12, 13.875, 15, 16.125, 16.875, 17.625, 18, 18.75, 19.125, 19.5, 19.875, 20.25, 20.625, 21];
    expect(Array.from(KSL_BLOCK7, (v) => v * 0.375)).toEqual(datasheetDb);
  });
});

describe('YM3812 timers and status', () => {
  it('the AdLib detection sequence sees 00h then C0h, as a real card gives', () => {
    const { chip, w, runUs } = rig();
    w(0x04, 0x60); // mask both timers (and stop them)
    w(0x04, 0x80); // reset the IRQ flags
    expect(chip.read(0) & 0xe0).toBe(0x00);
    w(0x02, 0xff); // timer 1 preset: overflow after one 80 us step
    w(0x04, 0x21); // start timer 1, mask timer 2
    runUs(100); // programs wait at least 80 us (e.g. 100 status reads)
    expect(chip.read(0) & 0xe0).toBe(0xc0);
    w(0x04, 0x60);
    w(0x04, 0x80);
    expect(chip.read(0) & 0xe0).toBe(0x00);
  });

  it('status bits 2-1 read as 1 (an OPL2, not an OPL3); the data port reads as open bus', () => {
    const { chip } = rig();
    expect(chip.read(0) & 0x06).toBe(0x06);
    expect(chip.read(1)).toBe(0xff);
  });

  it('timer 1 overflows every (256 - preset) x 80 us; timer 2 every (256 - preset) x 320 us', () => {
    const { chip, w, run } = rig();
    w(0x02, 256 - 10); // 10 steps of 4 samples
    w(0x04, 0x01 | 0x20);
    run(36);
    expect(chip.read(0) & 0x40).toBe(0);
    run(8);
    expect(chip.read(0) & 0xc0).toBe(0xc0);

    const b = rig();
    b.w(0x03, 0); // 256 steps of 16 samples = 81.9 ms
    b.w(0x04, 0x02 | 0x40);
    b.run(256 * 16 - 20);
    expect(b.chip.read(0) & 0x20).toBe(0);
    b.run(40);
    expect(b.chip.read(0) & 0xa0).toBe(0xa0);
  });

  it('a masked timer runs but sets no flag; IRQ-RESET clears flags and keeps the start bits', () => {
    const { chip, w, run } = rig();
    w(0x02, 0xff);
    w(0x04, 0x41); // timer 1 started but masked
    run(100);
    expect(chip.read(0) & 0xe0).toBe(0);
    w(0x04, 0x01); // unmask: the running timer now sets its flag
    run(8);
    expect(chip.read(0) & 0xe0).toBe(0xc0);
    w(0x04, 0x80);
    expect(chip.read(0) & 0xe0).toBe(0);
    run(8); // still running after the reset
    expect(chip.read(0) & 0xe0).toBe(0xc0);
  });

  it('/IRQ is asserted at the tick the timer overflows, through one scheduler timer', () => {
    const sched = new Scheduler();
    const chip = new Ym3812(sched, { ticksPerSample: TPS, scheduler: sched });
    const edges: [number, boolean][] = [];
    chip.onIrq = (on) => edges.push([sched.now, on]);
    chip.write(0, 0x02); chip.write(1, 256 - 3);
    chip.write(0, 0x04); chip.write(1, 0x01);
    sched.runUntil(TPS * 100);
    // Steps on samples 0, 4, 8: the third step (sample 8) overflows; it is done at the end of it.
    expect(edges).toEqual([[9 * TPS, true]]);
    chip.write(0, 0x04); chip.write(1, 0x80);
    expect(edges[1]).toEqual([TPS * 100, false]);
  });
});

describe('YM3812 tone generation', () => {
  it('a 440 Hz note (F-number from the datasheet formula) has its dominant frequency within 1 %', () => {
    const { out, w, run } = rig();
    sineVoice(w, 440);
    run(Math.round(YM3812_SAMPLE_HZ / 2));
    const f = dominantHz(out, YM3812_SAMPLE_HZ, 300, 600);
    expect(Math.abs(f - 440) / 440).toBeLessThan(0.01);
    // A pure sine at full level peaks at the 13-bit full scale.
    expect(peak(out)).toBeGreaterThan(4000);
  });

  it('an FM note (modulator 1:1) keeps its fundamental and gains harmonics', () => {
    const a = rig();
    sineVoice(a.w, 440);
    a.run(20000);
    const b = rig();
    sineVoice(b.w, 440);
    b.w(0x20, 0x21); // modulator sustained...
    b.w(0x40, 0x10); // ...and audible: TL 12 dB
    b.run(20000);
    const fb = dominantHz(b.out, YM3812_SAMPLE_HZ, 300, 600);
    expect(Math.abs(fb - 440) / 440).toBeLessThan(0.01);
    const h2 = (x: number[]) => { let s = 0; for (let f = 860; f <= 900; f += 2) s = Math.max(s, dominantPower(x, f)); return s; };
    expect(h2(b.out)).toBeGreaterThan(100 * h2(a.out));
  });

  it('waveforms need WSE: half-sine has a silent negative half only when WSE is set', () => {
    const a = rig();
    sineVoice(a.w, 440);
    a.w(0xe3, 0x01); // half-sine requested, but WSE = 0
    a.run(4000);
    expect(Math.min(...a.out)).toBeLessThan(-4000);
    const b = rig();
    b.w(0x01, 0x20);
    sineVoice(b.w, 440);
    b.w(0xe3, 0x01);
    b.run(4000);
    expect(Math.min(...b.out)).toBeGreaterThanOrEqual(-1); // one's complement of 0 is -1
    expect(Math.max(...b.out)).toBeGreaterThan(4000);
  });

  it('KSL at 3 dB/octave attenuates block 7, F-number top bits 15, by 21 dB (datasheet)', () => {
    const level = (ksl: number): number => {
      const r = rig();
      r.w(0x20, 0x01); r.w(0x40, 0x3f); r.w(0x60, 0xf0); r.w(0x80, 0x0f);
      r.w(0x23, 0x21); r.w(0x43, ksl << 6); r.w(0x63, 0xf0); r.w(0x83, 0x05);
      r.w(0xa0, 0xff); r.w(0xb0, 0x20 | (7 << 2) | 3);
      r.run(2000);
      return rms(r.out, 1000);
    };
    const db = (ratio: number) => 20 * Math.log10(ratio);
    expect(db(level(0) / level(1))).toBeCloseTo(21, 0);
    expect(db(level(0) / level(2))).toBeCloseTo(10.5, 0);
    expect(db(level(0) / level(3))).toBeCloseTo(42, 0);
  });

  it('deep vibrato swings the pitch by about +-14 cents at 6.1 Hz', () => {
    const r = rig();
    sineVoice(r.w, 440);
    r.w(0x23, 0x61); // VIB on
    r.w(0xbd, 0x40); // DVB
    r.run(Math.round(YM3812_SAMPLE_HZ * 0.4));
    // Measure the pitch in 1024-sample windows (one vibrato step each): extremes about +-14 cents.
    const cents: number[] = [];
    for (let i = 0; i + 1024 <= r.out.length; i += 1024) {
      let first = -1, last = -1, n = 0;
      for (let j = i + 1; j < i + 1024; j++) if (r.out[j - 1]! < 0 && r.out[j]! >= 0) { if (first < 0) first = j; last = j; n++; }
      if (n > 2) cents.push(1200 * Math.log2(((n - 1) * YM3812_SAMPLE_HZ) / (last - first) / 440));
    }
    expect(Math.max(...cents)).toBeGreaterThan(9);
    expect(Math.max(...cents)).toBeLessThan(20);
    expect(Math.min(...cents)).toBeLessThan(-9);
  });

  it('deep tremolo varies the level by about 4.8 dB', () => {
    const r = rig();
    sineVoice(r.w, 880);
    r.w(0x23, 0xa1); // AM on
    r.w(0xbd, 0x80); // DAM
    r.run(Math.round(YM3812_SAMPLE_HZ * 0.6));
    const lv: number[] = [];
    for (let i = 2000; i + 500 <= r.out.length; i += 500) lv.push(peak(r.out, i, i + 500));
    const swing = 20 * Math.log10(Math.max(...lv) / Math.min(...lv));
    expect(swing).toBeGreaterThan(4.2);
    expect(swing).toBeLessThan(5.4);
  });
});

/** Power near f (Goertzel) for the FM harmonic check. */
function dominantPower(x: number[], f: number): number {
  const w = (2 * Math.PI * f) / YM3812_SAMPLE_HZ;
  const k = 2 * Math.cos(w);
  let s1 = 0, s2 = 0;
  for (const v of x) { const s0 = v + k * s1 - s2; s2 = s1; s1 = s0; }
  return s1 * s1 + s2 * s2 - k * s1 * s2;
}

describe('YM3812 envelope generator (datasheet rate tables, at the datasheet 3.6 MHz clock = 50 kHz)', () => {
  const FS = 50_000;
  /** Samples until the carrier envelope of channel 0 meets `done`. */
  function envelopeSamples(setup: (w: (r: number, v: number) => void) => void, done: (eg: number) => boolean, keyOff = false): number {
    const r = rig();
    setup(r.w);
    r.w(0xa0, 0x44);
    r.w(0xb0, 0x20 | (1 << 2)); // block 1, F-number < 512: no rate key scaling offset
    if (keyOff) { r.run(4); r.w(0xb0, 1 << 2); }
    let n = 0;
    while (!done(r.chip.s.eg[3]!) && n < 3_000_000) { r.run(1); n++; }
    return n;
  }

  it('attack 0-100 %: 706.56 ms at AR 3, and each AR step halves it (datasheet table)', () => {
    const t = (ar: number) => envelopeSamples((w) => { w(0x23, 0x21); w(0x63, ar << 4); }, (eg) => eg === 0) / FS * 1000;
    expect(t(3)).toBeCloseTo(706.56, 0);
    expect(t(4) / t(3)).toBeCloseTo(0.5, 2);
    expect(t(6) / t(5)).toBeCloseTo(0.5, 2);
    expect(t(15)).toBe(0); // AR 15: instant
  });

  it('release to -90 dB: 9820.16 ms at RR 3, halving per step; KSR rate offsets 1.25, 1.5, 1.75', () => {
    const t = (rr: number, ksrBlock = 1) => {
      const r = rig();
      r.w(0x23, 0x31); r.w(0x63, 0xf0); r.w(0x83, rr);
      const fnum = 0x244;
      r.w(0xa0, fnum & 0xff);
      r.w(0xb0, 0x20 | (ksrBlock << 2) | (fnum >> 8));
      r.run(4);
      r.w(0xb0, (ksrBlock << 2) | (fnum >> 8));
      let n = 0;
      while (r.chip.s.eg[3]! < 480 && n < 3_000_000) { r.run(1); n++; }
      return n / FS * 1000;
    };
    // F-number 0x244 has bit 9 set: with KSR on, rate offset = block*2 + 1.
    expect(t(3, 0)).toBeCloseTo(9820.16 / 1.25, -1); // offset 1: rate 13
    expect(t(5, 1) / t(5, 0)).toBeCloseTo(1.25 / 1.75, 2); // offsets 1 vs 3
    expect(t(8, 2) / t(8, 1)).toBeCloseTo(1.75 / (2 * 1.25), 2); // offset 5 (next R, x1.25) vs 3
  });

  it('decay stops at the sustain level and holds it (EG-TYP 1); key off releases', () => {
    const r = rig();
    sineVoice(r.w, 440, 4, 0xf6, 0x46); // AR 15, DR 6, SL 4 (12 dB), RR 6
    r.run(Math.round(YM3812_SAMPLE_HZ * 0.6));
    const top = peak(r.out, 0, 200);
    const sustained = peak(r.out, r.out.length - 2000);
    expect(20 * Math.log10(top / sustained)).toBeCloseTo(12, 0);
    expect(r.chip.s.eg[3]).toBe(4 * 16);
    r.w(0xb0, 0x10 | 2); // key off
    r.run(Math.round(YM3812_SAMPLE_HZ * 1.5));
    expect(peak(r.out, r.out.length - 1000)).toBeLessThanOrEqual(1); // 0 or its complement -1
  });

  it('attack, decay and release times keep the datasheet ratio (a whole note, from the produced samples)', () => {
    const r = rig();
    sineVoice(r.w, 80, 1, 0x55, 0x05); // AR 5, DR 5 at 80 Hz (block 1: no key scaling offset)
    r.w(0x23, 0x01); // percussive: sustain phase uses RR
    r.w(0x83, 0xf5); // SL 15
    r.run(Math.round(YM3812_SAMPLE_HZ * 4));
    // Envelope of the output in 10 ms windows: attack to the peak, then decay to silence.
    const win = Math.round(YM3812_SAMPLE_HZ / 100);
    const env: number[] = [];
    for (let i = 0; i + win <= r.out.length; i += win) env.push(peak(r.out, i, i + win));
    const top = Math.max(...env);
    const peakAt = env.indexOf(top);
    const quietAt = env.findIndex((v, i) => i > peakAt && v < top / 100); // -40 dB
    // Datasheet at rate 20: attack 0-100 % = 176.64 ms; decay by 40 dB = 96 dB time x 40/96-ish
    // (the decay is linear in dB): 2455.04 ms x 213/480.
    expect(peakAt * 10).toBeGreaterThan(176.64 * 0.8);
    expect(peakAt * 10).toBeLessThan(176.64 * 1.3);
    const decayMs = (quietAt - peakAt) * 10;
    expect(decayMs).toBeGreaterThan(2455.04 * (213 / 480) * 0.9);
    expect(decayMs).toBeLessThan(2455.04 * (213 / 480) * 1.1);
  });
});

describe('YM3812 rhythm mode', () => {
  function drums(bits: number): number[] {
    const r = rig();
    // Channels 6-8 (percussion) with short envelopes; F-numbers as in the usual AdLib drum set-up.
    for (const o of [0x10, 0x11, 0x12, 0x13, 0x14, 0x15]) {
      r.w(0x20 + o, 0x01); r.w(0x40 + o, 0x00); r.w(0x60 + o, 0xf6); r.w(0x80 + o, 0x06);
    }
    r.w(0xa6, 0x57); r.w(0xb6, 0x09); // BD
    r.w(0xa7, 0x57); r.w(0xb7, 0x09); // HH/SD
    r.w(0xa8, 0x57); r.w(0xb8, 0x09); // TOM/TC
    r.w(0xbd, 0x20 | bits);
    r.run(8192);
    return r.out;
  }

  it('the snare and hi-hat are noise-like; the tom-tom is a tone', () => {
    const snare = drums(0x08);
    const hihat = drums(0x01);
    const tom = drums(0x04);
    expect(peak(snare)).toBeGreaterThan(1000);
    expect(peak(hihat)).toBeGreaterThan(1000);
    const fSnare = spectralFlatness(snare, 512, 512);
    const fHat = spectralFlatness(hihat, 512, 512);
    const fTom = spectralFlatness(tom, 512, 512);
    expect(fSnare).toBeGreaterThan(0.1);
    expect(fHat).toBeGreaterThan(0.1);
    expect(fTom).toBeLessThan(0.02);
  });

  it('a bass drum hit decays; rhythm keys do nothing while rhythm mode is off', () => {
    const bd = drums(0x10);
    expect(peak(bd, 0, 1000)).toBeGreaterThan(3000);
    expect(peak(bd, 7000)).toBeLessThan(peak(bd, 0, 1000) / 2);
    const r = rig();
    r.w(0x33, 0x01); r.w(0x53, 0); r.w(0x73, 0xf0); r.w(0x93, 0x00);
    r.w(0xbd, 0x10); // BD key without the rhythm bit
    r.run(2000);
    expect(peak(r.out)).toBe(0);
  });
});

describe('YM3812 while silent', () => {
  it('with no key held and every envelope at its floor, phases, noise and LFOs still advance exactly; output is 0', () => {
    const r = rig();
    r.w(0x35, 0x03); // cymbal operator (slot 17): MULT 3
    r.w(0xa8, 0x57); r.w(0xb8, 0x09); // channel 8: F-number 157h, block 2, no key
    r.run(10_000);
    expect(r.out.every((v) => v === 0)).toBe(true);
    const inc = ((((0x157 << 2) >> 1) * 6) >> 1);
    expect(r.chip.s.phase[17]).toBe((10_000 * inc) & 0x7ffff);
    let noise = 1;
    for (let i = 0; i < 10_000; i++) noise = (noise >> 1) | (((noise ^ (noise >> 14)) & 1) << 22);
    expect(r.chip.s.noise).toBe(noise);
    expect(r.chip.s.tremPos).toBe(Math.floor(9_999 / 64) % 210);
    expect(r.chip.s.vibPos).toBe(Math.floor(9_999 / 1024) & 7);
    // A silent slot with deep vibrato still moves its phase sample by sample as the vibrato says.
    const v = rig();
    v.w(0x20, 0x41); v.w(0xbd, 0x40); v.w(0xa0, 0xff); v.w(0xb0, (3 << 2) | 3);
    v.run(5000);
    let expected = 0;
    for (let n = 0; n < 5000; n++) {
      const vp = Math.floor(n / 1024) & 7;
      let f = 0x3ff;
      if ((vp & 3) !== 0) { let d = f >> 7; if (vp & 1) d >>= 1; f += vp & 4 ? -d : d; }
      expected = (expected + ((((f << 3) >> 1) * 2) >> 1)) & 0x7ffff;
    }
    expect(v.chip.s.phase[0]).toBe(expected);
    // And a key-on afterwards plays at once.
    sineVoice(r.w, 440);
    r.run(1000);
    expect(peak(r.out, 10_000)).toBeGreaterThan(4000);
  });
});

describe('YM3812 save states', () => {
  it('a state saved mid-note continues with identical samples', () => {
    const a = rig();
    a.w(0x01, 0x20);
    sineVoice(a.w, 440);
    a.w(0x40, 0x12); a.w(0xc0, 0x0a); a.w(0xe0, 0x02); a.w(0x23, 0xe1); a.w(0xbd, 0xe0 | 0x09);
    a.w(0x02, 0x80); a.w(0x04, 0x01);
    a.run(5000);
    const saved = structuredClone(a.chip.getState());
    a.out.length = 0;
    a.run(20000);
    const b = rig();
    b.clock.now = a.clock.now - 20000 * TPS;
    b.chip.setState(saved);
    b.run(20000);
    expect(b.out.length).toBe(20000);
    expect(b.out).toEqual(a.out);
    expect(b.chip.getState()).toEqual(a.chip.getState());
  });

  it('a malformed state is refused with a typed error', () => {
    const { chip } = rig();
    expect(() => chip.setState({} as never)).toThrow(/YM3812 state/);
  });
});
