import { describe, expect, it } from 'vitest';
import { Ns8250, type UartState } from '../../../../cores/chips/ns8250/ns8250.ts';
import { Scheduler } from '../../../../cores/kernel/scheduler.ts';
import { CorruptStateError } from '../../../../cores/kernel/errors.ts';

const HZ = 14_318_180;
/** 1200 baud, 7 data bits, no parity, 1 stop: 9 bits x 16 x 96 UART clocks. */
const CHAR_1200_7N1 = Math.round((9 * 16 * 96 * HZ) / 1_843_200);

function rig(variant: '8250' | '16450' | '16550A' = '16450') {
  const sched = new Scheduler();
  const uart = new Ns8250(sched, { masterHz: HZ, variant });
  const sent: [number, number][] = [];
  uart.onTransmit = (b) => sent.push([b, sched.now]);
  const irq: [boolean, number][] = [];
  uart.onIrq = (on) => irq.push([on, sched.now]);
  const mcr: number[] = [];
  uart.onModemControl = (v) => mcr.push(v);
  /** 1200 baud 7N1, as a Microsoft mouse driver sets COM1. */
  const mouseLine = () => { uart.write(3, 0x80); uart.write(0, 96); uart.write(1, 0); uart.write(3, 0x02); };
  const run = (ticks: number) => sched.runUntil(sched.now + ticks);
  return { sched, uart, sent, irq, mcr, mouseLine, run };
}

describe('8250/16450 registers', () => {
  it('the divisor latch shares ports 0 and 1 with RBR/THR and IER under DLAB', () => {
    const { uart } = rig();
    uart.write(3, 0x83);
    uart.write(0, 0x0c); uart.write(1, 0x01);
    expect([uart.read(0), uart.read(1)]).toEqual([0x0c, 0x01]);
    uart.write(3, 0x03);
    uart.write(1, 0xff);
    expect(uart.read(1)).toBe(0x0f);
    expect(uart.read(3)).toBe(0x03);
    expect(uart.charTicks()).toBe(Math.round((10 * 16 * 0x10c * HZ) / 1_843_200));
  });

  it('scratch register on the 16450; none on the 8250', () => {
    const a = rig(); a.uart.write(7, 0x5a); expect(a.uart.read(7)).toBe(0x5a);
    const b = rig('8250'); b.uart.write(7, 0x5a); expect(b.uart.read(7)).toBe(0xff);
  });
});

describe('8250/16450 transmit and receive timing', () => {
  it('THR moves to the shifter at once; bytes leave one character time apart; THRE and TEMT', () => {
    const { uart, sent, mouseLine, run, sched } = rig();
    mouseLine();
    const t0 = sched.now;
    uart.write(0, 0x41);
    expect(uart.read(5) & 0x60).toBe(0x20); // THR empty, shifter busy
    uart.write(0, 0x42);
    expect(uart.read(5) & 0x60).toBe(0x00);
    run(3 * CHAR_1200_7N1);
    expect(sent).toEqual([[0x41, t0 + CHAR_1200_7N1], [0x42, t0 + 2 * CHAR_1200_7N1]]);
    expect(uart.read(5) & 0x60).toBe(0x60);
  });

  it('received bytes arrive a character apart; DR and the data interrupt; a mouse "M"', () => {
    const { uart, irq, mouseLine, run, sched } = rig();
    mouseLine();
    uart.write(4, 0x0b); // DTR, RTS, OUT2
    uart.write(1, 0x01);
    const t0 = sched.now;
    uart.receive([0x4d, 0x40]);
    run(CHAR_1200_7N1 - 1);
    expect(uart.read(5) & 1).toBe(0);
    run(1);
    expect(irq).toEqual([[true, t0 + CHAR_1200_7N1]]);
    expect(uart.read(2)).toBe(0x04);
    expect(uart.read(0)).toBe(0x4d);
    expect(uart.read(2)).toBe(0x01);
    run(CHAR_1200_7N1);
    expect(uart.read(0)).toBe(0x40);
    expect(irq.map((e) => e[0])).toEqual([true, false, true, false]);
  });

  it('an unread byte overwritten: OE, and the line status interrupt outranks received data', () => {
    const { uart, mouseLine, run } = rig();
    mouseLine();
    uart.write(4, 0x08);
    uart.write(1, 0x05);
    uart.receive([1, 2]);
    run(2 * CHAR_1200_7N1);
    expect(uart.read(2)).toBe(0x06);
    expect(uart.read(5) & 0x03).toBe(0x03);
    expect(uart.read(5) & 0x02).toBe(0); // OE cleared by the read
    expect(uart.read(2)).toBe(0x04);
    expect(uart.read(0)).toBe(2);
  });

  it('THRE interrupt: raised when enabled with THR empty, cleared by reading IIR or writing THR', () => {
    const { uart, irq, mouseLine, run } = rig();
    mouseLine();
    uart.write(4, 0x08);
    uart.write(1, 0x02);
    expect(irq.map((e) => e[0])).toEqual([true]);
    expect(uart.read(2)).toBe(0x02);
    expect(uart.read(2)).toBe(0x01);
    uart.write(0, 0x55); // goes straight to the shifter: THR empty again
    expect(uart.read(2)).toBe(0x02);
    uart.write(0, 0x56); // THR full now
    expect(uart.read(2)).toBe(0x01);
    run(CHAR_1200_7N1);
    expect(uart.read(2)).toBe(0x02); // 0x56 moved to the shifter
  });

  it('IRQ reaches the PC only with OUT2 set', () => {
    const { uart, irq, mouseLine, run } = rig();
    mouseLine();
    uart.write(1, 0x01);
    uart.receive([7]);
    run(CHAR_1200_7N1);
    expect(irq).toEqual([]);
    uart.write(4, 0x08);
    expect(irq.map((e) => e[0])).toEqual([true]);
  });
});

