/**
 * The Ricoh 2C02 PPU (NTSC), stepped dot by dot: 262 scanlines of 341 dots, the odd-frame
 * skipped dot when rendering, VBL/NMI with the $2002 read races, the "loopy" v/t/x/w scroll
 * registers, background fetches into 16-bit shifters, sprite evaluation (with the overflow
 * bug) and fetches, sprite 0 hit, 8x16 sprites, greyscale and emphasis, palette RAM with its
 * mirrors, the I/O latch ("open bus") with decay, and the A12 / pattern-fetch notifications
 * that MMC3 and MMC2 watch.
 *
 * Lazy: the machine calls `run(dot)` to bring the PPU up to a dot (PPU clocks since power-on)
 * before every register access and when its next event is due (`nextEventDot`: VBL start, and
 * every scanline while a board counts A12 rises).
 *
 * Simplifications (TODO(accuracy)): sprites are evaluated for the next line in one go at dot
 * 65 (the overflow flag still rises on the dot the hardware would find the 9th sprite) and their
 * pixels prepared at dot 320 (exact unless OAM changes mid-line); $2004 reads
 * during rendering return OAM, not the secondary-OAM bus; writes to $2006 take effect at once
 * (no 3-dot delay); no power-on register lock-out; the dummy nametable fetches at 337/339 are
 * not made.
 *
 * References: nesdev wiki "PPU rendering" (frame timing diagram), "PPU scrolling" (loopy's
 * document), "PPU sprite evaluation", "PPU registers", "PPU palettes", "Open bus behavior",
 * "NMI" (VBL race timing).
 */
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import type { Part } from '../../cores/kernel/part.ts';
import type { Mapper } from './mappers/mapper.ts';

export const WIDTH = 256;
export const HEIGHT = 240;
export const DOTS_PER_LINE = 341;
export const LINES = 262;
/**
 * The dot of line 241 whose processing raises the VBL flag and NMI. The wiki says dot 1; our CPU
 * reads see the PPU up to the dot before their sample point, so the flag goes up one dot earlier
 * here and a $2002 read on that very dot still reads it clear (tuned with ppu_vbl_nmi 02-08).
 */
const VBL_DOT = 0;
/** The I/O latch decays after about 600 ms without a refresh (nesdev "Open bus"); in dots. */
const DECAY_DOTS = 3_200_000;

export interface PpuState {
  clock: number;
  line: number;
  dot: number;
  odd: boolean;
  frames: number;
  v: number; t: number; x: number; w: number;
  ctrl: number; mask: number; status: number;
  oamAddr: number;
  readBuf: number;
  ioBus: number;
  /** Dot at which each bit of ioBus was last driven. */
  ioRefresh: number[];
  nmiOut: boolean;
  /** A $2002 read just before VBL start: the flag is not set this frame. */
  suppressVbl: boolean;
  nt: number; at: number; patLo: number; patHi: number;
  bgLo: number; bgHi: number; atLo: number; atHi: number;
  secCount: number;
  spr0Next: boolean;
  /** The line being drawn has sprite pixels. */
  sprAny: boolean;
  /** Odd frame with rendering on at pre-render dot 338: dot 340 is skipped. */
  skip: boolean;
  /** PPU clock at which this line's sprite overflow flag rises, or -1. */
  ovfAt: number;
  oam: Uint8Array;
  sec: Uint8Array;
  sprLo: Uint8Array;
  sprHi: Uint8Array;
  palette: Uint8Array;
  /** Sprite pixels of the line being drawn: bits 0-3 palette entry, 5 behind background, 6 sprite 0. */
  sprLine: Uint8Array;
  /** The frame so far, as RGBA (0xAABBGGRR) pixels. */
  frame: Uint32Array;
}

