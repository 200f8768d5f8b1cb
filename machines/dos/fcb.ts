/**
 * The CP/M-style file control block functions of INT 21h for old programs (MS-DOS Programmer's
 * Reference 5.0, "File Control Blocks" and functions 0Fh-17h, 21h-24h, 27h-29h): open, close,
 * create, delete, rename, find first/next, sequential and random record I/O, file size, and
 * filename parsing. An FCB is 37 bytes (drive, 8+3 name, current block, record size, file size,
 * date, time, 8 reserved, current record, random record), optionally behind a 7-byte extended
 * header (FFh, 5 reserved, attribute). Like DOS, an open FCB keeps its system-file-table index in
 * the reserved bytes (18h; we mark it with 'AM' at 1Ah); the file position is computed from the
 * block and record fields on every transfer.
 *
 * Not emulated: FCB sharing limits (FCBS=), the 3-byte random record of record sizes under 64
 * (4 bytes are always written), device names in FCBs.
 */
import { WAIT } from './bios.ts';
import type { DosKernel } from './kernel.ts';
import { fromFcbName, matchFcb, toFcbName } from './names.ts';
import { AL, CX, DI, DS, DX, ES, SI } from './regs.ts';
import { Attr } from './vfs.ts';

const MARK = 0x4d41; // 'AM'

/** Find-first state per FCB address (DOS keeps it in the DTA copy; we keep it here). */
interface FcbSearch { drive: number; dir: string; pattern: string; attr: number; index: number }

