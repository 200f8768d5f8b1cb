/**
 * The ZX Spectrum 48K assembled: Z80 + ULA + 16 KB ROM + 48 KB RAM + keyboard, beeper, tape deck
 * and Kempston joystick, on a 14 MHz master clock (CPU /4 = 3.5 MHz).
 *
 * Elsewhere: the bus glue (contention as wait states, port decoding) in bus.ts; the ROM tape
 * traps and loader detection in tape/traps.ts; typing LOAD "" after a tape goes in in
 * auto-type.ts; the saved parts in parts.ts.
 *
 * Not emulated: the issue-2 keyboard/EAR behaviour, ULA snow, the interrupt's exact position
 * relative to the instruction in flight beyond "sampled at the end of each instruction", recording
 * the MIC signal (SAVE is trapped at SA-BYTES instead: tape/recorder.ts).
 */
import { Z80 } from '../../cores/cpu/z80/z80.ts';
import { AudioSink, LevelSynth } from '../../cores/kernel/audio.ts';
import { CpuLine } from '../../cores/kernel/cpu.ts';
import type { Host, VideoFrame } from '../../cores/kernel/host.ts';
import type { LoadedMedia, MediaRef } from '../../cores/kernel/media.ts';
import { Scheduler } from '../../cores/kernel/scheduler.ts';
import { fontBytes } from '../../roms/zx-spectrum-48k/font.ts';
import { AutoTyper } from './auto-type.ts';
import { Keyboard } from './keyboard.ts';
import { audioPart, ramPart, tapePart, ulaPart } from './parts.ts';
import { readScreenText } from './screen-text.ts';
import type { SpectrumSnapshot } from './snapshot/snapshot.ts';
import { writeSna } from './snapshot/sna.ts';
import { writeZ80 } from './snapshot/z80.ts';
import { TapeDeck } from './tape/deck.ts';
import type { Tape } from './tape/pulses.ts';
import { TapeRecorder } from './tape/recorder.ts';
import { TapeTraps, hasSinclairTapeRoutines } from './tape/traps.ts';
import { INT_LENGTH_T, SCREEN_HEIGHT, SCREEN_WIDTH, T_PER_FRAME, Ula } from './ula.ts';
import { SpectrumBus } from './bus.ts';

export const MASTER_HZ = 14_000_000;
export const CPU_DIVIDER = 4;
export const FRAME_TICKS = T_PER_FRAME * CPU_DIVIDER;
/** Our own character set, so the demo's text reads back whichever ROM is in. */
const AMALGAM_FONT = fontBytes();

export interface SpectrumOptions {
  host: Host;
  rom: Uint8Array;
  /** The ROM is our replacement (no BASIC, no tape loader). */
  fallbackRom: boolean;
  realTimeTape?: boolean;
}

export class Spectrum {
  readonly scheduler = new Scheduler();
  /** The whole 64 KB address space: ROM at 0-0x3FFF (writes ignored), RAM above. */
  readonly mem = new Uint8Array(0x10000);
  readonly ula = new Ula(this.mem);
  readonly keyboard: Keyboard;
  readonly deck = new TapeDeck();
  readonly cpu: Z80;
  readonly bus: SpectrumBus;
  /** The beeper/tape sound and its output buffer (parts.ts saves them). */
  readonly synth: LevelSynth;
  readonly sink: AudioSink;
  private readonly frameTimer;
  private readonly intEndTimer;
  private readonly frame: { width: number; height: number; pixels: Uint32Array; pixelAspect: number };
  /** Last byte written to the ULA port. */
  io = { lastOut: 0 };
  /** DC-blocking filter memory: last input and output. */
  audio = { x1: 0, y1: 0 };
  /** The ROM has the Sinclair tape loader at 0x0556 and saver at 0x04C2. */
  readonly romLoader: boolean;
  readonly recorder = new TapeRecorder();
  readonly traps: TapeTraps;
  readonly typer: AutoTyper;
  tapeRef: MediaRef | null = null;
  /** The tape as inserted (before any saves). */
  insertedTape: Tape | null = null;

  constructor(private readonly opts: SpectrumOptions) {
    this.mem.set(opts.rom.subarray(0, 0x4000));
    this.romLoader = !opts.fallbackRom && hasSinclairTapeRoutines(opts.rom);
    this.keyboard = new Keyboard(opts.host.input);
    this.typer = new AutoTyper(this.keyboard);
    this.traps = new TapeTraps(this);
    this.traps.realTimeTape = opts.realTimeTape ?? false;
    this.bus = new SpectrumBus(this);
    this.cpu = new Z80(this.bus);
    this.bus.cpu = this.cpu;
    this.sink = new AudioSink(opts.host);
    this.synth = new LevelSynth(MASTER_HZ, (v) => {
      // One-pole DC blocker (about 20 Hz at 48 kHz), so silence sits at 0 whatever the EAR level.
      const y = v - this.audio.x1 + 0.9974 * this.audio.y1;
      this.audio.x1 = v;
      this.audio.y1 = y;
      this.sink.push(y, y);
    });
    this.deck.onEdge = (at) => this.synth.setLevel(at, this.level());
    this.frame = { width: SCREEN_WIDTH, height: SCREEN_HEIGHT, pixels: this.ula.pixels, pixelAspect: 1 };
    this.frameTimer = this.scheduler.timer('ula.frame', (due) => this.endFrame(due));
    this.intEndTimer = this.scheduler.timer('ula.intEnd', () => this.cpu.setLine(CpuLine.Irq, false));
    this.scheduler.addCpu(this.cpu, CPU_DIVIDER);
    this.cpu.reset();
    // Power-on: the frame starts with /INT.
    this.cpu.setLine(CpuLine.Irq, true);
    this.intEndTimer.armAt(INT_LENGTH_T * CPU_DIVIDER);
    this.frameTimer.armAt(FRAME_TICKS);
  }

