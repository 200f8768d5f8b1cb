/**
 * The hard disk C: through Amalgam's BIOS and the paravirtual disk port: with no floppy in A:, the
 * BIOS boots C:'s master boot record (which prints a line through INT 10h), and POST has counted
 * the disk in the BIOS data area. A machine with a third-party BIOS would not see it (README).
 */
import { describe, expect, it } from 'vitest';
import { NullHost } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { ibmPcXt, type PcMachine } from '../../../machines/ibm-pc-xt/definition.ts';

/** A 2 MB disk: 4 heads x 17 sectors in its partition table, an MBR that prints and stops. */
function hardDisk(): Uint8Array {
  const img = new Uint8Array(2 * 1024 * 1024);
  const code = [
    0x31, 0xc0, 0x8e, 0xd8, // xor ax,ax; mov ds,ax
    0xbe, 0x14, 0x7c, // mov si,7C14h
    0xac, 0x08, 0xc0, 0x74, 0x06, // lodsb; or al,al; jz done
    0xb4, 0x0e, 0xcd, 0x10, 0xeb, 0xf5, // mov ah,0Eh; int 10h; jmp lodsb
    0xeb, 0xfe, // done: jmp $
  ];
  img.set(code, 0);
  img.set([...'Booted from C:'].map((c) => c.charCodeAt(0)), 0x14);
  const e = 0x1be;
  img.set([0x80, 1, 1, 0, 0x01, 3, 17, 59, 17, 0, 0, 0, 0xe3, 0x0f, 0, 0], e);
  img[510] = 0x55; img[511] = 0xaa;
  return img;
}

describe('PC/XT hard disk with the Amalgam BIOS', () => {
  it('boots C: when A: is empty; the BIOS data area counts one fixed disk', () => {
    const s = new Session(ibmPcXt, { host: new NullHost(), config: { 'floppy.timing': 'fast' } });
    s.insertMedia('c.img', hardDisk(), 'C:');
    s.runSeconds(12);
    const text = s.machine.screenText!();
    expect(text).toMatch(/Booted from C:/);
    expect((s.machine as PcMachine).board.read8(0x475)).toBe(1);
  });
});
