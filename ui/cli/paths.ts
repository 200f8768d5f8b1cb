/** Where the repository and the shared folder (test data, bench kernels) are, for Node code. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `$AMALGAM_SHARED`, else `../shared` beside the repository. */
export function sharedDir(): string {
  return process.env.AMALGAM_SHARED ?? join(repoRoot, '..', 'shared');
}

/** Absolute path of something in the shared folder, or null when it is not there. */
export function sharedPath(rel: string): string | null {
  const p = join(sharedDir(), rel);
  return existsSync(p) ? p : null;
}
