/**
 * The ZX Spectrum 48K assembled: Z80 + ULA + 16 KB ROM + 48 KB RAM + keyboard, beeper, tape deck
 * and Kempston joystick, on a 14 MHz master clock (CPU /4 = 3.5 MHz).
 *
 * The bus glue (contention as wait states, port decoding) is in bus.ts.
 *
 * Tape: the default is the ROM loader trap: when the CPU fetches LD-BYTES (0x0556) of the real
 * ROM with a tape inserted, the next data block is copied straight into memory and LD-BYTES returns
 * (A = flag, IX = address, DE = length, carry = LOAD vs VERIFY on entry; carry set = success on
 * exit, as the ROM's own exit does). Blocks without ROM timings (turbo, pure data) instead start
 * the tape playing in real time through the EAR bit, so custom loaders work; so does a program in
 * RAM that polls the EAR bit like a loader (see detectLoader). With `realTimeTape` (the machine
 * option 'tape.realtime', definition.ts) the trap is off and entering LD-BYTES presses PLAY.
 *
 * Not emulated: the issue-2 keyboard/EAR behaviour, ULA snow, the interrupt's exact position
 * relative to the instruction in flight beyond "sampled at the end of each instruction", recording
 * the MIC signal (SAVE is trapped at SA-BYTES instead: tape/recorder.ts).
 */
import { Z80 } from '../../cores/cpu/z80/z80.ts';
import { AudioSink, LevelSynth, type LevelSynthState } from '../../cores/kernel/audio.ts';
import { CpuLine } from '../../cores/kernel/cpu.ts';
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import type { Host, VideoFrame } from '../../cores/kernel/host.ts';
import type { LoadedMedia, MediaRef } from '../../cores/kernel/media.ts';
import type { Part } from '../../cores/kernel/part.ts';
import { Scheduler } from '../../cores/kernel/scheduler.ts';
import { fontBytes } from '../../roms/zx-spectrum-48k/font.ts';
import { Keyboard, keyPosition } from './keyboard.ts';
import { readScreenText } from './screen-text.ts';
import type { SpectrumSnapshot } from './snapshot/snapshot.ts';
import { writeSna } from './snapshot/sna.ts';
import { writeZ80 } from './snapshot/z80.ts';
import { TapeDeck, type DeckState } from './tape/deck.ts';
import { SIGNAL_KINDS, type Tape } from './tape/pulses.ts';
import { TapeRecorder, romBlock } from './tape/recorder.ts';
import { INT_LENGTH_T, SCREEN_HEIGHT, SCREEN_WIDTH, T_PER_FRAME, Ula, type UlaState } from './ula.ts';
import { SpectrumBus } from './bus.ts';

export const MASTER_HZ = 14_000_000;
export const CPU_DIVIDER = 4;
export const FRAME_TICKS = T_PER_FRAME * CPU_DIVIDER;
/** LD-BYTES in the Sinclair ROM, and its first four bytes (INC D; EX AF,AF'; DEC D; DI). */
const LD_BYTES = 0x0556;
const LD_BYTES_CODE = [0x14, 0x08, 0x15, 0xf3];
/** SA-BYTES, and its first four bytes (LD HL,SA/LD-RET; PUSH HL). */
const SA_BYTES = 0x04c2;
const SA_BYTES_CODE = [0x21, 0x3f, 0x05, 0xe5];
/** Frames after a reset before the 48K ROM is ready for keys (its RAM test takes ~1.3 s). */
const BOOT_FRAMES = 90;
/** Loader detection thresholds: EAR reads per frame (a ROM-style edge loop reads ~1,200). */
const LOADER_POLLS = 800;
const LOADER_IDLE_POLLS = 50;
/** Our own character set, so the demo's text reads back whichever ROM is in. */
const AMALGAM_FONT = fontBytes();

export interface SpectrumOptions {
  host: Host;
  rom: Uint8Array;
  /** The ROM is our replacement (no BASIC, no tape loader). */
  fallbackRom: boolean;
  realTimeTape?: boolean;
}

interface IoState {
  /** Last byte written to the ULA port. */
  lastOut: number;
}

interface AudioState {
  synth: LevelSynthState;
  /** DC-blocking high-pass filter memory: last input and output. */
  x1: number;
  y1: number;
}

interface TapePartState {
  deck: DeckState;
  /** Auto-typing LOAD "" after an insert: frame at which the next step runs, and the step (-1: none). */
  typeAt: number;
  typeStep: number;
  /** ULA port reads in this frame that count towards loader detection. */
  polls: number;
  /** The deck was started by loader detection (and is stopped again when the polling stops). */
  autoPlayed: boolean;
  /** Blocks saved to tape since it was inserted (v2). */
  saved: Uint8Array[];
}

