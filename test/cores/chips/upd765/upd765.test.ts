import { describe, expect, it } from 'vitest';
import { Upd765, type FloppyMedia, type Upd765State } from '../../../../cores/chips/upd765/upd765.ts';
import { Dma8237 } from '../../../../cores/chips/i8237/i8237.ts';
import { Scheduler } from '../../../../cores/kernel/scheduler.ts';
import { CorruptStateError } from '../../../../cores/kernel/errors.ts';

const HZ = 14_318_180;
const REV = Math.round((HZ * 60) / 300);
const BYTE = (HZ * 8) / 250_000;
const MS = HZ / 1000;

/** A 360K disk (40 x 2 x 9) whose sector bytes say where they are. */
function disk360(writeProtected = false): FloppyMedia & { data: Uint8Array } {
  const data = new Uint8Array(40 * 2 * 9 * 512);
  for (let i = 0; i < data.length; i++) data[i] = ((i >> 9) * 7 + (i & 511)) & 0xff;
  const lba = (c: number, h: number, r: number) => ((c * 2 + h) * 9 + r - 1) * 512;
  const ok = (c: number, h: number, r: number) => c < 40 && h < 2 && r >= 1 && r <= 9;
  return {
    cylinders: 40, heads: 2, sectorsPerTrack: 9, writeProtected, data,
    readSector: (c, h, r, into, at) => { if (!ok(c, h, r)) return false; into.set(data.subarray(lba(c, h, r), lba(c, h, r) + 512), at); return true; },
    writeSector: (c, h, r, from, at) => { if (!ok(c, h, r)) return false; data.set(from.subarray(at, at + 512), lba(c, h, r)); return true; },
  };
}
const sectorOf = (d: { data: Uint8Array }, c: number, h: number, r: number) =>
  Array.from(d.data.subarray(((c * 2 + h) * 9 + r - 1) * 512, ((c * 2 + h) * 9 + r) * 512));

function rig(fast = false) {
  const sched = new Scheduler();
  const fdc = new Upd765(sched, { masterHz: HZ, fast });
  const dma = new Dma8237();
  const mem = new Uint8Array(0x100000);
  dma.memRead = (a) => mem[a]!;
  dma.memWrite = (a, v) => { mem[a] = v; };
  dma.attach(2, fdc);
  fdc.onDreq = (on) => dma.setDreq(2, on);
  const irqs: number[] = []; // ticks of IRQ rising edges
  let irq = false;
  fdc.onIrq = (on) => { irq = on; if (on) irqs.push(sched.now); };
  const disk = disk360();
  fdc.insert(0, disk);
  const out = (...bytes: number[]) => { for (const b of bytes) fdc.writeData(b); };
  const results = () => { const r: number[] = []; while ((fdc.readMsr() & 0x50) === 0x50) r.push(fdc.readData()); return r; };
  const run = (ticks: number) => sched.runUntil(sched.now + Math.round(ticks));
  /** DMA channel 2 for `bytes` bytes at `addr`: 46h = single, write (FDC -> memory); 4Ah = read. */
  const dmaSetup = (mode: number, addr: number, bytes: number) => {
    dma.write(0xa, 6); dma.write(0xc, 0); dma.write(0xb, mode);
    dma.write(4, addr & 0xff); dma.write(4, (addr >> 8) & 0xff); dma.setPage(2, addr >> 16);
    dma.write(5, (bytes - 1) & 0xff); dma.write(5, (bytes - 1) >> 8);
    dma.write(0xa, 2);
  };
  // Out of reset, DMA/IRQ enabled, drive 0 selected, its motor on; take the four reset statuses.
  fdc.writeDor(0x1c);
  for (let i = 0; i < 4; i++) { out(0x08); results(); }
  irqs.length = 0;
  return { sched, fdc, dma, mem, disk, out, results, run, dmaSetup, irqs, irq: () => irq };
}

