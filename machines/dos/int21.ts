/**
 * INT 21h, the DOS function dispatcher, as DOS 5.0 answers it (MS-DOS Programmer's Reference
 * 5.0, "Interrupt 21h Functions"; Ralf Brown's Interrupt List for registers DOS leaves): console
 * I/O, handles, directories, memory, processes, and the small informational calls. FCB functions
 * are in fcb.ts. A function we lack is logged once with its number and answered with error 1
 * ("invalid function", CF set; AL=0 for the CP/M-era functions that have no carry convention).
 */
import { WAIT } from './bios.ts';
import { fcbCall } from './fcb.ts';
import type { DosKernel } from './kernel.ts';
import { DOS_SEG, INDOS_OFF, LOL_OFF } from './kernel.ts';
import { DosErr } from './mcb.ts';
import { AH, AL, AX, BH, BL, BX, CH, CL, CX, DH, DI, DL, DS, DX, ES, SI, ZF, setFrameFlag } from './regs.ts';

type Result = typeof WAIT | void;


export function dosCall(k: DosKernel): Result {
  const c = k.cpu, r8 = c.r8, r16 = c.r16, m = k.mem;
  const ah = r8[AH]!;
  const ds = c.sreg[DS]!;
  switch (ah) {
    case 0x00: k.terminate(0, 0); return;
    case 0x01: { const ch = readStdin(k); if (ch < 0) return WAIT; r8[AL] = ch; writeStdout(k, [ch]); return; }
    case 0x02: writeStdout(k, [r8[DL]!]); r8[AL] = r8[DL]!; return;
    case 0x03: r8[AL] = 0; return;
    case 0x04: case 0x05: return;
    case 0x06:
      if (r8[DL] === 0xff) {
        const ch = readStdin(k, true);
        setFrameFlag(c, m, ZF, ch < 0);
        r8[AL] = ch < 0 ? 0 : ch;
      } else { writeStdout(k, [r8[DL]!]); r8[AL] = r8[DL]!; }
      return;
    case 0x07: case 0x08: { const ch = readStdin(k); if (ch < 0) return WAIT; r8[AL] = ch; return; }
    case 0x09: {
      const s = m.terminated(ds, r16[DX]!, 0x24);
      writeStdout(k, [...s].map((ch) => ch.charCodeAt(0)));
      r8[AL] = 0x24;
      return;
    }
    case 0x0a: return bufferedInput(k, ds, r16[DX]!);
    case 0x0b: r8[AL] = stdinReady(k) ? 0xff : 0x00; return;
    case 0x0c: {
      const fn = r8[AL]!;
      if (k.lineInput === null) while (k.bios.popKey() >= 0) { /* flush the type-ahead */ }
      if (fn === 0x01 || fn === 0x06 || fn === 0x07 || fn === 0x08 || fn === 0x0a) { r8[AH] = fn; const res = dosCall(k); r8[AH] = 0x0c; return res; }
      r8[AL] = 0;
      return;
    }
    case 0x0d: return;
    case 0x0e: if (r8[DL]! < 26 && k.drives[r8[DL]!] !== null) k.curDrive = r8[DL]!; r8[AL] = 26; return;
    case 0x19: r8[AL] = k.curDrive; return;
    case 0x1a: k.dtaSeg = ds; k.dtaOff = r16[DX]!; return;
    case 0x1b: case 0x1c: {
      const d = ah === 0x1b || r8[DL] === 0 ? k.curDrive : r8[DL]! - 1;
      if (d < 0 || d >= 26 || k.drives[d] === null) { r8[AL] = 0xff; return; }
      r8[AL] = 8; r16[CX] = 512; r16[DX] = 0xfff0 >> 3;
      m.wr8(DOS_SEG, 0xf0, d < 2 ? 0xf0 : 0xf8); c.loadSeg(DS, DOS_SEG); r16[BX] = 0xf0;
      return;
    }
    case 0x25: m.wr16(0, r8[AL]! * 4, r16[DX]!); m.wr16(0, r8[AL]! * 4 + 2, ds); return;
    case 0x26: { // create a new PSP at DX, copied from the current one
      m.writeBytes(r16[DX]!, 0, m.readBytes(k.psp, 0, 0x100));
      m.wr16(r16[DX]!, 0x02, m.rd16(k.psp, 0x02));
      return;
    }
    case 0x2a: {
      const d = k.bios.date();
      r16[CX] = d.year; r8[DH] = d.month; r8[DL] = d.day; r8[AL] = dayOfWeek(d.year, d.month, d.day);
      return;
    }
    case 0x2b: {
      const y = r16[CX]!, mo = r8[DH]!, d = r8[DL]!;
      if (y < 1980 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > 31) { r8[AL] = 0xff; return; }
      k.bios.dateValue = { year: y, month: mo, day: d }; r8[AL] = 0;
      return;
    }
    case 0x2c: { const t = k.clock(); r8[CH] = t.h; r8[CL] = t.m; r8[DH] = t.s; r8[DL] = t.cs; return; }
    case 0x2d: {
      const h = r8[CH]!, mi = r8[CL]!, s = r8[DH]!, cs = r8[DL]!;
      if (h > 23 || mi > 59 || s > 59 || cs > 99) { r8[AL] = 0xff; return; }
      m.wr32(0x40, 0x6c, Math.floor(((h * 3600 + mi * 60 + s) * 100 + cs) * 1193180 / 6553600));
      r8[AL] = 0;
      return;
    }
    case 0x2e: k.verify = r8[AL] !== 0; return;
    case 0x2f: c.loadSeg(ES, k.dtaSeg); r16[BX] = k.dtaOff; return;
    case 0x30: r16[AX] = 0x0005; r8[BH] = r8[AL] === 1 ? 0 : 0xff; r8[BL] = 0; r16[CX] = 0; return;
    case 0x31: k.keep(r8[AL]!, r16[DX]!); return;
    case 0x33:
      switch (r8[AL]) {
        case 0: r8[DL] = k.breakCheck ? 1 : 0; return;
        case 1: k.breakCheck = r8[DL] !== 0; return;
        case 2: { const old = k.breakCheck; k.breakCheck = r8[DL] !== 0; r8[DL] = old ? 1 : 0; return; }
        case 5: r8[DL] = 3; return; // booted from C:
        case 6: r16[BX] = 0x0005; r16[DX] = 0; return; // true version 5.0, revision 0, in low memory
        default: r8[AL] = 0xff; return;
      }
    case 0x34: c.loadSeg(ES, DOS_SEG); r16[BX] = INDOS_OFF; return;
    case 0x35: r16[BX] = m.rd16(0, r8[AL]! * 4); c.loadSeg(ES, m.rd16(0, r8[AL]! * 4 + 2)); return;
    case 0x36: {
      const d = r8[DL] === 0 ? k.curDrive : r8[DL]! - 1;
      if (d < 0 || d >= 26 || k.drives[d] === null) { r16[AX] = 0xffff; return; }
      // A fixed 250 MB-looking disk with 100 MB free, in 8 KB clusters (16 sectors of 512).
      r16[AX] = 16; r16[CX] = 512; r16[DX] = 32000; r16[BX] = 12800;
      return;
    }
    case 0x37:
      if (r8[AL] === 0) { r8[AL] = 0; r8[DL] = 0x2f; } else if (r8[AL] === 1) { r8[AL] = 0; } else r8[AL] = 0xff;
      return;
    case 0x38: countryInfo(k, ds, r16[DX]!); r16[BX] = 1; k.ok(); return;
    case 0x39: return done(k, k.files.mkdir(m.asciiz(ds, r16[DX]!)));
    case 0x3a: return done(k, k.files.rmdir(m.asciiz(ds, r16[DX]!)));
    case 0x3b: return done(k, k.files.chdir(m.asciiz(ds, r16[DX]!)));
    case 0x3c: return handleResult(k, k.files.create(m.asciiz(ds, r16[DX]!), r16[CX]!));
    case 0x3d: return handleResult(k, k.files.open(m.asciiz(ds, r16[DX]!), r8[AL]!));
    case 0x3e: return done(k, k.files.close(r16[BX]!));
    case 0x3f: return readHandle(k);
    case 0x40: return writeHandle(k);
    case 0x41: return done(k, k.files.remove(m.asciiz(ds, r16[DX]!)));
    case 0x42: {
      const e = k.files.entry(r16[BX]!);
      if (e === null) { k.fail(DosErr.invalidHandle); return; }
      if (r8[AL]! > 2) { k.fail(DosErr.invalidFunction); return; }
      const off = ((r16[CX]! << 16) | r16[DX]!) | 0;
      const base = r8[AL] === 0 ? 0 : r8[AL] === 1 ? e.pos : k.files.size(e);
      const pos = r8[AL] === 0 ? off >>> 0 : base + off;
      if (e.device === null) e.pos = pos < 0 ? 0 : pos;
      r16[DX] = e.pos >>> 16; r16[AX] = e.pos & 0xffff;
      k.ok();
      return;
    }
    case 0x43: {
      if (r8[AL]! > 1) { k.fail(DosErr.invalidFunction); return; }
      const a = k.files.attributes(m.asciiz(ds, r16[DX]!), r8[AL] === 1 ? r16[CX]! : null);
      if (a < 0) { k.fail(-a); return; }
      r16[CX] = a; k.ok();
      return;
    }
    case 0x44: return ioctl(k);
    case 0x45: return handleResult(k, k.files.dup(r16[BX]!));
    case 0x46: return done(k, k.files.dup2(r16[BX]!, r16[CX]!));
    case 0x47: {
      const d = r8[DL] === 0 ? k.curDrive : r8[DL]! - 1;
      if (d < 0 || d >= 26 || k.drives[d] === null) { k.fail(DosErr.invalidDrive); return; }
      m.writeAsciiz(ds, r16[SI]!, k.cwd[d]!);
      r16[AX] = 0x0100; k.ok();
      return;
    }
    case 0x48: {
      const res = k.mcb.alloc(r16[BX]!, k.psp);
      if ('error' in res) { k.fail(res.error); r16[BX] = res.largest; return; }
      r16[AX] = res.seg; k.ok();
      return;
    }
    case 0x49: return done(k, k.mcb.free(c.sreg[ES]!));
    case 0x4a: {
      const res = k.mcb.resize(c.sreg[ES]!, r16[BX]!);
      if (res !== 0) { k.fail(res.error); r16[BX] = res.largest; return; }
      if (c.sreg[ES] === k.psp) m.wr16(k.psp, 0x02, k.psp + r16[BX]!);
      k.ok();
      return;
    }
    case 0x4b: k.exec(); return;
    case 0x4c: k.terminate(r8[AL]!, 0); return;
    case 0x4d: r16[AX] = k.childReturn; k.childReturn = 0; k.ok(); return;
    case 0x4e: return done(k, k.files.findFirst(m.asciiz(ds, r16[DX]!), r16[CX]! & 0xff, k.dtaSeg, k.dtaOff));
    case 0x4f: return done(k, k.files.findNext(k.dtaSeg, k.dtaOff));
    case 0x50: k.psp = r16[BX]!; return;
    case 0x51: case 0x62: r16[BX] = k.psp; return;
    case 0x52: c.loadSeg(ES, DOS_SEG); r16[BX] = LOL_OFF; return;
    case 0x54: r8[AL] = k.verify ? 1 : 0; return;
    case 0x56: return done(k, k.files.rename(m.asciiz(ds, r16[DX]!), m.asciiz(c.sreg[ES]!, r16[DI]!)));
    case 0x57: {
      const e = k.files.entry(r16[BX]!);
      if (e === null) { k.fail(DosErr.invalidHandle); return; }
      if (e.device !== null) { if (r8[AL] === 0) { r16[CX] = 0; r16[DX] = 0; } k.ok(); return; }
      const v = k.files.volume(e.drive);
      if (r8[AL] === 0) { const n = v.get(e.path)!; r16[CX] = n.time; r16[DX] = n.date; k.ok(); return; }
      if (r8[AL] === 1) { v.setStamp(e.path, r16[DX]!, r16[CX]!); k.ok(); return; }
      k.fail(DosErr.invalidFunction);
      return;
    }
    case 0x58:
      if (r8[AL] === 0) { r16[AX] = k.mcb.strategy; k.ok(); return; }
      if (r8[AL] === 1) { k.mcb.strategy = (r16[BX]! & 3) === 3 ? 0 : (r16[BX]! & 3) as 0 | 1 | 2; k.ok(); return; }
      if (r8[AL] === 2) { r8[AL] = 0; k.ok(); return; } // UMBs not linked
      k.fail(DosErr.invalidFunction);
      return;
    case 0x59: {
      const e = k.lastError;
      r16[AX] = e.code; r8[BH] = e.cls; r8[BL] = e.action; r8[CH] = e.locus;
      return;
    }
    case 0x5a: { // create a unique file in the directory DS:DX (which ends in '\')
      const dir = m.asciiz(ds, r16[DX]!);
      for (let n = 0; n < 0x10000; n++) {
        const name = (n + 0x1000 * (k.psp & 0xf)).toString(16).toUpperCase().padStart(8, '0').slice(-8);
        const h = k.files.create(dir + name, r16[CX]!, true);
        if (h === -DosErr.fileExists) continue;
        if (h >= 0) m.writeAsciiz(ds, r16[DX]! + dir.length, name);
        return handleResult(k, h);
      }
      k.fail(DosErr.cannotMake);
      return;
    }
    case 0x5b: return handleResult(k, k.files.create(m.asciiz(ds, r16[DX]!), r16[CX]!, true));
    case 0x5c: k.ok(); return; // record locks: always granted (no sharing emulated)
    case 0x60: {
      const name = m.asciiz(ds, r16[SI]!);
      const res = k.files.resolve(name);
      if (typeof res === 'number') { k.fail(res); return; }
      m.writeAsciiz(c.sreg[ES]!, r16[DI]!, res.device !== undefined ? String.fromCharCode(65 + res.drive) + ':/' + res.device : k.files.truename(res));
      k.ok();
      return;
    }
    case 0x63: if (r8[AL] === 0) { c.loadSeg(DS, DOS_SEG); r16[SI] = 0xf4; m.wr16(DOS_SEG, 0xf4, 0); } r8[AL] = 0; return;
    case 0x65: {
      if (r8[AL] === 1) { // extended country information: info id 1, size, country, code page, then 38h's table
        const es = c.sreg[ES]!, di = r16[DI]!;
        m.wr8(es, di, 1); m.wr16(es, di + 1, 38); m.wr16(es, di + 3, 1); m.wr16(es, di + 5, 437);
        countryInfo(k, es, di + 7);
        r16[CX] = 41; k.ok();
        return;
      }
      const table = NLS_TABLES[r8[AL]!];
      if (table !== undefined) { // ES:DI <- info id, far pointer to the table (Ralf Brown, AH=65h)
        const es = c.sreg[ES]!, di = r16[DI]!;
        m.wr8(es, di, r8[AL]!); m.wr16(es, di + 1, table); m.wr16(es, di + 3, DOS_SEG);
        r16[CX] = 5; k.ok();
        return;
      }
      const up = (b: number): number => (b >= 0x61 && b <= 0x7a ? b - 0x20 : b);
      if (r8[AL] === 0x20) { r8[DL] = up(r8[DL]!); k.ok(); return; }
      if (r8[AL] === 0x21 || r8[AL] === 0x22) { // uppercase a string: DS:DX, CX bytes or to NUL
        for (let i = 0; i < (r8[AL] === 0x21 ? r16[CX]! : 0x10000); i++) {
          const b = m.rd8(ds, r16[DX]! + i);
          if (r8[AL] === 0x22 && b === 0) break;
          m.wr8(ds, r16[DX]! + i, up(b));
        }
        k.ok();
        return;
      }
      if (r8[AL] === 0x23) { const ch = up(r8[DL]!); r16[AX] = ch === 0x59 ? 1 : ch === 0x4e ? 0 : 2; k.ok(); return; }
      k.notSupported('INT 21h AX', r16[AX]!);
      k.fail(DosErr.invalidFunction);
      return;
    }
    case 0x66: if (r8[AL] === 1) { r16[BX] = 437; r16[DX] = 437; } k.ok(); return;
    case 0x67: k.ok(); return;
    case 0x68: case 0x6a: k.ok(); return;
    case 0x69: { // get (AL=0) / set (1) disk serial number: DS:DX info block (DOS 4+)
      const d = r8[BL] === 0 ? k.curDrive : r8[BL]! - 1;
      if (d < 0 || d >= 26 || k.drives[d] === null) { k.fail(DosErr.invalidDrive); return; }
      if (r8[AL] === 0) {
        const label = (k.drives[d]!.label || 'NO NAME').slice(0, 11).padEnd(11, ' ');
        m.wr16(ds, r16[DX]!, 0); m.wr32(ds, r16[DX]! + 2, 0x1994_0000 + d);
        for (let i = 0; i < 11; i++) m.wr8(ds, r16[DX]! + 6 + i, label.charCodeAt(i));
        for (let i = 0; i < 8; i++) m.wr8(ds, r16[DX]! + 17 + i, 'FAT16   '.charCodeAt(i));
      }
      k.ok();
      return;
    }
    case 0x6c: { // extended open/create: BX mode, CX attributes, DX action, DS:SI name
      const name = m.asciiz(ds, r16[SI]!);
      const action = r16[DX]!;
      const exists = k.files.attributes(name, null) >= 0;
      if (exists) {
        if ((action & 0x0f) === 0) { k.fail(DosErr.fileExists); return; }
        if ((action & 0x0f) === 2) { const h = k.files.create(name, r16[CX]!); if (h >= 0) r16[CX] = 3; return handleResult(k, h, 3); }
        const h = k.files.open(name, r16[BX]! & 0xff);
        return handleResult(k, h, 1);
      }
      if ((action & 0xf0) === 0) { k.fail(DosErr.fileNotFound); return; }
      return handleResult(k, k.files.create(name, r16[CX]!), 2);
    }
    default: {
      if (fcbCall(k, ah)) return;
      k.notSupported('INT 21h AH', ah);
      if (ah < 0x2f) r8[AL] = 0; else k.fail(DosErr.invalidFunction);
    }
  }
}

