/**
 * The page's catalog (machines/catalog.ts: info without code, lazy loaders) and the full registry
 * (machines/index.ts) must describe the same machines the same way, or the page would offer a
 * configuration, drive or format the machine does not have.
 */
import { describe, expect, it } from 'vitest';
import type { MachineDef, MachineInfo } from '../../cores/kernel/machine.ts';
import { catalog } from '../../machines/catalog.ts';
import { machines } from '../../machines/index.ts';

/** The info a definition implies: its metadata with ROM fallbacks and format parsers reduced to flags and names. */
function infoOf(def: MachineDef): MachineInfo {
  const { build: _b, bench: _be, defaultProgram, roms, media, ...rest } = def;
  return {
    ...rest,
    roms: roms.map(({ fallback, ...r }) => ({ ...r, builtIn: fallback !== undefined || undefined })),
    media: media.map((f) => ({ id: f.id, name: f.name, extensions: f.extensions, kind: f.kind, maxBytes: f.maxBytes })),
    hasDefaultProgram: defaultProgram !== undefined || undefined,
  };
}

/** Drop undefined members so an absent flag equals one set to undefined. */
function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v));
}

describe('machine catalog', () => {
  it('lists the same machines as the registry, in the same order', () => {
    expect(catalog.map((e) => e.info.id)).toEqual(machines.map((m) => m.id));
  });

  for (const entry of catalog) {
    it(`${entry.info.id}: the info agrees with the definition its loader returns`, async () => {
      const def = await entry.load();
      expect(def).toBe(machines.find((m) => m.id === entry.info.id));
      const info = plain(entry.info) as Record<string, unknown>;
      if (info.hasDefaultProgram === false) delete info.hasDefaultProgram;
      for (const r of (info.roms as Record<string, unknown>[])) if (r.builtIn === false) delete r.builtIn;
      expect(info).toEqual(plain(infoOf(def)));
    });
  }

  it('the catalog module imports no machine code eagerly', async () => {
    const { readFileSync } = await import('node:fs');
    const src = readFileSync(new URL('../../machines/catalog.ts', import.meta.url), 'utf8');
    const staticImports = [...src.matchAll(/^import .* from '(.+)';$/gm)].map((m) => m[1]!);
    for (const p of staticImports) expect(p, p).toMatch(/(\/info\.ts|cores\/kernel\/machine\.ts)$/);
  });
});
