import { describe, expect, it } from 'vitest';
import { AT_DMA_PAGE_PORTS, Dma8237, XT_DMA_PAGE_PORTS, type DmaDevice, type DmaState } from '../../../../cores/chips/i8237/i8237.ts';
import { CorruptStateError } from '../../../../cores/kernel/errors.ts';

function rig() {
  const dma = new Dma8237();
  const mem = new Uint8Array(0x100000);
  dma.memRead = (a) => mem[a & 0xfffff]!;
  dma.memWrite = (a, v) => { mem[a & 0xfffff] = v; };
  const moved: number[] = [];
  dma.onTransfer = (ch) => moved.push(ch);
  return { dma, mem, moved };
}

/** Program a channel the way the BIOS does: mask, clear flip-flop, mode, address, count, page, unmask. */
function program(dma: Dma8237, ch: number, mode: number, addr: number, count: number, page = 0, unmask = true) {
  dma.write(0xa, 4 | ch);
  dma.write(0xc, 0);
  dma.write(0xb, mode | ch);
  dma.write(ch * 2, addr & 0xff); dma.write(ch * 2, addr >> 8);
  dma.write(ch * 2 + 1, count & 0xff); dma.write(ch * 2 + 1, count >> 8);
  dma.setPage(ch, page);
  if (unmask) dma.write(0xa, ch);
}

/** A device that sends `data` one byte per DREQ and drops DREQ at each DACK (like an FDC). */
function source(dma: Dma8237, ch: number, data: number[]) {
  let tcs = 0;
  const dev: DmaDevice = {
    deviceToMemory: () => { dma.setDreq(ch, false); return data.shift() ?? 0; },
    memoryToDevice: () => { throw new Error('wrong direction'); },
    terminalCount: () => { tcs++; },
  };
  dma.attach(ch, dev);
  return { tcs: () => tcs };
}

describe('8237A registers', () => {
  it('the byte-pointer flip-flop orders low/high bytes for writes and reads; C clears it', () => {
    const { dma } = rig();
    dma.write(0xc, 0);
    dma.write(4, 0x34); dma.write(4, 0x12);
    dma.write(5, 0xff); dma.write(5, 0x01);
    expect([dma.read(4), dma.read(4), dma.read(5), dma.read(5)]).toEqual([0x34, 0x12, 0xff, 0x01]);
    dma.read(4); // flip-flop now high
    dma.write(0xc, 0);
    expect(dma.read(4)).toBe(0x34);
  });

  it('master clear masks every channel, clears status and flip-flop; E clears the masks', () => {
    const { dma } = rig();
    const dev = source(dma, 1, [1, 2]);
    program(dma, 1, 0x44, 0x100, 0);
    dma.write(0xd, 0);
    dma.setDreq(1, true);
    expect(dma.currentCount(1)).toBe(0);
    dma.write(0xe, 0);
    expect(dma.currentCount(1)).toBe(0xffff); // the pending DREQ is served once unmasked
    expect(dev.tcs()).toBe(1);
  });
});

