/**
 * The x86 bench: `../shared/bench-kernels/SIEVE10K.COM` (10,000 passes of the BYTE sieve) as a DOS
 * `.COM` on a flat 1 MB bus, 8088 timing. INT 21h is trapped: its vector points at a two-instruction
 * stub (`OUT 0E0h, AL; IRET`) whose port write the bench handles, AH=02h printing DL and AH=4Ch
 * ending the run (INT 20h likewise ends it). A run must print `E076B` CR LF and exit with code 0,
 * so a broken core cannot post a figure. Each run is complete (10,000 passes); the bench repeats
 * runs while time remains.
 */
import { UsageError } from '../../kernel/errors.ts';
import type { CpuBench, CpuBenchResult } from '../descriptor.ts';
import { FlatX86Bus } from './bus.ts';
import { Seg, X86Cpu, X86Model } from './cpu.ts';
import { X86ProtCpu } from './cpu386.ts';

/** Passes of the sieve in SIEVE10K.COM (bench-kernels/README.md). */
export const SIEVE_PASSES = 10_000;
export const SIEVE_EXPECTED = 'E076B\r\n';
const PSP = 0x1000;
const STUB_SEG = 0xf000;
const TRAP_PORT = 0xe0;

export interface ComResult {
  output: string;
  exitCode: number;
  cycles: number;
  instructions: number;
  /** False if the program did not exit within the cycle budget. */
  exited: boolean;
}

/** Run a `.COM` image on an 8088 with INT 20h/21h (AH=02h, 4Ch) trapped. */
export function runCom(image: Uint8Array, maxCycles: number, model: X86Model = X86Model.I8088): ComResult {
  if (image.length === 0 || image.length > 0xff00) throw new UsageError(`x86 bench: a .COM must be 1..65280 bytes, got ${image.length}`);
  const bus = new FlatX86Bus();
  // The 80386 runs this real-mode program on its own class (X86ProtCpu), which keeps the fast path.
  const cpu = model === X86Model.I80386 ? new X86ProtCpu(bus, model) : new X86Cpu(bus, model);
  const ram = bus.ram;
  const base = PSP << 4;
  ram.set(image, base + 0x100);
  ram[base] = 0xcd; ram[base + 1] = 0x20; // PSP:0000 INT 20h, where a RET from the program lands
  // Stub at F000:0000: OUT 0E0h, AL ; IRET. Vectors 20h and 21h point at it.
  const stub = STUB_SEG << 4;
  ram[stub] = 0xe6; ram[stub + 1] = TRAP_PORT; ram[stub + 2] = 0xcf;
  for (const v of [0x20, 0x21]) { ram[v * 4] = 0; ram[v * 4 + 1] = 0; ram[v * 4 + 2] = STUB_SEG & 0xff; ram[v * 4 + 3] = STUB_SEG >> 8; }
  let output = '';
  let exitCode = -1;
  bus.onOut = (port, value) => {
    if (port !== TRAP_PORT) return;
    const ah = cpu.r8[1]!;
    if (cpu.lastVector === 0x20 || ah === 0x4c) {
      exitCode = cpu.lastVector === 0x20 ? 0 : value;
      cpu.endCycle = cpu.cycles; // stop at the end of this instruction
    } else if (ah === 0x02) {
      output += String.fromCharCode(cpu.r8[4]!);
    }
  };
  for (const s of [Seg.CS, Seg.DS, Seg.ES, Seg.SS]) cpu.loadSeg(s, PSP);
  cpu.r16[4] = 0xfffe;
  ram[base + 0xfffe] = 0; ram[base + 0xffff] = 0;
  cpu.ip = 0x100;
  while (exitCode < 0 && cpu.cycles < maxCycles) cpu.run(Math.min(maxCycles, cpu.cycles + 50_000_000));
  return { output, exitCode, cycles: cpu.cycles, instructions: cpu.instructions, exited: exitCode >= 0 };
}

/**
 * CPU seconds used by this process, where the host can tell (Node); NaN elsewhere. Reported next to
 * the wall-clock figures because the bench machines are shared and wall time drifts with load.
 */
function cpuSeconds(): number {
  if (typeof process === 'undefined' || typeof process.cpuUsage !== 'function') return NaN;
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export const x86Bench: CpuBench = comBench(X86Model.I8088, 'SIEVE10K.COM (10,000 sieve passes) as a DOS .COM on a flat bus, 8088 timing');
/** The same program on the 80386 model (its real-mode fast path; clocks still the 8086 table's). */
export const x386Bench: CpuBench = comBench(X86Model.I80386, 'SIEVE10K.COM (10,000 sieve passes) on the 80386 model, real mode');

function comBench(model: X86Model, description: string): CpuBench {
  return {
    workload: 'bench-kernels/SIEVE10K.COM',
    description,
    run(workload: Uint8Array, seconds: number, nowMs: () => number): CpuBenchResult {
      let cycles = 0;
      let instructions = 0;
      let runs = 0;
      const t0 = nowMs();
      const cpu0 = cpuSeconds();
      let t = t0;
      do {
        const r = runCom(workload, 100_000_000_000, model);
        if (!r.exited || r.exitCode !== 0 || r.output !== SIEVE_EXPECTED) {
          throw new Error(`x86 bench: SIEVE10K printed ${JSON.stringify(r.output)} and exited with ${r.exitCode}, expected "E076B\\r\\n" and 0`);
        }
        cycles += r.cycles;
        instructions += r.instructions;
        runs++;
        t = nowMs();
      } while (t - t0 < seconds * 1000);
      const secs = (t - t0) / 1000;
      const cpuSecs = cpuSeconds() - cpu0;
      const extra: Record<string, number> = { passesPerSec: (runs * SIEVE_PASSES) / secs, runs };
      if (cpuSecs > 0) {
        extra.passesPerCpuSec = (runs * SIEVE_PASSES) / cpuSecs;
        extra.mipsPerCpuSec = instructions / cpuSecs / 1e6;
      }
      return { cycles, seconds: secs, instructions, extra };
    },
  };
}
