/**
 * DOS's file layer: the system file table (open files, shared by handles after DUP and across
 * EXEC), each process's job file table in its PSP (handle -> SFT index, FFh = closed), character
 * devices, path resolution against the mounted volumes, and find first/next with its state kept
 * in the DTA's reserved bytes as DOS keeps it (MS-DOS Programmer's Reference 5.0: "File
 * Handles", "Find First File" (4Eh) DTA layout; Ralf Brown, INT 21h AH=4Eh "Format of FindFirst
 * data block").
 *
 * Not emulated: sharing modes and record locks (accepted, never conflict), network redirection,
 * file commit (AH=68h succeeds), the handle table growing past 20 (AH=67h accepts and keeps 20).
 */
import { DosErr } from './mcb.ts';
import { matchFcb, patternToFcb, toFcbName } from './names.ts';
import { type ResolvedPath, resolvePath, splitPath } from './paths.ts';
import { Attr, type Volume, type VfsNode } from './vfs.ts';
import type { DosKernel } from './kernel.ts';

export interface SftEntry {
  refs: number;
  /** Character device name, or null for a file. */
  device: string | null;
  drive: number;
  path: string;
  pos: number;
  /** Open mode: bits 0-2 access (0 read, 1 write, 2 both). */
  mode: number;
}

const SFT_SIZE = 100;

export class DosFiles {
  sft: (SftEntry | null)[] = [];
  /** Directories find first has searched: the DTA holds an index into this list. */
  private searchDirs: string[] = [];

  constructor(private readonly k: DosKernel) {}

  searchDirList(): string[] { return [...this.searchDirs]; }
  setSearchDirs(d: string[]): void { this.searchDirs = d; }

  reset(): void {
    this.sft = new Array<SftEntry | null>(SFT_SIZE).fill(null);
    this.searchDirs = [];
    // CON (stdin, stdout, stderr), AUX, PRN, as DOS opens them for the first process.
    this.sft[0] = { refs: 0, device: 'CON', drive: 0, path: 'CON', pos: 0, mode: 2 };
    this.sft[1] = { refs: 0, device: 'AUX', drive: 0, path: 'AUX', pos: 0, mode: 2 };
    this.sft[2] = { refs: 0, device: 'PRN', drive: 0, path: 'PRN', pos: 0, mode: 1 };
  }

  /** Give a new root process handles 0-4 (stdin, stdout, stderr, stdaux, stdprn). */
  openStandard(psp: number): void {
    const jft = [0, 0, 0, 1, 2];
    jft.forEach((idx, h) => { this.setJft(psp, h, idx); this.sft[idx]!.refs++; });
  }

  // ---- job file table --------------------------------------------------------------------------

  private jftSize(psp: number): number { return Math.min(255, this.k.mem.rd16(psp, 0x32) || 20); }
  private jftAddr(psp: number): [number, number] { return [this.k.mem.rd16(psp, 0x36), this.k.mem.rd16(psp, 0x34)]; }
  getJft(psp: number, h: number): number {
    if (h >= this.jftSize(psp)) return 0xff;
    const [s, o] = this.jftAddr(psp);
    return this.k.mem.rd8(s, o + h);
  }
  setJft(psp: number, h: number, v: number): void {
    const [s, o] = this.jftAddr(psp);
    this.k.mem.wr8(s, o + h, v);
  }

  /** The open file behind a handle of the current process, or null. */
  entry(h: number): SftEntry | null {
    const idx = this.getJft(this.k.psp, h);
    return idx === 0xff ? null : this.sft[idx] ?? null;
  }

  /** Copy the parent's handles into a child's JFT (EXEC), except those opened no-inherit. */
  inherit(parent: number, child: number): void {
    if (parent === 0) { this.openStandard(child); return; }
    const n = Math.min(20, this.jftSize(parent));
    for (let h = 0; h < n; h++) {
      const idx = this.getJft(parent, h);
      const e = idx === 0xff ? null : this.sft[idx];
      if (e && (e.mode & 0x80) === 0) { this.setJft(child, h, idx); e.refs++; }
    }
  }

