/**
 * The 6502 bench: Klaus Dormann's functional test run from $0400 to its success loop at $3469,
 * again and again for the requested time, on a flat 64 KiB RAM (`../shared/bench-kernels/README.md`).
 * Each run must reach the success trap, so a broken core cannot post a time.
 */
import { UsageError } from '../../kernel/errors.ts';
import type { CpuBench, CpuBenchResult } from '../descriptor.ts';
import { DORMANN, ProgramRunner } from './program-runner.ts';

/** Far more than the ~96 M cycles the test needs; a run past this is a failure. */
const MAX_CYCLES = 400_000_000;

export const m6502Bench: CpuBench = {
  workload: 'testdata/6502-functional/6502_functional_test.bin',
  description: "Klaus Dormann's 6502 functional test to its success loop",
  run(workload: Uint8Array, seconds: number, nowMs: () => number): CpuBenchResult {
    if (workload.length !== 0x10000) throw new UsageError(`6502 bench: the workload must be a 64 KiB image, got ${workload.length} bytes`);
    const runner = new ProgramRunner();
    const once = (): number => {
      runner.load(workload, DORMANN.loadAddr, DORMANN.startPc);
      const r = runner.runToTrap(MAX_CYCLES);
      if (r.timedOut || r.pc !== DORMANN.successPc) {
        throw new Error(`6502 bench: the functional test trapped at $${r.pc.toString(16)} (test case ${runner.ram.mem[0x200]}), not at the success loop`);
      }
      return r.cycles;
    };
    once(); // warm-up: let the JIT settle before timing
    let cycles = 0;
    let runs = 0;
    const t0 = nowMs();
    let t = t0;
    do {
      cycles += once();
      runs++;
      t = nowMs();
    } while (t - t0 < seconds * 1000);
    return { cycles, seconds: (t - t0) / 1000, extra: { runs } };
  },
};