/** Offsets in DOS_SEG of the country tables AH=65h hands out (filled by `installNls`). */
const NLS_TABLES: Readonly<Record<number, number>> = { 2: 0x200, 4: 0x290, 5: 0x320, 6: 0x340, 7: 0xf4 };

/**
 * Code page 437 tables for AH=65h: uppercase (AL=02h) and filename uppercase (04h) for 80h-FFh,
 * the filename terminators (05h), collating order (06h, identity but letters case-folded) and the
 * empty DBCS table (07h). Layouts: Ralf Brown's Interrupt List, INT 21h AH=65h.
 */
export function installNls(k: DosKernel): void {
  const m = k.mem;
  // CP437 accented lower-case letters with capitals in the code page (the rest map to themselves).
  const upper = new Map<number, number>([[0x81, 0x9a], [0x82, 0x90], [0x84, 0x8e], [0x86, 0x8f], [0x87, 0x80], [0x91, 0x92], [0x94, 0x99], [0xa4, 0xa5]]);
  for (const off of [0x200, 0x290]) {
    m.wr16(DOS_SEG, off, 128);
    for (let i = 0; i < 128; i++) m.wr8(DOS_SEG, off + 2 + i, upper.get(0x80 + i) ?? 0x80 + i);
  }
  const term = [...'."/\\[]:|<>+=;,'].map((ch) => ch.charCodeAt(0));
  const t = [1, 0x00, 0xff, 0, 0x00, 0x20, 2, term.length, ...term];
  m.wr16(DOS_SEG, 0x320, t.length);
  t.forEach((b, i) => m.wr8(DOS_SEG, 0x322 + i, b));
  m.wr16(DOS_SEG, 0x340, 256);
  for (let i = 0; i < 256; i++) m.wr8(DOS_SEG, 0x342 + i, i >= 0x61 && i <= 0x7a ? i - 0x20 : i);
  m.wr16(DOS_SEG, 0xf4, 0);
}

