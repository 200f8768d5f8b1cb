/** Every machine, by id. A new machine adds its definition here; nothing in the kernel changes. */
import type { MachineDef } from '../cores/kernel/machine.ts';

export const machines: readonly MachineDef[] = [];

export function findMachine(id: string): MachineDef | undefined {
  return machines.find((m) => m.id === id);
}
