/**
 * IBM Color/Graphics Monitor Adapter (CGA): MC6845 CRTC, 16 KB of video RAM at B8000h (mirrored to
 * BFFFFh), mode control (3D8h), colour select (3D9h), status (3DAh), light pen latch (3DBh clear,
 * 3DCh set), CRTC at 3D4h/3D5h (mirrored over 3D0h-3D7h). Modes: 40x25 and 80x25 text (8x8 cells,
 * 16 colours, blink or bright backgrounds, cursor), 320x200 in 4 colours (two palettes, intensity,
 * the B&W bit's third palette), 640x200 in 2 colours; border (overscan) colour.
 *
 * Timing (IBM Technical Reference, "Color/Graphics Monitor Adapter"): the dot clock is the
 * 14.31818 MHz master; the CRTC's character clock is dots / 8 in high-resolution text (mode bit 0)
 * and dots / 16 otherwise. The card is drawn a scanline at a time, when the CRTC finishes a line;
 * CPU writes to video RAM and registers first bring the CRTC up to the present, so a change takes
 * effect from the next line (no mid-line changes, no "snow").
 *
 * The monitor: frames are cut at VSYNC, as the monitor's vertical oscillator locks to it; a VSYNC
 * sooner than 0.8 of a nominal 262-line frame is ignored, and without VSYNC the monitor free-runs
 * and a frame ends 1.25 nominal frames after the last (both UNVERIFIED figures for a 5153). The
 * picture is placed from the sync positions, as on the monitor: x counts dots from HSYNC start,
 * y lines from VSYNC start, so programs that move R2/R7 move the picture. Frames are 720 x 240
 * dots: the 640 x 200 display area with 40 dots and 20 lines of border around it in the BIOS modes;
 * a dot is 5/12 as wide as it is tall (a 320 x 200 pixel is 5:6).
 *
 * Status 3DAh: bit 0 = display enable off (retrace or border: memory can be used without
 * disturbing the picture), bit 1 = light pen latch set, bit 2 = light pen switch (1 = off),
 * bit 3 = VSYNC; bits 4-7 read 1 (UNVERIFIED: undriven on the card).
 *
 * Character ROM: the user's (slot `font`, IBM 5788005: the CGA uses its last 2 KB, the "thin"
 * 8x8 set) or Amalgam's own (roms/ibm-pc-xt/font8.ts). Rows 0-7 of a cell come from RA0-2.
 *
 * Not emulated: CGA snow, composite (NTSC artifact) colour, the 160x100 "tweaked" mode's
 * mid-line tricks (register changes take effect per line), the thick font jumper.
 */
import { Mc6845, Crtc, type Mc6845State } from '../../../cores/chips/mc6845/mc6845.ts';
import { CorruptStateError } from '../../../cores/kernel/errors.ts';
import type { VideoFrame } from '../../../cores/kernel/host.ts';
import type { Part } from '../../../cores/kernel/part.ts';
import type { Scheduler, Timer } from '../../../cores/kernel/scheduler.ts';
import type { Ticks } from '../../../cores/kernel/time.ts';
import { RGBI, textFromCells, type VideoAdapter } from './adapter.ts';

export const CGA_WIDTH = 720;
export const CGA_HEIGHT = 240;
/** One 80-column line is 912 dots; 262 lines a frame: 238,944 dots (59.92 Hz). */
export const CGA_FRAME_DOTS = 912 * 262;
/** Dots from HSYNC start to the left edge of the frame (display start is 192 in the BIOS modes). */
const H_SKIP = 152;
/** Lines from VSYNC start to the top of the frame (display start is 38 in the BIOS modes). */
const V_SKIP = 18;
const BLACK = RGBI[0]!;

export const enum CgaMode {
  HiresText = 0x01, Graphics = 0x02, BlackWhite = 0x04, VideoEnable = 0x08, Hires = 0x10, Blink = 0x20,
}

