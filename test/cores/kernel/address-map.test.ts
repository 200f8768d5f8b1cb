import { describe, expect, it } from 'vitest';
import { AddressMap } from '../../../cores/kernel/address-map.ts';

describe('AddressMap', () => {
  it('compiles ROM, RAM with mirrors, handlers and open bus to page tables', () => {
    const rom = Uint8Array.from({ length: 0x4000 }, (_, i) => i & 0xff);
    const ram = new Uint8Array(0x800);
    const log: string[] = [];
    const mem = new AddressMap(16, 8)
      .rom(0x0000, 0x3fff, rom)
      .ram(0x8000, 0x9fff, ram) // 2 KB mirrored four times
      .handler(0xff00, 0xffff, { read: (a) => { log.push(`r${a.toString(16)}`); return 0x42; }, write: (a, v) => log.push(`w${a.toString(16)}=${v}`) })
      .compile();
    expect(mem.read(0x1234)).toBe(0x34);
    mem.write(0x1234, 0x99); // ROM ignores writes
    expect(mem.read(0x1234)).toBe(0x34);
    mem.write(0x8001, 7);
    expect(mem.read(0x8801)).toBe(7);
    expect(mem.read(0x9801)).toBe(7);
    expect(ram[1]).toBe(7);
    expect(mem.read(0x5000)).toBe(0xff); // unmapped: open bus
    expect(mem.read(0xff10)).toBe(0x42);
    mem.write(0xff11, 5);
    expect(log).toEqual(['rff10', 'wff11=5']);
    // Fast path: a page is a view of the buffer, no call needed.
    expect(mem.readPages[0x80]![1]).toBe(7);
  });

  it('later declarations win', () => {
    const a = new Uint8Array(256).fill(1);
    const b = new Uint8Array(256).fill(2);
    const mem = new AddressMap(16, 8).ram(0x0000, 0xffff, new Uint8Array(0x10000)).rom(0x1000, 0x10ff, a).rom(0x1000, 0x10ff, b).compile();
    expect(mem.read(0x1000)).toBe(2);
  });

  it('banks switch by re-pointing pages', () => {
    const banks = [new Uint8Array(0x4000).fill(0xa0), new Uint8Array(0x4000).fill(0xb0)];
    const mem = new AddressMap(16, 10).compile();
    const bank = mem.bank(0xc000, 0xffff, [{ ram: banks[0]! }, { rom: banks[1]! }]);
    expect(mem.read(0xc000)).toBe(0xa0);
    bank.select(1);
    expect(mem.read(0xffff)).toBe(0xb0);
    mem.write(0xc000, 1); // ROM choice: ignored
    expect(banks[1]![0]).toBe(0xb0);
    bank.select(0);
    mem.write(0xc000, 1);
    expect(banks[0]![0]).toBe(1);
    expect(() => bank.select(2)).toThrow(RangeError);
  });

  it('refuses ranges that are not page-aligned', () => {
    expect(() => new AddressMap(16, 8).ram(0x10, 0xff, new Uint8Array(256))).toThrow(/page-aligned/);
  });
});
