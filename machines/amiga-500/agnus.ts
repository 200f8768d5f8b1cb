/**
 * Agnus (8371/8367 "Fat Agnus", OCS, PAL): the beam counters, DMACON, the DMA slot table the CPU
 * waits on, and the copper.
 *
 * Beam: a line is 227 colour clocks (CCK = 8 master ticks), a frame 313 lines (long frame) or 312
 * (short frame); LOF toggles every frame while BPLCON0's LACE bit is set. The machine's line timer
 * (amiga.ts) moves the beam from line to line; within a line the position comes from the master
 * time (`hpos(now)`).
 *
 * DMA slots: a table per line of the CCKs where bitplane DMA takes an even slot (lores planes 5
 * and 6, hires planes 3 and 4: HRM figure "DMA time slot allocation"); the CPU (chip RAM, slow
 * RAM and custom registers) waits for the next free even slot (`cpuWait`). Built only when DMACON,
 * BPLCON0 or DDF change, so an access costs a table lookup.
 *
 * Copper: MOVE, WAIT and SKIP with the vertical/horizontal enable masks and the blitter-finished
 * bit, COPJMP1/2 (strobes, also from the copper), the danger bit (COPCON CDANG: registers $40-$7E
 * only with it, below $40 never; an illegal MOVE stops the copper until the next vertical blank),
 * restart from COP1LC at the start of every frame. It is run lazily up to the time of each custom
 * register access and to the end of every line; an instruction takes 4 CCKs on even slots (a
 * MOVE writes at its third), a WAIT wakes 2 CCKs after the position is reached.
 *
 * Not emulated (yet): the copper losing slots to bitplane DMA and the CPU losing slots to the
 * copper, blitter and disk/audio/sprite DMA (only bitplane slots are in the table); the wake-up
 * delay and fetch timing are UNVERIFIED approximations of vAmiga's Copper documentation.
 *
 * Sources: HRM chapter 2 "Coprocessor Hardware" (instruction formats, masks, danger bit, BFD),
 * chapter 7 (beam counters, VPOSR/VHPOSR/LOF); vAmiga `Core/Components/Agnus/Copper/` (read for
 * behaviour, not copied).
 */
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import { fetchWords } from './denise.ts';
import { CCK_TICKS, DMA_COP, DMA_EN, LINE_CCKS, PAL_LINES_LONG, PAL_LINES_SHORT } from './constants.ts';

export interface CopperState {
  pc: number; cop1lc: number; cop2lc: number; copcon: number;
  waiting: boolean; ir1: number; ir2: number; stopped: boolean;
  /** Master tick the copper has run to. */
  tick: number;
}

export interface AgnusState {
  /** Current line, master tick at which it started, and at which the frame started. */
  line: number; lineStart: number; frameStart: number;
  /** Long frame (313 lines). */
  lof: boolean;
  frames: number;
  dmacon: number;
  cop: CopperState;
}

export class Agnus {
  s: AgnusState = {
    line: 0, lineStart: 0, frameStart: 0, lof: true, frames: 0, dmacon: 0,
    cop: { pc: 0, cop1lc: 0, cop2lc: 0, copcon: 0, waiting: false, ir1: 0, ir2: 0, stopped: true, tick: 0 },
  };
  /** CCKs of this line where the CPU cannot have an even slot (1 = taken). */
  busy: Uint8Array;
  private readonly bplBusy = new Uint8Array(LINE_CCKS + 16);
  private readonly noBusy = new Uint8Array(LINE_CCKS + 16);
  /** The copper writes a custom register (at CCK `h` of the current line). */
  writeReg: (reg: number, value: number, h: number) => void = () => {};
  /** Chip RAM word read for the copper. */
  readChip: (addr: number) => number = () => 0;
  /** Master tick until which the blitter is busy (for WAITs with BFD = 0). */
  blitterBusyUntil: () => number = () => 0;

  constructor() {
    this.busy = this.noBusy;
  }

  get linesInFrame(): number {
    return this.s.lof ? PAL_LINES_LONG : PAL_LINES_SHORT;
  }

  /** CCK within the current line at master tick `now` (may pass 226 just before the line timer runs). */
  hpos(now: number): number {
    return (now - this.s.lineStart) >> 3;
  }

  // ---- DMA slots ----

  /**
   * Rebuild the bitplane slot table (call when DMACON, BPLCON0, DDFSTRT or DDFSTOP change) and
   * choose this line's table.
   * @param planes BPLCON0 BPU, hires BPLCON0 HIRES, dmaLine bitplane DMA on this line
   */
  updateSlots(planes: number, hires: boolean, ddfstrt: number, ddfstop: number, dmaLine: boolean): void {
    const t = this.bplBusy;
    t.fill(0);
    const strt = ddfstrt < 0x18 ? 0x18 : ddfstrt & 0xfc;
    const units = fetchWords(ddfstrt, ddfstop, false);
    // Per 8-CCK unit, lores: -, 4, 6, 2, -, 3, 5, 1 (even offsets 2 = plane 6, 6 = plane 5);
    // hires: 4, 2, 3, 1, 4, 2, 3, 1 (even offsets 0, 4 = plane 4, 2, 6 = plane 3).
    for (let u = 0; u < units; u++) {
      const base = strt + 8 * u;
      if (base + 7 >= t.length) break;
      if (hires) {
        if (planes >= 4) { t[base] = 1; t[base + 4] = 1; }
        if (planes >= 3) { t[base + 2] = 1; t[base + 6] = 1; }
      } else {
        if (planes >= 6) t[base + 2] = 1;
        if (planes >= 5) t[base + 6] = 1;
      }
    }
    this.busy = dmaLine ? this.bplBusy : this.noBusy;
  }

