/**
 * FreeDOS boots to its prompt on the PC/XT with Amalgam's own BIOS (the default, no ROM given),
 * from each FreeDOS floppy in ../shared/testdata/pc/freedos through the emulated uPD765 and 8237,
 * and answers VER typed on the keyboard. Reports the emulated seconds to the prompt.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { NullHost } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { ibmPcXt, type PcMachine } from '../../../machines/ibm-pc-xt/definition.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';
import { bootToPrompt } from './helpers.ts';

const DIR = 'testdata/pc/freedos/';
const DISKS = ['freedos.boot.disk.360K.img', 'freedos.boot.disk.720K.img', 'freedos.boot.disk.1.4MB.img'];

describeWithShared('FreeDOS on the PC/XT with the Amalgam BIOS', DISKS.map((d) => DIR + d), () => {
  for (const disk of DISKS) {
    it(`boots ${disk} to A:\\> and runs VER`, () => {
      // 360K at the real floppy timing; the others with the fast controller, to keep the test short.
      const timing = disk.includes('360K') ? 'real' : 'fast';
      const s = new Session(ibmPcXt, { host: new NullHost(), config: { 'floppy.timing': timing } });
      s.insertMedia(disk, new Uint8Array(readFileSync(shared(DIR + disk)!)), 'A:');
      const t = bootToPrompt(s, 40);
      console.log(`Amalgam BIOS, ${disk}, ${timing} floppy timing: prompt after ${t.toFixed(1)} emulated seconds`);
      s.typeText('ver\n');
      s.runSeconds(3);
      const text = s.machine.screenText!();
      // AUTOEXEC.BAT cleared the screen: what is left is the command and FreeCOM's answer.
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      expect(lines).toEqual(['A:\\>ver', 'FreeCom version 0.82 pl 3 XMS_Swap [Dec 10 2003 06:49:21]', 'A:\\>']);
    });
  }

  it('boots FreeDOS on the monochrome adapter too (MDA, mode 7)', () => {
    const s = new Session(ibmPcXt, { host: new NullHost(), config: { video: 'mda', 'floppy.timing': 'fast' } });
    s.insertMedia(DISKS[0]!, new Uint8Array(readFileSync(shared(DIR + DISKS[0]!)!)), 'A:');
    const t = bootToPrompt(s, 40);
    console.log(`Amalgam BIOS, MDA, 360K, fast floppy timing: prompt after ${t.toFixed(1)} emulated seconds`);
    expect((s.machine as PcMachine).board.video.kind).toBe('mda');
  });
});
