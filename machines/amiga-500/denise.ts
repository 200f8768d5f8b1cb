/**
 * Denise (8362, OCS) with the bitplane half of Agnus: bitplane fetch per line (BPLxPT, modulos,
 * DDFSTRT/DDFSTOP), the display window (DIWSTRT/DIWSTOP), lores 1-6 and hires 1-4 planes, BPLCON1
 * scroll, dual playfield with BPLCON2 PF2PRI, HAM, extra half-brite, 8 sprites (attached pairs,
 * reuse down the screen, manual mode through SPRxDATA), the 32 colour registers and the border.
 *
 * Rendering is lazy and per line: the machine calls `renderTo(line, cck)` before any register that
 * changes the picture is written (by the CPU or the copper) and at the end of every line. A line's
 * bitplane data is fetched when the beam first passes DDFSTRT (so copper writes to BPLxPT before
 * the fetch take effect) and decoded into a line of colour indices; the indices are turned into
 * pixels up to the beam position with the palette of that moment, so colour changes mid-line
 * (copper bars, raster splits) land where they happen. Pixels go to a frame of 768 x 572 (hires
 * pixels, two rows per line: a line fills both without interlace, one of them per field with it,
 * woven as a TV shows them; the TV's overscan: lores x $5C-$1DC, lines 26-311).
 *
 * Not emulated (yet): collisions
 * (CLXDAT reads 0), sprite/playfield priorities other than "sprites in front of both playfields",
 * BPLCON0 changes in the middle of a line, the exact pixel latency of colour changes (a change at
 * CCK h shows from lores x 2h + 1, UNVERIFIED), the OCS DDF quirks (fetch start is DDFSTRT rounded
 * to its 8-CCK (lores) or 4-CCK (hires) unit).
 *
 * Sources: HRM chapter 3 "Playfield Hardware" (DIW/DDF formulas: lores DDFSTRT = (HSTART-17)/2,
 * hires (HSTART-9)/2; modulos; dual playfield; HAM; EHB), chapter 4 "Sprite Hardware".
 */
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import { FRAME_HEIGHT, FRAME_LINES, FRAME_LORES, FRAME_TOP, FRAME_WIDTH, FRAME_X0, LINE_CCKS } from './constants.ts';

/** Index line: hires-pixel resolution over lores coordinates 0..511. */
const IDX_LEN = 1024 + 64;
/** The line on which sprite DMA reads the first POS/CTL words (the end of PAL vertical blank). */
const SPRITE_FIRST_LINE = 25;

export interface DeniseState {
  bplcon0: number; bplcon1: number; bplcon2: number;
  diwstrt: number; diwstop: number; ddfstrt: number; ddfstop: number;
  bpl1mod: number; bpl2mod: number;
  bplpt: number[];
  color: number[];
  sprpt: number[]; sprpos: number[]; sprctl: number[]; sprdata: number[]; sprdatb: number[];
  /** Per sprite: 0 idle, 1 waiting for VSTART, 2 showing (DMA), and whether it is armed (manual). */
  sprState: number[]; sprArmed: boolean[];
  /** Render progress: line, next lores coordinate, whether the line's bitplanes were fetched. */
  rLine: number; rX: number; fetched: boolean;
  /** This frame is a long frame (interlace: the upper field). */
  lof: boolean;
  /** The current line decoded: playfield colour indices and sprite colours (16-31, 0 none). */
  idx: Uint8Array; spr: Uint8Array; sprOnLine: boolean; hamPrev: number;
  /** The index line holds bitplane data (false: all zero, a border line). */
  bplOn: boolean;
  pixels: Uint32Array;
}

function powerOn(): DeniseState {
  return {
    bplcon0: 0, bplcon1: 0, bplcon2: 0, diwstrt: 0, diwstop: 0, ddfstrt: 0, ddfstop: 0,
    bpl1mod: 0, bpl2mod: 0, bplpt: [0, 0, 0, 0, 0, 0], color: new Array(32).fill(0),
    sprpt: new Array(8).fill(0), sprpos: new Array(8).fill(0), sprctl: new Array(8).fill(0),
    sprdata: new Array(8).fill(0), sprdatb: new Array(8).fill(0),
    sprState: new Array(8).fill(0), sprArmed: new Array(8).fill(false),
    rLine: 0, rX: 0, fetched: false, lof: true,
    idx: new Uint8Array(IDX_LEN), spr: new Uint8Array(IDX_LEN), sprOnLine: false, hamPrev: 0, bplOn: false,
    pixels: new Uint32Array(FRAME_WIDTH * FRAME_HEIGHT),
  };
}