  /** CPU cycles the CPU waits for an even slot when its bus cycle starts at master tick `now`. */
  cpuWait(now: number): number {
    let h = (now - this.s.lineStart) >> 3;
    h += h & 1;
    if (h >= LINE_CCKS) return 0;
    const busy = this.busy;
    let e = h;
    while (busy[e] !== 0) e += 2;
    return (e - h) * 2;
  }

  // ---- copper ----

  private copperOn(): boolean {
    const d = this.s.dmacon;
    return (d & (DMA_EN | DMA_COP)) === (DMA_EN | DMA_COP);
  }

  /** Run the copper up to master tick `to` within the current line. */
  runCopper(to: number): void {
    const c = this.s.cop;
    const lineStart = this.s.lineStart;
    if (c.tick < lineStart) c.tick = lineStart;
    if (c.tick >= to) return;
    if (!this.copperOn() || c.stopped) { c.tick = to; return; }
    const v = this.s.line;
    while (c.tick < to) {
      if (c.waiting) {
        const h0 = (c.tick - lineStart) >> 3;
        const h = this.wakeAt(v, h0);
        if (h < 0) { c.tick = to; return; }
        let wake = lineStart + (h + 2) * CCK_TICKS;
        // BFD = 0: also wait for the blitter to finish.
        if ((c.ir2 & 0x8000) === 0) {
          const b = this.blitterBusyUntil();
          if (b > wake) wake = b;
        }
        c.waiting = false;
        c.tick = wake;
        continue;
      }
      let h = (c.tick - lineStart) >> 3;
      h += h & 1;
      const start = lineStart + h * CCK_TICKS;
      if (start + 3 * CCK_TICKS > to) { c.tick = start; return; }
      const ir1 = this.readChip(c.pc);
      const ir2 = this.readChip(c.pc + 2);
      c.pc = (c.pc + 4) & 0x1ffffe;
      c.ir1 = ir1;
      c.ir2 = ir2;
      c.tick = start + 4 * CCK_TICKS;
      if ((ir1 & 1) === 0) {
        const reg = ir1 & 0x1fe;
        if (reg < 0x40 || (reg < 0x80 && (c.copcon & 2) === 0)) {
          c.stopped = true;
          c.tick = to;
          return;
        }
        this.writeReg(reg, ir2, h + 2);
        if (c.stopped) { c.tick = to; return; }
      } else if ((ir2 & 1) === 0) {
        c.waiting = true;
      } else {
        // SKIP: skip the next instruction if the beam is at or past the position.
        if (this.beamAtOrPast(v, h + 2, ir1, ir2)) c.pc = (c.pc + 4) & 0x1ffffe;
      }
    }
  }

  private beamAtOrPast(v: number, h: number, ir1: number, ir2: number): boolean {
    const ve = 0x80 | ((ir2 >> 8) & 0x7f), he = ir2 & 0xfe;
    const bv = v & ve, wv = (ir1 >> 8) & ve;
    if (bv !== wv) return bv > wv;
    return (h & he) >= (ir1 & he);
  }

  /** First CCK >= h0 in line v at which the copper's WAIT position is reached, or -1. */
  private wakeAt(v: number, h0: number): number {
    const c = this.s.cop;
    const ve = 0x80 | ((c.ir2 >> 8) & 0x7f), he = c.ir2 & 0xfe;
    const bv = v & ve, wv = (c.ir1 >> 8) & ve;
    if (bv > wv) return h0;
    if (bv < wv) return -1;
    const wh = c.ir1 & he;
    for (let h = h0; h < LINE_CCKS; h++) if ((h & he) >= wh) return h;
    return -1;
  }

  /** COPJMP1/2 strobe (CPU or copper) at master tick `at`. */
  copJump(which: 1 | 2, at: number): void {
    const c = this.s.cop;
    c.pc = which === 1 ? c.cop1lc : c.cop2lc;
    c.waiting = false;
    c.stopped = false;
    if (at > c.tick) c.tick = at;
  }

  /** Start of a frame: the copper restarts from COP1LC. */
  frameRestart(at: number): void {
    const c = this.s.cop;
    c.pc = c.cop1lc;
    c.waiting = false;
    c.stopped = false;
    c.tick = at;
  }

  getState(): AgnusState {
    return { ...this.s, cop: { ...this.s.cop } };
  }

  setState(st: AgnusState): void {
    if (typeof st !== 'object' || st === null || typeof st.cop !== 'object' || !Number.isFinite(st.lineStart))
      throw new CorruptStateError('Agnus state: malformed');
    this.s = { ...st, cop: { ...st.cop } };
  }
}
