/**
 * The x86 core's programmer-visible and hidden state as plain data: what save states hold and
 * what the single-step tests set and compare. 16-bit registers are 0..65535.
 *
 * Real mode only: a segment's base is always `selector << 4`, so only selectors are saved. A 286
 * core would add the descriptor caches (base, limit, access rights) here under a new stateVersion.
 */
export interface X86State {
  ax: number; bx: number; cx: number; dx: number;
  sp: number; bp: number; si: number; di: number;
  cs: number; ds: number; es: number; ss: number;
  ip: number;
  /** FLAGS as PUSHF would store it (bits 12-15 and 1 read as 1 on the 8086/8088/80186). */
  flags: number;
  halted: boolean;
  /** An interrupt may not be taken before the next instruction (after MOV SS, POP SS, STI...). */
  inhibit: boolean;
  irqLine: boolean;
  nmiPending: boolean;
  /**
   * Address line 20 enabled. False on the 8086/8088/80186 (addresses wrap at 1 MB); an AT-class
   * machine would set it through its A20 gate (the core then masks addresses to 21 bits).
   */
  a20: boolean;
  cycles: number;
}
