/**
 * The CGA alone on a scheduler without a CPU, programmed as the IBM BIOS programs it for modes
 * 3 (80x25 text), 4 (320x200) and 6 (640x200) (IBM Technical Reference, CGA CRTC parameter table).
 * Checks the frame rate, the 3DAh status bits against the beam, what is drawn where, blink, the
 * cursor, screen text and save-state determinism.
 */
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../../cores/kernel/scheduler.ts';
import { RGBI } from '../../../machines/ibm-pc-xt/video/adapter.ts';
import { Cga, CGA_FRAME_DOTS, CGA_WIDTH } from '../../../machines/ibm-pc-xt/video/cga.ts';
import { pcFont8 } from '../../../roms/ibm-pc-xt/font8.ts';

const CGA_NOMINAL_FRAME = CGA_FRAME_DOTS;
const TEXT80 = [0x71, 0x50, 0x5a, 0x0a, 0x1f, 0x06, 0x19, 0x1c, 0x02, 0x07, 0x06, 0x07, 0, 0, 0, 0];
const TEXT40 = [0x38, 0x28, 0x2d, 0x0a, 0x1f, 0x06, 0x19, 0x1c, 0x02, 0x07, 0x06, 0x07, 0, 0, 0, 0];
const GFX = [0x38, 0x28, 0x2d, 0x0a, 0x7f, 0x06, 0x64, 0x70, 0x02, 0x01, 0x06, 0x07, 0, 0, 0, 0];

/** Font as the card reads it (the character ROM's last 2 KB). */
function cardFont(): Uint8Array {
  const f = new Uint8Array(8192);
  f.set(pcFont8(), 0x1800);
  return f;
}

function setup(regs: number[], mode: number, colorSelect = 0) {
  const sched = new Scheduler();
  const cga = new Cga(sched, cardFont());
  let frames = 0;
  cga.onFrame = () => { frames++; };
  regs.forEach((v, i) => { cga.ioWrite(0x3d4, i); cga.ioWrite(0x3d5, v); });
  cga.ioWrite(0x3d8, mode);
  cga.ioWrite(0x3d9, colorSelect);
  return { sched, cga, frames: () => frames };
}

