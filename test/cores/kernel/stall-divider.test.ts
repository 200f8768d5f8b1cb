import { describe, expect, it } from 'vitest';
import { FlatRam } from '../../helpers/flat-ram.ts';
import { DividedClock } from '../../../cores/kernel/clock.ts';
import { CorruptStateError } from '../../../cores/kernel/errors.ts';
import { Scheduler } from '../../../cores/kernel/scheduler.ts';
import { ToyCpu } from '../../helpers/toy-cpu.ts';

/** A toy CPU running `INC [80]; JMP 0` (5 + 3 cycles a loop): RAM[80] counts the work it did. */
function counterCpu(): { cpu: ToyCpu; ram: FlatRam } {
  const ram = new FlatRam(256);
  ram.mem.set([0x08, 0x80, 0x04, 0x00]);
  return { cpu: new ToyCpu(ram, { in: () => 0, out: () => {} }), ram };
}

/** Run 1e6 ticks at divider 3 with, optionally, a timer stealing 4 cycles every 216 ticks (PC refresh). */
function runRefresh(steal: boolean): { s: Scheduler; cpu: ToyCpu; loops: number; stolen: number } {
  const s = new Scheduler();
  const { cpu, ram } = counterCpu();
  s.addCpu(cpu, 3);
  let stolen = 0;
  let loops = 0;
  // Count loops exactly through a wrapping byte: sample it every 100 ticks.
  let last = 0;
  const sample = s.timer('sample', (due) => {
    const v = ram.mem[0x80]!;
    loops += (v - last) & 0xff;
    last = v;
    sample.armAt(due + 100);
  });
  sample.armAt(100);
  if (steal) {
    const refresh = s.timer('refresh', (due) => {
      s.stall(cpu, 4);
      stolen += 4;
      refresh.armAt(due + 216);
    });
    refresh.armAt(216);
  }
  s.runUntil(1_000_000);
  loops += (ram.mem[0x80]! - last) & 0xff;
  return { s, cpu, loops, stolen };
}

describe('Scheduler.stall (cycles stolen outside a bus access)', () => {
  it('a timer stealing 4 cycles every 216 ticks for 1e6 ticks moves master time by exactly the stolen amount', () => {
    const free = runRefresh(false);
    const dma = runRefresh(true);
    expect(dma.stolen).toBe(Math.floor(1_000_000 / 216) * 4);
    // Master time and the CPU's cycle counter stay in step: every cycle, worked or stolen, is 3 ticks.
    expect(dma.s.cpuTime(dma.cpu)).toBe(dma.cpu.cycles * 3);
    expect(free.s.cpuTime(free.cpu)).toBe(free.cpu.cycles * 3);
    // The work done shrank by exactly the stolen cycles (8 cycles a loop; both runs stop within
    // one instruction of 1e6 ticks).
    const workFree = free.loops * 8;
    const workDma = dma.loops * 8;
    expect(Math.abs(workFree - workDma - dma.stolen)).toBeLessThanOrEqual(8);
    // Without the fix the stolen cycles vanish and the work is the same in both runs.
    expect(workFree - workDma).toBeGreaterThan(dma.stolen / 2);
  });

  it('inside a bus access of the running CPU it acts as wait states', () => {
    const s = new Scheduler();
    const ram = new FlatRam(256);
    ram.mem.set([0x05, 0x01, 0x04, 0x00]); // OUT 1,A ; JMP 0
    const seen: number[] = [];
    const cpu: ToyCpu = new ToyCpu(ram, { in: () => 0, out: () => { seen.push(s.now); s.stall(cpu, 10); } });
    s.addCpu(cpu, 2);
    s.runUntil(200);
    // Loop = 4 + 3 cycles + 10 stolen = 17 cycles; the OUT's access is on its 4th cycle.
    expect(seen.slice(0, 3)).toEqual([3 * 2, (17 + 3) * 2, (34 + 3) * 2]);
    expect(s.cpuTime(cpu)).toBe(cpu.cycles * 2);
  });
});

