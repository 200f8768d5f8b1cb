/** File reading for the CLI: one-line errors instead of stack traces. */
import { readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { UsageError } from '../../cores/kernel/errors.ts';

/** Refuse anything bigger before reading it into memory. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

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
    try { bytes = gunzipSync(bytes); } catch { throw new UsageError(`${path}: not valid gzip`); }
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new UsageError(`${path}: not valid JSON`);
  }
}

/** Write via a temporary file and rename, so an interrupted write never leaves a half file. */
export function writeOutput(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* nothing to clean */ }
    throw new UsageError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}
