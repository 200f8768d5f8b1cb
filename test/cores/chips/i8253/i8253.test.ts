import { describe, expect, it } from 'vitest';
import { Pit8253, type PitState } from '../../../../cores/chips/i8253/i8253.ts';
import { Scheduler } from '../../../../cores/kernel/scheduler.ts';
import { CorruptStateError } from '../../../../cores/kernel/errors.ts';

const DIV = 12;

/** A PIT on a CPU-less scheduler; `edges` logs every OUT change as [channel, level, PIT clock]. */
function rig(variant: '8253' | '8254' = '8254') {
  const sched = new Scheduler();
  const pit = new Pit8253(sched, { divider: DIV, variant });
  const edges: [number, number, number][] = [];
  pit.onOut = (ch, level, at) => edges.push([ch, level, at / DIV]);
  /**
   * Advance to PIT clock `c` (plus `extra` master ticks inside that clock), then sync so counters
   * without a predicting timer report their edges too (as a machine does before mixing audio).
   */
  const to = (c: number, extra = 0) => { sched.runUntil(c * DIV + extra); pit.sync(); };
  /** Write a control word and forget the OUT edge it may cause (power-on OUT is undefined). */
  const ctl = (v: number) => { pit.write(3, v); edges.length = 0; };
  return { sched, pit, edges, to, ctl };
}

/** Control word for counter sc, access rw, mode m, bcd. */
const cw = (sc: number, rw: number, m: number, bcd = 0) => (sc << 6) | (rw << 4) | (m << 1) | bcd;

describe('8254 mode 0: interrupt on terminal count', () => {
  it('OUT low on the control word, high N+1 clocks after the count write, on time from the timer', () => {
    const { pit, edges, to, sched } = rig();
    pit.write(3, cw(0, 3, 0));
    pit.write(3, cw(0, 3, 0)); // OUT was already low: no edge
    pit.write(0, 10); pit.write(0, 0);
    expect(pit.out(0)).toBe(0);
    // The timer alone (no access) must deliver the rising edge at clock 11.
    const seen: number[] = [];
    pit.onOut = (ch, level, at) => { edges.push([ch, level, at / DIV]); seen.push(sched.now); };
    to(50);
    expect(edges).toEqual([[0, 1, 11]]);
    expect(seen).toEqual([11 * DIV]);
  });

  it('counts down after the load clock and wraps after terminal count without another edge', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(0, 3, 0));
    pit.write(0, 10); pit.write(0, 0);
    to(5);  // clock 1 loads 10, clocks 2..5 decrement: 6
    expect(pit.read(0)).toBe(6); expect(pit.read(0)).toBe(0);
    to(13); // clock 11 reaches 0, clocks 12, 13 wrap: FFFE
    expect(pit.read(0)).toBe(0xfe); expect(pit.read(0)).toBe(0xff);
    to(70000);
    expect(edges).toEqual([[0, 1, 11]]);
  });

  it('GATE low holds the count; writing the first byte of a new count stops counting', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(2, 3, 0));
    pit.write(2, 5); pit.write(2, 0);
    to(2); // loaded at 1, 4 at clock 2
    pit.setGate(2, false);
    to(40);
    expect(pit.read(2)).toBe(4); pit.read(2);
    pit.setGate(2, true);
    to(42);
    expect(pit.read(2)).toBe(2); pit.read(2);
    pit.write(2, 7); // first byte: stop
    to(60);
    expect(pit.read(2)).toBe(2); pit.read(2);
    pit.write(2, 0); // count 7 loaded on the next clock (61), OUT rises 7 later
    to(100);
    expect(edges).toEqual([[2, 1, 68]]);
  });

  it('a count written after terminal count drives OUT low again', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(0, 1, 0)); // LSB only
    pit.write(0, 3);
    to(10);
    pit.write(0, 2);
    to(20);
    expect(edges).toEqual([[0, 1, 4], [0, 0, 10], [0, 1, 13]]);
  });
});

