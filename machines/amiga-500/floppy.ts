/**
 * The Amiga's floppy drives DF0:-DF3: (3.5" double density, 80 cylinders, 2 heads) and Paula's
 * disk DMA.
 *
 * Drives: selected by CIA-B PB3-PB6 (/SEL0-/SEL3, active low), the motor flip-flop latching /MTR
 * when a drive is selected, /STEP pulses moving the head (DIR high = outwards to cylinder 0),
 * /SIDE choosing the head. Status to CIA-A port A: /RDY (PA5; motor on with a disk, or the drive's
 * ID bit with the motor off: a 3.5" DD drive answers all ones, so /RDY low), /TK0 (PA4), /WPRO
 * (PA3), /CHG (PA2; low from power-on or an eject until a step pulse with a disk in). The index
 * pulse (once per revolution, 300 rpm) goes to CIA-B's /FLAG while a motor turns.
 *
 * The disk turns at 2 us per MFM bit (32 us a word, 908 master ticks: UNVERIFIED rounding of
 * 28.375 MHz x 32 us); every drive's track passes the head word by word from the index at tick 0
 * (all spindles in phase). A DMA read (DSKLEN written twice with bit 15 set) starts at the word
 * after the next DSKSYNC match when ADKCON WORDSYNC is set (raising DSKSYN), else at once; its
 * words land in chip RAM when the transfer's time is up and DSKBLK is raised then. A DMA write
 * takes the words from chip RAM, lays them onto the track from the head's position and decodes
 * the track's sectors back into the image (a private copy: the inserted file is never changed;
 * `written()` hands the changed image out).
 *
 * Not emulated: spin-up time, step timing limits, the head-settle delay, DSKBYTR byte-by-byte
 * reading (it reports DMA state and the word under the head), non-DMA disk data (DSKDAT writes),
 * MSBSYNC, precompensation, HD drives.
 *
 * Sources: HRM chapter 8 ("Disk controller": DSKLEN double write, DSKSYNC, WORDSYNC, DSKBYTR) and
 * appendix F (CIA port bits for the drives); the Amiga 500 technical reference for drive ID.
 */
import { CorruptStateError, UsageError } from '../../cores/kernel/errors.ts';
import type { MediaRef } from '../../cores/kernel/media.ts';
import { TRACK_WORDS, TRACKS, decodeTrack, encodeTrack } from './adf.ts';

export const WORD_TICKS = 908;
export const REVOLUTION_TICKS = TRACK_WORDS * WORD_TICKS;

export interface DriveState {
  cyl: number; side: number; motor: boolean; selected: boolean;
  /** /CHG active (disk removed since the last step with a disk in). */
  changed: boolean;
  writeProtected: boolean;
}

export interface DiskDmaState {
  pt: number; len: number; sync: number;
  /** Last DSKLEN value written (the second identical write with bit 15 starts DMA). */
  lastLen: number;
  /** Transfer in progress: drive, start tick (first word), words, write, track. -1 drive: none. */
  drive: number; start: number; words: number; write: boolean; track: number;
}

export interface FloppyState {
  drives: DriveState[];
  dma: DiskDmaState;
  /** CIA-B port B as last driven, for edge detection. */
  prb: number;
  /** Images changed by writes, per drive (null: unchanged). */
  written: (Uint8Array | null)[];
}

interface Disk {
  /** The image as inserted, or the private copy once written. */
  bytes: Uint8Array;
  readonly original: Uint8Array;
  ref: MediaRef;
  dirty: boolean;
  name: string;
}

export class Floppy {
  s: FloppyState;
  private readonly disks: (Disk | null)[] = [null, null, null, null];
  /** Encoded track cache: drive*TRACKS + track -> MFM, dropped on writes and inserts. */
  private readonly cache = new Map<number, Uint16Array>();
  /** DSKBLK / DSKSYN to Paula. */
  raise: (bits: number) => void = () => {};
  /** Arm the transfer's end (the machine owns the 'disk.dma' timer). */
  armDma: (at: number) => void = () => {};
  /** Chip RAM for DMA. */
  constructor(private readonly chip: Uint8Array, readonly fitted: number) {
    this.s = Floppy.powerOn();
  }

  private static powerOn(): FloppyState {
    return {
      drives: [0, 1, 2, 3].map(() => ({ cyl: 0, side: 0, motor: false, selected: false, changed: true, writeProtected: false })),
      dma: { pt: 0, len: 0, sync: 0x4489, lastLen: 0, drive: -1, start: 0, words: 0, write: false, track: 0 },
      prb: 0xff,
      written: [null, null, null, null],
    };
  }

  // ---- media ----

