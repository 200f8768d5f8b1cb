/**
 * The Spectrum's saved parts (cores/kernel/part.ts), as adapters over the machine's live objects:
 * RAM, the ULA with the last port write, the audio filter, and the tape deck with auto-typing and
 * loader detection. Each validates its state before applying any of it.
 */
import type { LevelSynthState } from '../../cores/kernel/audio.ts';
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import type { Part } from '../../cores/kernel/part.ts';
import { AUTO_TYPE_STEPS } from './auto-type.ts';
import type { Spectrum } from './spectrum.ts';
import type { DeckState } from './tape/deck.ts';
import { SCREEN_HEIGHT, SCREEN_WIDTH, type UlaState } from './ula.ts';

interface IoState {
  /** Last byte written to the ULA port. */
  lastOut: number;
}

export interface AudioState {
  synth: LevelSynthState;
  /** DC-blocking high-pass filter memory: last input and output. */
  x1: number;
  y1: number;
}

export interface TapePartState {
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

export function ramPart(m: Spectrum): Part<{ ram: Uint8Array }> {
  return {
    stateVersion: 1,
    getState: () => ({ ram: m.mem.slice(0x4000) }),
    setState: (s) => {
      if (!(s?.ram instanceof Uint8Array) || s.ram.length !== 0xc000) throw new CorruptStateError('RAM state: not 48 KB');
      m.mem.set(s.ram, 0x4000);
    },
  };
}

export function ulaPart(m: Spectrum): Part<UlaState & IoState> {
  return {
    stateVersion: 1,
    getState: () => ({ ...m.ula.s, pixels: m.ula.s.pixels.slice(), lastOut: m.io.lastOut }),
    setState: (s) => {
      if (typeof s !== 'object' || s === null || !(s.pixels instanceof Uint32Array) ||
          s.pixels.length !== SCREEN_WIDTH * SCREEN_HEIGHT || !Number.isFinite(s.frameStart) ||
          !Number.isInteger(s.cell) || s.cell < 0 || s.cell > (SCREEN_WIDTH / 8) * SCREEN_HEIGHT)
        throw new CorruptStateError('ULA state: malformed');
      const u = m.ula.s;
      u.frameStart = s.frameStart; u.border = s.border & 7; u.frames = s.frames; u.cell = s.cell;
      u.pixels.set(s.pixels);
      m.ula.invalidate();
      m.io.lastOut = s.lastOut & 0xff;
    },
  };
}

export function audioPart(m: Spectrum): Part<AudioState> {
  return {
    stateVersion: 1,
    // Samples still buffered belong to the time before the save: hand them over first, so a state
    // always starts with an empty buffer and a restored run emits exactly what the original did.
    getState: () => {
      m.sink.flush();
      return { synth: m.synth.getState(), x1: m.audio.x1, y1: m.audio.y1 };
    },
    setState: (s) => {
      if (typeof s !== 'object' || s === null || typeof s.synth !== 'object') throw new CorruptStateError('audio state: malformed');
      m.sink.flush();
      m.synth.setState(s.synth);
      m.audio.x1 = s.x1;
      m.audio.y1 = s.y1;
    },
  };
}

/**
 * v1: deck, auto-typing and loader detection. v2 adds the blocks saved to tape; the tape in the
 * deck is rebuilt from the inserted file plus those.
 */
export function tapePart(m: Spectrum): Part<TapePartState> {
  return {
    stateVersion: 2,
    getState: () => ({
      deck: m.deck.getState(), typeAt: m.typer.typeAt, typeStep: m.typer.typeStep, polls: m.traps.polls,
      autoPlayed: m.traps.autoPlayed, saved: m.recorder.saved.map((b) => b.slice()),
    }),
    migrateState: (s, from) => {
      if (from !== 1 || typeof s !== 'object' || s === null) throw new CorruptStateError('tape state: unknown version');
      return { ...(s as Omit<TapePartState, 'saved'>), saved: [] };
    },
    setState: (s) => {
      if (typeof s !== 'object' || s === null || typeof s.deck !== 'object' || !Array.isArray(s.saved) ||
          !s.saved.every((b) => b instanceof Uint8Array && b.length >= 2 && b.length <= 0xffff))
        throw new CorruptStateError('tape state: malformed');
      // An auto-typing step past the last chord would index no chord at all.
      if (!Number.isInteger(s.typeStep) || s.typeStep < -1 || s.typeStep >= AUTO_TYPE_STEPS || !Number.isSafeInteger(s.typeAt))
        throw new CorruptStateError('tape state: bad auto-typing step');
      m.recorder.saved = s.saved.map((b) => b.slice());
      m.deck.tape = m.recorder.tape() ?? m.insertedTape;
      const d = { ...s.deck };
      // A state saved with a tape that is not inserted now: the deck stays stopped.
      if (m.deck.tape === null || d.pos > m.deck.tape.lengths.length) { d.playing = false; d.pos = 0; }
      m.deck.setState(d);
      m.typer.typeAt = s.typeAt;
      m.typer.typeStep = s.typeStep;
      m.traps.polls = s.polls | 0;
      m.traps.autoPlayed = s.autoPlayed === true;
    },
  };
}
