/**
 * Intel 8255A Programmable Peripheral Interface: three 8-bit ports (A, B, C; C split into two
 * nibbles) and a control register. On the IBM PC/XT (ports 60h-63h, control word 99h: A and C in,
 * B out) port A reads the keyboard scan code (or, on the 5150, DIP switch block 1 when PB7 = 1),
 * port B drives the speaker gate and data, the DIP-switch nibble select and the keyboard clock and
 * clear lines, and port C reads a DIP-switch nibble, timer 2's OUT and the parity / I/O check
 * lines. That wiring is the machine's: this chip only moves bits.
 *
 * Modelled (Intel 8255A datasheet, order no. 231308, "Mode 0 (Basic Input/Output)", Figures 4, 5,
 * "Bit Set/Reset", "Mode 1 (Strobed Input/Output)", "Mode 2 (Strobed Bidirectional Bus I/O)",
 * "Reading Port C Status"):
 * - the mode definition word (D7 = 1), which clears every output latch and status flip-flop; the
 *   port C bit set/reset word (D7 = 0); mode 0 reads of an input port return the pins
 *   (`readPins`), of an output port the output latch; port C mixes the two nibbles by direction.
 * - Mode 1 (group A on PC3-PC7, group B on PC0-PC2): input ports latch data on the device's /STB
 *   (`strobe(port, data)`) and set IBF and INTR (when INTE); a CPU read clears them. Output ports
 *   set /OBF on a CPU write; the device's /ACK (`acknowledge(port)`) clears it and sets INTR (when
 *   INTE). INTE A is set/reset through PC4 (input) or PC6 (output), INTE B through PC2.
 * - Mode 2 (port A bidirectional, PC3-PC7): both of the above on port A; INTE1 (PC6) for output,
 *   INTE2 (PC4) for input; the device reads the output latch with `acknowledge(0)`.
 * - Port C reads in modes 1 and 2 give the status word (IBF, /OBF, INTR, INTE bits) in the
 *   handshake positions and pins / latch elsewhere. INTR changes are reported via `onIntr`.
 *
 * Not emulated: the pin timing of the handshakes (they act at the call), the /STB and /ACK input
 * levels on port C reads (read as inactive high where the datasheet shows them as I/O), reading
 * the control register (undefined on the 8255A: returns FFh here). No clock: the chip has none.
 */
import { CorruptStateError } from '../../kernel/errors.ts';
import type { Part } from '../../kernel/part.ts';

export interface PpiState {
  /** Last mode definition control word (power-on: 9Bh, every port input, mode 0). */
  control: number;
  /** Output latches of ports A, B, C. */
  a: number;
  b: number;
  c: number;
  /** Modes 1/2: data strobed in on ports A, B. */
  inA: number;
  inB: number;
  /**
   * Modes 1/2 status flip-flops, one bit each: 0 IBF A, 1 /OBF A active (a byte written, not
   * acknowledged), 2 INTE A (mode 2: INTE1), 3 INTE2 A (mode 2 input), 4 INTR A, 5 IBF B,
   * 6 /OBF B active, 7 INTE B, 8 INTR B.
   */
  hs: number;
}

const IBF_A = 1 << 0, OBF_A = 1 << 1, INTE_A = 1 << 2, INTE2_A = 1 << 3, INTR_A = 1 << 4;
const IBF_B = 1 << 5, OBF_B = 1 << 6, INTE_B = 1 << 7, INTR_B = 1 << 8;

function powerOn(): PpiState {
  return { control: 0x9b, a: 0, b: 0, c: 0, inA: 0, inB: 0, hs: 0 };
}

export class Ppi8255 implements Part<PpiState> {
  readonly stateVersion = 2;
  s: PpiState = powerOn();
  /** Pin levels of an input port (0 = A, 1 = B, 2 = C); unconnected pins read high. */
  readPins: (port: number) => number = () => 0xff;
  /**
   * An output port's value changed: `value` is the port's output latch, `outputMask` which of its
   * bits are outputs now (port C may be half input). Called for ports in output mode only.
   */
  onOutput: ((port: number, value: number, outputMask: number) => void) | null = null;
  /** Modes 1/2: INTR A (`port` 0, on PC3) or INTR B (`port` 1, on PC0) changed. */
  onIntr: ((port: number, asserted: boolean) => void) | null = null;

  /** Power-on / RESET pin: all ports input, mode 0, latches clear. */
  reset(): void {
    this.s = powerOn();
  }

  /** Group A mode (0, 1 or 2) and group B mode (0 or 1). */
  modeA(): number { const m = (this.s.control >> 5) & 3; return m > 2 ? 2 : m; }
  modeB(): number { return (this.s.control >> 2) & 1; }

  /** Bits of port 0..2 that are outputs now (port C: only its mode 0 I/O bits). */
  outputMask(port: number): number {
    const cw = this.s.control;
    switch (port) {
      case 0: return this.modeA() === 2 ? 0xff : (cw & 0x10) !== 0 ? 0 : 0xff; // mode 2: bidirectional
      case 1: return (cw & 0x02) !== 0 ? 0 : 0xff;
      default: return (((cw & 0x08) !== 0 ? 0 : 0xf0) | ((cw & 0x01) !== 0 ? 0 : 0x0f)) & ~this.handshakeMaskC();
    }
  }

