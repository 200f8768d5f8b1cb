/**
 * IBM Monochrome Display and Printer Adapter (MDA, video part) and the Hercules Graphics Card
 * (HGC), which is an MDA plus a 720x348 graphics mode and 64 KB of RAM.
 *
 * MDA (IBM Technical Reference, "Monochrome Display and Printer Adapter"): MC6845 at 3B4h/3B5h
 * (mirrored over 3B0h-3B7h), mode control 3B8h (bit 0 high resolution, bit 3 video enable, bit 5
 * blink), status 3BAh (bit 0 horizontal drive, bit 3 the video dot being sent), 4 KB at B0000h
 * mirrored to B7FFFh, 80x25 text in 9x14 cells from the 16.257 MHz dot clock. Attributes: 00h/08h/
 * 80h/88h blank, 70h reverse, foreground 1 underlined (line 12 of the cell), bit 3 bright, bit 7
 * blink (or a bright background with blink off). Codes C0h-DFh repeat their 8th column in the 9th.
 *
 * Hercules (Hercules Graphics Card manual): 64 KB at B0000h-BFFFFh (the upper 32 KB only after
 * bit 1 of the configuration switch 3BFh), 3B8h bit 1 graphics (allowed by 3BFh bit 0) and bit 7
 * the page (B8000h), graphics of 720x348 from four interleaved 8 KB banks (RA0-1 select the bank),
 * 16 pixels per character; status bit 7 is low during vertical retrace (the usual HGC test).
 *
 * Clock: the 16.257 MHz MDA crystal has no integer relation to the PC's master clock; a text
 * character (9 dots) is taken as `textCharTicks` master ticks and a graphics character (16 dots)
 * as `gfxCharTicks` (16 and 28 on the 28.63636 MHz board: 16.108 and 16.36 MHz dot clocks, within
 * 1% of the crystal; the frame rate is 49.4 Hz instead of 50).
 *
 * Frames are 752 x 364 dots placed from the sync positions as on the CGA (see cga.ts): the
 * 720 x 350 text area starts 24 dots right and 6 lines down (Hercules graphics: 8 and 8); a dot is 0.648 as wide as tall.
 *
 * Not emulated: the printer port of the MDA, the light pen, the HGC+ / InColor extensions.
 */
import { Crtc, Mc6845, type Mc6845State } from '../../../cores/chips/mc6845/mc6845.ts';
import { CorruptStateError } from '../../../cores/kernel/errors.ts';
import type { VideoFrame } from '../../../cores/kernel/host.ts';
import type { Part } from '../../../cores/kernel/part.ts';
import type { Scheduler, Timer } from '../../../cores/kernel/scheduler.ts';
import type { Ticks } from '../../../cores/kernel/time.ts';
import { textFromCells, type VideoAdapter } from './adapter.ts';

export const MDA_WIDTH = 752;
export const MDA_HEIGHT = 364;
const H_SKIP = 120;
const V_SKIP = 14;
/** Green phosphor (IBM 5151): off, normal, bright; 0xAABBGGRR. */
const OFF = 0xff000000;
const NORMAL = 0xff20b818;
const BRIGHT = 0xff80ff70;

export interface MdaOptions {
  /** Hercules Graphics Card instead of the MDA. */
  readonly hercules: boolean;
  /** Master ticks per 9-dot text character. */
  readonly textCharTicks: number;
  /** Master ticks per 16-dot graphics character (Hercules). */
  readonly gfxCharTicks: number;
}

export interface MdaState {
  crtc: Mc6845State;
  vram: Uint8Array;
  mode: number;
  config: number;
  syncedTo: Ticks;
  frameAt: Ticks;
  lineY: number;
  frames: number;
  pixels: Uint32Array;
  /** Drawing shortcuts (see the class); absent in older states: draw everything. */
  changed?: boolean;
  redraw?: boolean;
  phase?: number;
  blinkRows?: Uint8Array;
  blinkFrames?: number;
}

