/**
 * Floppy drives and disk DMA in the assembled machine, driven directly: drive select and motor
 * latch, stepping with /TK0, /CHG cleared by a step with a disk in, a DMA read with WORDSYNC that
 * lands the MFM words after the sync and raises DSKBLK at the right time, a DMA write decoded back
 * into the image (copy-on-write, writtenMedia), write protection, state round trip of the drive.
 */
import { describe, expect, it } from 'vitest';
import { CiaReg } from '../../../cores/chips/mos8520/cia.ts';
import { ADF_BYTES, TRACK_WORDS, encodeTrack } from '../../../machines/amiga-500/adf.ts';
import { Reg } from '../../../machines/amiga-500/constants.ts';
import { WORD_TICKS } from '../../../machines/amiga-500/floppy.ts';
import { bareAmiga, peek16, poke16 } from './helpers.ts';

const ref = { name: 'test.adf', format: 'adf', sha1: '0' };

function image(): Uint8Array {
  const adf = new Uint8Array(ADF_BYTES);
  for (let i = 0; i < adf.length; i++) adf[i] = (i * 31 + (i >> 9)) & 0xff;
  return adf;
}

/** Select DF0 with the motor on (CIA-B PRB: /MTR low, then /SEL0 low). */
function motorOn(a: ReturnType<typeof bareAmiga>): void {
  // PRB first: with DDRB set while PRB is 0 every line would go low at once (a step pulse too).
  a.ciaB.write(CiaReg.PRB, 0xff);
  a.ciaB.write(CiaReg.DDRB, 0xff);
  a.ciaB.write(CiaReg.PRB, 0x7f);
  a.ciaB.write(CiaReg.PRB, 0x77);
}

describe('Amiga floppy drive lines', () => {
  it('latches the motor on select, steps with /TK0, and clears /CHG on a step with a disk', () => {
    const a = bareAmiga();
    a.floppy.insert(0, image(), ref);
    motorOn(a);
    expect(a.floppy.s.drives[0]!.motor).toBe(true);
    let pra = a.ciaA.read(CiaReg.PRA);
    expect(pra & 0x10).toBe(0); // /TK0: at cylinder 0
    expect(pra & 0x04).toBe(0); // /CHG: changed since insertion
    expect(pra & 0x20).toBe(0); // /RDY
    // Step inwards: DIR low, /STEP pulse.
    a.ciaB.write(CiaReg.PRB, 0x74);
    a.ciaB.write(CiaReg.PRB, 0x75);
    pra = a.ciaA.read(CiaReg.PRA);
    expect(a.floppy.s.drives[0]!.cyl).toBe(1);
    expect(pra & 0x10).toBe(0x10);
    expect(pra & 0x04).toBe(0x04);
    // Deselected: all drive lines high.
    a.ciaB.write(CiaReg.PRB, 0x7f);
    expect(a.ciaA.read(CiaReg.PRA) & 0x3c).toBe(0x3c);
  });
});

