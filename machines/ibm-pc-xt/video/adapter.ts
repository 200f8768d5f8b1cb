/**
 * What the PC board needs from a video card (CGA, MDA, Hercules, VGA): a memory window it decodes,
 * I/O ports, a saveable part, frames as the monitor shows them, and the text on screen. The board
 * (board.ts) maps `memStart..memEnd` to `memRead`/`memWrite` and offers every I/O port to
 * `ioRead`/`ioWrite`; the card arms its own frame timer on the scheduler it was built with and
 * hands each finished frame to `onFrame`.
 */
import type { VideoFrame } from '../../../cores/kernel/host.ts';
import type { Part } from '../../../cores/kernel/part.ts';

export interface VideoAdapter {
  /** 'cga', 'mda', 'hercules', 'vga'. */
  readonly kind: string;
  /** Physical memory window the card answers, [memStart, memEnd). */
  readonly memStart: number;
  readonly memEnd: number;
  memRead(addr: number): number;
  memWrite(addr: number, value: number): void;
  /** I/O read: the byte, or -1 when the port is not the card's. */
  ioRead(port: number): number;
  /** I/O write: true when the port is the card's. */
  ioWrite(port: number, value: number): boolean;
  /** Saved state of the card (registers, counters, video memory, the frame being drawn). */
  readonly part: Part;
  /** Frames handed to onFrame since power-on. */
  readonly frames: number;
  /** Size and pixel aspect of the frames it emits (constant for a card). */
  readonly display: { readonly width: number; readonly height: number; readonly pixelAspect: number };
  /** Text a person would read on the screen (text modes; '' in graphics modes). */
  screenText(): string;
  /** Derived state after a state load (nothing for most cards). */
  afterStateLoad?(): void;
  /** Called with each finished frame. */
  onFrame: (frame: VideoFrame) => void;
}

/** The 16 RGBI colours of the CGA / EGA default palette, as 0xAABBGGRR; colour 6 is brown. */
export const RGBI: Uint32Array = (() => {
  const out = new Uint32Array(16);
  for (let i = 0; i < 16; i++) {
    const hi = (i & 8) !== 0 ? 0x55 : 0;
    let r = ((i & 4) !== 0 ? 0xaa : 0) + hi;
    let g = ((i & 2) !== 0 ? 0xaa : 0) + hi;
    const b = ((i & 1) !== 0 ? 0xaa : 0) + hi;
    // The IBM colour monitor (5153) halves green for colour 6, making dark yellow brown.
    if (i === 6) { r = 0xaa; g = 0x55; }
    out[i] = (0xff << 24 | b << 16 | g << 8 | r) >>> 0;
  }
  return out;
})();

/**
 * Code page 437 as Unicode, for screenText: the printable ASCII range maps to itself, the rest to
 * the characters the PC draws for them (box drawing, accented letters), control codes to symbols.
 */
export const CP437 =
  ' ☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼' +
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~⌂' +
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■ ';

/** One text screen from character/attribute pairs: `cols` x `rows` cells from byte `start`. */
export function textFromCells(mem: Uint8Array, start: number, cols: number, rows: number, mask: number): string {
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < cols; c++) line += CP437[mem[(start + (r * cols + c) * 2) & mask]!]!;
    lines.push(line.replace(/\s+$/, ''));
  }
  return lines.join('\n');
}
