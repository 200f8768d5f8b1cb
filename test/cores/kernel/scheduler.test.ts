import { describe, expect, it } from 'vitest';
import { FlatRam, type Bus8 } from '../../helpers/flat-ram.ts';
import { CorruptStateError } from '../../../cores/kernel/errors.ts';
import { Scheduler } from '../../../cores/kernel/scheduler.ts';
import { ToyCpu } from '../../helpers/toy-cpu.ts';

/** A CPU that executes NOPs (2 cycles each) forever. */
function nopCpu(bus: Bus8 = new FlatRam(256)): ToyCpu {
  return new ToyCpu(bus, { in: () => 0, out: () => {} });
}

describe('Scheduler timers', () => {
  it('fires timers in due order, ties in creation order', () => {
    const s = new Scheduler();
    const log: string[] = [];
    const a = s.timer('a', (t) => log.push(`a@${t}`));
    const b = s.timer('b', (t) => log.push(`b@${t}`));
    const c = s.timer('c', (t) => log.push(`c@${t}`));
    c.armAt(100);
    b.armAt(50);
    a.armAt(100);
    s.runUntil(1000);
    expect(log).toEqual(['b@50', 'a@100', 'c@100']);
    expect(s.now).toBe(1000);
  });

  it('re-arms from inside its own callback (periodic) without drift', () => {
    const s = new Scheduler();
    const fired: number[] = [];
    const t = s.timer('tick', (due) => { fired.push(due); t.armAt(due + 30); });
    t.armIn(30);
    s.runUntil(100);
    expect(fired).toEqual([30, 60, 90]);
    expect(t.dueAt).toBe(120);
  });

  it('arming again replaces the due time; cancel stops it', () => {
    const s = new Scheduler();
    const fired: string[] = [];
    const x = s.timer('x', (d) => fired.push(`x${d}`));
    const y = s.timer('y', (d) => fired.push(`y${d}`));
    x.armAt(10);
    x.armAt(20);
    y.armAt(15);
    y.cancel();
    expect(y.armed).toBe(false);
    s.runUntil(50);
    expect(fired).toEqual(['x20']);
    expect(x.armed).toBe(false);
  });

  it('a timer armed mid-slice fires on time, not at the end of the slice', () => {
    const s = new Scheduler();
    let firedAtCpuTime = -1;
    const cpu = nopCpu();
    s.addCpu(cpu, 4);
    const late = s.timer('late', () => { firedAtCpuTime = s.now; });
    // At tick 100 (inside the slice) something arms a timer 40 ticks ahead.
    const starter = s.timer('starter', () => late.armIn(40));
    starter.armAt(100);
    s.runUntil(100_000);
    // NOPs take 2 cycles = 8 ticks: it fires within one instruction of tick 140.
    expect(firedAtCpuTime).toBeGreaterThanOrEqual(140);
    expect(firedAtCpuTime).toBeLessThan(140 + 8);
  });

  it('stop() ends runUntil after the current instruction', () => {
    const s = new Scheduler();
    s.addCpu(nopCpu(), 4);
    s.timer('stop', () => s.stop()).armAt(1000);
    const reached = s.runUntil(1_000_000);
    expect(reached).toBeGreaterThanOrEqual(1000);
    expect(reached).toBeLessThan(1008);
  });

  it('with no CPU, time jumps from event to event', () => {
    const s = new Scheduler();
    const seen: number[] = [];
    s.timer('e', () => seen.push(s.now)).armAt(77);
    expect(s.runUntil(50)).toBe(50);
    expect(seen).toEqual([]);
    s.runUntil(200);
    expect(seen).toEqual([77]);
  });
});

describe('Scheduler and CPUs', () => {
  it('a device read mid-slice sees the exact tick of the access', () => {
    const s = new Scheduler();
    const seen: number[] = [];
    // Program: NOP; NOP; IN A,7; JMP 0.
    const ram = new FlatRam(256);
    ram.mem.set([0x00, 0x00, 0x06, 0x07, 0x04, 0x00]);
    const cpu = new ToyCpu(ram, { in: () => { seen.push(s.now); return 0; }, out: () => {} });
    s.addCpu(cpu, 4);
    s.runUntil(4 * 30);
    // Loop = 2 + 2 + 4 + 3 = 11 cycles; the IN starts at cycle 4 and its port access is on its
    // last cycle (3 cycles in), at 4 ticks per cycle.
    expect(seen.slice(0, 3)).toEqual([(4 + 3) * 4, (11 + 4 + 3) * 4, (22 + 4 + 3) * 4]);
  });

  it('two CPUs on different dividers interleave in time order', () => {
    const s = new Scheduler();
    const log: { who: string; t: number }[] = [];
    const mk = (who: string) => {
      const ram = new FlatRam(256);
      ram.mem.set([0x05, 0x01, 0x04, 0x00]); // OUT 1,A ; JMP 0  (4 + 3 cycles)
      return new ToyCpu(ram, { in: () => 0, out: () => log.push({ who, t: s.now }) });
    };
    const fast = mk('fast');
    const slow = mk('slow');
    s.addCpu(fast, 3);
    s.addCpu(slow, 4);
    s.runUntil(10_000);
    const fastOuts = log.filter((e) => e.who === 'fast');
    const slowOuts = log.filter((e) => e.who === 'slow');
    // Each CPU ran its own clock: 7 cycles per loop at 3 and 4 ticks per cycle; every OUT that
    // starts before tick 10,000 runs to completion.
    expect(fastOuts.length).toBe(Math.ceil(10_000 / 21));
    expect(slowOuts.length).toBe(Math.ceil(10_000 / 28));
    expect(fast.cycles * 3).toBeGreaterThanOrEqual(10_000);
    expect(slow.cycles * 4).toBeGreaterThanOrEqual(10_000);
    // Accesses are seen in time order across both CPUs, to within one instruction (7 cycles x 4).
    let maxBackwards = 0;
    for (let i = 1; i < log.length; i++) maxBackwards = Math.max(maxBackwards, log[i - 1]!.t - log[i]!.t);
    expect(maxBackwards).toBeLessThanOrEqual(28);
    // And they really alternate rather than one CPU running its whole slice first.
    const firstSlow = log.findIndex((e) => e.who === 'slow');
    expect(firstSlow).toBeLessThan(3);
  });

  it('saves and restores pending timers by key; a state with an unknown key changes nothing', () => {
    const s = new Scheduler();
    s.addCpu(nopCpu(), 4);
    const a = s.timer('a', () => {});
    s.timer('b', () => {});
    a.armAt(5000);
    s.runUntil(1000);
    const st = s.getState();
    expect(st.timers).toEqual({ a: 5000 - st.now, b: null });
    const s2 = new Scheduler();
    s2.addCpu(nopCpu(), 4);
    const a2 = s2.timer('a', () => {});
    const b2 = s2.timer('b', () => {});
    b2.armAt(42);
    expect(() => s2.setState({ ...st, timers: { zzz: 1 } })).toThrow(CorruptStateError);
    expect(b2.dueAt).toBe(42);
    expect(s2.now).toBe(0);
    s2.setState(st);
    expect(s2.now).toBe(st.now);
    expect(a2.dueAt).toBe(5000);
    expect(b2.armed).toBe(false);
  });
});
