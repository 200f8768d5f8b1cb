/** Shared by the DOS tests: our own test programs (roms/dos) as host files for a volume. */
import { readFileSync, readdirSync } from 'node:fs';
import type { HostFile } from '../../../machines/dos/vfs.ts';

const ROMS = new URL('../../../roms/dos/', import.meta.url);

export function ourPrograms(): HostFile[] {
  return readdirSync(ROMS).filter((f) => /\.(COM|EXE)$/.test(f)).sort().map((f) => {
    const bytes = new Uint8Array(readFileSync(new URL(f, ROMS)));
    return { path: f, size: bytes.length, bytes };
  });
}
