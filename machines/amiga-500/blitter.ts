/**
 * The OCS blitter (in Agnus): area mode with channels A-D, all 256 minterms, A/B barrel shifts,
 * first/last-word masks on A, descending mode, inclusive/exclusive fill with FCI, BZERO, and line
 * mode (octants, error term in BLTAPT, SIGN, SING, texture from BLTBDAT), with its busy time and
 * the BLIT interrupt at the end.
 *
 * The data work of a blit is done at once when BLTSIZE is written (with DMA on; otherwise when
 * DMA is switched on); BBUSY then stays set for the blit's duration, at the end of which the
 * interrupt is raised. So a program that waits for the blitter sees correct data and timing;
 * one that reads or writes the destination while the blit is still "running" sees it finished
 * early (TODO(accuracy): cycle-stepped blits through the slot table).
 *
 * Duration: max(2, channels used) CCKs per word (HRM table "Blitter cycles per word" gives 4 for
 * ABCD, 2 for D only), line mode 4 CCKs per pixel; bitplane DMA and BLTPRI are not taken into
 * account (UNVERIFIED against a real A500).
 *
 * Sources: HRM chapter 6 "Blitter Hardware" (minterms, shifts, masks, descending mode, fill,
 * line mode register set-up and octant table, BZERO).
 */
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import { CCK_TICKS } from './constants.ts';

export interface BlitterState {
  con0: number; con1: number; afwm: number; alwm: number;
  apt: number; bpt: number; cpt: number; dpt: number;
  amod: number; bmod: number; cmod: number; dmod: number;
  adat: number; bdat: number; cdat: number;
  /** Master tick at which the current blit ends (0 when idle), and a blit waiting for DMA. */
  busyUntil: number; pendingSize: number;
  zero: boolean;
}

function powerOn(): BlitterState {
  return {
    con0: 0, con1: 0, afwm: 0xffff, alwm: 0xffff, apt: 0, bpt: 0, cpt: 0, dpt: 0,
    amod: 0, bmod: 0, cmod: 0, dmod: 0, adat: 0, bdat: 0, cdat: 0, busyUntil: 0, pendingSize: 0, zero: true,
  };
}

/** D = f(A, B, C) for the minterm byte `lf` (HRM: bit 7 = ABC, bit 0 = abc). */
function minterm(lf: number, a: number, b: number, c: number): number {
  let d = 0;
  if ((lf & 0x80) !== 0) d |= a & b & c;
  if ((lf & 0x40) !== 0) d |= a & b & ~c;
  if ((lf & 0x20) !== 0) d |= a & ~b & c;
  if ((lf & 0x10) !== 0) d |= a & ~b & ~c;
  if ((lf & 0x08) !== 0) d |= ~a & b & c;
  if ((lf & 0x04) !== 0) d |= ~a & b & ~c;
  if ((lf & 0x02) !== 0) d |= ~a & ~b & c;
  if ((lf & 0x01) !== 0) d |= ~a & ~b & ~c;
  return d & 0xffff;
}

const s16 = (v: number): number => (v << 16) >> 16;

export class Blitter {
  s: BlitterState = powerOn();
  /** Chip RAM, big-endian, and its mask (the blitter reaches only chip RAM). */
  constructor(private readonly chip: Uint8Array) {}
  /** The blit finished: raise INTREQ BLIT (the machine arms `blitter.done` to call `finish`). */
  onStart: (endsAt: number) => void = () => {};

  reset(): void {
    this.s = powerOn();
  }

  busy(now: number): boolean {
    return this.s.busyUntil > now;
  }

  private rd(addr: number): number {
    const m = this.chip, a = addr & (m.length - 1) & ~1;
    return (m[a]! << 8) | m[a + 1]!;
  }

  private wr(addr: number, v: number): void {
    const m = this.chip, a = addr & (m.length - 1) & ~1;
    m[a] = v >> 8;
    m[a + 1] = v;
  }

  /** BLTSIZE written at master tick `now`; `dmaOn` = DMACON DMAEN and BLTEN. */
  start(size: number, now: number, dmaOn: boolean): void {
    if (!dmaOn) { this.s.pendingSize = size | 0x10000; return; }
    this.s.pendingSize = 0;
    const ccks = (this.s.con1 & 1) !== 0 ? this.line(size) : this.area(size);
    this.s.busyUntil = now + Math.max(1, ccks) * CCK_TICKS;
    this.onStart(this.s.busyUntil);
  }

  /** DMA was switched on: a blit started while it was off runs now. */
  dmaEnabled(now: number): void {
    if (this.s.pendingSize !== 0) this.start(this.s.pendingSize & 0xffff, now, true);
  }