export class Ppu implements Part<PpuState> {
  readonly stateVersion = 1;
  s: PpuState = Ppu.powerOn();
  /** RGBA colours for colour | emphasis << 6. */
  lut: Uint32Array;
  /** The frame buffer handed to the host (it is `s.frame`, drawn in place). */
  get pixels(): Uint32Array { return this.s.frame; }
  /**
   * RGBA of the 32 palette entries under the current greyscale and emphasis bits: derived from
   * the palette RAM, PPUMASK and the colour table, recomputed when any of them changes.
   */
  private readonly colors = new Uint32Array(32);
  private colorsDirty = true;
  mapper!: Mapper;
  /** The NMI output changed (asserted = the /NMI line pulled low). */
  onNmi: (asserted: boolean) => void = () => {};
  /** A $2002 read right after VBL start: the NMI the CPU latched never happened. */
  onNmiCancel: () => void = () => {};
  /** VBL began: the frame is complete. */
  onFrame: () => void = () => {};

  constructor(lut: Uint32Array) {
    this.lut = lut;
  }

  static powerOn(): PpuState {
    return {
      clock: 0, line: 0, dot: 0, odd: false, frames: 0,
      v: 0, t: 0, x: 0, w: 0, ctrl: 0, mask: 0, status: 0, oamAddr: 0, readBuf: 0,
      ioBus: 0, ioRefresh: [0, 0, 0, 0, 0, 0, 0, 0], nmiOut: false, suppressVbl: false,
      nt: 0, at: 0, patLo: 0, patHi: 0, bgLo: 0, bgHi: 0, atLo: 0, atHi: 0,
      secCount: 0, spr0Next: false, sprAny: false, skip: false, ovfAt: -1,
      oam: new Uint8Array(256), sec: new Uint8Array(32), sprLo: new Uint8Array(8), sprHi: new Uint8Array(8),
      palette: new Uint8Array(32), sprLine: new Uint8Array(256), frame: new Uint32Array(WIDTH * HEIGHT),
    };
  }

  get rendering(): boolean {
    return (this.s.mask & 0x18) !== 0;
  }

  /** The dot (PPU clock) of the next thing the CPU must not miss: VBL start, or a scanline for A12 watchers. */
  nextEventDot(): number {
    const s = this.s;
    // Dots to the VBL start. Assumes a full pre-render line (the odd skip only makes it come sooner,
    // so the machine then syncs one dot late at worst; it re-syncs on every access anyway).
    let lines = 241 - s.line;
    if (lines < 0 || (lines === 0 && s.dot >= VBL_DOT)) lines += LINES;
    let d = s.clock + lines * DOTS_PER_LINE + (VBL_DOT - s.dot);
    if (s.line === 261 || lines > 20) {
      // Crosses the pre-render line: with rendering on, an odd frame is one dot shorter.
      if ((s.mask & 0x18) !== 0 && s.odd && !(s.line === 261 && s.dot > 339)) d -= 1;
    }
    if (this.mapper.watchA12 && (s.mask & 0x18) !== 0) {
      // Just after each fetch where A12 can rise after a long low: the first sprite fetch (dot 259
      // as the MMC3 sees it), each sprite fetch in 8x16 mode, the first background prefetch (323).
      const dot = s.dot;
      let t: number;
      // After VBL, A12 has been low since dot 337 of line 239: a pattern table at $1000 rises at
      // the pre-render line's first fetch (dot 3).
      if (s.line >= 240 && s.line < 261) t = (261 - s.line) * DOTS_PER_LINE + 4;
      else if (s.line === 261 && dot < 4) t = 4;
      else if (dot < 260) t = 260;
      else if ((s.ctrl & 0x20) !== 0 && dot < 316) t = 260 + (((dot - 260) >> 3) + 1) * 8;
      else if (dot < 324) t = 324;
      else t = DOTS_PER_LINE + 260;
      const a = s.clock + t - dot;
      if (a < d) d = a;
    }
    return d;
  }


  // ---- the dot loop ----

