/**
 * Every machine as the page needs it: its info (names, ROM slots, formats, drives, configuration,
 * key help; no emulation code) and a loader that imports its definition only when it is started.
 * The page imports this file alone, so its bundle does not carry the emulators; the worker calls
 * `load()`, which the bundler turns into one chunk per machine. A new machine adds a line here and
 * its definition to `index.ts` (which the CLI and tests import whole); a test checks both agree.
 */
import type { MachineDef, MachineInfo } from '../cores/kernel/machine.ts';
import { spectrum48kInfo } from './zx-spectrum/info.ts';
import { nesInfo } from './nes/info.ts';
import { amiga500Info } from './amiga-500/info.ts';
import { ibmPcXtInfo } from './ibm-pc-xt/info.ts';
import { dosInfo } from './dos/info.ts';

export interface CatalogEntry {
  readonly info: MachineInfo;
  load(): Promise<MachineDef>;
}

export const catalog: readonly CatalogEntry[] = [
  { info: spectrum48kInfo, load: async () => (await import('./zx-spectrum/definition.ts')).spectrum48k },
  { info: nesInfo, load: async () => (await import('./nes/definition.ts')).nes },
  { info: amiga500Info, load: async () => (await import('./amiga-500/definition.ts')).amiga500 },
  { info: ibmPcXtInfo, load: async () => (await import('./ibm-pc-xt/definition.ts')).ibmPcXt },
  { info: dosInfo, load: async () => (await import('./dos/definition.ts')).dosMachine },
];

export function findInfo(id: string): MachineInfo | undefined {
  return catalog.find((e) => e.info.id === id)?.info;
}

/** The definition of machine `id`, loading its code on first use. */
export async function loadMachine(id: string): Promise<MachineDef | undefined> {
  return catalog.find((e) => e.info.id === id)?.load();
}
