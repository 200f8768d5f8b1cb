/**
 * The 6502's view of its machine: one call per clock cycle. The NMOS 6502 touches the bus on every
 * cycle (MCS6500 Hardware Manual, appendix A), so every cycle of every instruction is exactly one
 * `read` or `write` here, dummy reads and dummy writes included, in the order the chip does them.
 *
 * Timing contract: before each call the core has already added 1 to `cpu.cycles`, so during the
 * call `cpu.cycles` is the number of the cycle being performed (the first cycle after power-on is
 * cycle 1). Bus glue may add stall cycles to `cpu.cycles` inside a call (NES OAM/DMC DMA, RDY):
 * they count as cycles that happened before this access. Nothing else may change it.
 */
export interface M6502Bus {
  /** A read cycle (R/W high). Returns 0..255. `addr` is 0..0xffff. */
  read(addr: number): number;
  /** A write cycle (R/W low). `value` is 0..255. */
  write(addr: number, value: number): void;
}