/**
 * Words fetched per plane per line. Fetches come in units of 8 CCKs (one word per plane in lores,
 * two in hires) from DDFSTRT; the unit that contains DDFSTOP is the last but one when DDFSTOP is
 * not on a unit boundary, so both 3C/D0 and 3C/D4 give 40 hires words (HRM formulas for the
 * aligned case: lores (STOP-STRT)/8+1, hires (STOP-STRT)/4+2).
 */
export function fetchWords(ddfstrt: number, ddfstop: number, hires: boolean): number {
  const strt = ddfstrt < 0x18 ? 0x18 : ddfstrt & 0xfc;
  const stop = ddfstop > 0xd8 ? 0xd8 : ddfstop & 0xfc;
  if (stop < strt) return 0;
  const units = ((stop - strt + 7) >> 3) + 1;
  return hires ? 2 * units : units;
}

/** 12-bit Amiga colour -> 0xAABBGGRR. */
function rgba(c: number): number {
  const r = (c >> 8) & 15, g = (c >> 4) & 15, b = c & 15;
  return (0xff000000 | (b * 17) << 16 | (g * 17) << 8 | (r * 17)) >>> 0;
}

const RGBA12 = new Uint32Array(4096);
for (let c = 0; c < 4096; c++) RGBA12[c] = rgba(c);

export class Denise {
  s: DeniseState = powerOn();
  /** Chip RAM (big-endian bytes) and its address mask. */
  chip: Uint8Array;
  chipMask: number;
  /** True while bitplane DMA is on (DMACON DMAEN+BPLEN), set by Agnus. */
  bplDma = false;
  sprDma = false;
  private readonly pal = new Uint32Array(64);

  constructor(chip: Uint8Array) {
    this.chip = chip;
    this.chipMask = chip.length - 1;
  }

  reset(): void {
    const px = this.s.pixels;
    this.s = powerOn();
    this.s.pixels = px;
    px.fill(0xff000000);
    this.refreshPalette();
  }

  refreshPalette(): void {
    const c = this.s.color;
    for (let i = 0; i < 32; i++) {
      this.pal[i] = RGBA12[c[i]! & 0xfff]!;
      // Extra half-brite: each gun halved (HRM: "the value of each colour register shifted right").
      this.pal[i + 32] = RGBA12[(c[i]! >> 1) & 0x777]!;
    }
  }

  setColor(n: number, v: number): void {
    this.s.color[n] = v & 0xfff;
    this.pal[n] = RGBA12[v & 0xfff]!;
    this.pal[n + 32] = RGBA12[(v >> 1) & 0x777]!;
  }

  // ---- lazy rendering ----

  /** Render everything before line `line`, CCK `h`. */
  renderTo(line: number, h: number): void {
    const s = this.s;
    while (s.rLine < line) {
      this.outputTo(0x200);
      this.endLine();
    }
    if (s.rLine === line) this.outputTo(2 * h + 1, h);
  }

  /** The frame is complete: start again at line 0 (`lof`: the new frame is a long one). */
  newFrame(lof: boolean): void {
    this.s.lof = lof;
    this.s.rLine = 0;
    this.s.rX = 0;
    this.s.fetched = false;
    for (let i = 0; i < 8; i++) if (this.s.sprState[i] === 2) this.s.sprState[i] = 1;
  }

  /** Interlace: the short frame's lines go between the long frame's (weave, as a TV shows them). */
  private fieldRow(): number {
    return (this.s.bplcon0 & 4) !== 0 && !this.s.lof ? 1 : 0;
  }

  private endLine(): void {
    const s = this.s;
    if (!s.fetched) this.fetchLine();
    // Without interlace each line fills two rows of the frame.
    const row = s.rLine - FRAME_TOP;
    if ((s.bplcon0 & 4) === 0 && row >= 0 && row < FRAME_LINES)
      s.pixels.copyWithin((2 * row + 1) * FRAME_WIDTH, 2 * row * FRAME_WIDTH, (2 * row + 1) * FRAME_WIDTH);
    // The next line starts blank until its fetch (pixels before DDFSTRT show no data).
    if (s.bplOn) { s.idx.fill(0); s.bplOn = false; }
    if (s.sprOnLine) { s.spr.fill(0); s.sprOnLine = false; }
    s.rLine++;
    s.rX = 0;
    s.fetched = false;
  }