  run(target: number): void {
    const s = this.s;
    while (s.clock < target) {
      const line = s.line;
      if (line >= 240 && line < 261) {
        // Post-render and VBL lines: nothing happens but the VBL start at (241, 1).
        if (line === 241 && s.dot === VBL_DOT) { this.startVbl(); s.dot++; s.clock++; continue; }
        const end = line === 241 && s.dot < VBL_DOT ? VBL_DOT : DOTS_PER_LINE;
        const n = Math.min(end - s.dot, target - s.clock);
        s.dot += n; s.clock += n;
        if (s.dot === DOTS_PER_LINE) { s.dot = 0; s.line++; }
        continue;
      }
      const d = s.dot;
      if ((s.mask & 0x18) !== 0) {
        // Whole 8-dot tiles and the sprite-fetch stretch at once when no access falls inside them.
        if ((d & 7) === 1 && (d <= 249 || d === 321 || d === 329) && s.clock + 8 <= target) { this.tile(d <= 256 && line !== 261); continue; }
        if (d === 257 && s.clock + 64 <= target) { this.spriteFetches(); continue; }
      } else if (line !== 261 && d >= 1 && d <= 256 && s.clock + (257 - d) <= target) {
        this.backdrop(d);
        continue;
      }
      this.dot();
    }
  }

  /** Dots d..d+7 of a tile (d = 1, 9, ... 249, 321, 329): pixels, fetches, shifts, coarse X. */
  private tile(visible: boolean): void {
    const s = this.s, m = this.mapper;
    const d = s.dot;
    if (d === 1 && s.line === 261) { s.status &= 0x1f; this.updateNmi(); }
    if (d === 65 && visible) this.evaluateSprites(s.line);
    if (visible) {
      if (this.colorsDirty) this.updateColors();
      const mask = s.mask, fx = s.x, bgLo = s.bgLo, bgHi = s.bgHi, atLo = s.atLo, atHi = s.atHi;
      const colors = this.colors, spr = s.sprLine, frame = s.frame;
      const x0 = d - 1, base = s.line * WIDTH + x0;
      // Left 8 pixels hidden by PPUMASK bits 1-2 (only the first tile of a line).
      const bgOn = (mask & 0x08) !== 0 && (x0 >= 8 || (mask & 0x02) !== 0);
      const spOn = (mask & 0x10) !== 0 && (x0 >= 8 || (mask & 0x04) !== 0) && s.sprAny;
      for (let i = 0; i < 8; i++) {
        let bg = 0;
        if (bgOn) {
          const bit = 15 - fx - i;
          const p = ((bgLo >> bit) & 1) | (((bgHi >> bit) << 1) & 2);
          if (p !== 0) bg = p | (((atLo >> bit) << 2) & 4) | (((atHi >> bit) << 3) & 8);
        }
        if (spOn) {
          const x = x0 + i, sp = spr[x]!;
          if (sp !== 0) {
            if (bg !== 0 && (sp & 0x40) !== 0 && x !== 255) s.status |= 0x40;
            if (bg === 0 || (sp & 0x20) === 0) bg = 0x10 | (sp & 0x0f);
          }
        }
        frame[base + i] = colors[bg]!;
      }
    }
    const v = s.v;
    let a = 0x2000 | (v & 0x0fff);
    const nt = m.nt[m.ntMap[(a >> 10) & 3]! + (a & 0x3ff)]!;
    a = 0x23c0 | (v & 0x0c00) | ((v >> 4) & 0x38) | ((v >> 2) & 7);
    const at = (m.nt[m.ntMap[(a >> 10) & 3]! + (a & 0x3ff)]! >> (((v >> 4) & 4) | (v & 2))) & 3;
    a = ((s.ctrl & 0x10) << 8) | (nt << 4) | ((v >> 12) & 7);
    const lo = m.chr[m.chrMap[a >> 10]! + (a & 0x3ff)]!;
    const hi = m.chr[m.chrMap[a >> 10]! + ((a | 8) & 0x3ff)]!;
    if (m.watchA12) { m.ppuA12(a, s.clock + 2); m.ppuA12(a | 8, s.clock + 4); }
    if (m.watchChr) m.chrLatch(a | 8);
    s.nt = nt; s.at = at; s.patLo = lo; s.patHi = hi;
    s.bgLo = ((s.bgLo << 8) | lo) & 0xffff; s.bgHi = ((s.bgHi << 8) | hi) & 0xffff;
    s.atLo = ((s.atLo << 8) | ((at & 1) !== 0 ? 0xff : 0)) & 0xffff;
    s.atHi = ((s.atHi << 8) | ((at & 2) !== 0 ? 0xff : 0)) & 0xffff;
    this.incX();
    s.clock += 8; s.dot += 8;
    if (d === 249) {
      this.incY();
      if (s.line === 261) s.secCount = 0;
      else if (s.ovfAt >= 0) { s.status |= 0x20; s.ovfAt = -1; }
    }
  }

