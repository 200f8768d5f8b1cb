/** Registry entry for the Motorola 68000 core. */
import type { CpuDescriptor } from '../descriptor.ts';
import { m68000Bench } from './bench.ts';
import { disassemble68k } from './disasm.ts';
import { m68000SingleStep } from './singlestep.ts';

export const m68000Descriptor: CpuDescriptor = {
  id: 'm68000',
  title: 'Motorola 68000',
  singleStep: m68000SingleStep,
  bench: m68000Bench,
  disassemble: disassemble68k,
};