  closeAll(psp: number): void {
    for (let h = 0; h < this.jftSize(psp); h++) {
      const idx = this.getJft(psp, h);
      if (idx !== 0xff) { this.release(idx); this.setJft(psp, h, 0xff); }
    }
  }

  private release(idx: number): void {
    const e = this.sft[idx];
    if (e && --e.refs <= 0 && idx > 2) this.sft[idx] = null;
    if (e && e.refs < 0) e.refs = 0;
  }

  /** A new SFT entry without a handle (FCB opens); its index, or -1 when the table is full. */
  openSft(e: SftEntry): number {
    const idx = this.sft.findIndex((x, i) => i > 2 && x === null);
    if (idx < 0) return -1;
    e.refs = 1;
    this.sft[idx] = e;
    return idx;
  }
  closeSft(idx: number): void { if (idx > 2 && this.sft[idx] !== undefined) this.sft[idx] = null; }

  /** A free handle of the current process bound to a new SFT entry; or a DOS error. */
  private allocHandle(e: SftEntry): number {
    const psp = this.k.psp;
    let h = -1;
    for (let i = 0; i < this.jftSize(psp); i++) if (this.getJft(psp, i) === 0xff) { h = i; break; }
    if (h < 0) return -DosErr.tooManyOpen;
    const idx = this.sft.findIndex((x, i) => i > 2 && x === null);
    if (idx < 0) return -DosErr.tooManyOpen;
    e.refs = 1;
    this.sft[idx] = e;
    this.setJft(psp, h, idx);
    return h;
  }

  // ---- names -----------------------------------------------------------------------------------

  resolve(name: string): ResolvedPath | number {
    return resolvePath(name, this.k.curDrive, this.k.cwd, (d) => d >= 0 && d < 26 && this.k.drives[d] !== null);
  }
  volume(drive: number): Volume { return this.k.drives[drive]!; }
  truename(r: ResolvedPath): string {
    return r.device !== undefined ? r.device : String.fromCharCode(65 + r.drive) + ':\\' + r.path;
  }

  /** A file to run: its bytes, name and full DOS path; or a DOS error. */
  readProgram(name: string): { bytes: Uint8Array; name: string; truename: string } | number {
    const r = this.resolve(name);
    if (typeof r === 'number') return r === DosErr.invalidDrive ? DosErr.fileNotFound : r;
    if (r.device !== undefined) return DosErr.fileNotFound;
    const v = this.volume(r.drive);
    const n = v.get(r.path);
    if (n === undefined || n.kind !== 'file') return this.parentMissing(r) ? DosErr.pathNotFound : DosErr.fileNotFound;
    return { bytes: v.read(r.path), name: name, truename: this.truename(r) };
  }

  private parentMissing(r: ResolvedPath): boolean {
    const [dir] = splitPath(r.path);
    return dir !== '' && this.volume(r.drive).get(dir)?.kind !== 'dir';
  }

  // ---- handle functions -----------------------------------------------------------------------------

  /** Open an existing file or device (3Dh). Returns a handle, or -error. */
  open(name: string, mode: number): number {
    const r = this.resolve(name);
    if (typeof r === 'number') return -(r === DosErr.invalidDrive ? DosErr.pathNotFound : r);
    if (r.device !== undefined) return this.allocHandle({ refs: 0, device: r.device, drive: r.drive, path: r.device, pos: 0, mode });
    const v = this.volume(r.drive);
    const n = v.get(r.path);
    if (n === undefined) return -(this.parentMissing(r) ? DosErr.pathNotFound : DosErr.fileNotFound);
    if (n.kind !== 'file') return -DosErr.accessDenied;
    if ((mode & 7) > 2) return -DosErr.invalidAccess;
    if ((mode & 7) !== 0 && (n.attr & Attr.readOnly) !== 0) return -DosErr.accessDenied;
    if ((mode & 7) !== 0 && v.writeProtected) return -DosErr.writeProtect;
    return this.allocHandle({ refs: 0, device: null, drive: r.drive, path: r.path, pos: 0, mode });
  }

