/**
 * A Microsoft serial mouse on a UART (COM1 on the PC): two buttons, 1200 baud 7N1, three-byte
 * reports (Microsoft Mouse Programmer's Reference, "Serial mouse data format"; the mouse
 * identifies itself with 'M' when its power, taken from RTS, comes up). The host's pointer motion
 * and buttons (InputState.takeMouseMotion / mouseButtons) are sampled once a frame; motion is
 * accumulated while the line is busy and reports are sent at most every other frame, which is
 * about what 1200 baud carries (3 bytes take 25 ms).
 *
 * Report: byte 1 = 40h | left << 5 | right << 4 | (dy >> 4 & 0Ch) | (dx >> 6 & 3); byte 2 = dx & 3Fh;
 * byte 3 = dy & 3Fh; dx, dy signed, -128..127, right and down positive.
 */
import type { Ns8250 } from '../../cores/chips/ns8250/ns8250.ts';
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import type { InputState } from '../../cores/kernel/host.ts';
import type { Part } from '../../cores/kernel/part.ts';

export interface SerialMouseState {
  /** RTS (the mouse's power) as last seen. */
  rts: number;
  /** Motion not yet reported. */
  dx: number;
  dy: number;
  /** Buttons in the last report (bit 0 left, bit 1 right). */
  buttons: number;
  /** Frames until the next report may go. */
  wait: number;
}

export class SerialMouse implements Part<SerialMouseState> {
  readonly stateVersion = 1;
  s: SerialMouseState = { rts: 0, dx: 0, dy: 0, buttons: 0, wait: 0 };

  constructor(private readonly uart: Ns8250, private readonly input: InputState) {
    uart.onModemControl = (mcr) => this.modemControl(mcr);
  }

  private modemControl(mcr: number): void {
    const rts = (mcr >> 1) & 1;
    if (rts === 1 && this.s.rts === 0) {
      // Power comes up: the mouse resets and says who it is.
      this.uart.clearReceiveQueue();
      this.uart.receive([0x4d]);
      this.s.dx = 0; this.s.dy = 0; this.s.buttons = 0; this.s.wait = 2;
    }
    this.s.rts = rts;
  }

  /** Once a frame: take the host's motion and buttons, send a report if something changed. */
  frame(): void {
    const m = this.input.takeMouseMotion();
    const s = this.s;
    if (s.rts === 0) return;
    s.dx += m.dx;
    s.dy += m.dy;
    if (s.wait > 0) { s.wait--; return; }
    const buttons = this.input.mouseButtons & 3;
    if (s.dx === 0 && s.dy === 0 && buttons === s.buttons) return;
    const dx = Math.max(-128, Math.min(127, s.dx)), dy = Math.max(-128, Math.min(127, s.dy));
    s.dx -= dx; s.dy -= dy;
    s.buttons = buttons;
    this.uart.receive([
      0x40 | ((buttons & 1) << 5) | ((buttons & 2) << 3) | ((dy >> 4) & 0x0c) | ((dx >> 6) & 0x03),
      dx & 0x3f,
      dy & 0x3f,
    ]);
    s.wait = 1;
  }

  getState(): SerialMouseState { return { ...this.s }; }

  setState(st: SerialMouseState): void {
    if (typeof st !== 'object' || st === null || ![st.rts, st.dx, st.dy, st.buttons, st.wait].every(Number.isInteger))
      throw new CorruptStateError('serial mouse state: malformed');
    this.s = { rts: st.rts & 1, dx: st.dx, dy: st.dy, buttons: st.buttons & 3, wait: st.wait };
  }
}
