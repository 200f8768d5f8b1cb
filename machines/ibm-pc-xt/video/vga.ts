/**
 * IBM VGA (as an 8-bit ISA card in an XT clone): the registers (miscellaneous output 3C2h/3CCh,
 * sequencer 3C4h/3C5h, graphics controller 3CEh/3CFh, CRTC 3D4h/3D5h or 3B4h/3B5h, input status 1
 * 3DAh/3BAh), display memory and graphics controller (vga-memory.ts), attribute controller and DAC
 * (vga-palette.ts), and the beam: a scanline at a time, drawn when the beam finishes it.
 *
 * Drawing (IBM VGA Technical Reference, CRTC and sequencer registers; FreeVGA): text (word mode:
 * character in plane 0, attribute in plane 1, the font in plane 2 at 32 bytes a character, 8 or
 * 9 dots with the line-graphics 9th column, blink or bright backgrounds, the cursor), 16-colour
 * planar graphics (a byte of each plane gives 8 pixels), 256-colour graphics (GC mode bit 6: each
 * character clock gives 4 pixels, one from each plane, at the CRTC address x4 in doubleword mode
 * (mode 13h) or x1 in byte mode (mode X)); start address, offset, maximum scan line, double scan,
 * line compare (the split screen restarts at address 0), the dot clock halved (seq 01h bit 3).
 *
 * Timing: a character clock is 9 master ticks (28.63636 MHz / 9 = 3.18 MHz, 8 dots at 25.45 MHz
 * for the 25.175 MHz modes, 9 dots at 28.64 for the 28.322 MHz text modes: within 1.2%), doubled
 * with the halved dot clock. Lines of (CRTC 00h + 5) characters, frames of (vertical total + 2)
 * lines, cut at vertical retrace start. Input status 1: bit 0 display disabled, bit 3 vertical
 * retrace.
 *
 * Frames: 720 x 480, the displayed area centred in the overscan colour (text 720x400, mode 13h
 * 640x400, mode 12h 640x480), 4:3 (a dot 0.889 as wide as tall).
 *
 * Not emulated yet: the CGA-compatible modes' interleave (CRTC mode control bits 0-1), horizontal
 * pel panning and preset row scan, underline, the shift-register interleave of modes 4/5, the
 * screen-off bit, mid-line changes. No INT 10h for it yet (our BIOS knows the CGA and MDA), so it
 * is not offered in the configuration: see README.
 */
import { CorruptStateError } from '../../../cores/kernel/errors.ts';
import type { VideoFrame } from '../../../cores/kernel/host.ts';
import type { Part } from '../../../cores/kernel/part.ts';
import type { Scheduler, Timer } from '../../../cores/kernel/scheduler.ts';
import type { Ticks } from '../../../cores/kernel/time.ts';
import { textFromCells, type VideoAdapter } from './adapter.ts';
import { Gc, VgaMemory, type VgaMemoryState } from './vga-memory.ts';
import { Ac, VgaPalette, type VgaPaletteState } from './vga-palette.ts';

export const VGA_WIDTH = 720;
export const VGA_HEIGHT = 480;
const CHAR_TICKS = 9;
const PLANE = 0x10000;

interface VgaState {
  mem: VgaMemoryState;
  pal: VgaPaletteState;
  misc: number;
  seq: Uint8Array;
  seqIndex: number;
  crtc: Uint8Array;
  crtcIndex: number;
  gcIndex: number;
  syncedTo: Ticks;
  line: number;
  frames: number;
  pixels: Uint32Array;
}

export class Vga implements VideoAdapter {
  readonly kind = 'vga';
  readonly memStart = 0xa0000;
  readonly memEnd = 0xc0000;
  readonly display = { width: VGA_WIDTH, height: VGA_HEIGHT, pixelAspect: (4 / VGA_WIDTH) / (3 / VGA_HEIGHT) };
  readonly mem = new VgaMemory();
  readonly pal = new VgaPalette();
  readonly pixels = new Uint32Array(VGA_WIDTH * VGA_HEIGHT);
  onFrame: (frame: VideoFrame) => void = () => {};
  misc = 0x67;
  seq = new Uint8Array(5);
  seqIndex = 0;
  crtc = new Uint8Array(0x19);
  crtcIndex = 0;
  gcIndex = 0;
  /** Master tick at which the current scanline began. */
  syncedTo: Ticks = 0;
  /** Scanline of the frame the beam is on. */
  line = 0;
  frames = 0;
  private readonly timer: Timer;
  private readonly frame: VideoFrame;

