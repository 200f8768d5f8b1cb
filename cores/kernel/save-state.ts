/**
 * The save-state envelope (STYLE §7; jsbeeb `snapshot.js`): a versioned JSON document holding the
 * machine id, the hashes of the ROMs and media it ran with, the scheduler's pending timers and each
 * part's own versioned plain state. ROM and media bytes are never embedded, only named by hash.
 *
 * Version history of the envelope:
 *   1 — first version.
 */
import {
  AmalgamError,
  CorruptStateError,
  VersionTooNewError,
  VersionTooOldError,
  WrongMachineError,
} from './errors.ts';
import type { MediaRef } from './media.ts';
import type { Part } from './part.ts';
import type { SchedulerState } from './scheduler.ts';
import { decodePlain, encodePlain } from './state-codec.ts';

export const STATE_FORMAT = 'amalgam-state';
export const STATE_VERSION = 1;
/** Larger input is refused before parsing: no machine we emulate has anywhere near this much state. */
export const MAX_STATE_BYTES = 64 * 1024 * 1024;

export interface SaveState {
  format: typeof STATE_FORMAT;
  version: number;
  machine: string;
  /** slot -> SHA-1 of the ROM image that was loaded. */
  roms: Record<string, string>;
  media: MediaRef[];
  /**
   * The hardware configuration (MachineDef.config id -> value) the machine was built with. Absent
   * in states of machines without configuration choices, and in states saved before they existed:
   * those mean the defaults.
   */
  config?: Record<string, string>;
  scheduler: SchedulerState;
  parts: Record<string, { v: number; s: unknown }>;
}

export function encodeState(state: SaveState): Uint8Array {
  return new TextEncoder().encode(encodePlain(state));
}

/** Parse and check the envelope. Throws StateError subclasses; never returns a half-checked object. */
export function decodeState(bytes: Uint8Array): SaveState {
  if (bytes.length === 0) throw new CorruptStateError('The save state file is empty.');
  if (bytes.length > MAX_STATE_BYTES) throw new CorruptStateError('The file is far too large to be a save state.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CorruptStateError('This is not an Amalgam save state (it is not text).');
  }
  if (!text.trimStart().startsWith('{')) throw new CorruptStateError('This is not an Amalgam save state.');
  const v = decodePlain(text) as Partial<SaveState> | null;
  return checkEnvelope(v);
}

export function checkEnvelope(v: unknown): SaveState {
  if (v === null || typeof v !== 'object' || (v as { format?: unknown }).format !== STATE_FORMAT)
    throw new CorruptStateError('This is not an Amalgam save state.');
  const s = v as Partial<SaveState>;
  if (typeof s.version !== 'number' || !Number.isInteger(s.version))
    throw new CorruptStateError('The save state has no version.');
  if (s.version > STATE_VERSION)
    throw new VersionTooNewError(
      `This save state was made by a newer Amalgam (state format ${s.version}; this one reads up to ${STATE_VERSION}).`,
    );
  if (s.version < 1) throw new VersionTooOldError(`Save state format ${s.version} is no longer supported.`);
  if (typeof s.machine !== 'string') throw new CorruptStateError('The save state does not say which machine it is for.');
  if (typeof s.roms !== 'object' || s.roms === null || Array.isArray(s.roms))
    throw new CorruptStateError('The save state has no ROM list.');
  if (!Array.isArray(s.media)) throw new CorruptStateError('The save state has no media list.');
  for (const m of s.media) {
    if (typeof m !== 'object' || m === null || typeof m.name !== 'string' || typeof m.format !== 'string' ||
        typeof m.sha1 !== 'string' || (m.drive !== undefined && typeof m.drive !== 'string'))
      throw new CorruptStateError('The save state\'s media list is damaged.');
  }
  if (s.config !== undefined && (typeof s.config !== 'object' || s.config === null || Array.isArray(s.config) ||
      !Object.values(s.config).every((v) => typeof v === 'string')))
    throw new CorruptStateError('The save state\'s hardware configuration is damaged.');
  if (typeof s.scheduler !== 'object' || s.scheduler === null) throw new CorruptStateError('The save state has no timing.');
  if (typeof s.parts !== 'object' || s.parts === null || Array.isArray(s.parts))
    throw new CorruptStateError('The save state has no parts.');
  for (const [name, p] of Object.entries(s.parts)) {
    if (typeof p !== 'object' || p === null || typeof (p as { v?: unknown }).v !== 'number' || !('s' in p))
      throw new CorruptStateError(`The save state's part "${name}" is damaged.`);
  }
  return s as SaveState;
}

export function assertMachine(state: SaveState, machineId: string, machineTitle: string): void {
  if (state.machine !== machineId)
    throw new WrongMachineError(`This save state is for ${state.machine}, not ${machineTitle}.`);
}

/** Bring one part's saved state to the part's current version, or explain why not. */
export function migratePart(name: string, part: Part, saved: { v: number; s: unknown }): unknown {
  if (saved.v === part.stateVersion) return saved.s;
  if (saved.v > part.stateVersion)
    throw new VersionTooNewError(`The save state's "${name}" is from a newer Amalgam (v${saved.v}, this reads v${part.stateVersion}).`);
  if (part.migrateState === undefined)
    throw new VersionTooOldError(`The save state's "${name}" (v${saved.v}) is too old for this Amalgam (v${part.stateVersion}).`);
  try {
    return part.migrateState(saved.s, saved.v);
  } catch (e) {
    if (e instanceof AmalgamError) throw e;
    throw new CorruptStateError(`The save state's "${name}" could not be upgraded.`);
  }
}