function done(k: DosKernel, err: number): void { if (err !== 0) k.fail(err); else k.ok(); }

function handleResult(k: DosKernel, h: number, action = -1): void {
  if (h < 0) { k.fail(-h); return; }
  k.cpu.r16[AX] = h;
  if (action >= 0) k.cpu.r16[CX] = action;
  k.ok();
}

function dayOfWeek(y: number, m: number, d: number): number {
  // Zeller-style count from 1 January 1980, a Tuesday.
  const days = Math.floor(Date.UTC(y, m - 1, d) / 86400000) - Math.floor(Date.UTC(1980, 0, 1) / 86400000);
  return (days + 2) % 7;
}

/** The 34-byte country table of AH=38h for the USA (MS-DOS Programmer's Reference, 38h). */
function countryInfo(k: DosKernel, seg: number, off: number): void {
  const m = k.mem;
  m.fill(seg, off, 34, 0);
  m.wr16(seg, off, 0);                 // date format: m d y
  m.writeAsciiz(seg, off + 2, '$');    // currency
  m.writeAsciiz(seg, off + 7, ',');    // thousands
  m.writeAsciiz(seg, off + 9, '.');    // decimal
  m.writeAsciiz(seg, off + 11, '-');   // date separator
  m.writeAsciiz(seg, off + 13, ':');   // time separator
  m.wr8(seg, off + 15, 0);             // currency format
  m.wr8(seg, off + 16, 2);             // digits after the decimal point
  m.wr8(seg, off + 17, 0);             // 12-hour clock
  m.writeAsciiz(seg, off + 22, ',');   // list separator
}

