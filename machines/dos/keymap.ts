/**
 * PC keyboard codes for the BIOS keyboard buffer: each buffered key is a word, scan code (set 1,
 * US layout) in the high byte and character in the low byte (IBM PC/XT Technical Reference,
 * "Keyboard Encoding and Usage"). Used to type text into the buffer (tests, --type) and, with
 * the PC keyboard, to turn KeyboardEvent.code values into buffer words.
 */

/** Set-1 make codes of the main block, by KeyboardEvent.code. */
export const SCAN_BY_CODE: Readonly<Record<string, number>> = {
  Escape: 0x01, Digit1: 0x02, Digit2: 0x03, Digit3: 0x04, Digit4: 0x05, Digit5: 0x06, Digit6: 0x07,
  Digit7: 0x08, Digit8: 0x09, Digit9: 0x0a, Digit0: 0x0b, Minus: 0x0c, Equal: 0x0d, Backspace: 0x0e,
  Tab: 0x0f, KeyQ: 0x10, KeyW: 0x11, KeyE: 0x12, KeyR: 0x13, KeyT: 0x14, KeyY: 0x15, KeyU: 0x16,
  KeyI: 0x17, KeyO: 0x18, KeyP: 0x19, BracketLeft: 0x1a, BracketRight: 0x1b, Enter: 0x1c,
  ControlLeft: 0x1d, KeyA: 0x1e, KeyS: 0x1f, KeyD: 0x20, KeyF: 0x21, KeyG: 0x22, KeyH: 0x23,
  KeyJ: 0x24, KeyK: 0x25, KeyL: 0x26, Semicolon: 0x27, Quote: 0x28, Backquote: 0x29,
  ShiftLeft: 0x2a, Backslash: 0x2b, KeyZ: 0x2c, KeyX: 0x2d, KeyC: 0x2e, KeyV: 0x2f, KeyB: 0x30,
  KeyN: 0x31, KeyM: 0x32, Comma: 0x33, Period: 0x34, Slash: 0x35, ShiftRight: 0x36,
  NumpadMultiply: 0x37, AltLeft: 0x38, Space: 0x39, CapsLock: 0x3a, F1: 0x3b, F2: 0x3c, F3: 0x3d,
  F4: 0x3e, F5: 0x3f, F6: 0x40, F7: 0x41, F8: 0x42, F9: 0x43, F10: 0x44, NumLock: 0x45,
  ScrollLock: 0x46, Home: 0x47, ArrowUp: 0x48, PageUp: 0x49, NumpadSubtract: 0x4a, ArrowLeft: 0x4b,
  Numpad5: 0x4c, ArrowRight: 0x4d, NumpadAdd: 0x4e, End: 0x4f, ArrowDown: 0x50, PageDown: 0x51,
  Insert: 0x52, Delete: 0x53, F11: 0x57, F12: 0x58,
};

/** Unshifted and shifted characters of the US layout keys that type one. */
const CHARS: readonly (readonly [string, string, string])[] = [
  ['Digit1', '1', '!'], ['Digit2', '2', '@'], ['Digit3', '3', '#'], ['Digit4', '4', '$'],
  ['Digit5', '5', '%'], ['Digit6', '6', '^'], ['Digit7', '7', '&'], ['Digit8', '8', '*'],
  ['Digit9', '9', '('], ['Digit0', '0', ')'], ['Minus', '-', '_'], ['Equal', '=', '+'],
  ['BracketLeft', '[', '{'], ['BracketRight', ']', '}'], ['Semicolon', ';', ':'],
  ['Quote', "'", '"'], ['Backquote', '`', '~'], ['Backslash', '\\', '|'], ['Comma', ',', '<'],
  ['Period', '.', '>'], ['Slash', '/', '?'], ['Space', ' ', ' '],
];

/** The buffer word for a typed character (ASCII); -1 if the US keyboard has no key for it. */
export function keyWordForChar(ch: string): number {
  const c = ch.charCodeAt(0);
  if (ch === '\n' || ch === '\r') return (0x1c << 8) | 0x0d;
  if (ch === '\t') return (0x0f << 8) | 0x09;
  if (ch === '\b') return (0x0e << 8) | 0x08;
  if (ch === '\x1b') return (0x01 << 8) | 0x1b;
  if (c >= 0x61 && c <= 0x7a) return (SCAN_BY_CODE['Key' + ch.toUpperCase()]! << 8) | c;
  if (c >= 0x41 && c <= 0x5a) return (SCAN_BY_CODE['Key' + ch]! << 8) | c;
  for (const [code, lo, hi] of CHARS) if (ch === lo || ch === hi) return (SCAN_BY_CODE[code]! << 8) | c;
  return -1;
}
