/**
 * Yamaha YM3812 (OPL2): the FM synthesiser of the AdLib and Sound Blaster cards.
 *
 * Emulated: 18 operators in 9 two-operator channels, FM (CNT=0) or additive (CNT=1) connection;
 * operator-1 feedback (FB 0-7, pi/16 .. 4pi); the four waveforms (sine, half-sine, absolute sine,
 * quarter "pulse" sine) when WSE (register 01h bit 5) is set; the phase generator (F-number,
 * BLOCK, MULT, vibrato of 7 or 14 cents at 6.1 Hz); the envelope generator (attack, decay,
 * sustain, release; EG-TYP sustained or percussive; rates 0-15 with rate key scaling KSR and the
 * chip's step timing: a global counter, rates below 48 stepping on selected counter values, rates
 * 48-63 stepping on every sample by 1, 2 or 4 (every other sample at 48); the datasheet's attack
 * and decay time tables come out to 0.01 %, see the tests); total level; key scale level (0, 1.5, 3,
 * 6 dB/octave); tremolo (1 or 4.8 dB at 3.7 Hz); rhythm mode's five percussion voices (bass drum,
 * snare, tom-tom, top cymbal, hi-hat) with the 23-bit noise generator and the phase-bit mixing of
 * the hi-hat and cymbal operators; the two timers (80 us and 320 us steps), their mask, start and
 * IRQ-reset bits, the status register (IRQ, FT1, FT2; bits 2-1 read as 1 on this chip, which is
 * how programs tell an OPL2 from an OPL3) and the /IRQ pin (`onIrq`).
 *
 * Not emulated: CSM speech mode (register 08h bit 7; keyed on by timer 1 in the real chip), the
 * test register (01h bits other than WSE), the YM3014B DAC's floating-point quantisation (our
 * output is the 16-bit sum, clipped as the chip's accumulator clips), and the register write
 * delays (3.3 us after an address write, 23 us after a data write): writes take effect at once.
 * UNVERIFIED: when WSE is cleared the waveform registers keep their values but every operator
 * plays a sine (the gate is modelled on the output side). The timers' 4-sample prescaler runs
 * free (a measurement on a real chip found that /IC does not reset it: forums.submarine.org.uk,
 * "An investigation into the timing of a Yamaha YM3812", 2012); here it is the sample count.
 *
 * Time: one output sample per 72 cycles of the chip's 3.579545 MHz clock, i.e. 49,716 Hz, derived
 * on a PC from the 14.31818 MHz ISA OSC / 288, so `ticksPerSample` is 288 master ticks on a
 * machine whose master clock is that crystal. The chip catches up lazily (every register access,
 * and `update(now)` when audio is pulled) sample by sample, handing each sample to `onSample`.
 * With `onIrq` wired and a Scheduler given, one timer wakes the chip when a timer will set a flag.
 *
 * Sources: Yamaha YM3812 Application Manual (register map, timers, "Frequency", envelope
 * rate tables, KSL, SL, FB, rhythm registers BDh); Yamaha YMF262 manual for the same EG/timer
 * blocks; "OPLx decapsulated" die-shot notes (Gambrell, Niemitalo 2015: log-sine/exponent ROMs,
 * envelope counter, noise LFSR, rhythm phase bits, one's-complement negative outputs).
 */
import type { Part } from '../../kernel/part.ts';
import { CorruptStateError } from '../../kernel/errors.ts';
import type { Timer, TimerCallback } from '../../kernel/scheduler.ts';
import type { Clock, Ticks } from '../../kernel/time.ts';
import { EXP_TABLE, KSL_BLOCK7, MULT_X2, WAVE_TABLE } from './tables.ts';

/** Native output rate with the standard 3.579545 MHz clock (14.31818 MHz / 288). */
export const YM3812_SAMPLE_HZ = 14_318_180 / 288;

const SLOTS = 18;
const CHANNELS = 9;

const enum Stage { Attack = 0, Decay = 1, Sustain = 2, Release = 3 }

/** Status register bits. */
export const STATUS_IRQ = 0x80;
export const STATUS_FT1 = 0x40;
export const STATUS_FT2 = 0x20;
/** Bits 2 and 1 read as 1 on a YM3812 (0 on a YMF262). */
const STATUS_OPL2_ID = 0x06;