  read(port: number): number {
    const p = port & 3;
    const s = this.s;
    if (p === 3) return 0xff;
    if (p === 0 && this.modeA() !== 0 && (this.modeA() === 2 || (s.control & 0x10) !== 0)) {
      this.setHs(s.hs & ~IBF_A); // reading the strobed byte clears IBF (and so INTR)
      this.updateIntr();
      return s.inA;
    }
    if (p === 1 && this.modeB() === 1 && (s.control & 0x02) !== 0) {
      this.setHs(s.hs & ~IBF_B);
      this.updateIntr();
      return s.inB;
    }
    if (p === 2) return this.readC();
    const out = this.outputMask(p);
    const latch = p === 0 ? s.a : s.b;
    if (out === 0xff) return latch;
    return (latch & out) | (this.readPins(p) & ~out & 0xff);
  }

  write(port: number, value: number): void {
    const p = port & 3;
    const v = value & 0xff;
    const s = this.s;
    if (p === 3) {
      if ((v & 0x80) !== 0) {
        // Mode definition: "all output registers, including the status flip-flops, will be reset".
        s.control = v;
        s.a = 0; s.b = 0; s.c = 0; s.inA = 0; s.inB = 0;
        const hadIntr = s.hs & (INTR_A | INTR_B);
        s.hs = 0;
        if (hadIntr !== 0) this.reportIntr(hadIntr);
        for (let i = 0; i < 3; i++) this.emit(i);
      } else {
        const n = (v >> 1) & 7;
        const set = (v & 1) !== 0;
        if (!this.setInte(n, set)) {
          const bit = 1 << n;
          s.c = set ? s.c | bit : s.c & ~bit;
          this.emit(2);
        }
      }
      return;
    }
    if (p === 0) {
      s.a = v;
      if (this.modeA() === 2 || (this.modeA() === 1 && (s.control & 0x10) === 0)) {
        this.setHs(s.hs | OBF_A); // /OBF active (and so INTR low)
        this.updateIntr();
      }
    } else if (p === 1) {
      s.b = v;
      if (this.modeB() === 1 && (s.control & 0x02) === 0) { this.setHs(s.hs | OBF_B); this.updateIntr(); }
    } else s.c = v;
    this.emit(p);
  }

  /** Output latch of port 0..2 (what the pins drive when the port is an output). */
  latch(port: number): number {
    return port === 0 ? this.s.a : port === 1 ? this.s.b : this.s.c;
  }

  /** Modes 1/2: the device strobes a byte into port 0 (A) or 1 (B) (/STB low then high). */
  strobe(port: number, data: number): void {
    const s = this.s;
    if (port === 0) {
      const m = this.modeA();
      if (m === 0 || (m === 1 && (s.control & 0x10) === 0)) return;
      s.inA = data & 0xff;
      this.setHs(s.hs | IBF_A);
    } else {
      if (this.modeB() !== 1 || (s.control & 0x02) === 0) return;
      s.inB = data & 0xff;
      this.setHs(s.hs | IBF_B);
    }
    this.updateIntr();
  }

  /**
   * Modes 1/2: the device acknowledges an output byte on port 0 (A) or 1 (B) (/ACK low then
   * high): /OBF goes inactive and INTR rises when enabled. Returns the byte (in mode 2 /ACK is
   * what puts it on the port A pins).
   */
  acknowledge(port: number): number {
    const s = this.s;
    if (port === 0) {
      const m = this.modeA();
      if (m === 2 || (m === 1 && (s.control & 0x10) === 0)) { this.setHs(s.hs & ~OBF_A); this.updateIntr(); }
      return s.a;
    }
    if (this.modeB() === 1 && (s.control & 0x02) === 0) { this.setHs(s.hs & ~OBF_B); this.updateIntr(); }
    return s.b;
  }

  getState(): PpiState { return { ...this.s }; }

  /** Version 1 (mode 0 only): the same latches, handshakes idle. */
  migrateState(state: unknown, fromVersion: number): PpiState {
    if (fromVersion !== 1 || typeof state !== 'object' || state === null) throw new CorruptStateError('PPI state: unknown version');
    return { ...(state as PpiState), inA: 0, inB: 0, hs: 0 };
  }

