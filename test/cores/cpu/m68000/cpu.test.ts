/**
 * 68000 core behaviour outside the single-step suites: interrupts (autovector, vectored, masking,
 * level-7 edge), STOP, RESET output, bus-error hook, wait states, trace, the trap vectors, save
 * state, the sieve workload and the decode table against the official opcode map.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FlatBus68k } from '../../../../cores/cpu/m68000/bus.ts';
import { runSieveOnce } from '../../../../cores/cpu/m68000/bench.ts';
import { M68000 } from '../../../../cores/cpu/m68000/cpu.ts';
import { opcodeNames } from '../../../../cores/cpu/m68000/decode.ts';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';

const CODE = 0x1000;
const STACK = 0x8000;

/** A CPU on a flat bus with `words` at $1000, SSP $8000, every vector pointing at $4000+4n. */
function setup(words: number[], sr = 0x2700, bus = new FlatBus68k()): { cpu: M68000; bus: FlatBus68k } {
  for (let v = 2; v < 256; v++) {
    bus.writeWord(v * 4, 0);
    bus.writeWord(v * 4 + 2, 0x4000 + v * 4);
    bus.writeWord(0x4000 + v * 4, 0x4e71); // NOP at each handler
  }
  words.forEach((w, i) => bus.writeWord(CODE + i * 2, w));
  const cpu = new M68000(bus);
  cpu.setState({
    d: [0, 0, 0, 0, 0, 0, 0, 0], a: [0, 0, 0, 0, 0, 0, 0], usp: 0x6000, ssp: STACK, sr, pc: CODE,
    prefetch: [bus.readWord(CODE), bus.readWord(CODE + 2)], stopped: false, halted: false, ipl: 0,
    nmiPending: false, tracePending: false, cycles: 0,
  });
  return { cpu, bus };
}

const pcOf = (cpu: M68000) => cpu.getState().pc;
const frame = (bus: FlatBus68k, sp: number) => ({ sr: bus.readWord(sp), pc: (bus.readWord(sp + 2) << 16) | bus.readWord(sp + 4) });

describe('68000 interrupts', () => {
  it('takes an autovectored level-3 interrupt above the mask, stacking SR and the next PC (44 cycles)', () => {
    const { cpu, bus } = setup([0x4e71, 0x4e71, 0x4e71], 0x2000);
    cpu.step();
    cpu.setInterruptLevel(3);
    const n = cpu.step();
    expect(n).toBe(44);
    expect(pcOf(cpu)).toBe(0x4000 + 27 * 4);
    expect(cpu.sr & 0x0700).toBe(0x0300);
    expect(frame(bus, cpu.r[15])).toEqual({ sr: 0x2000, pc: CODE + 2 });
  });

  it('uses the vector number the device supplies on acknowledge', () => {
    const { cpu, bus } = setup([0x4e71, 0x4e71], 0x2000);
    bus.ackVector = 0x40;
    cpu.setInterruptLevel(5);
    cpu.step();
    expect(pcOf(cpu)).toBe(0x4000 + 0x40 * 4);
  });

  it('ignores a level at or below the mask, but level 7 is taken once per edge', () => {
    const { cpu } = setup([0x4e71, 0x4e71, 0x4e71, 0x4e71], 0x2700);
    cpu.setInterruptLevel(6);
    cpu.step();
    expect(pcOf(cpu)).toBe(CODE + 2);
    cpu.setInterruptLevel(7);
    cpu.step();
    expect(pcOf(cpu)).toBe(0x4000 + 31 * 4);
    cpu.step(); // the handler's NOP runs: level 7 held does not retrigger
    expect(pcOf(cpu)).toBe(0x4000 + 31 * 4 + 2);
  });

  it('STOP waits for an interrupt and returns past its immediate word', () => {
    const { cpu, bus } = setup([0x4e72, 0x2000, 0x4e71], 0x2700);
    cpu.step();
    expect(cpu.stopped).toBe(true);
    expect(cpu.sr).toBe(0x2000);
    cpu.run(cpu.cycles + 100);
    expect(cpu.stopped).toBe(true);
    cpu.setInterruptLevel(2);
    cpu.step();
    expect(cpu.stopped).toBe(false);
    expect(frame(bus, cpu.r[15]).pc).toBe(CODE + 4);
  });
});