  get frames(): number {
    return this.ula.s.frames;
  }

  /** Audio level from the EAR and MIC outputs and the tape signal (EAR dominates, as on the board). */
  private level(): number {
    const out = this.io.lastOut;
    return ((out & 0x10) !== 0 ? 0.5 : 0) + ((out & 0x08) !== 0 ? 0.06 : 0) +
      (this.deck.s.playing && this.deck.s.level !== 0 ? 0.12 : 0);
  }

  readUlaPort(high: number): number {
    let ear: number;
    const playing = this.deck.s.playing;
    this.traps.countPoll(playing);
    if (playing) {
      this.deck.advance(this.scheduler.now);
      ear = this.deck.s.level;
    } else {
      // Issue 3: with no signal, EAR in follows the EAR output bit.
      ear = (this.io.lastOut >> 4) & 1;
    }
    return this.keyboard.read(high) | 0xa0 | (ear << 6);
  }

  writeUlaPort(t: number, value: number): void {
    this.ula.setBorder(t, value & 7);
    if (((value ^ this.io.lastOut) & 0x18) !== 0) {
      const now = this.scheduler.now;
      this.deck.advance(now);
      this.io.lastOut = value;
      this.synth.setLevel(now, this.level());
    } else {
      this.io.lastOut = value;
    }
  }

  private endFrame(due: number): void {
    const s = this.ula.s;
    this.deck.advance(due);
    this.synth.advance(due);
    this.sink.flush();
    this.ula.endFrame(s.frameStart + T_PER_FRAME);
    this.cpu.setLine(CpuLine.Irq, true);
    this.intEndTimer.armAt(due + INT_LENGTH_T * CPU_DIVIDER);
    this.frameTimer.armAt(due + FRAME_TICKS);
    this.typer.step(this.frames);
    this.traps.detectLoader(due);
    this.opts.host.video(this.frame as VideoFrame);
  }

  reset(): void {
    this.cpu.reset();
    this.typer.cancel();
  }

  ejectTape(): void {
    this.insertedTape = null;
    this.deck.tape = null;
    this.tapeRef = null;
    this.recorder.original = null;
    this.recorder.saved = [];
    this.typer.cancel();
  }

  insertTape(tape: Tape, ref: MediaRef, bytes: Uint8Array): void {
    this.insertedTape = tape;
    this.deck.load(tape);
    this.tapeRef = ref;
    this.recorder.insert(ref.name, ref.format, bytes);
    if (this.romLoader) {
      // Auto-start: reset, wait for the ROM to be ready, then type LOAD "" ENTER.
      this.reset();
      this.typer.start(this.frames);
    }
  }

  loadSnapshot(snap: SpectrumSnapshot): void {
    const cpu = this.cpu;
    this.typer.cancel();
    this.mem.set(snap.ram, 0x4000);
    cpu.setState({ ...snap.cpu, cycles: cpu.cycles, irqLine: cpu.irqLine, nmiPending: false });
    this.writeUlaPort(cpu.cycles - this.ula.s.frameStart, (this.io.lastOut & 0xf8) | (snap.border & 7));
  }

  /**
   * The machine as a snapshot. Snapshot files have no HALT flag. A halted CPU that is about to
   * take an interrupt (the usual case: exports happen at a frame boundary, where /INT has just
   * been asserted) is written with PC past the HALT, the address the interrupt pushes. One that
   * would stay halted is written with PC back on its HALT instruction: re-executing it halts
   * again, with the same 4 T and R increment per M1 cycle as the NOPs a halted Z80 runs.
   */
  snapshot(): SpectrumSnapshot {
    const cpu = this.cpu.getState();
    if (cpu.halted && !(cpu.irqLine && cpu.iff1 && !cpu.eiDelay)) {
      cpu.pc = (cpu.pc - 1) & 0xffff;
      cpu.halted = false;
    }
    return { cpu, ram: this.mem.slice(0x4000), border: this.ula.s.border };
  }

  saveSnapshot(format: 'z80' | 'sna'): Uint8Array {
    return format === 'z80' ? writeZ80(this.snapshot()) : writeSna(this.snapshot());
  }

  /** Change the output rate (LevelSynth keeps its phase when the rate is the same). */
  setAudioRate(hz: number): void {
    this.synth.setRate(hz, this.scheduler.now);
  }

  screenText(): string {
    return readScreenText(this.mem, AMALGAM_FONT);
  }

  /** Re-derive what is not saved: the loader watch and the forced keys. */
  refresh(): void {
    this.bus.watchLoader = this.romLoader && this.deck.tape !== null;
    this.bus.watchSaver = this.romLoader;
    this.ula.invalidate();
    this.typer.applyForcedKeys();
  }

  readonly ramPart = ramPart(this);
  readonly ulaPart = ulaPart(this);
  readonly audioPart = audioPart(this);
  readonly tapePart = tapePart(this);

  insert(media: LoadedMedia): void {
    if (media.format.kind === 'tape') this.insertTape(media.data as Tape, media.ref, media.bytes);
    else this.loadSnapshot(media.data as SpectrumSnapshot);
    this.refresh();
  }
}