/** LOAD "" ENTER in 48K keyword mode: J gives LOAD, SYMBOL+P gives ". Each chord is held, then released. */
const LOAD_KEYS: readonly (readonly string[])[] = [['j'], ['symbol', 'p'], ['symbol', 'p'], ['\n']];

export class Spectrum {
  readonly scheduler = new Scheduler();
  /** The whole 64 KB address space: ROM at 0-0x3FFF (writes ignored), RAM above. */
  readonly mem = new Uint8Array(0x10000);
  readonly ula = new Ula(this.mem);
  readonly keyboard: Keyboard;
  readonly deck = new TapeDeck();
  readonly cpu: Z80;
  readonly bus: SpectrumBus;
  private readonly synth: LevelSynth;
  private readonly sink: AudioSink;
  private readonly frameTimer;
  private readonly intEndTimer;
  private readonly frame: { width: number; height: number; pixels: Uint32Array; pixelAspect: number };
  io: IoState = { lastOut: 0 };
  audio = { x1: 0, y1: 0 };
  typeAt = 0;
  typeStep = -1;
  polls = 0;
  autoPlayed = false;
  /** The ROM has the Sinclair tape loader at 0x0556 and saver at 0x04C2. */
  readonly romLoader: boolean;
  readonly recorder = new TapeRecorder();
  realTimeTape: boolean;
  tapeRef: MediaRef | null = null;

