/**
 * Peer bench: the 6502 core of 6502.ts 1.1.4 (npm, MIT; the fastest JS 6502 on npm by the bench
 * kernels' README) on the same workload as ours, Klaus Dormann's functional test from $0400 to its
 * success loop at $3469, on a flat 64 KiB RAM. Its "batched access" core executes each instruction
 * in one go and then idles for the remaining cycles; we call `cycle()` once per clock cycle, as its
 * own machines do, and count the calls. Dev dependency only.
 */
import * as factoryModule from '6502.ts/lib/machine/cpu/Factory.js';
import type BusInterface from '6502.ts/lib/machine/bus/BusInterface.js';
import type CpuInterface from '6502.ts/lib/machine/cpu/CpuInterface.js';
import type { CpuBenchResult } from '../../../cores/cpu/descriptor.ts';
import { DORMANN, isSelfLoop } from '../../../cores/cpu/m6502/program-runner.ts';
import type { PeerBench } from './index.ts';

// The package is CommonJS with `exports.default`; under Node's ESM loader the class sits one
// `default` deeper than the typings say.
type FactoryClass = typeof factoryModule.default;
const Factory: FactoryClass =
  (factoryModule.default as unknown as { default?: FactoryClass }).default ?? factoryModule.default;

class PeerRam implements BusInterface {
  readonly mem = new Uint8Array(0x10000);
  read(address: number): number { return this.mem[address]!; }
  peek(address: number): number { return this.mem[address]!; }
  readWord(address: number): number { return this.mem[address]! | (this.mem[(address + 1) & 0xffff]! << 8); }
  write(address: number, value: number): void { this.mem[address] = value; }
  poke(address: number, value: number): void { this.mem[address] = value; }
}

const CHUNK = 100_000;
const MAX_CYCLES = 400_000_000;

/** One run of the functional test; returns the cycles run. Throws unless it reaches $3469. */
function runOnce(workload: Uint8Array): number {
  const bus = new PeerRam();
  bus.mem.set(workload);
  const cpu: CpuInterface = new Factory(Factory.Type.batchedAccess).create(bus);
  cpu.reset();
  cpu.state.p = DORMANN.startPc;
  cpu.state.s = 0xfd;
  cpu.executionState = 1; // ExecutionState.fetch: skip the reset sequence, start at $0400
  let cycles = 0;
  while (cycles < MAX_CYCLES) {
    for (let i = 0; i < CHUNK; i++) cpu.cycle();
    cycles += CHUNK;
    const at = cpu.getLastInstructionPointer();
    if (isSelfLoop(bus.mem, at)) {
      for (let i = 0; i < 16; i++) cpu.cycle();
      cycles += 16;
      if (cpu.getLastInstructionPointer() === at && cpu.state.p === at) {
        if (at !== DORMANN.successPc) throw new Error(`6502.ts: the functional test trapped at $${at.toString(16)}`);
        return cycles;
      }
    }
  }
  throw new Error('6502.ts: the functional test did not finish');
}

export const m6502Peer6502ts: PeerBench = {
  name: '6502.ts 1.1.4',
  cpu: 'm6502',
  run(workload: Uint8Array, seconds: number, nowMs: () => number): CpuBenchResult {
    runOnce(workload); // warm-up, as our bench does
    let cycles = 0;
    let runs = 0;
    const t0 = nowMs();
    let t = t0;
    do {
      cycles += runOnce(workload);
      runs++;
      t = nowMs();
    } while (t - t0 < seconds * 1000);
    return { cycles, seconds: (t - t0) / 1000, extra: { runs } };
  },
};
