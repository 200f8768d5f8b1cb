/**
 * The built-in DOS: BIOS and DOS services in TypeScript, entered through the trap slots of
 * rom.ts, for a PC whose CPU runs programs without any DOS on disk (DOSBox's approach).
 *
 * What lives where: guest-visible structures are kept in guest memory as DOS keeps them (the
 * interrupt vectors, the BIOS data area, memory control blocks, PSPs with their job file tables,
 * environment blocks, the DTA), so programs that read them directly work. What DOS keeps in its
 * own private data (the system file table, search state, current directories) is kept here.
 *
 * Processes: a program is started by `exec` (INT 21h AH=4Bh, or the host through `run`), gets
 * an environment block and a PSP in blocks of the MCB chain, and ends through `terminate`, which
 * frees its memory, closes its handles and returns to the caller of EXEC through the stack the
 * parent saved at PSP:2Eh and the terminate address at PSP:0Ah, as DOS does (MS-DOS
 * Programmer's Reference 5.0, "Program Segment Prefix", "Terminating a program").
 * Memory layout: vectors 0000h, BIOS data 0400h, DOS data 0600h (`DOS_SEG`), the MCB chain from
 * `FIRST_MCB` up to 640 KB.
 */
import type { X86Bus } from '../../cores/cpu/x86/bus.ts';
import type { X86Cpu } from '../../cores/cpu/x86/cpu.ts';
import { AmalgamError, CorruptStateError } from '../../cores/kernel/errors.ts';
import { clonePlain } from '../../cores/kernel/part.ts';
import { Bios, WAIT } from './bios.ts';
import { type ProgramImage, memoryNeeds, parseProgram } from './exe.ts';
import { DosFiles, type SftEntry } from './files.ts';
import { dosCall, installNls } from './int21.ts';
import { handleScan } from './int09.ts';
import { DosErr, McbChain, OWNER_DOS } from './mcb.ts';
import { GuestMemory } from './mem.ts';
import { MouseDriver } from './mouse.ts';
import { DiskBios } from './int13.ts';
import { AH, AL, AX, BP, BX, CF, CL, CS, CX, DI, DS, DX, ES, IF, SI, SP, SS, setFrameFlag } from './regs.ts';
import { ROM_SEG, Slot, VECTOR_SLOTS, slotFromIp, slotOffset } from './rom.ts';
import type { Volume } from './vfs.ts';

/** DOS's own data (list of lists, InDOS flag, NUL device): 0060:0000-0BFF. */
export const DOS_SEG = 0x60;
export const LOL_OFF = 0x10;
export const INDOS_OFF = 0x101;
export const FIRST_MCB = 0xc0;

export interface DosOptions {
  /** Conventional memory in KB (at most 640). */
  readonly memKb?: number;
  /** Where unimplemented functions and other notes go (each unimplemented one once). */
  readonly log?: (msg: string) => void;
  /** Environment of the first program (besides COMSPEC and PATH). */
  readonly env?: Readonly<Record<string, string>>;
  /** The display is monochrome (MDA, Hercules): the BIOS uses mode 7. */
  readonly mono?: boolean;
}

export interface DosKernelState {
  psp: number; dtaSeg: number; dtaOff: number; curDrive: number; cwd: string[];
  childReturn: number; lastError: { code: number; cls: number; action: number; locus: number };
  breakCheck: boolean; verify: boolean; rootPsp: number; rootResume: number; strategy: number;
  sft: (SftEntry | null)[]; searchDirs: string[]; date: { year: number; month: number; day: number };
  lineInput: number[] | null; conPending: number[]; waits: number;
}

