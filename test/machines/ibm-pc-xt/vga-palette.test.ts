/**
 * The VGA attribute controller and DAC alone (IBM VGA Technical Reference / FreeVGA): the 3C0h
 * index/data flip-flop and its reset, palette and colour select composition, plane enable, DAC
 * writes and reads with auto-increment, the 3C7h state, the pel mask, 6-to-8-bit colour expansion.
 */
import { describe, expect, it } from 'vitest';
import { Ac, VgaPalette } from '../../../machines/ibm-pc-xt/video/vga-palette.ts';

describe('VGA palette', () => {
  it('3C0h alternates index and data; reading input status resets it to index', () => {
    const p = new VgaPalette();
    p.ioWrite(0x3c0, 0x01); p.ioWrite(0x3c0, 0x3f);
    expect(p.s.ac[1]).toBe(0x3f);
    p.ioWrite(0x3c0, 0x02);
    p.resetFlipFlop();
    p.ioWrite(0x3c0, 0x23); // an index again, with PAS (bit 5) set
    p.ioWrite(0x3c0, 0x07);
    expect(p.s.ac[3]).toBe(0x07);
    expect(p.screenOn).toBe(true);
    expect(p.ioRead(0x3c1)).toBe(0x07);
  });

  it('the DAC takes R, G, B per entry with auto-increment and reads them back', () => {
    const p = new VgaPalette();
    p.ioWrite(0x3c8, 10);
    for (const v of [63, 0, 32, 1, 2, 3]) p.ioWrite(0x3c9, v);
    expect(p.ioRead(0x3c8)).toBe(12);
    expect(p.ioRead(0x3c7) & 3).toBe(0);
    p.ioWrite(0x3c7, 11);
    expect(p.ioRead(0x3c7) & 3).toBe(3);
    expect([p.ioRead(0x3c9), p.ioRead(0x3c9), p.ioRead(0x3c9)]).toEqual([1, 2, 3]);
    expect(p.dacColour(10)).toBe(0xff8200ff); // R 63 -> FF, G 0, B 32 -> 82
  });

  it('a 4-bit pixel goes through plane enable, the palette and colour select to the DAC', () => {
    const p = new VgaPalette();
    const ac = (i: number, v: number) => { p.resetFlipFlop(); p.ioWrite(0x3c0, i); p.ioWrite(0x3c0, v); };
    for (let i = 0; i < 16; i++) ac(i, i + 0x10);
    ac(Ac.PlaneEnable, 0x0f);
    expect(p.index4(5)).toBe(0x15);
    ac(Ac.PlaneEnable, 0x03);
    expect(p.index4(5)).toBe(0x11); // plane 2 off: pixel 5 becomes 1
    ac(Ac.PlaneEnable, 0x0f);
    ac(Ac.ColorSelect, 0x0e); // bits 2-3 -> DAC bits 6-7; bits 0-1 -> 4-5 with mode bit 7
    expect(p.index4(5)).toBe(0xd5);
    ac(Ac.Mode, 0x80);
    expect(p.index4(5)).toBe(0xe5);
    p.ioWrite(0x3c6, 0x0f);
    expect(p.index4(5)).toBe(0x05);
  });

  it('state round-trips with the derived colours; bad state is refused', () => {
    const p = new VgaPalette();
    p.ioWrite(0x3c8, 1); p.ioWrite(0x3c9, 10); p.ioWrite(0x3c9, 20); p.ioWrite(0x3c9, 30);
    const q = new VgaPalette();
    q.setState(p.getState());
    expect(q.dacColour(1)).toBe(p.dacColour(1));
    expect(() => q.setState({ ...p.getState(), dac: new Uint8Array(3) })).toThrow(/malformed/);
  });
});
