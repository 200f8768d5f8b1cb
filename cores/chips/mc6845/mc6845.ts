/**
 * Motorola MC6845 CRT controller (CRTC): the timing generator of the IBM CGA, MDA and Hercules
 * cards. It counts character clocks into scanlines, rows and frames, outputs the memory address
 * (MA0-13) and row address (RA0-4) the card fetches characters with, display enable, HSYNC, VSYNC
 * and the cursor, and latches the light pen address.
 *
 * Clock: the CRTC runs on the card's character clock, which the card derives from its dot clock
 * and may change with its mode (CGA: dots / 8 in 80-column text, / 16 otherwise). So this chip
 * counts character clocks, not master ticks: its owner calls `advance(chars)`, and sets `sync` to
 * a function that does that up to the present, which the chip calls before every register access
 * (lazy catch-up). `predictVsync()` tells the owner when VSYNC will next start, so it can arm one
 * timer for the frame instead of polling.
 *
 * Counters (MC6845 data sheet, "Horizontal Timing" / "Vertical Timing" and Figure 12): the
 * horizontal counter runs 0..R0 (R0 + 1 characters per line); display enable is on while it is
 * below R1 (Horizontal Displayed) and the vertical display flag is on; HSYNC starts at R2 and lasts
 * R3 bits 0-3 characters (0: no HSYNC on the MC6845). At the end of a line the raster counter
 * counts 0..R9; at the end of the row's last line the row counter counts 0..R4, then R5 (Vertical
 * Total Adjust) extra lines, then a new frame starts at MA = R12:R13. The vertical display flag
 * goes off when the row counter reaches R6. VSYNC starts on the first line of row R7 and lasts
 * 16 lines (fixed on the MC6845: R3 bits 4-7 are ignored). The memory address of a row's first
 * character is the previous row's plus R1.
 *
 * Cursor (R10/R11): shown on lines R10 bits 0-4 .. R11 of the character at R14:R15. R10 bits 5-6:
 * 00 steady, 01 off, 10 blinking at 1/16 of the field rate, 11 at 1/32.
 *
 * Registers: R0-R11 and R12/R13 are write-only (they read 0 on the MC6845), R14/R15 read/write,
 * R16/R17 (light pen) read-only; the address register is write-only (5 bits).
 *
 * Not emulated: interlace (R8 is stored but frames are always non-interlaced), the skew bits of
 * later CRTC types (HD6845S, UM6845R), a register written so that a counter has already passed its
 * compare value (the 8-bit horizontal counter then wraps at 256, as on the chip, but the 7-bit row
 * counter and 5-bit raster counter wrap at their widths too; UNVERIFIED against hardware).
 */
import { CorruptStateError } from '../../kernel/errors.ts';
import type { Part } from '../../kernel/part.ts';

/** Register numbers (MC6845 data sheet, Table 2). */
export const enum Crtc {
  HTotal = 0, HDisplayed = 1, HSyncPos = 2, SyncWidth = 3, VTotal = 4, VTotalAdjust = 5,
  VDisplayed = 6, VSyncPos = 7, Interlace = 8, MaxScanLine = 9, CursorStart = 10, CursorEnd = 11,
  StartHigh = 12, StartLow = 13, CursorHigh = 14, CursorLow = 15, LightPenHigh = 16, LightPenLow = 17,
}

/** Bits each register holds (data sheet, Table 2); unused high bits are dropped on write. */
const REG_MASK = [0xff, 0xff, 0xff, 0xff, 0x7f, 0x1f, 0x7f, 0x7f, 0x03, 0x1f, 0x7f, 0x1f, 0x3f, 0xff, 0x3f, 0xff, 0x3f, 0xff];
/** VSYNC length in scanlines: fixed on the MC6845. */
export const VSYNC_LINES = 16;

export interface Mc6845State {
  /** R0-R17. */
  regs: Uint8Array;
  /** Address register (selects the register the data port reaches). */
  addr: number;
  /** Horizontal character counter (8 bits). */
  hc: number;
  /** Character row counter (7 bits). */
  vc: number;
  /** Raster (scanline within row) counter (5 bits). */
  ra: number;
  /** In the vertical total adjust lines after the last row. */
  inAdjust: boolean;
  /** Adjust lines done so far. */
  adjust: number;
  /** Vertical display flag: rows 0 .. R6-1 of this frame. */
  vDisp: boolean;
  /** VSYNC lines still to go (0: VSYNC off). */
  vsyncLeft: number;
  /** Memory address of the first character of the current row. */
  maRow: number;
  /** Frames started since power-on (cursor blink). */
  field: number;
}

