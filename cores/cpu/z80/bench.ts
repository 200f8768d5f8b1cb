/**
 * The Z80 bench: `sievez80-100.bin` (../shared/bench-kernels, README there) at 8000h on a flat
 * 64 KB bus, PC = 8000h. The README gives 239,378,600 T-states for the 100 passes; our core
 * reaches the `JR $` at 8003h after 239,378,610, the README figure plus the 10 T-states of the
 * `JP start` at 8000h (we read the README figure as counted from `start`; z80js 0.9.4 also reaches
 * 8003h at 239,378,610, and every instruction's timing here is checked by the SingleStepTests
 * suite). One untimed warm-up run precedes the timed ones. Each run executes exactly that
 * many T-states and then checks PC: a wrong result or a wrong timing lands elsewhere (8005h is the
 * program's own "wrong count" loop).
 */
import type { CpuBench, CpuBenchResult } from '../descriptor.ts';
import { FlatZ80Bus } from './flat-bus.ts';
import { Z80 } from './z80.ts';

export const SIEVE_100_TSTATES = 239_378_600 + 10;

export const z80Bench: CpuBench = {
  workload: 'bench-kernels/sievez80-100.bin',
  description: 'sievez80-100.bin, 100 sieve passes, flat 64 KB RAM',
  run(workload: Uint8Array, seconds: number, nowMs: () => number): CpuBenchResult {
    const bus = new FlatZ80Bus();
    const cpu = new Z80(bus);
    const once = () => {
      bus.mem.fill(0);
      bus.mem.set(workload.subarray(0, 0x8000), 0x8000);
      cpu.reset();
      cpu.cycles = 0;
      cpu.pc = 0x8000;
      cpu.run(SIEVE_100_TSTATES);
      if (cpu.pc !== 0x8003 || cpu.cycles !== SIEVE_100_TSTATES) {
        throw new Error(`sievez80-100: PC ${cpu.pc.toString(16)} at T-state ${cpu.cycles}, expected 8003h at ${SIEVE_100_TSTATES}`);
      }
    };
    once(); // warm-up
    let cycles = 0;
    let runs = 0;
    const t0 = nowMs();
    let elapsed = 0;
    do {
      once();
      cycles += cpu.cycles;
      runs++;
      elapsed = nowMs() - t0;
    } while (elapsed < seconds * 1000);
    return { cycles, seconds: elapsed / 1000, extra: { 'passes/s': (runs * 100) / (elapsed / 1000) } };
  },
};
