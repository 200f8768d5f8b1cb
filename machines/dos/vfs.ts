/**
 * A DOS volume built from what the user gave (a program, a folder, a ZIP, a floppy's files), with
 * every write going to an overlay: the original files are never changed, and the overlay can be
 * listed (`changes`), exported, or thrown away (`discard`), as DOSBox Staging's overlay mounts do.
 *
 * Paths inside a volume are DOS 8.3 names, upper case, joined by '\', without a drive or leading
 * '\' ('' is the root). Host names are shortened once, when the volume is built (names.ts); the
 * host name is kept beside each entry so changes can be written back under it.
 * File contents load lazily (`read` thunks), so a large ZIP costs nothing until a file is opened,
 * and a ZIP bomb only fails the one read (inflate's output limit) with a typed error.
 */
import { CorruptDataError } from '../../cores/kernel/errors.ts';
import { shortNameFor } from './names.ts';

export const Attr = { readOnly: 0x01, hidden: 0x02, system: 0x04, volume: 0x08, dir: 0x10, archive: 0x20 } as const;

export interface VfsNode {
  readonly kind: 'file' | 'dir';
  attr: number;
  /** DOS packed date ((year-1980)<<9 | month<<5 | day) and time (h<<11 | m<<5 | s/2). */
  date: number;
  time: number;
  /** File size in bytes. */
  size: number;
  /** Contents (capacity may exceed size in the overlay); absent until loaded. */
  bytes?: Uint8Array;
  read?: () => Uint8Array;
  /** The host's name for this entry (last component), when it differs from the short name. */
  longName?: string;
}

/** A file handed in by the host: '/'-separated relative path, contents or a reader. */
export interface HostFile {
  readonly path: string;
  readonly size: number;
  readonly bytes?: Uint8Array;
  readonly read?: () => Uint8Array;
  readonly date?: number;
  readonly time?: number;
  /** DOS attributes (read-only, hidden, system, archive); default archive. */
  readonly attr?: number;
}

/** 1 January 1994, 00:00 in DOS packed form: the stamp of files whose source has none. */
export const DEFAULT_DATE = ((1994 - 1980) << 9) | (1 << 5) | 1;

/** Split a host path; refuses absolute paths, drive letters and '..' (path traversal). */
export function hostPathParts(path: string): string[] | null {
  const parts = path.split(/[\\/]+/).filter((p) => p.length > 0 && p !== '.');
  if (/^[\\/]/.test(path) || /^[A-Za-z]:/.test(path) || parts.some((p) => p === '..')) return null;
  return parts;
}

export class Volume {
  private readonly base = new Map<string, VfsNode>();
  private overlay = new Map<string, VfsNode | null>();
  /** Children (short names) of each directory in the current view. */
  private index = new Map<string, Set<string>>();
  /** Write-protected (a floppy's tab): DOS answers error 19 to every change. */
  writeProtected = false;
  /** Host files refused while building (path traversal names), for a warning. */
  readonly refused: string[] = [];