/** The numbers a line step changes; `predictVsync` steps a copy of them. */
interface Counters { hc: number; vc: number; ra: number; inAdjust: boolean; adjust: number; vDisp: boolean; vsyncLeft: number; maRow: number; field: number }

export class Mc6845 implements Part<Mc6845State> {
  readonly stateVersion = 1;
  s: Mc6845State = {
    regs: new Uint8Array(18), addr: 0, hc: 0, vc: 0, ra: 0, inAdjust: false, adjust: 0, vDisp: false,
    vsyncLeft: 0, maRow: 0, field: 0,
  };
  /** Called before every register access: the owner advances the chip to the present. */
  sync: () => void = () => {};
  /**
   * Called at the end of every scanline, before the counters move on: the owner draws the line
   * from `s.maRow`, `s.ra` and `s.vDisp` (they still describe the line that ends).
   */
  onLineEnd: () => void = () => {};
  /** Called when VSYNC starts (at the start of the first line of row R7). */
  onVsync: () => void = () => {};
  /** Called when a new frame starts (row 0, line 0). */
  onFrameStart: () => void = () => {};

  reset(): void {
    const s = this.s;
    s.hc = 0; s.vc = 0; s.ra = 0; s.inAdjust = false; s.adjust = 0; s.vsyncLeft = 0;
    s.maRow = this.startAddress; s.vDisp = s.regs[Crtc.VDisplayed]! !== 0;
  }

  // ---- bus side ----------------------------------------------------------------------------

  /** Write the address register (RS = 0). */
  selectRegister(v: number): void {
    this.s.addr = v & 0x1f;
  }

  /** Write the selected register (RS = 1). Registers past R15 ignore writes. */
  writeData(v: number): void {
    const a = this.s.addr;
    if (a > Crtc.CursorLow) return;
    this.sync();
    this.s.regs[a] = v & REG_MASK[a]!;
  }

  /** Read the selected register: R14-R17 answer, the write-only ones read 0. */
  readData(): number {
    const a = this.s.addr;
    if (a < Crtc.CursorHigh || a > Crtc.LightPenLow) return 0;
    this.sync();
    return this.s.regs[a]!;
  }

  /** Register-select pin RS (address bit 0 on the PC cards). */
  write(rs: number, v: number): void {
    if ((rs & 1) === 0) this.selectRegister(v); else this.writeData(v);
  }
  read(rs: number): number {
    return (rs & 1) === 0 ? 0 : this.readData();
  }

  /** LPSTB: latch the address of the character being scanned into R16/R17. */
  strobeLightPen(): void {
    this.sync();
    const ma = this.ma;
    this.s.regs[Crtc.LightPenHigh] = (ma >> 8) & 0x3f;
    this.s.regs[Crtc.LightPenLow] = ma & 0xff;
  }

  // ---- outputs -----------------------------------------------------------------------------

  get startAddress(): number {
    return ((this.s.regs[Crtc.StartHigh]! << 8) | this.s.regs[Crtc.StartLow]!) & 0x3fff;
  }
  get cursorAddress(): number {
    return ((this.s.regs[Crtc.CursorHigh]! << 8) | this.s.regs[Crtc.CursorLow]!) & 0x3fff;
  }
  /** Memory address being output now (MA0-13). */
  get ma(): number {
    return (this.s.maRow + this.s.hc) & 0x3fff;
  }
  /** Characters per line (R0 + 1). */
  get lineChars(): number {
    return this.s.regs[Crtc.HTotal]! + 1;
  }
  /** DISPEN now. */
  get displayEnable(): boolean {
    return this.s.vDisp && this.s.hc < this.s.regs[Crtc.HDisplayed]!;
  }
  /** HSYNC now. */
  get hsync(): boolean {
    const w = this.s.regs[Crtc.SyncWidth]! & 15;
    return ((this.s.hc - this.s.regs[Crtc.HSyncPos]!) & 0xff) < w;
  }
  /** VSYNC now. */
  get vsync(): boolean {
    return this.s.vsyncLeft > 0;
  }
  /**
   * Whether the cursor is on for raster line `ra` of the cursor character (the blink phase of the
   * current field included). The owner compares MA with `cursorAddress` itself.
   */
  cursorOnLine(ra: number): boolean {
    const r10 = this.s.regs[Crtc.CursorStart]!;
    const mode = (r10 >> 5) & 3;
    if (mode === 1) return false;
    if (mode === 2 && (this.s.field & 8) !== 0) return false;
    if (mode === 3 && (this.s.field & 16) !== 0) return false;
    const start = r10 & 0x1f, end = this.s.regs[Crtc.CursorEnd]!;
    // UNVERIFIED: with start > end the MC6845 shows the cursor from start to the row's end and
    // from line 0 to end (a split cursor), as reported for the CGA.
    return start <= end ? ra >= start && ra <= end : ra >= start || ra <= end;
  }

