/**
 * The one loop that spans parts: runs the CPU(s) up to the next due timer, fires timers in order.
 *
 * Timers are fixed slots created when the machine is built, identified by stable string keys so a
 * save state can say "`ula.frame` fires in 1234 ticks" and re-arm it on load (jsbeeb `via.js`
 * `_restoreTask`; vAmiga's fixed event slots). Due times live in a Float64Array; with the handful of
 * timers a machine has, a linear scan beats a heap and keeps ties trivially in creation order.
 *
 * Several CPUs (or none) may be attached, each on its own integer divider. The CPU furthest behind
 * always runs next, and it runs no further than the next CPU's time (plus `quantumTicks`), so
 * accesses from different CPUs interleave in time order to within one instruction (ares's
 * scheduler resumes the thread lowest in time the same way, `ares/scheduler/scheduler.cpp`).
 *
 * While a CPU runs, `now` is derived from its cycle counter, so a device that catches up inside a
 * bus access sees the exact tick of that access.
 */
import type { Cpu } from './cpu.ts';
import { CorruptStateError } from './errors.ts';
import type { Clock, Ticks } from './time.ts';

export type TimerCallback = (dueAt: Ticks) => void;

/** A timer slot. Arming again replaces the previous due time. */
export interface Timer {
  readonly key: string;
  /** Fire at `now + delay` (delay >= 0, an integer number of ticks). */
  armIn(delay: Ticks): void;
  /** Fire at the absolute tick `at` (if in the past, it fires at the next opportunity). */
  armAt(at: Ticks): void;
  cancel(): void;
  readonly armed: boolean;
  /** Absolute due tick, or Infinity when not armed. */
  readonly dueAt: Ticks;
}

export interface SchedulerState {
  now: Ticks;
  /** key -> ticks from `now` until it fires, or null when not armed. */
  timers: Record<string, Ticks | null>;
  /** Per attached CPU, in attach order: its time relative to `now` (0 for a single CPU). */
  cpuOffsets: Ticks[];
  /**
   * Per attached CPU, in attach order: its divider (master ticks per CPU cycle), which a machine may
   * change while running (`setDivider`, a PC's turbo switch). Absent in states saved before
   * dividers could change: the built machine's dividers stand.
   */
  dividers?: number[];
}

class Executor {
  /** Master tick at which `cpu.cycles` was `baseCycles`. */
  baseTick: Ticks = 0;
  baseCycles = 0;
  /** Time reached, valid while not running. */
  time: Ticks = 0;
  constructor(readonly cpu: Cpu, public divider: number) {}
}

class TimerSlot implements Timer {
  constructor(private readonly s: Scheduler, readonly index: number, readonly key: string) {}
  armIn(delay: Ticks): void { this.s.arm(this.index, this.s.now + delay); }
  armAt(at: Ticks): void { this.s.arm(this.index, at); }
  cancel(): void { this.s.arm(this.index, Infinity); }
  get armed(): boolean { return this.s.dueOf(this.index) !== Infinity; }
  get dueAt(): Ticks { return this.s.dueOf(this.index); }
}

export class Scheduler implements Clock {
  private due = new Float64Array(16).fill(Infinity);
  private callbacks: TimerCallback[] = [];
  private timers: TimerSlot[] = [];
  private executors: Executor[] = [];
  /** Time when no CPU is running (between slices; with CPUs, the time of the one furthest behind). */
  private idleNow: Ticks = 0;
  private running: Executor | null = null;
  /** Tick at which the running CPU has been told to stop. */
  private runLimit: Ticks = 0;
  private stopRequested = false;
  private cachedNextDue: Ticks = Infinity;
  private nextDueValid = true;
  /** With several CPUs: how far one may run ahead of the next before yielding to it. */
  quantumTicks: Ticks = 0;

  get now(): Ticks {
    const e = this.running;
    if (e === null) return this.idleNow;
    return e.baseTick + (e.cpu.cycles - e.baseCycles) * e.divider;
  }

  /** Create a timer slot. Call only while building the machine; keys must be unique. */
  timer(key: string, onFire: TimerCallback): Timer {
    if (this.timers.some((t) => t.key === key)) throw new Error(`duplicate timer key ${key}`);
    const index = this.timers.length;
    if (index >= this.due.length) {
      const bigger = new Float64Array(this.due.length * 2).fill(Infinity);
      bigger.set(this.due);
      this.due = bigger;
    }
    const t = new TimerSlot(this, index, key);
    this.timers.push(t);
    this.callbacks.push(onFire);
    return t;
  }