  /** Dots 257-320: horizontal (and on the pre-render line vertical) copy, the 8 sprite fetches. */
  private spriteFetches(): void {
    const s = this.s;
    const pre = s.line === 261;
    s.oamAddr = 0;
    s.v = (s.v & ~0x041f) | (s.t & 0x041f);
    if (pre) s.v = (s.v & ~0x7be0) | (s.t & 0x7be0);
    const clock = s.clock;
    for (let i = 0; i < 8; i++) {
      s.clock = clock + i * 8 + 2; this.fetchSprite(i, s.line, false);
      s.clock = clock + i * 8 + 4; this.fetchSprite(i, s.line, true);
    }
    this.buildSpriteLine();
    s.clock = clock + 64; s.dot = 321;
  }

  /** Rendering off, dots d..256 of a visible line: the backdrop (or the palette entry v points at). */
  private backdrop(d: number): void {
    const s = this.s, v = s.v;
    if (this.colorsDirty) this.updateColors();
    const c = this.colors[(v & 0x3f00) === 0x3f00 ? this.palIndex(v) : 0]!;
    const base = s.line * WIDTH;
    s.frame.fill(c, base + d - 1, base + 256);
    s.clock += 257 - d; s.dot = 257;
  }

  private startVbl(): void {
    const s = this.s;
    if (!s.suppressVbl) s.status |= 0x80;
    s.suppressVbl = false;
    this.updateNmi();
    s.frames++;
    this.onFrame();
  }

  private updateNmi(): void {
    const s = this.s;
    const out = (s.status & s.ctrl & 0x80) !== 0;
    if (out !== s.nmiOut) { s.nmiOut = out; this.onNmi(out); }
  }

  /** One dot of a visible or the pre-render line. */
  private dot(): void {
    const s = this.s;
    const d = s.dot, line = s.line;
    const pre = line === 261;
    if (pre && d === 1) { s.status &= 0x1f; this.updateNmi(); }
    if ((s.mask & 0x18) !== 0) {
      if (d >= 1 && d <= 256) {
        if (!pre) this.pixel(d - 1);
        this.bgStep(d);
        if (d === 65 && !pre) this.evaluateSprites(line);
        if (d === 256) {
          this.incY();
          if (pre) s.secCount = 0;
          else if (s.ovfAt >= 0) { s.status |= 0x20; s.ovfAt = -1; }
        }
      } else if (d >= 257 && d <= 320) {
        s.oamAddr = 0;
        if (d === 257) s.v = (s.v & ~0x041f) | (s.t & 0x041f);
        if (pre && d >= 280 && d <= 304) s.v = (s.v & ~0x7be0) | (s.t & 0x7be0);
        const phase = (d - 257) & 7;
        if (phase === 2) this.fetchSprite((d - 257) >> 3, line, false);
        else if (phase === 4) this.fetchSprite((d - 257) >> 3, line, true);
        if (d === 320) this.buildSpriteLine();
      } else if (d >= 321 && d <= 336) {
        this.bgStep(d);
      }
    } else if (d >= 1 && d <= 256 && !pre) {
      // Rendering off: the backdrop, or the palette entry v points at (the "palette hack").
      const v = s.v;
      if (this.colorsDirty) this.updateColors();
      s.frame[line * WIDTH + d - 1] = this.colors[(v & 0x3f00) === 0x3f00 ? this.palIndex(v) : 0]!;
    }
    // The first dummy name-table fetch drives A12 low for the rest of the line (VBL on line 239).
    if (d === 337 && (s.mask & 0x18) !== 0 && this.mapper.watchA12) this.mapper.ppuA12(0x2000 | (s.v & 0x0fff), s.clock);
    // Advance.
    s.clock++;
    // The skip is decided a dot before it happens: rendering enabled at dot 339 is too late
    // (10-even_odd_timing).
    if (pre && d === 338) s.skip = s.odd && (s.mask & 0x18) !== 0;
    if (pre && d === 339 && s.skip) {
      s.dot = 0; s.line = 0; s.odd = false;
      return;
    }
    if (++s.dot === DOTS_PER_LINE) {
      s.dot = 0;
      if (++s.line === LINES) { s.line = 0; s.odd = !s.odd; }
    }
  }

