/**
 * `machines`: one line per registered machine (id, title, CPU, media formats, tab-separated), as
 * scripts expect. With `--long`, each is followed by indented lines for its configuration
 * (`--config`), drives (`--media DRIVE=FILE`), options (`--option`) and export formats (`--export`).
 */
import { UsageError } from '../../../cores/kernel/errors.ts';
import type { MachineDef } from '../../../cores/kernel/machine.ts';
import { parseArgs } from '../args.ts';

export function machinesCommand(argv: readonly string[], print: (line: string) => void, machines: readonly MachineDef[]): number {
  const a = parseArgs(argv, { long: {} }, 'machines');
  if (a.positional.length) throw new UsageError(`machines: unexpected argument ${a.positional[0]}`);
  const long = a.flags.has('long');
  if (machines.length === 0) print('(no machines registered yet)');
  for (const m of machines) {
    const formats = [...new Set(m.media.flatMap((f) => f.extensions))].map((e) => '.' + e).join(' ') || '-';
    print(`${m.id}\t${m.title}\t${m.cpu}\t${formats}`);
    if (!long) continue;
    for (const c of m.config ?? [])
      print(`  --config ${c.id}=${c.choices.map((x) => x.value).join('|')} (default ${c.default}): ${c.label}`);
    for (const d of m.drives ?? [])
      print(`  --media ${d.id}=FILE: ${d.label} (${d.kinds.join(', ')}${d.writable ? ', writable' : ''})`);
    for (const o of m.options ?? []) print(`  --option ${o.id}=on|off (default ${o.default ? 'on' : 'off'}): ${o.label}`);
    for (const e of m.exports ?? []) print(`  --export FILE.${e.extension}: ${e.label}`);
  }
  return 0;
}