  /** Attach a CPU clocked at master / divider. Its time starts at the current `now`. */
  addCpu(cpu: Cpu, divider: number): void {
    checkDivider(divider);
    const e = new Executor(cpu, divider);
    e.time = this.idleNow;
    this.executors.push(e);
  }

  /** Master time of a CPU attached with addCpu (its live time while it runs). */
  cpuTime(cpu: Cpu): Ticks {
    const e = this.executorOf(cpu);
    return e === this.running ? this.now : e.time;
  }

  /** Master ticks per cycle of an attached CPU, as now. */
  dividerOf(cpu: Cpu): number {
    return this.executorOf(cpu).divider;
  }

  /**
   * Change an attached CPU's clock from now on (a PC's turbo switch: 4.77 <-> 9.54 MHz is /3 <-> /1.5
   * of the master, so such a machine picks a master clock both divide). Cycles already run keep
   * their old length: a running CPU is rebased at the current tick, and the slice it is in ends at
   * the same master tick as before. Saved in states.
   */
  setDivider(cpu: Cpu, divider: number): void {
    checkDivider(divider);
    const e = this.executorOf(cpu);
    if (e === this.running) {
      const now = this.now;
      e.baseTick = now;
      e.baseCycles = cpu.cycles;
      e.divider = divider;
      // Re-derive the end cycle from the same master-tick limit under the new divider.
      cpu.endCycle = Infinity;
      this.limitRunning(e, this.runLimit);
    } else {
      e.divider = divider;
    }
  }

  /**
   * Take `cycles` of an attached CPU's own cycles away from it (DMA refresh, a blitter hogging the
   * bus, a DMA that halts the CPU): its time moves on by cycles * divider master ticks, and its
   * cycle counter by `cycles`, as if it had waited. Inside one of that CPU's own bus accesses this
   * is the same as adding wait states; from a timer callback or another CPU it moves that CPU's
   * time directly, so the stolen time reaches master time (and a CPU that is ahead stays ahead).
   */
  stall(cpu: Cpu, cycles: number): void {
    if (!Number.isInteger(cycles) || cycles < 0) throw new RangeError('stall cycles must be a non-negative integer');
    const e = this.executorOf(cpu);
    cpu.cycles += cycles;
    // While running, `now` follows cpu.cycles by itself; otherwise the executor's time must move
    // with it, or the next slice would rebase from the old time and the stolen cycles would vanish.
    if (e !== this.running) e.time += cycles * e.divider;
  }

  private executorOf(cpu: Cpu): Executor {
    const e = this.executors.find((x) => x.cpu === cpu);
    if (!e) throw new Error('CPU not attached');
    return e;
  }

  dueOf(index: number): Ticks {
    return this.due[index]!;
  }

  arm(index: number, at: Ticks): void {
    this.due[index] = at;
    this.nextDueValid = false;
    // A timer armed inside a running slice, sooner than where the CPU was told to stop, shortens
    // the slice so the event fires on time (to within one instruction).
    const e = this.running;
    if (e !== null && at < this.runLimit) this.limitRunning(e, at);
  }

  /** Earliest armed due tick, or Infinity. */
  nextDue(): Ticks {
    if (!this.nextDueValid) {
      let min = Infinity;
      const due = this.due;
      for (let i = 0, n = this.timers.length; i < n; i++) if (due[i]! < min) min = due[i]!;
      this.cachedNextDue = min;
      this.nextDueValid = true;
    }
    return this.cachedNextDue;
  }

  /**
   * Ask runUntil to return as soon as possible: the running CPU finishes its instruction, then the
   * loop returns without running further. Used to end a slice at a frame boundary.
   */
  stop(): void {
    this.stopRequested = true;
    const e = this.running;
    if (e !== null) this.limitRunning(e, this.now);
  }

  /**
   * Run until every CPU has reached `target` (CPUs may overshoot by part of an instruction) and
   * every timer due by then has fired, or until stop() is called. Returns the time reached.
   */
  runUntil(target: Ticks): Ticks {
    this.stopRequested = false;
    const execs = this.executors;
    if (execs.length === 0) {
      // No CPU: time jumps from event to event.
      while (!this.stopRequested) {
        const next = this.nextDue();
        if (next > target) { if (target > this.idleNow) this.idleNow = target; break; }
        if (next > this.idleNow) this.idleNow = next;
        this.fireDue(this.idleNow);
      }
      return this.idleNow;
    }
    while (!this.stopRequested) {
      const e = this.laggard();
      if (e.time >= target) {
        this.idleNow = e.time;
        this.fireDue(this.idleNow);
        break;
      }
      let limit = Math.min(target, this.nextDue());
      if (execs.length > 1) limit = Math.min(limit, this.secondTime(e) + this.quantumTicks + 1);
      if (limit > e.time) this.runExecutor(e, limit);
      this.idleNow = this.laggard().time;
      this.fireDue(this.idleNow);
    }
    return this.idleNow;
  }

