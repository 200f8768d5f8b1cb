/** `machines`: one line per registered machine. */
import type { MachineDef } from '../../../cores/kernel/machine.ts';

export function machinesCommand(print: (line: string) => void, machines: readonly MachineDef[]): number {
  if (machines.length === 0) print('(no machines registered yet)');
  for (const m of machines) {
    const formats = [...new Set(m.media.flatMap((f) => f.extensions))].map((e) => '.' + e).join(' ') || '-';
    print(`${m.id}\t${m.title}\t${m.cpu}\t${formats}`);
  }
  return 0;
}
