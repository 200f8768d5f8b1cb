/**
 * Guest memory as DOS and BIOS services see it: bytes, words and strings at segment:offset,
 * through the machine's `X86Bus` (the flat test bus or the PC board's bus), so a service writes
 * video RAM exactly as a program would. Addresses wrap at 1 MB as on an 8088.
 */
import type { X86Bus } from '../../cores/cpu/x86/bus.ts';

export class GuestMemory {
  constructor(readonly bus: X86Bus) {}

  static lin(seg: number, off: number): number { return ((seg << 4) + (off & 0xffff)) & 0xfffff; }

  rd8(seg: number, off: number): number { return this.bus.read8(GuestMemory.lin(seg, off)); }
  wr8(seg: number, off: number, v: number): void { this.bus.write8(GuestMemory.lin(seg, off), v & 0xff); }
  rd16(seg: number, off: number): number { return this.rd8(seg, off) | (this.rd8(seg, off + 1) << 8); }
  wr16(seg: number, off: number, v: number): void { this.wr8(seg, off, v); this.wr8(seg, off + 1, v >> 8); }
  rd32(seg: number, off: number): number { return (this.rd16(seg, off) | (this.rd16(seg, off + 2) << 16)) >>> 0; }
  wr32(seg: number, off: number, v: number): void { this.wr16(seg, off, v & 0xffff); this.wr16(seg, off + 2, v >>> 16); }

  readBytes(seg: number, off: number, n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.rd8(seg, off + i);
    return out;
  }
  /** Writes bytes at seg:off; the offset wraps inside the segment as a REP MOVSB would. */
  writeBytes(seg: number, off: number, b: Uint8Array): void {
    for (let i = 0; i < b.length; i++) this.wr8(seg, off + i, b[i]!);
  }
  fill(seg: number, off: number, n: number, v: number): void {
    for (let i = 0; i < n; i++) this.wr8(seg, off + i, v);
  }
  /** A NUL-terminated string (at most `max` bytes), as Latin-1 (close enough to CP437 for names). */
  asciiz(seg: number, off: number, max = 256): string {
    let s = '';
    for (let i = 0; i < max; i++) {
      const c = this.rd8(seg, off + i);
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    return s;
  }
  writeAsciiz(seg: number, off: number, s: string): void {
    for (let i = 0; i < s.length; i++) this.wr8(seg, off + i, s.charCodeAt(i));
    this.wr8(seg, off + s.length, 0);
  }
  /** A string ended by `term` (INT 21h AH=09h uses '$'), at most `max` bytes. */
  terminated(seg: number, off: number, term: number, max = 0x10000): string {
    let s = '';
    for (let i = 0; i < max; i++) {
      const c = this.rd8(seg, off + i);
      if (c === term) break;
      s += String.fromCharCode(c);
    }
    return s;
  }
}