describe('68000 exceptions', () => {
  it.each([
    { name: 'ILLEGAL', words: [0x4afc], vector: 4, pushed: CODE },
    { name: 'line A', words: [0xa123], vector: 10, pushed: CODE },
    { name: 'line F', words: [0xf123], vector: 11, pushed: CODE },
    { name: 'TRAP #5', words: [0x4e45], vector: 37, pushed: CODE + 2 },
    { name: 'DIVU by zero', words: [0x80c1], vector: 5, pushed: CODE + 2 },
  ])('$name goes through vector $vector', ({ words, vector, pushed }) => {
    const { cpu, bus } = setup(words);
    cpu.step();
    expect(pcOf(cpu)).toBe(0x4000 + vector * 4);
    expect(frame(bus, cpu.r[15]).pc).toBe(pushed);
  });

  it('a privileged instruction in user mode is a privilege violation (vector 8)', () => {
    const { cpu } = setup([0x4e70], 0x0000);
    cpu.step();
    expect(pcOf(cpu)).toBe(0x4000 + 8 * 4);
    expect(cpu.supervisor).toBe(true);
    expect(cpu.r[15]).toBe(STACK - 6);
    expect(cpu.getState().usp).toBe(0x6000);
  });

  it('TRAPV traps only with V set; CHK traps out of bounds', () => {
    const a = setup([0x4e76], 0x2000);
    a.cpu.step();
    expect(pcOf(a.cpu)).toBe(CODE + 2);
    const b = setup([0x4e76], 0x2002);
    b.cpu.step();
    expect(pcOf(b.cpu)).toBe(0x4000 + 7 * 4);
    const c = setup([0x4181]); // CHK D1,D0 with D0 = 5 > D1 = 0
    c.cpu.r[0] = 5;
    c.cpu.step();
    expect(pcOf(c.cpu)).toBe(0x4000 + 6 * 4);
  });

  it('an odd word access is an address error with the 14-byte frame', () => {
    const { cpu, bus } = setup([0x3010]); // MOVE.W (A0),D0
    cpu.r[8] = 0x2001;
    cpu.step();
    expect(pcOf(cpu)).toBe(0x4000 + 3 * 4);
    const sp = cpu.r[15];
    expect(sp).toBe(STACK - 14);
    expect(bus.readWord(sp) & 0x1f).toBe(0x15); // read, data, supervisor data FC
    expect((bus.readWord(sp + 2) << 16) | bus.readWord(sp + 4)).toBe(0x2001);
    expect(bus.readWord(sp + 6)).toBe(0x3010);
  });

  it('trace (T set) takes vector 9 after one instruction', () => {
    const { cpu, bus } = setup([0x7001, 0x4e71], 0xa700);
    cpu.step();
    expect(cpu.r[0]).toBe(1);
    cpu.step();
    expect(pcOf(cpu)).toBe(0x4000 + 9 * 4);
    expect(frame(bus, cpu.r[15])).toEqual({ sr: 0xa700, pc: CODE + 2 });
    expect(cpu.sr & 0x8000).toBe(0);
  });
});

describe('68000 bus', () => {
  it('RESET drives the reset output (the machine sees it) and takes 132 cycles', () => {
    const { cpu, bus } = setup([0x4e70, 0x4e71]);
    expect(cpu.step()).toBe(132);
    expect(bus.resets).toBe(1);
  });

  it('a machine can signal a bus error during an access (vector 2)', () => {
    class BerrBus extends FlatBus68k {
      cpu: M68000 | null = null;
      override readWord(addr: number, fc = 0): number {
        if (addr >= 0xe00000) (this.cpu as M68000).busError(addr, false, fc);
        return super.readWord(addr);
      }
    }
    const bus = new BerrBus();
    const { cpu } = setup([0x3010], 0x2700, bus);
    bus.cpu = cpu;
    cpu.r[8] = 0xe00000;
    cpu.step();
    expect(pcOf(cpu)).toBe(0x4000 + 2 * 4);
  });

  it('wait states added by the machine during an access lengthen the instruction', () => {
    class SlowBus extends FlatBus68k {
      cpu: M68000 | null = null;
      override readWord(addr: number): number {
        if (addr >= 0x2000 && addr < 0x3000) (this.cpu as M68000).cycles += 2;
        return super.readWord(addr);
      }
    }
    const bus = new SlowBus();
    const { cpu } = setup([0x3010, 0x3010]); // MOVE.W (A0),D0: 8 cycles
    const slow = setup([0x3010], 0x2700, bus);
    bus.cpu = slow.cpu;
    cpu.r[8] = 0x2000;
    slow.cpu.r[8] = 0x2000;
    expect(cpu.step()).toBe(8);
    expect(slow.cpu.step()).toBe(10);
  });

  it('reset() loads SSP and PC from vectors 0 and 1', () => {
    const bus = new FlatBus68k();
    bus.writeWord(0, 0x0001);
    bus.writeWord(2, 0x0000);
    bus.writeWord(4, 0x0000);
    bus.writeWord(6, 0x2000);
    bus.writeWord(0x2000, 0x7005);
    const cpu = new M68000(bus);
    cpu.reset();
    expect(cpu.r[15]).toBe(0x10000);
    expect(pcOf(cpu)).toBe(0x2000);
    cpu.step();
    expect(cpu.r[0]).toBe(5);
  });
});

