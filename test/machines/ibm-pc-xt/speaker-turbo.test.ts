/**
 * The PC speaker: PIT counter 2 in square-wave mode, gated and enabled by port 61h bits 0-1, comes
 * out of the audio stream at its frequency (counted from zero crossings of the band-limited,
 * DC-blocked signal), and stops when bit 1 drops. The turbo option changes the CPU clock while
 * running: the same loop takes a third of the master time at 9.54 MHz.
 */
import { describe, expect, it } from 'vitest';
import { InputState } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { ibmPcXt, type PcMachine } from '../../../machines/ibm-pc-xt/definition.ts';

function session(samples: number[]) {
  const host = { input: new InputState(), video() {}, audio(a: Float32Array, n: number) { for (let i = 0; i < n; i++) samples.push(a[2 * i]!); } };
  return new Session(ibmPcXt, { host, audioRate: 48000 });
}

describe('PC/XT speaker and turbo', () => {
  it('plays PIT counter 2 at its frequency through port 61h', () => {
    const samples: number[] = [];
    const s = session(samples);
    const b = (s.machine as PcMachine).board;
    s.runSeconds(1);
    // 1193182 / 1356 = 880 Hz
    b.out8(0x43, 0xb6); b.out8(0x42, 1356 & 0xff); b.out8(0x42, 1356 >> 8);
    b.out8(0x61, b.in8(0x61) | 3);
    samples.length = 0;
    s.runSeconds(1);
    const tone = samples.slice(4800); // after the DC blocker settles
    let crossings = 0;
    for (let i = 1; i < tone.length; i++) if (tone[i - 1]! < 0 && tone[i]! >= 0) crossings++;
    const hz = crossings / (tone.length / 48000);
    expect(hz).toBeGreaterThan(870);
    expect(hz).toBeLessThan(890);
    b.out8(0x61, b.in8(0x61) & 0xfc);
    samples.length = 0;
    s.runSeconds(0.5);
    expect(Math.max(...samples.slice(12000).map(Math.abs))).toBeLessThan(0.01);
  });

  it('the turbo option runs the CPU at 9.54 MHz from now on', () => {
    const s = session([]);
    const b = (s.machine as PcMachine).board;
    s.runSeconds(0.5);
    const c0 = b.cpu.cycles, t0 = s.now;
    s.runSeconds(0.5);
    const slow = (b.cpu.cycles - c0) / ((s.now - t0) / 28_636_360);
    s.machine.options!.set('cpu.turbo', true);
    const c1 = b.cpu.cycles, t1 = s.now;
    s.runSeconds(0.5);
    const fast = (b.cpu.cycles - c1) / ((s.now - t1) / 28_636_360);
    expect(slow / 1e6).toBeCloseTo(4.77, 1);
    expect(fast / 1e6).toBeCloseTo(9.54, 1);
  });
});
