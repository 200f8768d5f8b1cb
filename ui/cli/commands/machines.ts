/**
 * `machines`: one line per registered machine (id, title, CPU, media formats, tab-separated), each
 * followed by an indented line per option (`--option`) and per export format (`--export`).
 */
import type { MachineDef } from '../../../cores/kernel/machine.ts';

export function machinesCommand(print: (line: string) => void, machines: readonly MachineDef[]): number {
  if (machines.length === 0) print('(no machines registered yet)');
  for (const m of machines) {
    const formats = [...new Set(m.media.flatMap((f) => f.extensions))].map((e) => '.' + e).join(' ') || '-';
    print(`${m.id}\t${m.title}\t${m.cpu}\t${formats}`);
    for (const o of m.options ?? []) print(`  --option ${o.id}=on|off (default ${o.default ? 'on' : 'off'}): ${o.label}`);
    for (const e of m.exports ?? []) print(`  --export FILE.${e.extension}: ${e.label}`);
  }
  return 0;
}
