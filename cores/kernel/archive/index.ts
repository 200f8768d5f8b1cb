/**
 * Archive unpacking for media and ROM files: a ZIP or gzip file given where a tape, disk,
 * snapshot or ROM is expected is opened and the right file inside is picked.
 *
 * `unpackArchive` returns the file itself when it is not an archive, the unpacked file when the
 * choice is clear (a gzip member; a ZIP with exactly one entry of an accepted extension, or a
 * single entry), and the candidates when a person must choose. Shared by the browser frontend and
 * the CLI; pure and synchronous.
 */
import { UnsupportedFormatError } from '../errors.ts';
import { extensionOf } from '../media.ts';
import { gunzip, isGzip } from './gzip.ts';
import { DEFAULT_MAX_OUTPUT } from './inflate.ts';
import { type ZipEntry, isZip, listZip } from './zip.ts';

export { crc32, adler32 } from './checksums.ts';
export { inflateRaw, DEFAULT_MAX_OUTPUT } from './inflate.ts';
export { gunzip, inflateZlib, isGzip } from './gzip.ts';
export { listZip, isZip, type ZipEntry } from './zip.ts';

export type Unpacked =
  | { kind: 'file'; name: string; bytes: Uint8Array; from?: string }
  | { kind: 'choose'; archive: string; entries: ZipEntry[] };

export interface UnpackOptions {
  /** Extensions (lowercase, no dot) the caller can use; entries with them are preferred. */
  accept?: readonly string[];
  maxOutput?: number;
}

/** Strip `.gz` / `.gzip` / `.tgz`-less names: 'game.tap.gz' -> 'game.tap'. */
function withoutGz(name: string): string {
  return name.replace(/\.(gz|gzip)$/i, '');
}

export function unpackArchive(name: string, bytes: Uint8Array, opts: UnpackOptions = {}): Unpacked {
  const maxOutput = opts.maxOutput ?? DEFAULT_MAX_OUTPUT;
  if (isGzip(bytes)) {
    const r = gunzip(bytes, name, maxOutput);
    const inner = r.name !== undefined && r.name.length > 0 ? r.name.split(/[\\/]/).pop()! : withoutGz(name);
    return { kind: 'file', name: inner, bytes: r.data, from: name };
  }
  if (isZip(bytes) || extensionOf(name) === 'zip') {
    const entries = listZip(bytes, name, maxOutput);
    if (entries.length === 0) throw new UnsupportedFormatError(`${name}: the ZIP archive holds no files.`);
    const accept = opts.accept;
    const usable = accept === undefined ? entries : entries.filter((e) => accept.includes(extensionOf(e.name)));
    const pick = usable.length === 1 ? usable[0]! : entries.length === 1 ? entries[0]! : null;
    if (pick !== null) return { kind: 'file', name: baseName(pick.name), bytes: pick.read(), from: name };
    return { kind: 'choose', archive: name, entries: usable.length > 0 ? usable : entries };
  }
  return { kind: 'file', name, bytes };
}

/** Read one entry chosen by a person after `unpackArchive` said 'choose'. */
export function readEntry(entry: ZipEntry): { name: string; bytes: Uint8Array } {
  return { name: baseName(entry.name), bytes: entry.read() };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
