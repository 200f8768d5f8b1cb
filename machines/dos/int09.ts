/**
 * The keyboard interrupt (IRQ 1, INT 09h) of the built-in BIOS: reads a set-1 scan code from the
 * 8255's port A (60h), acknowledges it by pulsing port B (61h) bit 7, keeps the shift flags in
 * the BIOS data area (0040:0017) and puts the key word (scan << 8 | character) in the keyboard
 * buffer, as the IBM BIOS's KB_INT does (IBM PC/XT Technical Reference, BIOS listing; key codes
 * from its "Keyboard Encoding and Usage" tables). Ctrl-Alt-Del, Pause and Print Screen are
 * not acted on.
 */
import type { Bios } from './bios.ts';
import { BDA } from './bios.ts';
import type { GuestMemory } from './mem.ts';

const LETTERS = 'qwertyuiop\0\0\0\0asdfghjkl\0\0\0\0\0zxcvbnm';   // scans 10h..32h
const DIGIT_ROW = '1234567890-=';                                  // scans 02h..0Dh
const DIGIT_SHIFT = '!@#$%^&*()_+';
const PUNCT: Readonly<Record<number, [string, string]>> = {
  0x1a: ['[', '{'], 0x1b: [']', '}'], 0x27: [';', ':'], 0x28: ["'", '"'], 0x29: ['`', '~'],
  0x2b: ['\\', '|'], 0x33: [',', '<'], 0x34: ['.', '>'], 0x35: ['/', '?'], 0x37: ['*', '*'], 0x39: [' ', ' '],
};
const KEYPAD = '789-456+1230.'; // scans 47h..53h

/** Shift-flag bits of 0040:0017. */
const RSHIFT = 0x01, LSHIFT = 0x02, CTRL = 0x04, ALT = 0x08, SCROLL = 0x10, NUM = 0x20, CAPS = 0x40, INS = 0x80;

/** The key word for a make code under the shift flags; -1 for keys that give none. */
export function keyWord(scan: number, flags: number): number {
  const shift = (flags & (LSHIFT | RSHIFT)) !== 0;
  const ctrl = (flags & CTRL) !== 0;
  const alt = (flags & ALT) !== 0;
  const w = (ch: number): number => (scan << 8) | ch;
  if (scan >= 0x10 && scan <= 0x32 && LETTERS[scan - 0x10] !== '\0') {
    const lower = LETTERS.charCodeAt(scan - 0x10);
    if (alt) return scan << 8;
    if (ctrl) return w(lower - 0x60);
    return w(shift !== ((flags & CAPS) !== 0) ? lower - 0x20 : lower);
  }
  if (scan >= 0x02 && scan <= 0x0d) {
    if (alt) return (scan + 0x76) << 8;             // Alt-1.. = 78h..83h
    if (ctrl) return scan === 0x03 ? 0x0300 : scan === 0x07 ? w(0x1e) : scan === 0x0c ? w(0x1f) : -1;
    return w((shift ? DIGIT_SHIFT : DIGIT_ROW).charCodeAt(scan - 0x02));
  }
  const p = PUNCT[scan];
  if (p !== undefined) {
    if (alt) return scan === 0x39 ? w(0x20) : -1;
    if (ctrl) return scan === 0x1a ? w(0x1b) : scan === 0x1b ? w(0x1d) : scan === 0x2b ? w(0x1c) : scan === 0x39 ? w(0x20) : -1;
    return w((shift ? p[1] : p[0]).charCodeAt(0));
  }
  switch (scan) {
    case 0x01: return w(0x1b);
    case 0x0e: return ctrl ? w(0x7f) : w(0x08);
    case 0x0f: return shift ? 0x0f00 : w(0x09);
    case 0x1c: return ctrl ? w(0x0a) : w(0x0d);
    case 0x57: return 0x8500;
    case 0x58: return 0x8600;
    default: break;
  }
  if (scan >= 0x3b && scan <= 0x44) return (alt ? scan + 0x2d : ctrl ? scan + 0x23 : shift ? scan + 0x19 : scan) << 8;
  if (scan >= 0x47 && scan <= 0x53) {
    const ch = KEYPAD.charCodeAt(scan - 0x47);
    if (scan === 0x4a || scan === 0x4e) return w(ch);
    if (shift !== ((flags & NUM) !== 0)) return w(ch);
    return scan << 8;
  }
  return -1;
}

/** Handle one scan code (make or break) as INT 09h does. */
export function handleScan(bios: Bios, mem: GuestMemory, scan: number): void {
  let flags = mem.rd8(BDA, 0x17);
  const up = (scan & 0x80) !== 0;
  const code = scan & 0x7f;
  const mod = code === 0x2a ? LSHIFT : code === 0x36 ? RSHIFT : code === 0x1d ? CTRL : code === 0x38 ? ALT : 0;
  if (mod !== 0) { flags = up ? flags & ~mod : flags | mod; mem.wr8(BDA, 0x17, flags); return; }
  const toggle = code === 0x3a ? CAPS : code === 0x45 ? NUM : code === 0x46 ? SCROLL : code === 0x52 && (flags & (LSHIFT | RSHIFT | NUM)) === 0 ? INS : 0;
  if (toggle !== 0 && !up) mem.wr8(BDA, 0x17, flags ^ toggle);
  if (up || toggle === CAPS || toggle === NUM || toggle === SCROLL) return;
  const w = keyWord(code, flags);
  if (w >= 0) bios.pushKey(w);
}