  private area(size: number): number {
    const s = this.s;
    let h = size >> 6, w = size & 63;
    if (h === 0) h = 1024;
    if (w === 0) w = 64;
    const con0 = s.con0, con1 = s.con1;
    const useA = (con0 & 0x800) !== 0, useB = (con0 & 0x400) !== 0, useC = (con0 & 0x200) !== 0, useD = (con0 & 0x100) !== 0;
    const lf = con0 & 0xff;
    const ash = con0 >>> 12, bsh = con1 >>> 12;
    const desc = (con1 & 2) !== 0;
    const fill = (con1 & 0x18) !== 0, efe = (con1 & 0x10) !== 0;
    const inc = desc ? -2 : 2;
    const amod = desc ? -s16(s.amod) : s16(s.amod), bmod = desc ? -s16(s.bmod) : s16(s.bmod);
    const cmod = desc ? -s16(s.cmod) : s16(s.cmod), dmod = desc ? -s16(s.dmod) : s16(s.dmod);
    let apt = s.apt, bpt = s.bpt, cpt = s.cpt, dpt = s.dpt;
    let aold = 0, bold = 0;
    let zero = true;
    let adat = s.adat, bdat = s.bdat, cdat = s.cdat;
    for (let y = 0; y < h; y++) {
      let fc = (con1 >> 2) & 1;
      for (let x = 0; x < w; x++) {
        if (useA) { adat = this.rd(apt); apt += inc; }
        let a = adat;
        if (x === 0) a &= s.afwm;
        if (x === w - 1) a &= s.alwm;
        const ah = desc ? ((a << ash) | (aold >>> (16 - ash))) & 0xffff : ((aold << 16 | a) >>> ash) & 0xffff;
        aold = a;
        if (useB) { bdat = this.rd(bpt); bpt += inc; }
        const bh = desc ? ((bdat << bsh) | (bold >>> (16 - bsh))) & 0xffff : ((bold << 16 | bdat) >>> bsh) & 0xffff;
        bold = bdat;
        if (useC) { cdat = this.rd(cpt); cpt += inc; }
        let d = minterm(lf, ah, bh, cdat);
        if (fill) {
          let out = 0;
          for (let bit = 0; bit < 16; bit++) {
            const v = (d >> bit) & 1;
            fc ^= v;
            out |= (efe ? fc : fc | v) << bit;
          }
          d = out;
        }
        if (d !== 0) zero = false;
        if (useD) { this.wr(dpt, d); dpt += inc; }
      }
      if (useA) apt += amod;
      if (useB) bpt += bmod;
      if (useC) cpt += cmod;
      if (useD) dpt += dmod;
    }
    s.apt = apt & 0x1ffffe; s.bpt = bpt & 0x1ffffe; s.cpt = cpt & 0x1ffffe; s.dpt = dpt & 0x1ffffe;
    s.adat = adat; s.bdat = bdat; s.cdat = cdat;
    s.zero = zero;
    const channels = (useA ? 1 : 0) + (useB ? 1 : 0) + (useC ? 1 : 0) + (useD ? 1 : 0);
    return w * h * Math.max(2, channels);
  }

  /** Line mode: one pixel per row of BLTSIZE's height. */
  private line(size: number): number {
    const s = this.s;
    let len = size >> 6;
    if (len === 0) len = 1024;
    const con0 = s.con0, con1 = s.con1;
    const lf = con0 & 0xff;
    const useA = (con0 & 0x800) !== 0;
    let ash = con0 >>> 12;
    const sud = (con1 & 0x10) !== 0, sul = (con1 & 0x08) !== 0, aul = (con1 & 0x04) !== 0;
    const sing = (con1 & 0x02) !== 0;
    let sign = (con1 & 0x40) !== 0;
    let err = s16(s.apt);
    const amod = s16(s.amod), bmod = s16(s.bmod), cmod = s16(s.cmod);
    let cpt = s.cpt;
    let dpt = s.dpt;
    let tex = (con1 >>> 12) & 15;
    let oneDot = false;
    let zero = true;
    const incx = () => { if (++ash === 16) { ash = 0; cpt += 2; } };
    const decx = () => { if (--ash < 0) { ash = 15; cpt -= 2; } };
    const incy = () => { cpt += cmod; oneDot = false; };
    const decy = () => { cpt -= cmod; oneDot = false; };
    for (let i = 0; i < len; i++) {
      const c = this.rd(cpt);
      let a = (s.adat & 0xffff) >>> ash;
      if (sing && oneDot) a = 0;
      oneDot = true;
      const b = ((s.bdat >> (15 - tex)) & 1) !== 0 ? 0xffff : 0;
      const d = minterm(lf, a, b, c);
      if (d !== 0) zero = false;
      this.wr(dpt, d);
      tex = (tex + 1) & 15;
      // Error term and minor-axis step (HRM, line mode: BLTAMOD = 4(dy-dx), BLTBMOD = 4dy).
      if (!sign) {
        if (useA) err += amod;
        if (sud) { if (sul) decy(); else incy(); } else { if (sul) decx(); else incx(); }
      } else if (useA) {
        err += bmod;
      }
      // Major-axis step.
      if (sud) { if (aul) decx(); else incx(); } else { if (aul) decy(); else incy(); }
      err = s16(err);
      sign = err < 0;
      dpt = cpt;
    }
    s.apt = (s.apt & ~0xffff) | (err & 0xffff);
    s.cpt = cpt & 0x1ffffe;
    s.dpt = dpt & 0x1ffffe;
    s.con0 = (con0 & 0x0fff) | (ash << 12);
    s.con1 = (con1 & ~0xf040) | (tex << 12) | (sign ? 0x40 : 0);
    s.zero = zero;
    return len * 4;
  }

  getState(): BlitterState {
    return { ...this.s };
  }

  setState(st: BlitterState): void {
    if (typeof st !== 'object' || st === null || !Number.isFinite(st.busyUntil)) throw new CorruptStateError('blitter state: malformed');
    this.s = { ...st };
  }
}