/** Slot (0-17) of register offset 0-15h (bits 2-0 = 6, 7 are holes). -1 for a hole. */
const SLOT_OF_OFFSET = new Int8Array(32).fill(-1);
for (let o = 0; o < 0x16; o++) if ((o & 7) < 6) SLOT_OF_OFFSET[o] = (o >> 3) * 6 + (o & 7);
/** Channel of a slot, and whether the slot is the carrier (operator 2). */
const CHANNEL_OF_SLOT = new Uint8Array(SLOTS);
for (let sl = 0; sl < SLOTS; sl++) CHANNEL_OF_SLOT[sl] = ((sl / 6) | 0) * 3 + (sl % 6) % 3;
/** Modulator slot of a channel; its carrier is that + 3. */
const MOD_OF_CHANNEL = Uint8Array.from({ length: CHANNELS }, (_, c) => ((c / 3) | 0) * 6 + (c % 3));

/** Rhythm voices' slots (datasheet: BD = channel 7 [our 6] both ops, HH/SD channel 8 [7], TOM/TC channel 9 [8]). */
const SLOT_BD1 = 12, SLOT_BD2 = 15, SLOT_HH = 13, SLOT_SD = 16, SLOT_TOM = 14, SLOT_TC = 17;

/** Envelope step pattern for rates 48-63: extra step by rate low bits and sample count & 3. */
const EG_EXTRA = Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0);

export interface Ym3812State {
  /** The register file as written (256 bytes; decoded fields are re-derived from it on load). */
  regs: Uint8Array;
  /** Register selected by the last address write. */
  address: number;
  /** Per slot: 19-bit phase accumulator, 9-bit envelope attenuation, stage, key bits
   *  (1 = channel KON, 2 = rhythm key), last two outputs (feedback). */
  phase: Int32Array;
  eg: Int32Array;
  stage: Uint8Array;
  key: Uint8Array;
  out: Int32Array;
  prevOut: Int32Array;
  /** Samples produced since power-on. */
  samples: number;
  /** Envelope counter (advances every second sample). */
  egCounter: number;
  /** 23-bit noise LFSR. */
  noise: number;
  /** Tremolo position 0-209 (advances every 64 samples) and vibrato position 0-7 (every 1024). */
  tremPos: number;
  vibPos: number;
  /** Timer counters (count up, overflow past 255) and status flags (FT1/FT2 bits). */
  t1Count: number;
  t2Count: number;
  flags: number;
  /** Register 04h's mask and start bits (a write with IRQ-RESET set leaves them alone). */
  timerCtl: number;
  /** /IRQ output as last reported. */
  irq: boolean;
}

export interface Ym3812Options {
  /** Master ticks per output sample (288 on a 14.31818 MHz master). May be fractional. */
  ticksPerSample: number;
  /** Lets the chip create its one timer (for /IRQ when timers overflow); omit when /IRQ is unused. */
  scheduler?: { timer(key: string, onFire: TimerCallback): Timer };
  /** Timer key, unique within the machine. Default 'ym3812'. */
  timerKey?: string;
}

export class Ym3812 implements Part<Ym3812State> {
  readonly stateVersion = 1;
  /** Each native-rate sample, the clipped 16-bit signed sum of the channels. */
  onSample: ((v: number) => void) | null = null;
  /** /IRQ pin (asserted = true). The AdLib and Sound Blaster 2.0 leave it unconnected. */
  onIrq: ((asserted: boolean) => void) | null = null;
  s: Ym3812State;
  private readonly ticksPerSample: number;
  private readonly timer: Timer | null;

  // Decoded registers (derived from s.regs; rebuilt by decodeAll after setState).
  private readonly mult2 = new Uint8Array(SLOTS);
  private readonly ksrShift = new Uint8Array(SLOTS);
  private readonly amOn = new Uint8Array(SLOTS);
  private readonly vibOn = new Uint8Array(SLOTS);
  private readonly egType = new Uint8Array(SLOTS);
  private readonly tl4 = new Uint16Array(SLOTS);
  private readonly kslShift = new Uint8Array(SLOTS);
  private readonly ar = new Uint8Array(SLOTS);
  private readonly dr = new Uint8Array(SLOTS);
  private readonly sl = new Uint8Array(SLOTS);
  private readonly rr = new Uint8Array(SLOTS);
  private readonly wf = new Uint8Array(SLOTS);
  private readonly fnum = new Uint16Array(CHANNELS);
  private readonly block = new Uint8Array(CHANNELS);
  private readonly fb = new Uint8Array(CHANNELS);
  private readonly cnt = new Uint8Array(CHANNELS);
  /** Per channel: key scale value (block*2 + note-select bit) and KSL attenuation for 6 dB/oct. */
  private readonly ksv = new Uint8Array(CHANNELS);
  private readonly kslAtt = new Uint16Array(CHANNELS);
  private wse = 0;
  private nts = 0;
  private rhythm = 0;
  private deepAm = 0;
  private deepVib = 0;
  /** Derived per slot, kept current by refresh(): effective envelope rate of the current stage
   *  (0 = no change), phase increment without vibrato, TL + KSL attenuation. */
  private readonly rate = new Uint8Array(SLOTS);
  private readonly inc = new Int32Array(SLOTS);
  private readonly attBase = new Uint16Array(SLOTS);
  /** Per-sample scratch: phase output and envelope output of each slot. */
  private readonly phaseOut = new Int32Array(SLOTS);
  private readonly egOut = new Int32Array(SLOTS);

