import { describe, expect, it } from 'vitest';
import { InputState } from '../../../cores/kernel/host.ts';
import { Pacer } from '../../../cores/kernel/pacer.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { TOY_MASTER_HZ, toyMachine } from '../../helpers/toy-machine.ts';

function setup(hostRate = 8000) {
  let audioFrames = 0;
  const host = { input: new InputState(), video() {}, audio(_s: Float32Array, n: number) { audioFrames += n; } };
  const session = new Session(toyMachine, { host, audioRate: hostRate });
  const clock = { ms: 0 };
  const pacer = new Pacer(session, () => clock.ms, hostRate);
  return { session, clock, pacer, audio: () => audioFrames };
}

/** Advance fake real time in steps of `stepMs`, calling tick() each step. */
function drive(p: { clock: { ms: number }; pacer: Pacer }, totalMs: number, stepMs: number) {
  const steps = Math.round(totalMs / stepMs);
  for (let i = 0; i < steps; i++) { p.clock.ms += stepMs; p.pacer.tick(); }
}

describe('Pacer', () => {
  it('runs emulated time equal to real time at 100 %', () => {
    const p = setup();
    p.pacer.tick();
    drive(p, 1000, 20);
    expect(p.session.seconds).toBeCloseTo(1, 2);
  });

  it('does not depend on how often it is called (a 144 Hz display does not speed up a 50 Hz machine)', () => {
    const a = setup();
    const b = setup();
    a.pacer.tick();
    b.pacer.tick();
    drive(a, 2000, 1000 / 144);
    drive(b, 2000, 1000 / 50);
    expect(a.session.seconds).toBeCloseTo(2, 2);
    expect(b.session.seconds).toBeCloseTo(2, 2);
  });

  it('throttles to 10 %..400 % and sound follows the speed', () => {
    for (const speed of [0.1, 0.5, 2, 4]) {
      const p = setup(8000);
      p.pacer.speed = speed;
      p.pacer.tick();
      drive(p, 1000, 10);
      expect(p.session.seconds).toBeCloseTo(speed, 2);
      // The host still gets its own rate of samples per real second: pitch follows, no gaps.
      expect(Math.abs(p.audio() - 8000)).toBeLessThan(8000 * 0.03);
    }
    const p = setup();
    p.pacer.speed = 10;
    expect(p.pacer.speed).toBe(4);
    p.pacer.speed = 0.01;
    expect(p.pacer.speed).toBe(0.1);
  });

  it('pauses, and steps one frame at a time while paused', () => {
    const p = setup();
    p.pacer.tick();
    drive(p, 100, 10);
    p.pacer.paused = true;
    const t0 = p.session.now;
    drive(p, 500, 10);
    expect(p.session.now).toBe(t0);
    const f0 = p.session.machine.frameCount;
    p.pacer.stepFrame();
    expect(p.session.machine.frameCount).toBe(f0 + 1);
    p.pacer.paused = false;
    drive(p, 100, 10);
    expect(p.session.now).toBeGreaterThan(t0);
  });

  it('keeps a sane speed read-out when a state load moves time backwards', () => {
    const p = setup();
    p.pacer.tick();
    drive(p, 300, 10);
    const early = p.session.saveState();
    drive(p, 2000, 10);
    p.session.loadState(early);
    drive(p, 1200, 10);
    expect(p.pacer.measured.speed).toBeGreaterThan(0.9);
    expect(p.pacer.measured.speed).toBeLessThan(1.1);
  });

  it('makes up at most a short stall, not a long one', () => {
    const p = setup();
    p.pacer.tick();
    p.clock.ms += 10_000;
    p.pacer.tick();
    expect(p.session.seconds).toBeLessThan(0.2);
  });

  it('fast-forward runs unthrottled and reports the speed reached', () => {
    const p = setup();
    p.pacer.fastForward = true;
    let calls = 0;
    // Each look at the clock costs 1 ms of fake real time, so the measured speed is finite.
    const pacer = new Pacer(p.session, () => ++calls, 8000);
    pacer.fastForward = true;
    for (let i = 0; i < 200; i++) pacer.tick();
    const emulated = p.session.now / TOY_MASTER_HZ;
    expect(emulated).toBeGreaterThan(calls / 1000); // faster than real time
    expect(pacer.measured.speed).toBeGreaterThan(1);
    expect(pacer.muted).toBe(true);
  });
});
