/**
 * Typing text on the PC (the CLI's --type, paste): the keys of a US keyboard, by
 * KeyboardEvent.code, that produce each character. The keyboard itself (cores/chips/xt-keyboard)
 * turns key events into scan codes; the BIOS turns those into characters with the US layout.
 */

const UNSHIFTED: Readonly<Record<string, string>> = {
  '`': 'Backquote', '-': 'Minus', '=': 'Equal', '[': 'BracketLeft', ']': 'BracketRight', '\\': 'Backslash',
  ';': 'Semicolon', "'": 'Quote', ',': 'Comma', '.': 'Period', '/': 'Slash', ' ': 'Space',
  '\n': 'Enter', '\r': 'Enter', '\t': 'Tab', '\b': 'Backspace', '\x1b': 'Escape',
};
const SHIFTED: Readonly<Record<string, string>> = {
  '~': 'Backquote', '_': 'Minus', '+': 'Equal', '{': 'BracketLeft', '}': 'BracketRight', '|': 'Backslash',
  ':': 'Semicolon', '"': 'Quote', '<': 'Comma', '>': 'Period', '?': 'Slash',
  '!': 'Digit1', '@': 'Digit2', '#': 'Digit3', '$': 'Digit4', '%': 'Digit5', '^': 'Digit6', '&': 'Digit7',
  '*': 'Digit8', '(': 'Digit9', ')': 'Digit0',
};

export function keysForChar(ch: string): readonly string[] | null {
  if (ch >= 'a' && ch <= 'z') return ['Key' + ch.toUpperCase()];
  if (ch >= 'A' && ch <= 'Z') return ['ShiftLeft', 'Key' + ch];
  if (ch >= '0' && ch <= '9') return ['Digit' + ch];
  const u = UNSHIFTED[ch];
  if (u !== undefined) return [u];
  const s = SHIFTED[ch];
  if (s !== undefined) return ['ShiftLeft', s];
  return null;
}
