/**
 * Buses as the CPU cores see them. A core holds one object per bus and calls it monomorphically;
 * the machine decides what answers (page tables, devices, wait states).
 */

/** An 8-bit data bus: 6502 memory, Z80 memory and I/O, 8088 memory and I/O. */
export interface Bus8 {
  /** Returns 0..255. `addr` is already masked to the CPU's address width. */
  read(addr: number): number;
  write(addr: number, value: number): void;
}

/**
 * A 16-bit data bus with byte lanes, as the 68000 and the 8086 drive it. `addr` is a byte address;
 * word accesses are at even addresses (the CPU raises its own address errors before calling).
 */
export interface Bus16 {
  read8(addr: number): number;
  read16(addr: number): number;
  write8(addr: number, value: number): void;
  write16(addr: number, value: number): void;
}

/** A flat RAM bus for tests: every address is RAM, with an optional log of accesses. */
export class FlatRam implements Bus8 {
  readonly mem: Uint8Array;
  private readonly mask: number;

  constructor(sizeBytes: number) {
    if ((sizeBytes & (sizeBytes - 1)) !== 0) throw new RangeError('FlatRam size must be a power of two');
    this.mem = new Uint8Array(sizeBytes);
    this.mask = sizeBytes - 1;
  }

  read(addr: number): number {
    return this.mem[addr & this.mask]!;
  }

  write(addr: number, value: number): void {
    this.mem[addr & this.mask] = value;
  }
}
