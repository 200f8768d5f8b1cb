/**
 * Amalgam's paravirtual disk port (0E0h): the other side of the Amalgam BIOS's INT 13h
 * (roms/ibm-pc-xt/bios.asm). `OUT 0E0h, AL` performs the INT 13h function in AH at once, on the
 * CPU's registers as INT 13h defines them (AL count, CH/CL cylinder and sector, DH head, DL drive,
 * ES:BX buffer), writing the results back into the registers and guest memory; `IN 0E0h` then
 * returns the carry (bit 0: the function failed). The port is not a hardware device: no real PC
 * has it, and third-party BIOSes never touch it (with them, the hard disk C: is unavailable).
 *
 * Drives: DL 00h = A:, 01h = B:, 80h = C:. Functions (Ralf Brown's Interrupt List, INT 13h):
 * 00h reset, 01h last status, 02h read, 03h write, 04h verify, 05h format track, 08h parameters,
 * 0Ch seek, 0Dh reset, 10h ready, 11h recalibrate, 15h type, 16h change line, 17h/18h set type.
 * Status codes: 00h ok, 01h bad function, 03h write-protected, 04h sector not found, 80h no disk
 * (floppy time-out), AAh drive not ready (hard disk). The status is kept in the BIOS data area
 * (40:41h floppy, 40:74h hard disk) as a BIOS keeps it.
 *
 * Transfers are instant (no seek or rotation time) and may cross tracks and 64 KB boundaries,
 * which the PC's DMA could not (a real BIOS returns error 09h there; DOS avoids it anyway).
 */
import type { X86Cpu } from '../../cores/cpu/x86/cpu.ts';
import type { PcBoard } from './board.ts';
import type { DriveBay } from './drives.ts';
import { SECTOR_BYTES } from './media/disk-image.ts';

export const PV_DISK_PORT = 0xe0;

// Register slots in X86Cpu.r16 / r8 (cores/cpu/x86/regs.ts).
const CX = 1, DX = 2, BX = 3, DI = 7, ES = 0;
const AL = 0, AH = 1, CL = 2, CH = 3, DL = 4, DH = 5, BL = 6;

/** BIOS drive type for INT 13h AH=08h by floppy image size. */
function floppyType(sectors: number, cylinders: number): number {
  if (cylinders <= 40) return 1; // 360K (and the smaller 5.25" formats)
  if (sectors === 15) return 2; // 1.2M
  if (sectors === 18) return 4; // 1.44M
  return 3; // 720K
}

export class PvDisk {
  private carry = 0;
  private readonly sector = new Uint8Array(SECTOR_BYTES);
  private readonly seenChanges = [0, 0];

  constructor(private readonly board: PcBoard, private readonly drives: DriveBay, private readonly floppies: number) {}

  read(port: number): number {
    return (port & 0x3ff) === PV_DISK_PORT ? this.carry : -1;
  }

  write(port: number, _v: number): boolean {
    if ((port & 0x3ff) !== PV_DISK_PORT) return false;
    const cpu = this.board.cpu;
    const fn = cpu.r8[AH]!;
    const hard = (cpu.r8[DL]! & 0x80) !== 0;
    const status = this.perform(cpu);
    cpu.r8[AH] = status;
    if (fn === 0x15) {
      // "Get type" answers a type code in AH with the carry clear.
      this.carry = status === 0x01 ? 1 : 0;
    } else {
      this.carry = status === 0 ? 0 : 1;
      this.board.write8(hard ? 0x474 : 0x441, status);
    }
    return true;
  }

  private driveId(dl: number): string | null {
    if (dl === 0x80) return 'C:';
    if (dl < this.floppies && dl < 2) return dl === 0 ? 'A:' : 'B:';
    return null;
  }

