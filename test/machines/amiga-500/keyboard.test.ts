/**
 * The keyboard through CIA-A's serial port (HRM appendix H): the power-up stream ($FD, $FE), key
 * codes inverted and rotated as the CIA receives them, one byte per handshake, Caps Lock toggling;
 * and the mouse counters in JOY0DAT with the buttons on CIA-A PA6 and POTGOR.
 */
import { describe, expect, it } from 'vitest';
import { CiaReg, ICR_SP } from '../../../cores/chips/mos8520/cia.ts';
import { LINE_TICKS, Reg } from '../../../machines/amiga-500/constants.ts';
import { FrameHost, bareAmiga, runFrame } from './helpers.ts';

/** What the OS does with SDR: NOT, then rotate right one bit. */
const decode = (sdr: number) => { const v = ~sdr & 0xff; return ((v >> 1) | (v << 7)) & 0xff; };

function lines(a: ReturnType<typeof bareAmiga>, n: number): void {
  a.scheduler.runUntil(a.scheduler.now + n * LINE_TICKS);
}

function handshake(a: ReturnType<typeof bareAmiga>): void {
  a.ciaA.write(CiaReg.CRA, 0x40);
  lines(a, 2); // about 128 us of SP held low
  a.ciaA.write(CiaReg.CRA, 0x00);
}

describe('Amiga keyboard', () => {
  it('sends the power-up stream, then keys, one byte per handshake', () => {
    const host = new FrameHost();
    const a = bareAmiga(host);
    lines(a, 2);
    expect(a.ciaA.read(CiaReg.ICR) & ICR_SP).toBe(ICR_SP);
    expect(decode(a.ciaA.read(CiaReg.SDR))).toBe(0xfd);
    host.input.keyDown('KeyA');
    host.input.keyUp('KeyA');
    lines(a, 100);
    expect(a.ciaA.read(CiaReg.ICR) & ICR_SP).toBe(0); // no handshake, no next byte
    handshake(a);
    lines(a, 20);
    expect(decode(a.ciaA.read(CiaReg.SDR))).toBe(0xfe);
    handshake(a);
    lines(a, 20);
    expect(decode(a.ciaA.read(CiaReg.SDR))).toBe(0x20); // A down
    handshake(a);
    lines(a, 20);
    expect(decode(a.ciaA.read(CiaReg.SDR))).toBe(0xa0); // A up
  });

  it('Caps Lock toggles: a press sends down, the next press up; releases send nothing', () => {
    const host = new FrameHost();
    const a = bareAmiga(host);
    for (let i = 0; i < 2; i++) { lines(a, 20); handshake(a); }
    host.input.keyDown('CapsLock'); host.input.keyUp('CapsLock');
    host.input.keyDown('CapsLock'); host.input.keyUp('CapsLock');
    lines(a, 20);
    expect(decode(a.ciaA.read(CiaReg.SDR))).toBe(0x62);
    handshake(a);
    lines(a, 20);
    expect(decode(a.ciaA.read(CiaReg.SDR))).toBe(0xe2);
  });
});

describe('Amiga mouse', () => {
  it('counts motion in JOY0DAT per frame and shows the buttons', () => {
    const host = new FrameHost();
    const a = bareAmiga(host);
    host.input.moveMouse(5, -3);
    runFrame(a);
    const j = a.readCustomCpu(Reg.JOY0DAT);
    expect(j & 0xff).toBe(5);
    expect(j >> 8).toBe(0xfd);
    host.input.mouseButtons = 3;
    expect(a.ciaA.read(CiaReg.PRA) & 0x40).toBe(0);
    expect(a.readCustomCpu(Reg.POTGOR) & 0x0400).toBe(0);
    host.input.mouseButtons = 0;
    expect(a.ciaA.read(CiaReg.PRA) & 0x40).toBe(0x40);
  });
});
