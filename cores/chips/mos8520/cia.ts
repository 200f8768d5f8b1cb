/**
 * MOS 8520 Complex Interface Adapter (the Amiga's CIA; a 6526 with a binary TOD counter).
 *
 * Emulated: two 8-bit ports with data direction registers (PB6/PB7 timer outputs with PBON,
 * pulse or toggle), timer A and timer B (16-bit, latch + counter, continuous or one-shot, force
 * load, the 8520's "write the high byte of a one-shot timer starts it", timer B counting timer A
 * underflows), the 24-bit time-of-day counter with its read latch, write stop and alarm, the
 * serial shift register (input: a whole byte handed in by the machine; output: clocked by timer A
 * underflows, 8 bits = 16 underflows, as in the datasheet's serial port section), and the
 * interrupt control register (mask set/clear, flags cleared on read, /IRQ).
 *
 * Time: the chip counts E-clock cycles (phi2). It catches up lazily on every register access
 * (`now` from the machine's Clock, `divider` master ticks per E cycle, remainder carried) and arms
 * one Scheduler timer for the next underflow whose interrupt is enabled, so /IRQ is asserted at
 * the right tick without ticking every cycle.
 *
 * Not emulated: the one- and two-cycle pipeline delays of the 6526 family between a register write
 * and the counter reacting (a timer started here counts from the next E cycle; an underflow occurs
 * `latch + 1` cycles after loading, as the datasheet's "counts down to zero, then reloads"
 * describes); CNT-pin counting other than by `pulseCnt()`; the /PC handshake output; the FLAG
 * input except through `flag()`.
 *
 * Sources: MOS 6526/8520 CIA data sheet ("Timer operation", "Time of day clock", "Serial port",
 * "Interrupt control"); Amiga Hardware Reference Manual, appendix F ("8520 Complex Interface
 * Adapters": the binary TOD, the one-shot start on a high-byte write, the register map).
 */
import type { Part } from '../../kernel/part.ts';
import { CorruptStateError } from '../../kernel/errors.ts';
import type { Timer } from '../../kernel/scheduler.ts';
import type { Clock, Ticks } from '../../kernel/time.ts';

/** Register numbers (RS3..RS0). */
export const enum CiaReg {
  PRA = 0, PRB = 1, DDRA = 2, DDRB = 3,
  TALO = 4, TAHI = 5, TBLO = 6, TBHI = 7,
  TODLO = 8, TODMID = 9, TODHI = 10,
  SDR = 12, ICR = 13, CRA = 14, CRB = 15,
}

/** ICR bits. */
export const ICR_TA = 0x01;
export const ICR_TB = 0x02;
export const ICR_ALRM = 0x04;
export const ICR_SP = 0x08;
export const ICR_FLG = 0x10;
export const ICR_IR = 0x80;

/** Control register bits (CRA and CRB share bits 0-4). */
const CR_START = 0x01;
const CR_PBON = 0x02;
const CR_OUTMODE = 0x04;
const CR_RUNMODE = 0x08;
const CR_LOAD = 0x10;
/** CRA bit 5: timer A counts CNT edges instead of phi2. */
const CRA_INMODE = 0x20;
/** CRA bit 6: serial port is an output. */
const CRA_SPMODE = 0x40;
/** CRB bits 5-6: timer B input (00 phi2, 01 CNT, 10 TA underflows, 11 TA underflows with CNT high). */
const CRB_INMODE = 0x60;
/** CRB bit 7: TOD writes set the alarm. */
const CRB_ALARM = 0x80;

export interface CiaState {
  pra: number; prb: number; ddra: number; ddrb: number;
  /** Timer counters and latches. */
  ta: number; tb: number; latchA: number; latchB: number;
  cra: number; crb: number;
  /** PB6/PB7 toggle flip-flops (OUTMODE = toggle). */
  toggleA: boolean; toggleB: boolean;
  /** Interrupt flags (bits 0-4) and mask. */
  icr: number; mask: number;
  /** /IRQ asserted. */
  irq: boolean;
  /** 24-bit TOD counter, its alarm, the read latch and its state, the write stop. */
  tod: number; alarm: number; todLatch: number; todLatched: boolean; todStopped: boolean;
  sdr: number;
  /** Serial output: byte being shifted, timer A underflows left for it (0 = idle), a byte waiting. */
  shiftOut: number; shiftLeft: number; sdrPending: boolean;
  /** Master tick up to which the chip has run (on an E-cycle boundary). */
  syncedTo: Ticks;
}

