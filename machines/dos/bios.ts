/**
 * BIOS services written in TypeScript for the built-in DOS: INT 10h (text modes), 11h, 12h, 15h
 * basics, 16h, 1Ah, and the BIOS data area at 0040:0000 kept as a PC BIOS keeps it, since many
 * programs read it directly (IBM PC/XT Technical Reference, BIOS listing: VIDEO_IO, KEYBOARD_IO,
 * TIME_OF_DAY; Ralf Brown's Interrupt List, "Format of BIOS Data Segment at segment 40h").
 *
 * Video: the text modes (0-3 colour at B800h, 7 monochrome at B000h) are written straight into
 * video memory through the bus, so whatever card the machine has shows them; the cursor is also
 * sent to the CRTC (ports 3D4h/3D5h or 3B4h/3B5h). Graphics modes only set the BDA and clear
 * memory here: programming a card's registers for them is left to the video card's own mode
 * table when the PC board lands.
 * Not emulated: light pen, palette functions beyond the BDA (INT 10h AH=10h/11h/12h answer as
 * "not supported" or harmless defaults), cassette (INT 15h AH=00h-03h).
 */
import type { X86Cpu } from '../../cores/cpu/x86/cpu.ts';
import type { GuestMemory } from './mem.ts';
import { AH, AL, AX, BH, BL, BP, BX, CF, CH, CL, CX, DH, DL, DX, ES, IF, ZF, setFrameFlag } from './regs.ts';
import { CONFIG_TABLE, ROM_SEG } from './rom.ts';

export const BDA = 0x40;

/** Result of a service that may have to wait (keyboard input): the kernel halts and retries. */
export const WAIT = 'wait';

// 6845 R0-R15 for 40x25 text, 80x25 text, CGA graphics and MDA text (IBM BIOS VIDEO_PARMS).
const CRTC_40 = [0x38, 0x28, 0x2d, 0x0a, 0x1f, 0x06, 0x19, 0x1c, 0x02, 0x07, 0x06, 0x07, 0, 0, 0, 0];
const CRTC_80 = [0x71, 0x50, 0x5a, 0x0a, 0x1f, 0x06, 0x19, 0x1c, 0x02, 0x07, 0x06, 0x07, 0, 0, 0, 0];
const CRTC_GFX = [0x38, 0x28, 0x2d, 0x0a, 0x7f, 0x06, 0x64, 0x70, 0x02, 0x01, 0x06, 0x07, 0, 0, 0, 0];
const CRTC_MONO = [0x61, 0x50, 0x52, 0x0f, 0x19, 0x06, 0x19, 0x19, 0x02, 0x0d, 0x0b, 0x0c, 0, 0, 0, 0];
/** CGA mode control register per BIOS mode 0-6 (IBM BIOS table M7). */
const CGA_MODE_REG = [0x2c, 0x28, 0x2d, 0x29, 0x2a, 0x2e, 0x1e];

export class Bios {
  /** A VGA with its own option ROM is fitted: leave its registers alone. */
  vga = false;
  /** Every character the teletype wrote (for tests and the CLI's transcript). */
  transcript = '';
  /** Called when a service wants the machine to beep (BEL). */
  onBeep: (() => void) | null = null;

  constructor(private readonly cpu: X86Cpu, private readonly mem: GuestMemory) {}

  /** Power-on values of the BIOS data area (what a PC/XT BIOS leaves after POST). */
  initDataArea(memKb: number, mono = false): void {
    const m = this.mem;
    m.fill(BDA, 0, 0x100, 0);
    // Equipment: bit 0 floppy present, bits 4-5 = 10b 80x25 colour or 11b monochrome, bits 6-7 = 0 (one floppy).
    m.wr16(BDA, 0x10, mono ? 0x0031 : 0x0021);
    m.wr16(BDA, 0x13, memKb);
    m.wr16(BDA, 0x1a, 0x1e); m.wr16(BDA, 0x1c, 0x1e); // keyboard buffer head = tail: empty
    m.wr16(BDA, 0x80, 0x1e); m.wr16(BDA, 0x82, 0x3e);
    this.setMode(mono ? 7 : 3, false);
  }

  // ---- video -------------------------------------------------------------------------------

