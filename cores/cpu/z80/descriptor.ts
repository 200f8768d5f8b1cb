/** Registry entry for the Zilog Z80 core. */
import type { CpuDescriptor } from '../descriptor.ts';
import { z80Bench } from './bench.ts';
import { disassembleZ80 } from './disasm.ts';
import { z80SingleStep } from './single-step.ts';

export const z80Descriptor: CpuDescriptor = {
  id: 'z80',
  title: 'Zilog Z80',
  singleStep: z80SingleStep,
  bench: z80Bench,
  disassemble: disassembleZ80,
};