export interface CgaState {
  crtc: Mc6845State;
  vram: Uint8Array;
  mode: number;
  colorSelect: number;
  /** Master tick of the character-clock boundary the CRTC has been run up to. */
  syncedTo: Ticks;
  /** Master tick of the last frame sent to the monitor. */
  frameAt: Ticks;
  /** Lines since the last frame was cut. */
  lineY: number;
  frames: number;
  lightPen: boolean;
  pixels: Uint32Array;
  /** Drawing shortcuts (see the class); absent in older states: draw everything. */
  changed?: boolean;
  redraw?: boolean;
  phase?: number;
  blinkRows?: Uint8Array;
  blinkFrames?: number;
}

export class Cga implements VideoAdapter {
  readonly kind = 'cga';
  readonly memStart = 0xb8000;
  readonly memEnd = 0xc0000;
  readonly display = { width: CGA_WIDTH, height: CGA_HEIGHT, pixelAspect: 5 / 12 };
  readonly crtc = new Mc6845();
  readonly vram = new Uint8Array(0x4000);
  readonly pixels = new Uint32Array(CGA_WIDTH * CGA_HEIGHT);
  onFrame: (frame: VideoFrame) => void = () => {};
  mode = 0;
  colorSelect = 0;
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
  lightPen = false;
  private readonly timer: Timer;
  private readonly frame: VideoFrame;
  /** Palette of the current 320x200 mode, refreshed on mode/colour writes. */
  private readonly pal4 = new Uint32Array(4);
  /** Nominal frame (262 lines of 912 dots) in master ticks, and the monitor's sync limits. */
  readonly nominalFrame: Ticks;
  private readonly minFrame: Ticks;
  private readonly maxFrame: Ticks;

  /**
   * `font`: the character ROM (8 KB, the CGA set in its last 2 KB). `ticksPerDot`: master ticks
   * per 14.31818 MHz dot (1 on a 14.31818 MHz master, 2 on the PC board's 28.63636 MHz one).
   */
  constructor(private readonly scheduler: Scheduler, private readonly font: Uint8Array, private readonly ticksPerDot = 1) {
    if (font.length !== 8192) throw new RangeError('the CGA character ROM must be 8192 bytes');
    this.nominalFrame = CGA_FRAME_DOTS * ticksPerDot;
    this.minFrame = Math.round(this.nominalFrame * 0.8);
    this.maxFrame = Math.round(this.nominalFrame * 1.25);
    this.frame = { width: CGA_WIDTH, height: CGA_HEIGHT, pixels: this.pixels, pixelAspect: 5 / 12 };
    this.crtc.sync = () => this.catchUp(this.scheduler.now);
    this.crtc.onLineEnd = () => this.lineEnd();
    this.crtc.onVsync = () => this.vsync();
    this.timer = scheduler.timer('cga.frame', (due) => this.onTimer(due));
    this.updatePalette();
    this.rearm();
  }

  /** Master ticks per character clock now. */
  private get divider(): number {
    return ((this.mode & CgaMode.HiresText) !== 0 ? 8 : 16) * this.ticksPerDot;
  }