// ---- standard input and output --------------------------------------------------------------------

/** Bytes to handle 1 (the screen unless redirected). */
export function writeStdout(k: DosKernel, bytes: number[]): void {
  const e = k.files.entry(1);
  if (e === null) return;
  if (e.device === null) { k.files.writeFile(e, Uint8Array.from(bytes)); return; }
  if (e.device === 'CON') for (const b of bytes) k.conOut(b);
}

/** A byte from handle 0: the keyboard (-1 when none is waiting) or a redirected file (1Ah at its end). */
export function readStdin(k: DosKernel, raw = false): number {
  const e = k.files.entry(0);
  if (e !== null && e.device === null) {
    const b = k.files.readFile(e, 1);
    return b.length > 0 ? b[0]! : 0x1a;
  }
  if (e !== null && e.device === 'NUL') return 0x1a;
  void raw;
  const w = k.bios.popKey();
  return w < 0 ? -1 : w & 0xff;
}

function stdinReady(k: DosKernel): boolean {
  const e = k.files.entry(0);
  if (e !== null && e.device === null) return e.pos < k.files.size(e);
  return k.bios.peekKey() >= 0;
}

/**
 * Collect a line from the keyboard with echo and Backspace (AH=0Ah's editing, without the
 * F1-F6 template keys). Returns the finished line (without CR) or WAIT.
 */