  private updateColors(): void {
    const s = this.s, grey = (s.mask & 1) !== 0 ? 0x30 : 0x3f, emph = (s.mask & 0xe0) << 1;
    for (let i = 0; i < 32; i++) this.colors[i] = this.lut[(s.palette[i]! & grey) | emph]!;
    this.colorsDirty = false;
  }

  /** Use another colour table (512 entries: colour | emphasis << 6) from now on. */
  setPalette(lut: Uint32Array): void {
    this.lut = lut;
    this.colorsDirty = true;
  }

  private pixel(x: number): void {
    const s = this.s, mask = s.mask;
    let bg = 0;
    if ((mask & 0x08) !== 0 && (x >= 8 || (mask & 0x02) !== 0)) {
      const bit = 15 - s.x;
      const p = ((s.bgLo >> bit) & 1) | (((s.bgHi >> bit) & 1) << 1);
      if (p !== 0) bg = p | (((s.atLo >> bit) & 1) << 2) | (((s.atHi >> bit) & 1) << 3);
    }
    const sp = s.sprLine[x]!;
    if (sp !== 0 && (mask & 0x10) !== 0 && (x >= 8 || (mask & 0x04) !== 0)) {
      if (bg !== 0 && (sp & 0x40) !== 0 && x !== 255) s.status |= 0x40;
      if (bg === 0 || (sp & 0x20) === 0) bg = 0x10 | (sp & 0x0f);
    }
    if (this.colorsDirty) this.updateColors();
    s.frame[s.line * WIDTH + x] = this.colors[bg]!;
  }

  /** Background shifters and fetches for dots 1-256 and 321-336 (one 8-dot group per tile). */
  private bgStep(d: number): void {
    const s = this.s;
    s.bgLo = (s.bgLo << 1) & 0xffff; s.bgHi = (s.bgHi << 1) & 0xffff;
    s.atLo = (s.atLo << 1) & 0xffff; s.atHi = (s.atHi << 1) & 0xffff;
    const m = this.mapper;
    switch (d & 7) {
      case 1: {
        const a = 0x2000 | (s.v & 0x0fff);
        s.nt = m.nt[m.ntMap[(a >> 10) & 3]! + (a & 0x3ff)]!;
        break;
      }
      case 3: {
        const v = s.v;
        const a = 0x23c0 | (v & 0x0c00) | ((v >> 4) & 0x38) | ((v >> 2) & 7);
        const at = m.nt[m.ntMap[(a >> 10) & 3]! + (a & 0x3ff)]!;
        s.at = (at >> (((v >> 4) & 4) | (v & 2))) & 3;
        // A12 as the MMC3 sees it (tuned with mmc3_test 4-scanline_timing): two dots before our
        // pattern fetches, as for the sprite fetches.
        if (m.watchA12) m.ppuA12(((s.ctrl & 0x10) << 8) | (s.nt << 4), s.clock);
        break;
      }
      case 5: {
        const a = ((s.ctrl & 0x10) << 8) | (s.nt << 4) | ((s.v >> 12) & 7);
        s.patLo = m.chr[m.chrMap[a >> 10]! + (a & 0x3ff)]!;
        if (m.watchA12) m.ppuA12(a | 8, s.clock);
        break;
      }
      case 7: {
        const a = ((s.ctrl & 0x10) << 8) | (s.nt << 4) | ((s.v >> 12) & 7) | 8;
        s.patHi = m.chr[m.chrMap[a >> 10]! + (a & 0x3ff)]!;
        if (m.watchChr) m.chrLatch(a);
        break;
      }
      case 0:
        s.bgLo |= s.patLo; s.bgHi |= s.patHi;
        s.atLo |= (s.at & 1) !== 0 ? 0xff : 0; s.atHi |= (s.at & 2) !== 0 ? 0xff : 0;
        this.incX();
        break;
    }
  }

  private incX(): void {
    const s = this.s;
    if ((s.v & 0x1f) === 31) s.v = (s.v & ~0x1f) ^ 0x0400;
    else s.v++;
  }

