/**
 * The x86 core's view of its machine: a memory bus addressed by physical address and a separate
 * I/O port bus (the 8086/8088 M/IO pin), plus interrupt acknowledge.
 *
 * Variants: the 8088 moves one byte per bus cycle, the 8086 a word per cycle when the address is
 * even. The core charges the 8088 table timings (Intel iAPX 86/88 User's Manual, "Instruction Set
 * Summary": 8086 figures, plus 4 clocks per word transfer on the 8088, or per odd-addressed word
 * transfer on the 8086); the bus only moves data. A machine may add wait states to `cpu.cycles`
 * inside any of these calls (DMA refresh, slow cards).
 *
 * Address rules: the core computes `(segmentBase + offset) & addressMask` itself (20 bits on the
 * 8086/8088/80186, with an A20 mask hook for later machines). It never asks `read16`/`write16` for a
 * word that straddles the top of the address space or the end of a segment (offset FFFFh): it splits
 * those into byte accesses, so a bus may assume `addr + 1` is the next physical byte.
 *
 * Not modelled: bus cycle types (T-states, queue status, BHE), LOCK, the prefetch queue.
 */
export interface X86Bus {
  read8(addr: number): number;
  write8(addr: number, value: number): void;
  /** Little-endian word at `addr`, `addr + 1` (both inside the address space). */
  read16(addr: number): number;
  write16(addr: number, value: number): void;
  /** I/O port read (port 0..FFFFh). */
  in8(port: number): number;
  out8(port: number, value: number): void;
  in16(port: number): number;
  out16(port: number, value: number): void;
  /**
   * INTA cycles for a maskable interrupt: returns the vector (0..255) the interrupt controller
   * puts on the data bus. Called only when INTR is asserted and IF is set.
   */
  intAck(): number;
}

/**
 * 1 MB of flat RAM and an I/O space in which every read returns FFh (as on the single-step
 * test rig) unless a port handler is installed. Used by the tests, the single-step adapter and
 * the bench. `ram` is 1 MB + 64 KB so a future 286 core can see the HMA with A20 on.
 */
export class FlatX86Bus implements X86Bus {
  readonly ram = new Uint8Array(0x110000);
  /** Called for every OUT (bytes, and each byte of a word); the bench uses it as a trap port. */
  onOut: ((port: number, value: number) => void) | null = null;
  /** Returns a byte for IN, or -1 for the default FFh. */
  onIn: ((port: number) => number) | null = null;
  /** Interrupt vector returned on INTA. */
  vector = 8;

  read8(addr: number): number { return this.ram[addr]!; }
  write8(addr: number, value: number): void { this.ram[addr] = value; }
  read16(addr: number): number { return this.ram[addr]! | (this.ram[addr + 1]! << 8); }
  write16(addr: number, value: number): void {
    this.ram[addr] = value;
    this.ram[addr + 1] = value >> 8;
  }
  in8(port: number): number {
    if (this.onIn !== null) {
      const v = this.onIn(port);
      if (v >= 0) return v & 0xff;
    }
    return 0xff;
  }
  out8(port: number, value: number): void { if (this.onOut !== null) this.onOut(port, value & 0xff); }
  in16(port: number): number { return this.in8(port) | (this.in8((port + 1) & 0xffff) << 8); }
  out16(port: number, value: number): void {
    this.out8(port, value & 0xff);
    this.out8((port + 1) & 0xffff, value >> 8);
  }
  intAck(): number { return this.vector; }
}