describe('Scheduler.setDivider (a turbo switch)', () => {
  function build(): { s: Scheduler; cpu: ToyCpu; ram: FlatRam } {
    const s = new Scheduler();
    const { cpu, ram } = counterCpu();
    s.addCpu(cpu, 3);
    // The "turbo key" is pressed at tick 50,000: 4.77 -> 9.54 MHz-like, /3 -> /1... here /3 -> /2.
    const turbo = s.timer('turbo', () => s.setDivider(cpu, 2));
    turbo.armAt(50_000);
    return { s, cpu, ram };
  }

  it('runs faster from the switch on, and the tick count stays exact', () => {
    const { s, cpu } = build();
    s.runUntil(200_000);
    const t = s.cpuTime(cpu);
    expect(t).toBeGreaterThanOrEqual(200_000);
    expect(s.dividerOf(cpu)).toBe(2);
    // About 50,000/3 cycles before, 150,000/2 after.
    expect(cpu.cycles).toBeGreaterThan(50_000 / 3 + 150_000 / 2 - 10);
    expect(cpu.cycles).toBeLessThan(50_000 / 3 + 150_000 / 2 + 10);
  });

  it('a divider change mid-run, then save -> load -> run, equals the uninterrupted run', () => {
    const a = build();
    a.s.runUntil(300_000);
    const b = build();
    b.s.runUntil(120_000);
    const saved = { sched: b.s.getState(), cpu: b.cpu.getState(), mem: b.ram.mem.slice() };
    expect(saved.sched.dividers).toEqual([2]);
    const c = build();
    c.s.setState(saved.sched);
    c.cpu.setState(saved.cpu);
    c.ram.mem.set(saved.mem);
    expect(c.s.dividerOf(c.cpu)).toBe(2);
    c.s.runUntil(300_000);
    expect(c.cpu.getState()).toEqual(a.cpu.getState());
    expect([...c.ram.mem]).toEqual([...a.ram.mem]);
    expect(c.s.cpuTime(c.cpu)).toBe(a.s.cpuTime(a.cpu));
  });

  it('changing the divider while the CPU is inside a bus access rebases at that tick', () => {
    const s = new Scheduler();
    const ram = new FlatRam(256);
    ram.mem.set([0x05, 0x01, 0x04, 0x00]); // OUT 1,A ; JMP 0 (7 cycles)
    const seen: number[] = [];
    let n = 0;
    const cpu: ToyCpu = new ToyCpu(ram, { in: () => 0, out: () => { seen.push(s.now); if (++n === 2) s.setDivider(cpu, 1); } });
    s.addCpu(cpu, 4);
    s.runUntil(300);
    // OUTs at cycles 3 and 10 at /4 (ticks 12, 40); from tick 40 on one tick a cycle: 47, 54, ...
    expect(seen.slice(0, 4)).toEqual([12, 40, 47, 54]);
  });

  it('refuses a state whose dividers are not positive integers', () => {
    const { s } = build();
    const st = s.getState();
    expect(() => s.setState({ ...st, dividers: [0] })).toThrow(CorruptStateError);
    expect(() => s.setState({ ...st, dividers: [2.5] })).toThrow(CorruptStateError);
    expect(() => s.setState({ ...st, dividers: [3, 3] })).toThrow(CorruptStateError);
  });
});

describe('DividedClock (a part on master / n)', () => {
  it('hands out whole cycles and carries the remainder, whatever the catch-up pattern', () => {
    const c = new DividedClock(12);
    let total = 0;
    const points = [5, 11, 12, 13, 40, 41, 100, 1000, 1001, 1199, 1200];
    for (const p of points) total += c.catchUp(p);
    expect(total).toBe(Math.floor(1200 / 12));
    expect(c.syncedTo).toBe(1200);
    expect(c.catchUp(1000)).toBe(0); // behind: nothing, no change
    expect(c.syncedTo).toBe(1200);
  });

  it('says when n more cycles will have passed, for arming a timer', () => {
    const c = new DividedClock(40, 80);
    expect(c.ticksUntil(3, 100)).toBe(80 + 120 - 100);
    expect(c.tickAfter(3)).toBe(200);
    expect(c.pending(199)).toBe(2);
    expect(c.ticksUntil(1, 500)).toBe(0);
  });

  it('saves its phase and refuses a bad one', () => {
    const c = new DividedClock(5);
    c.catchUp(23);
    const d = new DividedClock(5);
    d.setState(c.getState());
    expect(d.catchUp(30)).toBe(c.catchUp(30));
    expect(() => d.setState({ syncedTo: -1 })).toThrow(CorruptStateError);
    expect(() => d.setState({ syncedTo: 1.5 })).toThrow(CorruptStateError);
  });
});
