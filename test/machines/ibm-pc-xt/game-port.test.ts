/**
 * The game port at 201h: a write fires the one-shots; each axis bit stays 1 for 24.2 µs + 11 ns per
 * ohm of its position (0..100 kΩ), and the buttons read 0 while pressed.
 */
import { describe, expect, it } from 'vitest';
import { InputState, PadButton } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { ibmPcXt, type PcMachine } from '../../../machines/ibm-pc-xt/definition.ts';

describe('PC/XT game port', () => {
  it('times each axis by its position and shows the buttons', () => {
    const input = new InputState();
    const s = new Session(ibmPcXt, { host: { input, video() {}, audio() {} } });
    const b = (s.machine as PcMachine).board;
    input.pads[0]!.axes = [1, -1];          // A: x right (100 kΩ), y up (0 Ω)
    input.pads[1]!.buttons = PadButton.Left | PadButton.Fire2; // B: x left (digital), button B2
    s.runSeconds(0.1);
    b.out8(0x201, 0);
    const widths = [0, 0, 0, 0];
    const t0 = s.now;
    for (let i = 0; i < 2000; i++) {
      const v = b.in8(0x201);
      for (let k = 0; k < 4; k++) if ((v >> k) & 1) widths[k] = s.now - t0;
      s.runTicks(28); // about 1 µs
    }
    const us = widths.map((t) => t / 28.63636);
    expect(us[0]).toBeGreaterThan(1100); expect(us[0]).toBeLessThan(1130); // 24.2 + 1100
    expect(us[1]).toBeLessThan(30);
    expect(us[2]).toBeLessThan(30);
    expect(us[3]).toBeGreaterThan(570); expect(us[3]).toBeLessThan(590); // centred: 24.2 + 550
    expect(b.in8(0x201) & 0xf0).toBe(0x70); // B2 pressed
  });
});