  private incY(): void {
    const s = this.s;
    let v = s.v;
    if ((v & 0x7000) !== 0x7000) { s.v = v + 0x1000; return; }
    v &= ~0x7000;
    let y = (v >> 5) & 0x1f;
    if (y === 29) { y = 0; v ^= 0x0800; } else if (y === 31) y = 0; else y++;
    s.v = (v & ~0x03e0) | (y << 5);
  }

  /** Sprites on `line` + 1: up to 8 into secondary OAM, then the overflow search with its bug. */
  private evaluateSprites(line: number): void {
    const s = this.s, oam = s.oam, sec = s.sec;
    const h = (s.ctrl & 0x20) !== 0 ? 16 : 8;
    let count = 0, n = 0;
    // Evaluation runs over dots 65-256: 2 dots per Y compared, 6 more to copy an in-range sprite.
    let t = 65;
    s.spr0Next = false;
    for (; n < 64 && count < 8; n++) {
      const row = line - oam[n * 4]!;
      t += 2;
      if (row >= 0 && row < h) {
        t += 6;
        const o = count * 4;
        sec[o] = oam[n * 4]!; sec[o + 1] = oam[n * 4 + 1]!; sec[o + 2] = oam[n * 4 + 2]!; sec[o + 3] = oam[n * 4 + 3]!;
        if (n === 0) s.spr0Next = true;
        count++;
      }
    }
    s.secCount = count;
    // With 8 found, the PPU goes on reading OAM[n*4 + m] as a Y coordinate, incrementing m along
    // with n when it is not in range (the hardware bug): it finds the 9th sprite only by luck.
    let m = 0;
    while (n < 64 && count === 8) {
      const row = line - oam[n * 4 + m]!;
      if (row >= 0 && row < h) {
        // The flag rises on the dot the 9th Y is compared; $2002 reads see it from then on.
        if (t <= 256) s.ovfAt = s.clock - s.dot + t;
        break;
      }
      n++; m = (m + 1) & 3; t += 2;
    }
  }

  private fetchSprite(i: number, line: number, hi: boolean): void {
    const s = this.s, m = this.mapper;
    const tall = (s.ctrl & 0x20) !== 0;
    let a: number;
    if (i < s.secCount) {
      const y = s.sec[i * 4]!, tile = s.sec[i * 4 + 1]!, attr = s.sec[i * 4 + 2]!;
      let row = line - y;
      const h = tall ? 16 : 8;
      if ((attr & 0x80) !== 0) row = h - 1 - row;
      if (tall) a = ((tile & 1) << 12) | (((tile & 0xfe) + (row >> 3)) << 4) | (row & 7);
      else a = ((s.ctrl & 0x08) << 9) | (tile << 4) | (row & 7);
    } else {
      // Empty slots fetch tile $FF (which matters to A12 watchers).
      a = tall ? 0x1ff0 : ((s.ctrl & 0x08) << 9) | 0xff0;
    }
    if (hi) a |= 8;
    const v = m.chr[m.chrMap[a >> 10]! + (a & 0x3ff)]!;
    if (hi) s.sprHi[i] = v; else s.sprLo[i] = v;
    if (m.watchA12) m.ppuA12(a, s.clock);
    if (hi && m.watchChr) m.chrLatch(a);
  }

  /** Sprite pixels of the next line, lowest OAM index winning. */
  private buildSpriteLine(): void {
    const s = this.s, line = s.sprLine;
    if (s.sprAny) line.fill(0);
    s.sprAny = s.secCount > 0;
    for (let i = s.secCount - 1; i >= 0; i--) {
      const attr = s.sec[i * 4 + 2]!, x0 = s.sec[i * 4 + 3]!;
      let lo = s.sprLo[i]!, hi = s.sprHi[i]!;
      const flip = (attr & 0x40) !== 0;
      const tag = ((attr & 3) << 2) | (attr & 0x20) | (i === 0 && s.spr0Next ? 0x40 : 0);
      for (let p = 0; p < 8; p++) {
        const x = x0 + p;
        if (x > 255) break;
        const bit = flip ? p : 7 - p;
        const c = ((lo >> bit) & 1) | (((hi >> bit) & 1) << 1);
        if (c !== 0) line[x] = tag | c;
      }
      lo = hi = 0;
    }
  }