  constructor(private readonly clock: Clock, opts: Ym3812Options) {
    if (!(opts.ticksPerSample > 0)) throw new RangeError('ticksPerSample must be positive');
    this.ticksPerSample = opts.ticksPerSample;
    this.timer = opts.scheduler ? opts.scheduler.timer(opts.timerKey ?? 'ym3812', () => this.onTimer()) : null;
    this.s = Ym3812.powerOnState(0);
    this.s.samples = Math.floor(clock.now / this.ticksPerSample);
    this.decodeAll();
  }

  private static powerOnState(samples: number): Ym3812State {
    return {
      regs: new Uint8Array(256), address: 0,
      phase: new Int32Array(SLOTS), eg: new Int32Array(SLOTS).fill(0x1ff),
      stage: new Uint8Array(SLOTS).fill(Stage.Release), key: new Uint8Array(SLOTS),
      out: new Int32Array(SLOTS), prevOut: new Int32Array(SLOTS),
      samples, egCounter: 0, noise: 1, tremPos: 0, vibPos: 0,
      t1Count: 0, t2Count: 0, flags: 0, timerCtl: 0, irq: false,
    };
  }

  /** /IC: clears every register (silence, timers stopped); time and the counters go on. */
  reset(): void {
    this.update();
    const samples = this.s.samples;
    this.s = Ym3812.powerOnState(samples);
    this.decodeAll();
    this.setIrq(false);
    this.rearm();
  }

  // ---- bus side ----

  /** A0 = 0: status; A0 = 1: nothing drives the bus on a data-port read (0xff on an ISA card). */
  read(a0: number): number {
    if ((a0 & 1) !== 0) return 0xff;
    return this.readStatus();
  }

  write(a0: number, v: number): void {
    if ((a0 & 1) === 0) this.s.address = v & 0xff;
    else this.writeReg(this.s.address, v & 0xff);
  }

  readStatus(): number {
    this.update();
    const f = this.s.flags;
    return (f !== 0 ? STATUS_IRQ : 0) | f | STATUS_OPL2_ID;
  }

  /** Write a register directly (address then data). Catches up first. */
  writeReg(r: number, v: number): void {
    this.update();
    const s = this.s;
    s.regs[r] = v;
    if (r >= 0x20 && r < 0xa0) {
      const slot = SLOT_OF_OFFSET[r & 0x1f]!;
      if (slot >= 0 && (r & 0x1f) < 0x16) this.decodeSlot(slot);
      return;
    }
    if (r >= 0xe0 && r < 0xf6) {
      const slot = SLOT_OF_OFFSET[r & 0x1f]!;
      if (slot >= 0) this.decodeSlot(slot);
      return;
    }
    if ((r >= 0xa0 && r <= 0xa8) || (r >= 0xb0 && r <= 0xb8) || (r >= 0xc0 && r <= 0xc8)) {
      this.decodeChannel(r & 0x0f);
      if (r >= 0xb0 && r <= 0xb8) {
        const c = r & 0x0f;
        const m = MOD_OF_CHANNEL[c]!;
        const on = (v & 0x20) !== 0;
        this.setKey(m, 1, on);
        this.setKey(m + 3, 1, on);
      }
      return;
    }
    switch (r) {
      case 0x01: this.wse = (v >> 5) & 1; this.decodeAllSlots(); break;
      case 0x04: this.writeTimerControl(v); break;
      case 0x08: this.nts = (v >> 6) & 1; for (let c = 0; c < CHANNELS; c++) this.decodeChannel(c); break;
      case 0xbd: this.writeRhythm(v); break;
      default: break; // 02h/03h timer presets are read from regs when a timer (re)loads
    }
  }

