/** Registry entry for the Intel 8086/8088 (+80186) core: single-step adapter, bench, disassembler. */
import type { CpuDescriptor } from '../descriptor.ts';
import { x86Bench } from './bench.ts';
import { disassemble86 } from './disasm.ts';
import { x86SingleStep } from './singlestep.ts';

export const i8086Descriptor: CpuDescriptor = {
  id: 'i8086',
  title: 'Intel 8086/8088 (+80186)',
  singleStep: x86SingleStep,
  bench: x86Bench,
  disassemble: (read, addr) => disassemble86(read, addr),
};