function powerOnState(syncedTo: Ticks): CiaState {
  return {
    pra: 0, prb: 0, ddra: 0, ddrb: 0,
    // Datasheet, /RES: "all internal registers are reset to zero, the timer latches to all ones".
    ta: 0xffff, tb: 0xffff, latchA: 0xffff, latchB: 0xffff,
    cra: 0, crb: 0, toggleA: false, toggleB: false,
    icr: 0, mask: 0, irq: false,
    tod: 0, alarm: 0, todLatch: 0, todLatched: false, todStopped: false,
    sdr: 0, shiftOut: 0, shiftLeft: 0, sdrPending: false,
    syncedTo,
  };
}

const STATE_KEYS = Object.keys(powerOnState(0)) as (keyof CiaState)[];

export class Cia8520 implements Part<CiaState> {
  readonly stateVersion = 1;
  s: CiaState;
  /** /IRQ changed (asserted = low on the pin). */
  onIrq: (asserted: boolean) => void = () => {};
  /** Levels the outside world drives on port A / B pins (inputs); 1 where nothing pulls down. */
  portAIn: () => number = () => 0xff;
  portBIn: () => number = () => 0xff;
  /** Port A / B output pins changed: value as driven (inputs read as 1, the pull-ups). */
  onPortA: (pins: number) => void = () => {};
  onPortB: (pins: number) => void = () => {};
  /** CRA's SPMODE changed (true: the SP pin is an output; the Amiga keyboard handshake). */
  onSerialMode: (output: boolean) => void = () => {};
  /** A byte finished shifting out of SP (output mode). */
  onSerialOut: (byte: number) => void = () => {};
  private readonly timer: Timer;

  /**
   * @param clock master time
   * @param divider master ticks per E cycle (40 on the Amiga: 28.375 MHz / 40 = 709 kHz)
   * @param makeTimer creates this chip's scheduler timer slot with the given callback
   */
  constructor(private readonly clock: Clock, readonly divider: number, makeTimer: (fire: () => void) => Timer) {
    this.s = powerOnState(clock.now);
    this.timer = makeTimer(() => { this.catchUp(); this.rearm(); });
  }

  /** The /RES pin. */
  reset(): void {
    this.catchUp();
    const at = this.s.syncedTo;
    const wasIrq = this.s.irq;
    this.s = powerOnState(at);
    if (wasIrq) this.onIrq(false);
    this.onPortA(0xff);
    this.onPortB(0xff);
    this.rearm();
  }

  // ---- time ----

  /** Run the timers up to now. */
  catchUp(): void {
    const s = this.s;
    const now = this.clock.now;
    if (now <= s.syncedTo) return;
    const n = Math.floor((now - s.syncedTo) / this.divider);
    if (n === 0) return;
    s.syncedTo += n * this.divider;
    this.advance(n);
  }

  /** Advance by `n` E cycles. */
  private advance(n: number): void {
    const s = this.s;
    let underA = 0;
    if ((s.cra & (CR_START | CRA_INMODE)) === CR_START) underA = this.countA(n);
    if (underA > 0) this.afterUnderflowsA(underA);
    if ((s.crb & (CR_START | CRB_INMODE)) === CR_START) {
      const u = this.countB(n);
      if (u > 0) this.underflowB(u);
    }
  }

  /** Count timer A down by `n` events; returns underflows (one-shot stops at the first). */
  private countA(n: number): number {
    const s = this.s;
    if (n <= s.ta) { s.ta -= n; return 0; }
    n -= s.ta + 1;
    s.ta = s.latchA;
    if ((s.cra & CR_RUNMODE) !== 0) { s.cra &= ~CR_START; return 1; }
    const period = s.latchA + 1;
    const more = Math.floor(n / period);
    s.ta = s.latchA - (n - more * period);
    return 1 + more;
  }