  private writeTimerControl(v: number): void {
    const s = this.s;
    if ((v & 0x80) !== 0) {
      // IRQ-RESET: clears the flags; the other bits of this write are ignored (datasheet).
      s.flags = 0;
      this.setIrq(false);
      this.rearm();
      return;
    }
    const old = s.timerCtl;
    s.timerCtl = v & 0x63;
    // A timer loads its preset when its start bit goes from 0 to 1.
    if ((v & 1) !== 0 && (old & 1) === 0) s.t1Count = s.regs[0x02]!;
    if ((v & 2) !== 0 && (old & 2) === 0) s.t2Count = s.regs[0x03]!;
    this.rearm();
  }

  private writeRhythm(v: number): void {
    this.deepAm = (v >> 7) & 1;
    this.deepVib = (v >> 6) & 1;
    this.rhythm = (v >> 5) & 1;
    const r = this.rhythm !== 0;
    this.setKey(SLOT_BD1, 2, r && (v & 0x10) !== 0);
    this.setKey(SLOT_BD2, 2, r && (v & 0x10) !== 0);
    this.setKey(SLOT_SD, 2, r && (v & 0x08) !== 0);
    this.setKey(SLOT_TOM, 2, r && (v & 0x04) !== 0);
    this.setKey(SLOT_TC, 2, r && (v & 0x02) !== 0);
    this.setKey(SLOT_HH, 2, r && (v & 0x01) !== 0);
  }

  /** Key-on (from nothing held) starts the attack and resets the phase; all keys off releases. */
  private setKey(slot: number, bit: number, on: boolean): void {
    const s = this.s;
    const old = s.key[slot]!;
    const now = on ? old | bit : old & ~bit;
    s.key[slot] = now;
    if (old === 0 && now !== 0) {
      s.stage[slot] = Stage.Attack;
      s.phase[slot] = 0;
      this.quiet = false;
      this.refresh(slot);
      // Attack rate 15 (effective rate >= 60) jumps straight to full level.
      if (this.rate[slot]! >> 2 >= 15) s.eg[slot] = 0;
    } else if (old !== 0 && now === 0) {
      s.stage[slot] = Stage.Release;
      this.refresh(slot);
    }
  }

  // ---- register decoding ----

  private decodeAll(): void {
    const regs = this.s.regs;
    this.wse = (regs[0x01]! >> 5) & 1;
    this.nts = (regs[0x08]! >> 6) & 1;
    const bd = regs[0xbd]!;
    this.deepAm = (bd >> 7) & 1;
    this.deepVib = (bd >> 6) & 1;
    this.rhythm = (bd >> 5) & 1;
    this.decodeAllSlots();
    for (let c = 0; c < CHANNELS; c++) this.decodeChannel(c);
    this.computeQuiet();
  }

  private decodeAllSlots(): void {
    for (let sl = 0; sl < SLOTS; sl++) this.decodeSlot(sl);
  }

  private decodeSlot(slot: number): void {
    const regs = this.s.regs;
    const o = ((slot / 6) | 0) * 8 + (slot % 6);
    const r20 = regs[0x20 + o]!, r40 = regs[0x40 + o]!, r60 = regs[0x60 + o]!, r80 = regs[0x80 + o]!;
    this.amOn[slot] = (r20 >> 7) & 1;
    this.vibOn[slot] = (r20 >> 6) & 1;
    this.egType[slot] = (r20 >> 5) & 1;
    this.ksrShift[slot] = (r20 & 0x10) !== 0 ? 0 : 2;
    this.mult2[slot] = MULT_X2[r20 & 0x0f]!;
    // KSL bits: 00 none, 01 3 dB/oct, 10 1.5 dB/oct, 11 6 dB/oct (datasheet's odd order).
    this.kslShift[slot] = [31, 1, 2, 0][r40 >> 6]!;
    this.tl4[slot] = (r40 & 0x3f) << 2; // 0.75 dB steps -> 0.1875 dB envelope steps
    this.ar[slot] = r60 >> 4;
    this.dr[slot] = r60 & 0x0f;
    const sl = r80 >> 4;
    this.sl[slot] = sl === 15 ? 31 : sl; // SL 15 means 93 dB (datasheet), i.e. 31 x 3 dB
    this.rr[slot] = r80 & 0x0f;
    this.wf[slot] = this.wse !== 0 ? regs[0xe0 + o]! & 3 : 0;
    this.refresh(slot);
  }

