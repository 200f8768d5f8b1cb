/**
 * The chipset in the assembled machine, driven directly (the CPU loops in ROM): beam counters and
 * frame length, VERTB, the copper (MOVE, WAIT, SKIP, danger bit, restart each frame), bitplanes in
 * the frame (lores, border, colour changes mid-screen), INTENA/INTREQ to IPL levels, the overlay,
 * CPU waits for bitplane slots.
 */
import { describe, expect, it } from 'vitest';
import { CiaReg } from '../../../cores/chips/mos8520/cia.ts';
import { LINE_TICKS, PAL_LINES_LONG, Reg } from '../../../machines/amiga-500/constants.ts';
import { FrameHost, bareAmiga, countColour, peek16, pixelAt, poke16, rgb12, runFrame } from './helpers.ts';

describe('Amiga 500 beam and interrupts', () => {
  it('a PAL frame is 313 lines of 227 colour clocks; VERTB is requested once per frame', () => {
    const host = new FrameHost();
    const a = bareAmiga(host);
    runFrame(a);
    const t0 = a.agnus.s.frameStart;
    runFrame(a);
    expect(a.agnus.s.frameStart - t0).toBe(PAL_LINES_LONG * LINE_TICKS);
    expect(a.paula.s.intreq & 0x20).toBe(0x20);
    expect(host.frames).toBe(2);
  });

  it('VHPOSR counts lines and colour clocks; VPOSR has LOF and V8', () => {
    const a = bareAmiga();
    runFrame(a);
    const start = a.agnus.s.frameStart;
    a.scheduler.runUntil(start + 300 * LINE_TICKS + 100 * 8);
    const vh = a.readCustomCpu(Reg.VHPOSR);
    expect(vh >> 8).toBe(300 & 0xff);
    // The CPU may overshoot by one instruction (the BRA.S loop: 10 cycles = 5 CCKs).
    expect((vh & 0xff) - 100).toBeGreaterThanOrEqual(0);
    expect((vh & 0xff) - 100).toBeLessThanOrEqual(5);
    expect(a.readCustomCpu(Reg.VPOSR)).toBe(0x8001);
  });

  it('INTENA and INTREQ give the 68000 the level of the highest enabled request', () => {
    const a = bareAmiga();
    const p = a.paula;
    a.writeCustom(Reg.INTREQ, 0x7fff, 0);
    a.writeCustom(Reg.INTENA, 0xc000 | 0x0020 | 0x0008 | 0x2000, 0);
    expect(a.cpu.ipl).toBe(0);
    a.writeCustom(Reg.INTREQ, 0x8000 | 0x0008, 0);
    expect(a.cpu.ipl).toBe(2);
    a.writeCustom(Reg.INTREQ, 0x8000 | 0x0020, 0);
    expect(a.cpu.ipl).toBe(3);
    a.writeCustom(Reg.INTREQ, 0x8000 | 0x2000, 0);
    expect(a.cpu.ipl).toBe(6);
    a.writeCustom(Reg.INTENA, 0x4000, 0); // master off
    expect(a.cpu.ipl).toBe(0);
    expect(p.s.intreq & 0x2028).toBe(0x2028);
  });

  it('a CIA-A timer interrupt raises PORTS (level 2) until the ICR is read', () => {
    const a = bareAmiga();
    a.writeCustom(Reg.INTENA, 0xc008, 0);
    a.ciaA.write(CiaReg.TALO, 100);
    a.ciaA.write(CiaReg.TAHI, 0);
    a.ciaA.write(CiaReg.ICR, 0x81);
    a.ciaA.write(CiaReg.CRA, 0x01);
    a.scheduler.runUntil(a.scheduler.now + 200 * 40);
    expect(a.paula.s.intreq & 8).toBe(8);
    a.writeCustom(Reg.INTREQ, 0x0008, 0);
    expect(a.paula.s.intreq & 8).toBe(8); // still held by the CIA
    a.ciaA.read(CiaReg.ICR);
    a.writeCustom(Reg.INTREQ, 0x0008, 0);
    expect(a.paula.s.intreq & 8).toBe(0);
  });

  it('the overlay maps the ROM at 0 until CIA-A drives OVL low', () => {
    const a = bareAmiga();
    expect(a.bus.readWord(0)).toBe(0x1114);
    a.ciaA.write(CiaReg.DDRA, 0x03);
    a.ciaA.write(CiaReg.PRA, 0x00);
    poke16(a, 0, 0xbeef);
    expect(a.bus.readWord(0)).toBe(0xbeef);
  });
});

