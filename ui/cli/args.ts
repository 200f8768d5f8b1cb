/** A small, strict command-line parser: known options only, repeated options collected. */
import { UsageError } from '../../cores/kernel/errors.ts';

export interface OptionSpec {
  /** Takes a value (`--frames 10`); otherwise a flag. */
  value?: boolean;
  /** May be given more than once. */
  repeat?: boolean;
}

export interface ParsedArgs {
  options: Map<string, string[]>;
  flags: Set<string>;
  positional: string[];
}

export function parseArgs(argv: readonly string[], spec: Record<string, OptionSpec>, command: string): ParsedArgs {
  const out: ParsedArgs = { options: new Map(), flags: new Set(), positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) { out.positional.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const s = spec[name];
    if (s === undefined) throw new UsageError(`${command}: unknown option --${name}`);
    if (!s.value) {
      if (eq >= 0) throw new UsageError(`${command}: --${name} takes no value`);
      out.flags.add(name);
      continue;
    }
    let v: string | undefined;
    if (eq >= 0) v = a.slice(eq + 1);
    else { v = argv[++i]; if (v === undefined) throw new UsageError(`${command}: --${name} needs a value`); }
    const list = out.options.get(name) ?? [];
    if (list.length > 0 && !s.repeat) throw new UsageError(`${command}: --${name} given twice`);
    list.push(v);
    out.options.set(name, list);
  }
  return out;
}

export function optionOne(a: ParsedArgs, name: string): string | undefined {
  return a.options.get(name)?.[0];
}

export function optionNumber(a: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const v = optionOne(a, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a number from ${min} to ${max} (got ${JSON.stringify(v)})`);
  return n;
}
