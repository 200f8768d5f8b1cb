/** Registry entry for the MOS 6502 (NMOS) core. */
import type { CpuDescriptor } from '../descriptor.ts';

export const m6502Descriptor: CpuDescriptor = {
  id: 'm6502',
  title: 'MOS 6502 (NMOS)',
};
