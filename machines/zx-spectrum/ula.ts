/**
 * The 48K Spectrum's ULA (Ferranti 5C102E/6C001E): frame timing, the picture with its border,
 * memory contention and the floating bus. It catches up lazily: the picture is drawn up to the
 * current T-state only when something visible is about to change (a border OUT, a write to screen
 * memory) and at the end of the frame.
 *
 * Timing (48K, issue 2/3; "The ZX Spectrum ULA", Chris Smith, ch. 10-11; the Fuse emulator's
 * `machines/spec48.c` timings agree): 3.5 MHz CPU clock, 224 T-states per line, 312 lines,
 * 69,888 T-states per frame (50.08 Hz). The frame starts when /INT is asserted, for 32 T-states.
 * Line 64 holds the first paper line; its first pixel byte is fetched at T-state 14,336, so paper
 * line y starts at T = (64 + y) * 224. Each T-state is two pixels.
 *
 * Contention: during the 128 paper T-states of each of the 192 paper lines, an access to
 * 0x4000-0x7FFF (or an I/O cycle the ULA answers) starting at T is delayed by 6,5,4,3,2,1,0,0
 * T-states for T = 14,335 + 8k + 0..7 (ch. 11; the delays are the same as Fuse's `contend_delay`).
 *
 * Picture: 320x240 pixels, the 256x192 paper with a 32-pixel border left and right and 24 lines
 * above and below (the PAL-visible part of the 48-pixel/56-line border). It is drawn in 8-pixel
 * cells, each at the T-state the beam passes its left edge, so border changes land within 4 T
 * (8 pixels): tape-loading stripes and racing-the-beam effects look right. FLASH swaps ink and
 * paper every 16 frames.
 *
 * Floating bus: a read of a port nobody answers returns what the ULA is fetching at that moment:
 * for T = 14,336 + 8k + {2,3,4,5} on paper lines, pixel byte, attribute, next pixel byte, next
 * attribute; 0xFF otherwise (Sinclair FAQ wiki, "Floating bus": 14,338 0x4000, 14,339 0x5800,
 * 14,340 0x4001, 14,341 0x5801, then four idle T-states).
 *
 * Not emulated: the ULA's snow effect (I register in 0x40-0x7F), the exact analogue colour levels,
 * the odd pixel delay of the ULA's shift register against its fetch (we draw each 8-pixel cell at
 * its fetch time), issue-2 EAR/MIC read behaviour (we are an issue 3).
 */

export const T_PER_LINE = 224;
export const LINES_PER_FRAME = 312;
export const T_PER_FRAME = T_PER_LINE * LINES_PER_FRAME; // 69,888
export const INT_LENGTH_T = 32;
export const FIRST_PAPER_LINE = 64;
export const PAPER_START_T = FIRST_PAPER_LINE * T_PER_LINE; // 14,336
export const CONTENTION_START_T = PAPER_START_T - 1; // 14,335

export const SCREEN_WIDTH = 320;
export const SCREEN_HEIGHT = 240;
const BORDER_LEFT_PX = 32;
const BORDER_TOP_LINES = 24;
const CELLS_PER_ROW = SCREEN_WIDTH / 8;
const CELL_COUNT = CELLS_PER_ROW * SCREEN_HEIGHT;
const FIRST_VISIBLE_LINE = FIRST_PAPER_LINE - BORDER_TOP_LINES;

/** Delay in T-states for a contended access starting at frame T-state t (length covers overshoot). */
export const CONTENTION = buildContention();

function buildContention(): Uint8Array {
  // Room past the frame end: the CPU may overshoot by one instruction before the frame timer runs.
  const table = new Uint8Array(T_PER_FRAME + 4096);
  const pattern = [6, 5, 4, 3, 2, 1, 0, 0];
  for (let line = 0; line < 192; line++) {
    const start = CONTENTION_START_T + line * T_PER_LINE;
    for (let i = 0; i < 128; i++) table[start + i] = pattern[i & 7]!;
  }
  return table;
}

/** 0xAABBGGRR colours of the 16 Spectrum colours (bright 0-7 at 0xD7, bright at 0xFF). */
export const PALETTE = buildPalette();

function buildPalette(): Uint32Array {
  const p = new Uint32Array(16);
  for (let i = 0; i < 16; i++) {
    // UNVERIFIED: the ULA's real levels are not linear; 0xD7 is the common emulator choice.
    const level = i >= 8 ? 0xff : 0xd7;
    const b = (i & 1) ? level : 0, r = (i & 2) ? level : 0, g = (i & 4) ? level : 0;
    p[i] = (0xff000000 | (b << 16) | (g << 8) | r) >>> 0;
  }
  return p;
}

/** Offset in the 6 KB bitmap of paper line y (0..191), column byte 0. */
export function bitmapOffset(y: number): number {
  return ((y & 0xc0) << 5) | ((y & 0x07) << 8) | ((y & 0x38) << 2);
}

export interface UlaState {
  /** CPU cycle at which the current frame started (its /INT). */
  frameStart: number;
  border: number;
  /** Frames since power-on; FLASH phase is bit 4. */
  frames: number;
  /** Next 8-pixel cell to draw in this frame. */
  cell: number;
  /** The picture being drawn (cells before `cell` are this frame's, the rest the last frame's). */
  pixels: Uint32Array;
}

/** Frame T-state at which cell `i` (row-major, 40 per row) is drawn. */
function cellTime(i: number): number {
  const row = (i / CELLS_PER_ROW) | 0;
  return (FIRST_VISIBLE_LINE + row) * T_PER_LINE - BORDER_LEFT_PX / 2 + (i - row * CELLS_PER_ROW) * 4;
}