export class DosKernel {
  readonly mem: GuestMemory;
  readonly bios: Bios;
  readonly mcb: McbChain;
  /** INT 33h; answers only when `mouseEnabled` (the machine has a mouse). */
  readonly mouse: MouseDriver;
  mouseEnabled = false;
  /** INT 13h and the floppy image in A: (if any). */
  readonly disk: DiskBios;
  readonly files: DosFiles;
  /** Mounted volumes by drive number (0 = A:). */
  readonly drives: (Volume | null)[] = new Array<Volume | null>(26).fill(null);
  /** Current directory of each drive (volume path, no leading '\'). */
  readonly cwd: string[] = new Array<string>(26).fill('');
  curDrive = 2;
  /** Current PSP segment. */
  psp = 0;
  dtaSeg = 0;
  dtaOff = 0x80;
  /** Return code of the last child (INT 21h AH=4Dh): termination type << 8 | code. */
  childReturn = 0;
  /** Extended error information (AH=59h): code, class, action, locus. */
  lastError = { code: 0, cls: 0, action: 0, locus: 0 };
  breakCheck = false;
  verify = false;
  /** PSP of the process that owns the machine (init or the shell); its exit stops everything. */
  rootPsp = 0;
  /** Called when a program run by the host ends (its code), for the shell and the tests. */
  onProgramExit: ((code: number) => void) | null = null;
  /** A line being typed for AH=0Ah or a cooked CON read, kept across waits (null: none). */
  lineInput: number[] | null = null;
  /** Bytes of a cooked CON line not yet taken by AH=3Fh reads. */
  conPending: number[] = [];
  /** Incremented each time a service had to wait for input (the harness stops on it). */
  waits = 0;
  private readonly logged = new Set<string>();
  readonly log: (msg: string) => void;
  readonly memKb: number;
  readonly baseEnv: Readonly<Record<string, string>>;

  constructor(readonly cpu: X86Cpu, bus: X86Bus, opts: DosOptions = {}) {
    this.mem = new GuestMemory(bus);
    this.bios = new Bios(cpu, this.mem);
    this.mcb = new McbChain(this.mem, FIRST_MCB);
    this.mouse = new MouseDriver(cpu, this.mem);
    this.disk = new DiskBios(cpu, this.mem);
    this.mouse.onUnsupported = (fn) => this.notSupported('INT 33h AX', fn);
    this.files = new DosFiles(this);
    this.log = opts.log ?? (() => {});
    this.memKb = Math.min(640, opts.memKb ?? 640);
    this.baseEnv = opts.env ?? {};
    this.mono = opts.mono ?? false;
  }
  readonly mono: boolean;
  /** One step of the built-in shell (its slot loops on it). */
  onShell: (() => typeof WAIT | void) | null = null;
  /** After the option ROMs ran (see `callOptionRom`). */
  onPostDone: (() => void) | null = null;

  /**
   * Run a video option ROM at C000h before going on: the CPU leaves the trap for the `optionRom`
   * slot (CALL FAR C000:0003 on the BIOS stack at 0030:0100), which comes back to `postDone`.
   */
  callOptionRom(): void {
    const c = this.cpu;
    c.loadSeg(SS, 0x30); c.r16[SP] = 0x100;
    c.loadSeg(CS, ROM_SEG); c.ip = slotOffset(Slot.optionRom);
    c.attn = true;
  }

  /** The boot slot's service (power-on or reset): the machine starts what it should. */
  onBoot: (() => void) | null = null;

  /** Log a message once per distinct text (unimplemented functions). */
  logOnce(msg: string): void {
    if (this.logged.has(msg)) return;
    this.logged.add(msg);
    this.log(msg);
  }

  // ---- power-on ------------------------------------------------------------------------------

  /** Fill vectors, BIOS data, DOS data and the MCB chain; mount nothing. The ROM must be mapped. */
  install(): void {
    const m = this.mem;
    for (let v = 0; v < 256; v++) { m.wr16(0, v * 4, slotOffset(Slot.iret)); m.wr16(0, v * 4 + 2, ROM_SEG); }
    for (const [v, slot] of VECTOR_SLOTS) m.wr16(0, v * 4, slotOffset(slot));
    // Data pointers, not code (video parameters, diskette parameters, graphics font): none.
    for (const v of [0x1d, 0x1e, 0x1f, 0x41, 0x43, 0x46]) m.wr32(0, v * 4, 0);
    this.bios.initDataArea(this.memKb, this.mono);
    m.fill(DOS_SEG, 0, (FIRST_MCB - DOS_SEG) * 16, 0);
    // List of lists (Ralf Brown, INT 21h AH=52h): first MCB at -2, DPB/SFT/device pointers none,
    // max sector 512, LASTDRIVE 26 at +21h, the NUL device header at +22h.
    m.wr16(DOS_SEG, LOL_OFF - 2, FIRST_MCB);
    for (const off of [0x00, 0x04, 0x08, 0x0c, 0x12, 0x16, 0x1a]) m.wr32(DOS_SEG, LOL_OFF + off, 0xffffffff);
    m.wr16(DOS_SEG, LOL_OFF + 0x10, 512);
    m.wr8(DOS_SEG, LOL_OFF + 0x20, this.drives.filter((d) => d !== null).length);
    m.wr8(DOS_SEG, LOL_OFF + 0x21, 26);
    m.wr32(DOS_SEG, LOL_OFF + 0x22, 0xffffffff);
    m.wr16(DOS_SEG, LOL_OFF + 0x26, 0x8004);
    [...'NUL     '].forEach((c, i) => m.wr8(DOS_SEG, LOL_OFF + 0x2c + i, c.charCodeAt(0)));
    installNls(this);
    this.mcb.init(this.memKb * 64);
    this.files.reset();
    this.psp = 0;
  }

