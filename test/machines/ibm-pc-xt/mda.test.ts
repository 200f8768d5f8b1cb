/**
 * MDA and Hercules alone on a scheduler without a CPU, programmed as the IBM BIOS sets mode 7 and
 * as the Hercules manual sets 720x348 graphics: frame rate, where text and graphics are drawn,
 * attributes (underline, reverse, blank, the 9th column), status bits, screen text, state.
 */
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../../cores/kernel/scheduler.ts';
import { Mda, MDA_WIDTH } from '../../../machines/ibm-pc-xt/video/mda.ts';
import { amalgamCharRom, pcFont8 } from '../../../roms/ibm-pc-xt/font8.ts';

const MASTER = 28_636_360;
const MODE7 = [0x61, 0x50, 0x52, 0x0f, 0x19, 0x06, 0x19, 0x19, 0x02, 0x0d, 0x0b, 0x0c, 0, 0, 0x07, 0xd0];
const HGC_GFX = [0x35, 0x2d, 0x2e, 0x07, 0x5b, 0x02, 0x57, 0x57, 0x02, 0x03, 0x00, 0x00, 0, 0, 0, 0];

function setup(hercules: boolean, regs: number[], mode: number, config = 0) {
  const sched = new Scheduler();
  const a = new Mda(sched, amalgamCharRom(), { hercules, textCharTicks: 16, gfxCharTicks: 28 });
  if (hercules) a.ioWrite(0x3bf, config);
  regs.forEach((v, i) => { a.ioWrite(0x3b4, i); a.ioWrite(0x3b5, v); });
  a.ioWrite(0x3b8, mode);
  return { sched, a };
}

describe('MDA and Hercules', () => {
  it('the MDA runs at about 49.4 frames a second in mode 7', () => {
    const { sched, a } = setup(false, MODE7, 0x29);
    sched.runUntil(MASTER);
    expect(a.frames).toBeGreaterThanOrEqual(48);
    expect(a.frames).toBeLessThanOrEqual(50);
  });

  it('draws 9-dot cells: normal, underline, reverse, blank, and the 9th column of line-drawing codes', () => {
    const { sched, a } = setup(false, MODE7, 0x29);
    const put = (cell: number, ch: number, attr: number) => { a.memWrite(0xb0000 + cell * 2, ch); a.memWrite(0xb0001 + cell * 2, attr); };
    put(0, 0x41, 0x07); put(1, 0x20, 0x01); put(2, 0x20, 0x70); put(3, 0xdb, 0x00); put(4, 0xc4, 0x07); put(5, 0xdb, 0x0f);
    sched.runUntil(5 * a.nominalFrame);
    const px = (x: number, y: number) => a.pixels[(6 + y) * MDA_WIDTH + 24 + x]!;
    const font = pcFont8();
    const on = px(45, 0); // full block, bright
    // 'A' row 2 (from the 8x14 map: 8x8 row 1) against the font.
    const aRow = font[0x41 * 8 + 1]!;
    for (let d = 0; d < 8; d++) expect(px(d, 1) !== px(8, 1), `A dot ${d}`).toBe(((aRow << d) & 0x80) !== 0);
    expect(px(9 + 4, 12)).not.toBe(px(9 + 4, 11)); // underline on line 12
    expect(px(18 + 4, 5)).not.toBe(px(0, 0)); // reverse: lit background
    expect(px(27 + 4, 5)).toBe(px(0, 0)); // attribute 00h: nothing
    const hline = font.subarray(0xc4 * 8, 0xc4 * 8 + 8).findIndex((v) => v === 0xff);
    const hy = [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7].indexOf(hline);
    expect(px(36 + 8, hy)).toBe(px(36 + 7, hy)); // 9th column repeats the 8th for C4h
    expect(px(9 + 8, 12)).not.toBe(px(0, 0));
    expect(on).not.toBe(px(36 + 7, hy)); // bright differs from normal
    expect(a.screenText().split('\n')[0]).toBe('A  █─█');
  });

  it('Hercules graphics: four interleaved banks, page 1 at B8000h, status bit 7 low in vertical retrace', () => {
    const { sched, a } = setup(true, HGC_GFX, 0x0a, 3);
    a.memWrite(0xb0000, 0x80);
    a.memWrite(0xb2000, 0x40);
    a.memWrite(0xb6000, 0x01);
    sched.runUntil(4 * a.nominalFrame);
    const px = (x: number, y: number) => a.pixels[(8 + y) * MDA_WIDTH + 8 + x]!;
    const off = px(5, 0);
    expect(px(0, 0)).not.toBe(off);
    expect(px(1, 1)).not.toBe(off);
    expect(px(7, 3)).not.toBe(off);
    expect(px(0, 1)).toBe(off);
    a.memWrite(0xb8000, 0xff);
    a.ioWrite(0x3b8, 0x8a);
    sched.runUntil(6 * a.nominalFrame);
    expect(px(3, 0)).not.toBe(off);
    let low = 0, high = 0;
    for (let t = 0; t < a.nominalFrame; t += 64) {
      sched.runUntil(6 * a.nominalFrame + t);
      if ((a.ioRead(0x3ba) & 0x80) === 0) low++; else high++;
    }
    expect(low).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(low);
    expect(a.screenText()).toBe('');
  });

  it('Hercules without 3BFh bit 1 does not decode B8000h', () => {
    const { a } = setup(true, MODE7, 0x29, 0);
    a.memWrite(0xb8000, 0x12);
    expect(a.memRead(0xb8000)).toBe(0xff);
    a.ioWrite(0x3bf, 2);
    a.memWrite(0xb8000, 0x12);
    expect(a.memRead(0xb8000)).toBe(0x12);
  });

  it('state runs on identically', () => {
    const x = setup(true, MODE7, 0x29, 3);
    for (let i = 0; i < 300; i++) x.a.memWrite(0xb0000 + i, i * 7);
    x.sched.runUntil(x.a.nominalFrame * 2 + 999);
    const st = x.a.part.getState(), ss = x.sched.getState();
    const y = setup(true, HGC_GFX, 0x0a, 3);
    y.a.part.setState(st); y.sched.setState(ss);
    x.sched.runUntil(x.a.nominalFrame * 4);
    y.sched.runUntil(x.a.nominalFrame * 4);
    expect(Buffer.from(y.a.pixels.buffer).equals(Buffer.from(x.a.pixels.buffer))).toBe(true);
  });
});
