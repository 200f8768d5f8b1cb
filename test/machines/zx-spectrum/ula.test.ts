import { describe, expect, it } from 'vitest';
import { InputState } from '../../../cores/kernel/host.ts';
import { replacementRom } from '../../../roms/zx-spectrum-48k/images.ts';
import { Spectrum } from '../../../machines/zx-spectrum/spectrum.ts';
import {
  CONTENTION, PALETTE, SCREEN_WIDTH, T_PER_FRAME, Ula, bitmapOffset,
} from '../../../machines/zx-spectrum/ula.ts';

function machine(): Spectrum {
  const host = { input: new InputState(), video() {}, audio() {} };
  return new Spectrum({ host, rom: replacementRom(), fallbackRom: true });
}

describe('ULA timing tables', () => {
  it('has 69,888 T-states per frame', () => {
    expect(T_PER_FRAME).toBe(69888);
  });

  it('contends from T 14,335 with the 6,5,4,3,2,1,0,0 pattern for 128 T of each paper line', () => {
    expect([...CONTENTION.subarray(14333, 14345)]).toEqual([0, 0, 6, 5, 4, 3, 2, 1, 0, 0, 6, 5]);
    expect(CONTENTION[14335 + 120]).toBe(6);
    expect(CONTENTION[14335 + 127]).toBe(0);
    expect(CONTENTION[14335 + 128]).toBe(0);
    expect(CONTENTION[14335 + 224]).toBe(6);
    expect(CONTENTION[14335 + 191 * 224 + 6]).toBe(0);
    expect(CONTENTION[14335 + 191 * 224]).toBe(6);
    expect(CONTENTION[14335 + 192 * 224]).toBe(0);
    let total = 0;
    for (const d of CONTENTION) total += d;
    expect(total).toBe(192 * 16 * 21);
  });

  it('maps paper lines to the interleaved bitmap', () => {
    expect(bitmapOffset(0)).toBe(0);
    expect(bitmapOffset(1)).toBe(0x100);
    expect(bitmapOffset(8)).toBe(0x20);
    expect(bitmapOffset(64)).toBe(0x800);
    expect(bitmapOffset(191)).toBe(0x17e0);
  });
});

describe('ULA bus contention through the machine bus', () => {
  const at = (s: Spectrum, t: number) => { s.cpu.cycles = s.ula.s.frameStart + t; };

  it('delays memory accesses to 0x4000-0x7FFF only', () => {
    const s = machine();
    at(s, 14335); s.bus.read(0x4000); expect(s.cpu.cycles).toBe(14335 + 6);
    at(s, 14337); s.bus.fetch(0x7fff); expect(s.cpu.cycles).toBe(14337 + 4);
    at(s, 14335); s.bus.read(0x8000); expect(s.cpu.cycles).toBe(14335);
    at(s, 14335); s.bus.read(0x3fff); expect(s.cpu.cycles).toBe(14335);
    at(s, 14341); s.bus.write(0x5000, 1); expect(s.cpu.cycles).toBe(14341);
    at(s, 100); s.bus.read(0x4000); expect(s.cpu.cycles).toBe(100);
  });

  it('contends each internal T-state with a contended address on the bus', () => {
    const s = machine();
    // 14335: +6 -> 14341 (0) -> 14342 (0) -> 14343 (6) -> 14350: waits 6 + 6 over 3 T-states.
    at(s, 14335); s.bus.idle(0x4000, 3); expect(s.cpu.cycles).toBe(14335 + 12);
    at(s, 14335); s.bus.idle(0x8000, 3); expect(s.cpu.cycles).toBe(14335);
  });

  it('follows the four I/O contention cases', () => {
    const s = machine();
    // Uncontended high byte, odd port: N:4, no waits.
    at(s, 14335); s.bus.input(0x00ff); expect(s.cpu.cycles).toBe(14335);
    // Uncontended high byte, ULA port: N:1 C:3 -> 14336 has delay 5.
    at(s, 14335); s.bus.input(0x00fe); expect(s.cpu.cycles).toBe(14335 + 5);
    // Contended high byte, ULA port: C:1 C:3 -> 6, then at 14342 delay 0.
    at(s, 14335); s.bus.input(0x40fe); expect(s.cpu.cycles).toBe(14335 + 6);
    // Contended high byte, odd port: C:1 x4 -> +6+1 (14342), +0+1 (14343), +6+1 (14350), +0+1.
    at(s, 14335); s.bus.input(0x40ff); expect(s.cpu.cycles).toBe(14335 + 6 + 6);
    // Outside the paper area nothing waits.
    at(s, 1000); s.bus.output(0x40fe, 7); expect(s.cpu.cycles).toBe(1000);
  });
});

describe('contention seen by the Z80', () => {
  it('NOPs in contended memory take 8 T-states each during paper, 4 elsewhere', () => {
    const s = machine();
    s.mem.fill(0, 0x6000, 0x6100);
    s.cpu.pc = 0x6000;
    s.cpu.cycles = s.ula.s.frameStart + 14335;
    // First fetch at 14,335 waits 6; then every fetch starts 2 T into the pattern and waits 4.
    expect([s.cpu.step(), s.cpu.step(), s.cpu.step(), s.cpu.step()]).toEqual([10, 8, 8, 8]);
    s.cpu.pc = 0x6000;
    s.cpu.cycles = s.ula.s.frameStart + 14335 + 128;
    expect([s.cpu.step(), s.cpu.step()]).toEqual([4, 4]);
    s.cpu.pc = 0x8000;
    s.mem.fill(0, 0x8000, 0x8010);
    s.cpu.cycles = s.ula.s.frameStart + 14335;
    expect([s.cpu.step(), s.cpu.step()]).toEqual([4, 4]);
  });
});

