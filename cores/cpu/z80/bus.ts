/**
 * The Z80's view of its machine: one call per machine cycle, so a machine can add wait states per
 * access (ZX Spectrum ULA contention) and catch devices up to the exact T-state.
 *
 * Timing contract, for every method: when the core calls it, `cpu.cycles` is the T-state at which
 * that machine cycle (or group of internal T-states) *begins*. The method may add wait states to
 * `cpu.cycles` (and only wait states); after it returns, the core adds the cycle's nominal length:
 *   fetch   M1 opcode fetch incl. refresh ............ 4 T  (the data is read at T2's end)
 *   read    memory read ............................. 3 T
 *   write   memory write ............................ 3 T
 *   input   I/O read (incl. the automatic wait) ...... 4 T
 *   output  I/O write (incl. the automatic wait) ..... 4 T
 *   idle    `tstates` T-states with `addr` on the address bus and no MREQ (e.g. the 5 extra
 *           T-states of JR are addressed at PC-1; Spectrum contention applies to each of them)
 *   intAck  interrupt acknowledge M1 cycle: returns the byte the device puts on the data bus
 *           (IM 0 instruction, IM 2 vector low byte); the core adds the cycle length (IM0/IM2: 6 T
 *           incl. 2 automatic waits; IM1 does not call it for data but is timed the same).
 * (Zilog Z80 CPU User Manual UM0080, "Timing", figures 5-8.)
 */
export interface Z80Bus {
  fetch(addr: number): number;
  read(addr: number): number;
  write(addr: number, value: number): void;
  input(port: number): number;
  output(port: number, value: number): void;
  idle(addr: number, tstates: number): void;
  intAck(): number;
}
