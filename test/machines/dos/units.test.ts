/** The built-in DOS's pure parts alone: MZ parsing, the MCB chain, 8.3 names, paths, the overlay volume. */
import { describe, expect, it } from 'vitest';
import { FlatX86Bus } from '../../../cores/cpu/x86/bus.ts';
import { CorruptDataError, MediaError, TooLargeError, TruncatedError } from '../../../cores/kernel/errors.ts';
import { MAX_COM_BYTES, memoryNeeds, parseMz, parseProgram } from '../../../machines/dos/exe.ts';
import { DosErr, McbChain } from '../../../machines/dos/mcb.ts';
import { GuestMemory } from '../../../machines/dos/mem.ts';
import { matchName, patternToFcb, shortNameFor, toFcbName } from '../../../machines/dos/names.ts';
import { resolvePath } from '../../../machines/dos/paths.ts';
import { Volume } from '../../../machines/dos/vfs.ts';
import { changesZip } from '../../../machines/dos/definition.ts';
import { listZip } from '../../../cores/kernel/archive/index.ts';

function mz(fields: Partial<Record<number, number>>, total = 64): Uint8Array {
  const b = new Uint8Array(total);
  b[0] = 0x4d; b[1] = 0x5a;
  const base: Record<number, number> = { 2: total % 512, 4: Math.ceil(total / 512), 6: 0, 8: 2, 0x18: 0x1c, ...fields };
  for (const [off, v] of Object.entries(base)) { b[+off] = v! & 0xff; b[+off + 1] = v! >> 8; }
  return b;
}

describe('MZ header parsing', () => {
  it('reads the load module, relocations and entry registers', () => {
    const b = mz({ 6: 1, 0x0e: 0x12, 0x10: 0x80, 0x14: 0x34, 0x16: 0x1 });
    b[0x1c] = 0x10; b[0x1e] = 0x02;
    const p = parseMz(b, 'X.EXE');
    expect(p.image.length).toBe(32);
    expect(p.relocs).toEqual([[0x10, 0x02]]);
    expect([p.ss, p.sp, p.ip, p.cs]).toEqual([0x12, 0x80, 0x34, 0x1]);
    expect(memoryNeeds(p)).toEqual({ min: 0x10 + 2, max: 0x10 + 2 });
  });

  it('gives typed errors for damaged headers', () => {
    expect(() => parseMz(new Uint8Array([0x4d, 0x5a, 0, 0]), 'T.EXE')).toThrow(TruncatedError);
    expect(() => parseMz(mz({ 4: 0 }), 'T.EXE')).toThrow(CorruptDataError);
    expect(() => parseMz(mz({ 2: 600 }), 'T.EXE')).toThrow(CorruptDataError);
    expect(() => parseMz(mz({ 8: 1 }), 'T.EXE')).toThrow(CorruptDataError);
    expect(() => parseMz(mz({ 8: 100 }), 'T.EXE')).toThrow(CorruptDataError);
    expect(() => parseMz(mz({ 6: 10 }), 'T.EXE')).toThrow(CorruptDataError);
  });

  it('refuses a .COM larger than a segment allows', () => {
    expect(parseProgram(new Uint8Array(MAX_COM_BYTES), 'BIG.COM').kind).toBe('com');
    expect(() => parseProgram(new Uint8Array(MAX_COM_BYTES + 1), 'BIG.COM')).toThrow(TooLargeError);
  });

  it('never throws anything but a MediaError on random headers', () => {
    let seed = 12345;
    const rnd = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed >>> 16; };
    for (let i = 0; i < 2000; i++) {
      const b = new Uint8Array(rnd() % 200);
      for (let j = 0; j < b.length; j++) b[j] = rnd() & 0xff;
      if (b.length >= 2) { b[0] = 0x4d; b[1] = 0x5a; }
      try { parseProgram(b, 'F.EXE'); } catch (e) { expect(e).toBeInstanceOf(MediaError); }
    }
  });
});

