/**
 * The x86 core's programmer-visible and hidden state as plain data: what save states hold and
 * what the single-step tests set and compare. 16-bit registers are 0..65535.
 *
 * The 8086/8088/80186 are real mode only: a segment's base is always `selector << 4`, so only
 * selectors are saved; the 80286/80386 core adds `prot` (descriptor caches, control registers).
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
  /** 80286/80386 core only (see X86ProtState). */
  prot?: X86ProtState;
}

/**
 * The 80286/80386 additions (`X86ProtCpu`), present only in that core's states: the high halves
 * of the 32-bit registers, full EIP/EFLAGS, the segment descriptor caches (what real-mode
 * reloads keep: unreal mode), control/debug registers and the system table registers.
 */
export interface X86ProtState {
  eip: number;
  eflags: number;
  /** High 16 bits of EAX..EDI. */
  hi: number[];
  /** ES CS SS DS FS GS: selector, base, limit, cache flags, access byte. */
  segs: { sel: number; base: number; limit: number; flags: number; access: number }[];
  cr0: number; cr2: number; cr3: number;
  dr: number[];
  gdt: [number, number]; idt: [number, number];
  ldt: [number, number, number]; tr: [number, number, number, number];
  cpl: number;
  addrMask: number;
  shutdown: boolean;
}