  static driveIndex(id: string): number {
    const m = /^DF([0-3]):?$/i.exec(id);
    if (m === null) throw new UsageError(`The Amiga has no drive "${id}" (DF0: to DF3:).`);
    return Number(m[1]);
  }

  insert(drive: number, bytes: Uint8Array, ref: MediaRef): void {
    if (drive >= this.fitted) throw new UsageError(`DF${drive}: is not fitted (this Amiga has ${this.fitted} drive${this.fitted > 1 ? 's' : ''}).`);
    this.disks[drive] = { bytes, original: bytes, ref, dirty: false, name: ref.name };
    this.s.written[drive] = null;
    this.s.drives[drive]!.changed = true;
    this.dropCache(drive);
  }

  eject(drive: number): void {
    this.disks[drive] = null;
    this.s.written[drive] = null;
    this.s.drives[drive]!.changed = true;
    this.dropCache(drive);
  }

  hasDisk(drive: number): boolean {
    return this.disks[drive] !== null;
  }

  refs(): MediaRef[] {
    const out: MediaRef[] = [];
    this.disks.forEach((d, i) => { if (d !== null) out.push({ ...d.ref, drive: `DF${i}:` } as MediaRef); });
    return out;
  }

  written(): { drive: string; name: string; bytes: Uint8Array }[] {
    const out: { drive: string; name: string; bytes: Uint8Array }[] = [];
    this.disks.forEach((d, i) => {
      if (d !== null && d.dirty) out.push({ drive: `DF${i}:`, name: d.name.replace(/\.(adz|gz)$/i, '').replace(/(\.adf)?$/i, '.adf'), bytes: d.bytes.slice() });
    });
    return out;
  }

  private dropCache(drive: number): void {
    for (const k of [...this.cache.keys()]) if (Math.floor(k / TRACKS) === drive) this.cache.delete(k);
  }

  private track(drive: number, track: number): Uint16Array {
    const key = drive * TRACKS + track;
    let t = this.cache.get(key);
    if (t === undefined) {
      t = encodeTrack(this.disks[drive]!.bytes, track);
      if (this.cache.size > 32) this.cache.clear();
      this.cache.set(key, t);
    }
    return t;
  }

  // ---- CIA lines ----

  /** CIA-B port B changed: select, motor, step, side, direction. */
  control(pins: number): void {
    const old = this.s.prb;
    this.s.prb = pins;
    for (let i = 0; i < this.fitted; i++) {
      const d = this.s.drives[i]!;
      const selBit = 8 << i;
      const sel = (pins & selBit) === 0;
      // The motor flip-flop latches /MTR on the falling edge of /SELx.
      if (sel && (old & selBit) !== 0) d.motor = (pins & 0x80) === 0;
      d.selected = sel;
      if (!sel) continue;
      d.side = (pins & 4) === 0 ? 1 : 0;
      if ((old & 1) !== 0 && (pins & 1) === 0) {
        if ((pins & 2) !== 0) { if (d.cyl > 0) d.cyl--; } else if (d.cyl < 79) d.cyl++;
        if (this.disks[i] !== null) d.changed = false;
      }
    }
  }

  /** CIA-A port A bits 5-2 (/RDY /TK0 /WPRO /CHG), with 1 = not asserted; other bits 1. */
  status(): number {
    let v = 0xff;
    for (let i = 0; i < this.fitted; i++) {
      const d = this.s.drives[i]!;
      if (!d.selected) continue;
      const disk = this.disks[i] !== null;
      if (!d.motor || disk) v &= ~0x20;
      if (d.cyl === 0) v &= ~0x10;
      if (disk && d.writeProtected) v &= ~0x08;
      if (d.changed) v &= ~0x04;
    }
    return v;
  }

  /** A revolution ended: the index pulse, if a selected drive's motor turns with a disk in. */
  indexPulse(): boolean {
    for (let i = 0; i < this.fitted; i++) {
      const d = this.s.drives[i]!;
      if (d.motor && this.disks[i] !== null) return true;
    }
    return false;
  }

  setWriteProtect(drive: number, on: boolean): void {
    this.s.drives[drive]!.writeProtected = on;
  }

  // ---- DMA ----

  private selectedDrive(): number {
    for (let i = 0; i < this.fitted; i++) if (this.s.drives[i]!.selected) return i;
    return -1;
  }