  private get planes(): number {
    const n = (this.s.bplcon0 >> 12) & 7;
    return n > 6 ? 6 : n;
  }

  private vStart(): number { return this.s.diwstrt >> 8; }
  private vStop(): number {
    const v = this.s.diwstop >> 8;
    return (v & 0x80) !== 0 ? v : v | 0x100;
  }

  /** Bitplane DMA runs on this line (vertical window, DMA on, planes > 0). */
  bplLine(line: number): boolean {
    return this.bplDma && this.planes > 0 && line >= this.vStart() && line < this.vStop();
  }

  /** Output lores coordinates up to (not including) `to` of the current line. */
  private outputTo(to: number, h = LINE_CCKS): void {
    const s = this.s;
    if (!s.fetched && (h >= (s.ddfstrt & 0xfc) || to >= 0x200)) this.fetchLine();
    let from = s.rX;
    if (to > FRAME_X0 + FRAME_LORES) to = FRAME_X0 + FRAME_LORES;
    if (from < FRAME_X0) from = FRAME_X0;
    if (to <= from) return;
    s.rX = to;
    const row = s.rLine - FRAME_TOP;
    if (row < 0 || row >= FRAME_LINES) return;
    const px = s.pixels, pal = this.pal, idx = s.idx, spr = s.spr;
    let o = (2 * row + this.fieldRow()) * FRAME_WIDTH + 2 * (from - FRAME_X0);
    const end = 2 * to;
    const bc0 = s.bplcon0;
    const ham = (bc0 & 0x0800) !== 0 && (bc0 & 0x8000) === 0 && ((bc0 >> 12) & 7) === 6;
    const sprites = s.sprOnLine;
    if (!s.bplOn && !sprites) {
      // A line without bitplanes or sprites: all border colour (a native fill).
      px.fill(pal[0]!, o, o + end - 2 * from);
    } else if (!ham) {
      const ehb = ((bc0 >> 12) & 7) === 6 && (bc0 & 0x0400) === 0 && (bc0 & 0x8000) === 0;
      const mask = ehb ? 63 : 31;
      if ((bc0 & 0x8000) === 0 && !sprites) {
        // Lores without sprites: each index covers two hires pixels.
        for (let x = 2 * from; x < end; x += 2) {
          const c = pal[idx[x]! & mask]!;
          px[o] = c;
          px[o + 1] = c;
          o += 2;
        }
      } else {
        for (let x = 2 * from; x < end; x++) {
          const sp = sprites ? spr[x]! : 0;
          px[o++] = pal[sp !== 0 ? sp : idx[x]! & mask]!;
        }
      }
    } else {
      // HAM: bits 5-4 say hold-and-modify blue (01), red (10) or green (11), else a palette colour.
      const c = s.color;
      let prev = s.hamPrev;
      for (let x = 2 * from; x < end; x += 2) {
        const i = idx[x]!;
        const v = i & 15;
        switch (i >> 4) {
          case 0: prev = c[v]!; break;
          case 1: prev = (prev & 0xff0) | v; break;
          case 2: prev = (prev & 0x0ff) | (v << 8); break;
          default: prev = (prev & 0xf0f) | (v << 4); break;
        }
        const sp = sprites ? spr[x]! : 0;
        const col = sp !== 0 ? pal[sp]! : RGBA12[prev]!;
        px[o++] = col;
        px[o++] = col;
      }
      s.hamPrev = prev;
    }
  }


