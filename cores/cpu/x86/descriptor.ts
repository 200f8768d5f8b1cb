/** Registry entry for the Intel 8086/8088 (+80186) core: single-step adapter, bench, disassembler. */
import type { CpuDescriptor } from '../descriptor.ts';
import { x86Bench } from './bench.ts';
import { disassemble86 } from './disasm.ts';
import { x286SingleStep, x86SingleStep } from './singlestep.ts';

export const i8086Descriptor: CpuDescriptor = {
  id: 'i8086',
  title: 'Intel 8086/8088 (+80186)',
  singleStep: x86SingleStep,
  bench: x86Bench,
  disassemble: (read, addr) => disassemble86(read, addr),
};

export const i80286Descriptor: CpuDescriptor = {
  id: 'i80286',
  title: 'Intel 80286',
  singleStep: x286SingleStep,
  disassemble: (read, addr) => disassemble86(read, addr, { is186: true }),
};
