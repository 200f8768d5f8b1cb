/**
 * Intel 8259A Programmable Interrupt Controller: eight interrupt request inputs (IR0-7), a mask, a
 * priority resolver and the INTA sequence that hands the CPU a vector. The PC/XT has one (ports
 * 20h-21h, vectors 08h-0Fh); the PC/AT cascades a slave on the master's IR2.
 *
 * Registers (Intel 8259A datasheet, order no. 231468, "Programming the 8259A", Figures 6-9):
 * - ICW1 (A0 = 0, D4 = 1): IC4, SNGL, ADI, LTIM. Starts initialization: clears the mask, resets the
 *   edge-sense latches (a request must go low and high again), IR7 lowest priority, special mask
 *   off, reads select the IRR; ICW4 functions are cleared when IC4 = 0.
 * - ICW2: vector base T7-T3. ICW3 (when not SNGL): master: which IRs have slaves; slave: its ID.
 * - ICW4 (when IC4): uPM, AEOI, M/S, BUF, SFNM.
 * - OCW1 (A0 = 1 after init): the interrupt mask register (IMR).
 * - OCW2 (A0 = 0, D4-D3 = 00): non-specific / specific EOI, rotate on (specific) EOI, rotate in
 *   AEOI mode set/clear, set priority.
 * - OCW3 (A0 = 0, D4-D3 = 01): special mask mode set/reset, poll command, read IRR / ISR.
 *
 * Model: no clock (the 8259A has none); everything happens at the access. The INT output is
 * recomputed after every change and reported through `onIrq(asserted)` only when it changes.
 * `acknowledge()` is the two INTA pulses of the 8086 (uPM = 1): the winning request's ISR bit is set
 * and its IRR bit cleared, and it returns the vector (ICW2 & F8h) | IR. With no request left at
 * INTA (it went away), the 8259A answers IR7 without setting ISR: the spurious IRQ 7.
 *
 * Requests: in edge mode an IR input sets its IRR bit on a rising edge; in level mode while it is
 * high. In both modes an input going low clears its IRR bit (the request must stay high until
 * INTA; datasheet "Edge and Level Triggered Modes", Figure 11), so a pulse that is gone by INTA
 * becomes a spurious IRQ 7.
 *
 * Cascade: `setSlave(ir, slave)` on the master; the machine wires `slave.onIrq` to
 * `master.setIrq(ir, level)`. At INTA the master, finding a slave IR, sets its own ISR bit and asks
 * the slave for the vector. Special fully nested mode (SFNM) lets a slave's higher request through
 * while the master's cascade IR is in service.
 *
 * Not emulated: the 8080/8085 CALL sequence (uPM = 0: `acknowledge` returns the 8086 vector anyway),
 * buffered mode's SP/EN pin, ADI, the cascade bus pins (the slave is found by object).
 * UNVERIFIED: ICW1 also clears the ISR here (the datasheet lists only the mask and the edge latches);
 * programs initialize before any interrupt is in service, so this is not observable by them.
 */
import { CorruptStateError } from '../../kernel/errors.ts';
import type { Part } from '../../kernel/part.ts';

export interface PicState {
  /** Input pin levels IR0-7 (bit n = IRn high). */
  lines: number;
  irr: number;
  isr: number;
  imr: number;
  /** 0: operational; 2, 3, 4: expecting ICW2, ICW3, ICW4. */
  initStep: number;
  icw1: number;
  icw2: number;
  icw3: number;
  icw4: number;
  /** IR with the lowest priority (7 after ICW1); rotation moves it. */
  lowest: number;
  rotateAeoi: number;
  specialMask: number;
  /** OCW3 RIS: 1 read ISR, 0 read IRR. */
  readIsr: number;
  /** Poll command issued: the next read of port 0 is the poll word. */
  poll: number;
  /** INT output level as last reported. */
  int: number;
}

function powerOn(): PicState {
  return {
    lines: 0, irr: 0, isr: 0, imr: 0xff, initStep: 0, icw1: 0, icw2: 0, icw3: 0, icw4: 0,
    lowest: 7, rotateAeoi: 0, specialMask: 0, readIsr: 0, poll: 0, int: 0,
  };
}

