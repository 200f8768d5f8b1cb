/**
 * Single-step adapter: runs Tom Harte's 6502 tests (SingleStepTests/65x02 `6502/v1` schema: see
 * `../shared/testdata/singlestep/6502/SOURCE.md`) on the core over a flat 64 KiB RAM that logs
 * every bus cycle. A case passes when the registers, every `final.ram` byte and the whole list of
 * bus cycles (address, value, read/write, in order) match.
 */
import type { SingleStepRunner, SingleStepSuite } from '../descriptor.ts';
import type { M6502Bus } from './bus.ts';
import { M6502, type M6502Options } from './m6502.ts';

/** Flat RAM that records up to `LOG_SIZE` accesses (more than any 6502 instruction makes). */
export class LoggingRam implements M6502Bus {
  static readonly LOG_SIZE = 64;
  readonly mem = new Uint8Array(0x10000);
  readonly addrs = new Int32Array(LoggingRam.LOG_SIZE);
  readonly values = new Uint8Array(LoggingRam.LOG_SIZE);
  /** 1 = write, 0 = read. */
  readonly writes = new Uint8Array(LoggingRam.LOG_SIZE);
  count = 0;

  read(addr: number): number {
    const v = this.mem[addr]!;
    this.log(addr, v, 0);
    return v;
  }

  write(addr: number, value: number): void {
    this.mem[addr] = value;
    this.log(addr, value, 1);
  }

  private log(addr: number, value: number, write: number): void {
    const i = this.count++;
    if (i < LoggingRam.LOG_SIZE) {
      this.addrs[i] = addr;
      this.values[i] = value;
      this.writes[i] = write;
    }
  }
}

interface Regs { pc: number; s: number; a: number; x: number; y: number; p: number; ram: [number, number][] }
interface Case { name: string; initial: Regs; final: Regs; cycles: [number, number, string][] }

const hex = (v: number, digits: number) => '$' + v.toString(16).padStart(digits, '0');

function checkCase(tc: unknown): Case {
  const c = tc as Case;
  if (c === null || typeof c !== 'object' || typeof c.initial !== 'object' || typeof c.final !== 'object' ||
      !Array.isArray(c.cycles) || !Array.isArray(c.initial.ram) || !Array.isArray(c.final.ram)) {
    throw new Error('not a 6502 single-step case');
  }
  return c;
}

export class M6502SingleStepRunner implements SingleStepRunner {
  readonly bus = new LoggingRam();
  readonly cpu: M6502;

  constructor(options: M6502Options = {}) {
    this.cpu = new M6502(this.bus, options);
  }

  runCase(testCase: unknown): string | null {
    const tc = checkCase(testCase);
    const { bus, cpu } = this;
    const i = tc.initial;
    for (const [addr, v] of i.ram) bus.mem[addr & 0xffff] = v;
    cpu.setState({
      a: i.a, x: i.x, y: i.y, s: i.s, pc: i.pc, p: i.p, cycles: 0,
      irqLine: false, nmiLine: false, nmiLatched: false, interruptPending: false,
      resetHeld: false, resetPending: false, jammed: false,
    });
    bus.count = 0;
    cpu.step();
    const diff = this.compare(tc);
    // Clean up for the next case: every address this case set or touched goes back to 0.
    for (const [addr] of i.ram) bus.mem[addr & 0xffff] = 0;
    for (let k = 0; k < Math.min(bus.count, LoggingRam.LOG_SIZE); k++) bus.mem[bus.addrs[k]!] = 0;
    return diff;
  }

  private compare(tc: Case): string | null {
    const { bus, cpu } = this;
    const f = tc.final;
    const st = cpu.getState();
    for (const k of ['pc', 's', 'a', 'x', 'y', 'p'] as const) {
      if (st[k] !== f[k]) return `${k}: expected ${hex(f[k], k === 'pc' ? 4 : 2)}, got ${hex(st[k], k === 'pc' ? 4 : 2)}`;
    }
    for (const [addr, v] of f.ram) {
      if (bus.mem[addr]! !== v) return `ram ${hex(addr, 4)}: expected ${hex(v, 2)}, got ${hex(bus.mem[addr]!, 2)}`;
    }
    const n = Math.min(bus.count, LoggingRam.LOG_SIZE);
    for (let k = 0; k < Math.max(n, tc.cycles.length); k++) {
      const exp = tc.cycles[k];
      const got = k < n ? `${bus.writes[k] ? 'write' : 'read'} ${hex(bus.addrs[k]!, 4)}=${hex(bus.values[k]!, 2)}` : 'nothing';
      if (exp === undefined) return `cycle ${k + 1}: expected nothing, got ${got} (${bus.count} cycles, expected ${tc.cycles.length})`;
      const want = `${exp[2]} ${hex(exp[0], 4)}=${hex(exp[1], 2)}`;
      if (want !== got) return `cycle ${k + 1}: expected ${want}, got ${got}`;
    }
    if (cpu.cycles !== tc.cycles.length) return `cycles: expected ${tc.cycles.length}, counted ${cpu.cycles}`;
    return null;
  }
}

export const m6502SingleStep: SingleStepSuite = {
  createRunner: () => new M6502SingleStepRunner(),
};
