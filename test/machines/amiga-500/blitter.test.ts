/**
 * The blitter alone on a chip RAM array, against HRM chapter 6: copies with minterms, A shift with
 * first/last-word masks, B shift, descending mode, inclusive and exclusive fill, BZERO, line mode.
 */
import { describe, expect, it } from 'vitest';
import { Blitter } from '../../../machines/amiga-500/blitter.ts';

function setup() {
  const chip = new Uint8Array(0x10000);
  const b = new Blitter(chip);
  const w = (a: number, v: number) => { chip[a] = v >> 8; chip[a + 1] = v & 0xff; };
  const r = (a: number) => (chip[a]! << 8) | chip[a + 1]!;
  return { chip, b, w, r };
}

describe('blitter area mode', () => {
  it('copies A to D (minterm $F0) over a rectangle with modulos, and reports its duration', () => {
    const { b, w, r } = setup();
    for (let i = 0; i < 6; i++) w(0x1000 + 2 * i, 0x1111 * (i + 1));
    Object.assign(b.s, { con0: 0x09f0, con1: 0, apt: 0x1000, dpt: 0x2000, amod: 2, dmod: 4, afwm: 0xffff, alwm: 0xffff });
    let endsAt = -1;
    b.onStart = (t) => { endsAt = t; };
    b.start((2 << 6) | 2, 1000, true); // 2 rows of 2 words
    expect([r(0x2000), r(0x2002), r(0x2008), r(0x200a)]).toEqual([0x1111, 0x2222, 0x4444, 0x5555]);
    expect(r(0x2004)).toBe(0);
    // 4 words, 2 channels: 2 CCKs each.
    expect(endsAt).toBe(1000 + 4 * 2 * 8);
    expect(b.busy(1000)).toBe(true);
    expect(b.busy(endsAt)).toBe(false);
    expect(b.s.zero).toBe(false);
  });

  it('applies the first/last word masks to A and shifts A right through the row', () => {
    const { b, w, r } = setup();
    w(0x1000, 0xffff); w(0x1002, 0xffff);
    Object.assign(b.s, { con0: 0x49f0, con1: 0, apt: 0x1000, dpt: 0x2000, afwm: 0x0fff, alwm: 0xfff0 });
    b.start((1 << 6) | 2, 0, true);
    // A words 0x0fff, 0xfff0 shifted right by 4 with the previous word's low bits coming in.
    expect(r(0x2000)).toBe(0x00ff);
    expect(r(0x2002)).toBe(0xffff);
  });

  it('combines A, B and C with a cookie-cut minterm ($CA: AB + aC) and B shifted', () => {
    const { b, w, r } = setup();
    w(0x1000, 0xff00); // A: mask
    w(0x1100, 0x1234); // B: data, shifted by 8 -> 0x0012 (previous word 0)
    w(0x1200, 0xaaaa); // C: background
    Object.assign(b.s, { con0: 0x0fca, con1: 0x8000, apt: 0x1000, bpt: 0x1100, cpt: 0x1200, dpt: 0x1300 });
    b.start((1 << 6) | 1, 0, true);
    expect(r(0x1300)).toBe((0x0012 & 0xff00) | (0xaaaa & 0x00ff));
  });

  it('runs descending with pointers going down and shifts to the left', () => {
    const { b, w, r } = setup();
    w(0x1000, 0x8001); w(0x1002, 0x4002);
    Object.assign(b.s, { con0: 0x19f0, con1: 0x0002, apt: 0x1002, dpt: 0x2002 });
    b.start((1 << 6) | 2, 0, true);
    expect(r(0x2002)).toBe(0x8004); // 0x4002 << 1
    expect(r(0x2000)).toBe(0x0002 | 0); // 0x8001 << 1 | (0x4002 >> 15)
    expect(b.s.apt).toBe(0x0ffe);
  });

  it('fills inclusively and exclusively from the right, FCI giving the initial state', () => {
    const { b, w, r } = setup();
    w(0x1000, 0x0810);
    Object.assign(b.s, { con0: 0x09f0, con1: 0x000a, apt: 0x1000, dpt: 0x2000 }); // IFE + DESC
    b.start((1 << 6) | 1, 0, true);
    expect(r(0x2000)).toBe(0x0ff0);
    Object.assign(b.s, { con1: 0x0012, apt: 0x1000, dpt: 0x2000 }); // EFE + DESC
    b.start((1 << 6) | 1, 0, true);
    expect(r(0x2000)).toBe(0x07f0);
    Object.assign(b.s, { con1: 0x000e, apt: 0x1000, dpt: 0x2000 }); // IFE + FCI + DESC
    b.start((1 << 6) | 1, 0, true);
    expect(r(0x2000)).toBe(0xf81f);
  });

  it('sets BZERO when every D word is zero, even without writing D', () => {
    const { b, w } = setup();
    w(0x1000, 0x1234);
    Object.assign(b.s, { con0: 0x0800 | 0x0f, con1: 0, apt: 0x1000 }); // minterm ~A... A=1234 -> nonzero
    b.start((1 << 6) | 1, 0, true);
    expect(b.s.zero).toBe(false);
    Object.assign(b.s, { con0: 0x0800 | 0xf0, apt: 0x1002 }); // A of zero
    b.start((1 << 6) | 1, 0, true);
    expect(b.s.zero).toBe(true);
  });

  it('waits for DMA when BLTEN is off, then runs', () => {
    const { b, w, r } = setup();
    w(0x1000, 0x5555);
    Object.assign(b.s, { con0: 0x09f0, con1: 0, apt: 0x1000, dpt: 0x2000 });
    b.start((1 << 6) | 1, 0, false);
    expect(r(0x2000)).toBe(0);
    b.dmaEnabled(100);
    expect(r(0x2000)).toBe(0x5555);
  });
});