export class Pic8259 implements Part<PicState> {
  readonly stateVersion = 1;
  s: PicState = powerOn();
  /** INT output changed. */
  onIrq: ((asserted: boolean) => void) | null = null;
  private readonly slaves: (Pic8259 | null)[] = [null, null, null, null, null, null, null, null];

  /** Power-on: everything masked until the BIOS initializes the chip. */
  reset(): void {
    const lines = this.s.lines;
    this.s = powerOn();
    this.s.lines = lines;
    this.update();
  }

  /** Master only: a slave 8259A's INT is wired to input `ir`. */
  setSlave(ir: number, slave: Pic8259 | null): void {
    this.slaves[ir & 7] = slave;
  }

  /** Drive input IRn (logical: true = request). */
  setIrq(ir: number, level: boolean): void {
    const s = this.s;
    const bit = 1 << (ir & 7);
    if (level) {
      if ((s.lines & bit) !== 0) return;
      s.lines |= bit;
      s.irr |= bit; // a rising edge (edge mode) or a high level (level mode)
    } else {
      if ((s.lines & bit) === 0) return;
      s.lines &= ~bit;
      s.irr &= ~bit;
    }
    this.update();
  }

  /** Is INT asserted (a request would interrupt the CPU now)? */
  get intAsserted(): boolean { return this.s.int !== 0; }

  read(port: number): number {
    const s = this.s;
    if ((port & 1) !== 0) return s.imr;
    if (s.poll !== 0) {
      // Poll word (datasheet "The Poll Command"): I bit 7, W2-W0 the highest request; acts as INTA.
      s.poll = 0;
      const ir = this.resolve();
      if (ir < 0) return 0;
      this.inService(ir);
      return 0x80 | ir;
    }
    return s.readIsr !== 0 ? s.isr : s.irr;
  }

  write(port: number, value: number): void {
    const s = this.s;
    const v = value & 0xff;
    if ((port & 1) === 0) {
      if ((v & 0x10) !== 0) this.icw1(v);
      else if ((v & 0x08) !== 0) this.ocw3(v);
      else this.ocw2(v);
    } else {
      switch (s.initStep) {
        case 2:
          s.icw2 = v;
          if ((s.icw1 & 0x02) === 0) s.initStep = 3;
          else s.initStep = (s.icw1 & 0x01) !== 0 ? 4 : 0;
          break;
        case 3:
          s.icw3 = v;
          s.initStep = (s.icw1 & 0x01) !== 0 ? 4 : 0;
          break;
        case 4:
          s.icw4 = v & 0x1f;
          s.initStep = 0;
          break;
        default:
          s.imr = v;
      }
    }
    this.update();
  }

  /**
   * The INTA cycles: returns the interrupt vector and moves the request into service. Call when
   * the CPU accepts INTR (`X86Bus.intAck`). With no request pending it returns the spurious IR7
   * vector and changes nothing.
   */
  acknowledge(): number {
    const s = this.s;
    const ir = this.resolve();
    if (ir < 0) return (s.icw2 & 0xf8) | 7;
    this.inService(ir);
    const slave = this.slaves[ir];
    const cascaded = slave !== null && slave !== undefined && (s.icw1 & 0x02) === 0 && (s.icw3 & (1 << ir)) !== 0;
    // A slave's INT is a level: the master keeps the request while it stays high, so a second slave
    // request that arrives while the first is served is seen after the EOIs (as MAME's pic8259 does).
    if (cascaded && (s.lines & (1 << ir)) !== 0) s.irr |= 1 << ir;
    const vector = cascaded ? slave.acknowledge() : (s.icw2 & 0xf8) | ir;
    this.update();
    return vector;
  }

  getState(): PicState { return { ...this.s }; }