  /** Create or truncate (3Ch); `mustBeNew` for 5Bh. Returns a handle, or -error. */
  create(name: string, attr: number, mustBeNew = false): number {
    const r = this.resolve(name);
    if (typeof r === 'number') return -(r === DosErr.invalidDrive ? DosErr.pathNotFound : r);
    if (r.device !== undefined) return this.allocHandle({ refs: 0, device: r.device, drive: r.drive, path: r.device, pos: 0, mode: 2 });
    if (r.path === '' || this.parentMissing(r)) return -DosErr.pathNotFound;
    const v = this.volume(r.drive);
    if (v.writeProtected) return -DosErr.writeProtect;
    const n = v.get(r.path);
    if (n !== undefined) {
      if (mustBeNew) return -DosErr.fileExists;
      if (n.kind === 'dir' || (n.attr & Attr.readOnly) !== 0) return -DosErr.accessDenied;
    }
    const { date, time } = this.k.stamp();
    v.create(r.path, (attr & 0x27) | Attr.archive, date, time);
    return this.allocHandle({ refs: 0, device: null, drive: r.drive, path: r.path, pos: 0, mode: 2 });
  }

  close(h: number): number {
    const idx = this.getJft(this.k.psp, h);
    if (idx === 0xff || this.sft[idx] === null) return DosErr.invalidHandle;
    this.release(idx);
    this.setJft(this.k.psp, h, 0xff);
    return 0;
  }

  /** Read from a file entry into a byte array; devices are handled by the kernel. */
  readFile(e: SftEntry, count: number): Uint8Array {
    const data = this.volume(e.drive).read(e.path);
    const start = Math.min(e.pos, data.length);
    const out = data.slice(start, Math.min(data.length, start + count));
    e.pos += out.length;
    return out;
  }

  /** Write to a file entry; count 0 truncates or extends the file to the position (DOS rule). */
  writeFile(e: SftEntry, data: Uint8Array): number {
    const v = this.volume(e.drive);
    if (data.length === 0) { v.truncate(e.path, e.pos); return 0; }
    v.write(e.path, e.pos, data);
    e.pos += data.length;
    const { date, time } = this.k.stamp();
    v.setStamp(e.path, date, time);
    return data.length;
  }

  size(e: SftEntry): number {
    if (e.device !== null) return 0;
    const n = this.volume(e.drive).get(e.path);
    if (n === undefined) return 0;
    return n.bytes === undefined && n.read !== undefined ? this.volume(e.drive).read(e.path).length : n.size;
  }

  /** Duplicate a handle (45h): another handle on the same SFT entry. */
  dup(h: number): number {
    const idx = this.getJft(this.k.psp, h);
    if (idx === 0xff || this.sft[idx] === null) return -DosErr.invalidHandle;
    const psp = this.k.psp;
    for (let i = 0; i < this.jftSize(psp); i++) {
      if (this.getJft(psp, i) === 0xff) { this.setJft(psp, i, idx); this.sft[idx]!.refs++; return i; }
    }
    return -DosErr.tooManyOpen;
  }

  /** Force handle `h2` to refer to the file of `h1` (46h). */
  dup2(h1: number, h2: number): number {
    const psp = this.k.psp;
    const idx = this.getJft(psp, h1);
    if (idx === 0xff || this.sft[idx] === null || h2 >= this.jftSize(psp)) return DosErr.invalidHandle;
    if (h1 === h2) return 0;
    if (this.getJft(psp, h2) !== 0xff) this.close(h2);
    this.setJft(psp, h2, idx);
    this.sft[idx]!.refs++;
    return 0;
  }

