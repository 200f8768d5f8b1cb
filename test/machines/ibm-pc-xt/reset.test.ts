/**
 * Restarting the PC: the machine's reset button and Ctrl+Alt+Del (keys pressed in order through
 * the keyboard's event queue, handled by our BIOS's INT 09h) both bring back POST and then DOS.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { InputState } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { ibmPcXt } from '../../../machines/ibm-pc-xt/definition.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';
import { bootToPrompt } from './helpers.ts';

const DISK = 'testdata/pc/freedos/freedos.boot.disk.360K.img';
const firstLine = (s: Session) => s.machine.screenText!().split('\n')[0];

describeWithShared('PC/XT reset', [DISK], () => {
  it('the reset button and Ctrl+Alt+Del restart POST and DOS', () => {
    const input = new InputState();
    const s = new Session(ibmPcXt, { host: { input, video() {}, audio() {} } });
    s.insertMedia('freedos.img', new Uint8Array(readFileSync(shared(DISK)!)), 'A:');
    const t0 = bootToPrompt(s, 40);
    s.machine.reset();
    s.runSeconds(1);
    expect(firstLine(s)).toBe('Amalgam BIOS for the IBM PC/XT');
    bootToPrompt(s, t0 + 40);
    input.keyDown('ControlLeft'); input.keyDown('AltLeft');
    s.runSeconds(0.1);
    input.keyDown('Delete');
    s.runSeconds(0.2);
    input.keyUp('Delete'); input.keyUp('AltLeft'); input.keyUp('ControlLeft');
    s.runSeconds(1);
    expect(firstLine(s)).toBe('Amalgam BIOS for the IBM PC/XT');
  });
});
