/**
 * The VGA's display memory as the CPU sees it: four 64 KB planes behind the sequencer's map mask
 * and memory mode, and the graphics controller's write modes 0-3, latches, logical functions,
 * bit mask, set/reset, rotate, read modes 0/1 (colour compare), read map select and memory map.
 * This is the first part of the VGA card (the CRTC, attribute controller, DAC and drawing are
 * still to come: see README "Not done yet"); it knows nothing of the machine.
 *
 * Write modes: 0 rotated data or the set/reset colour per plane (enable set/reset); 1 the
 * latches; 2 data bits 0-3 as a colour; 3 the set/reset colour under a mask of the rotated data
 * ANDed with the bit mask. Modes 0, 2 and 3 then apply the function (replace, AND, OR, XOR with
 * the latch) and the bit mask (masked-out bits keep the latch).
 *
 * Sources: IBM VGA Technical Reference (Sequencer registers 02h/04h, Graphics Controller
 * registers 00h-08h), FreeVGA "Graphics Registers" and "VGA/SVGA Video Programming: Memory".
 *
 * Addressing: chain-4 (sequencer memory mode bit 3): plane = A0-A1, offset within the plane = the
 * address with A0-A1 cleared, as the hardware does (mode 13h's pixels sit at every fourth byte of
 * each plane; the CRTC reads them in doubleword mode). Odd/even (memory mode bit 2 clear, graphics
 * mode bit 4 set): plane = A0 (+2 with the odd/even page bit, misc bit 1), offset = address with A0
 * cleared. Otherwise planar: every plane at the same offset, writes to the planes in the map mask,
 * reads from the plane in read map select (read mode 0).
 */
import { CorruptStateError } from '../../../cores/kernel/errors.ts';

export interface VgaMemoryState {
  planes: Uint8Array;
  latch: Uint8Array;
  /** Sequencer: map mask (02h), memory mode (04h). */
  mapMask: number;
  memMode: number;
  /** Graphics controller registers 00h-08h. */
  gc: Uint8Array;
}

export const enum Gc {
  SetReset = 0, EnableSetReset = 1, ColorCompare = 2, DataRotate = 3, ReadMap = 4, Mode = 5, Misc = 6,
  ColorDontCare = 7, BitMask = 8,
}

const PLANE = 0x10000;

export class VgaMemory {
  s: VgaMemoryState = {
    planes: new Uint8Array(4 * PLANE), latch: new Uint8Array(4), mapMask: 0x0f, memMode: 0x02,
    gc: new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0x0f, 0xff]),
  };

  /** Offset of CPU address `addr` (physical) inside the window, or -1 when the window does not cover it. */
  windowOffset(addr: number): number {
    switch ((this.s.gc[Gc.Misc]! >> 2) & 3) {
      case 0: return addr >= 0xa0000 && addr < 0xc0000 ? addr - 0xa0000 : -1;
      case 1: return addr >= 0xa0000 && addr < 0xb0000 ? addr - 0xa0000 : -1;
      case 2: return addr >= 0xb0000 && addr < 0xb8000 ? addr - 0xb0000 : -1;
      default: return addr >= 0xb8000 && addr < 0xc0000 ? addr - 0xb8000 : -1;
    }
  }

  private get chain4(): boolean { return (this.s.memMode & 0x08) !== 0; }
  private get oddEven(): boolean { return (this.s.memMode & 0x04) === 0; }

  /** CPU read of window offset `off`. */
  read(off: number): number {
    const s = this.s, p = s.planes, gc = s.gc;
    if (this.chain4) return p[(off & 3) * PLANE + (off & 0xfffc)]!;
    let o = off & 0xffff;
    let plane = gc[Gc.ReadMap]! & 3;
    if (this.oddEven) { plane = (plane & 2) | (off & 1); o &= 0xfffe; }
    for (let i = 0; i < 4; i++) s.latch[i] = p[i * PLANE + o]!;
    if ((gc[Gc.Mode]! & 0x08) === 0) return s.latch[plane]!;
    // Read mode 1: 1 where every plane not masked out by colour don't care matches colour compare.
    const cc = gc[Gc.ColorCompare]!, dc = gc[Gc.ColorDontCare]!;
    let r = 0xff;
    for (let i = 0; i < 4; i++) {
      if (((dc >> i) & 1) === 0) continue;
      r &= ~(s.latch[i]! ^ (((cc >> i) & 1) !== 0 ? 0xff : 0));
    }
    return r & 0xff;
  }

  /** CPU write of `v` to window offset `off`. */
  write(off: number, v: number): void {
    const s = this.s, p = s.planes, gc = s.gc;
    if (this.chain4) { if (((s.mapMask >> (off & 3)) & 1) !== 0) p[(off & 3) * PLANE + (off & 0xfffc)] = v; return; }
    let o = off & 0xffff;
    let planes = s.mapMask & 0x0f;
    if (this.oddEven) { planes &= (off & 1) !== 0 ? 0x0a : 0x05; o &= 0xfffe; }
    const mode = gc[Gc.Mode]! & 3;
    const rot = gc[Gc.DataRotate]! & 7, fn = (gc[Gc.DataRotate]! >> 3) & 3;
    const rotated = ((v >> rot) | (v << (8 - rot))) & 0xff;
    const mask = gc[Gc.BitMask]!;
    const sr = gc[Gc.SetReset]!, esr = gc[Gc.EnableSetReset]!;
    for (let i = 0; i < 4; i++) {
      if (((planes >> i) & 1) === 0) continue;
      const latch = s.latch[i]!;
      let d: number;
      if (mode === 1) { p[i * PLANE + o] = latch; continue; }
      if (mode === 0) d = ((esr >> i) & 1) !== 0 ? (((sr >> i) & 1) !== 0 ? 0xff : 0) : rotated;
      else if (mode === 2) d = ((v >> i) & 1) !== 0 ? 0xff : 0;
      else { d = ((sr >> i) & 1) !== 0 ? 0xff : 0; }
      let m = mask;
      if (mode === 3) m = mask & rotated;
      switch (fn) {
        case 1: d &= latch; break;
        case 2: d |= latch; break;
        case 3: d ^= latch; break;
        default: break;
      }
      p[i * PLANE + o] = (d & m) | (latch & ~m & 0xff);
    }
  }

  getState(): VgaMemoryState {
    const s = this.s;
    return { planes: s.planes.slice(), latch: s.latch.slice(), mapMask: s.mapMask, memMode: s.memMode, gc: s.gc.slice() };
  }

  setState(st: VgaMemoryState): void {
    if (typeof st !== 'object' || st === null || !(st.planes instanceof Uint8Array) || st.planes.length !== 4 * PLANE ||
        !(st.latch instanceof Uint8Array) || st.latch.length !== 4 || !(st.gc instanceof Uint8Array) || st.gc.length !== 9)
      throw new CorruptStateError('VGA memory state: malformed');
    this.s = { planes: st.planes.slice(), latch: st.latch.slice(), mapMask: st.mapMask & 0x0f, memMode: st.memMode & 0x0f, gc: st.gc.slice() };
  }
}
