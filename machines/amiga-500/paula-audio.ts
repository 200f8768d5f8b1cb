/**
 * Paula's four audio channels: DMA playback of 8-bit signed samples from chip RAM (AUDxLC,
 * AUDxLEN in words, AUDxPER in colour clocks per sample, AUDxVOL 0-64), the AUDx interrupt each
 * time a channel (re)loads its location, i.e. when a buffer starts (HRM: "the interrupt occurs
 * after the location has been read"), channels 0 and 3 on the left, 1 and 2 on the right, the
 * A500's fixed output low-pass (about 4.4 kHz) and the switchable "LED" filter (CIA-A PA1 low,
 * about 3.3 kHz; modelled here as a second one-pole stage, not the real 12 dB/octave Butterworth).
 *
 * Rendering: each channel's output is a level that changes at exact master ticks (one sample per
 * AUDxPER CCKs); the two sides are averaged over each host sample period (a box filter, like the
 * kernel's LevelSynth, so a 28 kHz sample stream does not alias into the host rate), then
 * low-passed. Channels are caught up lazily: on every audio register write, on DMACON changes and
 * at the end of each line (so AUDx interrupts come within a line of their exact time).
 *
 * Not emulated: attach/modulation (ADKCON USE*), the non-DMA mode's interrupt (AUDxDAT written by
 * the CPU plays that word once), periods below 124 CCKs being limited by the DMA slot, the exact
 * DMA slot timing of the sample fetches.
 *
 * Sources: HRM chapter 5 "Audio Hardware" (registers, period, volume, interrupt timing, filter);
 * A500 schematic for the filter corner frequencies (UNVERIFIED exact values).
 */
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import { CCK_TICKS } from './constants.ts';

export interface ChannelState {
  lc: number; len: number; per: number; vol: number;
  /** DMA running, current pointer, words left in this buffer, the word being played, its byte (0/1). */
  on: boolean; pt: number; left: number; word: number; byte: number;
  /** Master tick at which the next sample starts. */
  next: number;
  /** Current output sample (-128..127). */
  sample: number;
}

export interface AudioState {
  ch: ChannelState[];
  /** Box filter: output rate origin, samples emitted, last tick, accumulators, filter memories. */
  origin: number; emitted: number; last: number; accL: number; accR: number;
  f1L: number; f1R: number; f2L: number; f2R: number;
  led: boolean;
}

function channel(): ChannelState {
  return { lc: 0, len: 0, per: 0, vol: 0, on: false, pt: 0, left: 0, word: 0, byte: 0, next: 0, sample: 0 };
}

export class PaulaAudio {
  s: AudioState = {
    ch: [channel(), channel(), channel(), channel()],
    origin: 0, emitted: 0, last: 0, accL: 0, accR: 0, f1L: 0, f1R: 0, f2L: 0, f2R: 0, led: false,
  };
  private tps = 0;
  private a1 = 0;
  private a2 = 0;
  /** Output one stereo sample. */
  out: (l: number, r: number) => void = () => {};
  /** Raise INTREQ bits (AUD0-3 = $80 << n). */
  raise: (bits: number) => void = () => {};

  constructor(private readonly chip: Uint8Array, private readonly masterHz: number) {}

  setRate(hz: number, now: number): void {
    const tps = this.masterHz / hz;
    if (tps === this.tps) return;
    this.advance(now);
    this.tps = tps;
    this.s.origin = this.s.last;
    this.s.emitted = 0;
    this.s.accL = 0;
    this.s.accR = 0;
    // One-pole low-pass coefficients at the output rate.
    this.a1 = 1 - Math.exp((-2 * Math.PI * 4400) / hz);
    this.a2 = 1 - Math.exp((-2 * Math.PI * 3300) / hz);
  }

  private readWord(addr: number): number {
    const c = this.chip, a = addr & (c.length - 1) & ~1;
    return (c[a]! << 8) | c[a + 1]!;
  }

  /** Start a channel's DMA at `at` (DMACON AUDxEN went on). */
  start(n: number, at: number): void {
    const c = this.s.ch[n]!;
    if (c.on) return;
    this.advance(at);
    c.on = true;
    c.pt = c.lc;
    c.left = c.len === 0 ? 0x10000 : c.len;
    c.word = this.readWord(c.pt);
    c.pt = (c.pt + 2) & 0x1ffffe;
    c.byte = 0;
    c.next = at;
    this.raise(0x80 << n);
  }

