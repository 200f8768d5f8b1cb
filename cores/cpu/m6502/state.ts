/**
 * The 6502's state as plain data: what save states hold and what tests compare.
 * 8-bit registers are 0..255, PC 0..65535.
 */
export interface M6502State {
  a: number;
  x: number;
  y: number;
  /** Stack pointer (low byte; the stack is page 1). */
  s: number;
  pc: number;
  /** Processor status NV-BDIZC as the chip would push it with PHP but with B clear; bit 5 set. */
  p: number;
  /** Clock cycles since power-on. */
  cycles: number;
  /** Level of the IRQ input (asserted = active, whatever the pin polarity). */
  irqLine: boolean;
  /** Level of the NMI input. */
  nmiLine: boolean;
  /** An NMI edge was seen and not yet serviced. */
  nmiLatched: boolean;
  /** An interrupt was polled at the end of the last instruction; the next step services it. */
  interruptPending: boolean;
  /** RESET is held asserted. */
  resetHeld: boolean;
  /** The reset sequence runs at the next step. */
  resetPending: boolean;
  /** A JAM opcode stopped the CPU; only RESET restarts it. */
  jammed: boolean;
}
