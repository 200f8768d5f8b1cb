/**
 * The two 8-bit ISA sound cards built from the YM3812 and the SB DSP, ready for a PC machine to
 * fit as a configuration choice (`sound=adlib|sb2|none`). They know no machine: the machine routes
 * their ports, wires DREQ/DACK to its 8237 and the IRQ to its 8259, and drains their audio.
 *
 * - `AdLibCard`: Ad Lib Music Synthesizer Card. YM3812 at 388h (address write / status read) and
 *   389h (data write). No IRQ or DMA: the board has traces for the chip's /IRQ but the jumper
 *   header was never fitted (retrocomputing.stackexchange.com q. 19539, "AdLib YM3812 and
 *   timers"), so programs poll the timer flags (the AdLib detection sequence does exactly that).
 * - `SoundBlaster2Card`: Creative Sound Blaster 2.0 (CT1350). Base 220h (jumper: 220h or 240h):
 *   +6 DSP reset, +8/+9 the OPL2, +Ah/+Ch/+Eh the DSP; the OPL2 again at 388h/389h for AdLib
 *   compatibility. IRQ 7 (jumper 2, 3, 5 or 7; DOS games expect 7 or 5) and 8-bit DMA channel 1.
 *   The OPL2's /IRQ is not connected here either (only the DSP interrupts; UNVERIFIED against a
 *   CT1350 schematic, but it is what DOSBox and 86Box do and what software expects). No mixer (that came with
 *   the SB Pro); +0..+3 (C/MS chips, an option on the 1.x/2.0) and +4/+5 read as FFh.
 *
 * Audio: the card's output is one mono stream at the OPL2's 49,716 Hz: the OPL2 sum plus the DSP's
 * DAC level averaged over each OPL sample period (a box filter on the exact ticks where the DAC
 * changes), then the band-limited Resampler to the host rate. The machine calls `update(now)` and
 * then takes `audio.available` samples with `audio.read(...)` (mixing them into its own buffer);
 * samples not taken wait for the next call. Gains (UNVERIFIED, chosen to sit well with a PC
 * speaker at about 0.5): one OPL2 channel at full level peaks at 0.25, the DAC's full scale at 0.5.
 *
 * Time: every port access first brings the DSP and then the OPL2 up to `now`, in that order, so
 * the DAC changes land between the right OPL2 samples. Do not call the chips inside directly.
 *
 * Sources: Creative "Sound Blaster Series Hardware Programming Guide" (I/O map, DSP); Ad Lib Inc.
 * "Programmer's Guide to the Ad Lib Music Synthesizer Card" (ports 388h/389h, the detection
 * sequence, register write delays).
 */
import type { Part } from '../../kernel/part.ts';
import { CorruptStateError } from '../../kernel/errors.ts';
import { Resampler, type ResamplerState } from '../../kernel/resampler.ts';
import type { Timer, TimerCallback } from '../../kernel/scheduler.ts';
import type { Clock, Ticks } from '../../kernel/time.ts';
import { Ym3812, YM3812_SAMPLE_HZ, type Ym3812State } from '../ym3812/ym3812.ts';
import { SbDsp, type SbDspState } from './sb-dsp.ts';

/** The ISA bus OSC crystal that clocks both cards' OPL2 (14.31818 MHz / 4 = 3.579545 MHz). */
export const ISA_OSC_HZ = 14_318_180;
export const ADLIB_PORTS: readonly number[] = [0x388, 0x389];

/** One OPL2 channel at full level peaks at 0.25 of the output range. */
const OPL_GAIN = 1 / 16384;
const DAC_GAIN = 0.5;
/** Host rate until the machine says otherwise. */
const DEFAULT_HOST_HZ = 48_000;

interface MixState {
  /** DAC level now, its integral since `last` (level x ticks), and that tick. */
  level: number;
  acc: number;
  last: Ticks;
  /** Last host-rate sample handed out by takeSample (repeated if the FIFO is momentarily empty). */
  held: number;
}

export interface SoundCardState {
  opl: Ym3812State;
  dsp: SbDspState | null;
  mix: MixState;
  audio: ResamplerState;
}