  mount(drive: number, vol: Volume | null): void {
    this.drives[drive] = vol;
    this.cwd[drive] = '';
  }

  // ---- state ----------------------------------------------------------------------------------------

  /**
   * DOS's private data as plain data (what is not in guest memory): current process, DTA, drives
   * and directories, the open-file table, find-first directories, input in progress. Volumes'
   * overlays are saved by the machine, beside this.
   */
  getState(): DosKernelState {
    return clonePlain({
      psp: this.psp, dtaSeg: this.dtaSeg, dtaOff: this.dtaOff, curDrive: this.curDrive, cwd: this.cwd,
      childReturn: this.childReturn, lastError: this.lastError, breakCheck: this.breakCheck, verify: this.verify,
      rootPsp: this.rootPsp, rootResume: this.rootResume, strategy: this.mcb.strategy,
      sft: this.files.sft, searchDirs: this.files.searchDirList(), date: this.bios.dateValue,
      lineInput: this.lineInput, conPending: this.conPending, waits: this.waits,
    });
  }

  setState(s: DosKernelState): void {
    const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
    if (typeof s !== 'object' || s === null || ![s.psp, s.dtaSeg, s.dtaOff, s.curDrive, s.childReturn, s.rootPsp, s.rootResume, s.strategy].every(num) ||
        !Array.isArray(s.cwd) || s.cwd.length !== 26 || !Array.isArray(s.sft) || !Array.isArray(s.searchDirs) || !Array.isArray(s.conPending)) {
      throw new CorruptStateError('DOS state: malformed');
    }
    const c = clonePlain(s);
    this.psp = c.psp; this.dtaSeg = c.dtaSeg; this.dtaOff = c.dtaOff; this.curDrive = c.curDrive;
    c.cwd.forEach((d, i) => { this.cwd[i] = String(d); });
    this.childReturn = c.childReturn; this.lastError = c.lastError; this.breakCheck = !!c.breakCheck; this.verify = !!c.verify;
    this.rootPsp = c.rootPsp; this.rootResume = c.rootResume; this.mcb.strategy = (c.strategy & 3) as 0 | 1 | 2;
    this.files.sft = c.sft; this.files.setSearchDirs(c.searchDirs.map(String));
    this.bios.dateValue = c.date; this.lineInput = c.lineInput; this.conPending = c.conPending; this.waits = c.waits;
  }

  // ---- the trap ------------------------------------------------------------------------------

  /** The machine calls this for every write to TRAP_PORT. */
  trap(): void {
    const cpu = this.cpu;
    if (cpu.sreg[CS] !== ROM_SEG) return;
    const slot = slotFromIp(cpu.ip);
    if (slot < 0) return;
    let r: typeof WAIT | void = undefined;
    try {
      r = this.service(slot);
    } catch (e) {
      // A service must never take the machine down: report and fail the call as DOS would.
      this.log(`dos: service ${slot} failed: ${e instanceof Error ? e.message : String(e)}`);
      if (slot === Slot.int21) this.fail(e instanceof AmalgamError ? DosErr.badFormat : DosErr.invalidFunction);
    }
    if (r === WAIT) {
      // Come back to the OUT after the next interrupt (the keyboard IRQ, the timer).
      cpu.ip = (cpu.ip - 2) & 0xffff;
      cpu.flags = cpu.flags | IF;
      cpu.halted = true;
      cpu.attn = true;
      this.waits++;
    }
  }