  setState(state: PpiState): void {
    const o = state as unknown as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null) throw new CorruptStateError('PPI state: not an object');
    for (const k of ['control', 'a', 'b', 'c', 'inA', 'inB']) {
      const v = o[k];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xff) throw new CorruptStateError(`PPI state: bad ${k}`);
    }
    const hs = o.hs;
    if (typeof hs !== 'number' || !Number.isInteger(hs) || hs < 0 || hs > 0x1ff) throw new CorruptStateError('PPI state: bad hs');
    if ((state.control & 0x80) === 0) throw new CorruptStateError('PPI state: control is not a mode word');
    this.s = { control: state.control, a: state.a, b: state.b, c: state.c, inA: state.inA, inB: state.inB, hs };
  }

  // --- internals ------------------------------------------------------------------------------

  /** Port C bits used by the handshakes of the current modes. */
  private handshakeMaskC(): number {
    const a = this.modeA();
    let m = a === 2 ? 0xf8 : a === 1 ? ((this.s.control & 0x10) !== 0 ? 0x38 : 0xc8) : 0;
    if (this.modeB() === 1) m |= 0x07;
    return m;
  }

  /** Bit set/reset of a handshake position sets an INTE flag instead. Returns true if it did. */
  private setInte(n: number, on: boolean): boolean {
    const s = this.s;
    const a = this.modeA();
    let flag = 0;
    if (a === 2) flag = n === 6 ? INTE_A : n === 4 ? INTE2_A : 0;
    else if (a === 1) flag = (s.control & 0x10) !== 0 ? (n === 4 ? INTE_A : 0) : (n === 6 ? INTE_A : 0);
    if (flag === 0 && this.modeB() === 1 && n === 2) flag = INTE_B;
    if (flag === 0) return false;
    this.setHs(on ? s.hs | flag : s.hs & ~flag);
    this.updateIntr();
    return true;
  }

  /** Port C read: the status word in the handshake positions (datasheet "Reading Port C Status"). */
  private readC(): number {
    const s = this.s;
    const hm = this.handshakeMaskC();
    const io = (((s.control & 0x08) !== 0 ? 0 : 0xf0) | ((s.control & 0x01) !== 0 ? 0 : 0x0f)) & ~hm;
    const ioIn = ~io & ~hm & 0xff;
    let v = (s.c & io) | (this.readPins(2) & ioIn);
    const hs = s.hs;
    const a = this.modeA();
    if (a === 2) {
      v |= ((hs & OBF_A) === 0 ? 0x80 : 0) | ((hs & INTE_A) !== 0 ? 0x40 : 0) | ((hs & IBF_A) !== 0 ? 0x20 : 0) |
        ((hs & INTE2_A) !== 0 ? 0x10 : 0) | ((hs & INTR_A) !== 0 ? 0x08 : 0);
    } else if (a === 1) {
      if ((s.control & 0x10) !== 0) {
        v |= ((hs & IBF_A) !== 0 ? 0x20 : 0) | ((hs & INTE_A) !== 0 ? 0x10 : 0) | ((hs & INTR_A) !== 0 ? 0x08 : 0);
      } else {
        v |= ((hs & OBF_A) === 0 ? 0x80 : 0) | ((hs & INTE_A) !== 0 ? 0x40 : 0) | ((hs & INTR_A) !== 0 ? 0x08 : 0);
      }
    }
    if (this.modeB() === 1) {
      const bIn = (s.control & 0x02) !== 0;
      v |= ((hs & INTE_B) !== 0 ? 0x04 : 0) | ((hs & INTR_B) !== 0 ? 0x01 : 0);
      v |= bIn ? ((hs & IBF_B) !== 0 ? 0x02 : 0) : ((hs & OBF_B) === 0 ? 0x02 : 0);
    }
    return v & 0xff;
  }

  private setHs(v: number): void { this.s.hs = v; }

  /**
   * Recompute INTR A/B and report changes. Input: INTR = INTE and IBF. Output: INTR = INTE and
   * /OBF inactive (and /ACK idle high), the datasheet's gate equations, so enabling INTE with no
   * byte pending raises INTR at once. Mode 2 ORs the two halves (INTE1 output, INTE2 input).
   */
  private updateIntr(): void {
    const s = this.s;
    const hs = s.hs;
    const outA = (hs & INTE_A) !== 0 && (hs & OBF_A) === 0;
    let intrA = false;
    const a = this.modeA();
    if (a === 2) intrA = outA || ((hs & INTE2_A) !== 0 && (hs & IBF_A) !== 0);
    else if (a === 1) intrA = (s.control & 0x10) !== 0 ? (hs & INTE_A) !== 0 && (hs & IBF_A) !== 0 : outA;
    let intrB = false;
    if (this.modeB() === 1) {
      intrB = (hs & INTE_B) !== 0 && ((s.control & 0x02) !== 0 ? (hs & IBF_B) !== 0 : (hs & OBF_B) === 0);
    }
    const next = (hs & ~(INTR_A | INTR_B)) | (intrA ? INTR_A : 0) | (intrB ? INTR_B : 0);
    const changed = (hs ^ next) & (INTR_A | INTR_B);
    s.hs = next;
    if (changed !== 0) this.reportIntr(changed);
  }

  private reportIntr(changed: number): void {
    if (this.onIntr === null) return;
    if ((changed & INTR_A) !== 0) this.onIntr(0, (this.s.hs & INTR_A) !== 0);
    if ((changed & INTR_B) !== 0) this.onIntr(1, (this.s.hs & INTR_B) !== 0);
  }

  private emit(port: number): void {
    const mask = this.outputMask(port);
    if (mask !== 0 && this.onOutput !== null) this.onOutput(port, this.latch(port), mask);
  }
}
