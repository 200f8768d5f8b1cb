/** Registry entries for the x86 cores (i8086 with the 80186, i80286, i80386): single-step adapters, benches, disassembler. */
import type { CpuDescriptor } from '../descriptor.ts';
import { x386Bench, x86Bench } from './bench.ts';
import { boot32Bench, boot32pBench } from './boot-bench.ts';
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
  disassemble: (read, addr) => disassemble86(read, addr, { is186: true, twoByte: true }),
};

export const i80386Descriptor: CpuDescriptor = {
  id: 'i80386',
  title: 'Intel 80386',
  bench: x386Bench,
  moreBenches: [boot32Bench, boot32pBench],
  disassemble: (read, addr) => disassemble86(read, addr, { is186: true, sizePrefixes: true }),
};