  /** Run INT 13h function AH; returns the status (AH). */
  private perform(cpu: X86Cpu): number {
    const r8 = cpu.r8;
    const fn = r8[AH]!;
    const dl = r8[DL]!;
    const hard = (dl & 0x80) !== 0;
    const id = this.driveId(dl);
    const disk = id === null ? null : this.drives.disk(id);
    const notReady = hard ? 0xaa : 0x80;
    switch (fn) {
      case 0x00: case 0x0d: case 0x11:
        return id === null && hard ? 0x01 : 0;
      case 0x01:
        return this.board.read8(hard ? 0x474 : 0x441);
      case 0x02: case 0x03: case 0x04: {
        if (id === null) return 0x01;
        if (disk === null) { r8[AL] = 0; return notReady; }
        if (fn === 0x03 && this.drives.writeProtected(id)) { r8[AL] = 0; return 0x03; }
        const count = r8[AL]!;
        const cyl = r8[CH]! | (hard ? (r8[CL]! & 0xc0) << 2 : 0);
        const sec = r8[CL]! & 0x3f, head = r8[DH]!;
        let lba = disk.lba(cyl, head, sec);
        if (lba < 0 || count === 0) { r8[AL] = 0; return 0x04; }
        let addr = (cpu.sreg[ES]! << 4) + cpu.r16[BX]!;
        let done = 0;
        for (; done < count; done++, lba++) {
          if (lba >= disk.totalSectors) { r8[AL] = done; return 0x04; }
          if (fn === 0x02) {
            disk.read(lba, this.sector);
            for (let i = 0; i < SECTOR_BYTES; i++) this.board.write8((addr + i) & 0xfffff, this.sector[i]!);
          } else if (fn === 0x03) {
            for (let i = 0; i < SECTOR_BYTES; i++) this.sector[i] = this.board.read8((addr + i) & 0xfffff);
            disk.write(lba, this.sector);
          }
          addr += SECTOR_BYTES;
        }
        r8[AL] = done;
        return 0;
      }
      case 0x05: {
        if (id === null) return 0x01;
        if (disk === null) return notReady;
        if (this.drives.writeProtected(id)) return 0x03;
        if (hard) return 0;
        const g = disk.geometry;
        const first = disk.lba(r8[CH]!, r8[DH]!, 1);
        if (first < 0) return 0x04;
        this.sector.fill(0xf6);
        for (let s = 0; s < g.sectors; s++) disk.write(first + s, this.sector);
        return 0;
      }
      case 0x08: {
        if (hard) {
          if (disk === null) return 0x01;
          const g = disk.geometry;
          const maxCyl = g.cylinders - 1;
          r8[CH] = maxCyl & 0xff;
          r8[CL] = (g.sectors & 0x3f) | ((maxCyl >> 2) & 0xc0);
          r8[DH] = g.heads - 1;
          r8[DL] = this.drives.disk('C:') === null ? 0 : 1;
          return 0;
        }
        if (id === null) return 0x01;
        // The drive type follows the medium in it (the user's image decides), 360K when empty.
        const g = disk?.geometry ?? { cylinders: 40, heads: 2, sectors: 9 };
        r8[BL] = floppyType(g.sectors, g.cylinders);
        r8[CH] = g.cylinders - 1;
        r8[CL] = g.sectors;
        r8[DH] = 1;
        r8[DL] = this.floppies;
        r8[AL] = 0;
        // ES:DI = the diskette parameter table the BIOS points INT 1Eh at.
        cpu.loadSeg(ES, this.board.read8(0x7a) | (this.board.read8(0x7b) << 8));
        cpu.r16[DI] = this.board.read8(0x78) | (this.board.read8(0x79) << 8);
        return 0;
      }
      case 0x0c: case 0x10: case 0x14:
        if (id === null) return 0x01;
        return disk === null ? notReady : 0;
      case 0x15: {
        if (id === null) { r8[AH] = 0; return hard ? 0x01 : 0; }
        if (hard) {
          if (disk === null) return 0x01;
          const n = disk.totalSectors;
          cpu.r16[CX] = n >>> 16;
          cpu.r16[DX] = n & 0xffff;
          return 0x03;
        }
        return 0x02; // a floppy drive with change-line support
      }
      case 0x16: {
        if (id === null || hard) return 0x01;
        const unit = dl & 1;
        const now = this.drives.changes(id);
        if (now !== this.seenChanges[unit]) { this.seenChanges[unit] = now; return 0x06; }
        return disk === null ? 0x80 : 0;
      }
      case 0x17: case 0x18:
        return id === null ? 0x01 : 0;
      default:
        return 0x01;
    }
  }
}
