/**
 * The discrete-logic boards: a latch or two on the cartridge, no IRQ.
 * - 0 NROM: 16 or 32 KiB PRG, 8 KiB CHR, fixed.
 * - 2 UxROM: 16 KiB PRG bank at $8000, the last bank fixed at $C000; CHR RAM.
 * - 3 CNROM: 8 KiB CHR bank.
 * - 7 AxROM: 32 KiB PRG bank, one-screen mirroring from bit 4.
 * - 11 Color Dreams: PRG 32 KiB bank in bits 0-1, CHR 8 KiB bank in bits 4-7.
 * - 66 GxROM: PRG 32 KiB bank in bits 4-5, CHR 8 KiB bank in bits 0-1.
 * - 71 Camerica BF909x: 16 KiB bank at $8000 by writes to $C000-$FFFF, last bank fixed;
 *   $9000-$9FFF bit 4 selects one-screen mirroring (BF9097, Fire Hawk).
 * Not emulated: bus conflicts (the value written ANDed with the ROM byte on UxROM/CNROM/AxROM
 * boards without the conflict-avoiding gate); games avoid them by writing matching values.
 * Reference: nesdev wiki pages of each board.
 */
import { Mirroring } from '../cartridge.ts';
import { Mapper } from './mapper.ts';

export class Nrom extends Mapper {
  constructor(cart: ConstructorParameters<typeof Mapper>[0]) { super(cart, 1); }
  powerOn(): void {}
  write(): void {}
  update(): void {
    this.setPrg32(0);
    this.setChr8(0);
  }
}

/** Mappers 2, 3, 7, 11, 66, 71: one latch register r[0] (71 adds r[1], its mirroring). */
export class LatchBoard extends Mapper {
  constructor(cart: ConstructorParameters<typeof Mapper>[0]) { super(cart, 2); }
  powerOn(): void { this.r[0] = 0; this.r[1] = -1; }
  write(addr: number, value: number): void {
    if (this.cart.mapper === 71 && addr < 0xc000) {
      if (addr >= 0x9000 && addr < 0xa000) this.r[1] = (value >> 4) & 1;
      else return;
    } else {
      this.r[0] = value;
    }
    this.update();
  }
  update(): void {
    const v = this.r[0]!;
    switch (this.cart.mapper) {
      case 2: case 71:
        this.setPrg16(0, v);
        this.setPrg16(1, -1);
        this.setChr8(0);
        if (this.cart.mapper === 71 && this.r[1]! >= 0) this.setMirroring(this.r[1] ? Mirroring.SingleB : Mirroring.SingleA);
        break;
      case 3:
        this.setPrg32(0);
        this.setChr8(v);
        break;
      case 7:
        this.setPrg32(v & 7);
        this.setChr8(0);
        this.setMirroring((v & 0x10) !== 0 ? Mirroring.SingleB : Mirroring.SingleA);
        break;
      case 11:
        this.setPrg32(v & 3);
        this.setChr8(v >> 4);
        break;
      case 66:
        this.setPrg32((v >> 4) & 3);
        this.setChr8(v & 3);
        break;
    }
  }
}