  // ---- time --------------------------------------------------------------------------------

  /** Characters left in the current line (counting the current one). */
  private charsLeftInLine(hc: number): number {
    const r0 = this.s.regs[Crtc.HTotal]!;
    // A counter already past R0 (R0 lowered mid-line) runs on to 255 and wraps, as the chip's does.
    return hc <= r0 ? r0 + 1 - hc : 256 - hc + r0 + 1;
  }

  /** Run `chars` character clocks. Calls onLineEnd / onFrameStart / onVsync as lines complete. */
  advance(chars: number): void {
    const s = this.s;
    while (chars > 0) {
      const left = this.charsLeftInLine(s.hc);
      if (chars < left) { s.hc += chars; return; }
      chars -= left;
      this.onLineEnd();
      s.hc = 0;
      const ev = this.stepLine(s);
      if ((ev & 1) !== 0) this.onFrameStart();
      if ((ev & 2) !== 0) this.onVsync();
    }
  }

  /**
   * Move the vertical counters of `c` on by one line (horizontal counter already 0). Returns bit 0
   * set when a new frame started, bit 1 when VSYNC started.
   */
  private stepLine(c: Counters): number {
    const r = this.s.regs;
    let ev = 0;
    if (c.vsyncLeft > 0) c.vsyncLeft--;
    let newRow = false;
    if (c.inAdjust) {
      c.adjust++;
      if (c.adjust >= r[Crtc.VTotalAdjust]!) ev = 1;
    } else if (c.ra === r[Crtc.MaxScanLine]!) {
      c.ra = 0;
      c.maRow = (c.maRow + r[Crtc.HDisplayed]!) & 0x3fff;
      if (c.vc === r[Crtc.VTotal]!) {
        if (r[Crtc.VTotalAdjust]! === 0) ev = 1;
        else { c.inAdjust = true; c.adjust = 0; c.vc = (c.vc + 1) & 0x7f; }
      } else {
        c.vc = (c.vc + 1) & 0x7f;
        newRow = true;
      }
    } else {
      c.ra = (c.ra + 1) & 0x1f;
    }
    if (ev === 1) {
      c.vc = 0; c.ra = 0; c.inAdjust = false; c.adjust = 0;
      c.maRow = ((r[Crtc.StartHigh]! << 8) | r[Crtc.StartLow]!) & 0x3fff;
      c.vDisp = true;
      c.field++;
      newRow = true;
    }
    if (newRow) {
      if (c.vc === r[Crtc.VDisplayed]!) c.vDisp = false;
      if (c.vc === r[Crtc.VSyncPos]! && c.vsyncLeft === 0) { c.vsyncLeft = VSYNC_LINES; ev |= 2; }
    }
    return ev;
  }

  /**
   * Character clocks from now until VSYNC next starts if no register changes, or -1 if it does not
   * start within `maxLines` lines (a CRTC not programmed, or R7 beyond the frame).
   */
  predictVsync(maxLines = 1024): number {
    const s = this.s;
    const c: Counters = {
      hc: 0, vc: s.vc, ra: s.ra, inAdjust: s.inAdjust, adjust: s.adjust, vDisp: s.vDisp,
      vsyncLeft: s.vsyncLeft, maRow: s.maRow, field: s.field,
    };
    let chars = this.charsLeftInLine(s.hc);
    const line = this.lineChars;
    for (let i = 0; i < maxLines; i++) {
      if ((this.stepLine(c) & 2) !== 0) return chars;
      chars += line;
    }
    return -1;
  }

  // ---- state -------------------------------------------------------------------------------

  getState(): Mc6845State {
    return { ...this.s, regs: this.s.regs.slice() };
  }

  setState(st: Mc6845State): void {
    if (typeof st !== 'object' || st === null || !(st.regs instanceof Uint8Array) || st.regs.length !== 18 ||
        ![st.addr, st.hc, st.vc, st.ra, st.adjust, st.vsyncLeft, st.maRow, st.field].every(Number.isInteger))
      throw new CorruptStateError('MC6845 state: malformed');
    this.s = {
      regs: st.regs.slice(), addr: st.addr & 0x1f, hc: st.hc & 0xff, vc: st.vc & 0x7f, ra: st.ra & 0x1f,
      inAdjust: st.inAdjust === true, adjust: st.adjust & 0x1f, vDisp: st.vDisp === true,
      vsyncLeft: Math.min(VSYNC_LINES, Math.max(0, st.vsyncLeft)), maRow: st.maRow & 0x3fff, field: st.field,
    };
  }
}
