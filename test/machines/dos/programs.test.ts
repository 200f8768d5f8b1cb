/**
 * Our own DOS test programs (roms/dos, assembled by roms/dos/build.ts) run under the built-in
 * DOS on the temporary flat-bus harness, each with the output DOS 5 would give it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DosHarness } from '../../../machines/dos/harness.ts';
import type { HostFile } from '../../../machines/dos/vfs.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';

const ROMS = new URL('../../../roms/dos/', import.meta.url);

export function ourPrograms(): HostFile[] {
  return readdirSync(ROMS).filter((f) => /\.(COM|EXE)$/.test(f)).map((f) => {
    const bytes = new Uint8Array(readFileSync(new URL(f, ROMS)));
    return { path: f, size: bytes.length, bytes };
  });
}

function run(name: string, tail = '', keys = ''): DosHarness {
  const h = new DosHarness(ourPrograms());
  expect(h.start(name, tail)).toBe(0);
  if (keys) h.type(keys);
  expect(h.run(20_000_000)).toBe('exit');
  return h;
}

describe('built-in DOS: console, PSP and exit (HELLO.COM)', () => {
  it('prints through AH=02h, 09h and 40h, sees its command tail and path, exits with AL', () => {
    const h = run('HELLO.COM', 'one two');
    expect(h.output).toBe('ABC\r\n[ one two]\r\nC:\\HELLO.COM\r\n');
    expect(h.exits).toEqual([3]);
    expect(h.screenText()).toBe('ABC\n[ one two]\nC:\\HELLO.COM');
    expect(h.logLines).toEqual([]);
  });
});

describe('built-in DOS: memory control blocks (MEMTEST.COM)', () => {
  it('resizes, allocates, refuses too much with the largest block, frees, rejects a non-block', () => {
    const h = run('MEMTEST.COM');
    expect(h.output).toBe([
      'c04A00',          // 4Ah shrink to 64 KB: no carry
      'c01001',          // 48h: a block right after ours (PSP + 1000h + its header)
      'c10008 8EFE',     // 48h FFFFh paragraphs: error 8, BX = largest (up to A000h)
      'c049FE c10009',   // 49h frees; 49h on a non-block: error 9
      'c10008 A000',     // 4Ah grow past 640 KB: error 8, BX = everything up to A000h
      '',
    ].join('\r\n'));
  });
});

describe('built-in DOS: MZ loader (EXETEST.EXE)', () => {
  it('applies relocations in code and data and sets SS:SP, CS:IP, DS=ES=PSP', () => {
    const h = run('EXETEST.EXE');
    expect(h.output).toBe('EXE ok\r\n001E 0200 0010 001D\r\n');
    expect(h.exits).toEqual([7]);
  });
});

describe('built-in DOS: EXEC and return codes (RUNCHILD.COM)', () => {
  it('runs a .COM and an .EXE as children with a command tail and reads their codes once', () => {
    const h = run('RUNCHILD.COM');
    expect(h.output).toBe([
      'c04A00',
      'ABC', '[ from exec]', 'C:\\HELLO.COM',
      'c04C03 c00003',   // EXEC returns (AX is whatever the child left), 4Dh gives 0003
      'c10002 c00000',   // a missing program: error 2; the code was read already
      'EXE ok', '001E 0200 0010 001D',
      'c04C07 c00007',
      '',
    ].join('\r\n'));
    expect(h.exits).toEqual([0]);
  });
});

describeWithShared('built-in DOS: the bench kernel', ['bench-kernels/SIEVE0.COM'], () => {
  it('SIEVE0.COM prints E0000 and exits with 0', () => {
    const bytes = new Uint8Array(readFileSync(shared('bench-kernels/SIEVE0.COM')!));
    const h = new DosHarness([{ path: 'SIEVE0.COM', size: bytes.length, bytes }]);
    expect(h.start('SIEVE0.COM')).toBe(0);
    expect(h.run(1_000_000)).toBe('exit');
    expect(h.output).toBe('E0000\r\n');
    expect(h.exits).toEqual([0]);
  });
});
