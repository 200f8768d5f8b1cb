/**
 * What every NES cartridge board does, as a base class the mapper boards extend: PRG ROM banks
 * in four 8 KiB CPU slots ($8000-$FFFF), CHR ROM/RAM in eight 1 KiB PPU slots ($0000-$1FFF),
 * the four nametable slots ($2000-$2FFF) pointed into the console's 2 KiB CIRAM (or 4 KiB with
 * four-screen boards), and PRG RAM at $6000-$7FFF.
 *
 * The slots are offset tables (`prgMap`, `chrMap`, `ntMap`) that the CPU bus and the PPU index
 * directly, so a fetch costs one typed-array lookup and never a call. A board changes them in
 * `update()` from its registers (`r`), which are its whole state besides the RAMs, so a save
 * state is the registers plus RAM, and the tables are rebuilt after a load (STYLE §4: page
 * tables are derived).
 *
 * Lines: `irq` is the board's IRQ output (ORed with the APU's by the machine through `onIrq`).
 * Boards that watch the PPU address bus set `watchA12` (MMC3's scanline counter) or
 * `watchChr` (MMC2/MMC4 latches); the PPU then calls `ppuA12`/`chrLatch`.
 * Reference: nesdev wiki "Mapper", and each board's page.
 */
import { CorruptStateError } from '../../../cores/kernel/errors.ts';
import type { Part } from '../../../cores/kernel/part.ts';
import { type Cartridge, Mirroring } from '../cartridge.ts';

export interface MapperState {
  r: number[];
  prgRam: Uint8Array;
  chrRam: Uint8Array | null;
  nt: Uint8Array;
}

export abstract class Mapper implements Part<MapperState> {
  readonly stateVersion = 1;
  readonly prg: Uint8Array;
  /** CHR ROM, or the CHR RAM when the board has no CHR ROM. */
  readonly chr: Uint8Array;
  readonly chrIsRam: boolean;
  readonly prgRam: Uint8Array;
  /** CIRAM (2 KiB) plus the board's extra 2 KiB on four-screen boards. */
  readonly nt = new Uint8Array(0x1000);
  readonly prgMap = new Int32Array(4);
  readonly chrMap = new Int32Array(8);
  readonly ntMap = new Int32Array(4);
  /** $6000-$7FFF answers with PRG RAM (reads) / takes writes. */
  prgRamReadable = true;
  prgRamWritable = true;
  watchA12 = false;
  watchChr = false;
  /** The board's IRQ output. */
  irq = false;
  onIrq: () => void = () => {};
  /** Registers: the board's whole state besides RAM. Boards give their size in the constructor. */
  r: Float64Array;
  /** Offset of the PRG RAM bank at $6000 (boards with banked PRG RAM). */
  prgRamOff = 0;
  /** CPU cycle of the write being made (the bus sets it before `write`), for MMC1's RMW filter. */
  cpuCycle = 0;
  protected readonly prgBanks8: number;
  protected readonly chrBanks1: number;

  constructor(readonly cart: Cartridge, regs: number) {
    this.prg = cart.prg;
    this.chrIsRam = cart.chr.length === 0;
    this.chr = this.chrIsRam ? new Uint8Array(Math.max(0x2000, cart.chrRamBytes)) : cart.chr;
    let ramBytes = 0x2000;
    while (ramBytes < cart.prgRamBytes) ramBytes *= 2;
    this.prgRam = new Uint8Array(ramBytes);
    if (cart.battery && cart.batteryRam !== null) this.prgRam.set(cart.batteryRam.subarray(0, ramBytes));
    this.prgBanks8 = Math.max(1, this.prg.length >> 13);
    this.chrBanks1 = Math.max(1, this.chr.length >> 10);
    this.r = new Float64Array(regs);
    // A PRG smaller than 8 KiB (some test carts) is mirrored by the offset modulo in setPrg8.
    this.setMirroring(cart.mirroring);
  }

  /** Power-on register values; then update(). */
  abstract powerOn(): void;
  /** A CPU write at $8000-$FFFF. */
  abstract write(addr: number, value: number): void;
  /** Apply the registers to the slot tables. */
  abstract update(): void;