describe('MCB chain', () => {
  const setup = () => {
    const mem = new GuestMemory(new FlatX86Bus());
    const c = new McbChain(mem, 0x100);
    c.init(0xa000);
    return { mem, c };
  };

  it('allocates first fit, splits, merges free neighbours on free', () => {
    const { c } = setup();
    const a = c.alloc(0x100, 0x200);
    const b = c.alloc(0x200, 0x200);
    expect(a).toEqual({ seg: 0x101 });
    expect(b).toEqual({ seg: 0x202 });
    expect(c.free(0x101)).toBe(0);
    expect(c.alloc(0x80, 0x300)).toEqual({ seg: 0x101 });
    expect(c.free(0x202)).toBe(0);
    expect(c.blocks()!.map((x) => [x.seg, x.owner, x.size])).toEqual([[0x100, 0x300, 0x80], [0x181, 0, 0xa000 - 0x182]]);
  });

  it('answers errors 7, 8 and 9 as DOS does', () => {
    const { mem, c } = setup();
    expect(c.alloc(0xa000, 1)).toEqual({ error: DosErr.insufficientMemory, largest: 0xa000 - 0x101 });
    expect(c.free(0x500)).toBe(DosErr.invalidBlock);
    mem.wr8(0x100, 0, 0x41);
    expect(c.alloc(1, 1)).toEqual({ error: DosErr.mcbDestroyed, largest: 0 });
  });

  it('resizes in place, growing into a free neighbour', () => {
    const { c } = setup();
    c.alloc(0x100, 5);
    expect(c.resize(0x101, 0x50)).toBe(0);
    expect(c.sizeOf(0x101)).toBe(0x50);
    expect(c.resize(0x101, 0x2000)).toBe(0);
    expect(c.sizeOf(0x101)).toBe(0x2000);
    expect(c.resize(0x101, 0xffff)).toEqual({ error: DosErr.insufficientMemory, largest: 0xa000 - 0x101 });
  });

  it('last fit takes the top of memory', () => {
    const { c } = setup();
    c.strategy = 2;
    expect(c.alloc(0x10, 1)).toEqual({ seg: 0xa000 - 0x10 });
  });
});

describe('8.3 names', () => {
  it('keeps valid names and shortens long ones like VFAT', () => {
    expect(shortNameFor('readme.txt', new Set())).toBe('README.TXT');
    expect(shortNameFor('LongName.exe', new Set())).toBe('LONGNAME.EXE');
    expect(shortNameFor('LongFileName.exe', new Set())).toBe('LONGFI~1.EXE');
    expect(shortNameFor('LongFileName.exe', new Set(['LONGFI~1.EXE']))).toBe('LONGFI~2.EXE');
    expect(shortNameFor('my file+1.html', new Set())).toBe('MYFILE~1.HTM');
    expect(shortNameFor('.profile', new Set())).toBe('PROFIL~1');
  });

  it('matches DOS wildcards in FCB form', () => {
    expect(patternToFcb('*.COM')).toBe('????????COM');
    expect(toFcbName('A.B')).toBe('A       B  ');
    expect(matchName('*.*', 'X')).toBe(true);
    expect(matchName('*.COM', 'HELLO.COM')).toBe(true);
    expect(matchName('*.COM', 'HELLO.EXE')).toBe(false);
    expect(matchName('H?LLO.*', 'HELLO.EXE')).toBe(true);
    expect(matchName('*', 'HELLO.EXE')).toBe(false);
    expect(matchName('*', 'HELLO')).toBe(true);
  });
});