export function fcbCall(k: DosKernel, ah: number): boolean | typeof WAIT {
  const c = k.cpu, r8 = c.r8, r16 = c.r16, m = k.mem;
  const seg = c.sreg[DS]!;
  let off = r16[DX]!;
  // Extended FCB: skip its header (the attribute is used by find and create).
  let xattr = 0;
  let ext = false;
  if (ah !== 0x29 && m.rd8(seg, off) === 0xff) { xattr = m.rd8(seg, off + 6); off += 7; ext = true; }
  const fail = (): void => { r8[AL] = 0xff; };
  const nameOf = (o = off + 1): string => { let s = ''; for (let i = 0; i < 11; i++) s += String.fromCharCode(m.rd8(seg, o + i)); return s; };
  const driveOf = (): number => { const d = m.rd8(seg, off); return d === 0 ? k.curDrive : d - 1; };
  const pathOf = (): string => `${String.fromCharCode(65 + driveOf())}:${fromFcbName(nameOf().toUpperCase())}`;
  const recSize = (): number => m.rd16(seg, off + 0x0e) || 128;
  const entry = () => {
    if (m.rd16(seg, off + 0x1a) !== MARK) return null;
    return k.files.sft[m.rd16(seg, off + 0x18)] ?? null;
  };
  const fillOpen = (idx: number, size: number, date: number, time: number): void => {
    if (m.rd8(seg, off) === 0) m.wr8(seg, off, k.curDrive + 1);
    m.wr16(seg, off + 0x0c, 0); m.wr16(seg, off + 0x0e, 128);
    m.wr32(seg, off + 0x10, size); m.wr16(seg, off + 0x14, date); m.wr16(seg, off + 0x16, time);
    m.wr16(seg, off + 0x18, idx); m.wr16(seg, off + 0x1a, MARK);
  };
  /** Transfer one record at `rec` (DTA <-> file); returns AL as DOS does. */
  const transfer = (rec: number, write: boolean, dtaOff: number): number => {
    const e = entry();
    if (e === null) return write ? 1 : 1;
    const size = recSize();
    e.pos = rec * size;
    if (write) {
      k.files.writeFile(e, m.readBytes(k.dtaSeg, dtaOff, size));
      m.wr32(seg, off + 0x10, k.files.size(e));
      return 0;
    }
    const data = k.files.readFile(e, size);
    if (data.length === 0) return 1;
    const buf = new Uint8Array(size);
    buf.set(data);
    m.writeBytes(k.dtaSeg, dtaOff, buf);
    return data.length < size ? 3 : 0;
  };
  const seqRec = (): number => m.rd16(seg, off + 0x0c) * 128 + m.rd8(seg, off + 0x20);
  const setSeq = (rec: number): void => { m.wr16(seg, off + 0x0c, Math.floor(rec / 128)); m.wr8(seg, off + 0x20, rec % 128); };
  const searches = fcbSearches(k);

  switch (ah) {
    case 0x0f: { // open
      const r = k.files.resolve(pathOf());
      if (typeof r === 'number' || r.device !== undefined) { fail(); return true; }
      const n = k.drives[r.drive]!.get(r.path);
      if (n === undefined || n.kind !== 'file') { fail(); return true; }
      const idx = k.files.openSft({ refs: 1, device: null, drive: r.drive, path: r.path, pos: 0, mode: 2 });
      if (idx < 0) { fail(); return true; }
      fillOpen(idx, k.files.size(k.files.sft[idx]!), n.date, n.time);
      r8[AL] = 0;
      return true;
    }
    case 0x10: { // close
      if (m.rd16(seg, off + 0x1a) === MARK) { k.files.closeSft(m.rd16(seg, off + 0x18)); m.wr16(seg, off + 0x1a, 0); }
      r8[AL] = 0;
      return true;
    }
    case 0x11: case 0x12: { // find first / next: the DTA gets the drive and a directory entry
      const key = `${seg}:${off}`;
      let st = searches.get(key);
      if (ah === 0x11) {
        const d = driveOf();
        if (d < 0 || d >= 26 || k.drives[d] === null) { fail(); return true; }
        st = { drive: d, dir: k.cwd[d]!, pattern: nameOf().toUpperCase(), attr: xattr, index: 0 };
        searches.set(key, st);
      }
      if (st === undefined) { fail(); return true; }
      const list = k.drives[st.drive]!.list(st.dir);
      for (; st.index < list.length; st.index++) {
        const [name, n] = list[st.index]!;
        if ((n.attr & (Attr.hidden | Attr.system | Attr.dir) & ~st.attr) !== 0) continue;
        if (!matchFcb(st.pattern, toFcbName(name))) continue;
        st.index++;
        let o = k.dtaOff;
        if (ext) { m.wr8(k.dtaSeg, o, 0xff); m.fill(k.dtaSeg, o + 1, 5, 0); m.wr8(k.dtaSeg, o + 6, st.attr); o += 7; }
        m.wr8(k.dtaSeg, o, st.drive + 1);
        const fcbName = toFcbName(name);
        for (let i = 0; i < 11; i++) m.wr8(k.dtaSeg, o + 1 + i, fcbName.charCodeAt(i));
        m.wr8(k.dtaSeg, o + 12, n.attr);
        m.fill(k.dtaSeg, o + 13, 10, 0);
        m.wr16(k.dtaSeg, o + 23, n.time); m.wr16(k.dtaSeg, o + 25, n.date);
        m.wr16(k.dtaSeg, o + 27, 0); m.wr32(k.dtaSeg, o + 29, n.kind === 'file' ? n.size : 0);
        r8[AL] = 0;
        return true;
      }
      searches.delete(key);
      fail();
      return true;
    }
    case 0x13: { // delete (wildcards)
      const d = driveOf();
      if (d < 0 || d >= 26 || k.drives[d] === null) { fail(); return true; }
      const pat = nameOf().toUpperCase();
      const dir = k.cwd[d]!;
      let any = false;
      for (const [name, n] of k.drives[d]!.list(dir)) {
        if (n.kind !== 'file' || !matchFcb(pat, toFcbName(name))) continue;
        if (k.files.remove(`${String.fromCharCode(65 + d)}:\\${dir ? dir + '\\' : ''}${name}`) === 0) any = true;
      }
      r8[AL] = any ? 0 : 0xff;
      return true;
    }
    case 0x14: case 0x15: { // sequential read / write
      const rec = seqRec();
      const al = transfer(rec, ah === 0x15, k.dtaOff);
      if (al !== 1) setSeq(rec + 1);
      r8[AL] = al;
      return true;
    }
    case 0x16: { // create
      const h = k.files.create(pathOf(), ext ? xattr : 0);
      if (h < 0) { fail(); return true; }
      const idx = k.files.getJft(k.psp, h);
      k.files.setJft(k.psp, h, 0xff); // keep the SFT entry, drop the handle
      const { date, time } = k.stamp();
      fillOpen(idx, 0, date, time);
      r8[AL] = 0;
      return true;
    }
    case 0x17: { // rename: old name at 1, new at 11h (wildcards in the new name keep old characters)
      const oldName = nameOf().toUpperCase();
      const newPat = nameOf(off + 0x11).toUpperCase();
      let nn = '';
      for (let i = 0; i < 11; i++) nn += newPat[i] === '?' ? oldName[i] : newPat[i];
      const d = String.fromCharCode(65 + driveOf());
      r8[AL] = k.files.rename(`${d}:${fromFcbName(oldName)}`, `${d}:${fromFcbName(nn)}`) === 0 ? 0 : 0xff;
      return true;
    }
    case 0x21: case 0x22: { // random read / write: the record in the random field
      const rec = m.rd32(seg, off + 0x21);
      setSeq(rec);
      r8[AL] = transfer(rec, ah === 0x22, k.dtaOff);
      return true;
    }
    case 0x23: { // file size in records
      const r = k.files.resolve(pathOf());
      const n = typeof r === 'number' ? undefined : k.drives[r.drive]!.get(r.path);
      if (n === undefined || n.kind !== 'file') { fail(); return true; }
      const size = typeof r === 'number' ? 0 : k.drives[r.drive]!.read(r.path).length;
      m.wr32(seg, off + 0x21, Math.ceil(size / recSize()));
      r8[AL] = 0;
      return true;
    }
    case 0x24: m.wr32(seg, off + 0x21, seqRec()); r8[AL] = 0; return true;
    case 0x27: case 0x28: { // random block read / write: CX records
      let rec = m.rd32(seg, off + 0x21);
      const n = r16[CX]!;
      const e = entry();
      if (e === null) { r8[AL] = 1; return true; }
      if (ah === 0x28 && n === 0) { // CX = 0: set the file size to the random record
        e.pos = rec * recSize();
        k.files.writeFile(e, new Uint8Array(0));
        m.wr32(seg, off + 0x10, k.files.size(e));
        r8[AL] = 0;
        return true;
      }
      let al = 0, done = 0;
      for (; done < n; done++) {
        al = transfer(rec, ah === 0x28, k.dtaOff + done * recSize());
        if (al === 1) break;
        rec++;
        if (al === 3) { done++; break; }
      }
      m.wr32(seg, off + 0x21, rec);
      setSeq(rec);
      r16[CX] = done;
      r8[AL] = al;
      return true;
    }
    case 0x29: parseName(k); return true;
    default: return false;
  }
}

