/**
 * Media formats: how a machine says which files it takes, and how a file is matched to one.
 *
 * A format's `parse` is pure (bytes in, a parsed object out) so it can be fuzzed on its own and
 * shared between the browser, the CLI and tests. It throws only MediaError subclasses; anything
 * else escaping it is a bug, which loadMedia still reports as CorruptData rather than crashing.
 */
import {
  AmalgamError,
  CorruptDataError,
  EmptyFileError,
  MediaError,
  TooLargeError,
  UnsupportedFormatError,
} from './errors.ts';
import { sha1Hex } from './sha1.ts';

export type MediaKind = 'tape' | 'snapshot' | 'disk' | 'cartridge' | 'program' | 'hard-disk';

/** A format as the page needs to know it: names, extensions, kind (no parser). */
export interface MediaFormatInfo {
  /** Stable id, e.g. 'tap', 'tzx', 'z80', 'adf'. */
  readonly id: string;
  /** For people: 'TAP tape image'. */
  readonly name: string;
  /** Lowercase, without the dot: ['tap']. */
  readonly extensions: readonly string[];
  readonly kind: MediaKind;
  /** Larger files are refused before parsing (TooLarge). */
  readonly maxBytes: number;
}

export interface MediaFormat<T = unknown> extends MediaFormatInfo {
  /**
   * True when the bytes carry this format's signature (a magic header). Formats without one leave
   * it out and are matched by extension only. Must not throw, must be fast.
   */
  sniff?(bytes: Uint8Array): boolean;
  /** Parse and validate; throws MediaError subclasses with a message that names what is wrong. */
  parse(bytes: Uint8Array, name: string): T;
}

/** A medium as a save state and the UI refer to it: by name and content hash, never by bytes. */
export interface MediaRef {
  name: string;
  format: string;
  sha1: string;
  /** The drive it is in (MachineDef.drives id), for media that go in one. */
  drive?: string;
}

export interface LoadedMedia<T = unknown> {
  format: MediaFormat<T>;
  data: T;
  ref: MediaRef;
  bytes: Uint8Array;
}

export function extensionOf(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/**
 * Pick the format for a file: a signature match wins (a .tap that is really a .tzx still loads),
 * then the extension. Never parses.
 */
export function detectFormat(formats: readonly MediaFormat[], name: string, bytes: Uint8Array): MediaFormat {
  if (bytes.length === 0) throw new EmptyFileError(`${name} is empty (0 bytes).`);
  const ext = extensionOf(name);
  const sniffed = formats.filter((f) => f.sniff !== undefined && safeSniff(f, bytes));
  const byExt = formats.filter((f) => f.extensions.includes(ext));
  const chosen = sniffed.find((f) => byExt.includes(f)) ?? sniffed[0] ?? byExt[0];
  if (chosen === undefined) {
    const accepted = [...new Set(formats.flatMap((f) => f.extensions))].map((e) => '.' + e).join(', ');
    throw new UnsupportedFormatError(
      `${name}: not a format this machine takes` + (accepted ? ` (it takes ${accepted}).` : ' (it takes no media).'),
    );
  }
  return chosen;
}

function safeSniff(f: MediaFormat, bytes: Uint8Array): boolean {
  try {
    return f.sniff!(bytes);
  } catch {
    return false;
  }
}

/** Detect, check the size, parse. Every failure is a MediaError with a message for people. */
export function loadMedia(formats: readonly MediaFormat[], name: string, bytes: Uint8Array): LoadedMedia {
  const format = detectFormat(formats, name, bytes);
  if (bytes.length > format.maxBytes)
    throw new TooLargeError(
      `${name} is ${bytes.length} bytes, larger than any ${format.name} (at most ${format.maxBytes}).`,
    );
  let data: unknown;
  try {
    data = format.parse(bytes, name);
  } catch (e) {
    if (e instanceof AmalgamError) throw e;
    throw new CorruptDataError(`${name}: the ${format.name} is damaged (${e instanceof Error ? e.message : String(e)}).`);
  }
  return { format, data, bytes, ref: { name, format: format.id, sha1: sha1Hex(bytes) } };
}

export function isMediaError(e: unknown): e is MediaError {
  return e instanceof MediaError;
}