/** Per cell: the T-state it is drawn at, and its bitmap / attribute address (-1 for border). */
const CELL_T = new Int32Array(CELL_COUNT + 1);
const CELL_BITMAP = new Int32Array(CELL_COUNT);
const CELL_ATTR = new Int32Array(CELL_COUNT);
for (let i = 0; i < CELL_COUNT; i++) {
  CELL_T[i] = cellTime(i);
  const row = (i / CELLS_PER_ROW) | 0;
  const y = row - BORDER_TOP_LINES, x = i - row * CELLS_PER_ROW - BORDER_LEFT_PX / 8;
  const paper = y >= 0 && y < 192 && x >= 0 && x < 32;
  CELL_BITMAP[i] = paper ? 0x4000 + bitmapOffset(y) + x : -1;
  CELL_ATTR[i] = paper ? 0x5800 + ((y >> 3) << 5) + x : -1;
}
CELL_T[CELL_COUNT] = 0x7fffffff;

export class Ula {
  s: UlaState = {
    frameStart: 0, border: 7, frames: 0, cell: 0, pixels: new Uint32Array(SCREEN_WIDTH * SCREEN_HEIGHT),
  };
  /**
   * What each cell shows now (the bitmap byte as displayed, i.e. after FLASH, | attribute << 8; or
   * border colour | 1 << 20), so an unchanged cell is not redrawn. Derived: invalidate() after a state load.
   */
  private readonly shown = new Int32Array(CELL_COUNT).fill(-1);

  /** `mem` is the 64 KB address space; the screen is read at 0x4000. */
  constructor(private readonly mem: Uint8Array) {}

  get pixels(): Uint32Array {
    return this.s.pixels;
  }

  /**
   * Frames still to draw in full: 0 means nothing visible has changed for a whole frame, so this
   * frame would be the same as the last and drawing is skipped. A change keeps it above 0 for the
   * rest of this frame and all of the next (cells the beam had passed show it only then).
   */
  private dirty = 2;

  /** Forget what is on screen (after a state load or a snapshot): redraw everything. */
  invalidate(): void {
    this.shown.fill(-1);
    this.dirty = 2;
  }

  /** Something visible (screen memory, border) changes at frame T-state t: draw up to t first. */
  change(t: number): void {
    this.catchUp(t);
    this.dirty = 2;
  }

  /** Draw every cell the beam has reached by frame T-state `t`. */
  catchUp(t: number): void {
    const s = this.s;
    let i = s.cell;
    if (CELL_T[i]! > t) return;
    if (this.dirty === 0) {
      // Unchanged since the last frame: those cells already show the right thing.
      while (CELL_T[i]! <= t) i++;
      s.cell = i;
      return;
    }
    const px = s.pixels, mem = this.mem, shown = this.shown;
    const flash = (s.frames & 16) !== 0 ? 0x80 : 0;
    const borderKey = s.border | 0x100000;
    while (CELL_T[i]! <= t) {
      const ba = CELL_BITMAP[i]!;
      const o = i << 3;
      if (ba < 0) {
        if (shown[i] !== borderKey) {
          shown[i] = borderKey;
          px.fill(PALETTE[s.border]!, o, o + 8);
        }
      } else {
        const attr = mem[CELL_ATTR[i]!]!;
        let bits = mem[ba]!;
        if ((attr & flash) !== 0) bits ^= 0xff;
        const key = bits | (attr << 8);
        if (shown[i] !== key) {
          shown[i] = key;
          const bright = (attr & 0x40) >> 3;
          const ink = PALETTE[(attr & 7) | bright]!, paper = PALETTE[((attr >> 3) & 7) | bright]!;
          px[o] = (bits & 0x80) !== 0 ? ink : paper;
          px[o + 1] = (bits & 0x40) !== 0 ? ink : paper;
          px[o + 2] = (bits & 0x20) !== 0 ? ink : paper;
          px[o + 3] = (bits & 0x10) !== 0 ? ink : paper;
          px[o + 4] = (bits & 0x08) !== 0 ? ink : paper;
          px[o + 5] = (bits & 0x04) !== 0 ? ink : paper;
          px[o + 6] = (bits & 0x02) !== 0 ? ink : paper;
          px[o + 7] = (bits & 0x01) !== 0 ? ink : paper;
        }
      }
      i++;
    }
    s.cell = i;
  }

  /** A border OUT at frame T-state t: draw up to t with the old colour first. */
  setBorder(t: number, colour: number): void {
    if (colour !== this.s.border) {
      this.change(t);
      this.s.border = colour;
    }
  }

  /** Finish the frame and start the next one at CPU cycle `nextStart`; returns the picture. */
  endFrame(nextStart: number): Uint32Array {
    this.catchUp(T_PER_FRAME);
    this.s.cell = 0;
    this.s.frames++;
    this.s.frameStart = nextStart;
    if (this.dirty > 0) this.dirty--;
    // The FLASH phase flips every 16 frames: draw that frame in full.
    if ((this.s.frames & 15) === 0 && this.dirty === 0) this.dirty = 1;
    return this.s.pixels;
  }

  /** What an unattached port returns at frame T-state t (see the header). */
  floatingBus(t: number): number {
    if (t < PAPER_START_T) return 0xff;
    const line = ((t - PAPER_START_T) / T_PER_LINE) | 0;
    if (line >= 192) return 0xff;
    const inLine = t - PAPER_START_T - line * T_PER_LINE;
    if (inLine >= 128) return 0xff;
    const phase = inLine & 7;
    if (phase < 2 || phase > 5) return 0xff;
    const x = ((inLine >> 3) << 1) + ((phase - 2) >> 1);
    return (phase & 1) === 0
      ? this.mem[0x4000 + bitmapOffset(line) + x]!
      : this.mem[0x5800 + ((line >> 3) << 5) + x]!;
  }
}
