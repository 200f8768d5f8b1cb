/**
 * Creative Sound Blaster 2.0 DSP (version 2.01): the 8051-based controller that plays 8-bit
 * samples through the card's DAC, by direct writes or by ISA DMA, and raises the card's IRQ.
 *
 * Emulated (Creative "Sound Blaster Series Hardware Programming Guide", DSP commands and ports;
 * Creative "Developer Kit for Sound Blaster Series", 2nd ed. 1993, DSP chapter):
 * - ports (offsets from the base, 220h by default): 6 reset (write 1 then 0; AAh appears in the
 *   read buffer 20 us later, as DOSBox models it), A read data, C write command/data (read: bit 7
 *   = busy, set only in high-speed mode), E read-buffer status (bit 7 = data available; reading it
 *   acknowledges the 8-bit DMA interrupt);
 * - commands 10h direct 8-bit output; 14h 8-bit single-cycle DMA; 1Ch 8-bit auto-init DMA with the
 *   48h block size; 90h/91h high-speed auto-init / single-cycle (no commands until the block ends
 *   or, for 90h, a reset); 40h time constant (rate = 1,000,000 / (256 - TC) Hz); 80h silence for a
 *   length; D0h pause / D4h continue DMA; D1h/D3h speaker on/off; D8h speaker status; DAh exit
 *   auto-init after the current block; E0h identification (returns the complement); E1h version
 *   (02h 01h); E4h/E8h test register; F2h force an 8-bit IRQ; 20h direct input (reads 80h, silence).
 *
 * Not emulated: recording (24h, 2Ch DMA input: nothing happens), the 2-, 2.6- and 4-bit ADPCM
 * modes (16h, 17h, 74h-77h, 7Dh, 7Fh: their arguments are consumed and nothing plays), MIDI
 * (30h-38h), the output low-pass filter and the DAC's analogue path, the DSP's command-processing
 * delays (a write is taken at once; the busy bit only reports high-speed mode).
 *
 * DMA: the DSP is an 8237 "device": it asserts DREQ (`onDreq`) when it wants a byte and the
 * machine's 8237 answers with DACK, calling `memoryToDevice(byte)` (the `DmaDevice` shape of
 * cores/chips/i8237). It keeps one byte latched; at each sample tick it plays the latch and asks for
 * the next. A tick with an empty latch (channel masked, 8237 not ready) plays nothing and keeps
 * DREQ up; the byte is played at the tick after it arrives. The DSP counts its own block (the
 * ISA TC line is not used by the card), and raises the IRQ when the last byte of a block is played.
 *
 * Time: lazy. Sample ticks are origin + k x (256 - TC) us in master ticks (the DSP's timer counts
 * microseconds), rounded up; `update(now)` plays every tick due. One Scheduler timer wakes the DSP
 * at the tick a block will end, so the IRQ is raised on time with nobody touching the ports. The
 * DAC level goes out through `onDac(at, level)` at exact ticks, for the card to mix.
 */
import type { Part } from '../../kernel/part.ts';
import { CorruptStateError } from '../../kernel/errors.ts';
import type { Timer, TimerCallback } from '../../kernel/scheduler.ts';
import type { Clock, Ticks } from '../../kernel/time.ts';

export const DSP_VERSION_MAJOR = 2;
export const DSP_VERSION_MINOR = 1;

/** What the DSP is doing with DMA. */
export const enum DmaMode { None = 0, Single = 1, Auto = 2, Silence = 3 }

export interface SbDspState {
  /** Command byte being collected, or -1; its arguments so far. */
  cmd: number;
  args: number[];
  /** Read buffer (bytes the DSP has put out for port A). */
  out: number[];
  /** Last byte read from port A (returned again when the buffer is empty). */
  lastRead: number;
  /** Reset line (port 6 bit 0) held high; tick when AAh appears after it was released (-1: none). */
  resetHigh: boolean;
  resetDoneAt: Ticks;
  speaker: boolean;
  timeConstant: number;
  /** Block length set by 48h (bytes). */
  blockSize: number;
  testReg: number;
  mode: DmaMode;
  highSpeed: boolean;
  paused: boolean;
  exitAuto: boolean;
  /** Bytes left to play in the current block, and the length to reload (auto-init). */
  left: number;
  blockLen: number;
  /** Latched DMA byte (-1: empty, DREQ up). */
  latch: number;
  dreq: boolean;
  /** Sample clock: tick k is at ceil(origin + k * period); `tick` = next k. */
  origin: Ticks;
  tick: number;
  /** DAC byte (80h = silence) and the 8-bit IRQ line. */
  dac: number;
  irq: boolean;
}