  private service(slot: number): typeof WAIT | void {
    const b = this.bios, c = this.cpu;
    switch (slot) {
      case Slot.int08: b.timerTick(); return;
      case Slot.int09: this.keyboardIrq(); return;
      case Slot.int10: b.int10(); return;
      case Slot.int11: b.int11(); return;
      case Slot.int12: b.int12(); return;
      case Slot.int13: this.disk.int13(); return;
      case Slot.int14: case Slot.int17: c.r8[AH] = 0x80; return; // timeout / not present
      case Slot.int15: b.int15(); return;
      case Slot.int16: return b.int16();
      case Slot.int19: this.terminate(0, 0); return;
      case Slot.int1a: b.int1a(); return;
      case Slot.int20: this.terminate(0, 0); return;
      case Slot.int21: return dosCall(this);
      case Slot.int22: return;
      case Slot.int23: this.terminate(0, 1); return; // Ctrl-C: end the program
      case Slot.int24: c.r8[AL] = 3; return;          // critical error: fail the call
      case Slot.int25: case Slot.int26: c.r16[AX] = 0x0201; c.flags = c.flags | CF; return;
      case Slot.int27: this.keep(0, (c.r16[DX]! + 15) >> 4); return;
      case Slot.int28: return;
      case Slot.int29: this.conOut(c.r8[AL]!); return;
      case Slot.int2f: this.int2f(); return;
      case Slot.int33: if (this.mouseEnabled) this.mouse.int33(); return; // without a mouse AX stays 0: not installed
      case Slot.boot: this.onBoot?.(); return;
      case Slot.shell: return this.onShell?.();
      case Slot.postDone: this.onPostDone?.(); return;
      case Slot.cpmCall: this.notSupported('CP/M call', c.r8[CL]!); c.r8[AL] = 0; return;
      default: return;
    }
  }

  /**
   * INT 09h (IRQ 1): take the scan code from 8255 port A, acknowledge it with a pulse on port B
   * bit 7, turn it into a key (int09.ts), end the interrupt at the 8259 (IBM BIOS KB_INT).
   */
  private keyboardIrq(): void {
    const bus = this.mem.bus;
    const scan = bus.in8(0x60);
    const b = bus.in8(0x61);
    bus.out8(0x61, b | 0x80);
    bus.out8(0x61, b & 0x7f);
    handleScan(this.bios, this.mem, scan);
    bus.out8(0x20, 0x20);
  }

  private int2f(): void {
    const c = this.cpu;
    const ax = c.r16[AX]!;
    // AX=1680h (idle): returned unchanged means "not supported"; installation checks (AL=00h)
    // answer AL=00h "not installed" (Ralf Brown, INT 2Fh), which is what an untouched AL=0 says.
    if (ax === 0x4300) { c.r8[AL] = 0; return; }   // no XMS driver
    if (ax === 0x1687) return;                     // no DPMI host: AX stays nonzero
    if ((ax & 0xff) !== 0) this.notSupported('INT 2Fh AX', ax);
  }

  notSupported(what: string, n: number): void {
    this.logOnce(`dos: ${what}=${n.toString(16).padStart(2, '0')}h is not implemented`);
  }

  /** Fail an INT 21h call: CF set, AX = error, remembered for AH=59h. */
  fail(code: number): void {
    const c = this.cpu;
    c.r16[AX] = code;
    setFrameFlag(c, this.mem, CF, true);
    // Class, action, locus: MS-DOS Programmer's Reference, INT 21h function 59h tables.
    const cls = code === DosErr.insufficientMemory ? 1 : code === DosErr.fileNotFound || code === DosErr.pathNotFound ? 8 : code === DosErr.accessDenied ? 3 : 7;
    this.lastError = { code, cls, action: code === DosErr.insufficientMemory ? 5 : 3, locus: code <= 3 || code === 18 ? 2 : 1 };
  }
  ok(): void { setFrameFlag(this.cpu, this.mem, CF, false); }

  /** Now as a DOS packed date and time (the fixed date of `Bios.dateValue`, time from the ticks). */
  stamp(): { date: number; time: number } {
    const d = this.bios.date();
    const t = this.clock();
    return { date: ((d.year - 1980) << 9) | (d.month << 5) | d.day, time: (t.h << 11) | (t.m << 5) | (t.s >> 1) };
  }
  /** Time of day from the BIOS tick count (18.2065 ticks per second). */
  clock(): { h: number; m: number; s: number; cs: number } {
    const hs = Math.floor((this.bios.ticks() * 65536 * 100) / 1193180);
    return { h: Math.floor(hs / 360000) % 24, m: Math.floor(hs / 6000) % 60, s: Math.floor(hs / 100) % 60, cs: hs % 100 };
  }