export function editLine(k: DosKernel, max: number): number[] | typeof WAIT {
  if (k.lineInput === null) k.lineInput = [];
  const st = { text: k.lineInput };
  for (;;) {
    const ch = readStdin(k);
    if (ch < 0) return WAIT;
    if (ch === 0x0d) { writeStdout(k, [0x0d]); k.lineInput = null; return st.text; }
    if (ch === 0x08) {
      if (st.text.length > 0) { st.text.pop(); writeStdout(k, [8, 0x20, 8]); }
      continue;
    }
    if (ch === 0x1a && k.files.entry(0)?.device === null) { k.lineInput = null; return st.text; }
    if (ch === 0 || ch === 0x0a) continue;
    if (st.text.length >= max) { k.bios.onBeep?.(); continue; }
    st.text.push(ch);
    writeStdout(k, [ch]);
  }
}

function bufferedInput(k: DosKernel, seg: number, off: number): Result {
  const m = k.mem;
  const max = m.rd8(seg, off);
  if (max === 0) return;
  const line = editLine(k, max - 1);
  if (line === WAIT) return WAIT;
  m.wr8(seg, off + 1, line.length);
  line.forEach((b, i) => m.wr8(seg, off + 2 + i, b));
  m.wr8(seg, off + 2 + line.length, 0x0d);
}

