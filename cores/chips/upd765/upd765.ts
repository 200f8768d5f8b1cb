/**
 * NEC µPD765A floppy disk controller (Intel 8272A is the same part), with the IBM PC floppy
 * adapter's digital output register (DOR, port 3F2h) in front of it: the DOR's reset, drive select,
 * motor and "DMA and interrupt enable" bits act directly on the chip's pins, so they live here
 * (`writeDor`). The PC ports: 3F2h DOR (write), 3F4h main status register (read), 3F5h data.
 *
 * Commands (NEC µPD765A datasheet / Intel 8272A data sheet order no. 210455, "Command Descriptions"
 * and Table 2; result-phase ID table "C, H, R, N after termination"): SPECIFY, SENSE DRIVE STATUS,
 * RECALIBRATE, SEEK, SENSE INTERRUPT STATUS, READ DATA, READ DELETED DATA (as read data, with the
 * control mark set), WRITE DATA, WRITE DELETED DATA (as write data: raw images keep no marks),
 * READ A TRACK (sectors in physical order from the index; an ID that differs from the expected
 * C, H, R, N sets ND and reading goes on), READ ID, FORMAT A TRACK; any other opcode is invalid
 * (ST0 = 80h); the SCAN commands are not emulated (invalid). MT (multi-track) continues from head 0
 * to head 1.
 *
 * Status: MSR (RQM, DIO, NDM (EXM), CB, drive-busy bits while seeking); ST0 (IC, SE, EC, head,
 * unit), ST1 (EN end of cylinder, ND no data, NW not writable, MA missing address mark),
 * ST2 (CM control mark, WC wrong cylinder, BC bad cylinder), ST3 (WP, RY, T0, TS, head, unit).
 *
 * Media: a `FloppyMedia` per drive (`insert(drive, media | null)`): geometry, 512-byte sectors
 * numbered from 1 with IDs (C, H, R, N=2) equal to their physical position, write protection, and
 * sector read/write. Raw images have exactly that layout.
 *
 * Timing (realistic by default; `fast: true` removes every mechanical delay):
 * - rotation at 300 RPM (360 RPM for 15-sector media, 1.2M), the index at master tick 0 mod one
 *   revolution, sector r's ID at (r - 1) / spt of the way round; a search waits for it;
 * - data bytes at the data rate: 250 kbit/s (32 µs a byte) for 8-10 sectors per track, 500 kbit/s
 *   for 15 or more (the controller/drive pairs the PC used for each format);
 * - steps at the SPECIFY step rate time: (16 - SRT) ms at 500 kbit/s, doubled at 250;
 * - a sector that is not there: the command ends after two index pulses (two revolutions);
 * - the PC ties READY high: with no disk or the motor off there are no index pulses and a data
 *   command never ends (the BIOS times out and resets the controller), as on the real machine.
 *   Inserting a disk or starting the motor lets a waiting command go on.
 * - RQM drops for `rqmMicros` (default 12 µs, UNVERIFIED: "RQM ... 12 µs after the command or
 *   result byte" timing for an 8 MHz part) after each command/result byte; `fast` makes it 0.
 *
 * DMA: a `DmaDevice` (cores/chips/i8237): the FDC raises DREQ (`onDreq`) for each byte and the DMA
 * calls `deviceToMemory()` / `memoryToDevice(v)`; `terminalCount()` (the TC pin) ends the command
 * after the current sector. In fast mode DREQ stays high across a sector so the DMA moves it in one
 * burst. Non-DMA mode (SPECIFY ND = 1): bytes go through the data register with RQM/DIO/NDM and an
 * interrupt per byte.
 *
 * Not emulated: overrun (the controller waits for a late byte instead of failing with OR), CRC
 * errors, head load/unload and settle times, motor spin-up time, the ready-line polling after
 * reset beyond the four "ready changed" interrupt statuses, double stepping, deleted-data marks on
 * media, disk change line (an AT feature, port 3F7h).
 */
import { CorruptStateError } from '../../kernel/errors.ts';
import type { Part } from '../../kernel/part.ts';
import type { Scheduler, Timer } from '../../kernel/scheduler.ts';
import type { Ticks } from '../../kernel/time.ts';

export type ChipScheduler = Pick<Scheduler, 'now' | 'timer'>;

/** A floppy disk in a drive: 512-byte sectors, IDs equal to their physical place. */
export interface FloppyMedia {
  readonly cylinders: number;
  readonly heads: number;
  readonly sectorsPerTrack: number;
  /** The disk's tab or the drive's switch: writes fail with NW. */
  readonly writeProtected: boolean;
  /** Copy sector (c, h, r) into `into` at `at`; false if the disk has no such sector. */
  readSector(c: number, h: number, r: number, into: Uint8Array, at: number): boolean;
  /** Replace sector (c, h, r) from `from` at `at`; false if the disk has no such sector. */
  writeSector(c: number, h: number, r: number, from: Uint8Array, at: number): boolean;
}

