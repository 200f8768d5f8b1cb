/**
 * The `dos` machine on the PC board: a dropped program runs at once and its output is on the
 * CGA screen; keys typed on the host keyboard reach DOS through the XT keyboard, IRQ 1 and our
 * INT 09h; a damaged program is refused with a typed error.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CorruptDataError } from '../../../cores/kernel/errors.ts';
import { NullHost } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { type DosMachine, dosMachine } from '../../../machines/dos/definition.ts';

const rom = (f: string) => new Uint8Array(readFileSync(new URL(`../../../roms/dos/${f}`, import.meta.url)));

function session(): { s: Session; host: NullHost; m: () => DosMachine } {
  const host = new NullHost();
  const s = new Session(dosMachine, { host, roms: new Map() });
  return { s, host, m: () => s.machine as DosMachine };
}

describe('dos machine', () => {
  it('runs a dropped .COM at once and shows its output on the screen', () => {
    const { s, m } = session();
    s.insertMedia('HELLO.COM', rom('HELLO.COM'));
    s.runFrames(20);
    expect(m().exits).toEqual([3]);
    expect(m().screenText!()).toContain('C:\\>HELLO.COM\nABC\n[]\nC:\\HELLO.COM\n\nC:\\>');
  });

  it('takes keys from the host keyboard through IRQ 1 and INT 09h', () => {
    const { s, host, m } = session();
    s.insertMedia('INPUT.COM', rom('INPUT.COM'));
    s.runFrames(10);
    const tap = (code: string) => { host.input.keyDown(code); s.runFrames(2); host.input.keyUp(code); s.runFrames(2); };
    host.input.keyDown('ShiftLeft'); s.runFrames(2); tap('KeyH'); host.input.keyUp('ShiftLeft'); s.runFrames(2);
    for (const k of ['KeyI', 'Enter', 'KeyX', 'KeyY']) tap(k);
    s.runFrames(10);
    expect(m().exits).toEqual([0]);
    expect(m().screenText!()).toContain('Name? Hi\n02 Hi\nx7879000040');
  });

  it('a state saved mid-line restores DOS, the shell and the files a program wrote (run A = run B)', () => {
    type S = ReturnType<typeof session>;
    const tap = (x: S, code: string) => { x.host.input.keyDown(code); x.s.runFrames(2); x.host.input.keyUp(code); x.s.runFrames(2); };
    // '+Code' is typed with Shift held.
    const keys = (x: S, list: string) => {
      for (const k of list.split(' ')) {
        if (!k.startsWith('+')) { tap(x, k); continue; }
        x.host.input.keyDown('ShiftLeft'); x.s.runFrames(2); tap(x, k.slice(1)); x.host.input.keyUp('ShiftLeft'); x.s.runFrames(2);
      }
    };
    const a = session();
    a.s.insertMedia('INPUT.COM', rom('INPUT.COM'));
    a.s.runFrames(10);
    keys(a, 'KeyA KeyB KeyC Enter KeyX KeyY');                                        // INPUT.COM ends
    keys(a, 'KeyE KeyC KeyH KeyO Space KeyH KeyI +Period KeyH KeyI Enter');           // echo hi>hi
    a.s.runFrames(10);
    keys(a, 'KeyT KeyY');                                                             // half a command line
    const state = a.s.saveStateBytes();
    const finish = (x: S) => { keys(x, 'KeyP KeyE Space KeyH KeyI Enter'); x.s.runFrames(20); return x.m().screenText!(); };
    const b = session();
    b.s.insertMedia('INPUT.COM', rom('INPUT.COM'));
    b.s.loadState(state);
    const screenA = finish(a);
    expect(screenA).toContain('Name? abc\n03 abc\nx7879000040\n\nC:\\>echo hi>hi\n\nC:\\>type hi\nhi\n\nC:\\>');
    expect(finish(b)).toBe(screenA);
  });

  it('refuses a damaged EXE with a typed error before running anything', () => {
    const { s } = session();
    const bad = new Uint8Array(64); bad[0] = 0x4d; bad[1] = 0x5a; bad[4] = 1; bad[8] = 100;
    expect(() => s.insertMedia('BAD.EXE', bad)).toThrow(CorruptDataError);
  });
});