describe('8237A transfers', () => {
  it('single write transfers (FDC read): one byte per DREQ into page:address, TC at count FFFFh, then masked', () => {
    const { dma, mem, moved } = rig();
    const dev = source(dma, 2, [0xa0, 0xa1, 0xa2, 0xa3, 0xa4]);
    program(dma, 2, 0x44, 0x1000, 3, 2); // single, write, count 3 = 4 bytes
    for (let i = 0; i < 5; i++) dma.setDreq(2, true);
    expect(Array.from(mem.subarray(0x21000, 0x21005))).toEqual([0xa0, 0xa1, 0xa2, 0xa3, 0]);
    expect(moved).toEqual([2, 2, 2, 2]);
    expect(dev.tcs()).toBe(1);
    expect(dma.read(8) & 0x0f).toBe(0x04);
    expect(dma.read(8) & 0x0f).toBe(0); // TC bits cleared by the read
    dma.write(0xf, 0); // unmask all: still DREQ 2 high from the 5th pulse
    expect(mem[0x21004]).toBe(0xa4);
  });

  it('read transfers (memory -> device), address decrement, auto-initialize', () => {
    const { dma, mem } = rig();
    mem.set([1, 2, 3], 0x5000 - 2);
    const got: number[] = [];
    let tcs = 0;
    dma.attach(3, { deviceToMemory: () => 0, memoryToDevice: (v) => got.push(v), terminalCount: () => { tcs++; } });
    program(dma, 3, 0x08 | 0x20 | 0x10 | 0x40, 0x5000, 2); // single, read, decrement, auto-init
    dma.write(9, 4 | 3); // software request: runs to TC
    expect(got).toEqual([3, 2, 1]);
    expect(tcs).toBe(1);
    expect([dma.currentAddress(3), dma.currentCount(3)]).toEqual([0x5000, 2]); // reloaded
    expect(dma.read(8) & 0xf0).toBe(0); // request cleared at TC
  });

  it('demand mode runs while DREQ is held and stops when the device drops it', () => {
    const { dma, mem } = rig();
    let n = 0;
    dma.attach(1, { deviceToMemory: () => { if (++n === 3) dma.setDreq(1, false); return 0x40 + n; }, memoryToDevice: () => {} });
    program(dma, 1, 0x04, 0x200, 9);
    dma.setDreq(1, true);
    expect(Array.from(mem.subarray(0x200, 0x204))).toEqual([0x41, 0x42, 0x43, 0]);
    expect(dma.currentCount(1)).toBe(6);
  });

  it('block mode runs to terminal count even when DREQ drops', () => {
    const { dma, mem } = rig();
    let n = 0;
    dma.attach(1, { deviceToMemory: () => { dma.setDreq(1, false); return ++n; }, memoryToDevice: () => {} });
    program(dma, 1, 0x84, 0x300, 4);
    dma.setDreq(1, true);
    expect(Array.from(mem.subarray(0x300, 0x306))).toEqual([1, 2, 3, 4, 5, 0]);
  });

  it('the 16-bit address wraps inside its page (the XT has no carry into the page register)', () => {
    const { dma, mem } = rig();
    source(dma, 2, [7, 8]);
    program(dma, 2, 0x44, 0xffff, 1, 3);
    dma.setDreq(2, true); dma.setDreq(2, true);
    expect([mem[0x3ffff], mem[0x30000], mem[0x40000]]).toEqual([7, 8, 0]);
  });

  it('fixed priority serves channel 1 before 2; rotating priority alternates single transfers', () => {
    const { dma, moved } = rig();
    const mk = (ch: number, k: number) => {
      let left = k;
      dma.attach(ch, { deviceToMemory: () => { if (--left === 0) dma.setDreq(ch, false); return 0; }, memoryToDevice: () => {} });
    };
    const round = (mode: number) => {
      moved.length = 0;
      mk(1, 2); mk(2, 2);
      program(dma, 1, mode, 0, 100, 0, false); program(dma, 2, mode, 0, 100, 0, false);
      dma.setDreq(1, true); dma.setDreq(2, true);
      dma.write(0xf, 0x09); // unmask 1 and 2 together
      return moved.slice();
    };
    expect(round(0x44)).toEqual([1, 1, 2, 2]);
    dma.write(8, 0x10); // rotating priority; channel 2 was served last
    expect(round(0x44)).toEqual([1, 2, 1, 2]);
    // Demand mode keeps the bus while DREQ holds: rotation happens between grants only.
    expect(round(0x04)).toEqual([1, 1, 2, 2]);
  });

  it('pulse(): the XT refresh channel advances its address and count without a device', () => {
    const { dma, moved } = rig();
    program(dma, 0, 0x58, 0, 0xffff); // BIOS: single, read, auto-init, 64K
    expect(dma.pulse(0, 70000)).toBe(70000);
    expect(dma.currentAddress(0)).toBe(70000 - 65536);
    expect(dma.currentCount(0)).toBe(0xffff - (70000 - 65536));
    expect(dma.read(8) & 1).toBe(1);
    expect(moved).toEqual([]);
    dma.write(0xa, 4);
    expect(dma.pulse(0, 10)).toBe(0);
  });

  it('XT page register ports map to channels', () => {
    expect([XT_DMA_PAGE_PORTS[0x81], XT_DMA_PAGE_PORTS[0x82], XT_DMA_PAGE_PORTS[0x83], XT_DMA_PAGE_PORTS[0x87]]).toEqual([2, 3, 1, undefined]);
    expect(AT_DMA_PAGE_PORTS[0x87]).toBe(0);
  });

  it('state round-trips; damaged states refused', () => {
    const { dma } = rig();
    program(dma, 2, 0x46, 0x1234, 0x1ff, 5);
    const saved = JSON.parse(JSON.stringify(dma.getState())) as DmaState;
    const other = new Dma8237();
    other.setState(saved);
    expect(other.getState()).toEqual(dma.getState());
    for (const bad of [{ ...saved, addr: [0, 0, 0] }, { ...saved, mask: 16 }, { ...saved, mode: [1, 0, 0, 0.5] }])
      expect(() => other.setState(bad as DmaState)).toThrow(CorruptStateError);
  });
});