  remove(name: string): number {
    const r = this.resolve(name);
    if (typeof r === 'number') return r === DosErr.invalidDrive ? DosErr.pathNotFound : r;
    if (r.device !== undefined) return DosErr.accessDenied;
    const v = this.volume(r.drive);
    const n = v.get(r.path);
    if (n === undefined) return this.parentMissing(r) ? DosErr.pathNotFound : DosErr.fileNotFound;
    if (n.kind === 'dir' || (n.attr & Attr.readOnly) !== 0) return DosErr.accessDenied;
    if (v.writeProtected) return DosErr.writeProtect;
    v.remove(r.path);
    return 0;
  }

  rename(from: string, to: string): number {
    const a = this.resolve(from), b = this.resolve(to);
    if (typeof a === 'number') return a === DosErr.invalidDrive ? DosErr.pathNotFound : a;
    if (typeof b === 'number') return b === DosErr.invalidDrive ? DosErr.pathNotFound : b;
    if (a.drive !== b.drive) return DosErr.notSameDevice;
    if (a.device !== undefined || b.device !== undefined) return DosErr.accessDenied;
    const v = this.volume(a.drive);
    if (v.get(a.path) === undefined) return this.parentMissing(a) ? DosErr.pathNotFound : DosErr.fileNotFound;
    if (this.parentMissing(b)) return DosErr.pathNotFound;
    if (v.get(b.path) !== undefined) return DosErr.accessDenied;
    if (v.writeProtected) return DosErr.writeProtect;
    v.rename(a.path, b.path);
    return 0;
  }

  /** Get (AL=0) or set (AL=1) attributes (43h). Returns the attributes or -error. */
  attributes(name: string, set: number | null): number {
    const r = this.resolve(name);
    if (typeof r === 'number') return -(r === DosErr.invalidDrive ? DosErr.pathNotFound : r);
    if (r.device !== undefined) return -DosErr.fileNotFound;
    const v = this.volume(r.drive);
    if (r.path === '') return set === null ? Attr.dir : -DosErr.accessDenied;
    const n = v.get(r.path);
    if (n === undefined) return -(this.parentMissing(r) ? DosErr.pathNotFound : DosErr.fileNotFound);
    if (set !== null && v.writeProtected) return -DosErr.writeProtect;
    if (set !== null) v.setAttr(r.path, set);
    return v.get(r.path)!.attr;
  }

  // ---- directories -------------------------------------------------------------------------------

  mkdir(name: string): number {
    const r = this.resolve(name);
    if (typeof r === 'number') return r === DosErr.invalidDrive ? DosErr.pathNotFound : r;
    if (r.device !== undefined || r.path === '') return DosErr.accessDenied;
    if (this.parentMissing(r)) return DosErr.pathNotFound;
    const v = this.volume(r.drive);
    if (v.get(r.path) !== undefined) return DosErr.accessDenied;
    if (v.writeProtected) return DosErr.writeProtect;
    v.mkdir(r.path);
    return 0;
  }

  rmdir(name: string): number {
    const r = this.resolve(name);
    if (typeof r === 'number') return r === DosErr.invalidDrive ? DosErr.pathNotFound : r;
    if (r.device !== undefined) return DosErr.accessDenied;
    const v = this.volume(r.drive);
    const n = v.get(r.path);
    if (n === undefined || n.kind !== 'dir') return DosErr.pathNotFound;
    if (r.path === '' || this.k.cwd[r.drive] === r.path || this.k.cwd[r.drive]!.startsWith(r.path + '\\')) return DosErr.removeCurrentDir;
    if (v.list(r.path).length > 0) return DosErr.accessDenied;
    if (v.writeProtected) return DosErr.writeProtect;
    v.remove(r.path);
    return 0;
  }

  chdir(name: string): number {
    const r = this.resolve(name);
    if (typeof r === 'number') return r === DosErr.invalidDrive ? DosErr.pathNotFound : r;
    if (r.device !== undefined) return DosErr.pathNotFound;
    const n = this.volume(r.drive).get(r.path);
    if (n === undefined || n.kind !== 'dir') return DosErr.pathNotFound;
    this.k.cwd[r.drive] = r.path;
    return 0;
  }

  // ---- find first / next ---------------------------------------------------------------------------