  // ---- console ---------------------------------------------------------------------------------

  /** Character to the screen through the BIOS teletype (CON's output). */
  conOut(ch: number): void {
    if (ch === 9) { // CON expands tabs to the next multiple of 8
      const col = this.bios.cursor().col;
      for (let i = col; i < ((col >> 3) + 1) << 3; i++) this.bios.teletype(0x20);
      return;
    }
    this.bios.teletype(ch);
  }

  // ---- processes -------------------------------------------------------------------------------

  /** Build a PSP at `seg` (MS-DOS Programmer's Reference 5.0, "Program Segment Prefix"). */
  buildPsp(seg: number, endSeg: number, parent: number, envSeg: number, tail: string): void {
    const m = this.mem;
    m.fill(seg, 0, 0x100, 0);
    m.wr16(seg, 0x00, 0x20cd);                   // INT 20h
    m.wr16(seg, 0x02, endSeg);                   // first segment beyond the allocation
    // 05h: far call to the DOS dispatcher for CP/M-style calls.
    m.wr8(seg, 0x05, 0x9a); m.wr16(seg, 0x06, slotOffset(Slot.cpmCall)); m.wr16(seg, 0x08, ROM_SEG);
    m.wr32(seg, 0x0a, m.rd32(0, 0x22 * 4));     // INT 22h/23h/24h as they were
    m.wr32(seg, 0x0e, m.rd32(0, 0x23 * 4));
    m.wr32(seg, 0x12, m.rd32(0, 0x24 * 4));
    m.wr16(seg, 0x16, parent);
    m.fill(seg, 0x18, 20, 0xff);                 // job file table: all closed
    m.wr16(seg, 0x2c, envSeg);
    m.wr16(seg, 0x32, 20);                       // JFT size and pointer (DOS 3.3+)
    m.wr16(seg, 0x34, 0x18); m.wr16(seg, 0x36, seg);
    m.wr32(seg, 0x38, 0xffffffff);
    m.wr16(seg, 0x40, 0x0005);                   // version for this program: 5.0
    m.wr8(seg, 0x50, 0xcd); m.wr8(seg, 0x51, 0x21); m.wr8(seg, 0x52, 0xcb); // INT 21h ; RETF
    m.fill(seg, 0x5c, 0x24, 0);
    m.fill(seg, 0x5d, 11, 0x20); m.fill(seg, 0x6d, 11, 0x20);
    this.setTail(seg, tail);
  }

  /** Command tail at PSP:80h: length byte, text, CR (at most 126 characters). */
  setTail(seg: number, tail: string): void {
    const t = tail.slice(0, 126);
    this.mem.wr8(seg, 0x80, t.length);
    for (let i = 0; i < t.length; i++) this.mem.wr8(seg, 0x81 + i, t.charCodeAt(i));
    this.mem.wr8(seg, 0x81 + t.length, 0x0d);
  }

  /** Strings of an environment block (NAME=value). */
  readEnv(envSeg: number): string[] {
    const out: string[] = [];
    if (envSeg === 0) return out;
    let off = 0;
    while (off < 0x8000) {
      const s = this.mem.asciiz(envSeg, off, 0x8000);
      if (s.length === 0) break;
      out.push(s);
      off += s.length + 1;
    }
    return out;
  }

  /** Allocate and fill an environment block: strings, 0, word 1, program path (DOS 3+). */
  makeEnv(strings: readonly string[], programPath: string, owner: number, minParas = 0): number | { error: number } {
    const bytes = strings.reduce((n, s) => n + s.length + 1, 0) + 1 + 2 + programPath.length + 1;
    const r = this.mcb.alloc(Math.max(minParas, (bytes + 15 + 16) >> 4), owner);
    if ('error' in r) return { error: r.error };
    let off = 0;
    for (const s of strings) { this.mem.writeAsciiz(r.seg, off, s); off += s.length + 1; }
    this.mem.wr8(r.seg, off++, 0);
    this.mem.wr16(r.seg, off, 1); off += 2;
    this.mem.writeAsciiz(r.seg, off, programPath);
    return r.seg;
  }