describe('8254 mode 1: hardware retriggerable one-shot', () => {
  it('GATE rising edge: OUT low on the next clock for N clocks; retrigger restarts', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(1, 3, 1));
    pit.write(1, 4); pit.write(1, 0);
    pit.setGate(1, false);
    to(10);
    expect(edges).toEqual([]);
    pit.setGate(1, true); // trigger at clock 10: load (OUT low) at 11, 0 at 15
    to(30);
    expect(edges).toEqual([[1, 0, 11], [1, 1, 15]]);
    pit.setGate(1, false); pit.setGate(1, true); // trigger at 30 -> low 31
    to(33);
    pit.setGate(1, false); pit.setGate(1, true); // retrigger at 33: reload at 34, high at 38
    to(50);
    expect(edges.slice(2)).toEqual([[1, 0, 31], [1, 1, 38]]);
  });
});

describe('8254 count changes and gate restarts', () => {
  it('mode 1: a count written during the one-shot waits for the next trigger', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(1, 3, 1));
    pit.write(1, 10); pit.write(1, 0);
    pit.setGate(1, false); pit.setGate(1, true); // trigger at 0: low 1..11
    to(5);
    pit.write(1, 3); pit.write(1, 0);
    to(20);
    pit.setGate(1, false); pit.setGate(1, true);
    to(30);
    expect(edges).toEqual([[1, 0, 1], [1, 1, 11], [1, 0, 21], [1, 1, 24]]);
  });

  it('mode 3: GATE low then high restarts the square wave with a full high half', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(2, 3, 3));
    pit.write(2, 6); pit.write(2, 0); // edges at 4, 7, 10 ...
    to(5);
    pit.setGate(2, false); // low since 4: high now (5)
    to(9);
    pit.setGate(2, true); // reload at 10, low at 13
    to(16);
    expect(edges).toEqual([[2, 0, 4], [2, 1, 5], [2, 0, 13], [2, 1, 16]]);
  });

  it('mode 0: a count written while GATE is low is loaded and held', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(0, 3, 0));
    pit.setGate(0, false);
    pit.write(0, 4); pit.write(0, 0);
    to(10);
    expect(pit.read(0)).toBe(4); pit.read(0);
    pit.setGate(0, true);
    to(20);
    expect(edges).toEqual([[0, 1, 14]]);
  });
});

describe('8254 mode 2: rate generator', () => {
  it('OUT low for one clock every N clocks; a new count takes effect at the next reload', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(0, 3, 2));
    pit.write(0, 4); pit.write(0, 0);
    to(13);
    expect(edges).toEqual([[0, 0, 4], [0, 1, 5], [0, 0, 8], [0, 1, 9], [0, 0, 12], [0, 1, 13]]);
    edges.length = 0;
    pit.write(0, 2); pit.write(0, 0); // running period continues to 16/17, then period 2
    to(21);
    expect(edges).toEqual([[0, 0, 16], [0, 1, 17], [0, 0, 18], [0, 1, 19], [0, 0, 20], [0, 1, 21]]);
  });

  it('GATE low forces OUT high at once and holds; GATE high reloads on the next clock', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(0, 3, 2));
    pit.write(0, 5); pit.write(0, 0);
    to(5, 3); // low at clock 5
    pit.setGate(0, false);
    expect(edges).toEqual([[0, 0, 5], [0, 1, 5 + 3 / DIV]]); // at the access itself, between PIT clocks
    to(30);
    pit.setGate(0, true); // reload at 31, low at 35
    to(36);
    expect(edges.slice(2)).toEqual([[0, 0, 35], [0, 1, 36]]);
  });
});