export interface SbDspOptions {
  /** Master clock frequency (Hz), to turn the DSP's microseconds into master ticks. */
  masterHz: number;
  /** The DSP creates its one timer (block-end IRQ) with this. */
  scheduler: { timer(key: string, onFire: TimerCallback): Timer };
  /** Timer key, unique within the machine. Default 'sb.dsp'. */
  timerKey?: string;
}

/** Arguments each command takes. Commands not listed take none. */
const ARGS = new Uint8Array(256);
for (const [c, n] of [[0x10, 1], [0x14, 2], [0x16, 2], [0x17, 2], [0x24, 2], [0x2c, 0], [0x38, 1], [0x40, 1],
  [0x48, 2], [0x74, 2], [0x75, 2], [0x76, 2], [0x77, 2], [0x80, 2], [0xe0, 1], [0xe4, 1]] as const) ARGS[c] = n;

function powerOn(): SbDspState {
  return {
    cmd: -1, args: [], out: [], lastRead: 0xff, resetHigh: false, resetDoneAt: -1, speaker: false,
    timeConstant: 0, blockSize: 0x800, testReg: 0, mode: DmaMode.None, highSpeed: false, paused: false,
    exitAuto: false, left: 0, blockLen: 0, latch: -1, dreq: false, origin: 0, tick: 0, dac: 0x80, irq: false,
  };
}

export class SbDsp implements Part<SbDspState> {
  readonly stateVersion = 1;
  s: SbDspState = powerOn();
  /** DREQ line to the 8237 channel (8-bit DMA 1 on a stock card). */
  onDreq: ((asserted: boolean) => void) | null = null;
  /** IRQ line (IRQ 7 or 5 by jumper; 7 by default). */
  onIrq: ((asserted: boolean) => void) | null = null;
  /** DAC output (-1..1, 0 with the speaker off) from tick `at` on. Called in time order. */
  onDac: ((at: Ticks, level: number) => void) | null = null;
  private readonly timer: Timer;
  private readonly ticksPerUs: number;

  constructor(private readonly clock: Clock, opts: SbDspOptions) {
    this.ticksPerUs = opts.masterHz / 1_000_000;
    this.timer = opts.scheduler.timer(opts.timerKey ?? 'sb.dsp', () => { this.update(); this.rearm(); });
  }

  // ---- ports (offset from the card's base) ----

  read(offset: number): number {
    const now = this.clock.now;
    this.update(now);
    switch (offset & 0xf) {
      case 0xa: {
        this.finishReset(now);
        const s = this.s;
        if (s.out.length > 0) s.lastRead = s.out.shift()!;
        return s.lastRead;
      }
      case 0xc: return this.s.highSpeed ? 0xff : 0x7f;
      case 0xe: {
        this.finishReset(now);
        if (this.s.irq) this.setIrq(false);
        return this.s.out.length > 0 ? 0xff : 0x7f;
      }
      default: return 0xff;
    }
  }

  write(offset: number, v: number): void {
    const now = this.clock.now;
    this.update(now);
    v &= 0xff;
    switch (offset & 0xf) {
      case 0x6: this.writeReset(v, now); break;
      case 0xc: this.writeData(v, now); break;
      default: break;
    }
  }

  private writeReset(v: number, now: Ticks): void {
    const s = this.s;
    if ((v & 1) !== 0) {
      if (!s.resetHigh) {
        // Reset: stops DMA, leaves high-speed mode, empties the buffers, speaker off.
        // The time constant and block size survive (DOSBox keeps them too); a pending IRQ is dropped.
        const keepTc = s.timeConstant;
        const keepBlock = s.blockSize;
        const wasIrq = s.irq;
        const wasDreq = s.dreq;
        this.s = powerOn();
        this.s.timeConstant = keepTc;
        this.s.blockSize = keepBlock;
        this.s.irq = wasIrq;
        this.s.dreq = wasDreq;
        this.s.resetHigh = true;
        this.setIrq(false);
        this.setDreq(false);
        this.emitDac(now);
        this.rearm();
      }
    } else if (s.resetHigh) {
      s.resetHigh = false;
      s.resetDoneAt = now + Math.round(20 * this.ticksPerUs);
    }
  }

