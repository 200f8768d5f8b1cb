/**
 * The ZX Spectrum keyboard: 40 keys in an 8x5 matrix read through port 0xFE, and the map from a PC
 * keyboard (KeyboardEvent.code) onto it, plus the Kempston joystick on port 0x1F.
 *
 * Matrix: the high address byte of `IN A,(0xFE)` selects half-rows (a 0 bit selects), the low five
 * data bits return the keys of every selected half-row ANDed (0 = pressed). Half-rows, by address
 * line A8..A15 (ZX Spectrum Technical Manual / "The ZX Spectrum ULA", Chris Smith, ch. 14):
 *   A8  CAPS SHIFT Z X C V     A12 0 9 8 7 6
 *   A9  A S D F G              A13 P O I U Y
 *   A10 Q W E R T              A14 ENTER L K J H
 *   A11 1 2 3 4 5              A15 SPACE SYMBOL-SHIFT M N B
 * Each half-row lists bit 0 first (the key nearest the outer edge).
 *
 * PC mapping: letters, digits, Enter, Space as printed; either Shift = CAPS SHIFT; either Control
 * (and AltRight) = SYMBOL SHIFT; Backspace = CAPS SHIFT+0 (DELETE); arrows = CAPS SHIFT+5/6/7/8;
 * Escape = CAPS SHIFT+SPACE (BREAK); CapsLock = CAPS SHIFT+2; Tab = CAPS+SYMBOL (extended mode);
 * PC punctuation keys type the symbol a US PC keyboard would, through SYMBOL SHIFT: unshifted
 * , . / ; ' - =  and, with Shift held (which then does not press CAPS SHIFT), < > ? : " _ +.
 * Not emulated: key ghosting through the matrix diodes.
 */
import { PadButton, type InputState } from '../../cores/kernel/host.ts';

/** Key position as half-row * 8 + bit. */
const K = (row: number, bit: number): number => row * 8 + bit;

export const CAPS = K(0, 0);
export const SYMBOL = K(7, 1);
export const ENTER = K(6, 0);
export const SPACE = K(7, 0);

/** Spectrum keys named by their main legend. */
const LEGENDS: Record<string, number> = {};
const ROWS = ['\u0001zxcv', 'asdfg', 'qwert', '12345', '09876', 'poiuy', '\nlkjh', ' \u0002mnb'];
ROWS.forEach((row, r) => [...row].forEach((ch, b) => { LEGENDS[ch] = K(r, b); }));

/** KeyboardEvent.code -> Spectrum keys pressed together. */
const CODE_MAP: Record<string, readonly number[]> = {
  ShiftLeft: [CAPS], ShiftRight: [CAPS],
  ControlLeft: [SYMBOL], ControlRight: [SYMBOL], AltRight: [SYMBOL],
  Enter: [ENTER], NumpadEnter: [ENTER], Space: [SPACE],
  Backspace: [CAPS, LEGENDS['0']!],
  ArrowLeft: [CAPS, LEGENDS['5']!], ArrowDown: [CAPS, LEGENDS['6']!],
  ArrowUp: [CAPS, LEGENDS['7']!], ArrowRight: [CAPS, LEGENDS['8']!],
  Escape: [CAPS, SPACE], CapsLock: [CAPS, LEGENDS['2']!], Tab: [CAPS, SYMBOL],
};

/** PC punctuation key -> [Spectrum key with SYMBOL SHIFT unshifted, the same with Shift held]. */
const PUNCTUATION: Record<string, readonly [number, number]> = {
  Comma: [LEGENDS.n!, LEGENDS.r!], // , <
  Period: [LEGENDS.m!, LEGENDS.t!], // . >
  Slash: [LEGENDS.v!, LEGENDS.c!], // / ?
  Semicolon: [LEGENDS.o!, LEGENDS.z!], // ; :
  Quote: [LEGENDS['7']!, LEGENDS.p!], // ' "
  Minus: [LEGENDS.j!, LEGENDS['0']!], // - _
  Equal: [LEGENDS.l!, LEGENDS.k!], // = +
};
for (const ch of 'abcdefghijklmnopqrstuvwxyz') CODE_MAP['Key' + ch.toUpperCase()] = [LEGENDS[ch]!];
for (const ch of '0123456789') {
  CODE_MAP['Digit' + ch] = [LEGENDS[ch]!];
  CODE_MAP['Numpad' + ch] = [LEGENDS[ch]!];
}

/** Symbols typed with SYMBOL SHIFT + a key (the red legends of the 48K keyboard). */
const SYMBOLS: Record<string, string> = {
  '!': '1', '@': '2', '#': '3', '$': '4', '%': '5', '&': '6', "'": '7', '(': '8', ')': '9', '_': '0',
  '<': 'r', '>': 't', ';': 'o', '"': 'p', '^': 'h', '-': 'j', '+': 'k', '=': 'l', ':': 'z',
  '£': 'x', '?': 'c', '/': 'v', '*': 'b', ',': 'n', '.': 'm',
};

