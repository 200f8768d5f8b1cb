/**
 * Hardware configuration (MachineDef.config): filling in defaults, checking what the user asked
 * for, parsing it from the CLI and links, and saying how two configurations differ. The Session is
 * the only caller that builds machines, so this is checked in one place.
 */
import { UsageError } from './errors.ts';
import type { MachineConfig, MachineDef } from './machine.ts';

/**
 * The complete configuration for `def`: each setting the user gave (checked), the default for the
 * rest. Throws UsageError naming the setting and its choices for an unknown id or value.
 */
export function resolveConfig(def: MachineDef, given: Readonly<Record<string, string>> = {}): MachineConfig {
  const settings = def.config ?? [];
  const out: Record<string, string> = {};
  for (const id of Object.keys(given)) {
    if (!settings.some((c) => c.id === id))
      throw new UsageError(
        `${def.title} has no configuration setting "${id}"` +
          (settings.length ? ` (settings: ${settings.map((c) => c.id).join(', ')}).` : ' (it has none).'),
      );
  }
  for (const c of settings) {
    const v = given[c.id] ?? c.default;
    if (!c.choices.some((x) => x.value === v))
      throw new UsageError(
        `${def.title}: "${v}" is not a choice for ${c.label} (${c.id}); choices: ${c.choices.map((x) => x.value).join(', ')}.`,
      );
    out[c.id] = v;
  }
  return out;
}

/**
 * Parse `id=value` pairs (the CLI's repeated `--config id=value`) or one comma-separated list
 * (`video:vga,ram:640`, as links carry it; `=` works there too).
 */
export function parseConfigPairs(specs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs.flatMap((s) => s.split(','))) {
    const t = spec.trim();
    if (t === '') continue;
    const m = /^([A-Za-z0-9_.-]+)[=:](.+)$/.exec(t);
    if (m === null) throw new UsageError(`bad configuration "${t}": write id=value (for example video=cga)`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** People's words for how `saved` differs from `now`, or null when they are the same. */
export function describeConfigDifference(def: MachineDef, saved: MachineConfig, now: MachineConfig): string | null {
  const diffs: string[] = [];
  for (const c of def.config ?? []) {
    const a = saved[c.id] ?? c.default;
    const b = now[c.id];
    if (a !== b) {
      const label = (v: string | undefined) => c.choices.find((x) => x.value === v)?.label ?? v ?? 'none';
      diffs.push(`${c.label}: ${label(a)} in the state, ${label(b)} now`);
    }
  }
  for (const id of Object.keys(saved))
    if (!(def.config ?? []).some((c) => c.id === id)) diffs.push(`a setting "${id}" this machine does not have`);
  return diffs.length ? diffs.join('; ') : null;
}