describe('µPD765A command/result protocol', () => {
  it('reset through the DOR: INT, then SENSE INTERRUPT STATUS reports C0h-C3h, then invalid', () => {
    const sched = new Scheduler();
    const fdc = new Upd765(sched, { masterHz: HZ });
    const ints: boolean[] = [];
    fdc.onIrq = (on) => ints.push(on);
    fdc.writeDor(0x0c);
    expect(ints).toEqual([true]);
    const got: number[][] = [];
    for (let i = 0; i < 5; i++) {
      fdc.writeData(0x08);
      const r: number[] = [];
      while ((fdc.readMsr() & 0x50) === 0x50) r.push(fdc.readData());
      got.push(r);
    }
    expect(got).toEqual([[0xc0, 0], [0xc1, 0], [0xc2, 0], [0xc3, 0], [0x80]]);
    expect(ints).toEqual([true, false]);
  });

  it('MSR: RQM in the command phase, CB once a command starts, RQM low for 12 µs after each byte, DIO in results', () => {
    const { fdc, out, run } = rig();
    run(MS);
    expect(fdc.readMsr()).toBe(0x80);
    out(0x04);
    expect(fdc.readMsr()).toBe(0x10);
    run(12e-6 * HZ + 1);
    expect(fdc.readMsr()).toBe(0x90);
    out(0x00);
    run(MS);
    expect(fdc.readMsr()).toBe(0xd0);
  });

  it('invalid opcodes answer 80h without an interrupt; the controller held in reset ignores the bus', () => {
    const { fdc, out, results, irqs } = rig();
    out(0x1f);
    expect(results()).toEqual([0x80]);
    out(0x11); // SCAN EQUAL is not emulated: invalid
    expect(results()).toEqual([0x80]);
    expect(irqs).toEqual([]);
    fdc.writeDor(0x18);
    expect(fdc.readMsr()).toBe(0);
  });

  it('SENSE DRIVE STATUS: ST3 with write protect, ready, track 0, two-sided, head and unit', () => {
    const { fdc, out, results } = rig();
    out(0x04, 0x04);
    expect(results()).toEqual([0x20 | 0x10 | 0x08 | 0x04]);
    fdc.insert(1, disk360(true));
    out(0x04, 0x01);
    expect(results()).toEqual([0x40 | 0x20 | 0x10 | 0x08 | 0x01]);
  });
});

describe('µPD765A seek and recalibrate', () => {
  it('SEEK takes the step rate time per cylinder, shows the drive busy, then interrupts with SE', () => {
    const { fdc, out, results, run, irqs, sched } = rig();
    out(0x03, 0xdf, 0x02); // SRT = D: 3 ms at 500 kbit/s, 6 ms at 250
    const t0 = sched.now;
    out(0x0f, 0x00, 10);
    expect(fdc.readMsr() & 0x01).toBe(1);
    run(100 * MS);
    expect(irqs).toEqual([t0 + Math.round(6 * MS) * 10]);
    out(0x08);
    expect(results()).toEqual([0x20, 10]);
    out(0x04, 0x00);
    expect(results()[0]! & 0x10).toBe(0); // not at track 0
  });

  it('RECALIBRATE returns to track 0; from beyond 77 it stops with equipment check', () => {
    const { out, results, run } = rig(true);
    out(0x0f, 0x00, 79); run(1); out(0x08); results();
    out(0x07, 0x00); run(1);
    out(0x08);
    expect(results()).toEqual([0x40 | 0x20 | 0x10, 0]);
    out(0x07, 0x00); run(1);
    out(0x08);
    expect(results()).toEqual([0x20, 0]);
    out(0x04, 0x00);
    expect(results()[0]! & 0x10).toBe(0x10);
  });
});

