/**
 * Mapper 1, Nintendo MMC1 (SxROM boards): a 5-bit serial shift register loaded one bit per write
 * to $8000-$FFFF; the fifth write stores it into control ($8000), CHR bank 0 ($A000), CHR bank 1
 * ($C000) or PRG bank ($E000) by address bits 13-14. A write with bit 7 set resets the shift
 * register and sets PRG mode 3. Writes on consecutive CPU cycles (the two writes of a
 * read-modify-write instruction) count only once: the chip ignores the second (nesdev wiki
 * "MMC1", "Consecutive-cycle writes"; Bill & Ted's Excellent Adventure depends on it).
 *
 * Variants: SUROM/SXROM (512 KiB PRG): CHR bank 0 bit 4 picks the 256 KiB PRG half; SOROM/SXROM
 * (16/32 KiB PRG RAM): CHR bank 0 bits 2-3 pick the 8 KiB PRG RAM bank. MMC1B: PRG bank bit 4
 * disables PRG RAM. Not emulated: the MMC1A (PRG RAM always on), SNROM's CHR-bit RAM disable.
 */
import { Mirroring } from '../cartridge.ts';
import { Mapper } from './mapper.ts';

const SHIFT = 0, COUNT = 1, CONTROL = 2, CHR0 = 3, CHR1 = 4, PRG = 5, LAST_WRITE = 6;

export class Mmc1 extends Mapper {
  constructor(cart: ConstructorParameters<typeof Mapper>[0]) { super(cart, 7); }

  powerOn(): void {
    this.r.fill(0);
    this.r[CONTROL] = 0x0c;
    this.r[LAST_WRITE] = -10;
  }

  write(addr: number, value: number): void {
    const r = this.r;
    const consecutive = this.cpuCycle === r[LAST_WRITE]! + 1;
    r[LAST_WRITE] = this.cpuCycle;
    if (consecutive) return;
    if ((value & 0x80) !== 0) {
      r[SHIFT] = 0; r[COUNT] = 0;
      r[CONTROL] = r[CONTROL]! | 0x0c;
      this.update();
      return;
    }
    r[SHIFT] = r[SHIFT]! | ((value & 1) << r[COUNT]!);
    r[COUNT] = r[COUNT]! + 1;
    if (r[COUNT] === 5) {
      r[CONTROL + ((addr >> 13) & 3)] = r[SHIFT]!;
      r[SHIFT] = 0; r[COUNT] = 0;
      this.update();
    }
  }

  update(): void {
    const r = this.r, control = r[CONTROL]!, chr0 = r[CHR0]!, prg = r[PRG]!;
    this.setMirroring([Mirroring.SingleA, Mirroring.SingleB, Mirroring.Vertical, Mirroring.Horizontal][control & 3]!);
    // 512 KiB boards: CHR bank 0 bit 4 is PRG A18 (the 256 KiB half).
    const outer = this.prg.length > 0x40000 ? (chr0 & 0x10) : 0;
    const bank = (prg & 0x0f) | outer;
    switch ((control >> 2) & 3) {
      case 0: case 1: this.setPrg16(0, bank & ~1); this.setPrg16(1, bank | 1); break;
      case 2: this.setPrg16(0, outer); this.setPrg16(1, bank); break;
      default: this.setPrg16(0, bank); this.setPrg16(1, outer | 0x0f); break;
    }
    if ((control & 0x10) === 0) {
      this.setChr4(0, chr0 & 0x1e);
      this.setChr4(1, chr0 | 1);
    } else {
      this.setChr4(0, chr0);
      this.setChr4(1, r[CHR1]!);
    }
    this.prgRamReadable = this.prgRamWritable = (prg & 0x10) === 0;
    // 16/32 KiB PRG RAM (SOROM/SXROM): CHR bank 0 bits 2-3 select the 8 KiB bank.
    this.prgRamOff = this.prgRam.length > 0x2000 ? ((chr0 >> 2) & 3) << 13 : 0;
  }
}
