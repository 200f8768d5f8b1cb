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

  it('refuses a damaged EXE with a typed error before running anything', () => {
    const { s } = session();
    const bad = new Uint8Array(64); bad[0] = 0x4d; bad[1] = 0x5a; bad[4] = 1; bad[8] = 100;
    expect(() => s.insertMedia('BAD.EXE', bad)).toThrow(CorruptDataError);
  });
});