  /** Fetch and decode the current line's bitplanes (and sprites) into the index line. */
  private fetchLine(): void {
    const s = this.s;
    s.fetched = true;
    const idx = s.idx;
    s.hamPrev = s.color[0]!;
    const line = s.rLine;
    this.sprites(line);
    if (!this.bplLine(line)) return;
    s.bplOn = true;
    const n = this.planes;
    const hires = (s.bplcon0 & 0x8000) !== 0;
    const chip = this.chip, cm = this.chipMask;
    const words = fetchWords(s.ddfstrt, s.ddfstop, hires);
    const strt = s.ddfstrt < 0x18 ? 0x18 : s.ddfstrt & 0xfc;
    // Lores coordinate of the first pixel, before scrolling (HRM: DDFSTRT = (HSTART - 17) / 2 in
    // lores, (HSTART - 9) / 2 in hires).
    const first = hires ? 2 * strt + 9 : 2 * strt + 17;
    const pxw = hires ? 1 : 2;
    const delay1 = s.bplcon1 & 15, delay2 = (s.bplcon1 >> 4) & 15;
    for (let p = 0; p < n; p++) {
      let pt = s.bplpt[p]!;
      const bit = 1 << p;
      let pos = 2 * (first + ((p & 1) === 0 ? delay1 : delay2));
      for (let w = 0; w < words; w++) {
        const a = pt & cm;
        let d = (chip[a]! << 8) | chip[a + 1]!;
        pt += 2;
        if (d === 0) { pos += 16 * pxw; continue; }
        for (let b = 0; b < 16; b++, pos += pxw) {
          if ((d & 0x8000) !== 0 && pos < IDX_LEN - 2) {
            idx[pos] |= bit;
            if (pxw === 2) idx[pos + 1] |= bit;
          }
          d = (d << 1) & 0xffff;
        }
      }
      const mod = (p & 1) === 0 ? s.bpl1mod : s.bpl2mod;
      s.bplpt[p] = (pt + ((mod << 16) >> 16)) & 0x1ffffe;
    }
    // Horizontal window: outside it the border (colour 0).
    const hstart = s.diwstrt & 0xff, hstop = (s.diwstop & 0xff) | 0x100;
    if (hstart > 0) idx.fill(0, 0, Math.min(2 * hstart, IDX_LEN));
    if (2 * hstop < IDX_LEN) idx.fill(0, 2 * hstop);
    if ((s.bplcon0 & 0x0400) !== 0) this.dualPlayfield();
  }

  /** Dual playfield: planes 1,3,5 are playfield 1 (colours 0-7), 2,4,6 playfield 2 (8-15). */
  private dualPlayfield(): void {
    const idx = this.s.idx;
    const pf2pri = (this.s.bplcon2 & 0x40) !== 0;
    for (let x = 0; x < IDX_LEN; x++) {
      const v = idx[x]!;
      if (v === 0) continue;
      const p1 = (v & 1) | ((v >> 1) & 2) | ((v >> 2) & 4);
      const p2 = ((v >> 1) & 1) | ((v >> 2) & 2) | ((v >> 3) & 4);
      idx[x] = p2 !== 0 && (pf2pri || p1 === 0) ? 8 + p2 : p1;
    }
  }

  // ---- sprites ----

  /** Sprite DMA and drawing for one line (DMA reads happen here, at the line's start). */
  private sprites(line: number): void {
    const s = this.s;
    let any = false;
    const spr = s.spr;
    const chip = this.chip, cm = this.chipMask;
    for (let i = 0; i < 8; i++) {
      if (this.sprDma) {
        // HRM chapter 4: at the end of vertical blank DMA reads each sprite's POS/CTL; from
        // VSTART it reads a DATA/DATB pair per line; at VSTOP it reads the next POS/CTL instead
        // (a sprite reused further down the screen).
        if (line === SPRITE_FIRST_LINE) {
          this.fetchPosCtl(i);
        } else if (s.sprState[i] === 1 && line === this.sprVStart(i)) {
          s.sprState[i] = 2;
        }
        if (s.sprState[i] === 2) {
          if (line >= this.sprVStop(i)) {
            this.fetchPosCtl(i);
          } else {
            const a = s.sprpt[i]! & cm;
            s.sprdata[i] = (chip[a]! << 8) | chip[a + 1]!;
            s.sprdatb[i] = (chip[a + 2]! << 8) | chip[a + 3]!;
            s.sprpt[i] = (s.sprpt[i]! + 4) & 0x1ffffe;
            s.sprArmed[i] = true;
          }
        }
      }
      if (s.sprArmed[i]) any = true;
    }
    if (!any) return;
    s.sprOnLine = true;
    // Draw from sprite 7 to 0, so lower numbers are in front (HRM: sprite 0 has priority).
    for (let i = 7; i >= 0; i--) {
      if (!s.sprArmed[i]) continue;
      const hs = ((s.sprpos[i]! & 0xff) << 1) | (s.sprctl[i]! & 1);
      const pair = i >> 1;
      const attached = (i & 1) === 1 && (s.sprctl[i]! & 0x80) !== 0;
      if ((i & 1) === 0 && (s.sprctl[i + 1]! & 0x80) !== 0 && s.sprArmed[i + 1]) continue; // drawn with its partner
      const a = s.sprdata[i]!, b = s.sprdatb[i]!;
      const a0 = attached ? s.sprdata[i - 1]! : 0, b0 = attached ? s.sprdatb[i - 1]! : 0;
      // Sprite pixels are lores; the first is at lores coordinate HSTART + 1 (UNVERIFIED offset).
      let pos = 2 * (hs + 1);
      for (let bit = 15; bit >= 0; bit--, pos += 2) {
        let c: number;
        if (attached) {
          c = ((a0 >> bit) & 1) | (((b0 >> bit) & 1) << 1) | (((a >> bit) & 1) << 2) | (((b >> bit) & 1) << 3);
          if (c !== 0 && pos < IDX_LEN - 1) { spr[pos] = 16 + c; spr[pos + 1] = 16 + c; }
        } else {
          c = ((a >> bit) & 1) | (((b >> bit) & 1) << 1);
          if (c !== 0 && pos < IDX_LEN - 1) { spr[pos] = 16 + pair * 4 + c; spr[pos + 1] = 16 + pair * 4 + c; }
        }
      }
    }
    // Sprites show only inside the display window (OCS).
    const hstart = s.diwstrt & 0xff, hstop = (s.diwstop & 0xff) | 0x100;
    spr.fill(0, 0, 2 * hstart);
    if (2 * hstop < IDX_LEN) spr.fill(0, 2 * hstop);
  }

