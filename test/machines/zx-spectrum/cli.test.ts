/** The lead's acceptance command, through the CLI's own `run` code path. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { machines } from '../../../machines/index.ts';
import { runCommand } from '../../../ui/cli/commands/run.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';

const ROM = 'testdata/spectrum/rom/48.rom';

describeWithShared('CLI run on the ZX Spectrum 48K', [ROM], () => {
  it('boots the Sinclair ROM: --screen-text prints the copyright line and --screenshot writes a PNG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'amalgam-zx-'));
    try {
      const png = join(dir, 's.png');
      const out: string[] = [];
      const code = runCommand(['--machine', 'zx-spectrum-48k', '--rom', `system=${shared(ROM)}`, '--seconds', '3',
        '--screen-text', '--screenshot', png], (l) => out.push(l), machines);
      expect(code).toBe(0);
      expect(out[0]).toMatch(/^ran 150 frames \(3\.000 s emulated\); last frame 320x240 sha1 [0-9a-f]{40}$/);
      expect(out[out.length - 1]!.split('\n').pop()).toBe('\u00a9 1982 Sinclair Research Ltd');
      expect(existsSync(png)).toBe(true);
      expect([...readFileSync(png).subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

it('runs the demo on the replacement ROM when no ROM is given', () => {
  const out: string[] = [];
  runCommand(['--machine', 'zx-spectrum-48k', '--seconds', '2', '--screen-text'], (l) => out.push(l), machines);
  const text = out.join('\n');
  expect(text).toContain('ZX Spectrum 48K demo');
  expect(text).toContain('loading need the original ROM.');
});
