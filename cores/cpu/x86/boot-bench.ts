/**
 * The 32-bit boot-sector benchmark (../shared/bench-kernels/bootbench32{,p}-N.img.gz, sources in
 * bench-kernels/src/bootbench32.asm): the floppy's boot sector enters flat 32-bit protected mode
 * (optionally with paging) and runs the BYTE sieve N times, writing "S", then "E076B" CR LF to COM1
 * (3F8h) and port E9h, then "Shutdown" to port 8900h, and halts.
 *
 * The "BIOS" here is the state a PC BIOS leaves at the boot hand-off (real mode, CS:IP =
 * 0000:7C00h, DL = 0, the sector loaded at 7C00h): the program needs no BIOS service, so none is
 * emulated. Bus: the 2 MB flat test bus of program-runner.ts, port 92h answering as a fast A20 gate.
 */
import { gunzipSync } from 'node:zlib';
import type { CpuBench, CpuBenchResult } from '../descriptor.ts';
import { UsageError } from '../../kernel/errors.ts';
import { X86Model } from './cpu.ts';
import { X86ProtCpu } from './cpu386.ts';
import { Flat386Bus } from './program-runner.ts';

export interface BootRun {
  /** Text written to port E9h. */
  text: string;
  /** "Shutdown" reached port 8900h and the CPU halted. */
  done: boolean;
  cycles: number;
  instructions: number;
}

/** Boot a 1.44 MB image (gzip'd or raw) on an 80386 and run it to its shutdown, or `maxInstructions`. */
export function runBoot32(image: Uint8Array, maxCycles = 1e12): BootRun {
  const img = image.length > 2 && image[0] === 0x1f && image[1] === 0x8b ? new Uint8Array(gunzipSync(image)) : image;
  if (img.length < 512 || img[510] !== 0x55 || img[511] !== 0xaa) throw new UsageError('x86 boot bench: not a boot sector (no 55AAh signature)');
  const bus = new Flat386Bus();
  bus.mem.set(img.subarray(0, 512), 0x7c00);
  const cpu = new X86ProtCpu(bus, X86Model.I80386);
  // Boot hand-off: real mode at 0000:7C00h, DL = drive 0.
  cpu.loadSeg(1, 0);
  cpu.ip = 0x7c00;
  cpu.r16[2] = 0;
  let text = '';
  let shut = '';
  let port92 = 0;
  bus.onIn = (port) => (port === 0x92 ? port92 : -1);
  bus.onOut = (port, v) => {
    if (port === 0xe9) text += String.fromCharCode(v);
    else if (port === 0x92) { port92 = v & 3; cpu.setA20((v & 2) !== 0); }
    else if (port === 0x8900) shut += String.fromCharCode(v);
  };
  while (!cpu.halted && cpu.cycles < maxCycles) cpu.run(cpu.cycles + 10_000_000);
  return { text, done: shut === 'Shutdown' && cpu.halted, cycles: cpu.cycles, instructions: cpu.instructions };
}

const EXPECTED = 'SE076B\r\n';

function makeBench(workload: string, description: string, passes: number): CpuBench {
  return {
    workload,
    description,
    run(image: Uint8Array, seconds: number, nowMs: () => number): CpuBenchResult {
      let cycles = 0, instructions = 0, runs = 0;
      const t0 = nowMs();
      let t = t0;
      do {
        const r = runBoot32(image);
        if (!r.done || r.text !== EXPECTED) throw new Error(`x86 boot bench: printed ${JSON.stringify(r.text)}, expected ${JSON.stringify(EXPECTED)} and a shutdown`);
        cycles += r.cycles; instructions += r.instructions; runs++;
        t = nowMs();
      } while (t - t0 < seconds * 1000);
      const secs = (t - t0) / 1000;
      return { cycles, seconds: secs, instructions, extra: { passesPerSec: (runs * passes) / secs, runs } };
    },
  };
}

/** bootbench32-10000: flat 32-bit protected mode, 10,000 sieve passes. */
export const boot32Bench = makeBench('bench-kernels/bootbench32-10000.img.gz', 'bootbench32-10000.img (10,000 sieve passes, flat 32-bit protected mode) booted on a flat bus', 10000);
/** bootbench32p-10000: the same with paging on. */
export const boot32pBench = makeBench('bench-kernels/bootbench32p-10000.img.gz', 'bootbench32p-10000.img (the same with paging on)', 10000);