  private get cols(): number { return this.mem.rd16(BDA, 0x4a) || 80; }
  private get rows(): number { return (this.mem.rd8(BDA, 0x84) || 24) + 1; }
  private get page(): number { return this.mem.rd8(BDA, 0x62); }
  private get mode(): number { return this.mem.rd8(BDA, 0x49); }
  private get textSeg(): number { return this.mode === 7 ? 0xb000 : 0xb800; }
  private get crtc(): number { return this.mem.rd16(BDA, 0x63) || 0x3d4; }
  private isText(): boolean { const md = this.mode; return md <= 3 || md === 7; }

  /** True when the equipment word says the display is monochrome (MDA/Hercules: mode 7 only). */
  private get mono(): boolean { return (this.mem.rd16(BDA, 0x10) & 0x30) === 0x30; }

  setMode(mode: number, keepMemory: boolean): void {
    const m = this.mem;
    const md = this.mono ? 7 : (mode & 0x7f) === 7 ? 3 : mode & 0x7f;
    const cols = md === 0 || md === 1 || md === 4 || md === 5 || md === 0x0d || md === 0x13 ? 40 : 80;
    m.wr8(BDA, 0x49, md);
    m.wr16(BDA, 0x4a, cols);
    m.wr16(BDA, 0x4c, md === 0x13 ? 0xfa00 : cols === 40 ? 0x800 : 0x1000);
    m.wr16(BDA, 0x4e, 0);
    for (let p = 0; p < 8; p++) m.wr16(BDA, 0x50 + p * 2, 0);
    m.wr16(BDA, 0x60, 0x0607);
    m.wr8(BDA, 0x62, 0);
    m.wr16(BDA, 0x63, md === 7 ? 0x3b4 : 0x3d4);
    m.wr8(BDA, 0x84, 24);
    m.wr16(BDA, 0x85, 16);
    this.programCard(md);
    if (!keepMemory && (mode & 0x80) === 0) {
      if (md <= 3 || md === 7) {
        for (let i = 0; i < 0x4000; i += 2) m.wr16(md === 7 ? 0xb000 : 0xb800, i, 0x0720);
      } else {
        m.fill(md >= 0x0d ? 0xa000 : 0xb800, 0, md >= 0x0d ? 0xffff : 0x4000, 0);
      }
    }
    this.syncCursor();
  }

  /**
   * Program the card for a mode: the 6845 registers R0-R15 and the mode control register (3D8h /
   * 3B8h), colour select 3D9h. Values from the IBM BIOS's VIDEO_PARMS and M7 tables (IBM PC/XT
   * Technical Reference, BIOS listing), which are the 6845 timings of the CGA and MDA.
   */
  private programCard(md: number): void {
    if (this.vga) return; // the VGA's option ROM programs its own registers (it chains to us first)
    const bus = this.mem.bus;
    const mono = md === 7;
    const base = mono ? 0x3b4 : 0x3d4;
    const regs = mono ? CRTC_MONO : md === 0 || md === 1 ? CRTC_40 : md <= 3 ? CRTC_80 : CRTC_GFX;
    const modeReg = mono ? 0x29 : (CGA_MODE_REG[md] ?? 0x29);
    bus.out8(base + 4, modeReg & ~0x08); // video off while the CRTC changes
    regs.forEach((v, i) => { bus.out8(base, i); bus.out8(base + 1, v); });
    if (!mono) bus.out8(0x3d9, md === 6 ? 0x3f : 0x30);
    bus.out8(base + 4, modeReg);
    this.mem.wr8(BDA, 0x65, modeReg);
    this.mem.wr8(BDA, 0x66, md === 6 ? 0x3f : 0x30);
  }

  cursor(page = this.page): { row: number; col: number } {
    const v = this.mem.rd16(BDA, 0x50 + (page & 7) * 2);
    return { row: v >> 8, col: v & 0xff };
  }
  setCursor(row: number, col: number, page = this.page): void {
    this.mem.wr16(BDA, 0x50 + (page & 7) * 2, ((row & 0xff) << 8) | (col & 0xff));
    if (page === this.page) this.syncCursor();
  }
  /** Tell the CRTC where the cursor is (registers 0Eh/0Fh, 6845 datasheet). */
  private syncCursor(): void {
    const { row, col } = this.cursor();
    const pos = ((this.mem.rd16(BDA, 0x4e) >> 1) + row * this.cols + col) & 0xffff;
    const port = this.crtc;
    const bus = this.mem.bus;
    bus.out8(port, 0x0e); bus.out8(port + 1, pos >> 8);
    bus.out8(port, 0x0f); bus.out8(port + 1, pos & 0xff);
  }

