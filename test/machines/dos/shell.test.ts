/**
 * The built-in shell (machines/dos/shell.ts) on the flat-bus harness: internal commands, the
 * program search order, batch files (%n, SHIFT, IF, GOTO, FOR, CALL, ERRORLEVEL), redirection and pipes.
 */
import { describe, expect, it } from 'vitest';
import { DosHarness } from '../../../machines/dos/harness.ts';
import { ourPrograms } from './helpers.ts';

const text = (s: string) => { const bytes = new TextEncoder().encode(s); return { size: bytes.length, bytes }; };

function shell(extra: { path: string; size: number; bytes: Uint8Array }[] = []): DosHarness {
  const h = new DosHarness([...ourPrograms(), ...extra], { shell: true });
  expect(h.run(2_000_000)).toBe('wait');
  return h;
}

/** Type command lines and return what the screen got for them (CR removed). */
function session(h: DosHarness, lines: string[]): string {
  const before = h.output.length;
  h.type(lines.join('\n') + '\n');
  expect(h.run(40_000_000)).toBe('wait');
  return h.output.slice(before).replace(/\r/g, '');
}

describe('built-in shell', () => {
  it('shows the prompt and answers VER, ECHO, SET, PATH, CD, MD and DIR', () => {
    const h = shell();
    expect(h.output).toBe('\r\nC:\\>');
    const out = session(h, ['ver', 'echo hello  there', 'echo', 'set X=1', 'set', 'path', 'md sub', 'cd sub', 'cd', 'cd ..', 'dir *.com']);
    expect(out).toBe([
      'ver', '', 'Amalgam DOS version 5.00 (built in)', '', '',
      'C:\\>echo hello  there', 'hello  there', '',
      'C:\\>echo', 'ECHO is on', '',
      'C:\\>set X=1', '',
      'C:\\>set', 'COMSPEC=C:\\COMMAND.COM', 'PATH=C:\\', 'PROMPT=$P$G', 'X=1', '',
      'C:\\>path', 'PATH=C:\\', '',
      'C:\\>md sub', '', 'C:\\>cd sub', '', 'C:\\SUB>cd', 'C:\\SUB', '', 'C:\\SUB>cd ..', '',
      'C:\\>dir *.com', '', ' Volume in drive C is AMALGAM', ' Directory of C:\\', '',
      'BIOSTEST COM           833 01-01-94  12:00a',
      'FCBTEST  COM           758 01-01-94  12:00a',
      'FILETEST COM         1,014 01-01-94  12:00a',
      'HELLO    COM           233 01-01-94  12:00a',
      'INPUT    COM           235 01-01-94  12:00a',
      'MEMTEST  COM           261 01-01-94  12:00a',
      'OVLTEST  COM           461 01-01-94  12:00a',
      'RUNCHILD COM           540 01-01-94  12:00a',
      '        8 file(s)          4,335 bytes',
      '                           104,857,600 bytes free', '',
      'C:\\>',
    ].join('\n'));
  });

  it('finds programs by the .COM/.EXE/.BAT order, passes the tail, reports unknown commands', () => {
    const h = shell([{ path: 'HELLO.BAT', ...text('echo the batch\r\n') }]);
    const out = session(h, ['hello a b', 'hello.bat', 'exetest', 'nope']);
    expect(out).toBe([
      'hello a b', 'ABC', '[ a b]', 'C:\\HELLO.COM', '',
      'C:\\>hello.bat', '', 'C:\\>echo the batch', 'the batch', '',
      'C:\\>exetest', 'EXE ok', '001E 0200 0010 001D', '',
      'C:\\>nope', 'Bad command or file name', '', 'C:\\>',
    ].join('\n'));
    expect(h.exits).toEqual([3, 7]);
  });

  it('runs batch files with parameters, SHIFT, IF, GOTO, FOR, CALL and ERRORLEVEL', () => {
    const h = shell([
      { path: 'T.BAT', ...text('@echo off\r\necho args %1 %2\r\nshift\r\necho now %1\r\nif "%1"=="b" goto yes\r\necho no\r\ngoto end\r\n:yes\r\necho yes\r\n:end\r\nfor %%f in (h*.com m*.com) do echo found %%f\r\ncall sub.bat x\r\necho back\r\nhello > out.txt\r\nif errorlevel 3 echo level3\r\nif not errorlevel 4 echo below4\r\nif exist out.txt type out.txt\r\n') },
      { path: 'SUB.BAT', ...text('echo in sub %1\r\n') },
    ]);
    const out = session(h, ['t a b']);
    expect(out).toBe([
      't a b', 'args a b', 'now b', 'yes', 'found HELLO.COM', 'found MEMTEST.COM', 'in sub x', 'back',
      'level3', 'below4', 'ABC', '[ ]', 'C:\\HELLO.COM', '', 'C:\\>',
    ].join('\n'));
  });

  it('redirects with >, >> and <, pipes through a temporary file, and copies, renames and deletes', () => {
    const h = shell();
    const out = session(h, [
      'echo one> a.txt', 'echo two>>a.txt', 'type a.txt', 'copy a.txt b.txt', 'ren b.txt c.txt',
      'input < a.txt', 'type a.txt | input', 'del a.txt', 'type a.txt', 'dir c.txt',
    ]);
    expect(out).toBe([
      'echo one> a.txt', '', 'C:\\>echo two>>a.txt', '', 'C:\\>type a.txt', 'one', 'two', '',
      'C:\\>copy a.txt b.txt', '        1 file(s) copied', '',
      'C:\\>ren b.txt c.txt', '',
      // INPUT's AH=0Ah takes "one" up to the CR; AH=01h then reads (and echoes) the LF, AH=08h
      // the "t", AH=0Bh says more is waiting (FFh), AH=06h takes the "w" with ZF clear.
      'C:\\>input < a.txt', 'Name? one', '03 one', '', '0A74FF7700', '',
      'C:\\>type a.txt | input', 'Name? one', '03 one', '', '0A74FF7700', '',
      'C:\\>del a.txt', '', 'C:\\>type a.txt', 'File not found - A.TXT', '',
      'C:\\>dir c.txt', '', ' Volume in drive C is AMALGAM', ' Directory of C:\\', '',
      'C        TXT            10 01-01-94  12:00a',
      '        1 file(s)             10 bytes',
      '                           104,857,600 bytes free', '', 'C:\\>',
    ].join('\n'));
    // The pipe's temporary file is gone again.
    expect(h.dos.drives[2]!.list('').map(([n]) => n).filter((n) => n.endsWith('.$$$'))).toEqual([]);
  });
});