describe('CGA', () => {
  it('sends 59.92 frames a second in the BIOS text mode', () => {
    const { sched, frames } = setup(TEXT80, 0x29);
    sched.runUntil(14_318_180);
    expect(frames()).toBeGreaterThanOrEqual(59);
    expect(frames()).toBeLessThanOrEqual(60);
  });

  it('3DAh: VSYNC 16 lines a frame, display enable 640 dots x 200 lines, bits 4-7 high', () => {
    const { sched, cga } = setup(TEXT80, 0x29);
    sched.runUntil(CGA_NOMINAL_FRAME * 3);
    let vs = 0, de = 0, high = 0xff;
    for (let t = 0; t < CGA_NOMINAL_FRAME; t += 8) {
      sched.runUntil(CGA_NOMINAL_FRAME * 3 + t);
      const st = cga.ioRead(0x3da);
      high &= st;
      if ((st & 8) !== 0) vs++;
      if ((st & 1) === 0) de++;
    }
    expect(vs * 8).toBe(16 * 912);
    expect(de * 8).toBe(200 * 640);
    expect(high & 0xf0).toBe(0xf0);
  });

  it('draws 80-column text in its attribute colours inside the border colour', () => {
    const { sched, cga } = setup(TEXT80, 0x29, 0x04);
    cga.ioWrite(0x3d4, 14); cga.ioWrite(0x3d5, 0x07); // cursor out of the way
    cga.memWrite(0xb8000, 0x41);
    cga.memWrite(0xb8001, 0x1e);
    sched.runUntil(CGA_NOMINAL_FRAME * 3);
    const font = pcFont8();
    const px = cga.pixels;
    for (let r = 0; r < 8; r++) {
      for (let d = 0; d < 8; d++) {
        const ink = ((font[0x41 * 8 + r]! << d) & 0x80) !== 0;
        expect(px[(20 + r) * CGA_WIDTH + 40 + d], `row ${r} dot ${d}`).toBe(ink ? RGBI[14] : RGBI[1]);
      }
    }
    expect(px[0]).toBe(RGBI[4]); // border: colour select bits 0-3
    expect(px[20 * CGA_WIDTH + 39]).toBe(RGBI[4]);
    expect(cga.screenText().split('\n')[0]).toBe('A');
  });

  it('40-column text doubles each dot', () => {
    const { sched, cga } = setup(TEXT40, 0x28);
    cga.memWrite(0xb8000, 0xdb); // full block
    cga.memWrite(0xb8001, 0x0f);
    cga.memWrite(0xb8002, 0xdb);
    cga.memWrite(0xb8003, 0x02);
    sched.runUntil(CGA_NOMINAL_FRAME * 3);
    expect(cga.pixels[22 * CGA_WIDTH + 40 + 15]).toBe(RGBI[15]);
    expect(cga.pixels[22 * CGA_WIDTH + 40 + 16]).toBe(RGBI[2]);
  });

  it('blink: attribute bit 7 hides the character 16 fields in 32; without blink it is a bright background', () => {
    const { sched, cga } = setup(TEXT80, 0x29);
    cga.memWrite(0xb8000, 0xdb);
    cga.memWrite(0xb8001, 0x8e);
    const at = 22 * CGA_WIDTH + 42;
    const seen: number[] = [];
    for (let f = 1; f <= 40; f++) { sched.runUntil(CGA_NOMINAL_FRAME * f + 1000); seen.push(cga.pixels[at]!); }
    expect(seen.filter((c) => c === RGBI[14]).length).toBeGreaterThan(15);
    expect(seen.filter((c) => c === RGBI[0]).length).toBeGreaterThan(15);
    cga.ioWrite(0x3d8, 0x09);
    cga.memWrite(0xb8000, 0x20);
    sched.runUntil(CGA_NOMINAL_FRAME * 42);
    expect(cga.pixels[at]).toBe(RGBI[8]);
  });

  it('the cursor shows on lines 6-7 of its cell, blinking every 8 fields', () => {
    const { sched, cga } = setup(TEXT80, 0x29);
    cga.memWrite(0xb8000 + 2 * 81, 0x20); // cell (1,1)
    cga.memWrite(0xb8001 + 2 * 81, 0x07);
    cga.ioWrite(0x3d4, 14); cga.ioWrite(0x3d5, 0);
    cga.ioWrite(0x3d4, 15); cga.ioWrite(0x3d5, 81);
    const on: boolean[] = [];
    for (let f = 3; f < 35; f++) {
      sched.runUntil(CGA_NOMINAL_FRAME * f + 1000);
      on.push(cga.pixels[(20 + 8 + 6) * CGA_WIDTH + 48 + 3] === RGBI[7]);
      expect(cga.pixels[(20 + 8 + 5) * CGA_WIDTH + 48 + 3]).toBe(RGBI[0]);
    }
    expect(on.filter(Boolean).length).toBe(16);
  });

  it('320x200: two bits a pixel, both palettes, intensity, odd lines from B8000h+2000h', () => {
    const { sched, cga } = setup(GFX, 0x2a, 0x31);
    cga.memWrite(0xb8000, 0x1b); // pixels 0,1,2,3
    cga.memWrite(0xba000, 0xe4); // 3,2,1,0 on line 1
    sched.runUntil(CGA_NOMINAL_FRAME * 3);
    const at = (y: number, p: number) => cga.pixels[(20 + y) * CGA_WIDTH + 40 + 2 * p];
    expect([0, 1, 2, 3].map((p) => at(0, p))).toEqual([RGBI[1], RGBI[11], RGBI[13], RGBI[15]]);
    expect([0, 1, 2, 3].map((p) => at(1, p))).toEqual([RGBI[15], RGBI[13], RGBI[11], RGBI[1]]);
    cga.ioWrite(0x3d9, 0x00);
    sched.runUntil(CGA_NOMINAL_FRAME * 4);
    expect([0, 1, 2, 3].map((p) => at(0, p))).toEqual([RGBI[0], RGBI[2], RGBI[4], RGBI[6]]);
    cga.ioWrite(0x3d8, 0x2e); // B&W bit: cyan/red/white
    sched.runUntil(CGA_NOMINAL_FRAME * 5);
    expect([1, 2, 3].map((p) => at(0, p))).toEqual([RGBI[3], RGBI[4], RGBI[7]]);
    expect(cga.screenText()).toBe('');
  });

  it('640x200: one bit a dot in the colour-select colour on black, black border', () => {
    const { sched, cga } = setup(GFX, 0x1e, 0x0e);
    cga.memWrite(0xb8000, 0xa0);
    sched.runUntil(CGA_NOMINAL_FRAME * 3);
    const row = 20 * CGA_WIDTH + 40;
    expect([0, 1, 2, 3].map((d) => cga.pixels[row + d])).toEqual([RGBI[14], RGBI[0], RGBI[14], RGBI[0]]);
    expect(cga.pixels[0]).toBe(RGBI[0]);
  });

  it('a saved state runs on to the same pixels as the original', () => {
    const a = setup(TEXT80, 0x29, 0x02);
    for (let i = 0; i < 200; i++) { a.cga.memWrite(0xb8000 + i * 2, 0x41 + (i % 26)); a.cga.memWrite(0xb8001 + i * 2, i & 0xff); }
    a.sched.runUntil(CGA_NOMINAL_FRAME * 2 + 12345);
    const st = a.cga.part.getState();
    const sst = a.sched.getState();
    const b = setup(TEXT40, 0x28);
    b.cga.part.setState(st);
    b.sched.setState(sst);
    a.sched.runUntil(CGA_NOMINAL_FRAME * 5 + 777);
    b.sched.runUntil(CGA_NOMINAL_FRAME * 5 + 777);
    expect(Buffer.from(b.cga.pixels.buffer).equals(Buffer.from(a.cga.pixels.buffer))).toBe(true);
    expect(b.cga.frames).toBe(a.cga.frames);
    expect(() => b.cga.part.setState({ ...st, vram: new Uint8Array(5) })).toThrow(/malformed/);
  });
});