describe('8250/16450 modem control and status', () => {
  it('DTR/RTS changes reach the far end (the mouse resets on them); MSR deltas and the modem interrupt', () => {
    const { uart, mcr, irq } = rig();
    uart.write(4, 0x01);
    uart.write(4, 0x03);
    uart.write(4, 0x0b);
    expect(mcr).toEqual([0x01, 0x03, 0x0b]);
    uart.write(1, 0x08);
    uart.setModemInputs(true, true, false, false);
    expect(irq.map((e) => e[0])).toEqual([true]);
    expect(uart.read(2)).toBe(0x00);
    expect(uart.read(6)).toBe(0x30 | 0x03);
    expect(uart.read(6)).toBe(0x30);
    uart.setModemInputs(true, true, true, false);
    expect(uart.read(6) & 0x04).toBe(0); // RI rising: no TERI
    uart.setModemInputs(true, true, false, false);
    expect(uart.read(6) & 0x04).toBe(0x04);
  });

  it('loopback: TX comes back to RX, MSR mirrors MCR, the pins go inactive', () => {
    const { uart, sent, mcr, mouseLine, run } = rig();
    mouseLine();
    uart.write(4, 0x03);
    uart.write(4, 0x10 | 0x0f);
    expect(mcr).toEqual([0x03, 0x00]);
    expect(uart.read(6) & 0xf0).toBe(0xf0);
    uart.write(0, 0x6b);
    run(CHAR_1200_7N1);
    expect(sent).toEqual([]);
    expect(uart.read(5) & 1).toBe(1);
    expect(uart.read(0)).toBe(0x6b);
    uart.write(4, 0x10 | 0x02);
    expect(uart.read(6) & 0xf0).toBe(0x10);
  });
});

