import { describe, expect, it } from 'vitest';
import { CorruptStateError } from '../../../../cores/kernel/errors.ts';
import { Pit8253 } from '../../../../cores/chips/i8253/i8253.ts';
import { Scheduler } from '../../../../cores/kernel/scheduler.ts';

/** Seeded xorshift: the same cases every run. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >> 17; x ^= x << 5; x >>>= 0; return x / 4294967296; };
}

/** A copy of a plain state with one field (possibly nested) replaced by an odd value. */
function mutate(state: unknown, rand: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(state, (_k, v) => (v instanceof Uint8Array ? { __u8: Array.from(v) } : v)),
    (_k, v) => (v && typeof v === 'object' && Array.isArray(v.__u8) ? Uint8Array.from(v.__u8) : v));
  const odd = [-1, 0.5, 1e9, -1e9, NaN, 'x', null, [], {}, 255, 256, 65536, true];
  let target: Record<string, unknown> = copy;
  for (let depth = 0; depth < 3; depth++) {
    const keys = Object.keys(target);
    if (keys.length === 0) break;
    const k = keys[Math.floor(rand() * keys.length)]!;
    const v = target[k];
    if (v && typeof v === 'object' && !(v instanceof Uint8Array) && rand() < 0.6) { target = v as Record<string, unknown>; continue; }
    target[k] = odd[Math.floor(rand() * odd.length)];
    break;
  }
  return copy;
}

describe('8253/8254 PIT: damaged states', () => {
  it('are either refused with CorruptStateError or load and keep working', () => {
    const rand = rng(18);
    const sched = new Scheduler();
    const chip = new Pit8253(sched, { divider: 12 });
    chip.write(3, 0x36); chip.write(0, 0x10); chip.write(0, 0x27);
    chip.write(3, 0xb4); chip.write(2, 5); chip.write(2, 0);
    sched.runUntil(5000);
    const good = chip.getState();
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      const bad = mutate(good, rand);
      try {
        chip.setState(bad as typeof good);
      } catch (e) {
        expect(e).toBeInstanceOf(CorruptStateError);
        refused++;
        continue;
      }
      sched.runUntil(sched.now + 100_000);
      for (let p = 0; p < 4; p++) { chip.read(p); chip.write(p, Math.floor(rand() * 256)); }
      chip.setGate(2, rand() < 0.5); chip.sync();
      chip.setState(good);
    }
    expect(refused).toBeGreaterThan(100);
  });
});