describe('blitter line mode', () => {
  /** Draw a line the way graphics.library sets it up (HRM "Line mode" register set-up). */
  function line(b: Blitter, x1: number, y1: number, x2: number, y2: number, base: number, bpr: number): void {
    let dx = x2 - x1, dy = y2 - y1;
    let oct = 0;
    // Octant from the HRM table: SUD/SUL/AUL bits.
    const adx = Math.abs(dx), ady = Math.abs(dy);
    let major = adx, minor = ady;
    if (adx >= ady) {
      // x major: SUD = 1 (minor steps are up/down), AUL = left, SUL = up
      oct = 0x10 | (dx < 0 ? 0x04 : 0) | (dy < 0 ? 0x08 : 0);
    } else {
      major = ady; minor = adx;
      oct = (dy < 0 ? 0x04 : 0) | (dx < 0 ? 0x08 : 0);
    }
    dx = major; dy = minor;
    const err = 4 * dy - 2 * dx;
    Object.assign(b.s, {
      con0: ((x1 & 15) << 12) | 0x0b00 | 0xca, con1: oct | 1 | (err < 0 ? 0x40 : 0),
      apt: err & 0xffff, bmod: 4 * dy, amod: (4 * (dy - dx)) & 0xffff, cmod: bpr, dmod: bpr,
      cpt: base + y1 * bpr + 2 * (x1 >> 4), dpt: base + y1 * bpr + 2 * (x1 >> 4),
      adat: 0x8000, bdat: 0xffff, afwm: 0xffff, alwm: 0xffff,
    });
    b.start(((dx + 1) << 6) | 2, 0, true);
  }

  const pixel = (chip: Uint8Array, x: number, y: number) => (chip[0x4000 + y * 40 + (x >> 3)]! >> (7 - (x & 7))) & 1;

  it('draws a horizontal, a vertical and a diagonal line with every pixel set once', () => {
    const { chip, b } = setup();
    line(b, 3, 2, 40, 2, 0x4000, 40);
    for (let x = 0; x < 60; x++) expect(pixel(chip, x, 2), `x=${x}`).toBe(x >= 3 && x <= 40 ? 1 : 0);
    line(b, 70, 5, 70, 30, 0x4000, 40);
    for (let y = 0; y < 40; y++) expect(pixel(chip, 70, y), `y=${y}`).toBe(y >= 5 && y <= 30 ? 1 : 0);
    line(b, 100, 40, 80, 60, 0x4000, 40);
    for (let i = 0; i <= 20; i++) expect(pixel(chip, 100 - i, 40 + i), `i=${i}`).toBe(1);
    expect(pixel(chip, 101, 39)).toBe(0);
  });

  it('a shallow line steps down once per two pixels (Bresenham)', () => {
    const { chip, b } = setup();
    line(b, 0, 0, 20, 10, 0x4000, 40);
    for (let x = 0; x <= 20; x++) {
      let set = 0;
      for (let y = 0; y <= 11; y++) set += pixel(chip, x, y);
      expect(set, `x=${x}`).toBe(1);
      expect(Math.abs(pixelRow(chip, x) - x / 2)).toBeLessThanOrEqual(1);
    }
  });

  function pixelRow(chip: Uint8Array, x: number): number {
    for (let y = 0; y <= 11; y++) if (pixel(chip, x, y)) return y;
    return -1;
  }
});