  /** The environment the host gives the first program. */
  rootEnv(): string[] {
    const env: Record<string, string> = { COMSPEC: 'C:\\COMMAND.COM', PATH: 'C:\\', PROMPT: '$P$G', ...this.baseEnv };
    return Object.entries(env).map(([k, v]) => `${k}=${v}`);
  }

  /**
   * Load a program as a child of `parent`: environment, PSP, image (with relocations). Returns
   * the entry registers, or a DOS error (8 no memory, 11 bad format).
   */
  load(image: ProgramImage, programPath: string, tail: string, envStrings: readonly string[], parent: number):
    { psp: number; cs: number; ip: number; ss: number; sp: number } | { error: number } {
    const need = memoryNeeds(image);
    const env = this.makeEnv(envStrings, programPath, OWNER_DOS);
    if (typeof env !== 'number') return env;
    const avail = this.mcb.largestFree();
    if (avail < need.min) { this.mcb.free(env); return { error: DosErr.insufficientMemory }; }
    const paras = Math.min(avail, Math.max(need.min, need.max));
    const r = this.mcb.alloc(paras, OWNER_DOS);
    if ('error' in r) { this.mcb.free(env); return { error: r.error }; }
    const psp = r.seg;
    this.mcb.setOwner(psp, psp);
    this.mcb.setOwner(env, psp);
    const name = programPath.split('\\').pop()!.split('.')[0]!.slice(0, 8);
    this.mcb.setName(psp, name);
    this.mcb.setName(env, name);
    this.buildPsp(psp, psp + paras, parent, env, tail);
    this.files.inherit(parent, psp);
    if (image.kind === 'com') {
      this.mem.writeBytes(psp, 0x100, image.image);
      const top = Math.min(0x10000, paras * 16) - 2;
      this.mem.wr16(psp, top, 0);
      return { psp, cs: psp, ip: 0x100, ss: psp, sp: top };
    }
    const load = psp + 0x10;
    this.writeImage(load, image.image);
    for (const [off, seg] of image.relocs) {
      const s = (load + seg) & 0xffff;
      this.mem.wr16(s, off, (this.mem.rd16(s, off) + load) & 0xffff);
    }
    return { psp, cs: (load + image.cs) & 0xffff, ip: image.ip, ss: (load + image.ss) & 0xffff, sp: image.sp };
  }

  /** Copy an image of up to 1 MB at seg:0, 64 KB at a time. */
  private writeImage(seg: number, bytes: Uint8Array): void {
    for (let p = 0; p < bytes.length; p += 0x8000) {
      this.mem.writeBytes(seg + (p >> 4), 0, bytes.subarray(p, Math.min(bytes.length, p + 0x8000)));
    }
  }

  /** Point the CPU at a loaded program with the registers DOS gives a new process. */
  enter(e: { psp: number; cs: number; ip: number; ss: number; sp: number }): void {
    const c = this.cpu, r = c.r16;
    this.psp = e.psp;
    this.dtaSeg = e.psp; this.dtaOff = 0x80;
    c.loadSeg(DS, e.psp); c.loadSeg(ES, e.psp);
    c.loadSeg(SS, e.ss); r[SP] = e.sp;
    c.loadSeg(CS, e.cs); c.ip = e.ip;
    // AL/AH: whether the FCB drives are valid (0 = yes). The rest as MS-DOS 5 leaves them.
    r[AX] = 0; r[BX] = 0; r[CX] = 0x00ff; r[DX] = e.psp; r[SI] = e.ip; r[DI] = e.sp; r[BP] = 0x091c;
    c.flags = (c.flags & ~0x0fd5) | IF;
    c.halted = false;
    c.attn = true;
  }

