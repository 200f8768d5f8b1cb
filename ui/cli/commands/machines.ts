/** `machines`: one line per registered machine. */
import { machines } from '../../../machines/index.ts';

export function machinesCommand(print: (line: string) => void): number {
  if (machines.length === 0) print('(no machines registered yet)');
  for (const m of machines) {
    const formats = [...new Set(m.media.flatMap((f) => f.extensions))].map((e) => '.' + e).join(' ') || '-';
    print(`${m.id}\t${m.title}\t${m.cpu}\t${formats}`);
  }
  return 0;
}