describe('µPD765A overlapped seeks', () => {
  it('two drives seek at once; each reports through its own SENSE INTERRUPT STATUS, drive order first', () => {
    const { fdc, out, results, run, sched } = rig();
    fdc.insert(1, disk360());
    out(0x03, 0xef, 0x02); // SRT = E: 4 ms per step at 250 kbit/s
    const t0 = sched.now;
    out(0x0f, 0x01, 3);
    out(0x0f, 0x00, 2);
    expect(fdc.readMsr() & 0x03).toBe(0x03);
    run(9 * MS);
    expect(fdc.readMsr() & 0x03).toBe(0x02); // drive 0 done at 8 ms, drive 1 at 12
    run(4 * MS);
    expect(sched.now - t0).toBeGreaterThan(12 * MS);
    out(0x08); expect(results()).toEqual([0x20, 2]);
    out(0x08); expect(results()).toEqual([0x21, 3]);
    out(0x08); expect(results()).toEqual([0x80]);
  });

  it('a command written while INT is high drops it, so a SEEK right after an unsensed RECALIBRATE interrupts again', () => {
    const { fdc, out, results, run, irqs } = rig();
    let level = false;
    const prev = fdc.onIrq!;
    fdc.onIrq = (on) => { level = on; prev(on); };
    out(0x07, 0x00); run(10);
    expect(irqs.length).toBe(1);
    out(0x0f, 0x00, 0);    // Super PC/Turbo XT BIOS: no SENSE INTERRUPT STATUS after RECALIBRATE
    expect(level).toBe(false);
    run(10);
    expect(irqs.length).toBe(2); // a new rising edge for the edge-triggered PIC
    out(0x08); expect(results()).toEqual([0x20, 0]);
  });

  it('ST0 after a seek on head 1 carries the unit, not the head', () => {
    const { out, results, run } = rig(true);
    out(0x0f, 0x04, 3); run(10);
    out(0x08); expect(results()).toEqual([0x20, 3]);
  });

  it('a seek to the present cylinder interrupts at once', () => {
    const { out, results, run, irqs, sched } = rig();
    const t0 = sched.now;
    out(0x0f, 0x00, 0);
    run(10);
    expect(irqs).toEqual([t0]);
    out(0x08); expect(results()).toEqual([0x20, 0]);
  });
});

