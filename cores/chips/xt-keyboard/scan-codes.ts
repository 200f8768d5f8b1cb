/**
 * KeyboardEvent.code -> IBM scan code set 1 (the PC/XT keyboard's codes; also what an AT keyboard
 * controller translates to). Make codes; the break code is the make code | 80h after the same
 * prefix. Sources: IBM PC Technical Reference (5150), "Keyboard Scan Codes" figure (keys 1-83,
 * numbered as their make codes); IBM PS/2 Hardware Interface Technical Reference, "Keyboards",
 * scan code set 1 table for the 101/102-key additions (E0-prefixed keys, Print Screen, Pause).
 */

/** Keys of the 83-key PC/XT keyboard and the 101/102-key additions without a prefix. */
export const SET1_PLAIN: Readonly<Record<string, number>> = {
  Escape: 0x01,
  Digit1: 0x02, Digit2: 0x03, Digit3: 0x04, Digit4: 0x05, Digit5: 0x06,
  Digit6: 0x07, Digit7: 0x08, Digit8: 0x09, Digit9: 0x0a, Digit0: 0x0b,
  Minus: 0x0c, Equal: 0x0d, Backspace: 0x0e, Tab: 0x0f,
  KeyQ: 0x10, KeyW: 0x11, KeyE: 0x12, KeyR: 0x13, KeyT: 0x14, KeyY: 0x15, KeyU: 0x16, KeyI: 0x17,
  KeyO: 0x18, KeyP: 0x19, BracketLeft: 0x1a, BracketRight: 0x1b, Enter: 0x1c, ControlLeft: 0x1d,
  KeyA: 0x1e, KeyS: 0x1f, KeyD: 0x20, KeyF: 0x21, KeyG: 0x22, KeyH: 0x23, KeyJ: 0x24, KeyK: 0x25,
  KeyL: 0x26, Semicolon: 0x27, Quote: 0x28, Backquote: 0x29, ShiftLeft: 0x2a, Backslash: 0x2b,
  KeyZ: 0x2c, KeyX: 0x2d, KeyC: 0x2e, KeyV: 0x2f, KeyB: 0x30, KeyN: 0x31, KeyM: 0x32,
  Comma: 0x33, Period: 0x34, Slash: 0x35, ShiftRight: 0x36, NumpadMultiply: 0x37, AltLeft: 0x38,
  Space: 0x39, CapsLock: 0x3a,
  F1: 0x3b, F2: 0x3c, F3: 0x3d, F4: 0x3e, F5: 0x3f, F6: 0x40, F7: 0x41, F8: 0x42, F9: 0x43, F10: 0x44,
  NumLock: 0x45, ScrollLock: 0x46,
  Numpad7: 0x47, Numpad8: 0x48, Numpad9: 0x49, NumpadSubtract: 0x4a,
  Numpad4: 0x4b, Numpad5: 0x4c, Numpad6: 0x4d, NumpadAdd: 0x4e,
  Numpad1: 0x4f, Numpad2: 0x50, Numpad3: 0x51, Numpad0: 0x52, NumpadDecimal: 0x53,
};

/** 101/102-key additions with no E0 prefix (absent from the 83-key keyboard). */
export const SET1_ENHANCED_PLAIN: Readonly<Record<string, number>> = {
  IntlBackslash: 0x56, F11: 0x57, F12: 0x58,
};

/**
 * E0-prefixed keys of the 101-key keyboard, with the 83-key key that does the same job (the
 * keypad's cursor keys, Enter, Ctrl, Alt, '/') for the `enhanced: false` keyboard; -1: no such key.
 */
export const SET1_EXTENDED: Readonly<Record<string, readonly [number, number]>> = {
  NumpadEnter: [0x1c, 0x1c], ControlRight: [0x1d, 0x1d], NumpadDivide: [0x35, 0x35], AltRight: [0x38, 0x38],
  Home: [0x47, 0x47], ArrowUp: [0x48, 0x48], PageUp: [0x49, 0x49], ArrowLeft: [0x4b, 0x4b],
  ArrowRight: [0x4d, 0x4d], End: [0x4f, 0x4f], ArrowDown: [0x50, 0x50], PageDown: [0x51, 0x51],
  Insert: [0x52, 0x52], Delete: [0x53, 0x53],
  MetaLeft: [0x5b, -1], MetaRight: [0x5c, -1], ContextMenu: [0x5d, -1],
};

/**
 * The bytes a key sends on make (`down`) or break, or null when the keyboard has no such key.
 * `enhanced`: a 101-key keyboard (E0 prefixes, F11/F12, Print Screen, Pause); otherwise the 83-key
 * PC/XT keyboard, where the PrtSc/* key is 37h and the extra keys fall back to their keypad twins.
 */
export function scanCodes(code: string, down: boolean, enhanced: boolean): readonly number[] | null {
  const brk = down ? 0 : 0x80;
  const plain = SET1_PLAIN[code] ?? (enhanced ? SET1_ENHANCED_PLAIN[code] : undefined);
  if (plain !== undefined) return [plain | brk];
  const ext = SET1_EXTENDED[code];
  if (ext !== undefined) {
    if (enhanced) return [0xe0, ext[0] | brk];
    return ext[1] < 0 ? null : [ext[1] | brk];
  }
  if (code === 'PrintScreen') {
    if (!enhanced) return [0x37 | brk];
    // 101-key: a fake left Shift around the key (PS/2 Hardware Interface Technical Reference).
    return down ? [0xe0, 0x2a, 0xe0, 0x37] : [0xe0, 0xb7, 0xe0, 0xaa];
  }
  if (code === 'Pause') {
    // Pause sends its make sequence only, with the break codes of Ctrl+NumLock inside it.
    if (!enhanced || !down) return enhanced ? [] : null;
    return [0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5];
  }
  return null;
}
