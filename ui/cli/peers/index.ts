/**
 * Other emulators' CPU cores from npm, run on the same workload in the same `bench` run, so our
 * figures come with a same-machine, same-moment ratio (the brief asks for ratios, not remembered
 * numbers). Dev dependencies only; never part of the app.
 */
import type { CpuBenchResult } from '../../../cores/cpu/descriptor.ts';
import { m6502Peer6502ts } from './m6502-6502ts.ts';
import { z80PeerZ80js } from './z80-z80js.ts';

export interface PeerBench {
  /** Name as reported: '6502.ts 1.1.4'. */
  readonly name: string;
  /** The CPU id whose workload it runs. */
  readonly cpu: string;
  run(workload: Uint8Array, seconds: number, nowMs: () => number): CpuBenchResult;
}

export const peers: readonly PeerBench[] = [m6502Peer6502ts, z80PeerZ80js];