describe('8254 mode 3: square wave', () => {
  it('even count: N/2 high, N/2 low', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(2, 3, 3));
    pit.write(2, 4); pit.write(2, 0);
    to(11);
    expect(edges).toEqual([[2, 0, 3], [2, 1, 5], [2, 0, 7], [2, 1, 9], [2, 0, 11]]);
  });

  it('odd count: (N+1)/2 high, (N-1)/2 low; the counter reads N-1 and steps by 2', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(2, 3, 3));
    pit.write(2, 5); pit.write(2, 0);
    to(1);
    expect(pit.read(2)).toBe(4); pit.read(2);
    to(2);
    expect(pit.read(2)).toBe(2); pit.read(2);
    to(16);
    expect(edges).toEqual([[2, 0, 4], [2, 1, 6], [2, 0, 9], [2, 1, 11], [2, 0, 14], [2, 1, 16]]);
  });

  it('a new count starts at the end of the current half cycle; count 0 is 65536', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(2, 3, 3));
    pit.write(2, 8); pit.write(2, 0); // edges at 5, 9, ...
    to(6);
    pit.write(2, 2); pit.write(2, 0); // current low half ends at 9; then period 2
    to(13);
    expect(edges).toEqual([[2, 0, 5], [2, 1, 9], [2, 0, 10], [2, 1, 11], [2, 0, 12], [2, 1, 13]]);
    edges.length = 0;
    pit.write(2, 0); pit.write(2, 0); // from the next reload (at 14) halves of 32768
    to(14 + 65536 + 1);
    expect(edges).toEqual([[2, 0, 14], [2, 1, 14 + 32768], [2, 0, 14 + 65536]]);
  });

  it('GATE low drives OUT high at once (the PC speaker gate)', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(2, 3, 3));
    pit.write(2, 10); pit.write(2, 0);
    to(8); // low since 6
    pit.setGate(2, false);
    to(100);
    expect(edges).toEqual([[2, 0, 6], [2, 1, 8]]);
    expect(pit.out(2)).toBe(1);
  });
});

describe('8254 modes 4 and 5: strobes', () => {
  it('mode 4: OUT low for one clock N+1 clocks after the write; GATE low holds', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(0, 1, 4));
    pit.write(0, 3);
    to(10);
    expect(edges).toEqual([[0, 0, 4], [0, 1, 5]]);
    pit.write(0, 3);
    pit.setGate(0, false);
    to(20);
    pit.setGate(0, true); // loaded at 11 while held; counts 3 from clock 21
    to(40);
    expect(edges.slice(2)).toEqual([[0, 0, 23], [0, 1, 24]]);
  });

  it('mode 5: strobe N+1 clocks after a GATE rising edge, retriggerable', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(1, 1, 5));
    pit.write(1, 2);
    to(10);
    expect(edges).toEqual([]);
    pit.setGate(1, false); pit.setGate(1, true);
    to(20);
    expect(edges).toEqual([[1, 0, 13], [1, 1, 14]]);
  });
});

