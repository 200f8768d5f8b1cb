/**
 * The Amiga 500 as the Session runs it: Amalgam's boot ROM when no Kickstart is given (its screen
 * and moving copper bars), AROS booting to its "waiting for bootable media" screen from
 * ../shared/testdata/amiga/rom, and save states (run A = run B).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Session } from '../../../cores/kernel/session.ts';
import { sha1Hex } from '../../../cores/kernel/sha1.ts';
import type { AmigaMachine } from '../../../machines/amiga-500/definition.ts';
import { amiga500 } from '../../../machines/amiga-500/definition.ts';
import { shared, describeWithShared } from '../../helpers/testdata.ts';
import { FrameHost, countColour, pixelAt, rgb12 } from './helpers.ts';

describe('Amiga 500 with its own boot ROM', () => {
  it('shows the message in white on dark blue, with copper bars that move every frame', () => {
    const host = new FrameHost();
    const s = new Session(amiga500, { host });
    s.runFrames(3);
    const f1 = host.frame!;
    // Background COLOR00 $113 around the text, white text in the window's upper part.
    expect(pixelAt(f1, 0x70, 0x28)).toBe(rgb12(0x113));
    expect(countColour(f1, rgb12(0xfff), 0x81, 0x1c1, 0x2c + 32, 0x2c + 40)).toBeGreaterThan(100);
    // The bars are somewhere between lines $30 and $110, in shades of COLOR00 other than $113.
    const bar = (f: Uint32Array) => { for (let l = 0x30; l < 0x110; l++) if (pixelAt(f, 0x70, l) === rgb12(0xc1e)) return l; return -1; };
    const y1 = bar(f1);
    expect(y1).toBeGreaterThan(0);
    s.runFrames(1);
    expect(bar(host.frame!)).toBe(y1 + 1);
  });

  it('save state: run A (N frames, save, M frames) equals run B (load, M frames)', () => {
    const hostA = new FrameHost();
    const a = new Session(amiga500, { host: hostA });
    a.runFrames(5);
    const state = a.saveState();
    const hashesA: string[] = [];
    for (let i = 0; i < 4; i++) { a.runFrames(1); hashesA.push(sha1Hex(new Uint8Array(hostA.frame!.buffer))); }
    const hostB = new FrameHost();
    const b = new Session(amiga500, { host: hostB });
    b.loadState(state);
    const hashesB: string[] = [];
    for (let i = 0; i < 4; i++) { b.runFrames(1); hashesB.push(sha1Hex(new Uint8Array(hostB.frame!.buffer))); }
    expect(hashesB).toEqual(hashesA);
  });
});

const AROS = 'testdata/amiga/rom/aros-20250219-rom.bin';
const AROS_EXT = 'testdata/amiga/rom/aros-20250219-ext.bin';

describeWithShared('Amiga 500 boots AROS', [AROS, AROS_EXT], () => {
  it('reaches the "waiting for bootable media" screen (hires interlaced, logo and icons drawn)', () => {
    const host = new FrameHost();
    const roms = new Map([['kickstart', new Uint8Array(readFileSync(shared(AROS)!))], ['ext', new Uint8Array(readFileSync(shared(AROS_EXT)!))]]);
    const s = new Session(amiga500, { host, roms });
    const m = s.machine as AmigaMachine;
    // AROS scans its ROMs for resident modules twice, word by word: about 38 s on a 68000.
    // The text "Waiting for bootable media" and the four device icons: white, lower right.
    const text = () => countColour(host.frame!, rgb12(0xfff), 0x130, 0x1a0, 0xb8, 0xe0);
    for (let i = 0; i < 30; i++) {
      s.runFrames(100);
      if (i >= 15 && text() > 300) break;
    }
    const a = m.amiga;
    expect(a.paula.serialOut).toContain('romtaginit done');
    expect(a.denise.s.bplcon0 & 0x8004).toBe(0x8004); // hires + interlace
    expect(text()).toBeGreaterThan(300);
    // The AROS logo (the cat's eye): light blue pixels, upper left of centre.
    let blue = 0;
    for (let l = 0x70; l < 0xa0; l++) for (let x = 0xe0; x < 0x112; x++) {
      const p = pixelAt(host.frame!, x, l);
      const r = p & 0xff, b = (p >> 16) & 0xff;
      if (b > 0x60 && b > r + 0x40) blue++;
    }
    expect(blue).toBeGreaterThan(100);
  }, 120_000);
});