describe('Amiga disk DMA', () => {
  it('reads a track after the sync word into chip RAM and raises DSKBLK when the words have passed', () => {
    const a = bareAmiga();
    const adf = image();
    a.floppy.insert(0, adf, ref);
    motorOn(a);
    a.writeCustom(Reg.DMACON, 0x8210, 0);
    a.writeCustom(Reg.ADKCON, 0x8400, 0); // WORDSYNC
    a.writeCustom(Reg.DSKSYNC, 0x4489, 0);
    a.writeCustom(Reg.DSKPTH, 0, 0);
    a.writeCustom(Reg.DSKPTL, 0x2000, 0);
    a.writeCustom(Reg.INTREQ, 0x7fff, 0);
    a.writeCustom(Reg.DSKLEN, 0x8000 | 600, 0);
    a.writeCustom(Reg.DSKLEN, 0x8000 | 600, 0);
    const started = a.scheduler.now;
    expect(a.paula.s.intreq & 0x0002).toBe(0);
    a.scheduler.runUntil(started + 600 * WORD_TICKS + TRACK_WORDS * WORD_TICKS / 11 + 4 * WORD_TICKS);
    expect(a.paula.s.intreq & 0x0002).toBe(0x0002);
    // The data begin with the second sync word, then an info long of track 0.
    expect(peek16(a, 0x2000)).toBe(0x4489);
    const odd = ((peek16(a, 0x2002) << 16) | peek16(a, 0x2004)) & 0x55555555;
    const even = ((peek16(a, 0x2006) << 16) | peek16(a, 0x2008)) & 0x55555555;
    const info = ((odd << 1) | even) >>> 0;
    expect(info >>> 16).toBe(0xff00);
    // Compare with the encoded track from that sector on.
    const t = encodeTrack(adf, 0);
    const sector = (info >> 8) & 0xff;
    for (let k = 0; k < 500; k++) expect(peek16(a, 0x2000 + 2 * k)).toBe(t[sector * 544 + 3 + k]);
  });

  it('writes a track back into a private copy of the image, which writtenMedia-style export returns', () => {
    const a = bareAmiga();
    const adf = image();
    const original = adf.slice();
    a.floppy.insert(0, adf, ref);
    motorOn(a);
    const changed = adf.slice();
    for (let i = 0; i < 11 * 512; i++) changed[i] = 0x5a ^ (i & 0xff);
    const t = encodeTrack(changed, 0);
    for (let k = 0; k < TRACK_WORDS; k++) poke16(a, 0x10000 + 2 * k, t[k]!);
    a.writeCustom(Reg.DMACON, 0x8210, 0);
    a.writeCustom(Reg.DSKPTH, 1, 0);
    a.writeCustom(Reg.DSKPTL, 0, 0);
    a.writeCustom(Reg.DSKLEN, 0xc000 | TRACK_WORDS, 0);
    a.writeCustom(Reg.DSKLEN, 0xc000 | TRACK_WORDS, 0);
    a.scheduler.runUntil(a.scheduler.now + (TRACK_WORDS + 2) * WORD_TICKS);
    expect(a.paula.s.intreq & 0x0002).toBe(0x0002);
    const out = a.floppy.written();
    expect(out.length).toBe(1);
    expect(out[0]!.drive).toBe('DF0:');
    expect(out[0]!.bytes.subarray(0, 11 * 512)).toEqual(changed.subarray(0, 11 * 512));
    expect(out[0]!.bytes.subarray(11 * 512)).toEqual(original.subarray(11 * 512));
    expect(adf).toEqual(original); // the inserted file is untouched
  });

  it('a write-protected disk reports /WPRO and is not changed by writes', () => {
    const a = bareAmiga();
    a.floppy.insert(0, image(), ref);
    a.floppy.setWriteProtect(0, true);
    motorOn(a);
    expect(a.ciaA.read(CiaReg.PRA) & 0x08).toBe(0);
    a.writeCustom(Reg.DMACON, 0x8210, 0);
    a.writeCustom(Reg.DSKLEN, 0xc000 | 100, 0);
    a.writeCustom(Reg.DSKLEN, 0xc000 | 100, 0);
    a.scheduler.runUntil(a.scheduler.now + 200 * WORD_TICKS);
    expect(a.floppy.written()).toEqual([]);
  });

  it('the drive and a changed image survive a state round trip', () => {
    const a = bareAmiga();
    a.floppy.insert(0, image(), ref);
    motorOn(a);
    a.floppy.s.drives[0]!.cyl = 7;
    const st = a.floppy.getState();
    const b = bareAmiga();
    b.floppy.insert(0, image(), ref);
    b.floppy.setState(st);
    expect(b.floppy.s.drives[0]).toEqual(a.floppy.s.drives[0]);
    expect(b.floppy.getState()).toEqual(st);
  });
});