describe('8254 reading', () => {
  it('counter latch freezes the value until read; a second latch before reading is ignored', () => {
    const { pit, to, ctl } = rig();
    ctl(cw(0, 3, 2));
    pit.write(0, 0x34); pit.write(0, 0x12);
    to(11); // 0x1234 loaded at 1, 10 decrements
    ctl(cw(0, 0, 0));
    to(30);
    ctl(cw(0, 0, 0));
    expect(pit.read(0)).toBe(0x2a);
    expect(pit.read(0)).toBe(0x12);
    expect(pit.read(0)).toBe(0x17); // live again: 0x1234 - 29
  });

  it('LSB-only and MSB-only access', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(1, 2, 0));
    pit.write(1, 0x01); // count 0x0100
    to(1 + 0x100);
    expect(edges).toEqual([[1, 1, 0x101]]);
    ctl(cw(1, 1, 2));
    pit.write(1, 0x40);
    to(0x101 + 2);
    expect(pit.read(1)).toBe(0x3f);
    expect(pit.read(1)).toBe(0x3f);
  });

  it('BCD: the count is decimal and reads back in BCD', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(0, 3, 0, 1));
    pit.write(0, 0x12); pit.write(0, 0x00); // 12 decimal
    to(4);
    expect(pit.read(0)).toBe(0x09); expect(pit.read(0)).toBe(0x00);
    to(20);
    expect(edges).toEqual([[0, 1, 13]]);
    ctl(cw(0, 3, 2, 1));
    pit.write(0, 0); pit.write(0, 0); // 0 = 10000 in BCD
    to(20 + 10001);
    expect(edges).toEqual([[0, 0, 20 + 10000], [0, 1, 20 + 10001]]);
  });

  it('read-back: status byte with OUT, null count, access and mode; count and status latched together', () => {
    const { pit, to, ctl } = rig();
    ctl(cw(2, 3, 3));
    pit.write(3, 0xc0 | 0x20 | 0x08); // status of counter 2
    expect(pit.read(2)).toBe(0x80 | 0x40 | 0x30 | 0x06);
    pit.write(2, 100); pit.write(2, 0);
    pit.write(3, 0xe8);
    expect(pit.read(2) & 0x40).toBe(0x40); // written, not yet loaded
    to(2);
    pit.write(3, 0xc8); // count and status
    expect(pit.read(2)).toBe(0x80 | 0x30 | 0x06);
    expect(pit.read(2)).toBe(98);
    expect(pit.read(2)).toBe(0);
    // Mode 6 is mode 2 and the status keeps the written bits.
    ctl(cw(1, 1, 6));
    pit.write(3, 0xe4);
    expect(pit.read(1)).toBe(0x80 | 0x40 | 0x10 | 0x0c);
  });

  it('read-back latches the counts of several counters at the same instant', () => {
    const { pit, to, ctl } = rig();
    ctl(cw(0, 3, 2)); pit.write(0, 100); pit.write(0, 0);
    ctl(cw(1, 3, 3)); pit.write(1, 100); pit.write(1, 0);
    ctl(cw(2, 3, 0)); pit.write(2, 100); pit.write(2, 0);
    to(11);
    pit.write(3, 0xc0 | 0x10 | 0x0e); // count only, counters 0-2
    to(50);
    expect([pit.read(0), pit.read(0)]).toEqual([90, 0]);
    expect([pit.read(1), pit.read(1)]).toEqual([80, 0]); // mode 3 steps by 2
    expect([pit.read(2), pit.read(2)]).toEqual([90, 0]);
  });

  it('BCD mode 3: a decimal square wave (count 10 = 5 high, 5 low)', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(2, 3, 3, 1));
    pit.write(2, 0x10); pit.write(2, 0x00);
    to(21);
    expect(edges).toEqual([[2, 0, 6], [2, 1, 11], [2, 0, 16], [2, 1, 21]]);
  });

  it('counts of 1 run as 2 in mode 2 and as 65536 in mode 3; a latch halfway through a read is ignored', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(0, 1, 2)); pit.write(0, 1);
    to(5);
    expect(edges).toEqual([[0, 0, 2], [0, 1, 3], [0, 0, 4], [0, 1, 5]]);
    ctl(cw(0, 1, 0)); // quiet counter 0
    ctl(cw(2, 1, 3)); pit.write(2, 1); // loaded at 6
    to(6 + 32768);
    expect(edges).toEqual([[2, 0, 6 + 32768]]);
    const t = 6 + 32768;
    ctl(cw(1, 3, 0)); pit.write(1, 0x00); pit.write(1, 0x10); // loaded at t + 1
    to(t + 17);
    expect(pit.read(1)).toBe(0xf0);
    pit.write(3, cw(1, 0, 0)); // ignored: the MSB of the live value is still to come
    expect(pit.read(1)).toBe(0x0f);
    to(t + 20);
    expect(pit.read(1)).toBe(0xed); // live again: 0x1000 - 19
  });

  it('the 8253 ignores the read-back command', () => {
    const { pit, to, ctl } = rig('8253');
    ctl(cw(0, 1, 2));
    pit.write(0, 50);
    to(3);
    pit.write(3, 0xe2);
    expect(pit.read(0)).toBe(48);
  });

  it('catch-up carries the remainder: reads between PIT clocks see whole clocks only', () => {
    const { pit, to, ctl } = rig();
    ctl(cw(0, 1, 0));
    pit.write(0, 200);
    to(5, 11);
    expect(pit.read(0)).toBe(196);
    to(6, 0);
    expect(pit.read(0)).toBe(195);
    to(6, 5);
    expect(pit.read(0)).toBe(195);
  });
});

