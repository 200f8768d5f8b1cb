/**
 * INT 33h, a Microsoft-compatible mouse driver fed by the host's mouse (relative motion and
 * buttons, `InputState.takeMouseMotion`), with the text-mode software cursor (the cell's
 * attribute inverted while shown). Functions from the Microsoft Mouse Programmer's Reference
 * (version 6/7 driver): 00h reset, 01h/02h show/hide, 03h position and buttons, 04h set position,
 * 05h/06h press/release data, 07h/08h ranges, 0Bh motion counters, 0Fh mickey ratio, 1Ah/1Bh
 * sensitivity, 21h software reset, 24h version. Coordinates are virtual pixels: 640x200 in the
 * 80x25 text and 640-wide graphics modes, 320x200 in the 40-column ones (x doubled, as the
 * driver does).
 *
 * Not emulated: user event handlers (0Ch/14h/18h: accepted and logged, never called), graphics
 * cursors (only the text cursor is drawn), light-pen emulation.
 */
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import type { X86Cpu } from '../../cores/cpu/x86/cpu.ts';
import { BDA } from './bios.ts';
import type { GuestMemory } from './mem.ts';
import { AX, BX, CX, DX } from './regs.ts';

export interface MouseState {
  x: number; y: number; buttons: number; shown: number;
  minX: number; maxX: number; minY: number; maxY: number;
  mickeyX: number; mickeyY: number; ratioX: number; ratioY: number;
  fracX: number; fracY: number;
  presses: number[]; releases: number[]; pressAt: number[][]; releaseAt: number[][];
  /** Cell the text cursor inverted (offset in B800h/B000h) and the attribute it had; -1 none. */
  cursorCell: number; savedAttr: number;
  installed: boolean;
}

function fresh(): MouseState {
  return {
    x: 320, y: 100, buttons: 0, shown: -1, minX: 0, maxX: 639, minY: 0, maxY: 199,
    mickeyX: 0, mickeyY: 0, ratioX: 8, ratioY: 16, fracX: 0, fracY: 0,
    presses: [0, 0, 0], releases: [0, 0, 0], pressAt: [[0, 0], [0, 0], [0, 0]], releaseAt: [[0, 0], [0, 0], [0, 0]],
    cursorCell: -1, savedAttr: 0, installed: false,
  };
}

export class MouseDriver {
  s: MouseState = fresh();
  /** Set when a program asks for an event handler we do not call. */
  onUnsupported: ((fn: number) => void) | null = null;

  constructor(private readonly cpu: X86Cpu, private readonly mem: GuestMemory) {}

  /** Host motion (in host pixels, taken as mickeys) and buttons (bit 0 left, 1 right, 2 middle). */
  update(dx: number, dy: number, buttons: number): void {
    const s = this.s;
    if (!s.installed) return;
    s.mickeyX += dx; s.mickeyY += dy;
    // Pixels = mickeys * 8 / ratio, with the remainder kept so slow motion still moves.
    s.fracX += dx * 8; s.fracY += dy * 8;
    const px = Math.trunc(s.fracX / s.ratioX), py = Math.trunc(s.fracY / s.ratioY);
    s.fracX -= px * s.ratioX; s.fracY -= py * s.ratioY;
    s.x = Math.max(s.minX, Math.min(s.maxX, s.x + px));
    s.y = Math.max(s.minY, Math.min(s.maxY, s.y + py));
    const changed = (buttons ^ s.buttons) & 7;
    for (let b = 0; b < 3; b++) {
      if ((changed & (1 << b)) === 0) continue;
      if (buttons & (1 << b)) { s.presses[b]!++; s.pressAt[b] = [s.x, s.y]; } else { s.releases[b]!++; s.releaseAt[b] = [s.x, s.y]; }
    }
    s.buttons = buttons & 7;
    this.drawCursor();
  }

  private textSeg(): number { return this.mem.rd8(BDA, 0x49) === 7 ? 0xb000 : 0xb800; }
  private isText(): boolean { const m = this.mem.rd8(BDA, 0x49); return m <= 3 || m === 7; }
  private cellShift(): number { const cols = this.mem.rd16(BDA, 0x4a) || 80; return cols === 40 ? 4 : 3; }

