/**
 * The headless command line, as a function so tests can drive it with their own machine list.
 * Errors a user can cause print one line and return 2; a bug prints its stack and returns 70.
 */
import { AmalgamError } from '../../cores/kernel/errors.ts';
import type { CpuDescriptor } from '../../cores/cpu/descriptor.ts';
import type { MachineDef } from '../../cores/kernel/machine.ts';
import { benchCommand } from './commands/bench.ts';
import { machinesCommand } from './commands/machines.ts';
import { runCommand } from './commands/run.ts';
import { singlestepCommand } from './commands/singlestep.ts';

export const USAGE = `usage: amalgam <command> [options]
  machines [--long]                list machines: id, title, CPU, media formats (--long: options, exports),
                                   options and export formats
  run --machine ID [--rom SLOT=FILE]... [--media FILE]... [--frames N | --seconds S]
      [--type TEXT | --keys SCRIPT] [--screenshot OUT.png] [--audio OUT.wav]
      [--save-state OUT] [--load-state IN] [--screen-text]
      [--option ID=on|off]... [--export FILE.EXT]
                                   (options and export formats: see machines)
  bench [--machine ID]... [--cpu ID]... [--seconds S] [--json] [--no-peers]
  singlestep --cpu ID PATH...      run SingleStepTests JSON files against a core`;

export function runCli(
  argv: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void,
  machines: readonly MachineDef[],
  cpus: readonly CpuDescriptor[],
): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'machines': return machinesCommand(rest, out, machines);
      case 'run': return runCommand(rest, out, machines, err);
      case 'bench': return benchCommand(rest, out, machines, cpus);
      case 'singlestep': return singlestepCommand(rest, out, cpus);
      case 'help': case '--help': case '-h':
        out(USAGE);
        return 0;
      case undefined:
        err(USAGE);
        return 2;
      default:
        err(`amalgam: unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    if (e instanceof AmalgamError) {
      err(`amalgam: ${e.message}`);
      return 2;
    }
    err(`amalgam: internal error: ${e instanceof Error ? e.stack : String(e)}`);
    return 70;
  }
}
