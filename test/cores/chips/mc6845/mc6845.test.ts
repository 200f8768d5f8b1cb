/**
 * MC6845 alone, against the data sheet's counter description, with the IBM CGA's 80x25 text
 * programming (IBM Technical Reference, CGA "6845 CRT Controller" table: R0=71h R1=50h R2=5Ah
 * R3=0Ah R4=1Fh R5=06h R6=19h R7=1Ch R9=07h): 114 characters a line, 262 lines a frame.
 */
import { describe, expect, it } from 'vitest';
import { Crtc, Mc6845 } from '../../../../cores/chips/mc6845/mc6845.ts';

const CGA80 = [0x71, 0x50, 0x5a, 0x0a, 0x1f, 0x06, 0x19, 0x1c, 0x02, 0x07, 0x06, 0x07, 0, 0, 0, 0];

function programmed(regs = CGA80): Mc6845 {
  const c = new Mc6845();
  regs.forEach((v, i) => { c.selectRegister(i); c.writeData(v); });
  c.reset();
  return c;
}

describe('MC6845', () => {
  it('counts R0+1 characters a line and (R4+1)*(R9+1)+R5 lines a frame', () => {
    const c = programmed();
    let lines = 0, frames = 0;
    c.onLineEnd = () => { lines++; };
    c.onFrameStart = () => { frames++; };
    c.advance(114 * 262 - 1);
    expect(frames).toBe(0);
    expect(lines).toBe(261);
    c.advance(1);
    expect(frames).toBe(1);
    expect(lines).toBe(262);
    expect(c.s.vc).toBe(0);
    expect(c.s.ra).toBe(0);
  });

  it('display enable is on for R1 characters of each of the first R6 rows', () => {
    const c = programmed();
    let dispLines = 0;
    c.onLineEnd = () => { if (c.s.vDisp) dispLines++; };
    expect(c.displayEnable).toBe(true);
    c.advance(79);
    expect(c.displayEnable).toBe(true);
    c.advance(1);
    expect(c.displayEnable).toBe(false);
    c.advance(114 * 262 - 80);
    expect(dispLines).toBe(25 * 8);
  });

  it('HSYNC covers characters R2 .. R2+R3-1', () => {
    const c = programmed();
    c.advance(0x59);
    expect(c.hsync).toBe(false);
    c.advance(1);
    expect(c.hsync).toBe(true);
    c.advance(9);
    expect(c.hsync).toBe(true);
    c.advance(1);
    expect(c.hsync).toBe(false);
  });

  it('VSYNC starts on the first line of row R7 and lasts 16 lines; predictVsync says when', () => {
    const c = programmed();
    const starts: number[] = [];
    let line = 0;
    c.onLineEnd = () => { line++; };
    c.onVsync = () => { starts.push(line); };
    expect(c.predictVsync()).toBe(0x1c * 8 * 114);
    c.advance(0x1c * 8 * 114 - 1);
    expect(c.vsync).toBe(false);
    c.advance(1);
    expect(c.vsync).toBe(true);
    expect(starts).toEqual([224]);
    c.advance(16 * 114 - 1);
    expect(c.vsync).toBe(true);
    c.advance(1);
    expect(c.vsync).toBe(false);
    // The next VSYNC is one whole frame after the first.
    expect(c.predictVsync()).toBe(114 * 262 - 16 * 114);
  });

  it('each row starts R1 characters after the previous one, from R12:R13', () => {
    const c = programmed([...CGA80.slice(0, 12), 0x01, 0x23]);
    expect(c.ma).toBe(0x123);
    c.advance(114 * 8);
    expect(c.ma).toBe(0x123 + 80);
    c.advance(5);
    expect(c.ma).toBe(0x123 + 85);
  });

  it('the cursor follows R10/R11 and blinks at 1/16 or 1/32 of the field rate', () => {
    const c = programmed();
    const setCursor = (r10: number, r11: number) => { c.selectRegister(10); c.writeData(r10); c.selectRegister(11); c.writeData(r11); };
    setCursor(0x06, 0x07);
    expect([5, 6, 7].map((ra) => c.cursorOnLine(ra))).toEqual([false, true, true]);
    setCursor(0x26, 0x07); // 01: no cursor
    expect(c.cursorOnLine(6)).toBe(false);
    setCursor(0x46, 0x07); // 10: 1/16 field rate: 8 fields on, 8 off
    const phases: boolean[] = [];
    for (let f = 0; f < 16; f++) { phases.push(c.cursorOnLine(6)); c.advance(114 * 262); }
    expect(phases).toEqual([...Array(8).fill(true), ...Array(8).fill(false)]);
    setCursor(0x66, 0x07); // 11: 1/32: 16 on, 16 off
    c.s.field = 15;
    expect(c.cursorOnLine(6)).toBe(true);
    c.s.field = 16;
    expect(c.cursorOnLine(6)).toBe(false);
  });

  it('reads: R14/R15 and the light pen answer, write-only registers read 0', () => {
    const c = programmed();
    c.selectRegister(14); c.writeData(0xff);
    expect(c.readData()).toBe(0x3f);
    c.selectRegister(15); c.writeData(0x42);
    expect(c.readData()).toBe(0x42);
    c.selectRegister(0);
    expect(c.readData()).toBe(0);
    c.selectRegister(12); c.writeData(0x12);
    expect(c.readData()).toBe(0);
    c.advance(114 * 3 + 10);
    c.strobeLightPen();
    c.selectRegister(Crtc.LightPenHigh);
    const hi = c.readData();
    c.selectRegister(Crtc.LightPenLow);
    expect((hi << 8) | c.readData()).toBe(10);
    c.selectRegister(16); c.writeData(0x55);
    expect(c.readData()).toBe(0);
  });

  it('catches up through sync before a register access', () => {
    const c = programmed();
    let pending = 200;
    c.sync = () => { c.advance(pending); pending = 0; };
    c.selectRegister(15);
    c.readData();
    expect(c.s.hc).toBe(200 - 114);
  });

  it('R7 past the last row gives no VSYNC to predict', () => {
    const c = programmed([...CGA80.slice(0, 7), 0x7f, ...CGA80.slice(8)]);
    expect(c.predictVsync(600)).toBe(-1);
    // With all registers 0 the chip still runs: one-character lines, each a frame, VSYNC every 16.
    const z = new Mc6845();
    expect(z.predictVsync(500)).toBe(1);
  });

  it('state round-trips and bad state is refused', () => {
    const c = programmed();
    c.advance(12345);
    const st = c.getState();
    const d = programmed(CGA80.map(() => 0));
    d.setState(st);
    expect(d.getState()).toEqual(st);
    c.advance(50000); d.advance(50000);
    expect(d.getState()).toEqual(c.getState());
    expect(() => d.setState({ ...st, regs: new Uint8Array(3) })).toThrow(/malformed/);
  });
});
