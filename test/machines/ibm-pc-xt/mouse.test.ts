/**
 * The Microsoft serial mouse on COM1: raising RTS (as a mouse driver does) makes it answer 'M';
 * host pointer motion and a button become a three-byte report read from the 8250 at 3F8h, with
 * the data-ready bit and IRQ 4 as the UART raises them (PIC IRR bit 4, masked).
 */
import { describe, expect, it } from 'vitest';
import { InputState } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { ibmPcXt, type PcMachine } from '../../../machines/ibm-pc-xt/definition.ts';

describe('PC/XT serial mouse', () => {
  it("answers 'M' on power-up and reports motion and buttons in the Microsoft format", () => {
    const input = new InputState();
    const s = new Session(ibmPcXt, { host: { input, video() {}, audio() {} } });
    s.runSeconds(1.5);
    const b = (s.machine as PcMachine).board;
    // 1200 baud 7N1: divisor 96, as a mouse driver sets it.
    b.out8(0x3fb, 0x80); b.out8(0x3f8, 96); b.out8(0x3f9, 0); b.out8(0x3fb, 0x02);
    b.out8(0x3f9, 0x01); // receive interrupt on
    b.out8(0x3fc, 0x0b); // DTR, RTS, OUT2
    const received: number[] = [];
    const drain = () => { while ((b.in8(0x3fd) & 1) !== 0) received.push(b.in8(0x3f8)); };
    for (let i = 0; i < 10; i++) { s.runFrames(1); drain(); }
    expect(received).toEqual([0x4d]);
    received.length = 0;
    input.moveMouse(-5, 70);
    input.mouseButtons = 1;
    // Read as often as a driver's interrupt handler would (a byte every 7.5 ms; the 8250 holds one).
    for (let i = 0; i < 200; i++) { s.runSeconds(0.001); drain(); }
    // left button, dy = 70 (01 000110), dx = -5 (11 111011)
    expect(received).toEqual([0x40 | 0x20 | 0x04 | 0x03, 0x3b, 0x06]);
    expect(b.read8(0x400) | (b.read8(0x401) << 8)).toBe(0x3f8); // the BIOS found COM1
  });
});
