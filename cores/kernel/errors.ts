/**
 * Typed errors for everything a user can get wrong: media, ROMs, save states, arguments.
 * Each has a stable `code` the UI can switch on and a `message` written for a person, in plain
 * words, naming the file and what to do. Anything else that escapes a loader is a bug.
 */

export type ErrorCode =
  | 'UnsupportedFormat'
  | 'Truncated'
  | 'BadChecksum'
  | 'TooLarge'
  | 'EmptyFile'
  | 'CorruptData'
  | 'MissingRom'
  | 'BadRom'
  | 'WrongMachine'
  | 'VersionTooNew'
  | 'VersionTooOld'
  | 'CorruptState'
  | 'MediaMismatch'
  | 'ConfigMismatch'
  | 'Usage';

export class AmalgamError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = code + 'Error';
  }
}

/** Problems with a file the user gave us as media (tape, disk, snapshot, cartridge). */
export class MediaError extends AmalgamError {}
export class UnsupportedFormatError extends MediaError {
  constructor(message: string) { super('UnsupportedFormat', message); }
}
export class TruncatedError extends MediaError {
  constructor(message: string) { super('Truncated', message); }
}
export class BadChecksumError extends MediaError {
  constructor(message: string) { super('BadChecksum', message); }
}
export class TooLargeError extends MediaError {
  constructor(message: string) { super('TooLarge', message); }
}
export class EmptyFileError extends MediaError {
  constructor(message: string) { super('EmptyFile', message); }
}
export class CorruptDataError extends MediaError {
  constructor(message: string) { super('CorruptData', message); }
}

/** Problems with a system ROM (BIOS, Kickstart, Spectrum ROM). */
export class RomError extends AmalgamError {}
export class MissingRomError extends RomError {
  constructor(message: string) { super('MissingRom', message); }
}
export class BadRomError extends RomError {
  constructor(message: string) { super('BadRom', message); }
}

/** Problems with a save state. Loading one that fails this way changes nothing. */
export class StateError extends AmalgamError {}
export class WrongMachineError extends StateError {
  constructor(message: string) { super('WrongMachine', message); }
}
export class VersionTooNewError extends StateError {
  constructor(message: string) { super('VersionTooNew', message); }
}
export class VersionTooOldError extends StateError {
  constructor(message: string) { super('VersionTooOld', message); }
}
export class CorruptStateError extends StateError {
  constructor(message: string) { super('CorruptState', message); }
}
export class MediaMismatchError extends StateError {
  constructor(message: string) { super('MediaMismatch', message); }
}

/** The state was made with another hardware configuration (MachineDef.config). */
export class ConfigMismatchError extends StateError {
  constructor(message: string) { super('ConfigMismatch', message); }
}

/** Bad command-line or API arguments. */
export class UsageError extends AmalgamError {
  constructor(message: string) { super('Usage', message); }
}

/** Short description of any thrown value, for one-line reports. */
export function describeError(e: unknown): string {
  if (e instanceof AmalgamError) return e.message;
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}