  /** DSKLEN written at `now`; `dmaOn` = DMACON DMAEN + DSKEN; `wordSync` = ADKCON WORDSYNC. */
  writeLen(v: number, now: number, dmaOn: boolean, wordSync: boolean): void {
    const dma = this.s.dma;
    const second = (v & 0x8000) !== 0 && (dma.lastLen & 0x8000) !== 0;
    dma.lastLen = v;
    dma.len = v;
    if ((v & 0x8000) === 0) { dma.drive = -1; return; } // DMA off
    if (!second || !dmaOn) return;
    const drive = this.selectedDrive();
    const words = v & 0x3fff;
    const write = (v & 0x4000) !== 0;
    if (drive < 0 || words === 0) return;
    const d = this.s.drives[drive]!;
    const track = d.cyl * 2 + d.side;
    let start = now;
    if (this.disks[drive] === null) {
      // No disk: nothing turns under the head, no sync ever comes (the transfer never ends).
      dma.drive = -1;
      return;
    }
    if (!write && wordSync) {
      const t = this.track(drive, track);
      const pos = Math.ceil(now / WORD_TICKS);
      let found = -1;
      for (let k = 0; k < TRACK_WORDS; k++) if (t[(pos + k) % TRACK_WORDS] === dma.sync) { found = k; break; }
      if (found < 0) { dma.drive = -1; return; } // never syncs
      start = (pos + found + 1) * WORD_TICKS;
      this.raise(0x1000); // DSKSYN UNVERIFIED: raised at once, not when the word passes
    }
    Object.assign(dma, { drive, start, words, write, track });
    this.armDma(start + words * WORD_TICKS);
  }

  /** The transfer's time is up: move the words and raise DSKBLK. */
  finishDma(): void {
    const dma = this.s.dma;
    const drive = dma.drive;
    if (drive < 0 || this.disks[drive] === null) return;
    dma.drive = -1;
    const chip = this.chip, cm = chip.length - 1;
    const first = Math.round(dma.start / WORD_TICKS);
    if (!dma.write) {
      const t = this.track(drive, dma.track);
      let pt = dma.pt;
      for (let k = 0; k < dma.words; k++) {
        const w = t[(first + k) % TRACK_WORDS]!;
        chip[pt & cm] = w >> 8;
        chip[(pt + 1) & cm] = w;
        pt += 2;
      }
      dma.pt = pt & 0x1ffffe;
    } else {
      const disk = this.disks[drive]!;
      const t = this.track(drive, dma.track).slice();
      let pt = dma.pt;
      for (let k = 0; k < dma.words; k++) {
        t[(first + k) % TRACK_WORDS] = (chip[pt & cm]! << 8) | chip[(pt + 1) & cm]!;
        pt += 2;
      }
      dma.pt = pt & 0x1ffffe;
      if (!this.s.drives[drive]!.writeProtected) {
        if (!disk.dirty) { disk.bytes = disk.bytes.slice(); disk.dirty = true; }
        decodeTrack(t, dma.track, disk.bytes);
        this.s.written[drive] = disk.bytes;
        this.cache.set(drive * TRACKS + dma.track, t);
      }
    }
    this.raise(0x0002);
  }

  /** DSKBYTR: DMA on (bit 14), write (13), and the byte under the selected head (bit 15 ready). */
  readByte(now: number): number {
    const dma = this.s.dma;
    let v = (dma.drive >= 0 ? 0x4000 : 0) | ((dma.len & 0x4000) !== 0 ? 0x2000 : 0);
    const drive = this.selectedDrive();
    if (drive >= 0 && this.disks[drive] !== null) {
      const d = this.s.drives[drive]!;
      const half = Math.floor(now / (WORD_TICKS / 2));
      const w = this.track(drive, d.cyl * 2 + d.side)[(half >> 1) % TRACK_WORDS]!;
      v |= 0x8000 | ((half & 1) === 0 ? w >> 8 : w & 0xff);
      if (w === dma.sync) v |= 0x1000;
    }
    return v;
  }

  // ---- state ----

  getState(): FloppyState {
    const s = this.s;
    return {
      drives: s.drives.map((d) => ({ ...d })), dma: { ...s.dma }, prb: s.prb,
      written: this.disks.map((d) => (d !== null && d.dirty ? d.bytes.slice() : null)),
    };
  }

  setState(st: FloppyState): void {
    if (typeof st !== 'object' || st === null || !Array.isArray(st.drives) || st.drives.length !== 4 ||
        typeof st.dma !== 'object' || !Array.isArray(st.written))
      throw new CorruptStateError('floppy state: malformed');
    this.s = { drives: st.drives.map((d) => ({ ...d })), dma: { ...st.dma }, prb: st.prb, written: [null, null, null, null] };
    st.written.forEach((w, i) => {
      const d = this.disks[i];
      if (d === null || d === undefined) return;
      if (w instanceof Uint8Array) { d.bytes = w.slice(); d.dirty = true; this.s.written[i] = d.bytes; }
      else { d.bytes = d.original; d.dirty = false; }
      this.dropCache(i);
    });
  }
}
