/**
 * How a CPU core presents itself to the CLI, the benches and the test harnesses. Each core folder
 * exports one descriptor from its `descriptor.ts`; `cores/cpu/index.ts` lists them.
 */

/** Runs upstream single-step test cases (SingleStepTests JSON) against a core on a flat-RAM bus. */
export interface SingleStepRunner {
  /** Run one case; null if everything matched, else a short description of the first difference. */
  runCase(testCase: unknown): string | null;
}

export interface SingleStepContext {
  /** Path of the test file being run (for messages and schema detection). */
  readonly file: string;
  /**
   * A JSON file in the same folder as the test file, or a parent folder up to two levels up
   * (e.g. `metadata.json` with undefined-flag masks), parsed, or undefined if there is none.
   */
  sibling(name: string): unknown;
}

export interface SingleStepSuite {
  /** A runner per test file; it may reuse one CPU and bus for all the file's cases. */
  createRunner(ctx: SingleStepContext): SingleStepRunner;
  /** The case's name, for reports (defaults to its `name` field). */
  caseName?(testCase: unknown): string;
}

export interface CpuBenchResult {
  /** CPU clock cycles emulated. */
  cycles: number;
  /** Wall-clock seconds spent. */
  seconds: number;
  /** Instructions executed, if counted. */
  instructions?: number;
  /** Workload-specific figures (e.g. sieve passes per second). */
  extra?: Record<string, number>;
}

export interface CpuBench {
  /** The standard workload, relative to the shared folder: 'bench-kernels/sievez80-100.bin'. */
  readonly workload: string;
  /** What the workload is, for the report. */
  readonly description: string;
  /**
   * Run the workload repeatedly for about `seconds` of wall time (measured with `nowMs`), checking
   * each run's result; throw if the core computes a wrong answer.
   */
  run(workload: Uint8Array, seconds: number, nowMs: () => number): CpuBenchResult;
}

export interface CpuDescriptor {
  /** CLI id: m6502, z80, m68000, i8086. */
  readonly id: string;
  readonly title: string;
  /** Absent until the core can run the suite. */
  readonly singleStep?: SingleStepSuite;
  readonly bench?: CpuBench;
  /** Further workloads `bench` runs after `bench` (e.g. the 80386's 32-bit boot images). */
  readonly moreBenches?: readonly CpuBench[];
  /** Disassemble one instruction at `addr` reading bytes with `read`. */
  disassemble?(read: (addr: number) => number, addr: number): { text: string; length: number };
}