  private cellOffset(page: number, row: number, col: number): number {
    return (page & 7) * this.mem.rd16(BDA, 0x4c) + (row * this.cols + col) * 2;
  }

  /** Scroll a window up (n > 0) or down (n < 0); n = 0 clears it. */
  scroll(n: number, attr: number, top: number, left: number, bottom: number, right: number, page = this.page): void {
    if (!this.isText()) return;
    bottom = Math.min(bottom, this.rows - 1);
    right = Math.min(right, this.cols - 1);
    if (top > bottom || left > right) return;
    const height = bottom - top + 1;
    const lines = n === 0 || Math.abs(n) >= height ? height : Math.abs(n);
    const seg = this.textSeg;
    const blank = (attr << 8) | 0x20;
    const copyRow = (dst: number, src: number): void => {
      for (let c = left; c <= right; c++) this.mem.wr16(seg, this.cellOffset(page, dst, c), this.mem.rd16(seg, this.cellOffset(page, src, c)));
    };
    const clearRow = (r: number): void => {
      for (let c = left; c <= right; c++) this.mem.wr16(seg, this.cellOffset(page, r, c), blank);
    };
    if (n >= 0) {
      for (let r = top; r <= bottom - lines; r++) copyRow(r, r + lines);
      for (let r = bottom - lines + 1; r <= bottom; r++) clearRow(r);
    } else {
      for (let r = bottom; r >= top + lines; r--) copyRow(r, r - lines);
      for (let r = top; r < top + lines; r++) clearRow(r);
    }
  }

  /** INT 10h AH=0Eh: write a character as a teletype (BEL, BS, LF, CR interpreted). */
  teletype(ch: number, attr = -1): void {
    this.transcript += String.fromCharCode(ch);
    const page = this.page;
    let { row, col } = this.cursor(page);
    switch (ch) {
      case 7: this.onBeep?.(); return;
      case 8: if (col > 0) col--; break;
      case 10: row++; break;
      case 13: col = 0; break;
      default:
        if (this.isText()) {
          const off = this.cellOffset(page, row, col);
          this.mem.wr8(this.textSeg, off, ch);
          if (attr >= 0) this.mem.wr8(this.textSeg, off + 1, attr);
        }
        col++;
        if (col >= this.cols) { col = 0; row++; }
    }
    if (row >= this.rows) {
      // Scroll with the attribute of the cell at the cursor, as the IBM BIOS does.
      const a = this.isText() ? this.mem.rd8(this.textSeg, this.cellOffset(page, this.rows - 1, col) + 1) : 0;
      this.scroll(1, a || 7, 0, 0, this.rows - 1, this.cols - 1, page);
      row = this.rows - 1;
    }
    this.setCursor(row, col, page);
  }

  /** The text on the screen, rows joined by '\n', trailing blanks trimmed. */
  screenText(): string {
    if (!this.isText()) return '';
    const lines: string[] = [];
    for (let r = 0; r < this.rows; r++) {
      let s = '';
      for (let c = 0; c < this.cols; c++) {
        const ch = this.mem.rd8(this.textSeg, this.cellOffset(this.page, r, c));
        s += ch < 0x20 ? ' ' : String.fromCharCode(ch);
      }
      lines.push(s.trimEnd());
    }
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  }