describe('68000 state', () => {
  it('save -> load -> save is identical and execution continues the same', () => {
    const a = setup([0x7003, 0x5380, 0x66fc, 0x4e71]);
    a.cpu.step();
    const s = a.cpu.getState();
    const b = setup([0x7003, 0x5380, 0x66fc, 0x4e71]);
    b.cpu.setState(structuredClone(s));
    expect(b.cpu.getState()).toEqual(s);
    a.cpu.run(a.cpu.cycles + 60);
    b.cpu.run(b.cpu.cycles + 60);
    expect(b.cpu.getState()).toEqual(a.cpu.getState());
  });

  it('rejects a malformed state with a typed error', () => {
    const { cpu } = setup([0x4e71]);
    expect(() => cpu.setState({} as never)).toThrow(/malformed/);
  });
});

describeWithShared('68000 workloads', ['bench-kernels/sieve68k-0.bin', 'bench-kernels/sieve68k-100.bin'], () => {
  it('runs the sieve kernel to its exit trap with 1,899 primes', () => {
    const bus = new FlatBus68k();
    const cpu = new M68000(bus);
    const zero = runSieveOnce(cpu, bus, new Uint8Array(readFileSync(shared('bench-kernels/sieve68k-0.bin')!)), 0);
    expect(zero).toBeGreaterThan(0);
    const cycles = runSieveOnce(cpu, bus, new Uint8Array(readFileSync(shared('bench-kernels/sieve68k-100.bin')!)));
    expect(cpu.r[3] & 0xffff).toBe(1899);
    expect(cycles).toBeGreaterThan(50_000_000);
  }, 60_000);
});

describeWithShared('68000 decode table', ['testdata/singlestep/68000/map/68000.official.json.gz'], () => {
  it('treats exactly the words the official map lists as None as illegal (or line A/F)', () => {
    const map = JSON.parse(gunzipSync(readFileSync(shared('testdata/singlestep/68000/map/68000.official.json.gz')!)).toString()) as Record<string, string>;
    const mismatches: string[] = [];
    for (const [k, v] of Object.entries(map)) {
      const op = parseInt(k, 16);
      const ours = opcodeNames[op];
      const illegal = ours === '' || ours === 'ILLEGAL' || ours === 'LINEA' || ours === 'LINEF';
      if (illegal !== (v === 'None')) mismatches.push(`${k}: map ${v}, ours ${ours || 'illegal'}`);
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(Object.keys(map).length).toBe(65536);
  });
});

describe('68000 robustness', () => {
  it('runs random memory (any opcode, any fault) without throwing, and halts only on a double fault', () => {
    // A fixed xorshift stream: deterministic, no Math.random.
    let x = 0x12345678;
    const next = () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x >>> 0;
    };
    for (let round = 0; round < 20; round++) {
      const bus = new FlatBus68k();
      for (let i = 0; i < 0x10000; i += 4) {
        const v = next();
        bus.ram[i] = v >>> 24;
        bus.ram[i + 1] = v >>> 16;
        bus.ram[i + 2] = v >>> 8;
        bus.ram[i + 3] = v;
      }
      const cpu = new M68000(bus);
      cpu.reset();
      cpu.setInterruptLevel(round % 8);
      cpu.run(200_000);
      expect(cpu.cycles).toBeGreaterThanOrEqual(200_000);
    }
  });

  it('rejects fuzzed save states with a StateError or loads them', () => {
    const { cpu } = setup([0x4e71]);
    let x = 99;
    const next = () => (x = (x * 1103515245 + 12345) >>> 0);
    const shapes = [null, 1, 'x', [], { d: [] }, { d: [1, 2, 3, 4, 5, 6, 7, 8], a: [1], prefetch: [1, 2] }];
    for (const s of shapes) expect(() => cpu.setState(s as never)).toThrow(/malformed/);
    for (let i = 0; i < 200; i++) {
      const st = cpu.getState();
      st.sr = next() & 0xffff;
      st.pc = next();
      st.prefetch = [next() & 0xffff, next() & 0xffff];
      cpu.setState(st);
      const c0 = cpu.cycles;
      cpu.run(c0 + 1000);
      // Whatever the random SR/PC did (exceptions, a double fault halting the CPU), time went on.
      expect(cpu.cycles).toBeGreaterThanOrEqual(c0 + 1000);
    }
  });
});
