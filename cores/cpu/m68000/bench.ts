/**
 * The standard 68000 workload: `bench-kernels/sieve68k-100.bin`, the BYTE sieve (8,190 flags, 1,899
 * primes) 100 times, built as an Amiga bootblock (see ../shared/bench-kernels/README.md). We load it
 * at $10000 on a flat 16 MB RAM bus, start it in supervisor mode and run until it calls the UAE exit
 * trap at $F0FF60 (where we plant `BRA *`), then check the prime count in D3.
 */
import type { CpuBench, CpuBenchResult } from '../descriptor.ts';
import { FlatBus68k } from './bus.ts';
import { M68000 } from './cpu.ts';
import './decode.ts';

const LOAD = 0x10000;
const EXIT = 0xf0ff60;
const SLICE = 200_000;
/** A correct run of 100 passes takes about 110 M cycles; far beyond that, the core is looping. */
const LIMIT = 2_000_000_000;

/** Run the workload once on `cpu`; returns the cycles taken. Throws on a wrong count (0 for the -0 build). */
export function runSieveOnce(cpu: M68000, bus: FlatBus68k, workload: Uint8Array, primes = 1899): number {
  bus.ram.fill(0, 0x70000, 0x72000);
  bus.ram.set(workload, LOAD);
  bus.ram[EXIT] = 0x60;
  bus.ram[EXIT + 1] = 0xfe;
  cpu.setState({
    d: [0, 0, 0, 0, 0, 0, 0, 0], a: [0, 0, 0, 0, 0, 0, 0], usp: 0, ssp: 0x80000, sr: 0x2700, pc: LOAD,
    prefetch: [bus.readWord(LOAD), bus.readWord(LOAD + 2)], stopped: false, halted: false, ipl: 0,
    nmiPending: false, tracePending: false, cycles: 0,
  });
  while (((cpu.pc - 2) & 0xffffff) !== EXIT) {
    cpu.run(cpu.cycles + SLICE);
    if (cpu.cycles > LIMIT || cpu.halted) throw new Error('m68000 bench: the sieve did not finish');
  }
  if ((cpu.r[3] & 0xffff) !== primes) throw new Error(`m68000 bench: wrong prime count ${cpu.r[3] & 0xffff}`);
  return cpu.cycles;
}

export const m68000Bench: CpuBench = {
  workload: 'bench-kernels/sieve68k-100.bin',
  description: 'BYTE sieve x100 (sieve68k-100.bin) on a flat RAM bus',
  run(workload: Uint8Array, seconds: number, nowMs: () => number): CpuBenchResult {
    const bus = new FlatBus68k();
    const cpu = new M68000(bus);
    let cycles = 0;
    let instructions = 0;
    let runs = 0;
    const t0 = nowMs();
    let t = t0;
    do {
      cpu.instructions = 0;
      cycles += runSieveOnce(cpu, bus, workload);
      instructions += cpu.instructions;
      runs++;
      t = nowMs();
    } while (t - t0 < seconds * 1000);
    const secs = (t - t0) / 1000;
    return { cycles, seconds: secs, instructions, extra: { 'passes/s': (runs * 100) / secs, 'x A500 (7.09 MHz)': cycles / secs / 7.09e6 } };
  },
};