  /** Run the CRTC up to `now`, drawing every line it completes. */
  catchUp(now: Ticks): void {
    const div = this.divider;
    let chars = Math.floor((now - this.syncedTo) / div);
    const crtc = this.crtc;
    while (chars > 0) {
      const hc = crtc.s.hc, r0 = crtc.s.regs[Crtc.HTotal]!;
      const left = hc <= r0 ? r0 + 1 - hc : 256 - hc + r0 + 1;
      const n = chars < left ? chars : left;
      // The hooks (line end, VSYNC) see syncedTo at the end of the line.
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

  /** Arm the frame timer for the predicted VSYNC, or the free-run limit, whichever comes first. */
  private rearm(): void {
    let at = this.frameAt + this.maxFrame;
    const chars = this.crtc.predictVsync(600);
    if (chars >= 0) {
      // Wake at the character clock on which VSYNC starts (the remainder of the current one first).
      const v = this.syncedTo + chars * this.divider;
      if (v < at && v >= this.frameAt + this.minFrame) at = v;
      else if (v < this.frameAt + this.minFrame) at = Math.min(at, this.frameAt + this.minFrame);
    }
    this.timer.armAt(Math.max(at, this.scheduler.now));
  }

  private vsync(): void {
    if (this.syncedTo - this.frameAt >= this.minFrame) this.cutFrame(this.syncedTo);
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

  private updatePalette(): void {
    const cs = this.colorSelect, bw = (this.mode & CgaMode.BlackWhite) !== 0;
    const hi = (cs & 0x10) !== 0 ? 8 : 0;
    this.pal4[0] = RGBI[cs & 15]!;
    // Palette 0: green/red/brown; palette 1: cyan/magenta/white; with B&W set: cyan/red/white.
    const set = bw ? [3, 4, 7] : (cs & 0x20) !== 0 ? [3, 5, 7] : [2, 4, 6];
    for (let i = 0; i < 3; i++) this.pal4[i + 1] = RGBI[set[i]! | hi]!;
  }

  // ---- drawing -----------------------------------------------------------------------------

  private lineEnd(): void {
    const row = this.lineY - V_SKIP;
    this.lineY++;
    const ph = this.crtc.s.field & 24;
    if (ph !== this.phase) { this.phase = ph; this.markBlinkRows(); }
    if (!this.changed && !this.redraw && (this.blinkFrames === 0 || this.blinkRows[this.crtc.s.vc] === 0)) return;
    if (row < 0 || row >= CGA_HEIGHT) return;
    const crtc = this.crtc, s = crtc.s, r = s.regs;
    const px = this.pixels, base = row * CGA_WIDTH;
    const htotal = r[Crtc.HTotal]! + 1;
    const hsPos = r[Crtc.HSyncPos]!, hsW = r[Crtc.SyncWidth]! & 15;
    const hdisp = r[Crtc.HDisplayed]!;
    const mode = this.mode;
    const cdots = (mode & CgaMode.HiresText) !== 0 ? 8 : 16;
    const graphics = (mode & CgaMode.Graphics) !== 0;
    const hires = (mode & CgaMode.Hires) !== 0;
    const enabled = (mode & CgaMode.VideoEnable) !== 0;
    // The 640x200 mode's border is black; otherwise colour select bits 0-3.
    const border = graphics && hires ? BLACK : RGBI[this.colorSelect & 15]!;
    const vsyncing = s.vsyncLeft > 0;
    // Only the characters that land inside the frame: k counts from HSYNC start.
    const kFirst = Math.max(0, Math.floor(H_SKIP / cdots));
    const kEnd = Math.min(htotal, Math.ceil((H_SKIP + CGA_WIDTH) / cdots));
    for (let k = kFirst; k < kEnd; k++) {
      const x = k * cdots - H_SKIP;
      let c = hsPos + k;
      if (c >= htotal) c -= htotal;
      if (c >= htotal) c %= htotal;
      let col: number;
      if (vsyncing || ((c - hsPos) & 0xff) < hsW) col = BLACK;
      else if (s.vDisp && c < hdisp) {
        if (!enabled) col = BLACK;
        else {
          const ma = (s.maRow + c) & 0x3fff;
          if (x >= 0 && x + cdots <= CGA_WIDTH) {
            if (graphics) this.drawGraphicsChar(base + x, cdots, ma, s.ra, hires);
            else this.drawTextChar(base + x, cdots, ma, s.ra);
            continue;
          }
          col = border; // a display character cut by the frame edge: not drawn (off the visible area)
        }
      } else col = border;
      const x0 = x < 0 ? 0 : x, x1 = x + cdots > CGA_WIDTH ? CGA_WIDTH : x + cdots;
      px.fill(col, base + x0, base + x1);
    }
  }

  private drawTextChar(at: number, cdots: number, ma: number, ra: number): void {
    const v = this.vram, px = this.pixels;
    const off = (ma << 1) & 0x3fff;
    const ch = v[off]!, attr = v[off + 1]!;
    let fg = RGBI[attr & 15]!;
    let bg: number;
    const field = this.crtc.s.field;
    if ((this.mode & CgaMode.Blink) !== 0) {
      bg = RGBI[(attr >> 4) & 7]!;
      // Blinking characters: shown 16 fields, hidden 16 (the card divides VSYNC by 32).
      if ((attr & 0x80) !== 0 && (field & 16) !== 0) fg = bg;
    } else {
      bg = RGBI[attr >> 4]!;
    }
    let bits = this.font[0x1800 + ch * 8 + (ra & 7)]!;
    // The cursor: the CRTC's cursor output, gated by the card's own blink (VSYNC / 16).
    if (ma === this.crtc.cursorAddress && (field & 8) === 0 && this.crtc.cursorOnLine(ra)) bits = 0xff;
    if (cdots === 8) {
      for (let d = 0; d < 8; d++) px[at + d] = ((bits << d) & 0x80) !== 0 ? fg : bg;
    } else {
      // 40 columns: each character-generator dot is two dots wide.
      for (let d = 0; d < 8; d++) { const c = ((bits << d) & 0x80) !== 0 ? fg : bg; px[at + 2 * d] = c; px[at + 2 * d + 1] = c; }
    }
  }

  private drawGraphicsChar(at: number, cdots: number, ma: number, ra: number, hires: boolean): void {
    const v = this.vram, px = this.pixels;
    // Two bytes per character; even scanlines from the first 8 KB, odd ones from the second (RA0 = A13).
    const off = ((ma << 1) & 0x1fff) | ((ra & 1) << 13);
    const word = (v[off]! << 8) | v[off + 1]!;
    if (hires) {
      const fg = RGBI[this.colorSelect & 15]!;
      // 16 pixels in the character's dots (16 in the BIOS mode; 8 if the high-resolution clock is on).
      const shift = cdots === 16 ? 0 : 1;
      for (let d = 0; d < cdots; d++) px[at + d] = ((word << (d << shift)) & 0x8000) !== 0 ? fg : BLACK;
    } else {
      const pal = this.pal4;
      const shift = cdots === 16 ? 1 : 0; // dots per pixel: 2 (BIOS mode) or 1
      for (let d = 0; d < cdots; d++) px[at + d] = pal[(word >> (14 - 2 * (d >> shift))) & 3]!;
    }
  }

  /** The blink phase moved: mark the text rows whose picture it changes (cursor, blinking cells). */
  private markBlinkRows(): void {
    this.blinkRows.fill(0);
    if ((this.mode & CgaMode.Graphics) !== 0) return;
    this.blinkFrames = 2;
    const r = this.crtc.s.regs, cols = r[Crtc.HDisplayed]!, rows = Math.min(128, r[Crtc.VDisplayed]!);
    const start = this.crtc.startAddress, cursor = this.crtc.cursorAddress, blink = (this.mode & CgaMode.Blink) !== 0;
    for (let row = 0; row < rows; row++) {
      const rowStart = start + row * cols;
      if (((cursor - rowStart) & 0x3fff) < cols) { this.blinkRows[row] = 1; continue; }
      if (!blink) continue;
      for (let c = 0; c < cols; c++) {
        const ma = (rowStart + c) & 0x3fff;
        if ((this.vram[((ma << 1) + 1) & 0x3fff]! & 0x80) !== 0) { this.blinkRows[row] = 1; break; }
      }
    }
  }

  // ---- bus ---------------------------------------------------------------------------------

  memRead(addr: number): number {
    return this.vram[addr & 0x3fff]!;
  }

  memWrite(addr: number, value: number): void {
    this.catchUp(this.scheduler.now);
    this.vram[addr & 0x3fff] = value;
    this.changed = true;
  }

  ioRead(port: number): number {
    if ((port & 0xfff0) !== 0x3d0) return -1;
    const p = port & 15;
    if (p < 8) return (p & 1) !== 0 ? this.crtc.read(1) : 0xff;
    if (p === 0x0a) {
      this.catchUp(this.scheduler.now);
      const c = this.crtc;
      return 0xf0 | (c.displayEnable ? 0 : 1) | (this.lightPen ? 2 : 0) | 4 | (c.vsync ? 8 : 0);
    }
    return 0xff;
  }

  ioWrite(port: number, value: number): boolean {
    if ((port & 0xfff0) !== 0x3d0) return false;
    const p = port & 15;
    this.catchUp(this.scheduler.now);
    this.changed = true;
    if (p < 8) {
      this.crtc.write(p, value);
      // Timing registers move the next VSYNC.
      if ((p & 1) !== 0 && this.crtc.s.addr <= Crtc.MaxScanLine) this.rearm();
    } else if (p === 8) {
      this.catchUp(this.scheduler.now);
      // The character clock changes on a character boundary of the new rate from here.
      this.mode = value & 0x3f;
      this.updatePalette();
      this.rearm();
    } else if (p === 9) {
      this.catchUp(this.scheduler.now);
      this.colorSelect = value & 0x3f;
      this.updatePalette();
    } else if (p === 0x0b) {
      this.lightPen = false;
    } else if (p === 0x0c) {
      if (!this.lightPen) { this.crtc.strobeLightPen(); this.lightPen = true; }
    }
    return true;
  }

  // ---- text --------------------------------------------------------------------------------

  /** Text of a text mode: R1 columns x R6 rows from the start address; '' in graphics modes. */
  screenText(): string {
    if ((this.mode & CgaMode.Graphics) !== 0) return '';
    const r = this.crtc.s.regs;
    const cols = r[Crtc.HDisplayed]!, rows = r[Crtc.VDisplayed]!;
    return textFromCells(this.vram, this.crtc.startAddress * 2, cols, rows, 0x3fff);
  }

  // ---- state -------------------------------------------------------------------------------

  readonly part: Part<CgaState> = {
    stateVersion: 1,
    getState: () => ({
      crtc: this.crtc.getState(), vram: this.vram.slice(), mode: this.mode, colorSelect: this.colorSelect,
      syncedTo: this.syncedTo, frameAt: this.frameAt, lineY: this.lineY, frames: this.frames,
      lightPen: this.lightPen, pixels: this.pixels.slice(), changed: this.changed, redraw: this.redraw, phase: this.phase, blinkRows: this.blinkRows.slice(), blinkFrames: this.blinkFrames,
    }),
    setState: (st) => {
      if (typeof st !== 'object' || st === null || !(st.vram instanceof Uint8Array) || st.vram.length !== 0x4000 ||
          !(st.pixels instanceof Uint32Array) || st.pixels.length !== this.pixels.length ||
          ![st.mode, st.colorSelect, st.syncedTo, st.frameAt, st.lineY, st.frames].every(Number.isFinite))
        throw new CorruptStateError('CGA state: malformed');
      this.crtc.setState(st.crtc);
      this.vram.set(st.vram);
      this.pixels.set(st.pixels);
      this.mode = st.mode & 0x3f;
      this.colorSelect = st.colorSelect & 0x3f;
      this.syncedTo = st.syncedTo;
      this.frameAt = st.frameAt;
      this.lineY = st.lineY;
      this.frames = st.frames;
      this.lightPen = st.lightPen === true;
      this.changed = st.changed !== false; this.redraw = st.redraw !== false; this.phase = (st.phase ?? 0) & 24;
      this.blinkRows = st.blinkRows instanceof Uint8Array && st.blinkRows.length === 128 ? st.blinkRows.slice() : new Uint8Array(128);
      this.blinkFrames = Number.isInteger(st.blinkFrames) ? st.blinkFrames! : 0;
      this.updatePalette();
    },
  };

  /** After a state load: the timer is restored by the scheduler; nothing else is derived. */
  afterStateLoad(): void {
    this.updatePalette();
  }
}