  /**
   * Create the root process (init, later the shell): a PSP owned by itself whose saved stack
   * holds an IRET frame that returns to `resume` (default: the halt loop of the boot slot).
   */
  createRoot(resumeOff = slotOffset(Slot.boot) + 2): number {
    this.rootResume = resumeOff;
    // The root's environment gets room to grow (SET in the shell), as COMMAND.COM's /E does.
    const env = this.makeEnv(this.rootEnv(), 'C:\\COMMAND.COM', OWNER_DOS, 0x40);
    if (typeof env !== 'number') throw new Error('dos: no memory for the root environment');
    const r = this.mcb.alloc(0x20, OWNER_DOS);
    if ('error' in r) throw new Error('dos: no memory for the root process');
    const psp = r.seg;
    this.mcb.setOwner(psp, psp); this.mcb.setOwner(env, psp);
    this.mcb.setName(psp, 'COMMAND'); this.mcb.setName(env, 'COMMAND');
    this.buildPsp(psp, psp + 0x20, psp, env, '');
    this.files.openStandard(psp);
    this.rootPsp = psp;
    this.prepareRootFrame();
    this.psp = psp;
    this.dtaSeg = psp; this.dtaOff = 0x80;
    return psp;
  }

  /**
   * Make the root process the built-in shell and point the CPU at its slot: `step` runs on each
   * pass, and programs it starts return to it.
   */
  startShell(step: () => typeof WAIT | void): void {
    this.onShell = step;
    this.createRoot(slotOffset(Slot.shell));
    const c = this.cpu;
    c.loadSeg(DS, this.rootPsp); c.loadSeg(ES, this.rootPsp); c.loadSeg(SS, this.rootPsp);
    c.r16[SP] = 0x1f6;
    c.loadSeg(CS, ROM_SEG); c.ip = slotOffset(Slot.shell);
    c.flags = c.flags | IF;
    c.halted = false;
    c.attn = true;
  }

  /** Offset in the ROM segment where the root resumes when its child ends. */
  rootResume = 0;

  /**
   * The IRET frame at the top of the root's stack (PSP:01F0h: IP, CS, FLAGS with IF set) through
   * which a child the host started returns to `rootResume`, and PSP:2Eh pointing at it.
   */
  prepareRootFrame(): void {
    const psp = this.rootPsp, sp = 0x1f0;
    this.mem.wr16(psp, sp, this.rootResume); this.mem.wr16(psp, sp + 2, ROM_SEG); this.mem.wr16(psp, sp + 4, 0xf202);
    this.mem.wr16(psp, 0x2e, sp); this.mem.wr16(psp, 0x30, psp);
  }

  /** Start a program from a mounted volume as a child of the root process; a DOS error or 0. */
  run(dosPath: string, tail = ''): number {
    const r = this.files.readProgram(dosPath);
    if (typeof r === 'number') return r;
    let image: ProgramImage;
    try { image = parseProgram(r.bytes, r.name); } catch (e) { this.log(e instanceof Error ? e.message : String(e)); return DosErr.badFormat; }
    const env = this.readEnv(this.mem.rd16(this.rootPsp, 0x2c));
    this.psp = this.rootPsp;
    this.prepareRootFrame();
    const e = this.load(image, r.truename, tail.length > 0 && !tail.startsWith(' ') ? ' ' + tail : tail, env, this.rootPsp);
    if ('error' in e) return e.error;
    // It returns to the root's resume point (the IRET frame createRoot left).
    const ss = this.mem.rd16(this.rootPsp, 0x30), sp = this.mem.rd16(this.rootPsp, 0x2e);
    this.mem.wr32(e.psp, 0x0a, this.mem.rd32(ss, sp));
    this.enter(e);
    return 0;
  }

  /**
   * End the current process: `type` 0 normal, 1 Ctrl-C, 2 critical error, 3 TSR (memory kept).
   * Control returns to the parent through the IRET frame its EXEC left (PSP:2Eh), with the
   * return address replaced by the terminate address in the child's PSP:0Ah.
   */
  terminate(code: number, type: number): void {
    const m = this.mem, c = this.cpu;
    const psp = this.psp;
    const parent = psp === 0 ? 0 : m.rd16(psp, 0x16);
    this.childReturn = (type << 8) | (code & 0xff);
    if (psp === 0 || parent === psp) { // the root itself ended: nothing to return to
      c.loadSeg(CS, ROM_SEG); c.ip = slotOffset(Slot.boot) + 2;
      return;
    }
    m.wr32(0, 0x22 * 4, m.rd32(psp, 0x0a));
    m.wr32(0, 0x23 * 4, m.rd32(psp, 0x0e));
    m.wr32(0, 0x24 * 4, m.rd32(psp, 0x12));
    if (type !== 3) {
      this.files.closeAll(psp);
      this.mcb.freeOwnedBy(psp);
    }
    this.psp = parent;
    this.dtaSeg = parent; this.dtaOff = 0x80;
    const ss = m.rd16(parent, 0x30), sp = m.rd16(parent, 0x2e);
    c.loadSeg(SS, ss); c.r16[SP] = sp;
    m.wr32(ss, sp, m.rd32(psp, 0x0a));
    m.wr16(ss, sp + 4, m.rd16(ss, sp + 4) & ~CF);
    c.loadSeg(CS, ROM_SEG); c.ip = slotOffset(Slot.iret);
    c.halted = false;
    c.attn = true;
    if (parent === this.rootPsp) this.onProgramExit?.(code & 0xff);
  }

