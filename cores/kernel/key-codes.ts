/**
 * The KeyboardEvent.code values a key script or a host may name (UI Events KeyboardEvent code
 * values, W3C, sections 3.1-3.5: the writing system, functional, control pad, arrow pad and
 * numpad keys, plus the function row). A name outside this set is a typo, refused at once rather
 * than pressed silently on no key.
 */

const letters = Array.from({ length: 26 }, (_, i) => `Key${String.fromCharCode(65 + i)}`);
const digits = Array.from({ length: 10 }, (_, i) => `Digit${i}`);
const fkeys = Array.from({ length: 24 }, (_, i) => `F${i + 1}`);
const numpad = [
  ...Array.from({ length: 10 }, (_, i) => `Numpad${i}`),
  'NumpadAdd', 'NumpadSubtract', 'NumpadMultiply', 'NumpadDivide', 'NumpadDecimal', 'NumpadEnter',
  'NumpadEqual', 'NumpadComma', 'NumLock',
];
const others = [
  'Backquote', 'Backslash', 'BracketLeft', 'BracketRight', 'Comma', 'Equal', 'IntlBackslash', 'IntlRo',
  'IntlYen', 'Minus', 'Period', 'Quote', 'Semicolon', 'Slash',
  'AltLeft', 'AltRight', 'Backspace', 'CapsLock', 'ContextMenu', 'ControlLeft', 'ControlRight', 'Enter',
  'MetaLeft', 'MetaRight', 'ShiftLeft', 'ShiftRight', 'Space', 'Tab',
  'Delete', 'End', 'Help', 'Home', 'Insert', 'PageDown', 'PageUp',
  'ArrowDown', 'ArrowLeft', 'ArrowRight', 'ArrowUp',
  'Escape', 'PrintScreen', 'ScrollLock', 'Pause',
];

export const KEY_CODES: ReadonlySet<string> = new Set([...letters, ...digits, ...fkeys, ...numpad, ...others]);