  private countB(n: number): number {
    const s = this.s;
    if (n <= s.tb) { s.tb -= n; return 0; }
    n -= s.tb + 1;
    s.tb = s.latchB;
    if ((s.crb & CR_RUNMODE) !== 0) { s.crb &= ~CR_START; return 1; }
    const period = s.latchB + 1;
    const more = Math.floor(n / period);
    s.tb = s.latchB - (n - more * period);
    return 1 + more;
  }

  private afterUnderflowsA(u: number): void {
    const s = this.s;
    if ((s.cra & CR_OUTMODE) !== 0 && (u & 1) !== 0) s.toggleA = !s.toggleA;
    // Serial output: each underflow toggles CNT; a bit per two underflows, 8 bits per byte.
    if ((s.cra & CRA_SPMODE) !== 0 && s.shiftLeft > 0) {
      let left = u;
      while (left > 0 && s.shiftLeft > 0) {
        const take = Math.min(left, s.shiftLeft);
        left -= take;
        s.shiftLeft -= take;
        if (s.shiftLeft === 0) {
          this.onSerialOut(s.shiftOut);
          this.setFlags(ICR_SP);
          if (s.sdrPending) { s.sdrPending = false; s.shiftOut = s.sdr; s.shiftLeft = 16; }
        }
      }
    }
    const inB = s.crb & CRB_INMODE;
    // CNT is taken as high (nothing drives it on the Amiga while the timers run), so mode 11
    // counts like mode 10.
    if ((s.crb & CR_START) !== 0 && inB >= 0x40) {
      const ub = this.countB(u);
      if (ub > 0) this.underflowB(ub);
    }
    this.setFlags(ICR_TA);
  }

  private underflowB(u: number): void {
    const s = this.s;
    if ((s.crb & CR_OUTMODE) !== 0 && (u & 1) !== 0) s.toggleB = !s.toggleB;
    this.setFlags(ICR_TB);
  }

  private setFlags(bits: number): void {
    const s = this.s;
    s.icr |= bits;
    if (!s.irq && (s.icr & s.mask & 0x1f) !== 0) {
      s.irq = true;
      this.onIrq(true);
    }
  }

  /** E cycles until timer A next underflows if it counts phi2, else Infinity. */
  private cyclesToUnderflowA(): number {
    const s = this.s;
    return (s.cra & (CR_START | CRA_INMODE)) === CR_START ? s.ta + 1 : Infinity;
  }

  /** Arm the scheduler timer at the next underflow that matters for /IRQ or the serial port. */
  private rearm(): void {
    const s = this.s;
    let cycles = Infinity;
    const a = this.cyclesToUnderflowA();
    const bOnA = (s.crb & CR_START) !== 0 && (s.crb & CRB_INMODE) >= 0x40;
    if (a !== Infinity && ((s.mask & ICR_TA) !== 0 || (bOnA && (s.mask & ICR_TB) !== 0) ||
        (s.shiftLeft > 0 && (s.cra & CRA_SPMODE) !== 0)))
      cycles = a;
    if ((s.crb & (CR_START | CRB_INMODE)) === CR_START && (s.mask & ICR_TB) !== 0) cycles = Math.min(cycles, s.tb + 1);
    if (cycles === Infinity) this.timer.cancel();
    else this.timer.armAt(s.syncedTo + cycles * this.divider);
  }

  // ---- registers ----