  private decodeChannel(c: number): void {
    const regs = this.s.regs;
    const fnum = regs[0xa0 + c]! | ((regs[0xb0 + c]! & 3) << 8);
    const block = (regs[0xb0 + c]! >> 2) & 7;
    this.fnum[c] = fnum;
    this.block[c] = block;
    this.fb[c] = (regs[0xc0 + c]! >> 1) & 7;
    this.cnt[c] = regs[0xc0 + c]! & 1;
    // Rate key scaling: BLOCK and F-number bit 9 (NTS = 0) or bit 8 (NTS = 1).
    this.ksv[c] = (block << 1) | ((fnum >> (this.nts !== 0 ? 8 : 9)) & 1);
    // KSL at 6 dB/oct in 0.1875 dB envelope steps: the datasheet's 3 dB/oct table (0.375 dB
    // steps, 3 dB = 8 steps less per lower block) doubled; the KSL bits shift it down.
    const k = KSL_BLOCK7[fnum >> 6]! - 8 * (7 - block);
    this.kslAtt[c] = k > 0 ? k * 4 : 0;
    this.refresh(MOD_OF_CHANNEL[c]!);
    this.refresh(MOD_OF_CHANNEL[c]! + 3);
  }

  /** Recompute a slot's derived rate, increment and base attenuation (after any change to them). */
  private refresh(slot: number): void {
    const ch = CHANNEL_OF_SLOT[slot]!;
    const st = this.s.stage[slot]!;
    const reg = st === Stage.Attack ? this.ar[slot]! : st === Stage.Decay ? this.dr[slot]!
      : st === Stage.Sustain && this.egType[slot] !== 0 ? 0 : this.rr[slot]!;
    this.rate[slot] = this.effectiveRate(slot, reg);
    this.inc[slot] = (((this.fnum[ch]! << this.block[ch]!) >> 1) * this.mult2[slot]!) >> 1;
    this.attBase[slot] = this.tl4[slot]! + (this.kslAtt[ch]! >> this.kslShift[slot]!);
  }

  private effectiveRate(slot: number, reg: number): number {
    if (reg === 0) return 0;
    return reg * 4 + (this.ksv[CHANNEL_OF_SLOT[slot]!]! >> this.ksrShift[slot]!);
  }

  // ---- time ----

  /** Produce every sample due by `now`. */
  update(now: Ticks = this.clock.now): void {
    const target = Math.floor(now / this.ticksPerSample);
    const s = this.s;
    while (s.samples < target) {
      // Quiet lasts until a key-on, which only a register write (after this update) can do.
      if (this.quiet) this.renderQuiet(target - s.samples); else this.renderSample();
    }
  }

  /** No key held and every envelope at its floor (derived from the state; see renderQuietSample). */
  private quiet = true;

  private computeQuiet(): void {
    const s = this.s;
    let q = true;
    for (let i = 0; i < SLOTS; i++) if (s.key[i] !== 0 || s.eg[i] !== 0x1ff) q = false;
    this.quiet = q;
  }

  /**
   * `count` samples while every operator is silent: the timers, LFOs, envelope counter, noise and
   * phases advance exactly as in renderSample (the envelopes stay at 1FFh there too; the phases
   * in steps of up to 1024 samples, within which the vibrato position is constant), but no
   * operator is computed and the output is 0. The real chip would output the one's-complement "-1"
   * of each operator in a negative half-wave, a DC offset of at most 18 LSB of 32768, and feed it
   * back; dropping it makes an idle card nearly free.
   */
  private renderQuiet(count: number): void {
    const s = this.s;
    const phase = s.phase, inc = this.inc, vibOn = this.vibOn;
    s.out.fill(0);
    s.prevOut.fill(0);
    const end = s.samples + count;
    while (s.samples < end) {
      const n0 = s.samples;
      const segEnd = Math.min(end, (Math.floor(n0 / 1024) + 1) * 1024);
      const len = segEnd - n0;
      for (let n = n0; n < segEnd; n++) this.globals(n);
      const vp = s.vibPos; // set at n0 (a multiple of 1024) at the latest, constant to segEnd
      for (let slot = 0; slot < SLOTS; slot++) {
        const step = vibOn[slot] !== 0 && (vp & 3) !== 0 ? this.vibratoStep(slot, vp) : inc[slot]!;
        phase[slot] = (phase[slot]! + ((len * step) % 0x80000)) & 0x7ffff;
      }
      const out = this.onSample;
      for (let n = n0; n < segEnd; n++) {
        s.samples = n + 1;
        if (out !== null) out(0);
      }
    }
  }