  int10(): void {
    const c = this.cpu, r8 = c.r8, r16 = c.r16, m = this.mem;
    switch (r8[AH]) {
      case 0x00: this.setMode(r8[AL]!, (r8[AL]! & 0x80) !== 0); break;
      case 0x01: {
        m.wr16(BDA, 0x60, r16[CX]!);
        const port = this.crtc, bus = m.bus;
        bus.out8(port, 0x0a); bus.out8(port + 1, r8[CH]!); bus.out8(port, 0x0b); bus.out8(port + 1, r8[CL]!);
        break;
      }
      case 0x02: this.setCursor(r8[DH]!, r8[DL]!, r8[BH]!); break;
      case 0x03: { const p = this.cursor(r8[BH]!); r16[DX] = (p.row << 8) | p.col; r16[CX] = m.rd16(BDA, 0x60); break; }
      case 0x04: r8[AH] = 0; break; // light pen not triggered
      case 0x05: m.wr8(BDA, 0x62, r8[AL]! & 7); m.wr16(BDA, 0x4e, (r8[AL]! & 7) * m.rd16(BDA, 0x4c)); this.syncCursor(); break;
      case 0x06: this.scroll(r8[AL]!, r8[BH]!, r8[CH]!, r8[CL]!, r8[DH]!, r8[DL]!); break;
      case 0x07: this.scroll(-r8[AL]! || 0, r8[BH]!, r8[CH]!, r8[CL]!, r8[DH]!, r8[DL]!); break;
      case 0x08: {
        const p = this.cursor(r8[BH]!);
        r16[AX] = this.isText() ? m.rd16(this.textSeg, this.cellOffset(r8[BH]!, p.row, p.col)) : 0;
        break;
      }
      case 0x09: case 0x0a: {
        if (!this.isText()) break;
        const p = this.cursor(r8[BH]!);
        let off = this.cellOffset(r8[BH]!, p.row, p.col);
        const end = this.cellOffset(r8[BH]!, this.rows - 1, this.cols - 1);
        for (let n = 0; n < r16[CX]! && off <= end; n++, off += 2) {
          m.wr8(this.textSeg, off, r8[AL]!);
          if (r8[AH] === 0x09) m.wr8(this.textSeg, off + 1, r8[BL]!);
        }
        break;
      }
      case 0x0b: case 0x0c: case 0x0d: break; // palette, pixels: graphics modes (see header)
      case 0x0e: this.teletype(r8[AL]!); break;
      case 0x0f: r8[AL] = m.rd8(BDA, 0x49); r8[AH] = this.cols; r8[BH] = this.page; break;
      case 0x10: break;
      case 0x11: if (r8[AL] === 0x30) { r16[CX] = 16; r8[DL] = this.rows - 1; } break;
      case 0x12: if (r8[BL] === 0x10) { r16[BX] = 0x0003; r16[CX] = 0x0009; } break; // EGA+: colour, 256 KB
      case 0x13: { // write string ES:BP, CX chars, at DH,DL; AL bit 0 move cursor, bit 1 attributes inline
        const saved = this.cursor(r8[BH]!);
        this.setCursor(r8[DH]!, r8[DL]!, r8[BH]!);
        const withAttr = (r8[AL]! & 2) !== 0;
        for (let i = 0; i < r16[CX]!; i++) {
          const off = r16[BP]! + i * (withAttr ? 2 : 1);
          const ch = m.rd8(c.sreg[ES]!, off);
          this.teletype(ch, withAttr ? m.rd8(c.sreg[ES]!, off + 1) : r8[BL]!);
        }
        if ((r8[AL]! & 1) === 0) this.setCursor(saved.row, saved.col, r8[BH]!);
        break;
      }
      case 0x1a: if (r8[AL] === 0) { r8[AL] = 0x1a; r16[BX] = 0x0008; } break; // VGA with colour display
      default: break;
    }
  }

  // ---- keyboard ------------------------------------------------------------------------------

  /** Put a key word (scan << 8 | char) in the BIOS buffer; false when it is full. */
  pushKey(word: number): boolean {
    const m = this.mem;
    const start = m.rd16(BDA, 0x80), end = m.rd16(BDA, 0x82);
    const tail = m.rd16(BDA, 0x1c);
    let next = tail + 2;
    if (next >= end) next = start;
    if (next === m.rd16(BDA, 0x1a)) return false;
    m.wr16(BDA, tail, word);
    m.wr16(BDA, 0x1c, next);
    return true;
  }
  /** The next key word without removing it; -1 when the buffer is empty. */
  peekKey(): number {
    const head = this.mem.rd16(BDA, 0x1a);
    return head === this.mem.rd16(BDA, 0x1c) ? -1 : this.mem.rd16(BDA, head);
  }
  popKey(): number {
    const m = this.mem;
    const head = m.rd16(BDA, 0x1a);
    if (head === m.rd16(BDA, 0x1c)) return -1;
    const w = m.rd16(BDA, head);
    let next = head + 2;
    if (next >= m.rd16(BDA, 0x82)) next = m.rd16(BDA, 0x80);
    m.wr16(BDA, 0x1a, next);
    return w;
  }