  read(reg: number): number {
    this.catchUp();
    const s = this.s;
    switch (reg & 15) {
      case CiaReg.PRA: return ((s.pra & s.ddra) | (this.portAIn() & ~s.ddra)) & 0xff;
      case CiaReg.PRB: return this.readPortB();
      case CiaReg.DDRA: return s.ddra;
      case CiaReg.DDRB: return s.ddrb;
      case CiaReg.TALO: return s.ta & 0xff;
      case CiaReg.TAHI: return s.ta >> 8;
      case CiaReg.TBLO: return s.tb & 0xff;
      case CiaReg.TBHI: return s.tb >> 8;
      case CiaReg.TODLO: {
        const v = (s.todLatched ? s.todLatch : s.tod) & 0xff;
        s.todLatched = false;
        return v;
      }
      case CiaReg.TODMID: return ((s.todLatched ? s.todLatch : s.tod) >> 8) & 0xff;
      case CiaReg.TODHI:
        // Reading the high byte freezes the value read until the low byte is read (datasheet).
        s.todLatch = s.tod;
        s.todLatched = true;
        return (s.tod >> 16) & 0xff;
      case 11: return 0xff; // unused on the 8520; UNVERIFIED: what the bus returns here
      case CiaReg.SDR: return s.sdr;
      case CiaReg.ICR: {
        const v = (s.icr & 0x1f) | (s.irq ? ICR_IR : 0);
        s.icr = 0;
        if (s.irq) { s.irq = false; this.onIrq(false); }
        this.rearm();
        return v;
      }
      case CiaReg.CRA: return s.cra & ~CR_LOAD & 0xff;
      default: return s.crb & ~CR_LOAD & 0xff;
    }
  }

  private readPortB(): number {
    const s = this.s;
    let v = ((s.prb & s.ddrb) | (this.portBIn() & ~s.ddrb)) & 0xff;
    // PBON: the timer outputs override PB6/PB7 (toggle level, or a one-cycle pulse read as 0).
    if ((s.cra & CR_PBON) !== 0) v = (v & ~0x40) | ((s.cra & CR_OUTMODE) !== 0 && s.toggleA ? 0x40 : 0);
    if ((s.crb & CR_PBON) !== 0) v = (v & ~0x80) | ((s.crb & CR_OUTMODE) !== 0 && s.toggleB ? 0x80 : 0);
    return v;
  }

  write(reg: number, value: number): void {
    this.catchUp();
    const s = this.s;
    value &= 0xff;
    switch (reg & 15) {
      case CiaReg.PRA: s.pra = value; this.portAChanged(); break;
      case CiaReg.PRB: s.prb = value; this.portBChanged(); break;
      case CiaReg.DDRA: s.ddra = value; this.portAChanged(); break;
      case CiaReg.DDRB: s.ddrb = value; this.portBChanged(); break;
      case CiaReg.TALO: s.latchA = (s.latchA & 0xff00) | value; break;
      case CiaReg.TAHI:
        s.latchA = (s.latchA & 0xff) | (value << 8);
        if ((s.cra & CR_START) === 0) s.ta = s.latchA;
        // 8520 (HRM appendix F): in one-shot mode a high-byte write loads and starts the timer.
        if ((s.cra & CR_RUNMODE) !== 0) { s.ta = s.latchA; s.cra |= CR_START; s.toggleA = true; }
        break;
      case CiaReg.TBLO: s.latchB = (s.latchB & 0xff00) | value; break;
      case CiaReg.TBHI:
        s.latchB = (s.latchB & 0xff) | (value << 8);
        if ((s.crb & CR_START) === 0) s.tb = s.latchB;
        if ((s.crb & CR_RUNMODE) !== 0) { s.tb = s.latchB; s.crb |= CR_START; s.toggleB = true; }
        break;
      case CiaReg.TODLO: this.writeTod(0, value); break;
      case CiaReg.TODMID: this.writeTod(8, value); break;
      case CiaReg.TODHI: this.writeTod(16, value); break;
      case 11: break;
      case CiaReg.SDR:
        s.sdr = value;
        if ((s.cra & CRA_SPMODE) !== 0) {
          if (s.shiftLeft === 0) { s.shiftOut = value; s.shiftLeft = 16; } else s.sdrPending = true;
        }
        break;
      case CiaReg.ICR:
        // Bit 7 SET/CLR: ones in bits 0-4 set or clear those mask bits.
        if ((value & 0x80) !== 0) s.mask |= value & 0x1f; else s.mask &= ~value & 0x1f;
        if (!s.irq && (s.icr & s.mask & 0x1f) !== 0) { s.irq = true; this.onIrq(true); }
        break;
      case CiaReg.CRA: {
        const was = s.cra;
        if ((value & CR_LOAD) !== 0) s.ta = s.latchA;
        // Starting the timer sets the PB6 toggle output high (datasheet, OUTMODE).
        if ((value & CR_START) !== 0 && (was & CR_START) === 0) s.toggleA = true;
        s.cra = value & ~CR_LOAD;
        if (((was ^ value) & CRA_SPMODE) !== 0) {
          s.shiftLeft = 0;
          s.sdrPending = false;
          this.onSerialMode((value & CRA_SPMODE) !== 0);
        }
        break;
      }
      default: {
        if ((value & CR_LOAD) !== 0) s.tb = s.latchB;
        if ((value & CR_START) !== 0 && (s.crb & CR_START) === 0) s.toggleB = true;
        s.crb = value & ~CR_LOAD;
        break;
      }
    }
    this.rearm();
  }

