/**
 * Every machine, by id, with its code: the CLI, the bench and the tests import this. The page
 * imports `catalog.ts` instead (info only, code loaded lazily). A new machine adds its definition
 * here and its info + loader there; nothing in the kernel changes.
 */
import type { MachineDef } from '../cores/kernel/machine.ts';
import { spectrum48k } from './zx-spectrum/definition.ts';
import { nes } from './nes/definition.ts';
import { amiga500 } from './amiga-500/definition.ts';
import { ibmPcXt } from './ibm-pc-xt/definition.ts';
import { dosMachine } from './dos/definition.ts';

export const machines: readonly MachineDef[] = [spectrum48k, nes, amiga500, ibmPcXt, dosMachine];

export function findMachine(id: string): MachineDef | undefined {
  return machines.find((m) => m.id === id);
}
