/** Entry point of `npm run cli`: see cli.ts. */
import { cpus } from '../../cores/cpu/index.ts';
import { machines } from '../../machines/index.ts';
import { runCli } from './cli.ts';

process.exitCode = runCli(
  process.argv.slice(2),
  (line) => process.stdout.write(line + '\n'),
  (line) => process.stderr.write(line + '\n'),
  machines,
  cpus,
);
