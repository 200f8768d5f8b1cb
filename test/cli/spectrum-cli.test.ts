/**
 * The CLI driving the real Spectrum: boot text and typing into BASIC with the real ROM, the
 * real-time tape option, and a .z80 exported by one run continued by another.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpus } from '../../cores/cpu/index.ts';
import { machines } from '../../machines/index.ts';
import { runCli } from '../../ui/cli/cli.ts';
import { parseZ80 } from '../../machines/zx-spectrum/snapshot/z80.ts';
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

describe('CLI exports on the ZX Spectrum 48K (replacement ROM and demo)', () => {
  it('--export OUT.z80 after 60 frames, then --media OUT.z80 for 20 frames, ends on the same frame as 80 frames', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amalgam-zx-export-'));
    const z80 = join(dir, 'demo-60.z80');
    const a = cli('run', '--machine', 'zx-spectrum-48k', '--frames', '60', '--export', z80);
    expect(a.code).toBe(0);
    const snap = parseZ80(new Uint8Array(readFileSync(z80)), z80);
    expect(snap.ram.length).toBe(49152);
    const long = cli('run', '--machine', 'zx-spectrum-48k', '--frames', '80');
    const resumed = cli('run', '--machine', 'zx-spectrum-48k', '--media', z80, '--frames', '20');
    expect(resumed.code).toBe(0);
    const sha = (r: { out: string }) => r.out.match(/sha1 ([0-9a-f]{40})/)![1];
    expect(sha(resumed)).toBe(sha(long));
    expect(sha(a)).not.toBe(sha(long));
    const sna = join(dir, 'demo.SNA');
    expect(cli('run', '--machine', 'zx-spectrum-48k', '--frames', '1', '--export', sna).code).toBe(0);
    expect(readFileSync(sna).length).toBe(27 + 49152);
  });

  it('refuses an unknown option or export format in one line that lists what the machine has', () => {
    const o = cli('run', '--machine', 'zx-spectrum-48k', '--option', 'tape.fast=on');
    expect(o.code).toBe(2);
    expect(o.out).toBe('amalgam: run: zx-spectrum-48k has no option "tape.fast" (options: tape.realtime=on|off)');
    const e = cli('run', '--machine', 'zx-spectrum-48k', '--export', 'out.tap');
    expect(e.code).toBe(2);
    expect(e.out).toBe('amalgam: run: zx-spectrum-48k cannot export .tap files (it exports .z80, .sna)');
  });
});

const TAP = 'testdata/spectrum/tape-format-samples/basic_prog1.tap';
describeWithShared('CLI --option on the ZX Spectrum 48K', ['testdata/spectrum/rom/48.rom', TAP], () => {
  it('--option tape.realtime=on loads through the EAR bit: after 5 s still loading, after 15 s running', () => {
    const run = (opt: string, seconds: string) => cli('run', '--machine', 'zx-spectrum-48k', '--rom', 'system=' + shared('testdata/spectrum/rom/48.rom'),
      '--media', shared(TAP)!, '--option', `tape.realtime=${opt}`, '--seconds', seconds, '--screen-text');
    expect(run('off', '5').out).toContain('fq is the best!');
    expect(run('on', '5').out).not.toContain('fq is the best!');
    expect(run('on', '15').out).toContain('fq is the best!');
  });
});