  constructor(files: readonly HostFile[] = [], readonly label = '') {
    this.base.set('', { kind: 'dir', attr: Attr.dir, date: DEFAULT_DATE, time: 0, size: 0 });
    // Long-name -> short-name per directory, in a stable order so the same input maps the same way.
    const longToShort = new Map<string, string>();
    const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const f of sorted) {
      const parts = hostPathParts(f.path);
      if (parts === null || parts.length === 0) { this.refused.push(f.path); continue; }
      const isDir = /[\\/]$/.test(f.path);
      let dir = '';
      for (let i = 0; i < parts.length; i++) {
        const longKey = dir + '\0' + parts[i]!;
        let short = longToShort.get(longKey);
        const isLast = i === parts.length - 1 && !isDir;
        if (short === undefined) {
          const taken = new Set(this.childrenOf(dir, this.base));
          short = shortNameFor(parts[i]!, taken);
          longToShort.set(longKey, short);
          const key = dir === '' ? short : dir + '\\' + short;
          const node: VfsNode = isLast
            ? { kind: 'file', attr: (f.attr ?? Attr.archive) & 0x27, date: f.date ?? DEFAULT_DATE, time: f.time ?? 0, size: f.size }
            : { kind: 'dir', attr: Attr.dir, date: f.date ?? DEFAULT_DATE, time: f.time ?? 0, size: 0 };
          if (isLast) { if (f.bytes !== undefined) node.bytes = f.bytes; if (f.read !== undefined) node.read = f.read; }
          if (short !== parts[i]) node.longName = parts[i]!;
          this.base.set(key, node);
        }
        dir = dir === '' ? short : dir + '\\' + short;
        if (!isLast && this.base.get(dir)?.kind !== 'dir') { this.refused.push(f.path); break; }
        if (isDir && i === parts.length - 1) break;
      }
    }
    this.rebuildIndex();
  }

  private childrenOf(dir: string, map: Map<string, VfsNode | null>): string[] {
    const out: string[] = [];
    const prefix = dir === '' ? '' : dir + '\\';
    for (const k of map.keys()) {
      if (k === '' || !k.startsWith(prefix)) continue;
      const rest = k.slice(prefix.length);
      if (rest.length > 0 && !rest.includes('\\')) out.push(rest);
    }
    return out;
  }

  private rebuildIndex(): void {
    this.index = new Map();
    for (const k of this.base.keys()) this.indexAdd(k);
    for (const [k, v] of this.overlay) { if (v === null) this.indexRemove(k); else this.indexAdd(k); }
  }
  private static parentOf(path: string): [string, string] {
    const i = path.lastIndexOf('\\');
    return i < 0 ? ['', path] : [path.slice(0, i), path.slice(i + 1)];
  }
  private indexAdd(path: string): void {
    if (path === '') return;
    const [dir, name] = Volume.parentOf(path);
    let set = this.index.get(dir);
    if (set === undefined) { set = new Set(); this.index.set(dir, set); }
    set.add(name);
  }
  private indexRemove(path: string): void {
    const [dir, name] = Volume.parentOf(path);
    this.index.get(dir)?.delete(name);
  }

  get(path: string): VfsNode | undefined {
    if (this.overlay.has(path)) return this.overlay.get(path) ?? undefined;
    return this.base.get(path);
  }

  /** Entries of a directory, sorted by name (DOS shows directory order; ours is alphabetical). */
  list(dir: string): [string, VfsNode][] {
    const names = [...(this.index.get(dir) ?? [])].sort();
    const prefix = dir === '' ? '' : dir + '\\';
    return names.map((n) => [n, this.get(prefix + n)!] as [string, VfsNode]).filter(([, v]) => v !== undefined);
  }

  /** The contents of a file (a view of exactly `size` bytes). */
  read(path: string): Uint8Array {
    const n = this.get(path);
    if (n === undefined || n.kind !== 'file') throw new CorruptDataError(`${path}: no such file`);
    if (n.bytes === undefined) {
      n.bytes = n.read !== undefined ? n.read() : new Uint8Array(0);
      n.size = n.bytes.length;
    }
    return n.bytes.subarray(0, n.size);
  }

  /** The overlay node for a file about to be written (copied from the original on first write). */
  private writable(path: string): VfsNode {
    const o = this.overlay.get(path);
    if (o !== undefined && o !== null) return o;
    const n = this.get(path);
    if (n === undefined || n.kind !== 'file') throw new CorruptDataError(`${path}: no such file`);
    const data = this.read(path);
    const copy: VfsNode = { ...n, bytes: data.slice(), size: data.length };
    delete copy.read;
    this.overlay.set(path, copy);
    return copy;
  }

  /** Create (or truncate) a file. */
  create(path: string, attr: number = Attr.archive, date: number = DEFAULT_DATE, time = 0): void {
    const prev = this.get(path);
    const node: VfsNode = { kind: 'file', attr, date, time, size: 0, bytes: new Uint8Array(0) };
    if (prev?.longName !== undefined) node.longName = prev.longName;
    this.overlay.set(path, node);
    this.indexAdd(path);
  }

  /** Write bytes at `pos` (extending the file, zero-filled, as needed). */
  write(path: string, pos: number, data: Uint8Array): void {
    const n = this.writable(path);
    const end = pos + data.length;
    if (end > n.bytes!.length) {
      const grown = new Uint8Array(Math.max(end, n.bytes!.length * 2, 256));
      grown.set(n.bytes!.subarray(0, n.size));
      n.bytes = grown;
    }
    if (pos > n.size) n.bytes!.fill(0, n.size, pos);
    n.bytes!.set(data, pos);
    n.size = Math.max(n.size, end);
  }

  truncate(path: string, size: number): void {
    const n = this.writable(path);
    if (size > n.size) this.write(path, size, new Uint8Array(0));
    n.size = size;
  }

  setStamp(path: string, date: number, time: number): void {
    const n = this.writable(path);
    n.date = date; n.time = time;
  }

  setAttr(path: string, attr: number): void {
    const n = this.get(path);
    if (n === undefined) return;
    let o = this.overlay.get(path);
    if (o === undefined || o === null) {
      if (n.kind === 'file') o = this.writable(path);
      else { o = { ...n }; this.overlay.set(path, o); }
    }
    o.attr = (n.kind === 'dir' ? Attr.dir : 0) | (attr & ~Attr.dir & ~Attr.volume);
  }

  mkdir(path: string): void {
    this.overlay.set(path, { kind: 'dir', attr: Attr.dir, date: DEFAULT_DATE, time: 0, size: 0 });
    this.indexAdd(path);
  }

  /** Remove a file or an (empty) directory. */
  remove(path: string): void {
    if (this.base.has(path)) this.overlay.set(path, null); else this.overlay.delete(path);
    this.indexRemove(path);
  }

  rename(from: string, to: string): void {
    const n = this.get(from)!;
    if (n.kind === 'file') {
      const data = this.read(from).slice();
      this.overlay.set(to, { kind: 'file', attr: n.attr, date: n.date, time: n.time, size: data.length, bytes: data });
      this.indexAdd(to);
    } else {
      // A directory moves with everything below it.
      this.mkdir(to);
      for (const [name] of this.list(from)) this.rename(from + '\\' + name, to + '\\' + name);
    }
    this.remove(from);
  }

  /** What the guest changed: written or created files and directories, and deletions. */
  changes(): { path: string; hostPath: string; kind: 'file' | 'dir' | 'deleted'; bytes?: Uint8Array }[] {
    const out: { path: string; hostPath: string; kind: 'file' | 'dir' | 'deleted'; bytes?: Uint8Array }[] = [];
    for (const [path, n] of [...this.overlay].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const hostPath = this.hostPath(path);
      if (n === null) out.push({ path, hostPath, kind: 'deleted' });
      else if (n.kind === 'dir') out.push({ path, hostPath, kind: 'dir' });
      else out.push({ path, hostPath, kind: 'file', bytes: n.bytes!.slice(0, n.size) });
    }
    return out;
  }

  /** The host's '/'-separated path for a DOS path (long names where the volume has them). */
  hostPath(path: string): string {
    const parts = path.split('\\');
    const out: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const key = parts.slice(0, i + 1).join('\\');
      out.push(this.base.get(key)?.longName ?? this.overlay.get(key)?.longName ?? parts[i]!);
    }
    return out.join('/');
  }

  /** The overlay as plain data (for save states): every changed path, null for a deletion. */
  overlayState(): { path: string; node: { kind: 'file' | 'dir'; attr: number; date: number; time: number; bytes: Uint8Array | null } | null }[] {
    return [...this.overlay].map(([path, n]) => ({
      path,
      node: n === null ? null : { kind: n.kind, attr: n.attr, date: n.date, time: n.time, bytes: n.kind === 'file' ? n.bytes!.slice(0, n.size) : null },
    }));
  }

  setOverlayState(list: ReturnType<Volume['overlayState']>): void {
    this.overlay = new Map();
    for (const { path, node } of list) {
      if (node === null) { this.overlay.set(path, null); continue; }
      const n: VfsNode = { kind: node.kind, attr: node.attr, date: node.date, time: node.time, size: node.bytes?.length ?? 0 };
      if (node.kind === 'file') n.bytes = node.bytes instanceof Uint8Array ? node.bytes.slice() : new Uint8Array(0);
      this.overlay.set(path, n);
    }
    this.rebuildIndex();
  }

  /** Throw away every change: the volume is as it was built. */
  discard(): void {
    this.overlay = new Map();
    this.rebuildIndex();
  }
}