describe('µPD765A data transfers', () => {
  it('READ DATA by DMA: waits for the sector to come round, 32 µs a byte, TC -> normal end with R+1', () => {
    const { out, results, run, dmaSetup, mem, disk, irqs, sched } = rig();
    dmaSetup(0x46, 0x21000, 512);
    const t0 = sched.now;
    out(0x66, 0x00, 0, 0, 3, 2, 9, 0x2a, 0xff);
    run(REV);
    const sectorAt = Math.floor((2 * REV) / 9);
    const delay = (sectorAt - (t0 % REV) + REV) % REV;
    expect(irqs.length).toBe(1);
    expect(Math.abs(irqs[0]! - (t0 + delay + 512 * BYTE))).toBeLessThan(2);
    expect(results()).toEqual([0x00, 0x00, 0x00, 0, 0, 4, 2]);
    expect(Array.from(mem.subarray(0x21000, 0x21200))).toEqual(sectorOf(disk, 0, 0, 3));
  });

  it('running past EOT without TC ends with end of cylinder and C+1, R=1', () => {
    const { out, results, run, dmaSetup, mem, disk } = rig(true);
    dmaSetup(0x46, 0x1000, 4096);
    out(0x46, 0x00, 0, 0, 8, 2, 9, 0x2a, 0xff);
    run(MS);
    expect(results()).toEqual([0x40, 0x80, 0x00, 1, 0, 1, 2]);
    expect(Array.from(mem.subarray(0x1200, 0x1400))).toEqual(sectorOf(disk, 0, 0, 9));
  });

  it('multi-track continues on head 1 after EOT; TC after two sectors gives H=1, R=2', () => {
    const { out, results, run, dmaSetup, mem, disk } = rig(true);
    dmaSetup(0x46, 0x1000, 1024);
    out(0xc6, 0x00, 0, 0, 9, 2, 9, 0x2a, 0xff);
    run(MS);
    expect(results()).toEqual([0x04, 0x00, 0x00, 0, 1, 2, 2]);
    expect(Array.from(mem.subarray(0x1200, 0x1400))).toEqual(sectorOf(disk, 0, 1, 1));
  });

  it('TC in the middle of a sector stops the transfer; the result waits for the sector end', () => {
    const { out, results, run, dmaSetup, mem, irqs, sched } = rig();
    dmaSetup(0x46, 0x1000, 100);
    const t0 = sched.now;
    out(0x46, 0x00, 0, 0, 1, 2, 9, 0x2a, 0xff);
    run(REV);
    expect(mem[0x1063]).not.toBe(0);
    expect(mem[0x1064]).toBe(0);
    const delay = (REV - (t0 % REV)) % REV;
    expect(Math.abs(irqs[0]! - (t0 + delay + 512 * BYTE))).toBeLessThan(2);
    expect(results()).toEqual([0x00, 0x00, 0x00, 0, 0, 2, 2]);
  });

  it('WRITE DATA by DMA writes the sector; write-protected disks fail with NW at once', () => {
    const { fdc, out, results, run, dmaSetup, mem, disk } = rig(true);
    for (let i = 0; i < 512; i++) mem[0x3000 + i] = i ^ 0x5a;
    out(0x0f, 0x00, 5); run(1); out(0x08); results();
    dmaSetup(0x4a, 0x3000, 512);
    out(0x45, 0x04, 5, 1, 7, 2, 9, 0x2a, 0xff);
    run(MS);
    expect(results()).toEqual([0x04, 0, 0, 5, 1, 8, 2]);
    expect(sectorOf(disk, 5, 1, 7)).toEqual(Array.from(mem.subarray(0x3000, 0x3200)));
    fdc.insert(0, disk360(true));
    out(0x45, 0x00, 5, 0, 1, 2, 9, 0x2a, 0xff);
    expect(results()).toEqual([0x40, 0x02, 0, 5, 0, 1, 2]);
  });

  it('WRITE DATA with TC in the middle of a sector fills the rest of it with zeros', () => {
    const { out, results, run, dmaSetup, mem, disk } = rig(true);
    mem.fill(0xee, 0x3000, 0x3000 + 100);
    dmaSetup(0x4a, 0x3000, 100);
    out(0x45, 0x00, 0, 0, 4, 2, 9, 0x2a, 0xff);
    run(MS);
    expect(results()).toEqual([0, 0, 0, 0, 0, 5, 2]);
    const sec = sectorOf(disk, 0, 0, 4);
    expect(sec.slice(0, 100).every((b) => b === 0xee)).toBe(true);
    expect(sec.slice(100).every((b) => b === 0)).toBe(true);
  });

  it('READ DELETED DATA of a normal sector transfers it, sets the control mark and stops', () => {
    const { out, results, run, dmaSetup } = rig(true);
    dmaSetup(0x46, 0x1000, 2048);
    out(0x4c, 0x00, 0, 0, 2, 2, 9, 0x2a, 0xff);
    run(MS);
    expect(results()).toEqual([0x40, 0x00, 0x40, 0, 0, 3, 2]);
  });

  it('READ A TRACK reads sectors in physical order from the index; unexpected IDs set ND', () => {
    const { out, results, run, dmaSetup, mem, disk, irqs, sched } = rig();
    dmaSetup(0x46, 0x1000, 9 * 512);
    const t0 = sched.now;
    out(0x42, 0x00, 0, 0, 1, 2, 9, 0x2a, 0xff);
    run(2 * REV);
    // From the index: the next index pulse, then nine sectors of 512 bytes back to back in their slots.
    const index = t0 + (REV - (t0 % REV)) % REV;
    expect(irqs[0]! - index).toBeGreaterThan(Math.floor((8 * REV) / 9) + 512 * BYTE - 2);
    expect(irqs[0]! - index).toBeLessThan(REV);
    expect(results()).toEqual([0, 0, 0, 1, 0, 1, 2]);
    for (let r = 1; r <= 9; r++)
      expect(Array.from(mem.subarray(0x1000 + (r - 1) * 512, 0x1000 + r * 512))).toEqual(sectorOf(disk, 0, 0, r));
    dmaSetup(0x46, 0x1000, 2 * 512);
    out(0x42, 0x00, 0, 0, 5, 2, 9, 0x2a, 0xff); // expects R=5 first: the IDs differ
    run(2 * REV);
    expect(results()).toEqual([0x40, 0x04, 0, 0, 0, 7, 2]);
    expect(Array.from(mem.subarray(0x1200, 0x1400))).toEqual(sectorOf(disk, 0, 0, 2));
  });

  it('a sector that is not there: ND after two index pulses; wrong cylinder adds WC', () => {
    const { out, results, run, dmaSetup, irqs, sched } = rig();
    dmaSetup(0x46, 0x1000, 512);
    const t0 = sched.now;
    out(0x46, 0x00, 0, 0, 12, 2, 12, 0x2a, 0xff);
    run(3 * REV);
    expect(irqs).toEqual([t0 + (REV - (t0 % REV)) + REV]);
    expect(results()).toEqual([0x40, 0x04, 0x00, 0, 0, 12, 2]);
    out(0x46, 0x00, 5, 0, 1, 2, 9, 0x2a, 0xff);
    run(3 * REV);
    expect(results()).toEqual([0x40, 0x04, 0x10, 5, 0, 1, 2]);
  });

  it('no disk (or motor off): the command waits for index pulses that never come, until a disk goes in', () => {
    const { fdc, out, results, run, dmaSetup, irqs, disk } = rig(true);
    fdc.insert(0, null);
    dmaSetup(0x46, 0x1000, 512);
    out(0x46, 0x00, 0, 0, 1, 2, 9, 0x2a, 0xff);
    run(5 * HZ);
    expect(irqs).toEqual([]);
    expect(fdc.readMsr() & 0x10).toBe(0x10);
    fdc.writeDor(0x0c); // motor off
    fdc.insert(0, disk);
    run(MS);
    expect(irqs).toEqual([]);
    fdc.writeDor(0x1c);
    run(MS);
    expect(results()).toEqual([0, 0, 0, 0, 0, 2, 2]);
  });

  it('READ ID reports the next sector to pass the head', () => {
    const { out, results, run, sched } = rig();
    run(REV - (sched.now % REV) + Math.floor((4.5 * REV) / 9)); // halfway through sector 5
    out(0x4a, 0x00);
    run(REV);
    expect(results()).toEqual([0x00, 0, 0, 0, 0, 6, 2]);
  });

  it('FORMAT A TRACK takes four ID bytes per sector by DMA and fills each sector', () => {
    const { out, results, run, dmaSetup, mem, disk } = rig();
    out(0x0f, 0x00, 2); run(REV); out(0x08); results();
    for (let r = 1; r <= 9; r++) mem.set([2, 1, r, 2], 0x4000 + (r - 1) * 4);
    dmaSetup(0x4a, 0x4000, 36);
    out(0x4d, 0x04, 2, 9, 0x50, 0xf6);
    run(3 * REV);
    expect(results()).toEqual([0x04, 0, 0, 2, 1, 9, 2]);
    for (let r = 1; r <= 9; r++) expect(sectorOf(disk, 2, 1, r).every((b) => b === 0xf6)).toBe(true);
    expect(sectorOf(disk, 2, 0, 1).every((b) => b === 0xf6)).toBe(false);
  });

  it('non-DMA mode: bytes through the data register with RQM, DIO, NDM and an interrupt each', () => {
    const { fdc, out, results, run, disk } = rig();
    out(0x03, 0xdf, 0x03); // ND = 1
    out(0x46, 0x00, 0, 0, 2, 2, 2, 0x2a, 0xff);
    const got: number[] = [];
    for (let guard = 0; got.length < 512 && guard < 100000; guard++) {
      run(BYTE / 2);
      const msr = fdc.readMsr();
      if ((msr & 0xe0) === 0xe0) got.push(fdc.readData());
      else expect(msr & 0x30).toBe(0x30);
    }
    expect(got).toEqual(sectorOf(disk, 0, 0, 2));
    run(MS);
    // No TC without DMA: the read runs to EOT and ends with end of cylinder, as on the PC.
    expect(results()).toEqual([0x40, 0x80, 0, 1, 0, 1, 2]);
  });

  it('fast mode: nine sectors in no emulated time', () => {
    const { out, results, run, dmaSetup, mem, disk, irqs, sched } = rig(true);
    dmaSetup(0x46, 0x1000, 9 * 512);
    const t0 = sched.now;
    out(0x46, 0x00, 0, 0, 1, 2, 9, 0x2a, 0xff);
    run(100);
    expect(irqs[0]! - t0).toBeLessThan(100);
    expect(results()).toEqual([0, 0, 0, 1, 0, 1, 2]);
    expect(Array.from(mem.subarray(0x1000 + 8 * 512, 0x1000 + 9 * 512))).toEqual(sectorOf(disk, 0, 0, 9));
  });
});