function readHandle(k: DosKernel): Result {
  const c = k.cpu, r16 = c.r16, m = k.mem;
  const e = k.files.entry(r16[BX]!);
  if (e === null) { k.fail(DosErr.invalidHandle); return; }
  if ((e.mode & 7) === 1) { k.fail(DosErr.accessDenied); return; }
  const n = r16[CX]!;
  let data: number[] | Uint8Array;
  if (e.device === 'CON') {
    let pend = k.conPending;
    if (pend.length === 0) {
      const line = editLine(k, 126);
      if (line === WAIT) return WAIT;
      writeStdout(k, [0x0a]);
      pend = [...line, 0x0d, 0x0a];
      k.conPending = pend;
    }
    data = pend.splice(0, n);
  } else if (e.device !== null) {
    data = [];
  } else {
    data = k.files.readFile(e, n);
  }
  for (let i = 0; i < data.length; i++) m.wr8(c.sreg[DS]!, r16[DX]! + i, data[i]!);
  r16[AX] = data.length;
  k.ok();
}

function writeHandle(k: DosKernel): Result {
  const c = k.cpu, r16 = c.r16, m = k.mem;
  const e = k.files.entry(r16[BX]!);
  if (e === null) { k.fail(DosErr.invalidHandle); return; }
  if ((e.mode & 7) === 0 && e.device === null) { k.fail(DosErr.accessDenied); return; }
  const bytes = m.readBytes(c.sreg[DS]!, r16[DX]!, r16[CX]!);
  if (e.device === 'CON') for (const b of bytes) k.conOut(b);
  else if (e.device === null) k.files.writeFile(e, bytes);
  r16[AX] = bytes.length;
  k.ok();
}

