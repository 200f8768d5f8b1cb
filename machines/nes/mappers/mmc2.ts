/**
 * Mappers 9 and 10, Nintendo MMC2 (PxROM, Punch-Out!!) and MMC4 (FxROM): two CHR latches that
 * flip when the PPU fetches tile $FD or $FE from either pattern table, each selecting one of two
 * 4 KiB CHR banks. The latch flips after the fetch, so the tile that flips it is drawn with the
 * old bank (nesdev wiki "MMC2", "MMC4").
 * MMC2: 8 KiB PRG bank at $8000, the last three 8 KiB banks fixed. MMC4: 16 KiB PRG bank at
 * $8000, the last fixed, and 8 KiB PRG RAM. Latch 0 triggers at $0FD8 / $0FE8 (MMC2) or
 * $0FD8-$0FDF / $0FE8-$0FEF (MMC4); latch 1 at $1FD8-$1FDF / $1FE8-$1FEF on both.
 */
import { Mirroring } from '../cartridge.ts';
import { Mapper } from './mapper.ts';

const PRG = 0, C0FD = 1, C0FE = 2, C1FD = 3, C1FE = 4, MIRROR = 5, LATCH0 = 6, LATCH1 = 7;

export class Mmc2 extends Mapper {
  constructor(cart: ConstructorParameters<typeof Mapper>[0]) {
    super(cart, 8);
    this.watchChr = true;
  }
  powerOn(): void { this.r.fill(0); this.r[LATCH0] = 1; this.r[LATCH1] = 1; }

  write(addr: number, value: number): void {
    const reg = (addr >> 12) - 0x9;
    if (reg < 1) return;
    this.r[reg === 1 ? PRG : reg - 1] = reg === 6 ? value & 1 : value & 0x1f;
    this.update();
  }

  update(): void {
    const r = this.r;
    if (this.cart.mapper === 9) {
      this.setPrg8(0, r[PRG]! & 0x0f);
      this.setPrg8(1, -3); this.setPrg8(2, -2); this.setPrg8(3, -1);
    } else {
      this.setPrg16(0, r[PRG]! & 0x0f);
      this.setPrg16(1, -1);
    }
    this.setChr4(0, r[LATCH0] ? r[C0FE]! : r[C0FD]!);
    this.setChr4(1, r[LATCH1] ? r[C1FE]! : r[C1FD]!);
    this.setMirroring(r[MIRROR] ? Mirroring.Horizontal : Mirroring.Vertical);
  }

  override chrLatch(addr: number): void {
    const r = this.r;
    if (addr < 0x1000) {
      const lo = this.cart.mapper === 9 ? addr : addr & 0xfff8;
      if (lo === 0x0fd8) { if (r[LATCH0] !== 0) { r[LATCH0] = 0; this.update(); } }
      else if (lo === 0x0fe8) { if (r[LATCH0] !== 1) { r[LATCH0] = 1; this.update(); } }
    } else {
      const lo = addr & 0xfff8;
      if (lo === 0x1fd8) { if (r[LATCH1] !== 0) { r[LATCH1] = 0; this.update(); } }
      else if (lo === 0x1fe8) { if (r[LATCH1] !== 1) { r[LATCH1] = 1; this.update(); } }
    }
  }
}
