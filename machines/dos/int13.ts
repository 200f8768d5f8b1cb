/**
 * INT 13h for drive A: when a floppy image is mounted: reset (00h), status (01h), read (02h),
 * write (03h), verify (04h), drive parameters (08h), drive type (15h), change line (16h), as the
 * PC/XT and AT BIOS give them (IBM PC/XT Technical Reference, BIOS DISKETTE_IO; Ralf Brown's
 * Interrupt List for 08h/15h/16h). Sectors are read from the raw image by cylinder, head and
 * sector with the geometry of its boot sector. Writes change the image in memory (a copy: the
 * user's file is never changed); DOS's view of A: (the file overlay) does not see sector writes.
 * Hard disks (DL >= 80h) answer "no such drive".
 */
import type { X86Cpu } from '../../cores/cpu/x86/cpu.ts';
import type { GuestMemory } from './mem.ts';
import { AH, AL, BL, BX, CF, CH, CL, DH, DL, ES, setFrameFlag } from './regs.ts';

export interface FloppyImage {
  /** The sectors (a private copy). */
  readonly bytes: Uint8Array;
  readonly sectorsPerTrack: number;
  readonly heads: number;
  readonly cylinders: number;
  /** BIOS drive type for AH=08h: 1 360K, 2 1.2M, 3 720K, 4 1.44M. */
  readonly type: number;
  /** Sector writes since insertion (the image differs from the file). */
  written: boolean;
}

/** Geometry for a raw floppy image by its size (the common PC formats), else from its boot sector. */
export function floppyFromImage(img: Uint8Array, spt: number, heads: number): FloppyImage {
  const bySize: Record<number, [number, number, number]> = {
    163840: [8, 1, 1], 184320: [9, 1, 1], 327680: [8, 2, 1], 368640: [9, 2, 1], 737280: [9, 2, 3],
    1228800: [15, 2, 2], 1474560: [18, 2, 4], 2949120: [36, 2, 4],
  };
  const known = bySize[img.length];
  const s = known?.[0] ?? (spt || 9), h = known?.[1] ?? (heads || 2);
  return { bytes: img.slice(), sectorsPerTrack: s, heads: h, cylinders: Math.ceil(img.length / (512 * s * h)), type: known?.[2] ?? 1, written: false };
}

export class DiskBios {
  floppy: FloppyImage | null = null;
  private status = 0;

  constructor(private readonly cpu: X86Cpu, private readonly mem: GuestMemory) {}

  int13(): void {
    const c = this.cpu, r8 = c.r8, m = this.mem;
    const drive = r8[DL]!;
    const done = (status: number): void => {
      this.status = status;
      r8[AH] = status;
      setFrameFlag(c, m, CF, status !== 0);
    };
    const f = drive === 0 ? this.floppy : null;
    switch (r8[AH]) {
      case 0x00: done(f === null && drive !== 0 ? 0x01 : 0); return;
      case 0x01: r8[AL] = this.status; done(0); return;
      case 0x02: case 0x03: case 0x04: {
        if (f === null) { r8[AL] = 0; done(drive === 0 ? 0x80 : 0x01); return; } // timeout: no disk
        const count = r8[AL]!;
        const cyl = r8[CH]! | ((r8[CL]! & 0xc0) << 2), sec = r8[CL]! & 0x3f, head = r8[DH]!;
        if (sec === 0 || sec > f.sectorsPerTrack || head >= f.heads || cyl >= f.cylinders) { r8[AL] = 0; done(0x04); return; }
        let lba = (cyl * f.heads + head) * f.sectorsPerTrack + sec - 1;
        let bx = c.r16[BX]!;
        let n = 0;
        for (; n < count; n++, lba++, bx += 512) {
          const off = lba * 512;
          if (off + 512 > f.bytes.length) break;
          if (r8[AH] === 0x02) m.writeBytes(c.sreg[ES]!, bx, f.bytes.subarray(off, off + 512));
          else if (r8[AH] === 0x03) { f.bytes.set(m.readBytes(c.sreg[ES]!, bx, 512), off); f.written = true; }
        }
        r8[AL] = n;
        done(n < count ? 0x04 : 0);
        return;
      }
      case 0x08: {
        if (drive !== 0) { done(0x01); return; }
        const g = f ?? { sectorsPerTrack: 9, heads: 2, cylinders: 40, type: 1 };
        r8[BL] = g.type; r8[CH] = (g.cylinders - 1) & 0xff; r8[CL] = g.sectorsPerTrack | (((g.cylinders - 1) >> 2) & 0xc0);
        r8[DH] = g.heads - 1; r8[DL] = 1;
        done(0);
        return;
      }
      case 0x15: if (drive === 0) { r8[AH] = 0x01; setFrameFlag(c, m, CF, false); } else { r8[AH] = 0; setFrameFlag(c, m, CF, false); } return;
      case 0x16: done(0); return;
      default: done(0x01); return;
    }
  }
}