  private finishReset(now: Ticks): void {
    const s = this.s;
    if (s.resetDoneAt >= 0 && now >= s.resetDoneAt) {
      s.resetDoneAt = -1;
      s.out = [0xaa];
    }
  }

  private writeData(v: number, now: Ticks): void {
    this.finishReset(now);
    const s = this.s;
    if (s.resetHigh || s.resetDoneAt >= 0) return; // in reset (or within 20 us after it): not listening
    if (s.highSpeed) return; // high-speed mode takes no commands
    if (s.cmd < 0) {
      s.cmd = v;
      s.args = [];
    } else s.args.push(v);
    if (s.args.length < ARGS[s.cmd]!) return;
    const cmd = s.cmd;
    const a = s.args;
    s.cmd = -1;
    this.command(cmd, a, now);
  }

  private command(cmd: number, a: number[], now: Ticks): void {
    const s = this.s;
    switch (cmd) {
      case 0x10: s.dac = a[0]!; this.emitDac(now); break;
      case 0x14: this.startDma(DmaMode.Single, a[0]! + (a[1]! << 8) + 1, false, now); break;
      case 0x1c: this.startDma(DmaMode.Auto, s.blockSize, false, now); break;
      case 0x20: this.put(0x80); break;
      case 0x40: s.timeConstant = a[0]!; break;
      case 0x48: s.blockSize = a[0]! + (a[1]! << 8) + 1; break;
      case 0x80: this.startDma(DmaMode.Silence, a[0]! + (a[1]! << 8) + 1, false, now); break;
      case 0x90: this.startDma(DmaMode.Auto, s.blockSize, true, now); break;
      case 0x91: this.startDma(DmaMode.Single, s.blockSize, true, now); break;
      case 0xd0: if (s.mode !== DmaMode.None && !s.paused) { s.paused = true; this.setDreq(false); this.rearm(); } break;
      case 0xd4:
        if (s.mode !== DmaMode.None && s.paused) {
          s.paused = false;
          s.origin = now;
          s.tick = 1;
          this.request();
          this.rearm();
        }
        break;
      case 0xd1: s.speaker = true; this.emitDac(now); break;
      case 0xd3: s.speaker = false; this.emitDac(now); break;
      case 0xd8: this.put(s.speaker ? 0xff : 0x00); break;
      case 0xda: if (s.mode === DmaMode.Auto) s.exitAuto = true; break;
      case 0xe0: this.put(~a[0]! & 0xff); break;
      case 0xe1: this.put(DSP_VERSION_MAJOR); this.put(DSP_VERSION_MINOR); break;
      case 0xe4: s.testReg = a[0]!; break;
      case 0xe8: this.put(s.testReg); break;
      case 0xf2: this.setIrq(true); break;
      default: break; // recording, ADPCM, MIDI and unknown commands: nothing (see header)
    }
  }

  private put(v: number): void {
    const out = this.s.out;
    if (out.length < 64) out.push(v & 0xff);
  }

  // ---- DMA playback ----

  /** Master ticks per sample at the current time constant. */
  private period(): number {
    return (256 - this.s.timeConstant) * this.ticksPerUs;
  }

  private tickAt(k: number): Ticks {
    return Math.ceil(this.s.origin + k * this.period());
  }

  private startDma(mode: DmaMode, len: number, highSpeed: boolean, now: Ticks): void {
    const s = this.s;
    const continuing = s.mode !== DmaMode.None && !s.paused && s.latch >= 0;
    s.mode = mode;
    s.highSpeed = highSpeed;
    s.paused = false;
    s.exitAuto = false;
    s.blockLen = len;
    s.left = len;
    if (!continuing) {
      // A new transfer: the sample clock starts now; the first byte plays one period later.
      s.origin = now;
      s.tick = 1;
    }
    if (mode !== DmaMode.Silence) this.request();
    this.rearm();
  }