  private runExecutor(e: Executor, limit: Ticks): void {
    const cpu = e.cpu;
    e.baseTick = e.time;
    e.baseCycles = cpu.cycles;
    this.running = e;
    this.runLimit = limit;
    try {
      cpu.run(e.baseCycles + Math.ceil((limit - e.baseTick) / e.divider));
    } finally {
      e.time = e.baseTick + (cpu.cycles - e.baseCycles) * e.divider;
      this.running = null;
    }
  }

  private limitRunning(e: Executor, at: Ticks): void {
    this.runLimit = at;
    const endCycle = e.baseCycles + Math.max(0, Math.ceil((at - e.baseTick) / e.divider));
    if (endCycle < e.cpu.endCycle) e.cpu.endCycle = endCycle;
  }

  /** Fire every timer due at or before `upTo`, earliest first, ties in creation order. */
  private fireDue(upTo: Ticks): void {
    const due = this.due;
    for (;;) {
      let best = -1;
      let bestAt = Infinity;
      for (let i = 0, n = this.timers.length; i < n; i++) {
        const d = due[i]!;
        if (d < bestAt) { bestAt = d; best = i; }
      }
      if (best < 0 || bestAt > upTo) return;
      due[best] = Infinity;
      this.nextDueValid = false;
      this.callbacks[best]!(bestAt);
      if (this.stopRequested) return;
    }
  }

  private laggard(): Executor {
    const execs = this.executors;
    let e = execs[0]!;
    for (let i = 1; i < execs.length; i++) if (execs[i]!.time < e.time) e = execs[i]!;
    return e;
  }

  private secondTime(skip: Executor): Ticks {
    let t = Infinity;
    for (const x of this.executors) if (x !== skip && x.time < t) t = x.time;
    return t;
  }

  getState(): SchedulerState {
    const now = this.idleNow;
    const timers: Record<string, Ticks | null> = {};
    for (const t of this.timers) {
      const d = this.due[t.index]!;
      timers[t.key] = d === Infinity ? null : d - now;
    }
    return {
      now, timers,
      cpuOffsets: this.executors.map((e) => e.time - now),
      dividers: this.executors.map((e) => e.divider),
    };
  }

  /** Validates first and changes nothing when the state does not fit this machine. */
  setState(s: SchedulerState): void {
    if (typeof s !== 'object' || s === null || !Number.isSafeInteger(s.now) || s.now < 0)
      throw new CorruptStateError('scheduler state: bad time');
    if (typeof s.timers !== 'object' || s.timers === null) throw new CorruptStateError('scheduler state: no timers');
    for (const [key, v] of Object.entries(s.timers)) {
      if (!this.timers.some((t) => t.key === key)) throw new CorruptStateError(`scheduler state: unknown timer ${key}`);
      if (v !== null && !Number.isFinite(v)) throw new CorruptStateError(`scheduler state: bad due time for ${key}`);
    }
    if (!Array.isArray(s.cpuOffsets) || s.cpuOffsets.length !== this.executors.length ||
        !s.cpuOffsets.every((x) => Number.isFinite(x)))
      throw new CorruptStateError('scheduler state: CPU count differs');
    if (s.dividers !== undefined && (!Array.isArray(s.dividers) || s.dividers.length !== this.executors.length ||
        !s.dividers.every((d) => Number.isInteger(d) && d >= 1 && d <= 1e6)))
      throw new CorruptStateError('scheduler state: bad CPU dividers');
    this.idleNow = s.now;
    for (const t of this.timers) {
      const v = s.timers[t.key];
      this.due[t.index] = v === null || v === undefined ? Infinity : s.now + v;
    }
    this.executors.forEach((e, i) => {
      e.time = s.now + s.cpuOffsets[i]!;
      if (s.dividers !== undefined) e.divider = s.dividers[i]!;
    });
    this.nextDueValid = false;
  }
}

function checkDivider(divider: number): void {
  if (!Number.isInteger(divider) || divider < 1) throw new RangeError('divider must be a positive integer');
}