/** What a PC machine needs from a fitted sound card. */
export interface IsaSoundCard extends Part<SoundCardState> {
  /** Every I/O port the card answers (reads of other ports are not its business). */
  readonly ports: readonly number[];
  read(port: number): number;
  write(port: number, v: number): void;
  /** Bring the card's chips and audio up to `now` (default: the clock's now). */
  update(now?: Ticks): void;
  /** Host output rate (the Session's setAudioRate). */
  setAudioRate(hz: number): void;
  /** Host-rate mono output waiting to be taken: `audio.available`, `audio.read(out, ...)`. */
  readonly audio: Resampler;
  /**
   * One host-rate sample, for a machine that mixes sample by sample (e.g. inside its PC-speaker
   * LevelSynth callback, after `update(now)` at the start of its audio flush): both streams are
   * tied to master time, so they never drift; when the FIFO is empty for a sample at a frame edge
   * the last sample is repeated instead of a click to zero.
   */
  takeSample(): number;
}

/**
 * The card as a PC board's extra I/O device (`PcBoard.addIo` shape): `read` gives -1 and `write`
 * false for ports that are not the card's.
 */
export function isaIoDevice(card: IsaSoundCard): { read(port: number): number; write(port: number, v: number): boolean } {
  const mine = new Set(card.ports);
  return {
    read: (port) => (mine.has(port) ? card.read(port) : -1),
    write: (port, v) => {
      if (!mine.has(port)) return false;
      card.write(port, v);
      return true;
    },
  };
}

interface CardOptions {
  /** Master clock of the machine (Hz). The OPL2 runs at ISA OSC / 288 whatever it is. */
  masterHz: number;
}

/** The OPL2 + DAC mixing and resampling both cards share. */
abstract class OplCard {
  readonly stateVersion = 1;
  readonly opl: Ym3812;
  readonly audio: Resampler;
  protected mix: MixState = { level: 0, acc: 0, last: 0, held: 0 };
  private readonly one = new Float32Array(1);
  private readonly ticksPerSample: number;

  constructor(protected readonly clock: Clock, opts: CardOptions) {
    this.ticksPerSample = (opts.masterHz * 288) / ISA_OSC_HZ;
    this.opl = new Ym3812(clock, { ticksPerSample: this.ticksPerSample });
    this.audio = new Resampler(YM3812_SAMPLE_HZ, DEFAULT_HOST_HZ);
    this.mix.last = this.opl.s.samples * this.ticksPerSample;
    this.opl.onSample = (v) => this.oplSample(v);
  }

  setAudioRate(hz: number): void {
    this.audio.setOutputRate(hz);
  }

  takeSample(): number {
    if (this.audio.read(this.one, 0, 1) === 1) this.mix.held = this.one[0]!;
    return this.mix.held;
  }

  private oplSample(v: number): void {
    const m = this.mix;
    const end = this.opl.s.samples * this.ticksPerSample;
    const dac = (m.acc + m.level * (end - m.last)) / this.ticksPerSample;
    m.acc = 0;
    m.last = end;
    let y = v * OPL_GAIN + dac * DAC_GAIN;
    if (y > 1) y = 1; else if (y < -1) y = -1;
    this.audio.push(y);
  }

  /** The DAC changes to `level` at tick `at` (never before the last change). */
  protected dacChange(at: Ticks, level: number): void {
    this.opl.update(at);
    const m = this.mix;
    if (at < m.last) at = m.last;
    m.acc += m.level * (at - m.last);
    m.last = at;
    m.level = level;
  }

  protected baseState(dsp: SbDspState | null): SoundCardState {
    return { opl: this.opl.getState(), dsp, mix: { ...this.mix }, audio: this.audio.getState() };
  }

  protected setBaseState(s: SoundCardState): void {
    if (typeof s !== 'object' || s === null || typeof s.mix !== 'object' || s.mix === null ||
        !Number.isFinite(s.mix.level) || !Number.isFinite(s.mix.acc) || !Number.isFinite(s.mix.last) ||
        !Number.isFinite(s.mix.held))
      throw new CorruptStateError('sound card state: malformed');
    this.opl.setState(s.opl);
    this.audio.setState(s.audio);
    this.mix = { level: s.mix.level, acc: s.mix.acc, last: s.mix.last, held: s.mix.held };
  }
}

