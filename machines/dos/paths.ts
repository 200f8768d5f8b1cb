/**
 * DOS path names to volume paths: drive letter, '\' or '/' separators, '.' and '..', names cut
 * to 8.3 as DOS cuts them ("LONGFILENAME.TEXT" opens "LONGFILE.TEX"), upper case, and the
 * character devices DOS finds in every directory under any extension (CON, NUL, PRN, AUX,
 * CLOCK$, COM1-4, LPT1-3; MS-DOS Programmer's Reference 5.0, "Device names").
 */
import { DosErr } from './mcb.ts';

export const DEVICES = ['CON', 'NUL', 'PRN', 'AUX', 'CLOCK$', 'COM1', 'COM2', 'COM3', 'COM4', 'LPT1', 'LPT2', 'LPT3'] as const;

export interface ResolvedPath {
  /** Drive number, 0 = A:. */
  readonly drive: number;
  /** Volume path ('' = root, 'DIR\\FILE.EXT'). */
  readonly path: string;
  /** Device name when the last component names a character device. */
  readonly device?: string;
}

/** Cut a component to 8.3 as DOS does; keeps '?' and '*' (find first uses them). */
export function cutTo83(comp: string): string {
  const dot = comp.indexOf('.');
  const base = (dot < 0 ? comp : comp.slice(0, dot)).slice(0, 8);
  const ext = dot < 0 ? '' : comp.slice(dot + 1).replace(/\./g, '').slice(0, 3);
  return ext ? base + '.' + ext : base;
}

/**
 * Resolve `name` against the current drive and directories. Returns a DOS error number when the
 * drive is invalid (15) or the path climbs above the root or has an empty name (3).
 */
export function resolvePath(name: string, curDrive: number, cwd: readonly string[], driveValid: (d: number) => boolean): ResolvedPath | number {
  let s = name.toUpperCase();
  let drive = curDrive;
  if (/^[A-Z]:/.test(s)) { drive = s.charCodeAt(0) - 65; s = s.slice(2); }
  if (!driveValid(drive)) return DosErr.invalidDrive;
  const absolute = s.startsWith('\\') || s.startsWith('/');
  const parts = absolute ? [] : (cwd[drive] ?? '').split('\\').filter((p) => p.length > 0);
  const comps = s.split(/[\\/]/);
  for (let i = 0; i < comps.length; i++) {
    const c = comps[i]!.trim() === '' ? '' : comps[i]!;
    if (c === '' || c === '.') continue;
    if (c === '..') { if (parts.length === 0) return DosErr.pathNotFound; parts.pop(); continue; }
    if (/^\.+$/.test(c)) { if (parts.length === 0) return DosErr.pathNotFound; parts.pop(); continue; }
    parts.push(cutTo83(c));
  }
  const last = parts[parts.length - 1];
  if (last !== undefined) {
    const base = last.split('.')[0]!;
    if ((DEVICES as readonly string[]).includes(base)) return { drive, path: parts.join('\\'), device: base };
  }
  return { drive, path: parts.join('\\') };
}

/** Parent directory and last component of a volume path. */
export function splitPath(path: string): [string, string] {
  const i = path.lastIndexOf('\\');
  return i < 0 ? ['', path] : [path.slice(0, i), path.slice(i + 1)];
}
