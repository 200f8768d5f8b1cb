/**
 * Our own DOS test programs (roms/dos, assembled by roms/dos/build.ts) run under the built-in
 * DOS on the temporary flat-bus harness, each with the output DOS 5 would give it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DosHarness } from '../../../machines/dos/harness.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';
import { ourPrograms } from './helpers.ts';
import { floppyFromImage } from '../../../machines/dos/int13.ts';


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

describe('built-in DOS: handles, directories, find first/next (FILETEST.COM)', () => {
  it('answers each call as DOS 5 does, errors included, and leaves the original files alone', () => {
    const files = ourPrograms().filter((f) => f.path === 'FILETEST.COM');
    const h = new DosHarness(files);
    expect(h.start('FILETEST.COM')).toBe(0);
    expect(h.run(20_000_000)).toBe('exit');
    expect(h.output.split('\r\n')).toEqual([
      'c00005 c0000B c03E0B ',                                   // create -> 5, write 11, close
      'c00005 c00005 hello c0000B c00005 world c10005 c03E05 c10006 ', // read, seek end = 11, write on read-only 5, close twice 6
      'c05606 c10002 c10003 c00020',                             // rename; old name 2; missing dir 3; attributes 20h
      'c03920 c10005 c03B05 c00100 SUB c00005 c03E05 c10050 c03B50 ', // mkdir, again 5, chdir, getcwd, create new, again 50h
      'c04E50 FILETEST.COM20 NEW.TXT20 SUB10 c10012',
      'c10005 c04105 c03A05 c04105 c10002 ',                     // rmdir non-empty 5; deletes; delete again 2
      'c00005 ok\nc00003 c03E03 c000050002',                     // dup of stdout writes (a bare LF); 6Ch creates (action 2)
      '',
    ]);
    // The overlay holds what the program left (files it made and removed leave no trace), and
    // the files it was given are unchanged.
    const vol = h.dos.drives[2]!;
    expect(vol.changes().map((c) => [c.path, c.kind, c.bytes?.length])).toEqual([['TEST.TXT', 'file', 0]]);
    expect(files.every((f) => vol.read(f.path) === f.bytes || [...vol.read(f.path)].join() === [...f.bytes!].join())).toBe(true);
  });
});

describe('built-in DOS: console input (INPUT.COM)', () => {
  it('edits a line with Backspace and a length limit, reads keys with and without echo, reports no key', () => {
    const h = new DosHarness(ourPrograms());
    expect(h.start('INPUT.COM')).toBe(0);
    expect(h.run(5_000_000)).toBe('wait');
    expect(h.screenText()).toBe('Name?');
    h.type('Bob\bb the builder\nxy');
    expect(h.run(5_000_000)).toBe('exit');
    expect(h.screenText()).toBe('Name? Bob the b\n09 Bob the b\nx7879000040');
  });
});

describe('built-in DOS: file control blocks (FCBTEST.COM)', () => {
  it('parses names, creates, writes and reads records sequentially and at random, renames, finds, deletes', () => {
    const h = run('FCBTEST.COM');
    expect(h.output).toBe([
      '00 00 00 00 00 ',                                                        // parse, create, 2 writes, close
      '00 0020 00 0002 00 b 00 a 00 0001 01 0002 01 00 ',                       // open (32 bytes), size 2 records, random 1 = b, seq 0 = a, 24h -> 1, block read 2 then EOF, EOF, close
      '00 01 00 NEW     DAT FF 00 FF ',                                         // rename, wildcard parse, find, no more, delete, open fails
      '',
    ].join('\r\n'));
  });
});

describe('built-in DOS: EXEC load overlay (OVLTEST.COM)', () => {
  it('loads an EXE image at a given segment and relocates it by the given factor', () => {
    const h = run('OVLTEST.COM');
    expect(h.output).toBe('c04B03 000D\r\n');
  });
});

describe('built-in BIOS and mouse (BIOSTEST.COM)', () => {
  it('answers INT 11h, 12h, 10h, 16h, 13h on a floppy image, and INT 33h', () => {
    const h = new DosHarness(ourPrograms());
    h.dos.mouseEnabled = true;
    // A 360 KB image whose sectors carry their number in their first byte, and the boot signature.
    const img = new Uint8Array(368640);
    for (let lba = 0; lba < 720; lba++) img[lba * 512] = lba + 1;
    img[510] = 0x55; img[511] = 0xaa;
    h.dos.disk.floppy = floppyFromImage(img, 9, 2);
    expect(h.start('BIOSTEST.COM')).toBe(0);
    expect(h.run(2_000_000)).toBe('exit');
    expect(h.output).toBe([
      '0021 0280 5003 000F 40',          // equipment, 640 KB, 80 columns mode 3, cursor at column 15, no key
      '2709 0101 c00001 AA55 0C',        // 40 cylinders x 9 sectors, 2 heads, 1 drive; read OK; signature; C0 H1 S3 = LBA 11
      'FFFF 0002 0064 0032 0626',        // mouse reset: installed, 2 buttons; position set to 100,50; version 6.26
      '',
    ].join('\r\n'));
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
