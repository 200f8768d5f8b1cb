/**
 * The cartridge boards alone, against their nesdev wiki pages: bank registers move the PRG/CHR
 * windows, mirroring changes the name-table slots, MMC1's serial port (and its filter of
 * consecutive-cycle writes), MMC3's bank modes and A12 counter, MMC2/MMC4 latches.
 */
import { describe, expect, it } from 'vitest';
import { type Cartridge, Mirroring } from '../../../machines/nes/cartridge.ts';
import { createMapper } from '../../../machines/nes/mappers/index.ts';
import type { Mapper } from '../../../machines/nes/mappers/mapper.ts';

/** A cartridge whose every 1 KiB of PRG/CHR starts with its own bank number. */
function cart(mapper: number, prgKb: number, chrKb: number, extra: Partial<Cartridge> = {}): Cartridge {
  const prg = new Uint8Array(prgKb * 1024);
  for (let i = 0; i < prg.length; i += 0x2000) prg[i] = i >> 13; // 8 KiB bank number
  const chr = new Uint8Array(chrKb * 1024);
  for (let i = 0; i < chr.length; i += 0x400) chr[i] = i >> 10; // 1 KiB bank number
  return { mapper, submapper: 0, prg, chr, chrRamBytes: chrKb === 0 ? 0x2000 : 0, prgRamBytes: 0x2000, battery: false,
    mirroring: Mirroring.Vertical, timing: 'ntsc', nes2: false, trainer: null, batteryRam: null, ...extra };
}

/** 8 KiB PRG bank seen at CPU $8000/$A000/$C000/$E000. */
const prgAt = (m: Mapper, slot: number) => m.prg[m.prgMap[slot]!]!;
/** 1 KiB CHR bank seen at PPU $0000 + 1 KiB * slot. */
const chrAt = (m: Mapper, slot: number) => m.chr[m.chrMap[slot]!]!;

