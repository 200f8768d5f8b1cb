/**
 * Third-party XT BIOSes on the PC board, through the Session as the CLI runs them: the Super PC /
 * Turbo XT BIOS 3.1 POSTs (CPU and video detected, memory counted) on the CGA; GLaBIOS 0.2.5 POSTs
 * and boots FreeDOS from the emulated uPD765 + 8237 (fast floppy timing, to keep the test short)
 * to A:\> and runs VER. Reports the emulated seconds to the prompt.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { NullHost } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { ibmPcXt } from '../../../machines/ibm-pc-xt/definition.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';
import { bootToPrompt } from './helpers.ts';

const TURBO = 'testdata/pc/bios/pcxtbios.bin';
const GLABIOS = 'testdata/pc/bios/GLABIOS_0.2.5_8T.ROM';
const FREEDOS_360K = 'testdata/pc/freedos/freedos.boot.disk.360K.img';

describeWithShared('PC/XT with third-party BIOSes', [TURBO, GLABIOS, FREEDOS_360K], () => {
  it('the Turbo XT BIOS 3.1 shows its banner, the CGA and a memory count', () => {
    const roms = new Map([['bios', new Uint8Array(readFileSync(shared(TURBO)!))]]);
    const s = new Session(ibmPcXt, { host: new NullHost(), roms });
    s.runSeconds(2.5);
    const text = s.machine.screenText!();
    expect(text).toMatch(/Turbo XT BIOS v3\.1/);
    expect(text).toMatch(/CGA Graphics/);
    expect(text).toMatch(/Testing RAM: \d+K/);
  });

  it('GLaBIOS 0.2.5 POSTs and boots FreeDOS through the floppy controller to A:\\>, and runs VER', () => {
    const roms = new Map([['bios', new Uint8Array(readFileSync(shared(GLABIOS)!))]]);
    const s = new Session(ibmPcXt, { host: new NullHost(), roms, config: { 'floppy.timing': 'fast' } });
    s.insertMedia('freedos.img', new Uint8Array(readFileSync(shared(FREEDOS_360K)!)), 'A:');
    const t = bootToPrompt(s, 40);
    console.log(`GLaBIOS, 360K, fast floppy timing: prompt after ${t.toFixed(1)} emulated seconds`);
    s.typeText('ver\n');
    s.runSeconds(3);
    const lines = s.machine.screenText!().split('\n').filter((l) => l.trim() !== '');
    expect(lines.slice(-3)).toEqual(['A:\\>ver', 'FreeCom version 0.82 pl 3 XMS_Swap [Dec 10 2003 06:49:21]', 'A:\\>']);
  });
});
