/**
 * A real third-party client: FreeDOS's COMMAND.COM (FreeCOM 0.82pl3), read out of the FreeDOS
 * boot floppy with our FAT12 reader, runs under the built-in DOS on the flat-bus harness:
 * VER, DIR, ECHO, SET, a batch file with parameters and IF, and EXIT.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CorruptDataError, MediaError, TruncatedError } from '../../../cores/kernel/errors.ts';
import { readFat, readGeometry } from '../../../machines/dos/fat.ts';
import { DosHarness } from '../../../machines/dos/harness.ts';
import { Volume } from '../../../machines/dos/vfs.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';

const IMG = 'testdata/pc/freedos/freedos.boot.disk.360K.img';

describeWithShared('FAT12 reader on the FreeDOS boot floppies', [IMG], () => {
  const img = () => new Uint8Array(readFileSync(shared(IMG)!));

  it('reads the geometry, label, files and their contents', () => {
    const r = readFat(img(), 'fd360');
    expect(r.geometry).toMatchObject({ bytesPerSector: 512, sectorsPerCluster: 2, fatBits: 12, media: 0xfd, totalSectors: 720, sectorsPerTrack: 9, heads: 2 });
    expect(r.label).toBe('FREEDOS');
    expect(r.files.map((f) => `${f.path}:${f.size}`)).toEqual([
      'AUTOEXEC.BAT:408', 'FSEVEN~1/FSEVEN~1:36', 'FSEVEN~1/000000~1:185', 'FSEVEN~1/000000~2:73',
      'KERNEL.SYS:45450', 'COMMAND.COM:66090', 'CONFIG.SYS:209', 'README.TXT:214',
    ]);
    const cmd = r.files.find((f) => f.path === 'COMMAND.COM')!.read!();
    expect(cmd.length).toBe(66090);
    expect([cmd[0], cmd[1]]).toEqual([0x4d, 0x5a]);
    const auto = new TextDecoder().decode(r.files.find((f) => f.path === 'AUTOEXEC.BAT')!.read!());
    expect(auto.startsWith('ECHO OFF')).toBe(true);
    expect(auto.trimEnd().endsWith('cls')).toBe(true);
  });

  it('gives typed errors for truncated or damaged images, and survives random damage', () => {
    const good = img();
    expect(() => readGeometry(good.subarray(0, 100), 'x')).toThrow(TruncatedError);
    expect(() => readFat(good.subarray(0, 2000), 'x')).toThrow(TruncatedError);
    const bad = good.slice(); bad[0x0b] = 7;
    expect(() => readFat(bad, 'x')).toThrow(CorruptDataError);
    let seed = 99;
    const rnd = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed >>> 16; };
    for (let i = 0; i < 30; i++) {
      const d = good.slice(0, 0x4000 + (rnd() % 0x4000) * 16);
      for (let j = 0; j < 200; j++) d[rnd() % 0x3000] = rnd() & 0xff;
      try {
        const r = readFat(d, 'x');
        for (const f of r.files) f.read?.();
      } catch (e) { expect(e).toBeInstanceOf(MediaError); }
    }
  });
});

describeWithShared('FreeCOM under the built-in DOS', [IMG], () => {
  it('runs VER, DIR, ECHO, SET, a batch file and EXIT', () => {
    const r = readFat(new Uint8Array(readFileSync(shared(IMG)!)), 'fd360');
    const bat = new TextEncoder().encode('@echo off\r\necho batch says %1 %2\r\nif "%1"=="one" echo first is one\r\nset B=from-batch\r\n');
    const h = new DosHarness(new Volume([...r.files, { path: 'TEST.BAT', size: bat.length, bytes: bat }], r.label));
    expect(h.start('COMMAND.COM')).toBe(0);
    expect(h.run(30_000_000)).toBe('wait');
    expect(h.output).toContain('FreeCom version 0.82 pl 3');
    expect(h.output.endsWith('C:\\>')).toBe(true);
    h.type('ver\ndir\necho hello there\nset FOO=bar\nset\ntest one two\necho %B%\nexit\n');
    expect(h.run(60_000_000)).toBe('exit');
    const out = h.output.split('\r\n');
    const after = (cmd: string, n: number): string[] => { const i = out.indexOf('C:\\>' + cmd); expect(i).toBeGreaterThanOrEqual(0); return out.slice(i + 1, i + 1 + n); };
    expect(after('ver', 2)).toEqual(['', 'FreeCom version 0.82 pl 3 XMS_Swap [Dec 10 2003 06:49:21]']);
    const dir = after('dir', 12).join('\n');
    expect(dir).toMatch(/COMMAND +COM +66,090 +10-19-18/);
    expect(dir).toMatch(/TEST +BAT +\d+/);
    expect(dir).toMatch(/FSEVEN~1 +<DIR>/);
    expect(dir).toMatch(/6 file\(s\) +112,\d{3} bytes/);
    expect(after('echo hello there', 1)).toEqual(['hello there']);
    expect(after('set', 4)).toEqual(['COMSPEC=C:\\COMMAND.COM', 'PATH=C:\\', 'PROMPT=$P$G', 'FOO=bar']);
    expect(after('test one two', 3)).toEqual(['', 'batch says one two', 'first is one']);
    expect(after('echo %B%', 1)).toEqual(['from-batch']);
    expect(h.exits).toEqual([0]);
  });
});