export class Mda implements VideoAdapter {
  readonly kind: string;
  readonly memStart = 0xb0000;
  readonly memEnd: number;
  readonly display = { width: MDA_WIDTH, height: MDA_HEIGHT, pixelAspect: 0.648 };
  readonly crtc = new Mc6845();
  readonly vram: Uint8Array;
  readonly pixels = new Uint32Array(MDA_WIDTH * MDA_HEIGHT);
  onFrame: (frame: VideoFrame) => void = () => {};
  mode = 0;
  /** Hercules configuration switch (3BFh). */
  config = 0;
  syncedTo: Ticks = 0;
  frameAt: Ticks = 0;
  lineY = 0;
  frames = 0;
  /**
   * Something that changes the picture (video memory, a register, the blink phase) happened in
   * this frame; `redraw`: in the frame before. Lines are drawn only then: otherwise they are the
   * same as the last frame's, which are still in `pixels`.
   */
  changed = true;
  redraw = true;
  /** Blink phase (CRTC field bits 3-4) of the last line drawn. */
  phase = 0;
  /**
   * Character rows drawn although nothing changed, because the blink phase moved and they hold
   * the cursor or blinking characters; for `blinkFrames` more frames.
   */
  blinkRows = new Uint8Array(128);
  blinkFrames = 0;
  readonly nominalFrame: Ticks;
  private readonly minFrame: Ticks;
  private readonly maxFrame: Ticks;
  private readonly timer: Timer;
  private readonly frame: VideoFrame;
  private readonly vmask: number;

  constructor(private readonly scheduler: Scheduler, private readonly font: Uint8Array, private readonly opt: MdaOptions) {
    if (font.length !== 8192) throw new RangeError('the MDA character ROM must be 8192 bytes');
    this.kind = opt.hercules ? 'hercules' : 'mda';
    this.vram = new Uint8Array(opt.hercules ? 0x10000 : 0x1000);
    this.vmask = this.vram.length - 1;
    this.memEnd = opt.hercules ? 0xc0000 : 0xb8000;
    // 98 characters x 370 lines in the BIOS mode.
    this.nominalFrame = 98 * 370 * opt.textCharTicks;
    this.minFrame = Math.round(this.nominalFrame * 0.8);
    this.maxFrame = Math.round(this.nominalFrame * 1.25);
    this.frame = { width: MDA_WIDTH, height: MDA_HEIGHT, pixels: this.pixels, pixelAspect: 0.648 };
    this.crtc.sync = () => this.catchUp(this.scheduler.now);
    this.crtc.onLineEnd = () => this.lineEnd();
    this.crtc.onVsync = () => { if (this.syncedTo - this.frameAt >= this.minFrame) this.cutFrame(this.syncedTo); };
    this.timer = scheduler.timer(`${this.kind}.frame`, (due) => this.onTimer(due));
    this.rearm();
  }

  private get graphics(): boolean {
    return this.opt.hercules && (this.mode & 2) !== 0 && (this.config & 1) !== 0;
  }

  private get divider(): number {
    return this.graphics ? this.opt.gfxCharTicks : this.opt.textCharTicks;
  }

  /** First byte of the displayed page: B8000h on a Hercules with page 1 shown. */
  private get pageBase(): number {
    return this.opt.hercules && (this.mode & 0x80) !== 0 && (this.config & 2) !== 0 ? 0x8000 : 0;
  }

  catchUp(now: Ticks): void {
    const div = this.divider;
    let chars = Math.floor((now - this.syncedTo) / div);
    const crtc = this.crtc;
    while (chars > 0) {
      const hc = crtc.s.hc, r0 = crtc.s.regs[Crtc.HTotal]!;
      const left = hc <= r0 ? r0 + 1 - hc : 256 - hc + r0 + 1;
      const n = chars < left ? chars : left;
      this.syncedTo += n * div;
      crtc.advance(n);
      chars -= n;
    }
  }

  private onTimer(due: Ticks): void {
    this.catchUp(due);
    if (due - this.frameAt >= this.maxFrame) this.cutFrame(due, false);
    this.rearm();
  }

  private rearm(): void {
    let at = this.frameAt + this.maxFrame;
    const chars = this.crtc.predictVsync(600);
    if (chars >= 0) {
      const v = this.syncedTo + chars * this.divider;
      at = Math.min(at, Math.max(v, this.frameAt + this.minFrame));
    }
    this.timer.armAt(Math.max(at, this.scheduler.now));
  }

  private cutFrame(at: Ticks, synced = true): void {
    // A free-running monitor may place the lines differently: draw the next frame whole.
    this.redraw = this.changed || !synced;
    this.changed = false;
    if (this.blinkFrames > 0) this.blinkFrames--;
    this.frameAt = at;
    this.lineY = 0;
    this.frames++;
    this.onFrame(this.frame);
  }