export interface Upd765Options {
  readonly masterHz: number;
  readonly timerKey?: string;
  /** No mechanical delays: seeks, searches and bytes happen at once. */
  readonly fast?: boolean;
  /** Cylinders each drive can step to (default 80; a 40-track drive: 40). */
  readonly driveCylinders?: readonly number[];
  readonly rqmMicros?: number;
}

const SECTOR_BYTES = 512;

// Execution events.
const EV_NONE = 0, EV_SECTOR = 1, EV_BYTE = 2, EV_SECTOR_END = 3, EV_RESULT = 4, EV_READ_ID = 5, EV_FORMAT_SLOT = 6, EV_FORMAT_END = 7;
// Phases.
const PH_COMMAND = 0, PH_EXEC = 1, PH_RESULT = 2;
// Operations in execution.
const OP_READ = 1, OP_WRITE = 2, OP_READ_ID = 3, OP_FORMAT = 4;

/** Command byte counts by opcode (low 5 bits); 0 = invalid. */
const COMMAND_LENGTH = [0, 0, 9, 3, 2, 9, 9, 2, 1, 9, 2, 0, 9, 6, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

export interface Upd765State {
  dor: number;
  phase: number;
  cmd: number[];
  res: number[];
  resPos: number;
  /** Tick from which RQM is set again after a command/result byte. */
  rqmAt: Ticks;
  /** INT output of the chip (before the DOR's enable gate). */
  int: number;
  /** DREQ output of the chip (before the DOR gate). */
  dreq: number;
  srt: number;
  hut: number;
  hlt: number;
  nonDma: number;
  /** Per drive: present cylinder number (the FDC's idea), the head's real cylinder. */
  pcn: number[];
  cyl: number[];
  /** Per drive: tick a seek/recalibrate ends, or -1; its ST0. */
  seekAt: Ticks[];
  seekSt0: number[];
  /** Per drive: interrupt status waiting for SENSE INTERRUPT STATUS (ST0), or -1. */
  sense: number[];
  /** Current execution. */
  op: number;
  us: number;
  hd: number;
  c: number;
  h: number;
  r: number;
  n: number;
  eot: number;
  mt: number;
  deleted: number;
  /** READ A TRACK: 1, reading physical sector `tsec` (1-based from the index). */
  track: number;
  tsec: number;
  tc: number;
  byteIdx: number;
  /** Byte ready in (read) / wanted by (write) the data register. */
  dataReady: number;
  secStart: Ticks;
  st1: number;
  st2: number;
  fmtLeft: number;
  fmtFill: number;
  fmtId: number[];
  ev: number;
  evAt: Ticks;
  buf: Uint8Array;
}

function powerOn(): Upd765State {
  return {
    dor: 0, phase: PH_COMMAND, cmd: [], res: [], resPos: 0, rqmAt: 0, int: 0, dreq: 0,
    srt: 0, hut: 0, hlt: 0, nonDma: 0,
    pcn: [0, 0, 0, 0], cyl: [0, 0, 0, 0], seekAt: [-1, -1, -1, -1], seekSt0: [0, 0, 0, 0], sense: [-1, -1, -1, -1],
    op: 0, us: 0, hd: 0, c: 0, h: 0, r: 0, n: 0, eot: 0, mt: 0, deleted: 0, track: 0, tsec: 0, tc: 0, byteIdx: 0, dataReady: 0,
    secStart: 0, st1: 0, st2: 0, fmtLeft: 0, fmtFill: 0, fmtId: [], ev: EV_NONE, evAt: -1,
    buf: new Uint8Array(SECTOR_BYTES),
  };
}

export class Upd765 implements Part<Upd765State> {
  readonly stateVersion = 1;
  s: Upd765State = powerOn();
  /** IRQ 6 on the PC: the chip's INT gated by DOR bit 3. */
  onIrq: ((asserted: boolean) => void) | null = null;
  /** DREQ 2 on the PC: gated by DOR bit 3. */
  onDreq: ((asserted: boolean) => void) | null = null;

  private readonly clock: ChipScheduler;
  private readonly timer: Timer;
  private readonly masterHz: number;
  private fast: boolean;
  private readonly driveCyls: number[];
  private readonly rqmRealTicks: number;
  private readonly media: (FloppyMedia | null)[] = [null, null, null, null];
  private irqOut = false;
  private dreqOut = false;

  constructor(clock: ChipScheduler, options: Upd765Options) {
    this.clock = clock;
    this.masterHz = options.masterHz;
    if (!(this.masterHz > 0)) throw new RangeError('FDC: masterHz must be positive');
    this.fast = options.fast ?? false;
    this.driveCyls = [0, 1, 2, 3].map((i) => options.driveCylinders?.[i] ?? 80);
    this.rqmRealTicks = Math.round((this.masterHz * (options.rqmMicros ?? 12)) / 1e6);
    this.timer = clock.timer(options.timerKey ?? 'fdc', () => this.onTimer());
  }

  // --- machine side ----------------------------------------------------------------------------

  /** Put a disk in drive 0..3 (null: empty). A command waiting for a disk goes on. */
  insert(drive: number, media: FloppyMedia | null): void {
    this.media[drive & 3] = media;
    this.kick();
  }

  mediaIn(drive: number): FloppyMedia | null { return this.media[drive & 3] ?? null; }

  /**
   * Switch mechanical delays off (the machine's "fast disk" option) or on, at any time. Not part
   * of the state: it is a setting. Events already scheduled keep their times.
   */
  setFast(on: boolean): void { this.fast = on; }

  /** The adapter's digital output register (3F2h). */
  writeDor(v: number): void {
    const s = this.s;
    const old = s.dor;
    s.dor = v & 0xff;
    if ((old & 4) !== 0 && (v & 4) === 0) this.resetChip();
    if ((old & 4) === 0 && (v & 4) !== 0) {
      // Leaving reset: the chip polls the four drives and reports each as "ready changed".
      for (let d = 0; d < 4; d++) s.sense[d] = 0xc0 | d;
      this.setInt(1);
    }
    this.updatePins();
    this.kick();
  }

  readDor(): number { return this.s.dor; }

  /** Main status register (3F4h). */
  readMsr(): number {
    const s = this.s;
    if ((s.dor & 4) === 0) return 0; // held in reset
    let v = 0;
    for (let d = 0; d < 4; d++) if (s.seekAt[d]! >= 0) v |= 1 << d;
    const rqm = this.clock.now >= s.rqmAt;
    switch (s.phase) {
      case PH_COMMAND:
        if (rqm) v |= 0x80;
        if (s.cmd.length > 0) v |= 0x10;
        break;
      case PH_RESULT:
        v |= 0x10 | 0x40;
        if (rqm) v |= 0x80;
        break;
      default:
        v |= 0x10;
        if (s.nonDma !== 0) {
          v |= 0x20;
          if (s.dataReady !== 0) v |= 0x80 | (s.op === OP_READ ? 0x40 : 0);
        }
    }
    return v;
  }

  /** Data register read (3F5h). */
  readData(): number {
    const s = this.s;
    if ((s.dor & 4) === 0) return 0xff;
    if (s.phase === PH_RESULT) {
      const v = s.res[s.resPos++] ?? 0;
      this.setInt(0);
      s.rqmAt = this.clock.now + (this.fast ? 0 : this.rqmRealTicks);
      if (s.resPos >= s.res.length) { s.phase = PH_COMMAND; s.res = []; s.resPos = 0; }
      return v;
    }
    if (s.phase === PH_EXEC && s.nonDma !== 0 && s.dataReady !== 0 && s.op === OP_READ) {
      this.setInt(0);
      return this.takeByte();
    }
    return 0xff;
  }

  /** Data register write (3F5h). */
  writeData(value: number): void {
    const s = this.s;
    const v = value & 0xff;
    if ((s.dor & 4) === 0) return;
    // Any write to the data register drops INT; a seek's status stays for SENSE INTERRUPT STATUS.
    // A BIOS that issues SEEK right after RECALIBRATE without sensing (Super PC/Turbo XT BIOS) then
    // gets a fresh edge when the seek ends (MAME upd765.cpp fifo_w does the same).
    this.setInt(0);
    if (s.phase === PH_COMMAND) {
      s.cmd.push(v);
      s.rqmAt = this.clock.now + (this.fast ? 0 : this.rqmRealTicks);
      const len = COMMAND_LENGTH[s.cmd[0]! & 0x1f]!;
      if (len === 0) { s.cmd = []; this.result([0x80], false); return; }
      if (s.cmd.length >= len) { const c = s.cmd; s.cmd = []; this.execute(c); }
      return;
    }
    if (s.phase === PH_EXEC && s.nonDma !== 0 && s.dataReady !== 0 && (s.op === OP_WRITE || s.op === OP_FORMAT)) {
      this.setInt(0);
      this.putByte(v);
    }
  }

  // --- DmaDevice ---------------------------------------------------------------------------------

  deviceToMemory(): number {
    const s = this.s;
    if (s.phase !== PH_EXEC || s.op !== OP_READ || s.dataReady === 0) return 0xff;
    return this.takeByte();
  }

  memoryToDevice(value: number): void {
    const s = this.s;
    if (s.phase !== PH_EXEC || s.dataReady === 0 || (s.op !== OP_WRITE && s.op !== OP_FORMAT)) return;
    this.putByte(value & 0xff);
  }

  /** The TC line: the transfer ends after the current sector. */
  terminalCount(): void {
    const s = this.s;
    if (s.phase !== PH_EXEC || s.tc !== 0) return;
    s.tc = 1;
    if (s.op === OP_FORMAT) { s.dataReady = 0; this.setDreq(0); return; }
    if (s.op !== OP_READ && s.op !== OP_WRITE) return;
    if (s.ev === EV_SECTOR_END) return; // the sector's last byte: its end is already due
    if (s.ev === EV_BYTE || s.dataReady !== 0) {
      // Mid-sector: no more bytes move; the sector still passes under the head.
      s.dataReady = 0;
      this.setDreq(0);
      this.schedule(EV_SECTOR_END, this.fast ? this.clock.now : Math.max(this.clock.now, s.secStart + SECTOR_BYTES * this.byteTicks()));
    }
  }

  reset(): void {
    const media = this.media;
    this.s = powerOn();
    this.media.splice(0, 4, ...media);
    this.timer.cancel();
    this.updatePins();
  }

  getState(): Upd765State {
    const s = this.s;
    return {
      ...s, cmd: s.cmd.slice(), res: s.res.slice(), pcn: s.pcn.slice(), cyl: s.cyl.slice(), seekAt: s.seekAt.slice(),
      seekSt0: s.seekSt0.slice(), sense: s.sense.slice(), fmtId: s.fmtId.slice(), buf: s.buf.slice(),
    };
  }

  setState(state: Upd765State): void {
    this.s = checkState(state);
    // The pins' last reported levels follow the state silently: the PIC and DMA restore their own.
    const enabled = (this.s.dor & 0x08) !== 0;
    this.irqOut = enabled && this.s.int !== 0;
    this.dreqOut = enabled && this.s.dreq !== 0;
  }

  // --- commands ----------------------------------------------------------------------------------

  private execute(c: number[]): void {
    const s = this.s;
    const op = c[0]! & 0x1f;
    switch (op) {
      case 0x03: // SPECIFY
        s.srt = c[1]! >> 4; s.hut = c[1]! & 0xf; s.hlt = c[2]! >> 1; s.nonDma = c[2]! & 1;
        return;
      case 0x04: { // SENSE DRIVE STATUS
        const d = c[1]! & 3, hd = (c[1]! >> 2) & 1;
        const m = this.media[d];
        const st3 = (m !== null && m !== undefined && m.writeProtected ? 0x40 : 0) | 0x20 | (s.cyl[d] === 0 ? 0x10 : 0) |
          0x08 | (hd << 2) | d;
        this.result([st3], false);
        return;
      }
      case 0x07: this.startSeek(c[1]! & 3, 0, true); return;             // RECALIBRATE
      case 0x0f: this.startSeek(c[1]! & 3, c[2]!, false); return;         // SEEK
      case 0x08: { // SENSE INTERRUPT STATUS
        this.setInt(0);
        for (let d = 0; d < 4; d++) {
          const st0 = s.sense[d]!;
          if (st0 >= 0) { s.sense[d] = -1; this.result([st0, s.pcn[d]!], false); return; }
        }
        this.result([0x80], false);
        return;
      }
      case 0x02: case 0x06: case 0x0c: case 0x05: case 0x09: {
        s.op = op === 0x05 || op === 0x09 ? OP_WRITE : OP_READ;
        s.deleted = op === 0x0c ? 1 : 0;
        s.track = op === 0x02 ? 1 : 0;
        s.tsec = 1;
        s.mt = op === 0x02 ? 0 : c[0]! >> 7;
        s.us = c[1]! & 3; s.hd = (c[1]! >> 2) & 1;
        s.c = c[2]!; s.h = c[3]!; s.r = c[4]!; s.n = c[5]!; s.eot = c[6]!;
        s.tc = 0; s.st1 = 0; s.st2 = 0; s.dataReady = 0;
        s.phase = PH_EXEC;
        const m = this.media[s.us];
        if (s.op === OP_WRITE && m !== null && m !== undefined && m.writeProtected) { this.finish(0x40, 0x02, 0, false); return; }
        this.search();
        return;
      }
      case 0x0a: // READ ID
        s.op = OP_READ_ID; s.us = c[1]! & 3; s.hd = (c[1]! >> 2) & 1; s.st1 = 0; s.st2 = 0;
        s.phase = PH_EXEC;
        this.search();
        return;
      case 0x0d: { // FORMAT A TRACK
        s.op = OP_FORMAT; s.us = c[1]! & 3; s.hd = (c[1]! >> 2) & 1;
        s.n = c[2]!; s.fmtLeft = c[3]!; s.eot = c[3]!; s.fmtFill = c[5]!; s.fmtId = []; s.tc = 0; s.st1 = 0; s.st2 = 0;
        s.c = s.cyl[s.us]!; s.h = s.hd; s.r = 1;
        s.phase = PH_EXEC;
        const m = this.media[s.us];
        if (m !== null && m !== undefined && m.writeProtected) { this.finish(0x40, 0x02, 0, false); return; }
        this.search();
        return;
      }
      default:
        this.result([0x80], false);
    }
  }

  private startSeek(d: number, target: number, recal: boolean): void {
    const s = this.s;
    let steps: number;
    // ST0 after a seek carries the unit but not the head (real µPD765s; a seek to head 1 reads
    // 20h | unit back, which CP/M boot PROMs check).
    let st0 = 0x20 | d;
    if (recal) {
      // Up to 77 step pulses looking for TRACK 0; still not there: equipment check.
      steps = Math.min(s.cyl[d]!, 77);
      if (s.cyl[d]! > 77) st0 |= 0x40 | 0x10;
      s.cyl[d] = s.cyl[d]! - steps;
      s.pcn[d] = 0;
    } else {
      steps = Math.abs(target - s.pcn[d]!);
      const dir = target >= s.pcn[d]! ? 1 : -1;
      s.cyl[d] = Math.max(0, Math.min(this.driveCyls[d]! + 3, s.cyl[d]! + dir * steps));
      s.pcn[d] = target;
    }
    s.seekSt0[d] = st0;
    s.seekAt[d] = this.clock.now + (this.fast ? 0 : steps * this.stepTicks(d));
    this.rearm();
  }

  // --- execution ---------------------------------------------------------------------------------

  private media1(): FloppyMedia | null {
    const s = this.s;
    const m = this.media[s.us];
    if (m === null || m === undefined || (s.dor & (0x10 << s.us)) === 0) return null; // no disk or no spin
    return m;
  }

  /** Look for the next sector (or ID / index) of the current operation. */
  private search(): void {
    const s = this.s;
    const m = this.media1();
    if (m === null) { s.ev = EV_NONE; s.evAt = -1; this.rearm(); return; } // no index pulses: wait
    const now = this.clock.now;
    const spt = m.sectorsPerTrack;
    const trackThere = s.cyl[s.us]! < m.cylinders && s.hd < m.heads;
    if (s.op === OP_READ_ID) {
      if (!trackThere) { this.notFound(0x01, 0); return; }
      const slot = this.nextSlot(m, now);
      s.r = slot + 1; // the ID that passes the head next
      this.schedule(EV_READ_ID, this.fast ? now : now + this.delayToSlot(m, slot));
      return;
    }
    if (s.op === OP_FORMAT) {
      if (!trackThere) { this.notFound(0x01, 0); return; } // UNVERIFIED: formatting a track the disk lacks
      this.schedule(EV_FORMAT_SLOT, this.fast ? now : now + this.delayToSlot(m, 0));
      return;
    }
    if (!trackThere) { this.notFound(0x01 | 0x04, 0); return; }
    const cyl = s.cyl[s.us]!;
    if (s.track !== 0) {
      if (s.tsec > spt) { this.notFound(s.st1 | 0x04, s.st2); return; } // fewer sectors than EOT asked for
      if (s.c !== cyl || s.h !== s.hd || s.r !== s.tsec || s.n !== 2) s.st1 |= 0x04;
      this.schedule(EV_SECTOR, this.fast ? now : now + this.delayToSlot(m, s.tsec - 1));
      return;
    }
    if (s.c !== cyl) { this.notFound(0x04, s.c === 0xff ? 0x02 : 0x10); return; }
    if (s.h !== s.hd || s.n !== 2 || s.r < 1 || s.r > spt) { this.notFound(0x04, 0); return; }
    this.schedule(EV_SECTOR, this.fast ? now : now + this.delayToSlot(m, s.r - 1));
  }

  /** No such sector: the search ends after two index pulses. */
  private notFound(st1: number, st2: number): void {
    const s = this.s;
    s.st1 = st1; s.st2 = st2;
    const now = this.clock.now;
    const rev = this.revTicks(this.media1());
    const at = this.fast ? now : now + (rev - (now % rev)) + rev;
    this.schedule(EV_RESULT, at);
  }

  private onTimer(): void {
    const s = this.s;
    const now = this.clock.now;
    for (let d = 0; d < 4; d++) {
      if (s.seekAt[d]! >= 0 && s.seekAt[d]! <= now) {
        s.seekAt[d] = -1;
        s.sense[d] = s.seekSt0[d]!;
        this.setInt(1);
      }
    }
    if (s.ev !== EV_NONE && s.evAt <= now) {
      const ev = s.ev;
      s.ev = EV_NONE; s.evAt = -1;
      this.event(ev);
    }
    this.rearm();
  }

  private event(ev: number): void {
    const s = this.s;
    const m = this.media1();
    switch (ev) {
      case EV_SECTOR: {
        if (m === null) { this.search(); return; }
        s.byteIdx = 0;
        s.secStart = this.clock.now;
        if (s.op === OP_READ) {
          m.readSector(s.cyl[s.us]!, s.hd, s.track !== 0 ? s.tsec : s.r, s.buf, 0);
          if (s.deleted !== 0) s.st2 |= 0x40; // reading a normal sector with READ DELETED DATA
        }
        this.offerByte();
        return;
      }
      case EV_BYTE: this.offerByte(); return;
      case EV_SECTOR_END: this.sectorEnd(); return;
      case EV_RESULT: this.finish(0x40, s.st1, s.st2, false); return;
      case EV_READ_ID: {
        if (m === null) { this.search(); return; }
        s.c = s.cyl[s.us]!; s.h = s.hd; s.n = 2;
        this.result([(s.hd << 2) | s.us, 0, 0, s.c, s.h, s.r, s.n], true);
        return;
      }
      case EV_FORMAT_SLOT:
        if (s.fmtLeft === 0 || s.tc !== 0) { this.formatEnd(m); return; }
        s.byteIdx = 0;
        s.secStart = this.clock.now;
        this.offerByte();
        return;
      case EV_FORMAT_END: this.finish(0, 0, 0, false); return;
      default:
    }
  }

  /** Make the next byte available (read) or ask for it (write, format). */
  private offerByte(): void {
    const s = this.s;
    s.dataReady = 1;
    if (s.nonDma !== 0) this.setInt(1);
    else this.setDreq(1);
  }

  /** The CPU or DMA took the byte in the data register (read). */
  private takeByte(): number {
    const s = this.s;
    const v = s.buf[s.byteIdx++]!;
    this.byteDone();
    return v;
  }

  private putByte(v: number): void {
    const s = this.s;
    if (s.op === OP_FORMAT) {
      s.fmtId.push(v);
      s.byteIdx++;
      if (s.byteIdx === 4) {
        s.dataReady = 0; this.setDreq(0);
        this.formatSector();
        return;
      }
      this.nextByte();
      return;
    }
    s.buf[s.byteIdx++] = v;
    this.byteDone();
  }

  private byteDone(): void {
    const s = this.s;
    if (s.byteIdx >= SECTOR_BYTES) {
      s.dataReady = 0; this.setDreq(0);
      this.schedule(EV_SECTOR_END, this.clock.now);
      return;
    }
    this.nextByte();
  }

  /** Pace the next byte of a sector (or of a format ID). */
  private nextByte(): void {
    const s = this.s;
    if (this.fast && s.nonDma === 0) return; // DREQ stays high: the DMA takes the next at once
    s.dataReady = 0;
    this.setDreq(0);
    if (this.fast) { this.offerByte(); return; }
    this.schedule(EV_BYTE, Math.max(this.clock.now, s.secStart + (s.byteIdx + 1) * this.byteTicks()));
  }

  private sectorEnd(): void {
    const s = this.s;
    const m = this.media1();
    if (s.op === OP_WRITE && m !== null) {
      if (s.byteIdx < SECTOR_BYTES) s.buf.fill(0, s.byteIdx); // TC mid-sector: the rest is zeros
      m.writeSector(s.cyl[s.us]!, s.hd, s.r, s.buf, 0);
    }
    // UNVERIFIED: a READ A TRACK that met non-matching IDs (ND) ends abnormally even with TC.
    if (s.tc !== 0) { this.finish(s.st1 !== 0 ? 0x40 : 0, s.st1, s.st2, true); return; }
    if (s.track !== 0) {
      if (s.tsec >= s.eot) { this.finish(0x40, s.st1 | 0x80, s.st2, true); return; }
      s.tsec++; s.r = (s.r + 1) & 0xff;
      this.search();
      return;
    }
    // READ DELETED DATA met a normal data mark (raw images have only those): the sector is read, CM
    // set and the command ends (datasheet, SK = 0). UNVERIFIED: IC = 01 here; SK = 1 (skip) is not done.
    if (s.deleted !== 0) { this.finish(0x40, s.st1, s.st2, true); return; }
    if (s.r === s.eot) {
      if (s.mt !== 0 && s.hd === 0) { s.hd = 1; s.h = 1; s.r = 1; this.search(); return; }
      this.finish(0x40, s.st1 | 0x80, s.st2, true); // ran past EOT without TC: end of cylinder
      return;
    }
    s.r++;
    this.search();
  }

  private formatSector(): void {
    const s = this.s;
    const m = this.media1();
    const [c, h, r, n] = s.fmtId as [number, number, number, number];
    s.fmtId = [];
    if (m !== null && n === 2 && c === s.cyl[s.us] && h === s.hd && r >= 1 && r <= m.sectorsPerTrack) {
      s.buf.fill(s.fmtFill);
      m.writeSector(c, h, r, s.buf, 0);
    }
    s.fmtLeft--;
    s.c = c; s.h = h; s.r = r; s.n = n;
    if (m === null) { this.search(); return; }
    const slot = this.revTicks(m) / Math.max(1, s.eot); // s.eot holds the sectors-per-track count
    this.schedule(EV_FORMAT_SLOT, this.fast ? this.clock.now : Math.floor(s.secStart + Math.max(slot, 4 * this.byteTicks())));
  }

  private formatEnd(m: FloppyMedia | null): void {
    const now = this.clock.now;
    const rev = this.revTicks(m);
    this.schedule(EV_FORMAT_END, this.fast ? now : now + (rev - (now % rev)));
  }

  /** Result phase with ST0 = ic | head | unit; `ids`: report C, H, R, N after a data transfer. */
  private finish(ic: number, st1: number, st2: number, advanced: boolean): void {
    const s = this.s;
    s.dataReady = 0;
    this.setDreq(0);
    s.ev = EV_NONE; s.evAt = -1;
    let { c, h, r } = s;
    if (advanced) {
      // ID of the sector after the last one transferred (datasheet table "C, H, R, N" by MT/EOT).
      if (r === s.eot) {
        r = 1;
        if (s.mt !== 0) { if (s.hd === 1) c = (c + 1) & 0xff; h ^= 1; } else c = (c + 1) & 0xff;
      } else r = (r + 1) & 0xff;
    }
    this.result([ic | (s.hd << 2) | s.us, st1, st2, c, h, r, s.n], true);
  }

  private result(bytes: number[], interrupt: boolean): void {
    const s = this.s;
    s.op = 0;
    s.res = bytes; s.resPos = 0;
    s.phase = PH_RESULT;
    s.rqmAt = this.clock.now + (this.fast ? 0 : this.rqmRealTicks);
    if (interrupt) this.setInt(1);
  }

  private resetChip(): void {
    const s = this.s;
    s.phase = PH_COMMAND; s.cmd = []; s.res = []; s.resPos = 0; s.op = 0; s.dataReady = 0;
    s.ev = EV_NONE; s.evAt = -1;
    for (let d = 0; d < 4; d++) { s.seekAt[d] = -1; s.sense[d] = -1; }
    s.int = 0; s.dreq = 0;
    this.rearm();
  }

  /** A command waiting for a disk or a spinning motor can go on. */
  private kick(): void {
    const s = this.s;
    if (s.phase === PH_EXEC && s.ev === EV_NONE && s.dataReady === 0 && this.media1() !== null) this.search();
  }

  // --- time --------------------------------------------------------------------------------------

  private dataRateKbps(m: FloppyMedia | null): number {
    return m !== null && m.sectorsPerTrack >= 15 ? 500 : 250;
  }

  private byteTicks(): number {
    return (this.masterHz * 8) / (this.dataRateKbps(this.media1()) * 1000);
  }

  private revTicks(m: FloppyMedia | null): number {
    const rpm = m !== null && m.sectorsPerTrack === 15 ? 360 : 300;
    return Math.round((this.masterHz * 60) / rpm);
  }

  private stepTicks(drive: number): number {
    const ms = (16 - this.s.srt) * (500 / this.dataRateKbps(this.media[drive] ?? null));
    return Math.round((this.masterHz * ms) / 1000);
  }

  /** Master ticks from now until sector slot `slot` (0-based) starts under the head. */
  private delayToSlot(m: FloppyMedia, slot: number): number {
    const rev = this.revTicks(m);
    const at = Math.floor((slot * rev) / m.sectorsPerTrack);
    const pos = this.clock.now % rev;
    return (at - pos + rev) % rev;
  }

  /** The next sector slot to start after `t`. */
  private nextSlot(m: FloppyMedia, t: number): number {
    const rev = this.revTicks(m);
    const spt = m.sectorsPerTrack;
    const pos = t % rev;
    return (Math.floor((pos * spt) / rev) + 1) % spt;
  }

  private schedule(ev: number, at: Ticks): void {
    const s = this.s;
    s.ev = ev; s.evAt = Math.ceil(at);
    this.rearm();
  }

  private rearm(): void {
    const s = this.s;
    let due = s.ev !== EV_NONE ? s.evAt : Infinity;
    for (let d = 0; d < 4; d++) if (s.seekAt[d]! >= 0 && s.seekAt[d]! < due) due = s.seekAt[d]!;
    if (due === Infinity) this.timer.cancel(); else this.timer.armAt(due);
  }

  // --- pins --------------------------------------------------------------------------------------

  private setInt(v: number): void {
    this.s.int = v;
    this.updatePins();
  }

  private setDreq(v: number): void {
    if (this.s.dreq === v) return;
    this.s.dreq = v;
    this.updatePins();
  }

  private updatePins(): void {
    const s = this.s;
    const enabled = (s.dor & 0x08) !== 0;
    const irq = enabled && s.int !== 0;
    if (irq !== this.irqOut) { this.irqOut = irq; if (this.onIrq !== null) this.onIrq(irq); }
    const dreq = enabled && s.dreq !== 0;
    if (dreq !== this.dreqOut) { this.dreqOut = dreq; if (this.onDreq !== null) this.onDreq(dreq); }
  }
}

function checkState(state: Upd765State): Upd765State {
  if (typeof state !== 'object' || state === null) throw new CorruptStateError('FDC state: not an object');
  const o = state as unknown as Record<string, unknown>;
  const bad = (k: string): never => { throw new CorruptStateError(`FDC state: bad ${k}`); };
  const num = (k: string, lo: number, hi: number): number => {
    const v = o[k];
    return typeof v === 'number' && Number.isSafeInteger(v) && v >= lo && v <= hi ? v : bad(k);
  };
  const arr = (k: string, len: number, lo: number, hi: number, maxLen = len): number[] => {
    const v = o[k];
    if (!Array.isArray(v) || v.length < (len === maxLen ? len : 0) || v.length > maxLen ||
        !v.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= lo && x <= hi)) bad(k);
    return (v as number[]).slice();
  };
  const T = Number.MAX_SAFE_INTEGER;
  const buf = o.buf;
  if (!(buf instanceof Uint8Array) || buf.length !== SECTOR_BYTES) bad('buf');
  return {
    dor: num('dor', 0, 0xff), phase: num('phase', 0, 2), cmd: arr('cmd', 0, 0, 0xff, 9), res: arr('res', 0, 0, 0xff, 7),
    resPos: num('resPos', 0, 7), rqmAt: num('rqmAt', 0, T), int: num('int', 0, 1), dreq: num('dreq', 0, 1),
    srt: num('srt', 0, 15), hut: num('hut', 0, 15), hlt: num('hlt', 0, 127), nonDma: num('nonDma', 0, 1),
    pcn: arr('pcn', 4, 0, 0xff), cyl: arr('cyl', 4, 0, 0xff), seekAt: arr('seekAt', 4, -1, T), seekSt0: arr('seekSt0', 4, 0, 0xff),
    sense: arr('sense', 4, -1, 0xff), op: num('op', 0, 4), us: num('us', 0, 3), hd: num('hd', 0, 1),
    c: num('c', 0, 0xff), h: num('h', 0, 0xff), r: num('r', 0, 0xff), n: num('n', 0, 0xff), eot: num('eot', 0, 0xff),
    mt: num('mt', 0, 1), deleted: num('deleted', 0, 1), track: num('track', 0, 1), tsec: num('tsec', 0, 0xff), tc: num('tc', 0, 1), byteIdx: num('byteIdx', 0, SECTOR_BYTES),
    dataReady: num('dataReady', 0, 1), secStart: num('secStart', -T, T), st1: num('st1', 0, 0xff), st2: num('st2', 0, 0xff),
    fmtLeft: num('fmtLeft', 0, 0xff), fmtFill: num('fmtFill', 0, 0xff), fmtId: arr('fmtId', 0, 0, 0xff, 4),
    ev: num('ev', 0, 7), evAt: num('evAt', -1, T), buf: (buf as Uint8Array).slice(),
  };
}
