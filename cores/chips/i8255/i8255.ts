/**
 * Intel 8255A Programmable Peripheral Interface: three 8-bit ports (A, B, C; C split into two
 * nibbles) and a control register. On the IBM PC/XT (ports 60h-63h, control word 99h: A and C in,
 * B out) port A reads the keyboard scan code (or, on the 5150, DIP switch block 1 when PB7 = 1),
 * port B drives the speaker gate and data, the DIP-switch nibble select and the keyboard clock and
 * clear lines, and port C reads a DIP-switch nibble, timer 2's OUT and the parity / I/O check
 * lines. That wiring is the machine's: this chip only moves bits.
 *
 * Modelled (Intel 8255A datasheet, order no. 231308, "Mode 0 (Basic Input/Output)", Figures 4, 5
 * and "Bit Set/Reset"): the mode definition control word (D7 = 1: A, C upper, B, C lower each input
 * or output), which clears every output latch; the port C bit set/reset control word (D7 = 0);
 * reads of an input port return the pins (`readPins`), of an output port the output latch; port C
 * reads mix the two nibbles by direction.
 *
 * Not emulated: modes 1 and 2 (strobed and bidirectional handshakes: the mode bits are kept and the
 * ports behave as in mode 0; no PC uses them); reading the control register (undefined on the
 * 8255A: returns FFh here). No clock: the chip has none.
 */
import { CorruptStateError } from '../../kernel/errors.ts';
import type { Part } from '../../kernel/part.ts';

export interface PpiState {
  /** Last mode definition control word (power-on: 9Bh, every port input). */
  control: number;
  /** Output latches of ports A, B, C. */
  a: number;
  b: number;
  c: number;
}

export class Ppi8255 implements Part<PpiState> {
  readonly stateVersion = 1;
  s: PpiState = { control: 0x9b, a: 0, b: 0, c: 0 };
  /** Pin levels of an input port (0 = A, 1 = B, 2 = C); unconnected pins read high. */
  readPins: (port: number) => number = () => 0xff;
  /**
   * An output port's value changed: `value` is the port's output latch, `outputMask` which of its
   * bits are outputs now (port C may be half input). Called for ports in output mode only.
   */
  onOutput: ((port: number, value: number, outputMask: number) => void) | null = null;

  /** Power-on / RESET pin: all ports input, latches clear. */
  reset(): void {
    this.s = { control: 0x9b, a: 0, b: 0, c: 0 };
  }

  /** Bits of port 0..2 that are outputs now. */
  outputMask(port: number): number {
    const cw = this.s.control;
    switch (port) {
      case 0: return (cw & 0x10) !== 0 ? 0 : 0xff;
      case 1: return (cw & 0x02) !== 0 ? 0 : 0xff;
      default: return ((cw & 0x08) !== 0 ? 0 : 0xf0) | ((cw & 0x01) !== 0 ? 0 : 0x0f);
    }
  }

  read(port: number): number {
    const p = port & 3;
    if (p === 3) return 0xff;
    const out = this.outputMask(p);
    const latch = p === 0 ? this.s.a : p === 1 ? this.s.b : this.s.c;
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
        s.a = 0; s.b = 0; s.c = 0;
        for (let i = 0; i < 3; i++) this.emit(i);
      } else {
        const bit = 1 << ((v >> 1) & 7);
        s.c = (v & 1) !== 0 ? s.c | bit : s.c & ~bit;
        this.emit(2);
      }
      return;
    }
    if (p === 0) s.a = v; else if (p === 1) s.b = v; else s.c = v;
    this.emit(p);
  }

  /** Output latch of port 0..2 (what the pins drive when the port is an output). */
  latch(port: number): number {
    return port === 0 ? this.s.a : port === 1 ? this.s.b : this.s.c;
  }

  getState(): PpiState { return { ...this.s }; }

  setState(state: PpiState): void {
    const o = state as unknown as Record<string, unknown> | null;
    if (typeof o !== 'object' || o === null) throw new CorruptStateError('PPI state: not an object');
    for (const k of ['control', 'a', 'b', 'c']) {
      const v = o[k];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xff) throw new CorruptStateError(`PPI state: bad ${k}`);
    }
    if ((state.control & 0x80) === 0) throw new CorruptStateError('PPI state: control is not a mode word');
    this.s = { control: state.control, a: state.a, b: state.b, c: state.c };
  }

  private emit(port: number): void {
    const mask = this.outputMask(port);
    if (mask !== 0 && this.onOutput !== null) this.onOutput(port, this.latch(port), mask);
  }
}