/** The PC key code for a Spectrum key legend ('a' -> 'KeyA', '1' -> 'Digit1'). */
function codeFor(legend: string): string {
  if (legend >= 'a' && legend <= 'z') return 'Key' + legend.toUpperCase();
  if (legend >= '0' && legend <= '9') return 'Digit' + legend;
  if (legend === ' ') return 'Space';
  if (legend === '\n') return 'Enter';
  throw new Error('no PC key for ' + legend);
}

/** Keys to hold to type `ch` on a 48K (in L/C mode; keywords are the user's business). */
export function keysForChar(ch: string): readonly string[] | null {
  if (ch === '\r') ch = '\n';
  const lower = ch.toLowerCase();
  if (ch.length === 1 && LEGENDS[lower] !== undefined && ch !== '\u0001' && ch !== '\u0002') {
    if (ch >= 'A' && ch <= 'Z') return ['ShiftLeft', codeFor(lower)];
    return [codeFor(ch)];
  }
  const sym = SYMBOLS[ch];
  if (sym !== undefined) return ['ControlLeft', codeFor(sym)];
  if (ch === '\b') return ['Backspace'];
  return null;
}

/**
 * Key matrix state. `rows[r]` holds the five key bits of half-row r, 1 = pressed (inverted on
 * read). It is rebuilt from the host's InputState at each read, so nothing here needs saving.
 */
export class Keyboard {
  readonly rows = new Uint8Array(8);
  /** Keys pressed by the machine itself (auto-typing LOAD ""), ORed with the user's. */
  readonly forced = new Uint8Array(8);
  private lastSize = -1;
  private readonly lastKeys: string[] = [];

  constructor(private readonly input: InputState) {}

  /** Recompute the matrix from the held PC keys (cheap when nothing changed). */
  refresh(): void {
    const keys = this.input.keys;
    // The Set changes rarely; compare its contents before redoing the map.
    let same = keys.size === this.lastSize;
    if (same) {
      let i = 0;
      for (const k of keys) { if (this.lastKeys[i++] !== k) { same = false; break; } }
    }
    if (same) return;
    this.lastSize = keys.size;
    this.lastKeys.length = 0;
    const rows = this.rows;
    rows.fill(0);
    const shift = keys.has('ShiftLeft') || keys.has('ShiftRight');
    let punctuation = false;
    for (const k of keys) if (PUNCTUATION[k] !== undefined) punctuation = true;
    const press = (p: number) => { rows[p >> 3]! |= 1 << (p & 7); };
    for (const k of keys) {
      this.lastKeys.push(k);
      const pk = PUNCTUATION[k];
      if (pk !== undefined) {
        press(SYMBOL);
        press(pk[shift ? 1 : 0]);
        continue;
      }
      // Shift with a punctuation key picks the shifted symbol; it is not CAPS SHIFT then.
      if (punctuation && (k === 'ShiftLeft' || k === 'ShiftRight')) continue;
      const m = CODE_MAP[k];
      if (m !== undefined) for (const p of m) press(p);
    }
  }

  /** Port 0xFE bits 0-4 for high address byte `high` (0 = pressed), as the ULA returns them. */
  read(high: number): number {
    this.refresh();
    let v = 0;
    for (let r = 0; r < 8; r++) if ((high & (1 << r)) === 0) v |= this.rows[r]! | this.forced[r]!;
    return ~v & 0x1f;
  }

  /** Kempston interface (port 0x1F): 000FUDLR, active high, from pad 0. */
  kempston(): number {
    const b = this.input.pads[0]?.buttons ?? 0;
    return ((b & PadButton.Right) ? 1 : 0) | ((b & PadButton.Left) ? 2 : 0) | ((b & PadButton.Down) ? 4 : 0) |
      ((b & PadButton.Up) ? 8 : 0) | ((b & PadButton.Fire) ? 16 : 0);
  }

  /** Press (or release) a Spectrum key by legend for the machine's own typing. */
  force(legendKey: number, down: boolean): void {
    const r = legendKey >> 3, bit = 1 << (legendKey & 7);
    if (down) this.forced[r]! |= bit; else this.forced[r]! &= ~bit;
  }
}

/** Matrix position of a key legend: 'j', '\n', ' ', or 'caps' / 'symbol'. */
export function keyPosition(legend: string): number {
  if (legend === 'caps') return CAPS;
  if (legend === 'symbol') return SYMBOL;
  const p = LEGENDS[legend];
  if (p === undefined) throw new Error('no Spectrum key ' + legend);
  return p;
}
