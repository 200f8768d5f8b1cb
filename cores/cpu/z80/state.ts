/**
 * The Z80's programmer-visible and hidden state as plain data: what save states hold, what snapshot
 * formats (.z80, .sna) read and write, and what the single-step tests compare.
 * 8-bit registers are 0..255, 16-bit ones 0..65535.
 */
export interface Z80State {
  a: number; f: number; b: number; c: number; d: number; e: number; h: number; l: number;
  /** The alternate set (AF', BC', DE', HL'). */
  a_: number; f_: number; b_: number; c_: number; d_: number; e_: number; h_: number; l_: number;
  ix: number; iy: number; sp: number; pc: number;
  i: number;
  /** R, all 8 bits (bit 7 is kept by the refresh increment). */
  r: number;
  iff1: boolean; iff2: boolean;
  /** Interrupt mode 0, 1 or 2. */
  im: number;
  halted: boolean;
  /** MEMPTR, also called WZ: shows in BIT n,(HL) flags bits 3 and 5. */
  wz: number;
  /** Q: whether the last instruction set F (affects SCF/CCF bits 3 and 5). */
  q: number;
  /** EI (or a DD/FD prefix) was the last thing executed: no interrupt may be accepted now. */
  eiDelay: boolean;
  /** Levels of the input lines as last set. */
  irqLine: boolean;
  nmiPending: boolean;
  /** Clock cycles (T-states) since power-on. */
  cycles: number;
  /**
   * Optional (absent = 0): a DD or FD prefix already fetched whose opcode is still to come. Only
   * set when a state is taken between the two halves of a prefix chain such as DD FD 21 nn nn.
   */
  prefix?: number;
}
