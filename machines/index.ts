/** Every machine, by id. A new machine adds its definition here; nothing in the kernel changes. */
import type { MachineDef } from '../cores/kernel/machine.ts';
import { spectrum48k } from './zx-spectrum/definition.ts';

export const machines: readonly MachineDef[] = [spectrum48k];

export function findMachine(id: string): MachineDef | undefined {
  return machines.find((m) => m.id === id);
}
