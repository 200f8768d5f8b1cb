/**
 * Peer bench: z80js 0.9.4 (npm, MIT, Pavel Vorobyov) on our Z80 workload, sievez80-100.bin at 8000h
 * on a flat 64 KiB RAM, PC = 8000h. It is slow (one full 100-pass run takes tens of seconds), so a
 * run measures T-states executed in about `seconds` of wall time, restarting the program when it
 * reaches its end; each completed run must end at 8003h after the same 239,378,610 T-states as ours
 * (z80js agrees on that count, which independently checks our timing). Dev dependency only.
 */
import { createRequire } from 'node:module';
import type { CpuBenchResult } from '../../../cores/cpu/descriptor.ts';
import { SIEVE_100_TSTATES } from '../../../cores/cpu/z80/bench.ts';
import type { PeerBench } from './index.ts';

interface Z80jsCpu {
  pc: number;
  sp: number;
  tStates: number;
  execute(): void;
}
type Z80jsClass = new (
  mem: { read8(a: number): number; write8(a: number, v: number): void },
  io: { ioread(port: number): number; iowrite(port: number, v: number): void },
  debug: boolean,
) => Z80jsCpu;

// The package is a CommonJS (webpack UMD) bundle without typings: load it with require.
const Z80js = createRequire(import.meta.url)('z80js') as Z80jsClass;

class PeerMemory {
  readonly mem = new Uint8Array(0x10000);
  read8(a: number): number { return this.mem[a & 0xffff]!; }
  write8(a: number, v: number): void { this.mem[a & 0xffff] = v & 0xff; }
}

const io = { ioread: (_port: number) => 0xff, iowrite: (_port: number, _v: number) => {} };

function start(workload: Uint8Array): { cpu: Z80jsCpu; mem: PeerMemory } {
  const mem = new PeerMemory();
  mem.mem.set(workload.subarray(0, 0x8000), 0x8000);
  const cpu = new Z80js(mem, io, false);
  cpu.pc = 0x8000;
  return { cpu, mem };
}

export const z80PeerZ80js: PeerBench = {
  name: 'z80js 0.9.4',
  cpu: 'z80',
  run(workload: Uint8Array, seconds: number, nowMs: () => number): CpuBenchResult {
    let { cpu } = start(workload);
    let done = 0;
    const t0 = nowMs();
    let t = t0;
    for (;;) {
      const stop = Math.min(cpu.tStates + 1_000_000, SIEVE_100_TSTATES);
      while (cpu.tStates < stop) cpu.execute();
      if (cpu.tStates >= SIEVE_100_TSTATES) {
        if (cpu.pc !== 0x8003 || cpu.tStates !== SIEVE_100_TSTATES) {
          throw new Error(`z80js: PC ${cpu.pc.toString(16)} at T-state ${cpu.tStates}, expected 8003h at ${SIEVE_100_TSTATES}`);
        }
        done += cpu.tStates;
        cpu = start(workload).cpu;
      }
      t = nowMs();
      if (t - t0 >= seconds * 1000) break;
    }
    return { cycles: done + cpu.tStates, seconds: (t - t0) / 1000 };
  },
};