  stop(n: number, at: number): void {
    const c = this.s.ch[n]!;
    if (!c.on) return;
    this.advance(at);
    c.on = false;
    c.sample = 0;
  }

  /** Register write (offset 0-$A within the channel's block) at `at`. */
  write(n: number, reg: number, v: number, at: number): void {
    this.advance(at);
    const c = this.s.ch[n]!;
    switch (reg) {
      case 0x0: c.lc = ((v & 0x1f) << 16) | (c.lc & 0xffff); break;
      case 0x2: c.lc = (c.lc & 0x1f0000) | (v & 0xfffe); break;
      case 0x4: c.len = v; break;
      case 0x6: c.per = v; break;
      case 0x8: c.vol = (v & 0x40) !== 0 ? 64 : v & 0x3f; break;
      default:
        // AUDxDAT: the CPU's own sample word (non-DMA mode plays it once, high byte then low).
        if (!c.on) { c.sample = ((v >> 8) << 24) >> 24; }
        break;
    }
  }

  setLed(on: boolean, at: number): void {
    this.advance(at);
    this.s.led = on;
  }

  /** Run the channels and the output up to master tick `to`. */
  advance(to: number): void {
    const s = this.s;
    if (to <= s.last) return;
    for (;;) {
      // The earliest sample change of any running channel before `to`.
      let t = to;
      for (let i = 0; i < 4; i++) {
        const c = s.ch[i]!;
        if (c.on && c.next < t) t = c.next;
      }
      this.render(t);
      if (t >= to) break;
      for (let i = 0; i < 4; i++) {
        const c = s.ch[i]!;
        if (c.on && c.next === t) this.step(i, c);
      }
    }
  }

  /** A channel's next sample starts now. */
  private step(n: number, c: ChannelState): void {
    if (c.byte === 2) {
      // The word is used up: the next one, or a new buffer (reload from AUDxLC, interrupt).
      c.left--;
      if (c.left <= 0) {
        c.pt = c.lc;
        c.left = c.len === 0 ? 0x10000 : c.len;
        this.raise(0x80 << n);
      }
      c.word = this.readWord(c.pt);
      c.pt = (c.pt + 2) & 0x1ffffe;
      c.byte = 0;
    }
    const b = c.byte === 0 ? c.word >> 8 : c.word & 0xff;
    c.sample = (b << 24) >> 24;
    c.byte++;
    // Periods below the DMA's reach behave as 124 (HRM: the minimum period with DMA).
    const per = c.per < 124 ? 124 : c.per;
    c.next += per * CCK_TICKS;
  }

  /** Output level from `last` to `t` is constant: integrate it into host samples. */
  private render(t: number): void {
    const s = this.s;
    if (t <= s.last) return;
    const tps = this.tps;
    if (tps === 0) { s.last = t; return; }
    const ch = s.ch;
    const l = (ch[0]!.sample * ch[0]!.vol + ch[3]!.sample * ch[3]!.vol) / (128 * 64 * 2);
    const r = (ch[1]!.sample * ch[1]!.vol + ch[2]!.sample * ch[2]!.vol) / (128 * 64 * 2);
    let end = s.origin + (s.emitted + 1) * tps;
    while (end <= t) {
      const dt = end - s.last;
      const vl = (s.accL + l * dt) / tps, vr = (s.accR + r * dt) / tps;
      s.f1L += this.a1 * (vl - s.f1L);
      s.f1R += this.a1 * (vr - s.f1R);
      if (s.led) {
        s.f2L += this.a2 * (s.f1L - s.f2L);
        s.f2R += this.a2 * (s.f1R - s.f2R);
        this.out(s.f2L, s.f2R);
      } else {
        s.f2L = s.f1L;
        s.f2R = s.f1R;
        this.out(s.f1L, s.f1R);
      }
      s.accL = 0;
      s.accR = 0;
      s.last = end;
      s.emitted++;
      end = s.origin + (s.emitted + 1) * tps;
    }
    s.accL += l * (t - s.last);
    s.accR += r * (t - s.last);
    s.last = t;
  }

  getState(): AudioState {
    return { ...this.s, ch: this.s.ch.map((c) => ({ ...c })) };
  }

  setState(st: AudioState): void {
    if (typeof st !== 'object' || st === null || !Array.isArray(st.ch) || st.ch.length !== 4 || !Number.isFinite(st.last))
      throw new CorruptStateError('Paula audio state: malformed');
    this.s = { ...st, ch: st.ch.map((c) => ({ ...c })) };
  }
}