  private lineEnd(): void {
    const row = this.lineY - V_SKIP;
    this.lineY++;
    const ph = this.crtc.s.field & 24;
    if (ph !== this.phase) { this.phase = ph; this.markBlinkRows(); }
    if (!this.changed && !this.redraw && (this.blinkFrames === 0 || this.blinkRows[this.crtc.s.vc] === 0)) return;
    if (row < 0 || row >= MDA_HEIGHT) return;
    const s = this.crtc.s, r = s.regs, px = this.pixels, base = row * MDA_WIDTH;
    const htotal = r[Crtc.HTotal]! + 1, hsPos = r[Crtc.HSyncPos]!, hsW = r[Crtc.SyncWidth]! & 15;
    const hdisp = r[Crtc.HDisplayed]!;
    const gfx = this.graphics;
    const cdots = gfx ? 16 : 9;
    const enabled = (this.mode & 8) !== 0;
    const vsyncing = s.vsyncLeft > 0;
    for (let k = 0; k < htotal; k++) {
      const x = k * cdots - H_SKIP;
      if (x + cdots <= 0) continue;
      if (x >= MDA_WIDTH) break;
      const c = (hsPos + k) % htotal;
      if (!enabled || vsyncing || ((c - hsPos) & 0xff) < hsW || !s.vDisp || c >= hdisp) {
        for (let d = 0; d < cdots; d++) { const xx = x + d; if (xx >= 0 && xx < MDA_WIDTH) px[base + xx] = OFF; }
        continue;
      }
      const ma = (s.maRow + c) & 0x3fff;
      if (gfx) this.drawGraphicsChar(base, x, ma, s.ra);
      else this.drawTextChar(base, x, ma, s.ra);
    }
  }

  private drawTextChar(base: number, x: number, ma: number, ra: number): void {
    const v = this.vram, px = this.pixels;
    const off = (this.pageBase + (ma << 1)) & this.vmask;
    const ch = v[off]!, attr = v[off + 1]!;
    const field = this.crtc.s.field;
    const fgBits = attr & 7, bgBits = (attr >> 4) & 7;
    let fg: number, bg = OFF;
    if (fgBits === 0 && bgBits === 0) { fg = OFF; }
    else if (fgBits === 0 && bgBits === 7) {
      fg = OFF;
      bg = (this.mode & 0x20) === 0 && (attr & 0x80) !== 0 ? BRIGHT : NORMAL;
    } else {
      fg = (attr & 8) !== 0 ? BRIGHT : NORMAL;
    }
    if ((this.mode & 0x20) !== 0 && (attr & 0x80) !== 0 && (field & 16) !== 0) fg = bg;
    const bits = ra < 8 ? this.font[ch * 8 + ra]! : ra < 14 ? this.font[0x800 + ch * 8 + ra - 8]! : 0;
    // The 9th column repeats the 8th for the line-drawing codes, so boxes join up.
    let bits9 = (bits << 1) | ((ch & 0xe0) === 0xc0 ? bits & 1 : 0);
    // Underline: the whole 9-dot width, so underlined words read as one line.
    if (fgBits === 1 && ra === 12) bits9 = 0x1ff;
    if (ma === this.crtc.cursorAddress && (field & 8) === 0 && this.crtc.cursorOnLine(ra)) { bits9 = 0x1ff; fg = NORMAL; }
    for (let d = 0; d < 9; d++) {
      const xx = x + d;
      if (xx < 0 || xx >= MDA_WIDTH) continue;
      px[base + xx] = ((bits9 << d) & 0x100) !== 0 ? fg : bg;
    }
  }

  private drawGraphicsChar(base: number, x: number, ma: number, ra: number): void {
    const v = this.vram, px = this.pixels;
    const off = this.pageBase + ((ra & 3) << 13) + ((ma << 1) & 0x1fff);
    const word = (v[off]! << 8) | v[off + 1]!;
    for (let d = 0; d < 16; d++) {
      const xx = x + d;
      if (xx < 0 || xx >= MDA_WIDTH) continue;
      px[base + xx] = ((word << d) & 0x8000) !== 0 ? NORMAL : OFF;
    }
  }

  /** The blink phase moved: mark the text rows whose picture it changes (cursor, blinking cells). */
  private markBlinkRows(): void {
    this.blinkRows.fill(0);
    if (this.graphics) return;
    this.blinkFrames = 2;
    const r = this.crtc.s.regs, cols = r[Crtc.HDisplayed]!, rows = Math.min(128, r[Crtc.VDisplayed]!);
    const start = this.crtc.startAddress, cursor = this.crtc.cursorAddress, blink = (this.mode & 0x20) !== 0;
    for (let row = 0; row < rows; row++) {
      const rowStart = start + row * cols;
      if (((cursor - rowStart) & 0x3fff) < cols) { this.blinkRows[row] = 1; continue; }
      if (!blink) continue;
      for (let c = 0; c < cols; c++) {
        const ma = (rowStart + c) & 0x3fff;
        if ((this.vram[(this.pageBase + (ma << 1) + 1) & this.vmask]! & 0x80) !== 0) { this.blinkRows[row] = 1; break; }
      }
    }
  }