  // ---- registers ($2000-$2007, mirrored to $3FFF) ----

  private palIndex(a: number): number {
    a &= 0x1f;
    return (a & 0x13) === 0x10 ? a & 0x0f : a;
  }

  private refresh(bits: number, value: number): void {
    const s = this.s;
    s.ioBus = (s.ioBus & ~bits) | (value & bits);
    for (let b = 0; b < 8; b++) if ((bits >> b) & 1) s.ioRefresh[b] = s.clock;
  }

  private decayed(): number {
    const s = this.s;
    let v = s.ioBus;
    for (let b = 0; b < 8; b++) if (s.clock - s.ioRefresh[b]! > DECAY_DOTS) v &= ~(1 << b);
    s.ioBus = v;
    return v;
  }

  readReg(reg: number): number {
    const s = this.s;
    switch (reg) {
      case 2: {
        // VBL race (nesdev "NMI"): a read one dot before the flag is set sees it clear and stops
        // it being set; a read on the dot it is set, or the next, sees it set but cancels the NMI.
        if (s.line === 241 && s.dot === VBL_DOT + 1) {
          // Read on the dot the flag rises: it reads clear, stays clear, and no NMI comes.
          s.status &= 0x7f;
          if (s.nmiOut) this.onNmiCancel();
        } else if (s.line === 241 && (s.dot === VBL_DOT + 2 || s.dot === VBL_DOT + 3) && s.nmiOut) this.onNmiCancel();
        if (s.ovfAt >= 0 && s.clock > s.ovfAt) { s.status |= 0x20; s.ovfAt = -1; }
        const v = (s.status & 0xe0) | (this.decayed() & 0x1f);
        s.status &= 0x7f;
        s.w = 0;
        this.updateNmi();
        this.refresh(0xe0, v);
        return v;
      }
      case 4: {
        let v = s.oam[s.oamAddr]!;
        if ((s.oamAddr & 3) === 2) v &= 0xe3;
        this.refresh(0xff, v);
        return v;
      }
      case 7: {
        const a = s.v & 0x3fff;
        let v: number;
        if (a >= 0x3f00) {
          v = (s.palette[this.palIndex(a)]! & ((s.mask & 1) !== 0 ? 0x30 : 0x3f)) | (this.decayed() & 0xc0);
          s.readBuf = this.readVram(a & 0x2fff);
          this.refresh(0x3f, v);
        } else {
          v = s.readBuf;
          s.readBuf = this.readVram(a);
          this.refresh(0xff, v);
        }
        this.incV();
        return v;
      }
      default:
        return this.decayed();
    }
  }

  writeReg(reg: number, value: number): void {
    const s = this.s;
    this.refresh(0xff, value);
    switch (reg) {
      case 0:
        // NMI disabled within 3 dots of the VBL start: the CPU never saw the edge (08-nmi_off_timing).
        if ((value & 0x80) === 0 && s.nmiOut && s.line === 241 && s.dot <= VBL_DOT + 3) this.onNmiCancel();
        // Enabled on the dot before the flag clears: too short a pulse to be seen (07-nmi_on_timing).
        const late = (value & 0x80) !== 0 && (s.ctrl & 0x80) === 0 && s.line === 261 && s.dot === 1;
        s.ctrl = value;
        s.t = (s.t & ~0x0c00) | ((value & 3) << 10);
        if (late) { this.updateNmi(); if (s.nmiOut) this.onNmiCancel(); } else this.updateNmi();
        break;
      case 1: s.mask = value; this.colorsDirty = true; break;
      case 3: s.oamAddr = value; break;
      case 4:
        if ((s.mask & 0x18) !== 0 && (s.line < 240 || s.line === 261)) {
          // Writes during rendering do not reach OAM; the address bumps its high 6 bits.
          s.oamAddr = (s.oamAddr + 4) & 0xff;
        } else {
          s.oam[s.oamAddr] = value;
          s.oamAddr = (s.oamAddr + 1) & 0xff;
        }
        break;
      case 5:
        if (s.w === 0) { s.t = (s.t & ~0x1f) | (value >> 3); s.x = value & 7; s.w = 1; }
        else { s.t = (s.t & 0x0c1f) | ((value & 7) << 12) | ((value & 0xf8) << 2); s.w = 0; }
        break;
      case 6:
        if (s.w === 0) { s.t = (s.t & 0xff) | ((value & 0x3f) << 8); s.w = 1; }
        else {
          s.t = (s.t & 0x7f00) | value; s.v = s.t; s.w = 0;
          if (this.mapper.watchA12) this.mapper.ppuA12(s.v, s.clock);
        }
        break;
      case 7: {
        const a = s.v & 0x3fff;
        if (a >= 0x3f00) {
          const i = a & 0x1f;
          s.palette[i] = value & 0x3f;
          if ((i & 3) === 0) s.palette[i ^ 0x10] = value & 0x3f;
          this.colorsDirty = true;
        } else this.writeVram(a, value);
        this.incV();
        break;
      }
    }
  }