  /**
   * Find first (4Eh): fills the DTA and keeps the search in its first 21 bytes (drive, pattern in
   * FCB form, attributes, next entry index, search directory number). Returns 0 or a DOS error.
   */
  findFirst(spec: string, attr: number, dtaSeg: number, dtaOff: number): number {
    const r = this.resolve(spec);
    if (typeof r === 'number') return r === DosErr.invalidDrive ? DosErr.noMoreFiles : r;
    const [dir, pat] = splitPath(r.path);
    const v = this.volume(r.drive);
    if (dir !== '' && v.get(dir)?.kind !== 'dir') return DosErr.pathNotFound;
    let id = this.searchDirs.indexOf(dir);
    if (id < 0) { id = this.searchDirs.length; this.searchDirs.push(dir); }
    const m = this.k.mem;
    m.wr8(dtaSeg, dtaOff, r.drive + 1);
    const fcb = patternToFcb(pat === '' ? '*.*' : pat);
    for (let i = 0; i < 11; i++) m.wr8(dtaSeg, dtaOff + 1 + i, fcb.charCodeAt(i));
    m.wr8(dtaSeg, dtaOff + 0x0c, attr);
    m.wr16(dtaSeg, dtaOff + 0x0d, 0);
    m.wr16(dtaSeg, dtaOff + 0x0f, id);
    // A volume label search with only the label bit returns the label (Ralf Brown 4Eh notes).
    if (attr === Attr.volume) {
      if (v.label === '') return DosErr.noMoreFiles;
      this.fillFound(dtaSeg, dtaOff, v.label.slice(0, 11), { kind: 'file', attr: Attr.volume, date: 0, time: 0, size: 0 });
      m.wr16(dtaSeg, dtaOff + 0x0d, 0xffff);
      return 0;
    }
    // No match answers 12h "no more files", as DOSBox does (MS-DOS also uses 02h for some cases).
    return this.findNext(dtaSeg, dtaOff);
  }

  findNext(dtaSeg: number, dtaOff: number): number {
    const m = this.k.mem;
    const drive = (m.rd8(dtaSeg, dtaOff) & 0x7f) - 1;
    const index = m.rd16(dtaSeg, dtaOff + 0x0d);
    const dir = this.searchDirs[m.rd16(dtaSeg, dtaOff + 0x0f)];
    if (drive < 0 || drive >= 26 || this.k.drives[drive] === null || dir === undefined || index === 0xffff) return DosErr.noMoreFiles;
    let pattern = '';
    for (let i = 0; i < 11; i++) pattern += String.fromCharCode(m.rd8(dtaSeg, dtaOff + 1 + i));
    const attr = m.rd8(dtaSeg, dtaOff + 0x0c);
    const entries: [string, VfsNode][] = [];
    if (dir !== '') {
      const self = this.volume(drive).get(dir)!;
      entries.push(['.', self], ['..', self]);
    }
    entries.push(...this.volume(drive).list(dir));
    for (let i = index; i < entries.length; i++) {
      const [name, n] = entries[i]!;
      // Hidden, system and directory entries only when asked for (normal files always).
      if ((n.attr & (Attr.hidden | Attr.system | Attr.dir) & ~attr) !== 0) continue;
      if (!matchFcb(pattern, toFcbName(name))) continue;
      m.wr16(dtaSeg, dtaOff + 0x0d, i + 1);
      this.fillFound(dtaSeg, dtaOff, name, n);
      return 0;
    }
    m.wr16(dtaSeg, dtaOff + 0x0d, 0xffff);
    return DosErr.noMoreFiles;
  }

  private fillFound(seg: number, off: number, name: string, n: VfsNode): void {
    const m = this.k.mem;
    m.wr8(seg, off + 0x15, n.attr);
    m.wr16(seg, off + 0x16, n.time);
    m.wr16(seg, off + 0x18, n.date);
    m.wr32(seg, off + 0x1a, n.kind === 'file' ? n.size : 0);
    m.fill(seg, off + 0x1e, 13, 0);
    m.writeAsciiz(seg, off + 0x1e, name);
  }
}
