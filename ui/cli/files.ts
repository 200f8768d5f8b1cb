/** File reading for the CLI: one-line errors instead of stack traces. */
import { lstatSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { UsageError } from '../../cores/kernel/errors.ts';

/** Refuse anything bigger before reading it into memory. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;
/** A .json.gz that inflates past this is refused (a gzip bomb); the largest suite file is a few MB. */
export const MAX_JSON_BYTES = 512 * 1024 * 1024;

export function readInput(path: string, what = 'file'): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UsageError(`${path}: not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (size > MAX_INPUT_BYTES) throw new UsageError(`${path}: ${size} bytes is too large`);
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** Read a .json or .json.gz file and parse it. */
export function readJson(path: string): unknown {
  let bytes = readInput(path, 'JSON file');
  if (path.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: MAX_JSON_BYTES });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
        throw new UsageError(`${path}: inflates to more than ${MAX_JSON_BYTES} bytes; refusing it`);
      throw new UsageError(`${path}: not valid gzip`);
    }
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new UsageError(`${path}: not valid JSON`);
  }
}

/** Write via a temporary file and rename, so an interrupted write never leaves a half file. */
export function writeOutput(path: string, bytes: Uint8Array): void {
  // Only ever replace a regular file: renaming over /dev/full, a FIFO or a symlink would replace
  // the device node, the pipe or the link itself (as root, too).
  let existing: ReturnType<typeof lstatSync> | undefined;
  try { existing = lstatSync(path); } catch { existing = undefined; }
  if (existing !== undefined && !existing.isFile())
    throw new UsageError(`cannot write ${path}: not a regular file (${existing.isSymbolicLink() ? 'a symbolic link' : existing.isDirectory() ? 'a directory' : 'a device, pipe or socket'}); refusing to replace it`);
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* nothing to clean */ }
    throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}
