/**
 * The Amiga 500's 68000 bus: address decoding by 64 KB page, chip-RAM contention, the CIAs on the
 * E clock and the custom registers.
 *
 * Map (HRM chapter 1, "Memory map"; Gary's decoding on the A500):
 * - $000000-$1FFFFF chip RAM (mirrored every chip size); while CIA-A's OVL pin is high (after
 *   reset) reads of $000000-$07FFFF come from the Kickstart ROM, writes still reach chip RAM.
 * - $A00000-$BFFFFF the CIAs: CIA-A selected by A12 = 0, on the low byte (odd addresses), CIA-B
 *   by A13 = 0, on the high byte (even addresses); register = A11-A8.
 * - $C00000-$C7FFFF slow ("ranger") RAM when fitted.
 * - $DFF000-$DFFFFF custom registers (A8-A1 select the register).
 * - $E00000-$E7FFFF extension ROM (AROS), $F80000-$FFFFFF Kickstart (256 KB mirrored twice).
 * - Anything else reads 0 and ignores writes (no bus error: Gary always ends the cycle).
 *
 * Contention: chip RAM, slow RAM and custom register cycles wait for a free even DMA slot
 * (Agnus.cpuWait). CIA cycles wait for the E clock: the access ends on the falling edge of an E
 * cycle (10 CPU cycles), at least 6 cycles after it began (UNVERIFIED: the 68000's VPA/VMA timing
 * gives 6-15 wait cycles; this gives 6-15 as well but not cycle-exact).
 *
 * Byte writes to custom registers write the byte to both halves, as the 68000 drives it on both
 * data lines.
 */
import type { M68000 } from '../../cores/cpu/m68000/cpu.ts';
import type { M68000Bus } from '../../cores/cpu/m68000/bus.ts';
import type { Amiga } from './amiga.ts';

export const enum Page { None = 0, Chip = 1, Slow = 2, Rom = 3, Ext = 4, Cia = 5, Custom = 6 }

export class AmigaBus implements M68000Bus {
  /** Page kind by address >> 16, for reads and for writes (they differ under the overlay). */
  readonly readKind = new Uint8Array(256);
  readonly writeKind = new Uint8Array(256);
  cpu!: M68000;
  chip: Uint8Array;
  chipMask: number;
  slow: Uint8Array;
  rom: Uint8Array;
  ext: Uint8Array;

  constructor(private readonly m: Amiga) {
    this.chip = m.chip;
    this.chipMask = m.chip.length - 1;
    this.slow = m.slow;
    this.rom = m.rom;
    this.ext = m.ext;
  }

  /** Rebuild the page tables (after OVL changes or a state load). */
  remap(overlay: boolean): void {
    const r = this.readKind, w = this.writeKind;
    r.fill(Page.None);
    w.fill(Page.None);
    for (let p = 0x00; p < 0x20; p++) r[p] = w[p] = Page.Chip;
    for (let p = 0xa0; p < 0xc0; p++) r[p] = w[p] = Page.Cia;
    const slowPages = this.slow.length >> 16;
    for (let p = 0; p < slowPages; p++) r[0xc0 + p] = w[0xc0 + p] = Page.Slow;
    r[0xdf] = w[0xdf] = Page.Custom;
    if (this.ext.length > 0) for (let p = 0xe0; p < 0xe8; p++) r[p] = Page.Ext;
    for (let p = 0xf8; p < 0x100; p++) r[p] = Page.Rom;
    if (overlay) for (let p = 0; p < 8; p++) r[p] = Page.Rom;
  }

  /** Wait for an even slot (chip bus). */
  private chipWait(): void {
    const cpu = this.cpu;
    const w = this.m.agnus.cpuWait(this.m.scheduler.now);
    if (w !== 0) cpu.cycles += w;
  }

  /** Wait for the E clock before a CIA access. */
  private eWait(): void {
    const cpu = this.cpu;
    const now = this.m.scheduler.now; // master ticks; E cycle = 40 ticks = 10 CPU cycles
    const earliest = now + 6 * 4;
    const end = Math.ceil(earliest / 40) * 40;
    cpu.cycles += (end - now) / 4 - 4;
  }