  constructor(private readonly opts: SpectrumOptions) {
    this.mem.set(opts.rom.subarray(0, 0x4000));
    this.romLoader = !opts.fallbackRom && LD_BYTES_CODE.every((v, i) => opts.rom[LD_BYTES + i] === v) &&
      SA_BYTES_CODE.every((v, i) => opts.rom[SA_BYTES + i] === v);
    this.realTimeTape = opts.realTimeTape ?? false;
    this.keyboard = new Keyboard(opts.host.input);
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
    if (this.deck.s.playing) {
      if (this.autoPlayed) this.polls++;
      this.deck.advance(this.scheduler.now);
      ear = this.deck.s.level;
    } else {
      // Loader detection: a custom loader polls EAR thousands of times a frame, from RAM, with
      // interrupts off (a "press any key" loop usually runs with them on).
      if (this.deck.tape !== null && !this.cpu.iff1 && this.cpu.pc >= 0x4000) this.polls++;
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

  /** The CPU fetched LD-BYTES with a tape inserted: load instantly, or press PLAY. */
  enterLoader(): number {
    const deck = this.deck, tape = deck.tape, mem = this.mem;
    if (tape === null) return mem[LD_BYTES]!;
    if (this.realTimeTape || deck.s.playing) {
      deck.play(this.scheduler.now);
      return mem[LD_BYTES]!;
    }
    // The next block with a signal: a ROM-timed data block loads instantly; anything else (a turbo
    // block, or a tone + pulses + pure data sequence) plays in real time from its start.
    const blocks = tape.blocks;
    let bi = 0;
    while (bi < blocks.length && (blocks[bi]!.pulseStart < deck.s.pos || !SIGNAL_KINDS.has(blocks[bi]!.kind))) bi++;
    const block = blocks[bi];
    if (block === undefined) return mem[LD_BYTES]!;
    if (!block.romTiming || block.data === undefined) {
      deck.seek(block.pulseStart);
      deck.play(this.scheduler.now);
      return mem[LD_BYTES]!;
    }
    const cpu = this.cpu;
    const data = block.data!;
    deck.seek(blocks[bi + 1]?.pulseStart ?? tape.lengths.length);
    const load = (cpu.f & 1) !== 0;
    let ok = false;
    if (data.length > 0 && data[0] === cpu.a) {
      let de = (cpu.d << 8) | cpu.e, ix = cpu.ix, parity = data[0]!, p = 1;
      ok = true;
      this.ula.change(cpu.cycles - this.ula.s.frameStart);
      while (de > 0 && p < data.length) {
        const v = data[p++]!;
        if (load) { if (ix >= 0x4000) mem[ix] = v; } else if (mem[ix] !== v) { ok = false; break; }
        parity ^= v;
        ix = (ix + 1) & 0xffff;
        de--;
      }
      if (ok) ok = de === 0 && p < data.length && (parity ^ data[p]!) === 0;
      cpu.ix = ix;
      cpu.d = de >> 8; cpu.e = de & 0xff;
    }
    cpu.f = ok ? (cpu.f | 1) : (cpu.f & ~1 & 0xff);
    this.afterTrapLoad();
    // RET: back to LD-BYTES's caller as the ROM's own exit would (interrupts were never disabled).
    return 0xc9;
  }

  /**
   * The CPU fetched SA-BYTES (A = flag, IX = address, DE = length): append the block to the tape,
   * wind the tape back to what was just saved, and return as the ROM would (RET).
   */
  enterSaver(): number {
    const cpu = this.cpu, mem = this.mem;
    const de = (cpu.d << 8) | cpu.e;
    // A TAP block holds at most 65,535 bytes with its flag and checksum.
    if (de > 0xffff - 2) return 0xc9;
    // With the record tab out (write-protected) the deck does not record; the ROM cannot tell.
    if (this.tapeWriteProtected) return 0xc9;
    const bytes = new Uint8Array(de);
    for (let i = 0; i < de; i++) bytes[i] = mem[(cpu.ix + i) & 0xffff]!;
    const rec = this.recorder;
    rec.saved.push(romBlock(cpu.a, bytes));
    cpu.ix = (cpu.ix + de) & 0xffff;
    cpu.d = 0; cpu.e = 0;
    this.loadRecordedTape(rec.rewindBlocksFromEnd());
    this.refresh();
    return 0xc9;
  }

  /** Put original + saved blocks in the deck, at the `fromEnd`-th data block from the end. */
  private loadRecordedTape(fromEnd: number): void {
    const tape = this.recorder.tape();
    if (tape === null) return;
    const data = tape.blocks.filter((b) => b.data !== undefined);
    this.deck.load(tape);
    this.deck.seek(data[Math.max(0, data.length - fromEnd)]?.pulseStart ?? 0);
  }

  /** After an instant load, a following block a custom loader must read starts playing. */
  private afterTrapLoad(): void {
    const deck = this.deck, tape = deck.tape!;
    const next = tape.blocks.find((b) => b.pulseStart >= deck.s.pos && SIGNAL_KINDS.has(b.kind));
    if (next !== undefined && !next.romTiming) {
      deck.seek(next.pulseStart);
      deck.play(this.scheduler.now);
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
    this.stepAutoType();
    this.detectLoader(due);
    this.opts.host.video(this.frame as VideoFrame);
  }

  /**
   * Start the tape when a program other than the ROM loader polls the EAR bit like a loader
   * (over LOADER_POLLS reads in a frame with interrupts off), and stop it again when a tape started
   * this way is no longer read, so custom loaders of ROM-timed blocks work in instant mode too.
   */
  private detectLoader(at: number): void {
    const deck = this.deck;
    if (!deck.s.playing) {
      // Stopped (by a stop block, the tape's end or a new tape): whatever started it is over.
      this.autoPlayed = false;
      if (this.polls > LOADER_POLLS && !deck.atEnd) {
        deck.play(at);
        this.autoPlayed = true;
      }
    } else if (this.autoPlayed && this.polls < LOADER_IDLE_POLLS) {
      deck.stop(at);
      this.autoPlayed = false;
    }
    this.polls = 0;
  }

  private stepAutoType(): void {
    if (this.typeStep < 0 || this.frames < this.typeAt) return;
    const kb = this.keyboard;
    const chord = LOAD_KEYS[this.typeStep >> 1]!;
    const down = (this.typeStep & 1) === 0;
    for (const k of chord) kb.force(keyPosition(k), down);
    this.typeStep++;
    // Held 3 frames; released 8, as the ROM ignores a key until it has been up for 5 interrupts.
    this.typeAt = this.frames + (down ? 3 : 8);
    if (this.typeStep >= LOAD_KEYS.length * 2) this.typeStep = -1;
  }

  private applyForcedKeys(): void {
    this.keyboard.forced.fill(0);
    if (this.typeStep > 0 && (this.typeStep & 1) === 1)
      for (const k of LOAD_KEYS[this.typeStep >> 1]!) this.keyboard.force(keyPosition(k), true);
  }

  reset(): void {
    this.cpu.reset();
    this.typeStep = -1;
    this.keyboard.forced.fill(0);
  }

  /** The tape as inserted (before any saves). */
  private insertedTape: Tape | null = null;
  /** The user took the record tab out: SAVE records nothing. A session setting, not in states. */
  tapeWriteProtected = false;

  ejectTape(): void {
    this.insertedTape = null;
    this.deck.tape = null;
    this.tapeRef = null;
    this.recorder.original = null;
    this.recorder.saved = [];
    this.typeStep = -1;
  }

  insertTape(tape: Tape, ref: MediaRef, bytes: Uint8Array): void {
    this.insertedTape = tape;
    this.deck.load(tape);
    this.tapeRef = ref;
    this.recorder.insert(ref.name, ref.format, bytes);
    if (this.romLoader) {
      // Auto-start: reset, wait for the ROM to be ready, then type LOAD "" ENTER.
      this.reset();
      this.typeStep = 0;
      this.typeAt = this.frames + BOOT_FRAMES;
    }
  }

  loadSnapshot(snap: SpectrumSnapshot): void {
    const cpu = this.cpu;
    this.typeStep = -1;
    this.keyboard.forced.fill(0);
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
    this.applyForcedKeys();
  }

  // ---- parts for save states ----

  readonly ramPart: Part<{ ram: Uint8Array }> = {
    stateVersion: 1,
    getState: () => ({ ram: this.mem.slice(0x4000) }),
    setState: (s) => {
      if (!(s?.ram instanceof Uint8Array) || s.ram.length !== 0xc000) throw new CorruptStateError('RAM state: not 48 KB');
      this.mem.set(s.ram, 0x4000);
    },
  };

  readonly ulaPart: Part<UlaState & IoState> = {
    stateVersion: 1,
    getState: () => ({ ...this.ula.s, pixels: this.ula.s.pixels.slice(), lastOut: this.io.lastOut }),
    setState: (s) => {
      if (typeof s !== 'object' || s === null || !(s.pixels instanceof Uint32Array) ||
          s.pixels.length !== SCREEN_WIDTH * SCREEN_HEIGHT || !Number.isFinite(s.frameStart) ||
          !Number.isInteger(s.cell) || s.cell < 0 || s.cell > (SCREEN_WIDTH / 8) * SCREEN_HEIGHT)
        throw new CorruptStateError('ULA state: malformed');
      const u = this.ula.s;
      u.frameStart = s.frameStart; u.border = s.border & 7; u.frames = s.frames; u.cell = s.cell;
      u.pixels.set(s.pixels);
      this.ula.invalidate();
      this.io.lastOut = s.lastOut & 0xff;
    },
  };

  readonly audioPart: Part<AudioState> = {
    stateVersion: 1,
    // Samples still buffered belong to the time before the save: hand them over first, so a state
    // always starts with an empty buffer and a restored run emits exactly what the original did.
    getState: () => {
      this.sink.flush();
      return { synth: this.synth.getState(), x1: this.audio.x1, y1: this.audio.y1 };
    },
    setState: (s) => {
      if (typeof s !== 'object' || s === null || typeof s.synth !== 'object') throw new CorruptStateError('audio state: malformed');
      this.sink.flush();
      this.synth.setState(s.synth);
      this.audio.x1 = s.x1;
      this.audio.y1 = s.y1;
    },
  };

  /**
   * v1: deck, auto-typing and loader detection. v2 adds the blocks saved to tape; the tape in the
   * deck is rebuilt from the inserted file plus those.
   */
  readonly tapePart: Part<TapePartState> = {
    stateVersion: 2,
    getState: () => ({
      deck: this.deck.getState(), typeAt: this.typeAt, typeStep: this.typeStep, polls: this.polls, autoPlayed: this.autoPlayed,
      saved: this.recorder.saved.map((b) => b.slice()),
    }),
    migrateState: (s, from) => {
      if (from !== 1 || typeof s !== 'object' || s === null) throw new CorruptStateError('tape state: unknown version');
      return { ...(s as Omit<TapePartState, 'saved'>), saved: [] };
    },
    setState: (s) => {
      if (typeof s !== 'object' || s === null || typeof s.deck !== 'object' || !Array.isArray(s.saved) ||
          !s.saved.every((b) => b instanceof Uint8Array && b.length >= 2 && b.length <= 0xffff))
        throw new CorruptStateError('tape state: malformed');
      this.recorder.saved = s.saved.map((b) => b.slice());
      this.deck.tape = this.recorder.tape() ?? this.insertedTape;
      const d = { ...s.deck };
      // A state saved with a tape that is not inserted now: the deck stays stopped.
      if (this.deck.tape === null || d.pos > this.deck.tape.lengths.length) { d.playing = false; d.pos = 0; }
      this.deck.setState(d);
      this.typeAt = s.typeAt;
      this.typeStep = s.typeStep;
      this.polls = s.polls | 0;
      this.autoPlayed = s.autoPlayed === true;
    },
  };

  insert(media: LoadedMedia): void {
    if (media.format.kind === 'tape') this.insertTape(media.data as Tape, media.ref, media.bytes);
    else this.loadSnapshot(media.data as SpectrumSnapshot);
    this.refresh();
  }
}
