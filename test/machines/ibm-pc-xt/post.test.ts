/**
 * Third-party XT BIOSes on the PC board, through the Session as the CLI runs them: the Super PC /
 * Turbo XT BIOS 3.1 POSTs (CPU and video detected, memory counted) on the CGA.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { NullHost } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { ibmPcXt } from '../../../machines/ibm-pc-xt/definition.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';

const TURBO = 'testdata/pc/bios/pcxtbios.bin';

describeWithShared('PC/XT POST with third-party BIOSes', [TURBO], () => {
  it('the Turbo XT BIOS 3.1 shows its banner, the CGA and a memory count', () => {
    const roms = new Map([['bios', new Uint8Array(readFileSync(shared(TURBO)!))]]);
    const s = new Session(ibmPcXt, { host: new NullHost(), roms });
    s.runSeconds(2.5);
    const text = s.machine.screenText!();
    expect(text).toMatch(/Turbo XT BIOS v3\.1/);
    expect(text).toMatch(/CGA Graphics/);
    expect(text).toMatch(/Testing RAM: \d+K/);
  });
});
