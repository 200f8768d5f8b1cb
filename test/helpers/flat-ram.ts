/** A flat RAM for the toy CPU and kernel tests: every address is RAM (real cores have their own bus types). */

/** An 8-bit data bus as the toy CPU sees it. */
export interface Bus8 {
  /** Returns 0..255. `addr` is already masked to the CPU's address width. */
  read(addr: number): number;
  write(addr: number, value: number): void;
}

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
