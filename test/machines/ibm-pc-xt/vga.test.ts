/**
 * The VGA card alone on a scheduler without a CPU, programmed with the IBM BIOS's register values
 * for modes 13h (320x200x256), 12h (640x480x16) and 03h (80x25 text, 9x16 cells): frame rates,
 * the retrace bit, where pixels land and in which DAC/attribute colours, the split screen.
 */
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../../cores/kernel/scheduler.ts';
import { Vga, VGA_WIDTH } from '../../../machines/ibm-pc-xt/video/vga.ts';

const MASTER = 28_636_360;
interface Mode { misc: number; seq: number[]; crtc: number[]; gc: number[]; ac: number[] }
const PAL16 = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f];
const MODE13: Mode = {
  misc: 0x63, seq: [0x03, 0x01, 0x0f, 0x00, 0x0e],
  crtc: [0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0xbf, 0x1f, 0x00, 0x41, 0, 0, 0, 0, 0, 0, 0x9c, 0x8e, 0x8f, 0x28, 0x40, 0x96, 0xb9, 0xa3, 0xff],
  gc: [0, 0, 0, 0, 0, 0x40, 0x05, 0x0f, 0xff], ac: [...Array.from({ length: 16 }, (_, i) => i), 0x41, 0x00, 0x0f, 0x00, 0x00],
};
const MODE12: Mode = {
  misc: 0xe3, seq: [0x03, 0x01, 0x0f, 0x00, 0x06],
  crtc: [0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0x0b, 0x3e, 0x00, 0x40, 0, 0, 0, 0, 0, 0, 0xea, 0x8c, 0xdf, 0x28, 0x00, 0xe7, 0x04, 0xe3, 0xff],
  gc: [0, 0, 0, 0, 0, 0x00, 0x05, 0x0f, 0xff], ac: [...PAL16, 0x01, 0x00, 0x0f, 0x00, 0x00],
};
const MODE03: Mode = {
  misc: 0x67, seq: [0x03, 0x00, 0x03, 0x00, 0x02],
  crtc: [0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0, 0, 0, 0, 0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff],
  gc: [0, 0, 0, 0, 0, 0x10, 0x0e, 0x00, 0xff], ac: [...PAL16, 0x0c, 0x00, 0x0f, 0x08, 0x00],
};

function setMode(v: Vga, m: Mode): void {
  v.ioWrite(0x3c2, m.misc);
  m.seq.forEach((x, i) => { v.ioWrite(0x3c4, i); v.ioWrite(0x3c5, x); });
  v.ioWrite(0x3d4, 0x11); v.ioWrite(0x3d5, 0x0e); // unprotect 00h-07h
  m.crtc.forEach((x, i) => { v.ioWrite(0x3d4, i); v.ioWrite(0x3d5, x); });
  m.gc.forEach((x, i) => { v.ioWrite(0x3ce, i); v.ioWrite(0x3cf, x); });
  v.ioRead(0x3da);
  m.ac.forEach((x, i) => { v.ioWrite(0x3c0, i); v.ioWrite(0x3c0, x); });
  v.ioWrite(0x3c0, 0x20);
}
function dac(v: Vga, i: number, r: number, g: number, b: number): void {
  v.ioWrite(0x3c8, i); v.ioWrite(0x3c9, r); v.ioWrite(0x3c9, g); v.ioWrite(0x3c9, b);
}
const rgba = (r: number, g: number, b: number) => (0xff000000 | (b << 16) | (g << 8) | r) >>> 0;

function setup(m: Mode) {
  const sched = new Scheduler();
  const v = new Vga(sched);
  setMode(v, m);
  return { sched, v };
}

