/**
 * The demo a fresh install shows (MachineDef.defaultProgram): Amalgam's BIOS boots the demo floppy,
 * which sets CGA 320x200, draws its picture and plays its tune on the PC speaker.
 */
import { expect, it, describe } from 'vitest';
import { InputState } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { ibmPcXt, type PcMachine } from '../../../machines/ibm-pc-xt/definition.ts';
import { RGBI } from '../../../machines/ibm-pc-xt/video/adapter.ts';
import { CGA_WIDTH } from '../../../machines/ibm-pc-xt/video/cga.ts';

describe('PC/XT demo', () => {
  it('boots by default, draws in 320x200 and plays a tune', () => {
    let loud = 0;
    const host = {
      input: new InputState(),
      video() {},
      audio(samples: Float32Array, frames: number) { for (let i = 0; i < frames * 2; i++) if (Math.abs(samples[i]!) > 0.05) loud++; },
    };
    const { session } = Session.start(ibmPcXt, { host, useDefault: true });
    expect(session.machine.insertedMedia!().map((m) => m.name)).toEqual(['amalgam-demo.img']);
    session.runSeconds(8);
    const cga = (session.machine as PcMachine).board.video as unknown as { mode: number; pixels: Uint32Array };
    expect(cga.mode).toBe(0x2a); // mode 4: graphics, colour, video on, blink bit
    // The frame of the picture (colour 3 of palette 1: white) starts at the display's left edge.
    expect(cga.pixels[100 * CGA_WIDTH + 40]).toBe(RGBI[7]);
    expect(cga.pixels[100 * CGA_WIDTH + 20]).toBe(RGBI[1]); // blue border
    expect(session.machine.screenText!()).toBe('');
    expect(loud).toBeGreaterThan(10_000);
  });
});
