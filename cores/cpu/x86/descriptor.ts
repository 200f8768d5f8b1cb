/** Registry entry for the Intel 8086/8088 (+80186) core. */
import type { CpuDescriptor } from '../descriptor.ts';
import { x86SingleStep } from './singlestep.ts';

export const i8086Descriptor: CpuDescriptor = {
  id: 'i8086',
  title: 'Intel 8086/8088 (+80186)',
  singleStep: x86SingleStep,
};
