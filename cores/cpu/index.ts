/** Every CPU core, by CLI id. A new core adds its descriptor here. */
import type { CpuDescriptor } from './descriptor.ts';
import { m6502Descriptor } from './m6502/descriptor.ts';
import { m68000Descriptor } from './m68000/descriptor.ts';
import { i8086Descriptor, i80286Descriptor, i80386Descriptor } from './x86/descriptor.ts';
import { z80Descriptor } from './z80/descriptor.ts';

export const cpus: readonly CpuDescriptor[] = [m6502Descriptor, z80Descriptor, m68000Descriptor, i8086Descriptor, i80286Descriptor, i80386Descriptor];

export function findCpu(id: string): CpuDescriptor | undefined {
  return cpus.find((c) => c.id === id);
}