  int16(): typeof WAIT | void {
    const c = this.cpu, r8 = c.r8, r16 = c.r16;
    switch (r8[AH]) {
      case 0x00: case 0x10: {
        const w = this.popKey();
        if (w < 0) return WAIT;
        r16[AX] = r8[AH] === 0x00 && (w & 0xff) === 0xe0 ? w & 0xff00 : w;
        break;
      }
      case 0x01: case 0x11: {
        const w = this.peekKey();
        setFrameFlag(c, this.mem, ZF, w < 0);
        if (w >= 0) r16[AX] = w;
        break;
      }
      case 0x02: r8[AL] = this.mem.rd8(BDA, 0x17); break;
      case 0x05: r8[AL] = this.pushKey(r16[CX]!) ? 0 : 1; break;
      case 0x12: r8[AL] = this.mem.rd8(BDA, 0x17); r8[AH] = this.mem.rd8(BDA, 0x18); break;
      default: break;
    }
  }

  // ---- misc ------------------------------------------------------------------------------------

  int11(): void { this.cpu.r16[AX] = this.mem.rd16(BDA, 0x10); }
  int12(): void { this.cpu.r16[AX] = this.mem.rd16(BDA, 0x13); }

  /** Ticks since midnight (18.2065 Hz: 1,193,180 / 65,536; PC/XT Technical Reference, TIMER_INT). */
  ticks(): number { return this.mem.rd32(BDA, 0x6c); }

  /** INT 08h body: count a tick, wrapping at midnight (1800B0h ticks) with the rollover flag. */
  timerTick(): void {
    let t = this.ticks() + 1;
    if (t >= 0x1800b0) { t = 0; this.mem.wr8(BDA, 0x70, 1); }
    this.mem.wr32(BDA, 0x6c, t);
  }

  int1a(): void {
    const c = this.cpu, r8 = c.r8, r16 = c.r16, m = this.mem;
    const bcd = (v: number): number => (((v / 10) | 0) << 4) | (v % 10);
    switch (r8[AH]) {
      case 0x00: { const t = this.ticks(); r16[CX] = t >>> 16; r16[DX] = t & 0xffff; r8[AL] = m.rd8(BDA, 0x70); m.wr8(BDA, 0x70, 0); break; }
      case 0x01: m.wr32(BDA, 0x6c, ((r16[CX]! << 16) | r16[DX]!) >>> 0); m.wr8(BDA, 0x70, 0); break;
      case 0x02: { // RTC time from the tick count (AT BIOS function; answered so DOS-era programs find a clock)
        const s = Math.floor((this.ticks() * 65536) / 1193180);
        r8[CH] = bcd(Math.floor(s / 3600) % 24); r8[CL] = bcd(Math.floor(s / 60) % 60); r8[DH] = bcd(s % 60); r8[DL] = 0;
        setFrameFlag(c, m, CF, false);
        break;
      }
      case 0x04: { const d = this.date(); r8[CH] = bcd(Math.floor(d.year / 100)); r8[CL] = bcd(d.year % 100); r8[DH] = bcd(d.month); r8[DL] = bcd(d.day); setFrameFlag(c, m, CF, false); break; }
      default: setFrameFlag(c, m, CF, true); break;
    }
  }

  /** The date DOS and the RTC report; fixed at build (emulation is deterministic). */
  dateValue = { year: 1994, month: 1, day: 1 };
  date(): { year: number; month: number; day: number } { return this.dateValue; }

  int15(): void {
    const c = this.cpu, r8 = c.r8, r16 = c.r16, m = this.mem;
    switch (r8[AH]) {
      case 0xc0: c.loadSeg(ES, ROM_SEG); r16[BX] = CONFIG_TABLE; r8[AH] = 0; setFrameFlag(c, m, CF, false); break;
      case 0x86: setFrameFlag(c, m, CF, false); break; // wait CX:DX microseconds: returns at once (UNVERIFIED timing)
      case 0x4f: setFrameFlag(c, m, CF, true); break;  // keyboard intercept: keep the scan code
      case 0x90: case 0x91: r8[AH] = 0; setFrameFlag(c, m, CF, false); break;
      case 0x88: r16[AX] = 0; setFrameFlag(c, m, CF, false); break; // no extended memory
      default: r8[AH] = 0x86; setFrameFlag(c, m, CF, true); break; // function not supported (XT)
    }
  }

  /** Let an IRQ wake a service that waits: IF on in the CPU (the stub's caller may run CLI'd). */
  enableInterrupts(): void { this.cpu.flags = this.cpu.flags | IF; }
}