describe('NES mappers', () => {
  it('NROM-128 mirrors its 16 KiB at $8000 and $C000', () => {
    const m = createMapper(cart(0, 16, 8));
    expect([0, 1, 2, 3].map((s) => prgAt(m, s))).toEqual([0, 1, 0, 1]);
  });

  it('UxROM switches $8000 and fixes the last bank at $C000; CNROM switches CHR; AxROM one-screen', () => {
    const u = createMapper(cart(2, 128, 0));
    u.write(0x8000, 3);
    expect([0, 1, 2, 3].map((s) => prgAt(u, s))).toEqual([6, 7, 14, 15]);
    const c = createMapper(cart(3, 32, 32));
    c.write(0x8000, 2);
    expect(chrAt(c, 0)).toBe(16);
    const a = createMapper(cart(7, 128, 0));
    a.write(0x8000, 0x12);
    expect(prgAt(a, 0)).toBe(8);
    expect([...a.ntMap]).toEqual([0x400, 0x400, 0x400, 0x400]);
  });

  it('Color Dreams, GxROM and Camerica split their latch as documented', () => {
    const cd = createMapper(cart(11, 128, 128));
    cd.write(0x8000, 0x31);
    expect([prgAt(cd, 0), chrAt(cd, 0)]).toEqual([4, 24]);
    const gx = createMapper(cart(66, 128, 32));
    gx.write(0x8000, 0x21);
    expect([prgAt(gx, 0), chrAt(gx, 0)]).toEqual([8, 8]);
    const cam = createMapper(cart(71, 128, 0));
    cam.write(0xc000, 5);
    expect([prgAt(cam, 0), prgAt(cam, 2)]).toEqual([10, 14]);
    cam.write(0x9000, 0x10);
    expect([...cam.ntMap]).toEqual([0x400, 0x400, 0x400, 0x400]);
  });

  it('MMC1 takes five serial bits per register and ignores a write on the next cycle', () => {
    const m = createMapper(cart(1, 256, 128));
    const serial = (addr: number, v: number, firstCycle: number) => {
      for (let i = 0; i < 5; i++) { m.cpuCycle = firstCycle + i * 10; m.write(addr, (v >> i) & 1); }
    };
    serial(0xe000, 5, 100); // PRG bank 5 at $8000, last bank at $C000 (mode 3 at power-on)
    expect([prgAt(m, 0), prgAt(m, 2)]).toEqual([10, 30]);
    serial(0x8000, 0x10 | 0x02, 200); // CHR 4 KiB mode, vertical mirroring
    serial(0xa000, 3, 300);
    serial(0xc000, 7, 400);
    expect([chrAt(m, 0), chrAt(m, 4)]).toEqual([12, 28]);
    expect([...m.ntMap]).toEqual([0, 0x400, 0, 0x400]);
    // A read-modify-write writes twice on consecutive cycles: only the first counts.
    m.cpuCycle = 500; m.write(0xe000, 0x80);
    m.cpuCycle = 510; m.write(0xe000, 1); m.cpuCycle = 511; m.write(0xe000, 1);
    for (let i = 1; i < 5; i++) { m.cpuCycle = 520 + i * 10; m.write(0xe000, 0); }
    expect(prgAt(m, 0)).toBe(2); // bank 1, not a shifted-in extra bit
  });

  it('MMC3 banks in both PRG and CHR modes', () => {
    const m = createMapper(cart(4, 256, 256));
    const set = (r: number, v: number, mode = 0) => { m.write(0x8000, r | mode); m.write(0x8001, v); };
    set(6, 3); set(7, 4); set(0, 9); set(2, 20);
    expect([0, 1, 2, 3].map((s) => prgAt(m, s))).toEqual([3, 4, 30, 31]);
    expect([chrAt(m, 0), chrAt(m, 1), chrAt(m, 4)]).toEqual([8, 9, 20]);
    m.write(0x8000, 0xc0); // PRG mode 1, CHR inversion
    expect([0, 1, 2, 3].map((s) => prgAt(m, s))).toEqual([30, 4, 3, 31]);
    expect([chrAt(m, 0), chrAt(m, 4), chrAt(m, 5)]).toEqual([20, 8, 9]);
    m.write(0xa000, 1);
    expect([...m.ntMap]).toEqual([0, 0, 0x400, 0x400]);
  });

  it('MMC3 counts filtered A12 rises and raises its IRQ when the counter reaches 0', () => {
    const m = createMapper(cart(4, 64, 64));
    let irqs = 0;
    m.onIrq = () => { if (m.irq) irqs++; };
    m.write(0xc000, 2); m.write(0xc001, 0); m.write(0xe001, 0);
    let dot = 1000;
    const line = () => { m.ppuA12(0x0000, dot); dot += 20; m.ppuA12(0x1000, dot); dot += 321; };
    line(); // reload to 2
    expect(m.irq).toBe(false);
    line(); // 1
    expect(m.irq).toBe(false);
    line(); // 0: IRQ
    expect([m.irq, irqs]).toEqual([true, 1]);
    m.write(0xe000, 0); // acknowledge
    expect(m.irq).toBe(false);
    // Rises after a short low time (8x16 sprite fetches) do not count.
    m.write(0xe001, 0); m.write(0xc001, 0);
    line(); // reload to 2
    m.ppuA12(0x0000, dot); m.ppuA12(0x1000, dot + 4);
    dot += 341;
    line(); // 1
    expect(m.irq).toBe(false);
  });

  it('MMC2 flips its CHR latch after fetching tile $FD/$FE', () => {
    const m = createMapper(cart(9, 128, 128));
    m.write(0xb000, 4); m.write(0xc000, 5); // $0000: FD -> 4 KiB bank 4, FE -> 5
    expect(chrAt(m, 0)).toBe(20); // power-on latch is FE
    m.chrLatch(0x0fd8);
    expect(chrAt(m, 0)).toBe(16);
    m.chrLatch(0x0fe8);
    expect(chrAt(m, 0)).toBe(20);
    m.write(0xa000, 2);
    expect([0, 1, 2, 3].map((s) => prgAt(m, s))).toEqual([2, 13, 14, 15]);
    const m4 = createMapper(cart(10, 128, 128));
    m4.write(0xa000, 2);
    expect([prgAt(m4, 0), prgAt(m4, 2)]).toEqual([4, 14]);
  });
});