describe('VGA', () => {
  it('mode 13h: 70 Hz, chain-4 bytes are pixels two dots wide through the DAC; the retrace bit', () => {
    const { sched, v } = setup(MODE13);
    dac(v, 5, 63, 0, 0); dac(v, 6, 0, 63, 0);
    v.memWrite(0xa0000, 5); v.memWrite(0xa0001, 6); v.memWrite(0xa0000 + 320, 6);
    sched.runUntil(MASTER);
    expect(v.frames).toBeGreaterThanOrEqual(69);
    expect(v.frames).toBeLessThanOrEqual(72);
    const at = (x: number, y: number) => v.pixels[(40 + y) * VGA_WIDTH + 40 + x];
    expect([at(0, 0), at(1, 0), at(2, 0), at(3, 0)]).toEqual([rgba(255, 0, 0), rgba(255, 0, 0), rgba(0, 255, 0), rgba(0, 255, 0)]);
    expect([at(0, 1), at(0, 2), at(0, 3)]).toEqual([rgba(255, 0, 0), rgba(0, 255, 0), rgba(0, 255, 0)]); // 2 lines a row
    let retrace = 0;
    for (let t = 0; t < MASTER / 70; t += 100) { sched.runUntil(MASTER + t); if ((v.ioRead(0x3da) & 8) !== 0) retrace++; }
    expect(retrace).toBeGreaterThan(5);
    expect(retrace * 100).toBeLessThan(MASTER / 70 / 10);
  });

  it('mode 12h: write mode 2 sets a pixel colour in the planes; 640x480 at 60 Hz; line compare splits', () => {
    const { sched, v } = setup(MODE12);
    v.ioWrite(0x3ce, 5); v.ioWrite(0x3cf, 0x02); // write mode 2
    v.ioWrite(0x3ce, 8); v.ioWrite(0x3cf, 0x80); // bit mask: leftmost pixel
    v.memRead(0xa0000); v.memWrite(0xa0000, 12);
    sched.runUntil(MASTER);
    expect(v.frames).toBeGreaterThanOrEqual(58);
    expect(v.frames).toBeLessThanOrEqual(61);
    const rowTop = (y: number) => y * VGA_WIDTH + 40;
    expect(v.pixels[rowTop(0)]).toBe(v.pal.colour(12));
    expect(v.pixels[rowTop(0) + 1]).toBe(v.pal.colour(0));
    // Split screen: start address 80 (one row down), line compare 100: lines after 100 show row 0 again.
    v.ioWrite(0x3d4, 0x0d); v.ioWrite(0x3d5, 80);
    v.ioWrite(0x3d4, 0x18); v.ioWrite(0x3d5, 100);
    v.ioWrite(0x3d4, 0x07); v.ioWrite(0x3d5, 0x2e); // line compare bit 8 off
    sched.runUntil(2 * MASTER);
    expect(v.pixels[rowTop(0)]).toBe(v.pal.colour(0));
    expect(v.pixels[rowTop(101)]).toBe(v.pal.colour(12));
  });

  it('text mode 03h: 9x16 cells from a font in plane 2, attributes, line-graphics 9th column', () => {
    const { sched, v } = setup(MODE03);
    // Load a font glyph for 41h and C4h through planar access to plane 2, as a BIOS does.
    v.ioWrite(0x3c4, 2); v.ioWrite(0x3c5, 0x04);
    v.ioWrite(0x3c4, 4); v.ioWrite(0x3c5, 0x06);
    v.ioWrite(0x3ce, 5); v.ioWrite(0x3cf, 0x00);
    v.ioWrite(0x3ce, 6); v.ioWrite(0x3cf, 0x04);
    for (let r = 0; r < 16; r++) { v.memWrite(0xa0000 + 0x41 * 32 + r, r === 3 ? 0x81 : 0); v.memWrite(0xa0000 + 0xc4 * 32 + r, r === 8 ? 0xff : 0); }
    setMode(v, MODE03);
    v.memWrite(0xb8000, 0x41); v.memWrite(0xb8001, 0x1e);
    v.memWrite(0xb8002, 0xc4); v.memWrite(0xb8003, 0x07);
    sched.runUntil(MASTER / 10);
    const px = (x: number, y: number) => v.pixels[(40 + y) * VGA_WIDTH + x];
    expect([px(0, 3), px(1, 3), px(7, 3), px(8, 3)]).toEqual([v.pal.colour(14), v.pal.colour(1), v.pal.colour(14), v.pal.colour(1)]);
    expect([px(9 + 7, 8), px(9 + 8, 8)]).toEqual([v.pal.colour(7), v.pal.colour(7)]); // C4h: the 9th column continues the line
    expect(v.screenText().split('\n')[0]).toBe('A─');
  });

  it('state runs on identically', () => {
    const a = setup(MODE13);
    for (let i = 0; i < 2000; i++) a.v.memWrite(0xa0000 + i, i & 0xff);
    a.sched.runUntil(Math.floor(MASTER / 7) + 1234);
    const st = a.v.part.getState(), ss = a.sched.getState();
    const b = setup(MODE12);
    b.v.part.setState(st); b.sched.setState(ss);
    a.sched.runUntil(MASTER / 2); b.sched.runUntil(MASTER / 2);
    expect(Buffer.from(b.v.pixels.buffer).equals(Buffer.from(a.v.pixels.buffer))).toBe(true);
    expect(b.v.frames).toBe(a.v.frames);
  });
});
