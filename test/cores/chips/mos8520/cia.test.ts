/**
 * MOS 8520 CIA alone, against the data sheet and the Amiga HRM appendix F: timers (continuous,
 * one-shot, force load, high-byte start, B counting A), ICR masking and clear-on-read, /IRQ timing
 * through the scheduler, TOD latch/stop/alarm, ports with DDR, serial in/out, save state.
 */
import { describe, expect, it } from 'vitest';
import { Cia8520, CiaReg, ICR_ALRM, ICR_SP, ICR_TA, ICR_TB } from '../../../../cores/chips/mos8520/cia.ts';
import { Scheduler } from '../../../../cores/kernel/scheduler.ts';

const E = 40;

function make() {
  const sched = new Scheduler();
  const cia = new Cia8520(sched, E, (fire) => sched.timer('cia', fire));
  const irqs: { at: number; on: boolean }[] = [];
  cia.onIrq = (on) => irqs.push({ at: sched.now, on });
  /** Run to E cycle `n` since power-on. */
  const runTo = (n: number) => sched.runUntil(n * E);
  return { sched, cia, irqs, runTo };
}

describe('8520 timers', () => {
  it('reset leaves latches all ones and registers zero', () => {
    const { cia } = make();
    expect(cia.read(CiaReg.TALO)).toBe(0xff);
    expect(cia.read(CiaReg.TAHI)).toBe(0xff);
    expect(cia.read(CiaReg.CRA)).toBe(0);
    expect(cia.read(CiaReg.ICR)).toBe(0);
  });

  it('a stopped timer loads the counter when the high byte is written', () => {
    const { cia } = make();
    cia.write(CiaReg.TALO, 0x34);
    expect(cia.read(CiaReg.TALO)).toBe(0xff); // low byte goes only to the latch
    cia.write(CiaReg.TAHI, 0x12);
    expect(cia.read(CiaReg.TAHI)).toBe(0x12);
    expect(cia.read(CiaReg.TALO)).toBe(0x34);
  });

  it('continuous timer A counts E cycles and underflows every latch+1 cycles, raising IRQ when enabled', () => {
    const { cia, irqs, runTo, sched } = make();
    cia.write(CiaReg.TALO, 99);
    cia.write(CiaReg.TAHI, 0);
    cia.write(CiaReg.ICR, 0x80 | ICR_TA);
    cia.write(CiaReg.CRA, 0x01);
    runTo(50);
    expect(cia.read(CiaReg.TALO)).toBe(49);
    expect(irqs).toEqual([]);
    runTo(105);
    expect(irqs).toEqual([{ at: 100 * E, on: true }]);
    expect(cia.read(CiaReg.ICR)).toBe(0x80 | ICR_TA);
    expect(irqs[1]).toEqual({ at: 105 * E, on: false });
    expect(cia.read(CiaReg.ICR)).toBe(0);
    runTo(1000);
    // Underflows at 100, 200, ... 1000: the next one re-asserted IRQ at 200.
    expect(irqs[2]).toEqual({ at: 200 * E, on: true });
    expect(sched.now).toBe(1000 * E);
    // Counter: 1000 cycles after start with period 100 -> back at the latch.
    expect(cia.read(CiaReg.TALO)).toBe(99);
    expect(cia.read(CiaReg.CRA) & 1).toBe(1);
  });

  it('masked underflows set the flag without IRQ, and unmasking asserts IRQ at once', () => {
    const { cia, irqs, runTo } = make();
    cia.write(CiaReg.TALO, 9);
    cia.write(CiaReg.TAHI, 0);
    cia.write(CiaReg.CRA, 0x01);
    runTo(30);
    expect(irqs).toEqual([]);
    cia.write(CiaReg.ICR, 0x80 | ICR_TA);
    expect(irqs).toEqual([{ at: 30 * E, on: true }]);
    cia.write(CiaReg.ICR, ICR_TA); // clear the mask bit (bit 7 = 0)
    expect(cia.read(CiaReg.ICR)).toBe(0x80 | ICR_TA);
  });

  it('one-shot mode stops after one underflow; writing the high byte starts it (8520)', () => {
    const { cia, runTo } = make();
    cia.write(CiaReg.CRA, 0x08); // one-shot, stopped
    cia.write(CiaReg.TALO, 20);
    cia.write(CiaReg.TAHI, 0); // starts it
    expect(cia.read(CiaReg.CRA) & 1).toBe(1);
    runTo(21);
    expect(cia.read(CiaReg.ICR) & ICR_TA).toBe(ICR_TA);
    expect(cia.read(CiaReg.CRA) & 1).toBe(0);
    expect(cia.read(CiaReg.TALO)).toBe(20); // reloaded from the latch, then stopped
    runTo(100);
    expect(cia.read(CiaReg.ICR)).toBe(0);
  });

  it('force load copies the latch into a running timer', () => {
    const { cia, runTo } = make();
    cia.write(CiaReg.TBLO, 0x00);
    cia.write(CiaReg.TBHI, 0x10);
    cia.write(CiaReg.CRB, 0x01);
    runTo(0x100);
    expect(cia.read(CiaReg.TBHI)).toBe(0x0f);
    cia.write(CiaReg.CRB, 0x11);
    expect(cia.read(CiaReg.TBHI)).toBe(0x10);
    expect(cia.read(CiaReg.TBLO)).toBe(0x00);
    expect(cia.read(CiaReg.CRB) & 0x10).toBe(0); // LOAD is a strobe
  });

  it('timer B counts timer A underflows (INMODE 10) and interrupts on its own underflow', () => {
    const { cia, irqs, runTo } = make();
    cia.write(CiaReg.TALO, 9);
    cia.write(CiaReg.TAHI, 0); // A: period 10
    cia.write(CiaReg.TBLO, 2);
    cia.write(CiaReg.TBHI, 0); // B: underflows on the 3rd A underflow
    cia.write(CiaReg.ICR, 0x80 | ICR_TB);
    cia.write(CiaReg.CRB, 0x41);
    cia.write(CiaReg.CRA, 0x01);
    runTo(100);
    expect(irqs[0]).toEqual({ at: 30 * E, on: true });
    expect(cia.read(CiaReg.ICR)).toBe(0x80 | ICR_TA | ICR_TB);
  });

  it('PB6 toggles on each underflow with PBON and OUTMODE=toggle', () => {
    const { cia, runTo } = make();
    cia.write(CiaReg.TALO, 4);
    cia.write(CiaReg.TAHI, 0);
    cia.write(CiaReg.CRA, 0x07); // start, PBON, toggle
    expect(cia.read(CiaReg.PRB) & 0x40).toBe(0x40); // starting sets the toggle high
    runTo(5);
    expect(cia.read(CiaReg.PRB) & 0x40).toBe(0);
    runTo(10);
    expect(cia.read(CiaReg.PRB) & 0x40).toBe(0x40);
  });
});

