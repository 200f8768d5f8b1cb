/**
 * Random programs (seeded, so reproducible) with random interrupt and reset activity: the core must
 * never throw, every register must stay in range, every bus access must be a valid address and
 * byte, and each step must take a plausible number of cycles (1..8, the longest NMOS sequence;
 * 1 while jammed or held in reset). Save/load in the middle must not change what follows.
 */
import { describe, expect, it } from 'vitest';
import { CpuLine } from '../../../../cores/kernel/cpu.ts';
import type { M6502Bus } from '../../../../cores/cpu/m6502/bus.ts';
import { M6502 } from '../../../../cores/cpu/m6502/m6502.ts';

/** xorshift32: deterministic test noise. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

class CheckingRam implements M6502Bus {
  readonly mem = new Uint8Array(0x10000);
  bad = 0;
  accesses = 0;
  read(addr: number): number {
    this.accesses++;
    if (!Number.isInteger(addr) || addr < 0 || addr > 0xffff) this.bad++;
    return this.mem[addr & 0xffff]!;
  }
  write(addr: number, value: number): void {
    this.accesses++;
    if (!Number.isInteger(addr) || addr < 0 || addr > 0xffff || !Number.isInteger(value) || value < 0 || value > 0xff) this.bad++;
    this.mem[addr & 0xffff] = value;
  }
}

function inRange(cpu: M6502): boolean {
  const s = cpu.getState();
  return [s.a, s.x, s.y, s.s, s.p].every((v) => Number.isInteger(v) && v >= 0 && v <= 0xff) &&
    Number.isInteger(s.pc) && s.pc >= 0 && s.pc <= 0xffff;
}

describe('m6502 fuzz', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: 200k random steps keep every invariant', (seed) => {
    const next = rng(seed * 2654435761);
    const bus = new CheckingRam();
    for (let i = 0; i < 0x10000; i++) bus.mem[i] = next() & 0xff;
    const cpu = new M6502(bus, { decimal: (seed & 1) === 0 });
    let badSteps = 0;
    let outOfRange = 0;
    let jams = 0;
    for (let i = 0; i < 200_000; i++) {
      const r = next();
      if ((r & 0x3ff) === 0) cpu.setLine(CpuLine.Irq, (r & 0x400) !== 0);
      if ((r & 0xfff) === 1) cpu.setLine(CpuLine.Nmi, (r & 0x1000) !== 0);
      // A JAM would end the run: reset out of it (random code hits one every few hundred steps).
      if ((r & 0xffff) === 2 || cpu.jammed) {
        if (cpu.jammed) jams++;
        cpu.setLine(CpuLine.Reset, true);
        cpu.setLine(CpuLine.Reset, false);
      }
      const before = bus.accesses;
      const n = cpu.step();
      // One bus access per cycle, exactly, and 1..8 cycles per step.
      if (n < 1 || n > 8 || bus.accesses - before !== n) badSteps++;
      if ((i & 0xff) === 0 && !inRange(cpu)) outOfRange++;
    }
    expect({ badSteps, outOfRange }).toEqual({ badSteps: 0, outOfRange: 0 });
    expect(jams).toBeGreaterThan(10); // the run really went through random code
    expect(bus.bad).toBe(0);
    expect(inRange(cpu)).toBe(true);
  });

  it('save, run, load, run replays exactly (random program, IRQ held)', () => {
    const next = rng(99);
    const bus = new CheckingRam();
    for (let i = 0; i < 0x10000; i++) bus.mem[i] = next() & 0xff;
    const cpu = new M6502(bus);
    cpu.run(50_000);
    cpu.setLine(CpuLine.Irq, true);
    const st = cpu.getState();
    const mem = bus.mem.slice();
    cpu.run(cpu.cycles + 100_000);
    const a = { st: cpu.getState(), mem: bus.mem.slice() };
    bus.mem.set(mem);
    cpu.setState(st);
    cpu.run(cpu.cycles + 100_000);
    expect(cpu.getState()).toEqual(a.st);
    expect(bus.mem).toEqual(a.mem);
  });
});
