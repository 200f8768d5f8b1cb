/**
 * The 68000's programmer-visible and hidden state as plain data: what save states hold and what the
 * single-step tests compare. 32-bit registers are unsigned (0..2^32-1).
 *
 * `pc` follows the SingleStepTests convention: the address of the instruction whose opcode sits in
 * `prefetch[0]` (IRD/IR); `prefetch[1]` is IRC, the word after it.
 */
export interface M68000State {
  d: number[];
  /** A0..A6; A7 is `usp` or `ssp` depending on SR's S bit. */
  a: number[];
  usp: number;
  ssp: number;
  sr: number;
  pc: number;
  prefetch: [number, number];
  /** STOP executed, waiting for an interrupt. */
  stopped: boolean;
  /** Double bus fault: the CPU halted until reset. */
  halted: boolean;
  /** Level of the IPL inputs (0..7). */
  ipl: number;
  /** The last instruction ran with T set: a trace exception is due before the next one. */
  tracePending: boolean;
  /** A level-7 edge not yet taken (level 7 is edge-sensitive). */
  nmiPending: boolean;
  cycles: number;
}