  // ---- bus ---------------------------------------------------------------------------------

  memRead(addr: number): number {
    const off = addr - 0xb0000;
    if (this.opt.hercules && off >= 0x8000 && (this.config & 2) === 0) return 0xff;
    return this.vram[off & this.vmask]!;
  }

  memWrite(addr: number, value: number): void {
    const off = addr - 0xb0000;
    if (this.opt.hercules && off >= 0x8000 && (this.config & 2) === 0) return;
    this.catchUp(this.scheduler.now);
    this.vram[off & this.vmask] = value;
    this.changed = true;
  }

  ioRead(port: number): number {
    if ((port & 0xfff0) !== 0x3b0) return -1;
    const p = port & 15;
    if (p < 8) return (p & 1) !== 0 ? this.crtc.read(1) : 0xff;
    if (p === 0x0a) {
      this.catchUp(this.scheduler.now);
      const c = this.crtc;
      // Bit 3, the video dot: on while the beam is in the displayed area (UNVERIFIED: the real bit
      // follows the character pattern dot by dot; programs only test that it toggles).
      const dot = c.displayEnable && (this.mode & 8) !== 0 ? 8 : 0;
      const hs = c.hsync ? 1 : 0;
      return this.opt.hercules ? 0x70 | hs | dot | (c.vsync ? 0 : 0x80) : 0xf0 | hs | dot;
    }
    return 0xff;
  }

  ioWrite(port: number, value: number): boolean {
    if ((port & 0xfff0) !== 0x3b0) return false;
    const p = port & 15;
    this.catchUp(this.scheduler.now);
    this.changed = true;
    if (p < 8) {
      this.crtc.write(p, value);
      if ((p & 1) !== 0 && this.crtc.s.addr <= Crtc.MaxScanLine) this.rearm();
    } else if (p === 8) {
      this.catchUp(this.scheduler.now);
      this.mode = value & (this.opt.hercules ? 0xaf : 0x2f);
      this.rearm();
    } else if (p === 0x0f && this.opt.hercules) {
      this.catchUp(this.scheduler.now);
      this.config = value & 3;
      this.rearm();
    }
    return true;
  }

  screenText(): string {
    if (this.graphics) return '';
    const r = this.crtc.s.regs;
    return textFromCells(this.vram, this.pageBase + this.crtc.startAddress * 2, r[Crtc.HDisplayed]!, r[Crtc.VDisplayed]!, this.vmask);
  }

  readonly part: Part<MdaState> = {
    stateVersion: 1,
    getState: () => ({
      crtc: this.crtc.getState(), vram: this.vram.slice(), mode: this.mode, config: this.config,
      syncedTo: this.syncedTo, frameAt: this.frameAt, lineY: this.lineY, frames: this.frames, pixels: this.pixels.slice(),
      changed: this.changed, redraw: this.redraw, phase: this.phase, blinkRows: this.blinkRows.slice(), blinkFrames: this.blinkFrames,
    }),
    setState: (st) => {
      if (typeof st !== 'object' || st === null || !(st.vram instanceof Uint8Array) || st.vram.length !== this.vram.length ||
          !(st.pixels instanceof Uint32Array) || st.pixels.length !== this.pixels.length ||
          ![st.mode, st.config, st.syncedTo, st.frameAt, st.lineY, st.frames].every(Number.isFinite))
        throw new CorruptStateError(`${this.kind.toUpperCase()} state: malformed`);
      this.crtc.setState(st.crtc);
      this.vram.set(st.vram);
      this.pixels.set(st.pixels);
      this.mode = st.mode & 0xff; this.config = st.config & 3;
      this.syncedTo = st.syncedTo; this.frameAt = st.frameAt; this.lineY = st.lineY; this.frames = st.frames;
      this.changed = st.changed !== false; this.redraw = st.redraw !== false; this.phase = (st.phase ?? 0) & 24;
      this.blinkRows = st.blinkRows instanceof Uint8Array && st.blinkRows.length === 128 ? st.blinkRows.slice() : new Uint8Array(128);
      this.blinkFrames = Number.isInteger(st.blinkFrames) ? st.blinkFrames! : 0;
    },
  };
}