  private eraseCursor(): void {
    const s = this.s;
    if (s.cursorCell >= 0) this.mem.wr8(this.textSeg(), s.cursorCell + 1, s.savedAttr);
    s.cursorCell = -1;
  }

  private drawCursor(): void {
    const s = this.s;
    this.eraseCursor();
    if (s.shown < 0 || !this.isText()) return;
    const cols = this.mem.rd16(BDA, 0x4a) || 80;
    const shift = this.cellShift();
    const cell = (((s.y >> 3) * cols + (s.x >> shift)) * 2) + this.mem.rd16(BDA, 0x4e);
    s.cursorCell = cell;
    s.savedAttr = this.mem.rd8(this.textSeg(), cell + 1);
    this.mem.wr8(this.textSeg(), cell + 1, s.savedAttr ^ 0x77);
  }

  int33(): void {
    const r = this.cpu.r16, s = this.s;
    const fn = r[AX]!;
    switch (fn) {
      case 0x00: case 0x21: {
        this.eraseCursor();
        const wide = (this.mem.rd16(BDA, 0x4a) || 80) === 40 ? 319 : 639;
        this.s = { ...fresh(), installed: true, maxX: wide };
        r[AX] = 0xffff; r[BX] = 2;
        return;
      }
      case 0x01: if (s.shown < 0) s.shown++; this.drawCursor(); return;
      case 0x02: s.shown--; this.drawCursor(); return;
      case 0x03: r[BX] = s.buttons; r[CX] = s.x; r[DX] = s.y; return;
      case 0x04:
        s.x = Math.max(s.minX, Math.min(s.maxX, (r[CX]! << 16) >> 16));
        s.y = Math.max(s.minY, Math.min(s.maxY, (r[DX]! << 16) >> 16));
        this.drawCursor();
        return;
      case 0x05: case 0x06: {
        const b = Math.min(2, r[BX]!);
        const counts = fn === 5 ? s.presses : s.releases;
        const at = fn === 5 ? s.pressAt[b]! : s.releaseAt[b]!;
        r[AX] = s.buttons; r[BX] = counts[b]!; r[CX] = at[0]!; r[DX] = at[1]!;
        counts[b] = 0;
        return;
      }
      case 0x07: s.minX = Math.min((r[CX]! << 16) >> 16, (r[DX]! << 16) >> 16); s.maxX = Math.max((r[CX]! << 16) >> 16, (r[DX]! << 16) >> 16); s.x = Math.max(s.minX, Math.min(s.maxX, s.x)); return;
      case 0x08: s.minY = Math.min((r[CX]! << 16) >> 16, (r[DX]! << 16) >> 16); s.maxY = Math.max((r[CX]! << 16) >> 16, (r[DX]! << 16) >> 16); s.y = Math.max(s.minY, Math.min(s.maxY, s.y)); return;
      case 0x0a: return; // text cursor type: we always invert the attribute
      case 0x0b: r[CX] = s.mickeyX & 0xffff; r[DX] = s.mickeyY & 0xffff; s.mickeyX = 0; s.mickeyY = 0; return;
      case 0x0f: s.ratioX = Math.max(1, r[CX]!); s.ratioY = Math.max(1, r[DX]!); return;
      case 0x1a: case 0x1b: if (fn === 0x1b) { r[BX] = 50; r[CX] = 50; r[DX] = 50; } return;
      case 0x1d: case 0x1e: if (fn === 0x1e) r[BX] = 0; return;
      case 0x24: r[BX] = 0x0626; r[CX] = 0x0400; return; // version 6.26, PS/2 mouse
      case 0x0c: case 0x14: case 0x18: this.onUnsupported?.(fn); return;
      default: this.onUnsupported?.(fn); return;
    }
  }

  getState(): MouseState { return structuredClone(this.s); }
  setState(st: MouseState): void {
    if (typeof st !== 'object' || st === null || !Array.isArray(st.presses) || typeof st.x !== 'number') throw new CorruptStateError('mouse state: malformed');
    this.s = structuredClone(st);
  }
}
