/** Registry entry for the Zilog Z80 core. */
import type { CpuDescriptor } from '../descriptor.ts';

export const z80Descriptor: CpuDescriptor = {
  id: 'z80',
  title: 'Zilog Z80',
};