  readWord(addr: number): number {
    addr &= 0xffffff;
    switch (this.readKind[addr >>> 16]) {
      case Page.Chip: {
        this.chipWait();
        const a = addr & this.chipMask;
        return (this.chip[a]! << 8) | this.chip[a + 1]!;
      }
      case Page.Rom: {
        const a = addr & (this.rom.length - 1);
        return (this.rom[a]! << 8) | this.rom[a + 1]!;
      }
      case Page.Slow: {
        this.chipWait();
        const a = addr & (this.slow.length - 1);
        return (this.slow[a]! << 8) | this.slow[a + 1]!;
      }
      case Page.Ext: {
        const a = addr & (this.ext.length - 1);
        return (this.ext[a]! << 8) | this.ext[a + 1]!;
      }
      case Page.Custom:
        this.chipWait();
        return this.m.readCustomCpu(addr & 0x1fe);
      case Page.Cia: {
        this.eWait();
        const hi = (addr & 0x2000) === 0 ? this.m.ciaB.read((addr >> 8) & 15) : 0xff;
        const lo = (addr & 0x1000) === 0 ? this.m.ciaA.read((addr >> 8) & 15) : 0xff;
        return (hi << 8) | lo;
      }
      default:
        return 0;
    }
  }

  readByte(addr: number): number {
    addr &= 0xffffff;
    switch (this.readKind[addr >>> 16]) {
      case Page.Chip:
        this.chipWait();
        return this.chip[addr & this.chipMask]!;
      case Page.Rom:
        return this.rom[addr & (this.rom.length - 1)]!;
      case Page.Slow:
        this.chipWait();
        return this.slow[addr & (this.slow.length - 1)]!;
      case Page.Ext:
        return this.ext[addr & (this.ext.length - 1)]!;
      case Page.Custom: {
        this.chipWait();
        const v = this.m.readCustomCpu(addr & 0x1fe);
        return (addr & 1) === 0 ? v >> 8 : v & 0xff;
      }
      case Page.Cia:
        this.eWait();
        if ((addr & 1) === 0) return (addr & 0x2000) === 0 ? this.m.ciaB.read((addr >> 8) & 15) : 0xff;
        return (addr & 0x1000) === 0 ? this.m.ciaA.read((addr >> 8) & 15) : 0xff;
      default:
        return 0;
    }
  }

  writeWord(addr: number, value: number): void {
    addr &= 0xffffff;
    switch (this.writeKind[addr >>> 16]) {
      case Page.Chip: {
        this.chipWait();
        const a = addr & this.chipMask;
        this.chip[a] = value >> 8;
        this.chip[a + 1] = value;
        return;
      }
      case Page.Slow: {
        this.chipWait();
        const a = addr & (this.slow.length - 1);
        this.slow[a] = value >> 8;
        this.slow[a + 1] = value;
        return;
      }
      case Page.Custom:
        this.chipWait();
        this.m.writeCustomCpu(addr & 0x1fe, value & 0xffff);
        return;
      case Page.Cia:
        this.eWait();
        if ((addr & 0x2000) === 0) this.m.ciaB.write((addr >> 8) & 15, value >> 8);
        if ((addr & 0x1000) === 0) this.m.ciaA.write((addr >> 8) & 15, value & 0xff);
        return;
      default:
        return;
    }
  }

  writeByte(addr: number, value: number): void {
    addr &= 0xffffff;
    value &= 0xff;
    switch (this.writeKind[addr >>> 16]) {
      case Page.Chip:
        this.chipWait();
        this.chip[addr & this.chipMask] = value;
        return;
      case Page.Slow:
        this.chipWait();
        this.slow[addr & (this.slow.length - 1)] = value;
        return;
      case Page.Custom:
        this.chipWait();
        this.m.writeCustomCpu(addr & 0x1fe, value | (value << 8));
        return;
      case Page.Cia:
        this.eWait();
        if ((addr & 1) === 0) { if ((addr & 0x2000) === 0) this.m.ciaB.write((addr >> 8) & 15, value); }
        else if ((addr & 0x1000) === 0) this.m.ciaA.write((addr >> 8) & 15, value);
        return;
      default:
        return;
    }
  }

  /** Paula's interrupts are autovectored (VPA asserted during the acknowledge). */
  interruptAck(): number {
    return -1;
  }

  /** RESET instruction: the CIAs and custom chips are reset (the CPU keeps running). */
  resetDevices(): void {
    this.m.resetDevices();
  }
}
