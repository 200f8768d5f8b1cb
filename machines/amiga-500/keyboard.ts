/**
 * The Amiga 500 keyboard: its own 6500/1 controller sends raw key codes to CIA-A's serial port
 * (KDAT on SP, KCLK on CNT), one byte per key press or release, and waits for the computer's
 * handshake (CIA-A's SP driven low by switching CRA SPMODE to output for at least 85 us) before
 * sending the next one. After power-on it sends "initiate power-up key stream" ($FD) and
 * "terminate key stream" ($FE).
 *
 * A byte on the wire is the key code shifted left with the up/down flag in bit 0, sent bit 6
 * first and inverted (active-low lines); the CIA's SDR then holds NOT(code << 1 | up), which the
 * OS turns back with NOT and ROR (HRM appendix H, "Keyboard Interface").
 *
 * Host keys map by position (KeyboardEvent.code) to the US A500 layout; Caps Lock toggles as on
 * the real keyboard (its press sends down or up in turn, its release nothing). Not emulated: the
 * bit-by-bit KCLK timing (a byte arrives whole, 8 x 60 us after the keyboard starts it), lost-sync
 * recovery, the reset warning (Ctrl-Amiga-Amiga resets the machine directly instead).
 *
 * Sources: Amiga Hardware Reference Manual 3rd ed., appendix H (raw key codes, protocol, timing).
 */
import type { InputState } from '../../cores/kernel/host.ts';

/** KeyboardEvent.code -> Amiga raw key code (HRM appendix H, US keyboard). */
export const RAW_KEYS: Readonly<Record<string, number>> = {
  Backquote: 0x00, Digit1: 0x01, Digit2: 0x02, Digit3: 0x03, Digit4: 0x04, Digit5: 0x05, Digit6: 0x06,
  Digit7: 0x07, Digit8: 0x08, Digit9: 0x09, Digit0: 0x0a, Minus: 0x0b, Equal: 0x0c, Backslash: 0x0d,
  Numpad0: 0x0f,
  KeyQ: 0x10, KeyW: 0x11, KeyE: 0x12, KeyR: 0x13, KeyT: 0x14, KeyY: 0x15, KeyU: 0x16, KeyI: 0x17,
  KeyO: 0x18, KeyP: 0x19, BracketLeft: 0x1a, BracketRight: 0x1b, Numpad1: 0x1d, Numpad2: 0x1e, Numpad3: 0x1f,
  KeyA: 0x20, KeyS: 0x21, KeyD: 0x22, KeyF: 0x23, KeyG: 0x24, KeyH: 0x25, KeyJ: 0x26, KeyK: 0x27,
  KeyL: 0x28, Semicolon: 0x29, Quote: 0x2a, Numpad4: 0x2d, Numpad5: 0x2e, Numpad6: 0x2f,
  IntlBackslash: 0x30, KeyZ: 0x31, KeyX: 0x32, KeyC: 0x33, KeyV: 0x34, KeyB: 0x35, KeyN: 0x36, KeyM: 0x37,
  Comma: 0x38, Period: 0x39, Slash: 0x3a, NumpadDecimal: 0x3c, Numpad7: 0x3d, Numpad8: 0x3e, Numpad9: 0x3f,
  Space: 0x40, Backspace: 0x41, Tab: 0x42, NumpadEnter: 0x43, Enter: 0x44, Escape: 0x45, Delete: 0x46,
  NumpadSubtract: 0x4a, ArrowUp: 0x4c, ArrowDown: 0x4d, ArrowRight: 0x4e, ArrowLeft: 0x4f,
  F1: 0x50, F2: 0x51, F3: 0x52, F4: 0x53, F5: 0x54, F6: 0x55, F7: 0x56, F8: 0x57, F9: 0x58, F10: 0x59,
  NumpadDivide: 0x5c, NumpadMultiply: 0x5d, NumpadAdd: 0x5e, F11: 0x5f /* Help */,
  ShiftLeft: 0x60, ShiftRight: 0x61, CapsLock: 0x62, ControlLeft: 0x63, AltLeft: 0x64, AltRight: 0x65,
  MetaLeft: 0x66 /* left Amiga */, MetaRight: 0x67 /* right Amiga */, ControlRight: 0x67,
};

const CODE_POWER_UP_START = 0xfd;
const CODE_POWER_UP_END = 0xfe;

export interface KeyboardState {
  /** Waiting for the computer's handshake after a byte. */
  awaitingAck: boolean;
  /** The handshake pulse began (SP switched to output) at this tick, or -1. */
  ackStart: number;
  /** Earliest master tick for the next byte. */
  nextAt: number;
  /** Power-up stream: 0 = send $FD, 1 = send $FE, 2 = done. */
  powerUp: number;
  capsLock: boolean;
}

export class AmigaKeyboard {
  s: KeyboardState = { awaitingAck: false, ackStart: -1, nextAt: 0, powerUp: 0, capsLock: false };
  /** Hand a byte (as the CIA's SDR will hold it) to CIA-A. */
  send: (sdr: number) => void = () => {};

  /**
   * @param byteTicks master ticks for one byte on the wire (8 bits x about 60 us)
   * @param gapTicks pause after a handshake before the next byte
   */
  constructor(private readonly input: InputState, private readonly byteTicks: number, private readonly gapTicks: number) {}

  /** CIA-A SPMODE changed: output = the computer pulls KDAT low (the handshake begins). */
  serialMode(output: boolean, now: number): void {
    if (output) { this.s.ackStart = now; return; }
    if (this.s.ackStart >= 0) {
      this.s.ackStart = -1;
      if (this.s.awaitingAck) { this.s.awaitingAck = false; this.s.nextAt = now + this.gapTicks; }
    }
  }

  /** Called regularly (every line): send the next byte if the keyboard may. */
  poll(now: number): void {
    const s = this.s;
    if (s.awaitingAck || now < s.nextAt) return;
    let byte: number;
    if (s.powerUp === 0) { byte = CODE_POWER_UP_START; s.powerUp = 1; }
    else if (s.powerUp === 1) { byte = CODE_POWER_UP_END; s.powerUp = 2; }
    else {
      const code = this.nextKey();
      if (code < 0) return;
      byte = code;
    }
    s.awaitingAck = true;
    // The byte is complete on the CIA's side one byte time from now; modelled as arriving now
    // with the next one held back by that time plus the handshake.
    s.nextAt = now + this.byteTicks;
    this.send(~((byte << 1) | (byte >> 7)) & 0xff);
  }

  /** The next raw code with bit 7 = key up, or -1. Keys the Amiga lacks are skipped. */
  private nextKey(): number {
    for (;;) {
      const e = this.input.takeKeyEvent();
      if (e === undefined) return -1;
      const raw = RAW_KEYS[e.code];
      if (raw === undefined) continue;
      if (raw === 0x62) {
        if (!e.down) continue;
        this.s.capsLock = !this.s.capsLock;
        return this.s.capsLock ? raw : raw | 0x80;
      }
      return e.down ? raw : raw | 0x80;
    }
  }

  /** The keyboard restarts with the machine (sending the power-up stream again). */
  reset(now: number): void {
    this.s = { awaitingAck: false, ackStart: -1, nextAt: now, powerUp: 0, capsLock: this.s.capsLock };
  }
}