  /** Ask for the next byte if the latch is empty. The 8237 may answer at once (memoryToDevice). */
  private request(): void {
    const s = this.s;
    if (s.mode === DmaMode.None || s.mode === DmaMode.Silence || s.paused || s.latch >= 0) return;
    this.setDreq(true);
  }

  private setDreq(on: boolean): void {
    if (on === this.s.dreq) return;
    this.s.dreq = on;
    this.onDreq?.(on);
  }

  /** DACK for a read transfer (memory -> DSP): the byte arrives. */
  memoryToDevice(v: number): void {
    const s = this.s;
    if (s.latch < 0 && s.mode !== DmaMode.None) s.latch = v & 0xff;
    this.setDreq(false);
  }

  /** DACK for a write transfer (DSP -> memory): recording is not emulated, the DSP gives silence. */
  deviceToMemory(): number {
    this.setDreq(false);
    return 0x80;
  }

  /** Play every sample tick due by `now`. */
  update(now: Ticks = this.clock.now): void {
    const s = this.s;
    while (s.mode !== DmaMode.None && !s.paused) {
      const at = this.tickAt(s.tick);
      if (at > now) break;
      s.tick++;
      if (s.mode === DmaMode.Silence) {
        s.left--;
      } else {
        if (s.latch < 0) { this.request(); continue; } // starved: nothing to play this tick
        s.dac = s.latch;
        s.latch = -1;
        s.left--;
        this.emitDac(at);
      }
      if (s.left === 0) this.endBlock();
      else this.request();
    }
  }

  private endBlock(): void {
    const s = this.s;
    this.setIrq(true);
    if (s.mode === DmaMode.Auto && !s.exitAuto) {
      s.left = s.blockLen;
      this.request();
    } else {
      s.mode = DmaMode.None;
      s.highSpeed = false;
      s.exitAuto = false;
      this.setDreq(false);
    }
  }

  private rearm(): void {
    const s = this.s;
    if (s.mode === DmaMode.None || s.paused) { this.timer.cancel(); return; }
    // The tick at which the block ends if no byte comes late (then we look again).
    this.timer.armAt(this.tickAt(s.tick + s.left - 1));
  }

  private setIrq(on: boolean): void {
    if (on === this.s.irq) return;
    this.s.irq = on;
    this.onIrq?.(on);
  }

  private emitDac(at: Ticks): void {
    const s = this.s;
    this.onDac?.(at, s.speaker ? (s.dac - 128) / 128 : 0);
  }

  /** The DAC level now (-1..1, 0 with the speaker off). */
  get level(): number {
    return this.s.speaker ? (this.s.dac - 128) / 128 : 0;
  }

  // ---- state ----

  getState(): SbDspState {
    this.update();
    const s = this.s;
    return { ...s, args: s.args.slice(), out: s.out.slice() };
  }

  setState(st: SbDspState): void {
    const int = (v: unknown, lo: number, hi: number): boolean => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
    if (typeof st !== 'object' || st === null || !int(st.cmd, -1, 255) || !Array.isArray(st.args) || !Array.isArray(st.out) ||
        !st.out.every((v) => int(v, 0, 255)) || !st.args.every((v) => int(v, 0, 255)) || !int(st.timeConstant, 0, 255) ||
        !int(st.blockSize, 1, 0x10000) || !int(st.mode, 0, 3) || !int(st.left, 0, 0x10000) || !int(st.blockLen, 0, 0x10000) ||
        !int(st.latch, -1, 255) || !int(st.dac, 0, 255) || !Number.isFinite(st.origin) || !Number.isSafeInteger(st.tick) ||
        typeof st.speaker !== 'boolean' || typeof st.irq !== 'boolean' || typeof st.dreq !== 'boolean' ||
        typeof st.paused !== 'boolean' || typeof st.highSpeed !== 'boolean' || typeof st.resetHigh !== 'boolean' ||
        !Number.isFinite(st.resetDoneAt) || !int(st.lastRead, 0, 255) || !int(st.testReg, 0, 255))
      throw new CorruptStateError('Sound Blaster DSP state: malformed');
    this.s = { ...st, args: st.args.slice(), out: st.out.slice() };
    this.rearm();
  }
}