describe('ULA port', () => {
  it('reads bits 5 and 7 high and, with no tape playing, EAR in (bit 6) follows the EAR output (issue 3)', () => {
    const s = machine();
    s.writeUlaPort(1000, 0x10);
    expect(s.readUlaPort(0xff)).toBe(0xff);
    s.writeUlaPort(1000, 0x08);
    expect(s.readUlaPort(0xff)).toBe(0xbf);
    s.writeUlaPort(1000, 0x00);
    expect(s.readUlaPort(0xff) & 0xe0).toBe(0xa0);
  });
});

describe('ULA floating bus', () => {
  it('returns the byte being fetched during paper, 0xFF elsewhere', () => {
    const s = machine();
    s.mem[0x4000] = 0x12; s.mem[0x5800] = 0x34; s.mem[0x4001] = 0x56; s.mem[0x5801] = 0x78;
    expect(s.ula.floatingBus(14336 + 2)).toBe(0x12);
    expect(s.ula.floatingBus(14336 + 3)).toBe(0x34);
    expect(s.ula.floatingBus(14336 + 4)).toBe(0x56);
    expect(s.ula.floatingBus(14336 + 5)).toBe(0x78);
    expect(s.ula.floatingBus(14336 + 6)).toBe(0xff);
    expect(s.ula.floatingBus(14336 + 1)).toBe(0xff);
    expect(s.ula.floatingBus(14336 + 130)).toBe(0xff);
    expect(s.ula.floatingBus(1000)).toBe(0xff);
    // Through a port read: the data is taken 3 T into the I/O cycle (uncontended port 0xFF).
    s.cpu.cycles = s.ula.s.frameStart + 14336 + 2 - 3;
    expect(s.bus.input(0x00ff)).toBe(0x12);
  });
});

describe('ULA picture', () => {
  it('draws paper from memory with attributes, and FLASH swaps ink and paper every 16 frames', () => {
    const mem = new Uint8Array(0x10000);
    const ula = new Ula(mem);
    mem[0x4000] = 0xf0;
    mem[0x5800] = 0x80 | 0x40 | (1 << 3) | 2; // flash, bright, paper blue, ink red
    ula.endFrame(T_PER_FRAME);
    const row = 24 * SCREEN_WIDTH + 32; // paper pixel (0,0)
    const ink = PALETTE[10]!, paper = PALETTE[9]!;
    expect([...ula.pixels.subarray(row, row + 8)]).toEqual([ink, ink, ink, ink, paper, paper, paper, paper]);
    for (let f = 1; f < 16; f++) ula.endFrame(T_PER_FRAME * (f + 1));
    ula.endFrame(T_PER_FRAME * 17);
    expect([...ula.pixels.subarray(row, row + 8)]).toEqual([paper, paper, paper, paper, ink, ink, ink, ink]);
  });

  it('a screen write behind the beam shows from the next frame on, even when frames are otherwise unchanged', () => {
    const mem = new Uint8Array(0x10000);
    mem.fill(0x38, 0x5800, 0x5b00); // black ink on white paper
    const ula = new Ula(mem);
    let start = 0;
    const frame = () => { start += T_PER_FRAME; ula.endFrame(start); };
    for (let i = 0; i < 4; i++) frame(); // nothing changes: drawing is skipped from here
    const o = 24 * SCREEN_WIDTH + 32;
    expect(ula.pixels[o]).toBe(PALETTE[7]);
    ula.change(40000); // well past paper line 0
    mem[0x4000] = 0x80;
    frame();
    expect(ula.pixels[o]).toBe(PALETTE[7]);
    frame();
    expect(ula.pixels[o]).toBe(PALETTE[0]);
    for (let i = 0; i < 20; i++) frame();
    expect(ula.pixels[o]).toBe(PALETTE[0]);
    expect(ula.pixels[o + 1]).toBe(PALETTE[7]);
  });

  it('changes the border colour at the T-state of the OUT, to the 8-pixel cell', () => {
    const mem = new Uint8Array(0x10000);
    const ula = new Ula(mem);
    ula.s.border = 1;
    // Visible row 100 is line 140; its left border starts at 140*224 - 16. A change just before cell 2 is drawn shows from cell 2 on.
    const line = 140, t = line * 224 - 16 + 2 * 4 - 1;
    ula.setBorder(t, 2);
    ula.endFrame(T_PER_FRAME);
    const o = 100 * SCREEN_WIDTH;
    expect(ula.pixels[o + 0]).toBe(PALETTE[1]);
    expect(ula.pixels[o + 15]).toBe(PALETTE[1]);
    expect(ula.pixels[o + 16]).toBe(PALETTE[2]);
    expect(ula.pixels[o - 1]).toBe(PALETTE[1]);
    expect(ula.pixels[o + 319]).toBe(PALETTE[2]);
  });
});
