/**
 * The PC with the VGA card (video=vga): our VGA option ROM is found by the BIOS's option-ROM scan,
 * takes over INT 10h, and FreeDOS boots to its prompt in 9x16 text; a boot sector that sets mode
 * 13h through INT 10h and plots pixels (directly and through AH=0Ch) sees them on the screen.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NullHost } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { ibmPcXt, type PcMachine } from '../../../machines/ibm-pc-xt/definition.ts';
import { Vga, VGA_WIDTH } from '../../../machines/ibm-pc-xt/video/vga.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';
import { bootToPrompt } from './helpers.ts';

const DISK = 'testdata/pc/freedos/freedos.boot.disk.360K.img';
const GLABIOS = 'testdata/pc/bios/GLABIOS_0.2.5_8T.ROM';

describeWithShared('PC/XT with a VGA: FreeDOS', [DISK, GLABIOS], () => {
  it('GLaBIOS finds our VGA BIOS and boots FreeDOS to A:\\>', () => {
    const roms = new Map([['bios', new Uint8Array(readFileSync(shared(GLABIOS)!))]]);
    const s = new Session(ibmPcXt, { host: new NullHost(), roms, config: { video: 'vga' } });
    s.insertMedia('freedos.img', new Uint8Array(readFileSync(shared(DISK)!)), 'A:');
    const t = bootToPrompt(s, 40);
    console.log(`GLaBIOS + VGA BIOS, 360K: prompt after ${t.toFixed(1)} emulated seconds`);
  });

  it('boots FreeDOS to A:\\> in VGA text mode', () => {
    const s = new Session(ibmPcXt, { host: new NullHost(), config: { video: 'vga' } });
    s.insertMedia('freedos.img', new Uint8Array(readFileSync(shared(DISK)!)), 'A:');
    const t = bootToPrompt(s, 40);
    console.log(`Amalgam BIOS + VGA BIOS, 360K: prompt after ${t.toFixed(1)} emulated seconds`);
    const board = (s.machine as PcMachine).board;
    expect(board.video.kind).toBe('vga');
    expect(board.read8(0x449)).toBe(3);
  });
});

describe('PC/XT with a VGA: mode 13h', () => {
  it('INT 10h sets mode 13h; pixels written to A000h and through AH=0Ch show', () => {
    const img = new Uint8Array(368_640);
    img.set([
      0xb8, 0x13, 0x00, 0xcd, 0x10, // mov ax,13h; int 10h
      0xb8, 0x00, 0xa0, 0x8e, 0xc0, // mov ax,0A000h; mov es,ax
      0x26, 0xc6, 0x06, 0x00, 0x00, 0x04, // mov byte [es:0],4
      0xb8, 0x0a, 0x0c, 0xb9, 0x0a, 0x00, 0xba, 0x05, 0x00, 0xcd, 0x10, // AH=0Ch colour 10 at (10,5)
      0xeb, 0xfe, // jmp $
    ]);
    img[510] = 0x55; img[511] = 0xaa;
    const s = new Session(ibmPcXt, { host: new NullHost(), config: { video: 'vga' } });
    s.insertMedia('mode13.img', img, 'A:');
    s.runSeconds(3);
    const vga = (s.machine as PcMachine).board.video as Vga;
    expect(s.machine.screenText!()).toBe('');
    const at = (x: number, y: number) => vga.pixels[(40 + 2 * y) * VGA_WIDTH + 40 + 2 * x];
    expect(at(0, 0)).toBe(vga.pal.dacColour(4));
    expect(at(10, 5)).toBe(vga.pal.dacColour(10));
    expect(at(1, 0)).toBe(vga.pal.dacColour(0));
    expect(vga.pal.dacColour(10)).not.toBe(vga.pal.dacColour(0));
  });
});