  /** A CPU read at $4020-$7FFF; `open` is the open-bus value. */
  readLow(addr: number, open: number): number {
    if (addr >= 0x6000 && this.prgRamReadable) return this.prgRam[(this.prgRamOff + (addr & 0x1fff)) & (this.prgRam.length - 1)]!;
    return open;
  }

  /** A CPU write at $4020-$7FFF. */
  writeLow(addr: number, value: number): void {
    if (addr >= 0x6000 && this.prgRamWritable) this.prgRam[(this.prgRamOff + (addr & 0x1fff)) & (this.prgRam.length - 1)] = value;
  }

  /** The PPU put `addr` on its bus (only when watchA12); `dot` counts PPU dots since power-on. */
  ppuA12(_addr: number, _dot: number): void {}
  /** The PPU fetched pattern data at `addr` (only when watchChr). */
  chrLatch(_addr: number): void {}

  // ---- helpers for boards ----

  protected setPrg8(slot: number, bank: number): void {
    const n = this.prgBanks8;
    const b = ((bank % n) + n) % n;
    this.prgMap[slot] = (b << 13) % this.prg.length;
  }

  protected setPrg16(slot16: number, bank: number): void {
    this.setPrg8(slot16 * 2, bank * 2);
    this.setPrg8(slot16 * 2 + 1, bank * 2 + 1);
  }

  protected setPrg32(bank: number): void {
    for (let i = 0; i < 4; i++) this.setPrg8(i, bank * 4 + i);
  }

  protected setChr1(slot: number, bank: number): void {
    const n = this.chrBanks1;
    this.chrMap[slot] = (((bank % n) + n) % n) << 10;
  }

  protected setChr2(slot2: number, bank: number): void {
    this.setChr1(slot2 * 2, bank * 2);
    this.setChr1(slot2 * 2 + 1, bank * 2 + 1);
  }

  protected setChr4(slot4: number, bank: number): void {
    for (let i = 0; i < 4; i++) this.setChr1(slot4 * 4 + i, bank * 4 + i);
  }

  protected setChr8(bank: number): void {
    for (let i = 0; i < 8; i++) this.setChr1(i, bank * 8 + i);
  }

  setMirroring(m: Mirroring): void {
    const t = this.ntMap;
    switch (m) {
      case Mirroring.Horizontal: t[0] = 0; t[1] = 0; t[2] = 0x400; t[3] = 0x400; break;
      case Mirroring.Vertical: t[0] = 0; t[1] = 0x400; t[2] = 0; t[3] = 0x400; break;
      case Mirroring.SingleA: t.fill(0); break;
      case Mirroring.SingleB: t.fill(0x400); break;
      default: t[0] = 0; t[1] = 0x400; t[2] = 0x800; t[3] = 0xc00; break;
    }
  }

  protected setIrq(on: boolean): void {
    if (on !== this.irq) { this.irq = on; this.onIrq(); }
  }

  reset(): void {
    this.powerOn();
    this.update();
  }

  getState(): MapperState {
    return {
      r: Array.from(this.r), prgRam: this.prgRam.slice(), chrRam: this.chrIsRam ? this.chr.slice() : null,
      nt: this.nt.slice(),
    };
  }

  setState(s: MapperState): void {
    if (typeof s !== 'object' || s === null || !Array.isArray(s.r) || s.r.length !== this.r.length ||
        !(s.prgRam instanceof Uint8Array) || s.prgRam.length !== this.prgRam.length ||
        !(s.nt instanceof Uint8Array) || s.nt.length !== this.nt.length ||
        (this.chrIsRam ? !(s.chrRam instanceof Uint8Array) || s.chrRam.length !== this.chr.length : s.chrRam !== null))
      throw new CorruptStateError('cartridge state: does not fit the inserted cartridge');
    this.r.set(s.r);
    this.prgRam.set(s.prgRam);
    if (this.chrIsRam) this.chr.set(s.chrRam!);
    this.nt.set(s.nt);
    this.update();
    this.irq = false;
    this.syncIrqFromRegs();
    this.onIrq();
  }

  /** After a load: the IRQ output from the registers (boards with an IRQ override). */
  protected syncIrqFromRegs(): void {}
}
