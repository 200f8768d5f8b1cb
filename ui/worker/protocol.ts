/**
 * Messages between the page and the emulation worker. Traffic is coarse (STYLE §8): commands and
 * their replies, a key/pad snapshot when input changes, one transferred frame buffer per displayed
 * frame (handed back for reuse), a stats line a few times a second. Sound does not travel here: it
 * goes through the shared ring (ui/audio/ring-buffer.ts) straight to the AudioWorklet.
 */

export interface MediaFile {
  name: string;
  bytes: Uint8Array;
  /** The drive to put it in (MachineDef.drives id); absent: the first drive that takes its kind. */
  drive?: string;
  /**
   * SHA-1 of the file as the user first loaded it, when `bytes` are a later written version (a
   * disk the machine wrote to): save-state slots stay filed under the original.
   */
  key?: string;
}

export interface StartRequest {
  machineId: string;
  /** User ROMs by slot; slots left out use the machine's own replacement if it has one. */
  roms: Record<string, Uint8Array>;
  /** Media to insert at power-on; when absent and `useDefault`, the machine's demo program. */
  media: MediaFile | null;
  useDefault: boolean;
  audioRate: number;
  /** The audio ring's buffer (cross-origin isolated pages), or null. */
  audioBuffer: SharedArrayBuffer | null;
  /**
   * Without SharedArrayBuffer (a static host without COOP/COEP headers): a port straight to the
   * AudioWorklet; samples go as transferred chunks and the worklet reports how much it played.
   * Both null: run silent.
   */
  audioPort?: MessagePort | null;
  /** Hardware configuration (MachineDef.config); choices the machine does not list are dropped. */
  config?: Record<string, string>;
  /** Media for named drives (KERNEL §3), inserted after `media`. */
  drives?: (MediaFile & { drive: string })[];
  speed: number;
  /**
   * Machine options (MachineDef.options) to set right after the build, before any media goes in;
   * ids the machine does not offer are ignored (settings kept from an older version).
   */
  options?: Record<string, boolean>;
}

export type Command =
  | { t: 'start'; req: StartRequest }
  | { t: 'media'; file: MediaFile; drive?: string }
  /** Take the medium out of a drive. */
  | { t: 'eject'; drive: string }
  /** Write-protect (or not) the medium in a writable drive. */
  | { t: 'protect'; drive: string; on: boolean }
  /** What is in the drives now (MediaRef with `drive`). */
  | { t: 'inserted' }
  | { t: 'step' }
  | { t: 'reset' }
  | { t: 'save' }
  | { t: 'load'; bytes: Uint8Array }
  | { t: 'type'; text: string }
  /** Writable media changed since insertion (Machine.writtenMedia), for keeping across reloads. */
  | { t: 'written' }
  /** Set one machine option (MachineDef.options) on the running machine. */
  | { t: 'option'; id: string; value: boolean }
  /** Write the running machine as a file (MachineDef.exports); replies with an ExportResult. */
  | { t: 'export'; format: string };

export interface ExportResult {
  /** The machine's suggested file name, e.g. 'spectrum.z80'. */
  name: string;
  bytes: Uint8Array;
}

/** A key going down or up, in the order the page saw them (KERNEL §4). */
export interface KeyEvent {
  code: string;
  down: boolean;
}

export type ToWorker =
  | { t: 'cmd'; id: number; cmd: Command }
  | {
    t: 'input';
    /** Keys held now (KeyboardEvent.code). */
    keys: string[];
    /** Key downs and ups since the last input message, oldest first. */
    events: KeyEvent[];
    /** Joystick bits per pad (PadButton). */
    pads: number[];
    /** Analog stick per pad: [x, y] in -1..1. */
    axes: [number, number][];
    /** Relative mouse motion since the last message (host pixels) and buttons held (bit 0 left, 1 right, 2 middle). */
    mouse: { dx: number; dy: number; buttons: number };
  }
  | { t: 'control'; paused?: boolean; speed?: number; fastForward?: boolean }
  | { t: 'recycle'; buffer: ArrayBuffer };

/** Which family of typed error a failure was, so the page can word and place it. */
export type ErrorKind = 'media' | 'rom' | 'state' | 'usage' | 'bug';

export interface ErrorInfo {
  kind: ErrorKind;
  code: string;
  message: string;
}

export interface StartResult {
  title: string;
  roms: { slot: string; sha1: string; known: boolean; fallback: boolean }[];
  warnings: string[];
  /** What was inserted at power-on ('default' for the demo program), or null. */
  media: { name: string; format: string; sha1: string; isDefault: boolean } | null;
  /** Set when the media given could not be loaded; the machine runs without it. */
  mediaError: ErrorInfo | null;
  /** The kind of the user's medium inserted at start ('tape', 'snapshot', ...), when there was one. */
  mediaKind?: string;
  /** Everything inserted at start, in order, with drives. */
  inserted?: { name: string; format: string; sha1: string; drive?: string; isDefault: boolean }[];
  /** The configuration the machine was built with (complete, checked). */
  config?: Record<string, string>;
}

export interface MediaResult {
  /** The drive it went into, for machines with drives. */
  drive?: string;
  name: string;
  format: string;
  formatName: string;
  kind: string;
  sha1: string;
}

export interface SaveResult {
  bytes: Uint8Array;
  /** Emulated seconds at the moment of saving. */
  seconds: number;
}

export interface FrameMessage {
  t: 'frame';
  width: number;
  height: number;
  pixelAspect: number;
  /** width*height 0xAABBGGRR pixels (R,G,B,A bytes); return it with a 'recycle' message. */
  buffer: ArrayBuffer;
  frame: number;
}

export interface StatsMessage {
  t: 'stats';
  /** Emulated time / real time, 1 = 100 %. */
  speed: number;
  fps: number;
  paused: boolean;
  fastForward: boolean;
  frames: number;
  seconds: number;
  typing: boolean;
}

export type FromWorker =
  /** The media the machine wrote changed since the last notice: time to persist them. */
  | { t: 'written-changed' }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: ErrorInfo }
  | FrameMessage
  | StatsMessage;