  /** Terminate and stay resident keeping `paras` paragraphs of the PSP's block. */
  keep(code: number, paras: number): void {
    this.mcb.resize(this.psp, Math.max(6, paras));
    this.terminate(code, 3);
  }

  /** INT 21h AH=4Bh: load and execute (AL=0), load only (1), load overlay (3). */
  exec(): void {
    const c = this.cpu, m = this.mem, r = c.r16;
    const al = c.r8[AL]!;
    const name = m.asciiz(c.sreg[DS]!, r[DX]!, 128);
    const prog = this.files.readProgram(name);
    if (typeof prog === 'number') { this.fail(prog); return; }
    let image: ProgramImage;
    try { image = parseProgram(prog.bytes, prog.name); } catch (e) {
      this.log(e instanceof Error ? e.message : String(e));
      this.fail(DosErr.badFormat);
      return;
    }
    const es = c.sreg[ES]!, bx = r[BX]!;
    if (al === 3) { // overlay: image at the given segment, relocated by the given factor
      const seg = m.rd16(es, bx), factor = m.rd16(es, bx + 2);
      if (image.kind === 'com') this.writeImage(seg, image.image);
      else {
        this.writeImage(seg, image.image);
        for (const [off, s] of image.relocs) m.wr16((seg + s) & 0xffff, off, (m.rd16((seg + s) & 0xffff, off) + factor) & 0xffff);
      }
      this.ok();
      return;
    }
    if (al !== 0 && al !== 1) { this.fail(DosErr.invalidFunction); return; }
    const envSeg = m.rd16(es, bx);
    const env = this.readEnv(envSeg !== 0 ? envSeg : m.rd16(this.psp, 0x2c));
    const tailSeg = m.rd16(es, bx + 4), tailOff = m.rd16(es, bx + 2);
    const len = Math.min(126, m.rd8(tailSeg, tailOff));
    let tail = '';
    for (let i = 0; i < len; i++) tail += String.fromCharCode(m.rd8(tailSeg, tailOff + 1 + i));
    const e = this.load(image, prog.truename, tail, env, this.psp);
    if ('error' in e) { this.fail(e.error); return; }
    // FCBs from the parameter block.
    m.writeBytes(e.psp, 0x5c, m.readBytes(m.rd16(es, bx + 8), m.rd16(es, bx + 6), 16));
    m.writeBytes(e.psp, 0x6c, m.readBytes(m.rd16(es, bx + 12), m.rd16(es, bx + 10), 16));
    // The parent resumes after the INT 21h: its IRET frame is at SS:SP now.
    m.wr16(this.psp, 0x2e, r[SP]!); m.wr16(this.psp, 0x30, c.sreg[SS]!);
    m.wr16(e.psp, 0x0a, m.rd16(c.sreg[SS]!, r[SP]!)); m.wr16(e.psp, 0x0c, m.rd16(c.sreg[SS]!, r[SP]! + 2));
    if (al === 1) { // load only: SS:SP and CS:IP back in the parameter block; the child is current
      m.wr16(es, bx + 0x0e, (e.sp - 2) & 0xffff); m.wr16(es, bx + 0x10, e.ss);
      m.wr16(es, bx + 0x12, e.ip); m.wr16(es, bx + 0x14, e.cs);
      m.wr16(e.ss, (e.sp - 2) & 0xffff, 0); // AX of the new process, as DOS pushes it
      this.psp = e.psp;
      this.dtaSeg = e.psp; this.dtaOff = 0x80;
      this.ok();
      return;
    }
    this.enter(e);
  }
}
