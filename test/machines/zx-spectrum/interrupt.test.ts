/**
 * The ULA's interrupt: asserted at the start of each 69,888 T-state frame for 32 T-states. A tiny
 * ROM written here (EI; HALT loop; an ISR of just EI; RET at 0x38) shows it: the ISR is entered
 * 13 T after the halted CPU's next M1 boundary, and, as the 27 T-state round trip ends while /INT is
 * still low, it is entered exactly twice per frame (once with a 24 T pulse, three times with 64 T).
 */
import { describe, expect, it } from 'vitest';
import { InputState } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { spectrum48k } from '../../../machines/zx-spectrum/definition.ts';
import { spectrumOf } from './helpers.ts';

function testRom(): Uint8Array {
  const rom = new Uint8Array(16384);
  // 0000: DI; LD SP,0FF00h; IM 1; EI; HALT; JR -3 (back to HALT)
  rom.set([0xf3, 0x31, 0x00, 0xff, 0xed, 0x56, 0xfb, 0x76, 0x18, 0xfd], 0);
  rom.set([0xfb, 0xc9], 0x38); // EI; RET
  return rom;
}

describe('ULA interrupt', () => {
  it('starts starts each frame, lasts 32 T-states, and frames are 69,888 T apart', () => {
    const host = { input: new InputState(), video() {}, audio() {} };
    const s = new Session(spectrum48k, { host, roms: new Map([['system', testRom()]]) });
    const sp = spectrumOf(s);
    const entries: { frame: number; t: number; at: number }[] = [];
    const bus = sp.bus;
    const fetch = bus.fetch.bind(bus);
    bus.fetch = (addr: number) => {
      if (addr === 0x38) entries.push({ frame: sp.frames, t: sp.cpu.cycles - sp.ula.s.frameStart, at: sp.cpu.cycles });
      return fetch(addr);
    };
    s.runFrames(20);
    const later = entries.filter((e) => e.frame >= 2);
    expect(later.length).toBe(2 * 18);
    for (let i = 0; i < later.length; i += 2) {
      expect(later[i]!.t).toBeGreaterThanOrEqual(13);
      expect(later[i]!.t).toBeLessThan(17);
      expect(later[i + 1]!.t - later[i]!.t).toBe(27);
      // Frame to frame: 69,888 T, give or take where the halted CPU's 4 T M1 cycles fall.
      if (i >= 2) expect(Math.abs(later[i]!.at - later[i - 2]!.at - 69888)).toBeLessThan(4);
    }
  });
});
