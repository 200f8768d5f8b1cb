/**
 * Reads the Spectrum's screen back as text by matching each 8x8 character cell against the
 * character set in ROM (at 0x3D00, 96 characters from space; both the Sinclair ROM and our
 * replacement ROM keep their font there, as CHARS points to 0x3C00). Inverse cells (INVERSE 1,
 * or the cursor) match the complemented glyph. Cells that match nothing read as '?', except blank
 * ones, which read as spaces. The Spectrum's character set differs from ASCII at 0x5E (up arrow),
 * 0x60 (pound) and 0x7F (copyright).
 */
import { bitmapOffset } from './ula.ts';

export const FONT_ADDR = 0x3d00;

function charFor(code: number): string {
  if (code === 0x5e) return '\u2191';
  if (code === 0x60) return '\u00a3';
  if (code === 0x7f) return '\u00a9';
  return String.fromCharCode(code);
}

function key(get: (row: number) => number): string {
  let k = '';
  for (let r = 0; r < 8; r++) k += String.fromCharCode(65 + (get(r) >> 4), 65 + (get(r) & 15));
  return k;
}

/**
 * `mem` is the 64 KB address space (ROM font and screen). `extraFont` (96 x 8 bytes) is matched
 * after the ROM's, e.g. Amalgam's own font, which the demo prints with whatever ROM is in.
 * Rows are right-trimmed; trailing blank rows dropped.
 */
export function readScreenText(mem: Uint8Array, extraFont?: Uint8Array, fontAddr = FONT_ADDR): string {
  const glyphs = new Map<string, string>();
  // Earlier entries win, so a font with duplicate glyphs reads as the first, and the ROM's font
  // beats the extra one.
  const add = (font: Uint8Array, base: number, invert: number) => {
    for (let c = 0; c < 96; c++) {
      const k = key((r) => font[base + c * 8 + r]! ^ invert);
      if (!glyphs.has(k)) glyphs.set(k, charFor(32 + c));
    }
  };
  add(mem, fontAddr, 0);
  if (extraFont !== undefined) add(extraFont, 0, 0);
  add(mem, fontAddr, 0xff);
  if (extraFont !== undefined) add(extraFont, 0, 0xff);
  const rows: string[] = [];
  for (let row = 0; row < 24; row++) {
    let line = '';
    for (let col = 0; col < 32; col++) {
      const at = (r: number) => mem[0x4000 + bitmapOffset(row * 8 + r) + col]!;
      let blank = true;
      for (let r = 0; r < 8; r++) if (at(r) !== 0) { blank = false; break; }
      line += blank ? ' ' : glyphs.get(key(at)) ?? '?';
    }
    rows.push(line.trimEnd());
  }
  while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
  return rows.join('\n');
}