describe('16550A FIFOs', () => {
  it('FCR turns the FIFOs on (IIR bits 6-7); the 8250/16450 ignore it', () => {
    const a = rig('16550A');
    expect(a.uart.read(2)).toBe(0x01);
    a.uart.write(2, 0x01);
    expect(a.uart.read(2)).toBe(0xc1);
    a.uart.write(2, 0x00);
    expect(a.uart.read(2)).toBe(0x01);
    const b = rig('16450');
    b.uart.write(2, 0x01);
    expect(b.uart.read(2)).toBe(0x01);
  });

  it('RX trigger level 4: the data interrupt at the 4th byte; fewer bytes raise the character timeout', () => {
    const { uart, irq, mouseLine, run, sched } = rig('16550A');
    mouseLine();
    uart.write(2, 0x41); // FIFOs on, trigger 4
    uart.write(4, 0x08); uart.write(1, 0x01);
    const t0 = sched.now;
    uart.receive([1, 2, 3]);
    run(3 * CHAR_1200_7N1);
    expect(irq).toEqual([]);
    run(4 * CHAR_1200_7N1);
    expect(irq).toEqual([[true, t0 + 7 * CHAR_1200_7N1]]); // four character times after the last byte
    expect(uart.read(2)).toBe(0xcc);
    expect([uart.read(0), uart.read(0), uart.read(0)]).toEqual([1, 2, 3]);
    expect(uart.read(5) & 1).toBe(0);
    expect(uart.read(2)).toBe(0xc1);
    irq.length = 0;
    const t1 = sched.now;
    uart.receive([4, 5, 6, 7, 8]);
    run(5 * CHAR_1200_7N1);
    expect(irq[0]).toEqual([true, t1 + 4 * CHAR_1200_7N1]);
    expect(uart.read(2)).toBe(0xc4);
  });

  it('a full RX FIFO keeps its 16 bytes and loses the 17th (OE)', () => {
    const { uart, mouseLine, run } = rig('16550A');
    mouseLine();
    uart.write(2, 0x07); // on, both FIFOs cleared, trigger 1
    uart.receive(Array.from({ length: 17 }, (_, i) => i + 1));
    run(17 * CHAR_1200_7N1);
    expect(uart.read(5) & 0x03).toBe(0x03);
    const got: number[] = [];
    while (uart.read(5) & 1) got.push(uart.read(0));
    expect(got).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('the TX FIFO takes 16 bytes at once and sends them back to back; THRE when it empties', () => {
    const { uart, sent, irq, mouseLine, run, sched } = rig('16550A');
    mouseLine();
    uart.write(2, 0x01);
    uart.write(4, 0x08); uart.write(1, 0x02);
    expect(uart.read(2)).toBe(0xc2); // empty at the start
    irq.length = 0;
    const t0 = sched.now;
    for (let i = 0; i < 6; i++) uart.write(0, 0x30 + i);
    expect(uart.read(5) & 0x60).toBe(0);
    run(5 * CHAR_1200_7N1);
    expect(uart.read(5) & 0x60).toBe(0x20); // last byte in the shifter
    // The first byte goes straight to the shifter (THR empty for a moment), the second clears that.
    expect(irq).toEqual([[true, t0], [false, t0], [true, t0 + 5 * CHAR_1200_7N1]]);
    run(CHAR_1200_7N1);
    expect(sent.map((x) => x[0])).toEqual([0x30, 0x31, 0x32, 0x33, 0x34, 0x35]);
    expect(sent.map((x) => x[1] - t0)).toEqual([1, 2, 3, 4, 5, 6].map((k) => k * CHAR_1200_7N1));
    expect(uart.read(5) & 0x60).toBe(0x60);
  });

  it('a version 1 state (before FIFOs) migrates with the FIFOs off', () => {
    const { uart } = rig('16550A');
    const v1 = { ...uart.getState() } as Record<string, unknown>;
    for (const k of ['fcr', 'rxFifo', 'txFifo', 'timeoutAt']) delete v1[k];
    const migrated = uart.migrateState(v1, 1);
    uart.setState(migrated);
    expect(uart.read(2)).toBe(0x01);
  });
});

describe('8250/16450 state', () => {
  it('save mid-transmission and load: the same bytes at the same ticks; damaged states refused', () => {
    const a = rig();
    a.mouseLine();
    a.uart.write(0, 1); a.uart.write(0, 2);
    a.uart.receive([9, 8, 7]);
    a.run(CHAR_1200_7N1 / 2);
    const saved = JSON.parse(JSON.stringify(a.uart.getState())) as UartState;
    const sch = a.sched.getState();
    a.run(4 * CHAR_1200_7N1);
    const b = rig();
    b.sched.setState(sch);
    b.uart.setState(saved);
    b.run(4 * CHAR_1200_7N1);
    expect(b.sent).toEqual(a.sent);
    expect(b.uart.getState()).toEqual(a.uart.getState());
    expect(() => b.uart.setState({ ...saved, ier: 0x10 })).toThrow(CorruptStateError);
    expect(() => b.uart.setState({ ...saved, rxQueue: [256] })).toThrow(CorruptStateError);
  });
});