  private fetchPosCtl(i: number): void {
    const s = this.s, chip = this.chip;
    const a = s.sprpt[i]! & this.chipMask;
    s.sprpos[i] = (chip[a]! << 8) | chip[a + 1]!;
    s.sprctl[i] = (chip[a + 2]! << 8) | chip[a + 3]!;
    s.sprpt[i] = (s.sprpt[i]! + 4) & 0x1ffffe;
    s.sprArmed[i] = false;
    s.sprState[i] = 1;
  }

  private sprVStart(i: number): number {
    const s = this.s;
    return (s.sprpos[i]! >> 8) | ((s.sprctl[i]! & 4) << 6);
  }

  private sprVStop(i: number): number {
    const s = this.s;
    return (s.sprctl[i]! >> 8) | ((s.sprctl[i]! & 2) << 7);
  }

  /** CPU/copper writes to SPRxPOS/CTL/DATA/DATB (manual mode; DATA arms, CTL disarms). */
  writeSprite(i: number, reg: number, v: number): void {
    const s = this.s;
    switch (reg) {
      case 0: s.sprpos[i] = v; break;
      case 1: s.sprctl[i] = v; s.sprArmed[i] = false; break;
      case 2: s.sprdata[i] = v; s.sprArmed[i] = true; break;
      default: s.sprdatb[i] = v; break;
    }
  }

  // ---- state ----

  getState(): DeniseState {
    const s = this.s;
    return {
      ...s, bplpt: s.bplpt.slice(), color: s.color.slice(), sprpt: s.sprpt.slice(), sprpos: s.sprpos.slice(),
      sprctl: s.sprctl.slice(), sprdata: s.sprdata.slice(), sprdatb: s.sprdatb.slice(),
      sprState: s.sprState.slice(), sprArmed: s.sprArmed.slice(), idx: s.idx.slice(), spr: s.spr.slice(),
      pixels: s.pixels.slice(),
    };
  }

  setState(st: DeniseState): void {
    const px = this.s.pixels;
    if (!(st.pixels instanceof Uint32Array) || st.pixels.length !== px.length || !(st.idx instanceof Uint8Array) ||
        st.idx.length !== IDX_LEN || !(st.spr instanceof Uint8Array) || st.spr.length !== IDX_LEN ||
        !Array.isArray(st.color) || st.color.length !== 32 || !Array.isArray(st.bplpt) || st.bplpt.length !== 6)
      throw new CorruptStateError('Denise state: malformed');
    px.set(st.pixels);
    this.s = {
      ...st, bplpt: st.bplpt.slice(), color: st.color.slice(), sprpt: st.sprpt.slice(), sprpos: st.sprpos.slice(),
      sprctl: st.sprctl.slice(), sprdata: st.sprdata.slice(), sprdatb: st.sprdatb.slice(),
      sprState: st.sprState.slice(), sprArmed: st.sprArmed.slice(), idx: st.idx.slice(), spr: st.spr.slice(),
      pixels: px,
    };
    this.refreshPalette();
  }
}