  /** Phase increment of a slot with vibrato at position vp (1-3, 5-7). */
  private vibratoStep(slot: number, vp: number): number {
    // Vibrato: +-(F-number / 128) at the peaks, half between; halved again when DVB = 0.
    const ch = CHANNEL_OF_SLOT[slot]!;
    let f = this.fnum[ch]!;
    let d = f >> 7;
    if ((vp & 1) !== 0) d >>= 1;
    d >>= 1 - this.deepVib;
    f += (vp & 4) !== 0 ? -d : d;
    return (((f << this.block[ch]!) >> 1) * this.mult2[slot]!) >> 1;
  }

  /** Per-sample global parts: timers, LFO positions, envelope counter, noise. Returns egAdd. */
  private globals(n: number): number {
    const s = this.s;
    // Timers (80 us = 4 samples, 320 us = 16 samples).
    if ((n & 3) === 0) {
      const ctl = s.timerCtl;
      if ((ctl & 1) !== 0 && ++s.t1Count > 255) {
        s.t1Count = s.regs[0x02]!;
        if ((ctl & 0x40) === 0) { s.flags |= STATUS_FT1; this.setIrq(true); }
      }
      if ((n & 15) === 0 && (ctl & 2) !== 0 && ++s.t2Count > 255) {
        s.t2Count = s.regs[0x03]!;
        if ((ctl & 0x20) === 0) { s.flags |= STATUS_FT2; this.setIrq(true); }
      }
    }
    // LFOs: tremolo triangle over 210 steps of 64 samples (3.7 Hz), vibrato 8 steps of 1024 (6.1 Hz).
    if ((n & 63) === 0 && n !== 0) s.tremPos = s.tremPos === 209 ? 0 : s.tremPos + 1;
    if ((n & 1023) === 0 && n !== 0) s.vibPos = (s.vibPos + 1) & 7;
    // Envelope clock: every other sample; on it, the position of the lowest set bit of the counter
    // decides which of the slow rates (< 48) step.
    let egAdd = 0;
    if ((n & 1) !== 0) {
      const c = s.egCounter & 0x1fff;
      if (c !== 0) egAdd = 31 - Math.clz32(c & -c) + 1;
      s.egCounter = (s.egCounter + 1) % 0x1000000;
    }
    // Noise: 23-bit LFSR, taps at bits 0 and 14.
    const nb = (s.noise ^ (s.noise >> 14)) & 1;
    s.noise = (s.noise >> 1) | (nb << 22);
    return egAdd;
  }

  private onTimer(): void {
    this.update();
    this.rearm();
  }

  private setIrq(on: boolean): void {
    if (on === this.s.irq) return;
    this.s.irq = on;
    this.onIrq?.(on);
  }

  /** Arm the one timer for the next flag that will set (only matters when /IRQ is wired). */
  private rearm(): void {
    const t = this.timer;
    if (t === null) return;
    const s = this.s;
    const ctl = s.timerCtl;
    let next = Infinity;
    // Timer 1 counts on samples divisible by 4, timer 2 on those divisible by 16.
    if ((ctl & 1) !== 0 && (ctl & 0x40) === 0 && (s.flags & STATUS_FT1) === 0) {
      const first = Math.ceil(s.samples / 4) * 4;
      next = Math.min(next, first + 4 * (255 - s.t1Count));
    }
    if ((ctl & 2) !== 0 && (ctl & 0x20) === 0 && (s.flags & STATUS_FT2) === 0) {
      const first = Math.ceil(s.samples / 16) * 16;
      next = Math.min(next, first + 16 * (255 - s.t2Count));
    }
    if (next === Infinity || this.onIrq === null) { t.cancel(); return; }
    // Sample `next` is computed once time reaches the end of its period.
    t.armAt(Math.ceil((next + 1) * this.ticksPerSample));
  }