describe('8254 timing at scale and save states', () => {
  it('one second of the XT refresh counter (mode 2, 18) in one catch-up reports every edge', () => {
    const { pit, edges, to, ctl } = rig();
    ctl(cw(1, 1, 2));
    pit.write(1, 18);
    to(1_193_182);
    pit.sync();
    const lows = edges.filter((e) => e[1] === 0).length;
    expect(lows).toBe(Math.floor(1_193_182 / 18));
    expect(edges[0]).toEqual([1, 0, 18]);
  });

  it('a counter left out of setReported skips whole periods yet reads the same as one walked edge by edge', () => {
    for (const [mode, count] of [[2, 18], [3, 7], [3, 1000]] as const) {
      const a = rig(); const b = rig();
      for (const r of [a, b]) { r.ctl(cw(1, 3, mode)); r.pit.write(1, count); r.pit.write(1, 0); r.to(5); }
      b.pit.setReported(0b101);
      b.edges.length = 0;
      for (const r of [a, b]) { r.sched.runUntil(DIV * 600_017 + 5); r.pit.write(3, cw(1, 0, 0)); }
      expect([b.pit.read(1), b.pit.read(1), b.pit.out(1)]).toEqual([a.pit.read(1), a.pit.read(1), a.pit.out(1)]);
      expect(b.edges).toEqual([]);
      expect(a.edges.length).toBeGreaterThan(1000);
      // Falling edges are counted either way: the refresh count the XT charges.
      const fallsA = a.edges.filter((e) => e[1] === 0).length;
      expect(a.pit.takeFallingEdges(1)).toBe(fallsA);
      expect(b.pit.takeFallingEdges(1)).toBe(fallsA);
      expect(b.pit.takeFallingEdges(1)).toBe(0);
    }
  });

  it('OUT 0 keeps the timer armed: the XT 18.2 Hz tick (mode 3, count 0) fires on time', () => {
    const { pit, sched, ctl } = rig();
    const rises: number[] = [];
    ctl(cw(0, 3, 3));
    pit.onOut = (ch, level) => { if (ch === 0 && level === 1) rises.push(sched.now); };
    pit.write(0, 0); pit.write(0, 0);
    sched.runUntil(DIV * (1 + 65536 * 3));
    expect(rises).toEqual([1, 2, 3].map((k) => DIV * (1 + 65536 * k)));
  });

  it('save mid-count, run, load, run again: identical edges (run A = run B)', () => {
    const a = rig();
    a.ctl(cw(0, 3, 3)); a.pit.write(0, 7); a.pit.write(0, 0);
    a.ctl(cw(2, 3, 2)); a.pit.write(2, 5); a.pit.write(2, 0);
    a.to(20, 7);
    const saved = JSON.parse(JSON.stringify(a.pit.getState())) as PitState;
    const schedSaved = a.sched.getState();
    a.edges.length = 0;
    a.to(100); a.pit.sync();
    const runA = a.edges.slice();
    const b = rig();
    b.sched.setState(schedSaved);
    b.pit.setState(saved);
    b.to(100); b.pit.sync();
    expect(b.edges).toEqual(runA);
    expect(b.pit.getState()).toEqual(a.pit.getState());
  });

  it('setState refuses damaged states and keeps the old one', () => {
    const { pit, ctl } = rig();
    ctl(cw(0, 1, 2)); pit.write(0, 9);
    const good = pit.getState();
    const bad1 = { ...good, ch: good.ch.slice(0, 2) };
    const bad2 = { ...good, ch: [{ ...good.ch[0]!, mode: 9 }, good.ch[1]!, good.ch[2]!] };
    const bad3 = { ...good, ch: [{ ...good.ch[0]!, ce: 1.5 }, good.ch[1]!, good.ch[2]!] };
    for (const bad of [bad1, bad2, bad3, null, { syncedTo: -1, ch: good.ch }])
      expect(() => pit.setState(bad as unknown as PitState)).toThrow(CorruptStateError);
    expect(pit.getState()).toEqual(good);
  });
});