describe('8520 ports', () => {
  it('reads outputs where DDR is 1 and the pins where it is 0', () => {
    const { cia } = make();
    let pins = -1;
    cia.portAIn = () => 0x5a;
    cia.onPortA = (p) => { pins = p; };
    cia.write(CiaReg.PRA, 0x0f);
    expect(pins).toBe(0xff); // all inputs: the pull-ups
    cia.write(CiaReg.DDRA, 0x03);
    expect(pins).toBe(0xff);
    cia.write(CiaReg.PRA, 0x02);
    expect(pins).toBe(0xfe);
    expect(cia.read(CiaReg.PRA)).toBe((0x5a & 0xfc) | 0x02);
    expect(cia.read(CiaReg.DDRA)).toBe(0x03);
  });
});

describe('8520 time of day', () => {
  it('counts binary, latches on a high-byte read until the low byte is read', () => {
    const { cia } = make();
    for (let i = 0; i < 0x1ff; i++) cia.tickTod();
    expect(cia.read(CiaReg.TODHI)).toBe(0);
    cia.tickTod();
    cia.tickTod();
    expect(cia.read(CiaReg.TODMID)).toBe(0x01); // latched value
    expect(cia.read(CiaReg.TODLO)).toBe(0xff);
    expect(cia.read(CiaReg.TODLO)).toBe(0x01); // unlatched: 0x201
  });

  it('writing the high byte stops it until the low byte is written', () => {
    const { cia } = make();
    cia.write(CiaReg.TODHI, 0x01);
    cia.write(CiaReg.TODMID, 0x00);
    cia.tickTod();
    expect(cia.read(CiaReg.TODLO)).toBe(0);
    cia.write(CiaReg.TODLO, 0x05);
    cia.tickTod();
    expect(cia.read(CiaReg.TODHI)).toBe(1);
    expect(cia.read(CiaReg.TODMID)).toBe(0);
    expect(cia.read(CiaReg.TODLO)).toBe(6);
  });

  it('raises ALRM when the counter reaches the alarm (CRB bit 7 selects the alarm)', () => {
    const { cia, irqs } = make();
    cia.write(CiaReg.CRB, 0x80);
    cia.write(CiaReg.TODHI, 0);
    cia.write(CiaReg.TODMID, 0);
    cia.write(CiaReg.TODLO, 3);
    cia.write(CiaReg.CRB, 0x00);
    cia.write(CiaReg.ICR, 0x80 | ICR_ALRM);
    cia.tickTod();
    cia.tickTod();
    expect(irqs).toEqual([]);
    cia.tickTod();
    expect(irqs.length).toBe(1);
    expect(cia.read(CiaReg.ICR)).toBe(0x80 | ICR_ALRM);
  });
});

