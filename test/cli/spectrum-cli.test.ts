/** The CLI driving the real Spectrum with the real ROM: boot text, typing into BASIC. */
import { expect, it } from 'vitest';
import { cpus } from '../../cores/cpu/index.ts';
import { machines } from '../../machines/index.ts';
import { runCli } from '../../ui/cli/cli.ts';
import { describeWithShared, shared } from '../helpers/testdata.ts';

function cli(...argv: string[]): { code: number; out: string } {
  const out: string[] = [];
  const code = runCli(argv, (l) => out.push(l), (l) => out.push(l), machines, cpus);
  return { code, out: out.join('\n') };
}

describeWithShared('CLI on the ZX Spectrum 48K', ['testdata/spectrum/rom/48.rom'], () => {
  const rom = () => 'system=' + shared('testdata/spectrum/rom/48.rom');

  it('prints the copyright line with --screen-text', () => {
    const r = cli('run', '--machine', 'zx-spectrum-48k', '--rom', rom(), '--seconds', '3', '--screen-text');
    expect(r.code).toBe(0);
    expect(r.out).toContain('© 1982 Sinclair Research Ltd');
  });

  it('types a BASIC line after the ROM has booted and shows its result', () => {
    const r = cli('run', '--machine', 'zx-spectrum-48k', '--rom', rom(), '--seconds', '1', '--type', 'P"HELLO"\\n', '--screen-text');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^HELLO$/m);
    expect(r.out).toContain('0 OK, 0:1');
  });
});
