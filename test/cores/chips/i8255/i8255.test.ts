import { describe, expect, it } from 'vitest';
import { Ppi8255, type PpiState } from '../../../../cores/chips/i8255/i8255.ts';
import { CorruptStateError } from '../../../../cores/kernel/errors.ts';

describe('8255A mode 0', () => {
  it('XT setup (99h): A and C read the pins, B is an output latch that reads back', () => {
    const ppi = new Ppi8255();
    const outs: [number, number, number][] = [];
    ppi.onOutput = (p, v, m) => outs.push([p, v, m]);
    ppi.readPins = (p) => (p === 0 ? 0x1e : p === 2 ? 0x2c : 0x55);
    ppi.write(3, 0x99);
    expect(outs).toEqual([[1, 0, 0xff]]);
    ppi.write(1, 0x4b);
    expect(outs[1]).toEqual([1, 0x4b, 0xff]);
    expect(ppi.read(0)).toBe(0x1e);
    expect(ppi.read(1)).toBe(0x4b);
    expect(ppi.read(2)).toBe(0x2c);
    ppi.write(0, 0x77); // latched but A is an input
    expect(ppi.read(0)).toBe(0x1e);
    expect(outs.length).toBe(2);
  });

  it('port C halves: output nibble reads its latch, input nibble the pins; bit set/reset', () => {
    const ppi = new Ppi8255();
    ppi.readPins = () => 0xa5;
    const outs: [number, number, number][] = [];
    ppi.onOutput = (p, v, m) => outs.push([p, v, m]);
    ppi.write(3, 0x88); // C upper in, C lower out, A and B out
    outs.length = 0;
    ppi.write(3, 0x03); // set PC1
    ppi.write(3, 0x07); // set PC3
    ppi.write(3, 0x02); // reset PC1
    expect(ppi.read(2)).toBe(0xa8);
    expect(outs).toEqual([[2, 0x02, 0x0f], [2, 0x0a, 0x0f], [2, 0x08, 0x0f]]);
  });

  it('a mode word clears every output latch; the control register reads FFh', () => {
    const ppi = new Ppi8255();
    ppi.write(3, 0x80);
    ppi.write(0, 0x12); ppi.write(1, 0x34); ppi.write(2, 0x56);
    expect([ppi.read(0), ppi.read(1), ppi.read(2)]).toEqual([0x12, 0x34, 0x56]);
    ppi.write(3, 0x80);
    expect([ppi.read(0), ppi.read(1), ppi.read(2)]).toEqual([0, 0, 0]);
    expect(ppi.read(3)).toBe(0xff);
  });

  it('state round-trips; damaged states are refused', () => {
    const ppi = new Ppi8255();
    ppi.write(3, 0x99); ppi.write(1, 0xcc);
    const other = new Ppi8255();
    other.setState(JSON.parse(JSON.stringify(ppi.getState())) as PpiState);
    expect(other.read(1)).toBe(0xcc);
    for (const bad of [{ control: 0x99, a: 0, b: 300, c: 0 }, { control: 0x19, a: 0, b: 0, c: 0 }, null])
      expect(() => other.setState(bad as unknown as PpiState)).toThrow(CorruptStateError);
  });
});

describe('8255A modes 1 and 2 (strobed handshakes)', () => {
  function rig(control: number) {
    const ppi = new Ppi8255();
    const intr: [number, boolean][] = [];
    ppi.onIntr = (p, on) => intr.push([p, on]);
    ppi.write(3, control);
    return { ppi, intr };
  }

  it('mode 1 input on A: /STB latches the byte, sets IBF and INTR (INTE via PC4); a read clears both', () => {
    const { ppi, intr } = rig(0xb8); // A mode 1 in, C upper in, B mode 0 out, C lower out
    ppi.strobe(0, 0x11);
    expect(intr).toEqual([]); // INTE A off
    expect(ppi.read(2) & 0x38).toBe(0x20); // IBF
    ppi.write(3, 0x09); // set PC4 = INTE A
    expect(intr).toEqual([[0, true]]);
    expect(ppi.read(2) & 0x38).toBe(0x38); // IBF, INTE, INTR
    expect(ppi.read(0)).toBe(0x11);
    expect(intr).toEqual([[0, true], [0, false]]);
    expect(ppi.read(2) & 0x38).toBe(0x10);
  });

  it('mode 1 output on B: a write activates /OBF and drops INTR; /ACK releases it and INTR rises', () => {
    const { ppi, intr } = rig(0x84); // B mode 1 out
    ppi.write(3, 0x05); // set PC2 = INTE B: nothing pending, so INTR at once
    expect(intr).toEqual([[1, true]]);
    ppi.write(1, 0x33);
    expect(intr).toEqual([[1, true], [1, false]]);
    expect(ppi.read(2) & 0x07).toBe(0x04); // /OBF low (active), INTE, no INTR
    expect(ppi.acknowledge(1)).toBe(0x33);
    expect(intr.at(-1)).toEqual([1, true]);
    expect(ppi.read(2) & 0x07).toBe(0x07);
  });

  it('mode 2 on A: output and input handshakes share INTR A (INTE1 on PC6, INTE2 on PC4)', () => {
    const { ppi, intr } = rig(0xc0);
    ppi.write(3, 0x09); // INTE2
    expect(intr).toEqual([]);
    ppi.write(0, 0x77); // /OBF active
    ppi.write(3, 0x0d); // INTE1: output not yet acknowledged, so no INTR
    expect(intr).toEqual([]);
    ppi.strobe(0, 0x12);
    expect(intr).toEqual([[0, true]]);
    expect(ppi.read(2) & 0xf8).toBe(0x40 | 0x20 | 0x10 | 0x08); // /OBF active(0), INTE1, IBF, INTE2, INTR
    expect(ppi.read(0)).toBe(0x12);
    expect(intr.at(-1)).toEqual([0, false]);
    expect(ppi.acknowledge(0)).toBe(0x77);
    expect(intr.at(-1)).toEqual([0, true]);
  });

  it('a mode word resets the handshakes; a version 1 state migrates', () => {
    const { ppi, intr } = rig(0x84);
    ppi.write(3, 0x05);
    ppi.write(3, 0x99);
    expect(intr).toEqual([[1, true], [1, false]]);
    const migrated = ppi.migrateState({ control: 0x99, a: 1, b: 2, c: 3 }, 1);
    ppi.setState(migrated);
    expect(ppi.read(1)).toBe(2);
  });
});