/** IOCTL (44h) basics (MS-DOS Programmer's Reference 5.0, function 44h subfunctions). */
function ioctl(k: DosKernel): Result {
  const c = k.cpu, r8 = c.r8, r16 = c.r16;
  const al = r8[AL]!;
  if (al <= 7) {
    const e = k.files.entry(r16[BX]!);
    if (e === null) { k.fail(DosErr.invalidHandle); return; }
    switch (al) {
      case 0: // device information word
        if (e.device === 'CON') r16[DX] = 0x80d3;
        else if (e.device === 'NUL') r16[DX] = 0x80c4;
        else if (e.device !== null) r16[DX] = 0x80c0;
        else r16[DX] = e.drive & 0x3f;
        r16[AX] = r16[DX]!;
        k.ok();
        return;
      case 1: k.ok(); return;
      case 6: r8[AL] = e.device === 'CON' ? (k.bios.peekKey() >= 0 ? 0xff : 0) : e.device !== null ? 0xff : (e.pos < k.files.size(e) ? 0xff : 0); k.ok(); return;
      case 7: r8[AL] = 0xff; k.ok(); return;
      default: k.fail(DosErr.invalidFunction); return;
    }
  }
  if (al === 8 || al === 9 || al === 0x0e || al === 0x0f) {
    const d = r8[BL] === 0 ? k.curDrive : r8[BL]! - 1;
    if (d < 0 || d >= 26 || k.drives[d] === null) { k.fail(DosErr.invalidDrive); return; }
    if (al === 8) r16[AX] = d < 2 ? 0 : 1;  // removable (A:, B:) or fixed
    else if (al === 9) r16[DX] = 0;         // local
    else r8[AL] = 0;                        // one logical drive letter per unit
    k.ok();
    return;
  }
  k.notSupported('INT 21h AX', r16[AX]!);
  k.fail(DosErr.invalidFunction);
}