const searchTables = new WeakMap<DosKernel, Map<string, FcbSearch>>();
function fcbSearches(k: DosKernel): Map<string, FcbSearch> {
  let t = searchTables.get(k);
  if (t === undefined) { t = new Map(); searchTables.set(k, t); }
  return t;
}

/** AH=29h: parse a file name at DS:SI into the FCB at ES:DI (AL = control bits). */
function parseName(k: DosKernel): void {
  const c = k.cpu, r8 = c.r8, r16 = c.r16, m = k.mem;
  const ds = c.sreg[DS]!, es = c.sreg[ES]!;
  const ctl = r8[AL]!;
  let si = r16[SI]!;
  const di = r16[DI]!;
  const ch = (): string => String.fromCharCode(m.rd8(ds, si));
  const isSep = (s: string): boolean => ':.;,=+ \t'.includes(s);
  const isTerm = (s: string): boolean => s.charCodeAt(0) < 0x20 || '."/\\[]<>+=;,|'.includes(s) || s === ' ' || s === '\t';
  if (ctl & 1) { while (isSep(ch())) si++; } else { while (ch() === ' ' || ch() === '\t') si++; }
  let result = 0;
  // Drive
  if (m.rd8(ds, si + 1) === 0x3a && /[A-Za-z]/.test(ch())) {
    const d = ch().toUpperCase().charCodeAt(0) - 64;
    if (k.drives[d - 1] === null || k.drives[d - 1] === undefined) result = 0xff;
    m.wr8(es, di, d);
    si += 2;
  } else if ((ctl & 2) === 0) m.wr8(es, di, 0);
  const field = (at: number, len: number, keep: boolean): void => {
    let out = '';
    let star = false;
    while (!isTerm(ch()) && out.length < len) {
      if (ch() === '*') { star = true; si++; break; }
      out += ch().toUpperCase();
      si++;
    }
    while (!isTerm(ch())) si++; // the rest of an over-long name is skipped
    if (out === '' && !star && keep) return;
    const filled = star ? out.padEnd(len, '?') : out.padEnd(len, ' ');
    for (let i = 0; i < len; i++) m.wr8(es, di + at + i, filled.charCodeAt(i));
    if (filled.includes('?') && result !== 0xff) result = 1;
  };
  field(1, 8, (ctl & 4) !== 0);
  if (ch() === '.') { si++; field(9, 3, (ctl & 8) !== 0); } else if ((ctl & 8) === 0) m.fill(es, di + 9, 3, 0x20);
  r16[SI] = si;
  r8[AL] = result;
}
