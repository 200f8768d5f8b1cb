/**
 * The 68000's view of its machine: a 16-bit data bus with byte lanes, 24 address lines and a
 * function code on every access, one call per bus cycle.
 *
 * Byte lanes: `readWord`/`writeWord` assert UDS and LDS (the address is even); `readByte`/
 * `writeByte` assert UDS for an even address and LDS for an odd one. A machine that only has a
 * word-wide memory can serve a byte read from the matching half of the word.
 *
 * Timing contract: when the core calls a method, `cpu.cycles` is the clock cycle at which that bus
 * cycle (S0) begins. The method may add wait states to `cpu.cycles` (Amiga chip-RAM contention:
 * hold DTACK); after it returns the core adds the nominal 4 cycles of the bus cycle. TAS's
 * read-modify-write cycle is a `readByte` followed by a `writeByte` 6 cycles later (10 in all).
 *
 * Function codes (FC2..FC0): 1 user data, 2 user program, 5 supervisor data, 6 supervisor program,
 * 7 interrupt acknowledge (M68000 User's Manual, section 3.1 / table 6-1 of the 68000 UM).
 *
 * Bus error: a machine that finds no device may call `cpu.busError()` inside the access; the core
 * abandons the instruction and takes the group-0 bus error exception (vector 2).
 */
export interface M68000Bus {
  readWord(addr: number, fc: number): number;
  readByte(addr: number, fc: number): number;
  writeWord(addr: number, value: number, fc: number): void;
  writeByte(addr: number, value: number, fc: number): void;
  /**
   * Interrupt acknowledge for `level` (1..7), FC = 7. Return the vector number (0..255) the device
   * puts on the bus, or -1 to assert VPA for an autovector (vector 24 + level), or -2 for a bus
   * error during acknowledge (spurious interrupt, vector 24).
   */
  interruptAck(level: number): number;
  /** The RESET instruction asserts the RESET output for 124 cycles: peripherals reset here. */
  resetDevices(): void;
}

/** Function codes. */
export const FC_USER_DATA = 1;
export const FC_USER_PROGRAM = 2;
export const FC_SUPER_DATA = 5;
export const FC_SUPER_PROGRAM = 6;
export const FC_INTERRUPT_ACK = 7;

/**
 * A flat 16 MB RAM bus for tests and the bench: every address is RAM, no wait states. Bytes are
 * stored big-endian as on the real bus.
 */
export class FlatBus68k implements M68000Bus {
  readonly ram = new Uint8Array(0x1000000);
  resets = 0;
  /** Vector number returned by `interruptAck` (-1 autovector). */
  ackVector = -1;

  readWord(addr: number, _fc = 0): number {
    const m = this.ram;
    return (m[addr] << 8) | m[(addr + 1) & 0xffffff];
  }
  readByte(addr: number): number {
    return this.ram[addr];
  }
  writeWord(addr: number, value: number): void {
    const m = this.ram;
    m[addr] = value >>> 8;
    m[(addr + 1) & 0xffffff] = value;
  }
  writeByte(addr: number, value: number): void {
    this.ram[addr] = value;
  }
  interruptAck(): number {
    return this.ackVector;
  }
  resetDevices(): void {
    this.resets++;
  }
}