describe('DOS paths', () => {
  const cwd = new Array<string>(26).fill('');
  cwd[2] = 'GAMES\\DOOM';
  const ok = (d: number) => d === 2 || d === 0;
  it('resolves relative, absolute, dot-dot, drive letters, and cuts names to 8.3', () => {
    expect(resolvePath('x.exe', 2, cwd, ok)).toEqual({ drive: 2, path: 'GAMES\\DOOM\\X.EXE' });
    expect(resolvePath('..\\a/b.txt', 2, cwd, ok)).toEqual({ drive: 2, path: 'GAMES\\A\\B.TXT' });
    expect(resolvePath('\\longfilename.text', 2, cwd, ok)).toEqual({ drive: 2, path: 'LONGFILE.TEX' });
    expect(resolvePath('A:FOO', 2, cwd, ok)).toEqual({ drive: 0, path: 'FOO' });
    expect(resolvePath('B:FOO', 2, cwd, ok)).toBe(DosErr.invalidDrive);
    expect(resolvePath('\\..', 2, cwd, ok)).toBe(DosErr.pathNotFound);
    expect(resolvePath('sub\\con.txt', 2, cwd, ok)).toMatchObject({ device: 'CON' });
  });
});

describe('overlay volume', () => {
  const mk = () => new Volume([
    { path: 'game/LongFileName.exe', size: 3, bytes: new Uint8Array([1, 2, 3]) },
    { path: 'readme.txt', size: 2, bytes: new Uint8Array([65, 66]) },
    { path: '../evil.txt', size: 1, bytes: new Uint8Array([0]) },
    { path: '/etc/passwd', size: 1, bytes: new Uint8Array([0]) },
  ], 'TEST');

  it('maps host names to 8.3 and refuses path traversal names', () => {
    const v = mk();
    expect(v.list('').map(([n]) => n)).toEqual(['GAME', 'README.TXT']);
    expect(v.list('GAME').map(([n]) => n)).toEqual(['LONGFI~1.EXE']);
    expect(v.refused).toEqual(['../evil.txt', '/etc/passwd']);
    expect(v.hostPath('GAME\\LONGFI~1.EXE')).toBe('game/LongFileName.exe');
  });

  it('writes to the overlay only; changes can be listed and discarded', () => {
    const original = new Uint8Array([65, 66]);
    const v = new Volume([{ path: 'readme.txt', size: 2, bytes: original }]);
    v.write('README.TXT', 1, new Uint8Array([90, 91]));
    v.create('NEW.DAT');
    v.write('NEW.DAT', 0, new Uint8Array([7]));
    v.mkdir('DIR');
    expect([...v.read('README.TXT')]).toEqual([65, 90, 91]);
    expect([...original]).toEqual([65, 66]);
    expect(v.changes().map((c) => [c.path, c.kind, c.bytes ? [...c.bytes] : null])).toEqual([
      ['DIR', 'dir', null], ['NEW.DAT', 'file', [7]], ['README.TXT', 'file', [65, 90, 91]],
    ]);
    v.remove('README.TXT');
    expect(v.get('README.TXT')).toBeUndefined();
    v.discard();
    expect([...v.read('README.TXT')]).toEqual([65, 66]);
    expect(v.list('').map(([n]) => n)).toEqual(['README.TXT']);
  });
});

describe('exporting the overlay', () => {
  it('writes changed files under their host names and lists deletions, as a ZIP our reader opens', () => {
    const v = new Volume([
      { path: 'Saved Games/slot1.sav', size: 1, bytes: new Uint8Array([1]) },
      { path: 'old.txt', size: 1, bytes: new Uint8Array([2]) },
    ]);
    v.write('SAVEDG~1\\SLOT1.SAV', 0, new Uint8Array([9, 9]));
    v.create('NEW.DAT');
    v.write('NEW.DAT', 0, new TextEncoder().encode('hello'));
    v.remove('OLD.TXT');
    const entries = listZip(changesZip(v), 'changes.zip');
    expect(entries.map((e) => [e.name, new TextDecoder().decode(e.read())])).toEqual([
      ['NEW.DAT', 'hello'], ['Saved Games/slot1.sav', '\t\t'], ['DELETED.TXT', 'old.txt\r\n'],
    ]);
  });
});
