/**
 * National Semiconductor INS8250 / NS16450 UART (the PC's COM ports: 3F8h COM1 / IRQ 4, 2F8h COM2 /
 * IRQ 3). Eight registers: RBR/THR and the divisor latch (DLAB), IER, IIR, LCR, MCR, LSR, MSR and the
 * scratch register (16450 and 8250A; absent on the original 8250).
 *
 * Modelled (NS16450/INS8250A datasheet, "Registers", Tables I-III; "Interrupt Identification
 * Register" priority table):
 * - Character timing from the divisor and the line control: a character of 1 start + 5-8 data
 *   + parity + 1/1.5/2 stop bits takes bits x 16 x divisor cycles of the 1.8432 MHz UART clock.
 * - Transmit: THR -> shift register at once when the shifter is idle; THRE and TEMT; the byte reaches
 *   `onTransmit` when its last stop bit has gone (or the receiver, in loopback).
 * - Receive: bytes from the other end (`receive(bytes)`) arrive one character time apart on the
 *   line, into RBR with DR; a byte arriving over an unread one sets OE (the old one is lost).
 * - Interrupts in priority order: receiver line status (OE/PE/FE/BI, cleared by reading LSR),
 *   received data (cleared by reading RBR), THR empty (cleared by reading IIR when it is the reported
 *   source, or by writing THR; set again when IER enables it while THR is empty), modem status
 *   (cleared by reading MSR).
 * - MCR outputs DTR, RTS, OUT1, OUT2 (`onModemControl`); MSR inputs CTS, DSR, RI, DCD
 *   (`setModemInputs`) with their delta bits (TERI on RI's trailing edge).
 * - Loopback (MCR bit 4): TX goes to RX inside the chip, the inputs read CTS = RTS, DSR = DTR,
 *   RI = OUT1, DCD = OUT2, and the output pins go inactive.
 * - IRQ on the PC is the INTRPT pin gated by the OUT2 pin (every PC serial card does this);
 *   `out2GatesIrq: false` gives the raw pin. In loopback OUT2 is inactive, so a PC sees no IRQ.
 *
 * Variant `'16550A'` adds the FIFO control register (FCR at port 2: enable, clear RX/TX, RX trigger
 * level 1/4/8/14), 16-byte receive and transmit FIFOs, IIR bits 6-7 set while FIFOs are on, and
 * the character timeout interrupt (IIR 0Ch: data in the RX FIFO, none read or received for four
 * character times). In FIFO mode an overrun keeps the FIFO and loses the new byte (NS16550A
 * datasheet, "FIFO Interrupt Mode Operation"). With FCR bit 0 clear it is a 16450.
 *
 * Not emulated: parity/framing/break generation and detection between mismatched line settings (the
 * far end is assumed to match: bytes arrive as sent, so PE/FE/BI never happen), FIFO DMA mode
 * (FCR bit 3, the RXRDY/TXRDY pins), the transmitter's half-bit THR-to-TSR delay.
 */
import { CorruptStateError } from '../../kernel/errors.ts';
import type { Part } from '../../kernel/part.ts';
import type { Scheduler, Timer } from '../../kernel/scheduler.ts';
import type { Ticks } from '../../kernel/time.ts';

export type ChipScheduler = Pick<Scheduler, 'now' | 'timer'>;

export interface Ns8250Options {
  readonly masterHz: number;
  readonly timerKey?: string;
  /**
   * `'16450'` (default; also the 8250A) has the scratch register; `'8250'` has none; `'16550A'`
   * adds the FIFOs.
   */
  readonly variant?: '8250' | '16450' | '16550A';
  /** UART input clock (default 1,843,200 Hz, as on every PC serial card). */
  readonly uartHz?: number;
  /** IRQ = INTRPT AND OUT2 (default true, the PC wiring). */
  readonly out2GatesIrq?: boolean;
}