  constructor(private readonly scheduler: Scheduler) {
    this.frame = { width: VGA_WIDTH, height: VGA_HEIGHT, pixels: this.pixels, pixelAspect: this.display.pixelAspect };
    this.timer = scheduler.timer('vga.frame', (due) => this.onTimer(due));
    this.rearm();
  }

  // ---- CRTC values ----
  private get ov(): number { return this.crtc[7]!; }
  private get lineTicks(): number { return (this.crtc[0]! + 5) * CHAR_TICKS * ((this.seq[1]! & 0x08) !== 0 ? 2 : 1); }
  private get totalLines(): number { return (this.crtc[6]! | ((this.ov & 1) << 8) | ((this.ov & 0x20) << 4)) + 2; }
  private get displayLines(): number { return (this.crtc[0x12]! | ((this.ov & 2) << 7) | ((this.ov & 0x40) << 3)) + 1; }
  private get retraceStart(): number { return this.crtc[0x10]! | ((this.ov & 4) << 6) | ((this.ov & 0x80) << 2); }
  private get retraceLines(): number { return ((this.crtc[0x11]! - this.crtc[0x10]!) & 15) || 16; }
  private get lineCompare(): number { return this.crtc[0x18]! | ((this.ov & 0x10) << 4) | ((this.crtc[9]! & 0x40) << 3); }
  private get crtcBase(): number { return (this.misc & 1) !== 0 ? 0x3d0 : 0x3b0; }

  // ---- time ----
  catchUp(now: Ticks): void {
    let lt = this.lineTicks;
    while (this.syncedTo + lt <= now) {
      this.drawLine(this.line);
      this.syncedTo += lt;
      this.line++;
      if (this.line >= this.totalLines) this.line = 0;
      if (this.line === this.retraceStart) { this.frames++; this.onFrame(this.frame); }
      lt = this.lineTicks;
    }
  }

  private onTimer(due: Ticks): void {
    this.catchUp(due);
    this.rearm();
  }

  /** Wake at the next vertical retrace start (or after a second's worth of lines if none). */
  private rearm(): void {
    const total = Math.max(2, this.totalLines);
    let lines = this.retraceStart - this.line;
    if (lines <= 0) lines += total;
    if (this.retraceStart >= total) lines = total;
    this.timer.armAt(Math.max(this.scheduler.now, this.syncedTo + lines * this.lineTicks));
  }

  // ---- drawing ----
  private drawLine(y: number): void {
    const vd = this.displayLines;
    const w = this.activeWidth();
    const left = Math.max(0, (VGA_WIDTH - w) >> 1), top = Math.max(0, (VGA_HEIGHT - vd) >> 1);
    const px = this.pixels, border = this.pal.overscan;
    if (y >= vd) {
      // Lines after the display paint the bottom border, and (as the beam comes round) the top one.
      const below = top + y, above = y - vd;
      if (below < VGA_HEIGHT) px.fill(border, below * VGA_WIDTH, (below + 1) * VGA_WIDTH);
      if (above < top) px.fill(border, above * VGA_WIDTH, (above + 1) * VGA_WIDTH);
      return;
    }
    const row = top + y;
    if (row >= VGA_HEIGHT) return;
    const base = row * VGA_WIDTH;
    px.fill(border, base, base + left);
    px.fill(border, base + Math.min(VGA_WIDTH, left + w), base + VGA_WIDTH);
    // Which memory row and which line of it.
    const c = this.crtc;
    const msl = (c[9]! & 0x1f) + 1;
    const lc = this.lineCompare;
    let sl = y, start = (c[0x0c]! << 8) | c[0x0d]!;
    if (y > lc) { sl = y - lc - 1; start = 0; }
    if ((c[9]! & 0x80) !== 0) sl >>= 1;
    const rowIndex = Math.floor(sl / msl), rowLine = sl % msl;
    const ma = (start + rowIndex * c[0x13]! * 2) & 0xffff;
    const chars = c[1]! + 1;
    const graphics = (this.mem.s.gc[Gc.Misc]! & 1) !== 0;
    const halfDots = (this.seq[1]! & 0x08) !== 0;
    if (!graphics) this.drawText(base + left, ma, rowLine, chars, w);
    else if ((this.mem.s.gc[Gc.Mode]! & 0x40) !== 0) this.draw256(base + left, ma, chars, w);
    else this.drawPlanar(base + left, ma, chars, w, halfDots);
  }

  private activeWidth(): number {
    const chars = this.crtc[1]! + 1;
    const nine = (this.seq[1]! & 1) === 0 && (this.mem.s.gc[Gc.Misc]! & 1) === 0;
    const dots = chars * (nine ? 9 : 8) * ((this.seq[1]! & 0x08) !== 0 ? 2 : 1);
    return Math.min(VGA_WIDTH, dots);
  }