  private writeTod(shift: number, value: number): void {
    const s = this.s;
    if ((s.crb & CRB_ALARM) !== 0) {
      s.alarm = (s.alarm & ~(0xff << shift)) | (value << shift);
      return;
    }
    s.tod = (s.tod & ~(0xff << shift)) | (value << shift);
    // Writing the high byte stops the counter until the low byte is written (datasheet).
    if (shift === 16) s.todStopped = true;
    else if (shift === 0) s.todStopped = false;
    this.checkAlarm();
  }

  private checkAlarm(): void {
    if (this.s.tod === this.s.alarm) this.setFlags(ICR_ALRM);
  }

  private portAChanged(): void {
    const s = this.s;
    this.onPortA(((s.pra & s.ddra) | ~s.ddra) & 0xff);
  }

  private portBChanged(): void {
    const s = this.s;
    this.onPortB(((s.prb & s.ddrb) | ~s.ddrb) & 0xff);
  }

  // ---- pins ----

  /** One pulse on the TOD input (vsync on CIA-A, hsync on CIA-B in the Amiga). */
  tickTod(): void {
    const s = this.s;
    if (s.todStopped) return;
    this.catchUp();
    s.tod = (s.tod + 1) & 0xffffff;
    this.checkAlarm();
  }

  /** A byte arrived through SP/CNT (serial input mode): it lands in SDR and raises SP. */
  receiveSerial(byte: number): void {
    this.catchUp();
    const s = this.s;
    if ((s.cra & CRA_SPMODE) !== 0) return; // the port drives SP itself: nothing is shifted in
    s.sdr = byte & 0xff;
    this.setFlags(ICR_SP);
    this.rearm();
  }

  /** A falling edge on /FLAG (the Amiga's disk index pulse on CIA-B). */
  flag(): void {
    this.catchUp();
    this.setFlags(ICR_FLG);
    this.rearm();
  }

  /** A positive CNT edge: counts for a timer in CNT mode. */
  pulseCnt(): void {
    this.catchUp();
    const s = this.s;
    if ((s.cra & (CR_START | CRA_INMODE)) === (CR_START | CRA_INMODE)) {
      const u = this.countA(1);
      if (u > 0) this.afterUnderflowsA(u);
    }
    if ((s.crb & CR_START) !== 0 && (s.crb & CRB_INMODE) === 0x20) {
      const u = this.countB(1);
      if (u > 0) this.underflowB(u);
    }
    this.rearm();
  }

  /** Port A pins as driven now (outputs; inputs read as 1). */
  get portAOut(): number {
    return ((this.s.pra & this.s.ddra) | ~this.s.ddra) & 0xff;
  }

  get portBOut(): number {
    return ((this.s.prb & this.s.ddrb) | ~this.s.ddrb) & 0xff;
  }

  // ---- state ----

  getState(): CiaState {
    this.catchUp();
    return { ...this.s };
  }

  setState(st: CiaState): void {
    if (typeof st !== 'object' || st === null) throw new CorruptStateError('CIA state: not an object');
    for (const k of STATE_KEYS) {
      const v = st[k];
      if (typeof v !== typeof this.s[k] || (typeof v === 'number' && !Number.isFinite(v)))
        throw new CorruptStateError(`CIA state: bad ${k}`);
    }
    this.s = { ...st };
    // The scheduler restores the timer itself; nothing else is derived.
  }
}