export interface UartState {
  rbr: number;
  thr: number;
  /** THR holds a byte not yet moved to the shifter. */
  thrFull: number;
  /** Byte in the transmit shifter, or -1 when idle. */
  tsr: number;
  txDoneAt: Ticks;
  ier: number;
  lcr: number;
  mcr: number;
  /** LSR bits 0-4 (DR, OE, PE, FE, BI); THRE and TEMT are derived. */
  lsr: number;
  /** Modem input levels CTS, DSR, RI, DCD as MSR bits 4-7 (outside loopback). */
  msrIn: number;
  /** MSR delta bits 0-3. */
  msrDelta: number;
  dll: number;
  dlm: number;
  scr: number;
  thrInt: number;
  /** Bytes the far end has sent that are still on the line, in order. */
  rxQueue: number[];
  /** Tick the first queued byte has fully arrived, or -1. */
  rxNextAt: Ticks;
  /** IRQ output as last reported. */
  irq: number;
  /** 16550A FIFO control: bit 0 FIFOs on, bits 6-7 RX trigger level (0 when off). */
  fcr: number;
  /** 16550A, FIFO mode: received bytes not yet read (RBR holds the last one read). */
  rxFifo: number[];
  /** 16550A, FIFO mode: bytes waiting for the shifter. */
  txFifo: number[];
  /** 16550A, FIFO mode: tick of the character timeout (four character times), or -1. */
  timeoutAt: Ticks;
}

function powerOn(): UartState {
  return {
    rbr: 0, thr: 0, thrFull: 0, tsr: -1, txDoneAt: -1, ier: 0, lcr: 0, mcr: 0, lsr: 0, msrIn: 0,
    msrDelta: 0, dll: 0x0c, dlm: 0, scr: 0, thrInt: 0, rxQueue: [], rxNextAt: -1, irq: 0,
    fcr: 0, rxFifo: [], txFifo: [], timeoutAt: -1,
  };
}

/** Most bytes the far end may have in flight (a mouse sends 3 per report). */
const RX_QUEUE_MAX = 4096;
const FIFO_SIZE = 16;
/** RX FIFO trigger levels by FCR bits 6-7. */
const RX_TRIGGER = [1, 4, 8, 14];

export class Ns8250 implements Part<UartState> {
  readonly stateVersion = 2;
  s: UartState = powerOn();
  /** IRQ level (gated by OUT2 unless out2GatesIrq is false). */
  onIrq: ((asserted: boolean) => void) | null = null;
  /** A byte has left the transmitter (not called in loopback). */
  onTransmit: ((byte: number) => void) | null = null;
  /** MCR output pins changed: `mcr` bit 0 DTR, 1 RTS, 2 OUT1, 3 OUT2 (all 0 in loopback). */
  onModemControl: ((mcr: number) => void) | null = null;

  private readonly clock: ChipScheduler;
  private readonly timer: Timer;
  private readonly masterHz: number;
  private readonly uartHz: number;
  private readonly hasScratch: boolean;
  private readonly hasFifo: boolean;
  private readonly out2Gates: boolean;

  constructor(clock: ChipScheduler, options: Ns8250Options) {
    this.clock = clock;
    this.masterHz = options.masterHz;
    if (!(this.masterHz > 0)) throw new RangeError('UART: masterHz must be positive');
    this.uartHz = options.uartHz ?? 1_843_200;
    const variant = options.variant ?? '16450';
    this.hasScratch = variant !== '8250';
    this.hasFifo = variant === '16550A';
    this.out2Gates = options.out2GatesIrq ?? true;
    this.timer = clock.timer(options.timerKey ?? 'uart', () => this.onTimer());
  }

  /** Master reset (the MR pin): registers cleared, the line idle; queued far-end bytes are kept. */
  reset(): void {
    const q = this.s.rxQueue;
    this.s = powerOn();
    this.s.rxQueue = q;
    this.s.rxNextAt = q.length > 0 ? this.clock.now + this.charTicks() : -1;
    this.rearm();
    this.update();
    if (this.onModemControl !== null) this.onModemControl(0);
  }

  /** Master ticks one character takes with the current divisor and line control. */
  charTicks(): number {
    const s = this.s;
    const divisor = (s.dlm << 8) | s.dll || 0x10000;
    const data = 5 + (s.lcr & 3);
    const stop = (s.lcr & 4) === 0 ? 1 : data === 5 ? 1.5 : 2;
    const bits = 1 + data + ((s.lcr & 8) !== 0 ? 1 : 0) + stop;
    return Math.max(1, Math.round((bits * 16 * divisor * this.masterHz) / this.uartHz));
  }

  /** Bytes from the far end (a mouse, a modem): they arrive one character time apart. */
  receive(bytes: ArrayLike<number>): void {
    const s = this.s;
    for (let i = 0; i < bytes.length && s.rxQueue.length < RX_QUEUE_MAX; i++) s.rxQueue.push(bytes[i]! & 0xff);
    if (s.rxNextAt < 0 && s.rxQueue.length > 0) { s.rxNextAt = this.clock.now + this.charTicks(); this.rearm(); }
  }

