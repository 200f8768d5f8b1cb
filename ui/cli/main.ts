/**
 * The headless command line: `npm run --silent cli -- <command>`.
 * Errors a user can cause print one line and exit 2; a bug prints its stack and exits 70.
 */
import { AmalgamError } from '../../cores/kernel/errors.ts';
import { benchCommand } from './commands/bench.ts';
import { machinesCommand } from './commands/machines.ts';
import { runCommand } from './commands/run.ts';
import { singlestepCommand } from './commands/singlestep.ts';

const USAGE = `usage: amalgam <command> [options]
  machines                         list machines: id, title, CPU, media formats
  run --machine ID [--rom SLOT=FILE]... [--media FILE]... [--frames N | --seconds S]
      [--type TEXT | --keys SCRIPT] [--screenshot OUT.png] [--audio OUT.wav]
      [--save-state OUT] [--load-state IN] [--screen-text]
  bench [--machine ID]... [--cpu ID]... [--seconds S] [--json] [--no-peers]
  singlestep --cpu ID PATH...      run SingleStepTests JSON files against a core`;

function main(argv: string[]): number {
  const print = (line: string) => process.stdout.write(line + '\n');
  const [command, ...rest] = argv;
  switch (command) {
    case 'machines': return machinesCommand(print);
    case 'run': return runCommand(rest, print);
    case 'bench': return benchCommand(rest, print);
    case 'singlestep': return singlestepCommand(rest, print);
    case undefined: case 'help': case '--help': case '-h':
      print(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`amalgam: unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof AmalgamError) {
    process.stderr.write(`amalgam: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`amalgam: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 70;
  }
}
