/**
 * The Sinclair ROM's tape routines, trapped: when the CPU fetches LD-BYTES (0x0556) with a tape in
 * the deck, the next ROM-timed data block is copied straight into memory and LD-BYTES returns as
 * its own exit would (A = flag, IX = address, DE = length, carry = LOAD vs VERIFY on entry; carry
 * set = success on exit). Blocks without ROM timings (turbo, pure data) play in real time through
 * the EAR bit instead, so custom loaders work. SA-BYTES (0x04C2) is trapped to append the block to
 * the tape (tape/recorder.ts). Loader detection starts the tape for a program in RAM that polls EAR
 * like a loader, and stops it when the polling stops.
 *
 * With `realTimeTape` (the machine option 'tape.realtime') entering LD-BYTES only presses PLAY.
 */
import type { Z80 } from '../../../cores/cpu/z80/z80.ts';
import type { Scheduler } from '../../../cores/kernel/scheduler.ts';
import type { Ula } from '../ula.ts';
import type { TapeDeck } from './deck.ts';
import { SIGNAL_KINDS } from './pulses.ts';
import { type TapeRecorder, romBlock } from './recorder.ts';

/** LD-BYTES in the Sinclair ROM, and its first four bytes (INC D; EX AF,AF'; DEC D; DI). */
export const LD_BYTES = 0x0556;
const LD_BYTES_CODE = [0x14, 0x08, 0x15, 0xf3];
/** SA-BYTES, and its first four bytes (LD HL,SA/LD-RET; PUSH HL). */
export const SA_BYTES = 0x04c2;
const SA_BYTES_CODE = [0x21, 0x3f, 0x05, 0xe5];
/** Loader detection thresholds: EAR reads per frame (a ROM-style edge loop reads ~1,200). */
const LOADER_POLLS = 800;
const LOADER_IDLE_POLLS = 50;

/** True when `rom` has the Sinclair loader and saver where the traps expect them. */
export function hasSinclairTapeRoutines(rom: Uint8Array): boolean {
  return LD_BYTES_CODE.every((v, i) => rom[LD_BYTES + i] === v) && SA_BYTES_CODE.every((v, i) => rom[SA_BYTES + i] === v);
}

/** What the traps touch in the machine. */
export interface TrapMachine {
  readonly cpu: Z80;
  readonly mem: Uint8Array;
  readonly deck: TapeDeck;
  readonly recorder: TapeRecorder;
  readonly scheduler: Scheduler;
  readonly ula: Ula;
  /** Re-derive the bus watches after the tape changed. */
  refresh(): void;
}

export class TapeTraps {
  /** Load everything in real time (the trap only presses PLAY). A session setting. */
  realTimeTape = false;
  /** The record tab is out: SAVE records nothing (the ROM cannot tell). A session setting. */
  writeProtected = false;
  /** EAR reads in this frame that count towards loader detection (saved). */
  polls = 0;
  /** The deck was started by loader detection, and is stopped again when the polling stops (saved). */
  autoPlayed = false;

  constructor(private readonly m: TrapMachine) {}

  /** An EAR read while the deck plays (`playing`) or not: counts towards loader detection. */
  countPoll(playing: boolean): void {
    const m = this.m;
    if (playing) {
      if (this.autoPlayed) this.polls++;
      // A custom loader polls EAR thousands of times a frame, from RAM, with interrupts off (a
      // "press any key" loop usually runs with them on).
    } else if (m.deck.tape !== null && !m.cpu.iff1 && m.cpu.pc >= 0x4000) {
      this.polls++;
    }
  }

  /** The CPU fetched LD-BYTES with a tape inserted: load instantly, or press PLAY. Returns the opcode to run. */
  enterLoader(): number {
    const { deck, mem, scheduler } = this.m;
    const tape = deck.tape;
    if (tape === null) return mem[LD_BYTES]!;
    if (this.realTimeTape || deck.s.playing) {
      deck.play(scheduler.now);
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
      deck.play(scheduler.now);
      return mem[LD_BYTES]!;
    }
    const cpu = this.m.cpu;
    const data = block.data;
    deck.seek(blocks[bi + 1]?.pulseStart ?? tape.lengths.length);
    const load = (cpu.f & 1) !== 0;
    let ok = false;
    if (data.length > 0 && data[0] === cpu.a) {
      let de = (cpu.d << 8) | cpu.e, ix = cpu.ix, parity = data[0]!, p = 1;
      ok = true;
      this.m.ula.change(cpu.cycles - this.m.ula.s.frameStart);
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
    const { cpu, mem, recorder } = this.m;
    const de = (cpu.d << 8) | cpu.e;
    // A TAP block holds at most 65,535 bytes with its flag and checksum.
    if (de > 0xffff - 2) return 0xc9;
    if (this.writeProtected) return 0xc9;
    const bytes = new Uint8Array(de);
    for (let i = 0; i < de; i++) bytes[i] = mem[(cpu.ix + i) & 0xffff]!;
    recorder.saved.push(romBlock(cpu.a, bytes));
    cpu.ix = (cpu.ix + de) & 0xffff;
    cpu.d = 0; cpu.e = 0;
    this.loadRecordedTape(recorder.rewindBlocksFromEnd());
    this.m.refresh();
    return 0xc9;
  }

  /** Put original + saved blocks in the deck, at the `fromEnd`-th data block from the end. */
  private loadRecordedTape(fromEnd: number): void {
    const tape = this.m.recorder.tape();
    if (tape === null) return;
    const data = tape.blocks.filter((b) => b.data !== undefined);
    this.m.deck.load(tape);
    this.m.deck.seek(data[Math.max(0, data.length - fromEnd)]?.pulseStart ?? 0);
  }

  /** After an instant load, a following block a custom loader must read starts playing. */
  private afterTrapLoad(): void {
    const deck = this.m.deck, tape = deck.tape!;
    const next = tape.blocks.find((b) => b.pulseStart >= deck.s.pos && SIGNAL_KINDS.has(b.kind));
    if (next !== undefined && !next.romTiming) {
      deck.seek(next.pulseStart);
      deck.play(this.m.scheduler.now);
    }
  }

  /**
   * At the end of each frame: start the tape when a program other than the ROM loader polled the
   * EAR bit like a loader (over LOADER_POLLS reads with interrupts off), and stop a tape started
   * this way once it is no longer read, so custom loaders of ROM-timed blocks work in instant mode.
   */
  detectLoader(at: number): void {
    const deck = this.m.deck;
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
}
