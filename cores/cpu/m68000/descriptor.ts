/** Registry entry for the Motorola 68000 core. */
import type { CpuDescriptor } from '../descriptor.ts';

export const m68000Descriptor: CpuDescriptor = {
  id: 'm68000',
  title: 'Motorola 68000',
};