  private incV(): void {
    const s = this.s;
    if ((s.mask & 0x18) !== 0 && (s.line < 240 || s.line === 261)) {
      // During rendering $2007 bumps coarse X and Y like the fetch logic does.
      this.incX(); this.incY();
    } else {
      s.v = (s.v + ((s.ctrl & 4) !== 0 ? 32 : 1)) & 0x7fff;
    }
    if (this.mapper.watchA12) this.mapper.ppuA12(s.v, s.clock);
  }

  readVram(a: number): number {
    const m = this.mapper;
    if (m.watchA12) m.ppuA12(a, this.s.clock);
    if (a < 0x2000) return m.chr[m.chrMap[a >> 10]! + (a & 0x3ff)]!;
    return m.nt[m.ntMap[(a >> 10) & 3]! + (a & 0x3ff)]!;
  }

  private writeVram(a: number, v: number): void {
    const m = this.mapper;
    if (a < 0x2000) { if (m.chrIsRam) m.chr[m.chrMap[a >> 10]! + (a & 0x3ff)] = v; }
    else m.nt[m.ntMap[(a >> 10) & 3]! + (a & 0x3ff)] = v;
  }

  /** OAM DMA writes land here ($2004). */
  writeOam(value: number): void {
    this.writeReg(4, value);
  }

  /** Reset button: the PPU's registers clear (the frame position and OAM stay). */
  reset(): void {
    const s = this.s;
    s.ctrl = 0; s.mask = 0; s.w = 0; s.t = 0; s.x = 0; s.readBuf = 0; s.odd = false;
    this.updateNmi();
  }

  getState(): PpuState {
    const s = this.s;
    return {
      ...s, ioRefresh: [...s.ioRefresh], oam: s.oam.slice(), sec: s.sec.slice(), sprLo: s.sprLo.slice(),
      sprHi: s.sprHi.slice(), palette: s.palette.slice(), sprLine: s.sprLine.slice(), frame: s.frame.slice(),
    };
  }

  setState(st: PpuState): void {
    const fresh = Ppu.powerOn();
    if (typeof st !== 'object' || st === null) throw new CorruptStateError('PPU state: not an object');
    for (const k of Object.keys(fresh) as (keyof PpuState)[]) {
      const a = fresh[k], b = st[k];
      if (ArrayBuffer.isView(a)) {
        if (!ArrayBuffer.isView(b) || b.constructor !== a.constructor || (b as Uint8Array).length !== (a as Uint8Array).length)
          throw new CorruptStateError(`PPU state: ${k} malformed`);
      } else if (typeof a !== typeof b) throw new CorruptStateError(`PPU state: ${k} malformed`);
    }
    if (!Array.isArray(st.ioRefresh) || st.ioRefresh.length !== 8) throw new CorruptStateError('PPU state: ioRefresh malformed');
    this.s = {
      ...st, ioRefresh: [...st.ioRefresh], oam: st.oam.slice(), sec: st.sec.slice(), sprLo: st.sprLo.slice(),
      sprHi: st.sprHi.slice(), palette: st.palette.slice(), sprLine: st.sprLine.slice(), frame: st.frame.slice(),
    };
    this.colorsDirty = true;
  }
}
