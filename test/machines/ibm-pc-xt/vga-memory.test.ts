/**
 * The VGA's planar memory and graphics controller alone, against the IBM VGA Technical Reference /
 * FreeVGA descriptions: map mask, read map, latches, write modes 0-3, set/reset, rotate, logical
 * functions, bit mask, read mode 1 colour compare, chain-4 and odd/even addressing, memory map.
 */
import { describe, expect, it } from 'vitest';
import { Gc, VgaMemory } from '../../../machines/ibm-pc-xt/video/vga-memory.ts';

const P = 0x10000;
const plane = (m: VgaMemory, i: number, off: number) => m.s.planes[i * P + off]!;

function planar(): VgaMemory {
  const m = new VgaMemory();
  m.s.memMode = 0x06; // planar (odd/even off), chain-4 off
  m.s.gc[Gc.Misc] = 0x05; // graphics, A0000h 64 KB
  return m;
}

describe('VGA memory', () => {
  it('write mode 0 writes the planes in the map mask; read mode 0 reads the read-map plane', () => {
    const m = planar();
    m.s.mapMask = 0x05;
    m.write(10, 0x3c);
    expect([0, 1, 2, 3].map((i) => plane(m, i, 10))).toEqual([0x3c, 0, 0x3c, 0]);
    m.s.gc[Gc.ReadMap] = 2;
    expect(m.read(10)).toBe(0x3c);
    m.s.gc[Gc.ReadMap] = 1;
    expect(m.read(10)).toBe(0);
  });

  it('latches: a read loads all four planes; write mode 1 copies them', () => {
    const m = planar();
    for (let i = 0; i < 4; i++) m.s.planes[i * P + 100] = 0x11 * (i + 1);
    m.read(100);
    m.s.gc[Gc.Mode] = 1;
    m.write(200, 0xff);
    expect([0, 1, 2, 3].map((i) => plane(m, i, 200))).toEqual([0x11, 0x22, 0x33, 0x44]);
  });

  it('set/reset, rotate, functions and the bit mask in write mode 0', () => {
    const m = planar();
    m.s.gc[Gc.EnableSetReset] = 0x0f; m.s.gc[Gc.SetReset] = 0x05;
    m.write(0, 0x12);
    expect([0, 1, 2, 3].map((i) => plane(m, i, 0))).toEqual([0xff, 0, 0xff, 0]);
    m.s.gc[Gc.EnableSetReset] = 0;
    m.s.gc[Gc.DataRotate] = 4; // rotate right by 4, replace
    m.write(1, 0x12);
    expect(plane(m, 0, 1)).toBe(0x21);
    for (let i = 0; i < 4; i++) m.s.planes[i * P + 2] = 0xf0;
    m.read(2);
    m.s.gc[Gc.DataRotate] = 0x18; // XOR with the latch
    m.write(2, 0xff);
    expect(plane(m, 3, 2)).toBe(0x0f);
    m.s.gc[Gc.DataRotate] = 0; m.s.gc[Gc.BitMask] = 0x0f;
    for (let i = 0; i < 4; i++) m.s.planes[i * P + 3] = 0xa0;
    m.read(3);
    m.write(3, 0x05);
    expect(plane(m, 1, 3)).toBe(0xa5); // high nibble from the latch, low from the data
  });

  it('write mode 2: data bits 0-3 are the colour; write mode 3: set/reset under rotated data AND bit mask', () => {
    const m = planar();
    m.s.gc[Gc.Mode] = 2; m.s.gc[Gc.BitMask] = 0x81;
    m.read(0);
    m.write(0, 0x0a);
    expect([0, 1, 2, 3].map((i) => plane(m, i, 0))).toEqual([0, 0x81, 0, 0x81]);
    m.s.gc[Gc.Mode] = 3; m.s.gc[Gc.BitMask] = 0xff; m.s.gc[Gc.SetReset] = 0x0c;
    m.read(1);
    m.write(1, 0xf0);
    expect([0, 1, 2, 3].map((i) => plane(m, i, 1))).toEqual([0, 0, 0xf0, 0xf0]);
  });

  it('read mode 1 compares colours, ignoring the planes colour don\'t care leaves out', () => {
    const m = planar();
    // pixel colours 0..7 in the 8 bits: plane i bit = colour bit i
    for (let bit = 0; bit < 8; bit++) for (let i = 0; i < 4; i++) if ((bit >> i) & 1) m.s.planes[i * P + 5] |= 0x80 >> bit;
    m.s.gc[Gc.Mode] = 0x08; m.s.gc[Gc.ColorCompare] = 5;
    expect(m.read(5)).toBe(0x80 >> 5);
    m.s.gc[Gc.ColorDontCare] = 0x01; // only plane 0: odd colours match
    expect(m.read(5)).toBe(0x55);
  });

  it('chain-4 puts byte n in plane n & 3 at offset n & ~3; odd/even splits even and odd bytes', () => {
    const m = new VgaMemory();
    m.s.memMode = 0x0e;
    for (let n = 0; n < 8; n++) m.write(n, 0x10 + n);
    expect(plane(m, 1, 0)).toBe(0x11);
    expect(plane(m, 3, 4)).toBe(0x17);
    expect(m.read(6)).toBe(0x16);
    const t = new VgaMemory(); // power-on: odd/even (text)
    t.write(0, 0x41); t.write(1, 0x07); // map mask 0Fh: even bytes reach planes 0 and 2
    expect([plane(t, 0, 0), plane(t, 1, 0), plane(t, 2, 0), plane(t, 3, 0)]).toEqual([0x41, 0x07, 0x41, 0x07]);
    t.s.mapMask = 0x03; // as a text mode sets it: plane 2 (the font) is left alone
    t.write(2, 0x42);
    expect([plane(t, 0, 2), plane(t, 2, 2)]).toEqual([0x42, 0]);
    expect(t.read(1)).toBe(0x07);
  });

  it('the memory map selects the CPU window', () => {
    const m = new VgaMemory();
    m.s.gc[Gc.Misc] = 0x0c;
    expect([m.windowOffset(0xb8010), m.windowOffset(0xa0000)]).toEqual([0x10, -1]);
    m.s.gc[Gc.Misc] = 0x04;
    expect([m.windowOffset(0xa1234), m.windowOffset(0xb0000)]).toEqual([0x1234, -1]);
    m.s.gc[Gc.Misc] = 0x00;
    expect(m.windowOffset(0xbffff)).toBe(0x1ffff);
  });

  it('state round-trips; bad state is refused', () => {
    const m = planar();
    m.write(7, 0x99);
    const n = new VgaMemory();
    n.setState(m.getState());
    expect(n.getState().gc).toEqual(m.getState().gc);
    expect(plane(n, 0, 7)).toBe(0x99);
    expect(() => n.setState({ ...m.getState(), gc: new Uint8Array(2) })).toThrow(/malformed/);
  });
});