describe('µPD765A fast switch', () => {
  it('setFast switches the mechanical delays off and on between commands', () => {
    const { fdc, out, results, run, dmaSetup, irqs, sched } = rig();
    fdc.setFast(true);
    dmaSetup(0x46, 0x1000, 512);
    let t0 = sched.now;
    out(0x46, 0x00, 0, 0, 5, 2, 9, 0x2a, 0xff);
    run(100);
    expect(irqs[0]! - t0).toBeLessThan(100);
    results();
    fdc.setFast(false);
    dmaSetup(0x46, 0x1000, 512);
    t0 = sched.now;
    out(0x46, 0x00, 0, 0, 5, 2, 9, 0x2a, 0xff);
    run(REV);
    expect(irqs[1]! - t0).toBeGreaterThan(512 * BYTE - 1);
  });
});

describe('µPD765A save states', () => {
  it('save in the middle of a DMA read, load into a fresh controller: the same bytes at the same time', () => {
    const a = rig();
    a.dmaSetup(0x46, 0x1000, 1024);
    a.out(0x46, 0x00, 0, 0, 4, 2, 9, 0x2a, 0xff);
    a.run(REV / 2);
    const fdcState = JSON.parse(JSON.stringify({ ...a.fdc.getState(), buf: Array.from(a.fdc.s.buf) })) as Upd765State & { buf: number[] };
    const saved = { ...fdcState, buf: Uint8Array.from(fdcState.buf as unknown as number[]) } as Upd765State;
    const dmaSaved = a.dma.getState(), schedSaved = a.sched.getState(), memSaved = a.mem.slice();
    a.irqs.length = 0;
    a.run(REV);
    const b = rig();
    b.sched.setState(schedSaved);
    b.dma.setState(dmaSaved);
    b.mem.set(memSaved);
    b.fdc.setState(saved);
    b.irqs.length = 0;
    b.run(REV);
    expect(b.irqs).toEqual(a.irqs);
    expect(b.results()).toEqual(a.results());
    expect(Buffer.compare(b.mem, a.mem)).toBe(0);
    expect(b.mem[0x1000 + 1023]).toBe(a.disk.data[(4 + 1 - 1) * 512 + 511]);
    expect(() => b.fdc.setState({ ...saved, phase: 7 })).toThrow(CorruptStateError);
    expect(() => b.fdc.setState({ ...saved, buf: new Uint8Array(3) })).toThrow(CorruptStateError);
  });
});
