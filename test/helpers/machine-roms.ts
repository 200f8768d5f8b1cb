/**
 * ROMs in ../shared/testdata for machines that need one the project cannot replace (a ROM slot
 * without a fallback), so tests that loop over every machine build them all instead of dropping
 * some. A machine that needs a ROM and has no entry here fails those tests: add it here when you
 * add the machine.
 */
import { readFileSync } from 'node:fs';
import type { MachineDef } from '../../cores/kernel/machine.ts';
import { shared } from './testdata.ts';

/** machine id -> slot -> path inside ../shared. */
export const TEST_ROMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {};

/** Shared paths a machine's required ROMs need (empty when every slot has a fallback). */
export function requiredRomPaths(def: MachineDef): string[] {
  const needs = def.roms.filter((r) => r.fallback === undefined);
  return needs.map((r) => {
    const p = TEST_ROMS[def.id]?.[r.slot];
    if (p === undefined) throw new Error(`${def.id} needs a ROM in slot "${r.slot}" and test/helpers/machine-roms.ts names none`);
    return p;
  });
}

/** The ROMs to build `def` with in tests (only the slots without a fallback). */
export function testRoms(def: MachineDef): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const r of def.roms) {
    if (r.fallback !== undefined) continue;
    const rel = TEST_ROMS[def.id]?.[r.slot];
    const path = rel === undefined ? null : shared(rel);
    if (path === null) throw new Error(`${def.id}: no test ROM for slot "${r.slot}"`);
    out.set(r.slot, new Uint8Array(readFileSync(path)));
  }
  return out;
}