  /** One native-rate sample: LFOs, timers, noise, envelopes, phases, operators, mix. */
  private renderSample(): void {
    const s = this.s;
    const n = s.samples;
    const egAdd = this.globals(n);
    const tp = s.tremPos;
    const trem = (tp < 105 ? tp : 209 - tp) >> (this.deepAm !== 0 ? 2 : 4);
    const egClock = n & 1;
    const phase = s.phase, eg = s.eg, stage = s.stage, key = s.key;
    const phaseOut = this.phaseOut, egOut = this.egOut;
    const rates = this.rate, inc = this.inc, attBase = this.attBase, amOn = this.amOn, vibOn = this.vibOn;
    const vp = s.vibPos;
    const sub4 = n & 3;
    let loud = 0;
    for (let slot = 0; slot < SLOTS; slot++) {
      // --- envelope ---
      const st = stage[slot]!;
      let level = eg[slot]!;
      const rate = rates[slot]!;
      let shift = 0;
      const rateHi = rate >> 2 > 15 ? 15 : rate >> 2;
      if (rate !== 0) {
        const rateLo = rate & 3;
        if (rateHi < 12) {
          if (egClock !== 0) {
            const p = rateHi + egAdd;
            if (p === 12) shift = 1;
            else if (p === 13) shift = (rateLo >> 1) & 1;
            else if (p === 14) shift = rateLo & 1;
          }
        } else {
          shift = (rateHi & 3) + EG_EXTRA[rateLo * 4 + sub4]!;
          if (shift > 3) shift = 3;
          if (shift === 0) shift = egClock;
        }
      }
      if (st === Stage.Attack) {
        if (level === 0) { stage[slot] = Stage.Decay; this.refresh(slot); }
        else if (key[slot] !== 0 && shift > 0 && rateHi !== 15) level = (level + (~level >> (4 - shift))) & 0x1ff;
      } else if ((level & 0x1f8) === 0x1f8) {
        level = 0x1ff; // below -90 dB: off
      } else if (st === Stage.Decay && level >> 4 === this.sl[slot]!) {
        stage[slot] = Stage.Sustain;
        this.refresh(slot);
      } else if (shift > 0) level += 1 << (shift - 1);
      eg[slot] = level;
      let att = level + attBase[slot]!;
      if (amOn[slot] !== 0) att += trem;
      egOut[slot] = att > 0x1ff ? 0x1ff : att;
      // --- phase ---
      const step = vibOn[slot] !== 0 && (vp & 3) !== 0 ? this.vibratoStep(slot, vp) : inc[slot]!;
      if (level !== 0x1ff || key[slot] !== 0) loud++;
      const ph = phase[slot]!;
      phaseOut[slot] = ph >> 9;
      phase[slot] = (ph + step) & 0x7ffff;
    }

    this.quiet = loud === 0;

    // --- operators and channel mix ---
    const out = s.out, prev = s.prevOut;
    let sum = 0;
    const melodic = this.rhythm !== 0 ? 6 : 9;
    const fbs = this.fb, cnts = this.cnt, wf = this.wf;
    for (let c = 0; c < melodic; c++) {
      const m = MOD_OF_CHANNEL[c]!;
      const fb = fbs[c]!;
      const last = out[m]!;
      const fbMod = fb !== 0 ? (prev[m]! + last) >> (9 - fb) : 0;
      const mo = this.operator(phaseOut[m]! + fbMod, egOut[m]!, wf[m]!);
      prev[m] = last;
      out[m] = mo;
      const additive = cnts[c]!;
      const co = this.operator(phaseOut[m + 3]! + (additive !== 0 ? 0 : mo), egOut[m + 3]!, wf[m + 3]!);
      out[m + 3] = co;
      sum += additive !== 0 ? mo + co : co;
    }
    if (this.rhythm !== 0) sum += this.renderRhythm(s.noise & 1);
    const v = sum > 32767 ? 32767 : sum < -32768 ? -32768 : sum;
    s.samples = n + 1;
    this.onSample?.(v);
  }

