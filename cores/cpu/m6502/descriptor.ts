/** Registry entry for the MOS 6502 (NMOS) core: single-step adapter, bench, disassembler. */
import type { CpuDescriptor } from '../descriptor.ts';
import { m6502Bench } from './bench.ts';
import { disassemble } from './disasm.ts';
import { m6502SingleStep } from './single-step.ts';

export const m6502Descriptor: CpuDescriptor = {
  id: 'm6502',
  title: 'MOS 6502 (NMOS)',
  singleStep: m6502SingleStep,
  bench: m6502Bench,
  disassemble,
};
