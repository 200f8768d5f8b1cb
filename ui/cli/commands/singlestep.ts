/** `singlestep --cpu ID PATH...`: run single-step test files against a core. */
import type { CpuDescriptor } from '../../../cores/cpu/descriptor.ts';
import { UsageError } from '../../../cores/kernel/errors.ts';
import { optionOne, parseArgs } from '../args.ts';
import { collectTestFiles, failureLine, runTestFiles } from '../singlestep.ts';

export function singlestepCommand(argv: readonly string[], print: (line: string) => void, cpus: readonly CpuDescriptor[]): number {
  const a = parseArgs(argv, { cpu: { value: true } }, 'singlestep');
  const id = optionOne(a, 'cpu');
  if (id === undefined) throw new UsageError(`singlestep: --cpu is required (one of ${cpus.map((c) => c.id).join(', ')})`);
  const cpu = cpus.find((c) => c.id === id);
  if (cpu === undefined) throw new UsageError(`singlestep: unknown CPU "${id}" (known: ${cpus.map((c) => c.id).join(', ')})`);
  if (cpu.singleStep === undefined) throw new UsageError(`singlestep: the ${cpu.title} core cannot run single-step tests yet`);
  if (a.positional.length === 0) throw new UsageError('singlestep: give at least one test file or directory');
  const files = collectTestFiles(a.positional);
  if (files.length === 0) throw new UsageError('singlestep: no .json or .json.gz test files found');
  const suite = cpu.singleStep;
  const { passed, failed } = runTestFiles(files, () => suite, (r) => {
    if (r.failed > 0) print(failureLine(r));
  });
  print(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}