describe('8520 serial port', () => {
  it('input mode: a received byte lands in SDR and sets SP', () => {
    const { cia, irqs } = make();
    cia.write(CiaReg.ICR, 0x80 | ICR_SP);
    cia.receiveSerial(0xa5);
    expect(irqs.length).toBe(1);
    expect(cia.read(CiaReg.SDR)).toBe(0xa5);
    expect(cia.read(CiaReg.ICR)).toBe(0x80 | ICR_SP);
  });

  it('output mode shifts a byte out in 16 timer A underflows and reports SPMODE changes', () => {
    const { cia, runTo } = make();
    const modes: boolean[] = [];
    const out: number[] = [];
    cia.onSerialMode = (o) => modes.push(o);
    cia.onSerialOut = (b) => out.push(b);
    cia.write(CiaReg.TALO, 1);
    cia.write(CiaReg.TAHI, 0);
    cia.write(CiaReg.CRA, 0x41); // SP output, timer A running, period 2
    expect(modes).toEqual([true]);
    cia.write(CiaReg.SDR, 0x3c);
    runTo(31);
    expect(out).toEqual([]);
    runTo(33);
    expect(out).toEqual([0x3c]);
    expect(cia.read(CiaReg.ICR) & ICR_SP).toBe(ICR_SP);
    cia.write(CiaReg.CRA, 0x01);
    expect(modes).toEqual([true, false]);
  });
});

describe('8520 state', () => {
  it('round-trips and continues identically', () => {
    const a = make();
    a.cia.write(CiaReg.TALO, 77);
    a.cia.write(CiaReg.TAHI, 1);
    a.cia.write(CiaReg.ICR, 0x80 | ICR_TA);
    a.cia.write(CiaReg.CRA, 0x01);
    a.runTo(500);
    const st = a.cia.getState();
    const sst = a.sched.getState();
    const b = make();
    b.sched.setState(sst);
    b.cia.setState(st);
    a.runTo(5000);
    b.runTo(5000);
    expect(b.cia.getState()).toEqual(a.cia.getState());
    expect(() => b.cia.setState({ ...st, ta: 'x' } as never)).toThrow(/CIA state/);
  });
});