  setState(state: PicState): void {
    if (typeof state !== 'object' || state === null) throw new CorruptStateError('PIC state: not an object');
    const o = state as unknown as Record<string, unknown>;
    const next = powerOn();
    for (const key of Object.keys(next) as (keyof PicState)[]) {
      const v = o[key];
      const hi = key === 'initStep' ? 4 : key === 'lowest' ? 7 : key === 'icw4' ? 0x1f : BYTE_KEYS.has(key) ? 0xff : 1;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > hi || key === 'initStep' && v === 1)
        throw new CorruptStateError(`PIC state: bad ${key}`);
      next[key] = v;
    }
    this.s = next;
  }

  // --- internals ------------------------------------------------------------------------------

  private icw1(v: number): void {
    const s = this.s;
    s.icw1 = v;
    s.initStep = 2;
    s.imr = 0;
    s.irr = 0; // edge-sense latches reset: a high input must go low and high again
    if ((v & 0x08) !== 0) s.irr = s.lines; // level mode: the levels are the requests
    s.isr = 0;
    s.lowest = 7;
    s.specialMask = 0;
    s.readIsr = 0;
    s.poll = 0;
    s.rotateAeoi = 0;
    if ((v & 0x01) === 0) s.icw4 = 0;
  }

  private ocw2(v: number): void {
    const s = this.s;
    const level = v & 7;
    switch (v >> 5) {
      case 1: { // non-specific EOI
        const ir = this.highestInService();
        if (ir >= 0) s.isr &= ~(1 << ir);
        break;
      }
      case 3: s.isr &= ~(1 << level); break; // specific EOI
      case 5: { // rotate on non-specific EOI
        const ir = this.highestInService();
        if (ir >= 0) { s.isr &= ~(1 << ir); s.lowest = ir; }
        break;
      }
      case 4: s.rotateAeoi = 1; break;
      case 0: s.rotateAeoi = 0; break;
      case 7: s.isr &= ~(1 << level); s.lowest = level; break; // rotate on specific EOI
      case 6: s.lowest = level; break;                            // set priority
      default: break;                                             // 2: no operation
    }
  }

  private ocw3(v: number): void {
    const s = this.s;
    if ((v & 0x40) !== 0) s.specialMask = (v >> 5) & 1;
    if ((v & 0x04) !== 0) s.poll = 1;
    if ((v & 0x02) !== 0) s.readIsr = v & 1;
  }

  /** Set ISR for `ir`, clear its request (level mode re-asserts it from the pin), apply AEOI. */
  private inService(ir: number): void {
    const s = this.s;
    const bit = 1 << ir;
    s.isr |= bit;
    s.irr &= ~bit;
    if ((s.icw1 & 0x08) !== 0 && (s.lines & bit) !== 0) s.irr |= bit;
    if ((s.icw4 & 0x02) !== 0) {
      s.isr &= ~bit; // automatic EOI at the end of the second INTA
      if (s.rotateAeoi !== 0) s.lowest = ir;
    }
  }

  /** Highest-priority IR set in the ISR (honouring special mask mode), or -1. */
  private highestInService(): number {
    const s = this.s;
    for (let i = 1; i <= 8; i++) {
      const ir = (s.lowest + i) & 7;
      if ((s.isr & (1 << ir)) !== 0) return ir;
    }
    return -1;
  }

  /**
   * The priority resolver: the IR that would be acknowledged now, or -1. A request wins when it is
   * unmasked and no level of equal or higher priority is in service. Special mask mode: a masked
   * level in service does not block anything. SFNM (master): a request from the IR in service is
   * let through (a slave's higher-priority request).
   */
  private resolve(): number {
    const s = this.s;
    const req = s.irr & ~s.imr;
    const sfnm = (s.icw4 & 0x10) !== 0;
    for (let i = 1; i <= 8; i++) {
      const ir = (s.lowest + i) & 7;
      const bit = 1 << ir;
      if ((s.isr & bit) !== 0 && !(s.specialMask !== 0 && (s.imr & bit) !== 0)) {
        return sfnm && (req & bit) !== 0 ? ir : -1;
      }
      if ((req & bit) !== 0) return ir;
    }
    return -1;
  }

  private update(): void {
    const s = this.s;
    const on = s.initStep === 0 && this.resolve() >= 0 ? 1 : 0;
    if (on !== s.int) {
      s.int = on;
      if (this.onIrq !== null) this.onIrq(on !== 0);
    }
  }
}

const BYTE_KEYS: ReadonlySet<string> = new Set(['lines', 'irr', 'isr', 'imr', 'icw1', 'icw2', 'icw3']);