  /** Drop bytes still on the line (a far end that was reset). */
  clearReceiveQueue(): void {
    this.s.rxQueue = [];
    this.s.rxNextAt = -1;
    this.rearm();
  }

  /** Modem status inputs from the far end (logical levels). */
  setModemInputs(cts: boolean, dsr: boolean, ri: boolean, dcd: boolean): void {
    const s = this.s;
    const v = (cts ? 0x10 : 0) | (dsr ? 0x20 : 0) | (ri ? 0x40 : 0) | (dcd ? 0x80 : 0);
    if ((s.mcr & 0x10) === 0) this.deltas(s.msrIn, v);
    s.msrIn = v;
    this.update();
  }

  read(port: number): number {
    const s = this.s;
    switch (port & 7) {
      case 0:
        if ((s.lcr & 0x80) !== 0) return s.dll;
        if ((s.fcr & 1) !== 0) return this.readFifo();
        s.lsr &= ~0x01;
        this.update();
        return s.rbr;
      case 1: return (s.lcr & 0x80) !== 0 ? s.dlm : s.ier;
      case 2: {
        const id = this.pendingId();
        if ((id & 0x0f) === 0x02) s.thrInt = 0; // reading IIR clears the THRE interrupt it reports
        this.update();
        return id;
      }
      case 3: return s.lcr;
      case 4: return s.mcr;
      case 5: {
        const v = this.lsrValue();
        s.lsr &= ~0x1e; // OE, PE, FE, BI clear on read
        this.update();
        return v;
      }
      case 6: {
        const v = this.msrValue();
        s.msrDelta = 0;
        this.update();
        return v;
      }
      default: return this.hasScratch ? s.scr : 0xff;
    }
  }

  write(port: number, value: number): void {
    const s = this.s;
    const v = value & 0xff;
    switch (port & 7) {
      case 0:
        if ((s.lcr & 0x80) !== 0) { s.dll = v; return; }
        s.thrInt = 0;
        if ((s.fcr & 1) !== 0) {
          if (s.tsr < 0 && s.txFifo.length === 0) this.startTx(v);
          else if (s.txFifo.length < FIFO_SIZE) s.txFifo.push(v); // a full FIFO drops the byte
        } else if (s.tsr < 0) this.startTx(v);
        else { s.thr = v; s.thrFull = 1; }
        break;
      case 1:
        if ((s.lcr & 0x80) !== 0) { s.dlm = v; return; }
        // Enabling the THRE interrupt while THR is empty raises it at once.
        if ((v & 0x02) !== 0 && (s.ier & 0x02) === 0 && s.thrFull === 0) s.thrInt = 1;
        s.ier = v & 0x0f;
        break;
      case 2: // FCR on a 16550A; nothing on an 8250/16450
        if (!this.hasFifo) return;
        this.writeFcr(v);
        break;
      case 3: s.lcr = v; return;
      case 4: {
        const old = s.mcr;
        s.mcr = v & 0x1f;
        const wasLoop = (old & 0x10) !== 0, loop = (s.mcr & 0x10) !== 0;
        // The modem status seen by the CPU changes source or level: deltas follow it.
        const before = wasLoop ? loopInputs(old) : s.msrIn;
        const after = loop ? loopInputs(s.mcr) : s.msrIn;
        this.deltas(before, after);
        if (this.onModemControl !== null && pinsOf(old) !== pinsOf(s.mcr)) this.onModemControl(pinsOf(s.mcr));
        break;
      }
      case 5: return; // LSR is read-only (factory test writes ignored)
      case 6: return;
      default: s.scr = v; return;
    }
    this.update();
  }

  getState(): UartState {
    const s = this.s;
    return { ...s, rxQueue: s.rxQueue.slice(), rxFifo: s.rxFifo.slice(), txFifo: s.txFifo.slice() };
  }

  /** Version 1 (before the 16550A): the same fields, FIFOs off. */
  migrateState(state: unknown, fromVersion: number): UartState {
    if (fromVersion !== 1 || typeof state !== 'object' || state === null)
      throw new CorruptStateError('UART state: unknown version');
    return { ...(state as UartState), fcr: 0, rxFifo: [], txFifo: [], timeoutAt: -1 };
  }