  /** The five percussion voices; each is output twice (as the chip sums both operator outputs). */
  private renderRhythm(noise: number): number {
    const s = this.s;
    const out = s.out, prev = s.prevOut;
    const phaseOut = this.phaseOut, egOut = this.egOut, wf = this.wf;
    // Bass drum: channel 6 as a normal two-operator voice; only the carrier is heard.
    const fb = this.fb[6]!;
    const fbMod = fb !== 0 ? (prev[SLOT_BD1]! + out[SLOT_BD1]!) >> (9 - fb) : 0;
    const m = this.operator(phaseOut[SLOT_BD1]! + fbMod, egOut[SLOT_BD1]!, wf[SLOT_BD1]!);
    prev[SLOT_BD1] = out[SLOT_BD1]!;
    out[SLOT_BD1] = m;
    const bd = this.operator(phaseOut[SLOT_BD2]! + (this.cnt[6] !== 0 ? 0 : m), egOut[SLOT_BD2]!, wf[SLOT_BD2]!);
    out[SLOT_BD2] = bd;
    // Hi-hat, snare and cymbal take their phase from bits of the hi-hat (op 13) and cymbal (op 17)
    // phase generators mixed with noise, which gives them their metallic / noisy spectra.
    const hh = phaseOut[SLOT_HH]!, tc = phaseOut[SLOT_TC]!;
    const mix = (((hh >> 2) ^ (hh >> 7)) | ((hh >> 3) ^ (tc >> 5)) | ((tc >> 3) ^ (tc >> 5))) & 1;
    const hhPhase = (mix << 9) | ((mix ^ noise) !== 0 ? 0xd0 : 0x34);
    const hb8 = (hh >> 8) & 1;
    const sdPhase = (hb8 << 9) | ((hb8 ^ noise) << 8);
    const tcPhase = (mix << 9) | 0x80;
    const hho = this.operator(hhPhase, egOut[SLOT_HH]!, wf[SLOT_HH]!);
    const tom = this.operator(phaseOut[SLOT_TOM]!, egOut[SLOT_TOM]!, wf[SLOT_TOM]!);
    const sd = this.operator(sdPhase, egOut[SLOT_SD]!, wf[SLOT_SD]!);
    const cym = this.operator(tcPhase, egOut[SLOT_TC]!, wf[SLOT_TC]!);
    out[SLOT_HH] = hho; out[SLOT_TOM] = tom; out[SLOT_SD] = sd; out[SLOT_TC] = cym;
    return 2 * (bd + hho + sd + tom + cym);
  }

  /**
   * One operator: 10-bit phase (modulation already added) through the log-sine table, plus the
   * envelope (9 bits of 0.1875 dB = 8 log-sine units each), through the exponent table. A negative
   * half-wave is the one's complement of the magnitude, as the chip outputs it.
   */
  private operator(phase: number, env: number, wave: number): number {
    const w = WAVE_TABLE[(wave << 10) | (phase & 0x3ff)]!;
    const a = (w & 0x1fff) + (env << 3);
    // a >> 8 is at most 31 (silent 0x1000 + 511 x 8), and anything from 12 up gives 0.
    const mag = EXP_TABLE[a & 0xff]! >> (a >> 8);
    return (w & 0x8000) !== 0 ? ~mag : mag;
  }

  // ---- state ----

  getState(): Ym3812State {
    this.update();
    const s = this.s;
    return {
      ...s, regs: s.regs.slice(), phase: s.phase.slice(), eg: s.eg.slice(), stage: s.stage.slice(),
      key: s.key.slice(), out: s.out.slice(), prevOut: s.prevOut.slice(),
    };
  }

  setState(st: Ym3812State): void {
    const okArr = (a: unknown, ctor: Function, len: number): boolean => a instanceof ctor && (a as ArrayLike<number>).length === len;
    if (typeof st !== 'object' || st === null || !okArr(st.regs, Uint8Array, 256) || !okArr(st.phase, Int32Array, SLOTS) ||
        !okArr(st.eg, Int32Array, SLOTS) || !okArr(st.stage, Uint8Array, SLOTS) || !okArr(st.key, Uint8Array, SLOTS) ||
        !okArr(st.out, Int32Array, SLOTS) || !okArr(st.prevOut, Int32Array, SLOTS) ||
        !Number.isSafeInteger(st.samples) || st.samples < 0 || !Number.isInteger(st.egCounter) ||
        !Number.isInteger(st.noise) || !Number.isInteger(st.tremPos) || st.tremPos < 0 || st.tremPos > 209 ||
        !Number.isInteger(st.vibPos) || !Number.isInteger(st.t1Count) || !Number.isInteger(st.t2Count) ||
        !Number.isInteger(st.flags) || !Number.isInteger(st.timerCtl) || typeof st.irq !== 'boolean' || !Number.isInteger(st.address))
      throw new CorruptStateError('YM3812 state: malformed');
    this.s = {
      ...st, regs: st.regs.slice(), phase: st.phase.slice(), eg: st.eg.slice(), stage: st.stage.slice(),
      key: st.key.slice(), out: st.out.slice(), prevOut: st.prevOut.slice(),
    };
    for (let i = 0; i < SLOTS; i++) { this.s.eg[i] = this.s.eg[i]! & 0x1ff; this.s.stage[i] = this.s.stage[i]! & 3; }
    this.decodeAll();
    this.rearm();
  }
}