  private drawText(at: number, ma: number, rowLine: number, chars: number, w: number): void {
    const p = this.mem.s.planes, px = this.pixels, pal = this.pal;
    const nine = (this.seq[1]! & 1) === 0;
    const cw = nine ? 9 : 8;
    const acMode = pal.s.ac[Ac.Mode]!;
    const blink = (acMode & 0x08) !== 0, lineGfx = (acMode & 0x04) !== 0;
    const cur = (this.crtc[0x0e]! << 8) | this.crtc[0x0f]!;
    const curOn = (this.crtc[0x0a]! & 0x20) === 0 && (this.frames & 16) === 0 &&
      rowLine >= (this.crtc[0x0a]! & 0x1f) && rowLine <= (this.crtc[0x0b]! & 0x1f);
    const fontBase = 2 * PLANE + (((this.seq[3]! & 3) << 1 | ((this.seq[3]! >> 4) & 1)) * 0x2000);
    for (let i = 0; i < chars && (i + 1) * cw <= w; i++) {
      const a = ((ma + i) << 1) & 0xffff;
      const ch = p[a]!, attr = p[PLANE + a]!;
      let fg = pal.colour(attr & 15), bg = pal.colour(blink ? (attr >> 4) & 7 : attr >> 4);
      if (blink && (attr & 0x80) !== 0 && (this.frames & 32) !== 0) fg = bg;
      let bits = p[fontBase + ch * 32 + rowLine]!;
      if (curOn && ((ma + i) & 0xffff) === cur) bits = 0xff;
      const ninth = nine && lineGfx && (ch & 0xe0) === 0xc0 ? bits & 1 : 0;
      const o = at + i * cw;
      for (let d = 0; d < 8; d++) px[o + d] = ((bits << d) & 0x80) !== 0 ? fg : bg;
      if (nine) px[o + 8] = ninth !== 0 ? fg : bg;
    }
  }

  private drawPlanar(at: number, ma: number, chars: number, w: number, half: boolean): void {
    const p = this.mem.s.planes, px = this.pixels, pal = this.pal;
    const dw = half ? 2 : 1;
    for (let i = 0; i < chars && (i + 1) * 8 * dw <= w; i++) {
      const a = (ma + i) & 0xffff;
      const b0 = p[a]!, b1 = p[PLANE + a]!, b2 = p[2 * PLANE + a]!, b3 = p[3 * PLANE + a]!;
      for (let d = 0; d < 8; d++) {
        const s = 7 - d;
        const v = ((b0 >> s) & 1) | (((b1 >> s) & 1) << 1) | (((b2 >> s) & 1) << 2) | (((b3 >> s) & 1) << 3);
        const col = pal.colour(v);
        const o = at + (i * 8 + d) * dw;
        px[o] = col;
        if (half) px[o + 1] = col;
      }
    }
  }

  private draw256(at: number, ma: number, chars: number, w: number): void {
    const p = this.mem.s.planes, px = this.pixels, pal = this.pal;
    const dword = (this.crtc[0x14]! & 0x40) !== 0;
    for (let i = 0; i < chars && (i + 1) * 8 <= w; i++) {
      const a = dword ? ((ma + i) << 2) & 0xffff : (ma + i) & 0xffff;
      for (let k = 0; k < 4; k++) {
        const col = pal.dacColour(p[k * PLANE + a]!);
        const o = at + i * 8 + k * 2;
        px[o] = col; px[o + 1] = col;
      }
    }
  }

  // ---- status ----
  /** Input status 1: bit 0 = display disabled (blanking), bit 3 = vertical retrace. */
  status(): number {
    const now = this.scheduler.now;
    this.catchUp(now);
    this.pal.resetFlipFlop();
    const y = this.line;
    const ch = Math.floor((now - this.syncedTo) / (this.lineTicks / (this.crtc[0]! + 5)));
    const vr = ((y - this.retraceStart + this.totalLines) % this.totalLines) < this.retraceLines;
    const de = y < this.displayLines && ch <= this.crtc[1]!;
    return (de ? 0 : 1) | (vr ? 8 : 0);
  }

  // ---- bus ----
  memRead(addr: number): number {
    const off = this.mem.windowOffset(addr);
    return off < 0 ? 0xff : this.mem.read(off);
  }

  memWrite(addr: number, value: number): void {
    const off = this.mem.windowOffset(addr);
    if (off < 0) return;
    this.catchUp(this.scheduler.now);
    this.mem.write(off, value);
  }

