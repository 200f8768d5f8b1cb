/**
 * Mapper 4, Nintendo MMC3 (TxROM boards): eight bank registers (two 2 KiB + four 1 KiB CHR
 * banks, two 8 KiB PRG banks) selected through $8000/$8001 with PRG and CHR mode bits,
 * mirroring ($A000), PRG RAM protect ($A001), and the scanline counter clocked by rising edges
 * of PPU A12 ($C000 latch, $C001 reload, $E000 disable + acknowledge, $E001 enable).
 *
 * A12 filter: the chip counts a rise only after A12 has been low for a while (it counts M2
 * falling edges; about three CPU cycles). We take a rise after A12 was low for at least 10 PPU
 * dots, which keeps one clock per scanline in 8x16 sprite mode (nesdev wiki "MMC3", IRQ
 * specifics). The counter: at a clock, if it is 0 or a reload was asked, it is loaded from the
 * latch, else decremented; then if it is 0 and IRQs are enabled the IRQ is asserted (MMC3B). The
 * MMC3A (NES 2.0 submapper 4) does not assert when a counter that was already 0 is reloaded with
 * 0 without a $C001 write (blargg's mmc3_test readme). The PPU reports A12 two dots before its
 * own pattern fetches (tuned with mmc3_test 4-scanline_timing, see ppu.ts).
 * Not emulated: the MMC6 (its PRG RAM layout and IRQ).
 */
import { Mirroring } from '../cartridge.ts';
import { Mapper } from './mapper.ts';

const SELECT = 8, MIRROR = 9, PROTECT = 10, LATCH = 11, COUNTER = 12, RELOAD = 13, ENABLED = 14, A12 = 15, LOW_SINCE = 16;
/** Dots A12 must stay low before a rise counts. */
const A12_LOW_DOTS = 10;

export class Mmc3 extends Mapper {
  private readonly oldIrq: boolean;
  constructor(cart: ConstructorParameters<typeof Mapper>[0]) {
    super(cart, 17);
    this.watchA12 = true;
    this.oldIrq = cart.submapper === 4;
  }

  powerOn(): void {
    this.r.fill(0);
    this.r[6] = 0; this.r[7] = 1;
    this.r[LOW_SINCE] = -1000;
    this.r[PROTECT] = 0x80;
    this.r[MIRROR] = this.cart.mirroring === Mirroring.Horizontal ? 1 : 0;
  }

  write(addr: number, value: number): void {
    const r = this.r;
    const odd = addr & 1;
    switch (addr & 0xe000) {
      case 0x8000:
        if (odd) r[r[SELECT]! & 7] = value; else r[SELECT] = value;
        this.update();
        break;
      case 0xa000:
        if (odd) r[PROTECT] = value; else r[MIRROR] = value & 1;
        this.update();
        break;
      case 0xc000:
        if (odd) { r[COUNTER] = 0; r[RELOAD] = 1; } else r[LATCH] = value;
        break;
      default:
        if (odd) r[ENABLED] = 1; else { r[ENABLED] = 0; this.setIrq(false); }
        break;
    }
  }

  update(): void {
    const r = this.r, sel = r[SELECT]!;
    if ((sel & 0x40) === 0) {
      this.setPrg8(0, r[6]!); this.setPrg8(2, -2);
    } else {
      this.setPrg8(0, -2); this.setPrg8(2, r[6]!);
    }
    this.setPrg8(1, r[7]!);
    this.setPrg8(3, -1);
    const inv = (sel & 0x80) !== 0 ? 4 : 0;
    this.setChr1(0 ^ inv, r[0]! & 0xfe); this.setChr1(1 ^ inv, r[0]! | 1);
    this.setChr1(2 ^ inv, r[1]! & 0xfe); this.setChr1(3 ^ inv, r[1]! | 1);
    for (let i = 0; i < 4; i++) this.setChr1((4 + i) ^ inv, r[2 + i]!);
    if (this.cart.mirroring !== Mirroring.FourScreen) this.setMirroring(r[MIRROR] ? Mirroring.Horizontal : Mirroring.Vertical);
    const p = r[PROTECT]!;
    this.prgRamReadable = (p & 0x80) !== 0;
    this.prgRamWritable = (p & 0xc0) === 0x80;
  }

  override ppuA12(addr: number, dot: number): void {
    const r = this.r;
    if ((addr & 0x1000) === 0) {
      if (r[A12] === 1) { r[A12] = 0; r[LOW_SINCE] = dot; }
      return;
    }
    if (r[A12] === 1) return;
    r[A12] = 1;
    if (dot - r[LOW_SINCE]! < A12_LOW_DOTS) return;
    const before = r[COUNTER]!;
    const reload = r[RELOAD] === 1;
    if (before === 0 || reload) r[COUNTER] = r[LATCH]!; else r[COUNTER] = before - 1;
    r[RELOAD] = 0;
    if (r[COUNTER] === 0 && r[ENABLED] === 1 && (!this.oldIrq || before !== 0 || reload)) this.setIrq(true);
  }

  protected override syncIrqFromRegs(): void {
    // The IRQ output is not a register; a state saved with it asserted is rare (it is acknowledged
    // within the handler). UNVERIFIED: after a load the line starts released.
  }
}