/** Ad Lib Music Synthesizer Card: the YM3812 at 388h/389h. */
export class AdLibCard extends OplCard implements IsaSoundCard {
  readonly ports = ADLIB_PORTS;

  constructor(clock: Clock, opts: CardOptions) {
    super(clock, opts);
  }

  read(port: number): number {
    return port === 0x388 ? this.opl.read(0) : 0xff;
  }

  write(port: number, v: number): void {
    if (port === 0x388 || port === 0x389) this.opl.write(port & 1, v);
  }

  update(now: Ticks = this.clock.now): void {
    this.opl.update(now);
  }

  getState(): SoundCardState { return this.baseState(null); }
  setState(s: SoundCardState): void { this.setBaseState(s); }
}

export interface SoundBlaster2Options extends CardOptions {
  /** Base port, 220h (default) or 240h. */
  base?: number;
  /** IRQ jumper (2, 3, 5 or 7; default 7) and 8-bit DMA channel (default 1): the card only reports
   *  them (`irq`, `dma`, `blaster`); the machine wires `dsp.onIrq` / `dsp.onDreq` to match. */
  irq?: number;
  dma?: number;
  /** The card creates the DSP's one timer with this. */
  scheduler: { timer(key: string, onFire: TimerCallback): Timer };
  /** Timer key prefix, default 'sb' (the DSP's timer is '<prefix>.dsp'). */
  timerKey?: string;
}

/**
 * Sound Blaster 2.0. Wire `dsp.onDreq` to the 8237's DREQ 1, attach `dsp` as the channel's device
 * (it has `memoryToDevice`/`deviceToMemory`), and `dsp.onIrq` to IRQ 7 (or 5) of the 8259.
 */
export class SoundBlaster2Card extends OplCard implements IsaSoundCard {
  readonly base: number;
  readonly irq: number;
  readonly dma: number;
  readonly ports: readonly number[];
  readonly dsp: SbDsp;

  constructor(clock: Clock, opts: SoundBlaster2Options) {
    super(clock, opts);
    this.base = opts.base ?? 0x220;
    this.irq = opts.irq ?? 7;
    this.dma = opts.dma ?? 1;
    this.ports = [...Array.from({ length: 16 }, (_, i) => this.base + i), 0x388, 0x389];
    this.dsp = new SbDsp(clock, { masterHz: opts.masterHz, scheduler: opts.scheduler, timerKey: `${opts.timerKey ?? 'sb'}.dsp` });
    this.dsp.onDac = (at, level) => this.dacChange(at, level);
  }

  read(port: number): number {
    this.update();
    if (port === 0x388 || port === 0x389) return this.opl.read(port & 1);
    const off = port - this.base;
    if (off === 8 || off === 9) return this.opl.read(off & 1);
    if (off === 0xa || off === 0xc || off === 0xe) return this.dsp.read(off);
    return 0xff;
  }

  write(port: number, v: number): void {
    this.update();
    if (port === 0x388 || port === 0x389) { this.opl.write(port & 1, v); return; }
    const off = port - this.base;
    if (off === 8 || off === 9) this.opl.write(off & 1, v);
    else if (off === 6 || off === 0xc) this.dsp.write(off, v);
  }

  update(now: Ticks = this.clock.now): void {
    this.dsp.update(now);
    this.opl.update(now);
  }

  /** The value of the BLASTER environment variable for this card, e.g. 'A220 I7 D1 T3' (T3 = SB 2.0). */
  get blaster(): string {
    return `A${this.base.toString(16)} I${this.irq} D${this.dma} T3`;
  }

  getState(): SoundCardState { return this.baseState(this.dsp.getState()); }

  setState(s: SoundCardState): void {
    if (typeof s !== 'object' || s === null || s.dsp === null || typeof s.dsp !== 'object')
      throw new CorruptStateError('Sound Blaster state: no DSP state');
    this.dsp.setState(s.dsp);
    this.setBaseState(s);
  }
}