  ioRead(port: number): number {
    if (port >= 0x3c0 && port < 0x3d0) {
      switch (port) {
        case 0x3c2: return 0x10;
        case 0x3c4: return this.seqIndex;
        case 0x3c5: return this.seqIndex < 5 ? this.seq[this.seqIndex]! : 0xff;
        case 0x3cc: return this.misc;
        case 0x3ce: return this.gcIndex;
        case 0x3cf: return this.gcIndex < 9 ? this.mem.s.gc[this.gcIndex]! : 0xff;
        default: { const v = this.pal.ioRead(port); return v; }
      }
    }
    const b = this.crtcBase;
    if (port === b + 4) return this.crtcIndex;
    if (port === b + 5) return this.crtcIndex < 0x19 ? this.crtc[this.crtcIndex]! : 0xff;
    if (port === b + 0x0a) return this.status();
    return -1;
  }

  ioWrite(port: number, v: number): boolean {
    if (port >= 0x3c0 && port < 0x3d0) {
      this.catchUp(this.scheduler.now);
      switch (port) {
        case 0x3c2: this.misc = v; this.rearm(); return true;
        case 0x3c4: this.seqIndex = v & 7; return true;
        case 0x3c5:
          if (this.seqIndex < 5) this.seq[this.seqIndex] = v;
          if (this.seqIndex === 2) this.mem.s.mapMask = v & 0x0f;
          if (this.seqIndex === 4) this.mem.s.memMode = v & 0x0f;
          this.rearm();
          return true;
        case 0x3ce: this.gcIndex = v & 0x0f; return true;
        case 0x3cf: if (this.gcIndex < 9) this.mem.s.gc[this.gcIndex] = v; return true;
        default: return this.pal.ioWrite(port, v);
      }
    }
    const b = this.crtcBase;
    if (port === b + 4) { this.crtcIndex = v & 0x1f; return true; }
    if (port === b + 5) {
      this.catchUp(this.scheduler.now);
      // Registers 00h-07h are write-protected while CRTC 11h bit 7 is set (bit 4 of 07h stays writable).
      const i = this.crtcIndex;
      if (i >= 0x19) return true;
      if (i < 8 && (this.crtc[0x11]! & 0x80) !== 0) { if (i === 7) this.crtc[7] = (this.crtc[7]! & ~0x10) | (v & 0x10); return true; }
      this.crtc[i] = v;
      if (this.line >= this.totalLines) this.line = 0;
      this.rearm();
      return true;
    }
    return false;
  }

  screenText(): string {
    if ((this.mem.s.gc[Gc.Misc]! & 1) !== 0) return '';
    // Text: character/attribute pairs as the CPU sees them (planes 0 and 1, odd/even).
    const cells = new Uint8Array(0x8000);
    const start = (this.crtc[0x0c]! << 8) | this.crtc[0x0d]!;
    const cols = this.crtc[1]! + 1, rows = Math.floor(this.displayLines / ((this.crtc[9]! & 0x1f) + 1));
    for (let i = 0; i < cols * rows; i++) {
      const a = ((start + i) << 1) & 0xffff;
      cells[i * 2] = this.mem.s.planes[a]!;
      cells[i * 2 + 1] = this.mem.s.planes[PLANE + a]!;
    }
    return textFromCells(cells, 0, cols, rows, 0x7fff);
  }

  readonly part: Part<VgaState> = {
    stateVersion: 1,
    getState: () => ({
      mem: this.mem.getState(), pal: this.pal.getState(), misc: this.misc, seq: this.seq.slice(), seqIndex: this.seqIndex,
      crtc: this.crtc.slice(), crtcIndex: this.crtcIndex, gcIndex: this.gcIndex, syncedTo: this.syncedTo, line: this.line,
      frames: this.frames, pixels: this.pixels.slice(),
    }),
    setState: (st) => {
      if (typeof st !== 'object' || st === null || !(st.seq instanceof Uint8Array) || st.seq.length !== 5 ||
          !(st.crtc instanceof Uint8Array) || st.crtc.length !== 0x19 || !(st.pixels instanceof Uint32Array) ||
          st.pixels.length !== this.pixels.length || ![st.misc, st.syncedTo, st.line, st.frames].every(Number.isFinite))
        throw new CorruptStateError('VGA state: malformed');
      this.mem.setState(st.mem);
      this.pal.setState(st.pal);
      this.misc = st.misc & 0xff; this.seq.set(st.seq); this.seqIndex = st.seqIndex & 7;
      this.crtc.set(st.crtc); this.crtcIndex = st.crtcIndex & 0x1f; this.gcIndex = st.gcIndex & 0x0f;
      this.syncedTo = st.syncedTo; this.line = st.line; this.frames = st.frames; this.pixels.set(st.pixels);
    },
  };
}