/** A copper list and a one-plane lores screen, built in chip RAM. */
function screen(a: ReturnType<typeof bareAmiga>, copper: number[]): void {
  let p = 0x1000;
  for (const w of copper) { poke16(a, p, w); p += 2; }
  a.writeCustom(Reg.COP1LCH, 0, 0);
  a.writeCustom(Reg.COP1LCL, 0x1000, 0);
  a.writeCustom(Reg.DMACON, 0x8000 | 0x0200 | 0x0080 | 0x0100, 0);
}

describe('Amiga 500 copper and bitplanes', () => {
  it('shows a lores plane inside the display window, the border outside, and copper colour changes by line', () => {
    const a = bareAmiga();
    // Plane at $8000: line 0 of the screen all ones in the first word, a checker further right.
    for (let y = 0; y < 256; y++) { poke16(a, 0x8000 + y * 40, 0xffff); poke16(a, 0x8000 + y * 40 + 20, 0xaaaa); }
    screen(a, [
      0x00e0, 0x0000, 0x00e2, 0x8000, 0x0100, 0x1200, 0x0102, 0x0000, 0x0108, 0x0000,
      0x008e, 0x2c81, 0x0090, 0x2cc1, 0x0092, 0x0038, 0x0094, 0x00d0,
      0x0180, 0x0005, 0x0182, 0x0fff,
      0x8001, 0xfffe, 0x0180, 0x0f00, // from line $80: red background
      0xffff, 0xfffe,
    ]);
    runFrame(a);
    runFrame(a);
    const f = a.denise.s.pixels;
    expect(pixelAt(f, 0x81, 0x40)).toBe(rgb12(0xfff)); // first pixel of the plane
    expect(pixelAt(f, 0x90, 0x40)).toBe(rgb12(0xfff));
    expect(pixelAt(f, 0x91, 0x40)).toBe(rgb12(0x005)); // 17th pixel: plane bit 0
    expect(pixelAt(f, 0x70, 0x40)).toBe(rgb12(0x005)); // border
    expect(pixelAt(f, 0x70, 0x20)).toBe(rgb12(0x005)); // above the window
    expect(pixelAt(f, 0x70, 0x90)).toBe(rgb12(0xf00)); // after the copper's colour change
    expect(pixelAt(f, 0x81 + 160, 0x40)).toBe(rgb12(0xfff)); // checker: 1 0 1 0
    expect(pixelAt(f, 0x81 + 161, 0x40)).toBe(rgb12(0x005));
    // Line $7F still has the old colour, $80 the new one, from the left edge.
    expect(pixelAt(f, 0x60, 0x7f)).toBe(rgb12(0x005));
    expect(pixelAt(f, 0x60, 0x80)).toBe(rgb12(0xf00));
  });

  it('BPLCON1 delays the plane by whole lores pixels; the modulo skips bytes per line', () => {
    const a = bareAmiga();
    poke16(a, 0x8000, 0x8000);
    poke16(a, 0x8000 + 40 + 2, 0x8000);
    screen(a, [
      0x00e0, 0x0000, 0x00e2, 0x8000, 0x0100, 0x1200, 0x0102, 0x0003, 0x0108, 0x0002,
      0x008e, 0x2c81, 0x0090, 0x2cc1, 0x0092, 0x0038, 0x0094, 0x00d0, 0x0180, 0x0000, 0x0182, 0x0fff,
      0xffff, 0xfffe,
    ]);
    runFrame(a);
    runFrame(a);
    const f = a.denise.s.pixels;
    expect(pixelAt(f, 0x81 + 3, 0x2c)).toBe(rgb12(0xfff));
    expect(pixelAt(f, 0x81, 0x2c)).toBe(rgb12(0x000));
    // Line 2 of the screen starts at 40 + 2 (modulo) bytes: its first pixel is set.
    expect(pixelAt(f, 0x81 + 3, 0x2d)).toBe(rgb12(0xfff));
  });

  it('a colour change in the middle of a line lands at its horizontal position', () => {
    const a = bareAmiga();
    screen(a, [0x0180, 0x0000, 0x6041, 0xfffe, 0x0180, 0x00f0, 0x6101, 0xfffe, 0x0180, 0x0000, 0xffff, 0xfffe]);
    runFrame(a);
    runFrame(a);
    const f = a.denise.s.pixels;
    expect(pixelAt(f, 0x70, 0x60)).toBe(rgb12(0x000));
    expect(pixelAt(f, 0xa0, 0x60)).toBe(rgb12(0x0f0));
    expect(pixelAt(f, 0x70, 0x61)).toBe(rgb12(0x000));
  });

  it('the copper stops on a MOVE to a protected register unless the danger bit allows it', () => {
    const a = bareAmiga();
    screen(a, [0x0040, 0x1234, 0x0180, 0x0f00, 0xffff, 0xfffe]);
    runFrame(a);
    runFrame(a);
    expect(a.blitter.s.con0).toBe(0);
    expect(countColour(a.denise.s.pixels, rgb12(0xf00), 0x60, 0x1c0, 0x30, 0x40)).toBe(0);
    a.writeCustom(Reg.COPCON, 2, 0);
    runFrame(a);
    runFrame(a);
    expect(a.blitter.s.con0).toBe(0x1234);
    expect(pixelAt(a.denise.s.pixels, 0x80, 0x40)).toBe(rgb12(0xf00));
  });

  it('SKIP skips the next instruction once the beam is past its position', () => {
    const a = bareAmiga();
    screen(a, [0x5001, 0xfffe, 0x4001, 0xffff, 0x0180, 0x0f00, 0x0180, 0x000f, 0xffff, 0xfffe]);
    runFrame(a);
    runFrame(a);
    expect(pixelAt(a.denise.s.pixels, 0x80, 0x60)).toBe(rgb12(0x00f));
    expect(peek16(a, 0x1000)).toBe(0x5001);
  });

  it('the CPU waits for even slots that 6-plane lores bitplane DMA takes, and not otherwise', () => {
    const a = bareAmiga();
    a.denise.s.bplcon0 = 0x6200;
    a.writeCustom(Reg.DDFSTRT, 0x38, 0);
    a.writeCustom(Reg.DDFSTOP, 0xd0, 0);
    a.writeCustom(Reg.DIWSTRT, 0x2c81, 0);
    a.writeCustom(Reg.DIWSTOP, 0x2cc1, 0);
    a.writeCustom(Reg.BPLCON0, 0x6200, 0);
    a.writeCustom(Reg.DMACON, 0x8300, 0);
    runFrame(a);
    a.scheduler.runUntil(a.agnus.s.frameStart + 0x40 * LINE_TICKS);
    const ls = a.agnus.s.lineStart;
    // CCK $3A is plane 6's slot in the first fetch unit ($38 + 2), $3C is free, $3E plane 5.
    expect(a.agnus.cpuWait(ls + 0x3a * 8)).toBe(4); // one slot pair = 2 CCKs = 4 CPU cycles
    expect(a.agnus.cpuWait(ls + 0x3c * 8)).toBe(0);
    expect(a.agnus.cpuWait(ls + 0x10 * 8)).toBe(0);
    a.writeCustom(Reg.DMACON, 0x0100, 0);
    expect(a.agnus.cpuWait(ls + 0x3a * 8)).toBe(0);
  });
});