  setState(state: UartState): void {
    if (typeof state !== 'object' || state === null) throw new CorruptStateError('UART state: not an object');
    const o = state as unknown as Record<string, unknown>;
    const next = powerOn();
    const T = Number.MAX_SAFE_INTEGER;
    const limits: Record<string, [number, number]> = {
      rbr: [0, 0xff], thr: [0, 0xff], thrFull: [0, 1], tsr: [-1, 0xff], txDoneAt: [-1, T], ier: [0, 0x0f], lcr: [0, 0xff],
      mcr: [0, 0x1f], lsr: [0, 0x1f], msrIn: [0, 0xf0], msrDelta: [0, 0x0f], dll: [0, 0xff], dlm: [0, 0xff], scr: [0, 0xff],
      thrInt: [0, 1], rxNextAt: [-1, T], irq: [0, 1], fcr: [0, 0xc1], timeoutAt: [-1, T],
    };
    for (const [k, [lo, hi]] of Object.entries(limits)) {
      const v = o[k];
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < lo || v > hi) throw new CorruptStateError(`UART state: bad ${k}`);
      (next as unknown as Record<string, number>)[k] = v;
    }
    const q = o.rxQueue;
    if (!Array.isArray(q) || q.length > RX_QUEUE_MAX || !q.every((b) => Number.isInteger(b) && b >= 0 && b <= 0xff))
      throw new CorruptStateError('UART state: bad rxQueue');
    next.rxQueue = (q as number[]).slice();
    for (const k of ['rxFifo', 'txFifo'] as const) {
      const f = o[k];
      if (!Array.isArray(f) || f.length > FIFO_SIZE || !f.every((b) => Number.isInteger(b) && b >= 0 && b <= 0xff))
        throw new CorruptStateError(`UART state: bad ${k}`);
      next[k] = (f as number[]).slice();
    }
    if (!this.hasFifo && next.fcr !== 0) throw new CorruptStateError('UART state: FIFOs on a chip without them');
    this.s = next;
  }

  // --- internals ------------------------------------------------------------------------------

  private startTx(v: number): void {
    const s = this.s;
    s.tsr = v;
    s.thrFull = 0;
    if (s.txFifo.length === 0) s.thrInt = 1; // THR (or the TX FIFO) empty again
    s.txDoneAt = this.clock.now + this.charTicks();
    this.rearm();
  }

  private onTimer(): void {
    const s = this.s;
    const now = this.clock.now;
    if (s.tsr >= 0 && s.txDoneAt <= now) {
      const byte = s.tsr;
      const endedAt = s.txDoneAt;
      s.tsr = -1; s.txDoneAt = -1;
      if ((s.fcr & 1) !== 0 && s.txFifo.length > 0) {
        this.startTx(s.txFifo.shift()!);
        s.txDoneAt = endedAt + this.charTicks();
      } else if (s.thrFull !== 0) {
        this.startTx(s.thr);
        s.txDoneAt = endedAt + this.charTicks(); // back to back, from the moment the last one ended
      }
      if ((s.mcr & 0x10) !== 0) this.arrive(byte);
      else if (this.onTransmit !== null) this.onTransmit(byte);
    }
    if (s.rxNextAt >= 0 && s.rxNextAt <= now) {
      const byte = s.rxQueue.shift()!;
      s.rxNextAt = s.rxQueue.length > 0 ? s.rxNextAt + this.charTicks() : -1;
      // In loopback the receiver is cut off from the line (the byte is lost to the chip).
      if ((s.mcr & 0x10) === 0) this.arrive(byte);
    }
    this.rearm();
    this.update();
  }

  private arrive(byte: number): void {
    const s = this.s;
    const mask = (1 << (5 + (s.lcr & 3))) - 1;
    if ((s.fcr & 1) !== 0) {
      // FIFO mode: a full FIFO keeps its bytes and loses the new one (overrun).
      if (s.rxFifo.length < FIFO_SIZE) s.rxFifo.push(byte & mask); else s.lsr |= 0x02;
      s.lsr |= 0x01;
      s.timeoutAt = this.clock.now + 4 * this.charTicks();
      return;
    }
    if ((s.lsr & 0x01) !== 0) s.lsr |= 0x02; // overrun: the unread byte is overwritten
    s.rbr = byte & mask;
    s.lsr |= 0x01;
  }

  /** RBR read in FIFO mode: the oldest byte; the timeout restarts while bytes remain. */
  private readFifo(): number {
    const s = this.s;
    if (s.rxFifo.length > 0) s.rbr = s.rxFifo.shift()!;
    if (s.rxFifo.length === 0) { s.lsr &= ~0x01; s.timeoutAt = -1; }
    else s.timeoutAt = this.clock.now + 4 * this.charTicks();
    this.rearm();
    this.update();
    return s.rbr;
  }

  private writeFcr(v: number): void {
    const s = this.s;
    const on = v & 1;
    if (on !== (s.fcr & 1)) { s.rxFifo = []; s.txFifo = []; s.timeoutAt = -1; } // mode change empties both
    if ((v & 2) !== 0) { s.rxFifo = []; s.timeoutAt = -1; if (on !== 0) s.lsr &= ~0x01; }
    if ((v & 4) !== 0) s.txFifo = [];
    s.fcr = on !== 0 ? v & 0xc1 : 0;
    this.rearm();
  }

  private lsrValue(): number {
    const s = this.s;
    const thrEmpty = s.thrFull === 0 && s.txFifo.length === 0;
    return s.lsr | (thrEmpty ? 0x20 : 0) | (thrEmpty && s.tsr < 0 ? 0x40 : 0);
  }

  private msrValue(): number {
    const s = this.s;
    return s.msrDelta | ((s.mcr & 0x10) !== 0 ? loopInputs(s.mcr) : s.msrIn);
  }

  private deltas(before: number, after: number): void {
    const ch = before ^ after;
    let d = 0;
    if ((ch & 0x10) !== 0) d |= 0x01;
    if ((ch & 0x20) !== 0) d |= 0x02;
    if ((before & 0x40) !== 0 && (after & 0x40) === 0) d |= 0x04; // RI trailing edge
    if ((ch & 0x80) !== 0) d |= 0x08;
    this.s.msrDelta |= d;
  }

  /** IIR value: the highest-priority enabled pending interrupt, or 01h. */
  private pendingId(): number {
    const s = this.s;
    const fifo = (s.fcr & 1) !== 0 ? 0xc0 : 0;
    if ((s.ier & 0x04) !== 0 && (s.lsr & 0x1e) !== 0) return 0x06 | fifo;
    if ((s.ier & 0x01) !== 0) {
      if (fifo === 0) { if ((s.lsr & 0x01) !== 0) return 0x04; }
      else if (s.rxFifo.length >= RX_TRIGGER[s.fcr >> 6]!) return 0xc4;
      else if (s.rxFifo.length > 0 && s.timeoutAt >= 0 && this.clock.now >= s.timeoutAt) return 0xcc;
    }
    if ((s.ier & 0x02) !== 0 && s.thrInt !== 0) return 0x02 | fifo;
    if ((s.ier & 0x08) !== 0 && s.msrDelta !== 0) return 0x00 | fifo;
    return 0x01 | fifo;
  }

  private update(): void {
    const s = this.s;
    const intrpt = (this.pendingId() & 0x0f) !== 0x01;
    const out2Pin = (s.mcr & 0x18) === 0x08; // OUT2 set and not in loopback
    const on = intrpt && (!this.out2Gates || out2Pin) ? 1 : 0;
    if (on !== s.irq) {
      s.irq = on;
      if (this.onIrq !== null) this.onIrq(on !== 0);
    }
  }

  private rearm(): void {
    const s = this.s;
    let due = Infinity;
    if (s.tsr >= 0) due = s.txDoneAt;
    if (s.rxNextAt >= 0 && s.rxNextAt < due) due = s.rxNextAt;
    if (s.timeoutAt > this.clock.now && s.timeoutAt < due) due = s.timeoutAt;
    if (due === Infinity) this.timer.cancel(); else this.timer.armAt(due);
  }
}

/** MSR bits 4-7 in loopback: CTS = RTS, DSR = DTR, RI = OUT1, DCD = OUT2. */
function loopInputs(mcr: number): number {
  return ((mcr & 2) << 3) | ((mcr & 1) << 5) | ((mcr & 4) << 4) | ((mcr & 8) << 4);
}

/** The MCR output pins as the far end sees them: all inactive in loopback. */
function pinsOf(mcr: number): number {
  return (mcr & 0x10) !== 0 ? 0 : mcr & 0x0f;
}
