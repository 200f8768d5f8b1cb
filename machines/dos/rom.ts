/**
 * Amalgam's own ROM segment for the built-in DOS (F000:0000-FFFF): the trap stubs through which
 * guest code enters the BIOS and DOS services written in TypeScript, and the few fixed bytes a PC
 * BIOS keeps at the top of that segment (reset jump, date, model byte).
 *
 * The trap mechanism (no CPU core change): each service has a 16-byte slot at F000:(slot*16) that
 * begins with `OUT 0E0h, AL` (E6 E0). The machine's I/O decode sends port E0h writes to
 * `DosKernel.trap`, which acts only when CS is F000h and IP - 2 is a slot start; the slot number
 * (IP - 2) / 16 names the service, so a program that chains to a saved vector (PUSHF; CALL FAR)
 * lands in the right service without any extra register. The TypeScript service reads and writes
 * the CPU's registers (`X86Cpu.r16`, `sreg`, the flags saved on the stack), then the slot's next
 * instruction returns (IRET for interrupts, RETF for far-call entries). This is DOSBox's callback
 * idea (its private opcode FE 38 nn nn) carried by an ordinary port write instead. A service that
 * must wait (keyboard input) moves IP back to the OUT and halts the CPU with IF set, so an IRQ
 * wakes it and the OUT retries, as a BIOS waits with HLT.
 *
 * Port E0h is unused on PC/XT and AT boards (IBM 5160 and 5170 technical references, I/O maps);
 * a write from anywhere else than a slot is ignored.
 */

export const ROM_SEG = 0xf000;
export const TRAP_PORT = 0xe0;
export const SLOT_BYTES = 16;

/** Service slots. Interrupt slots end in IRET unless `SLOT_CODE` says otherwise. */
export const Slot = {
  /** A bare IRET, for vectors nobody handles (no trap). */
  iret: 0,
  int08: 1, int09: 2, int10: 3, int11: 4, int12: 5, int13: 6, int14: 7, int15: 8,
  int16: 9, int17: 10, int19: 11, int1a: 12,
  int20: 16, int21: 17, int22: 18, int23: 19, int24: 20, int25: 21, int26: 22, int27: 23,
  int28: 24, int29: 25, int2f: 26, int33: 27,
  /** Power-on: the kernel starts the shell or the inserted program. */
  boot: 32,
  /** Far-call entry at PSP:0005 (CP/M-style call to DOS). */
  cpmCall: 33,
  /** Where an EXEC'd child's INT 22h points: the parent resumes. */
  execReturn: 34,
  /** The built-in shell's loop: each pass runs one step of the TypeScript shell (shell.ts). */
  shell: 35,
  /** POST, part 2: call the video card's option ROM (C000:0003), then go on to `postDone`. */
  optionRom: 36,
  /** POST, part 3: after the option ROM; the kernel starts the shell. */
  postDone: 37,
} as const;

/** Vector -> slot for the interrupt vector table. */
export const VECTOR_SLOTS: readonly (readonly [number, number])[] = [
  [0x08, Slot.int08], [0x09, Slot.int09], [0x10, Slot.int10], [0x11, Slot.int11], [0x12, Slot.int12],
  [0x13, Slot.int13], [0x14, Slot.int14], [0x15, Slot.int15], [0x16, Slot.int16], [0x17, Slot.int17],
  [0x19, Slot.int19], [0x1a, Slot.int1a], [0x20, Slot.int20], [0x21, Slot.int21], [0x22, Slot.int22],
  [0x23, Slot.int23], [0x24, Slot.int24], [0x25, Slot.int25], [0x26, Slot.int26], [0x27, Slot.int27],
  [0x28, Slot.int28], [0x29, Slot.int29], [0x2f, Slot.int2f], [0x33, Slot.int33],
];

const OUT_TRAP = [0xe6, TRAP_PORT];
const IRET = 0xcf;
const RETF = 0xcb;

/** Code of each slot (default: OUT E0h,AL ; IRET). */
const SLOT_CODE: Readonly<Record<number, readonly number[]>> = {
  [Slot.iret]: [IRET],
  // Timer tick (IRQ 0): the service counts the tick, then INT 1Ch, EOI to the 8259, IRET.
  // push ax ; mov al,20h ; out 20h,al ; pop ax ; iret  (IBM PC/XT technical reference, BIOS TIMER_INT)
  [Slot.int08]: [...OUT_TRAP, 0xcd, 0x1c, 0x50, 0xb0, 0x20, 0xe6, 0x20, 0x58, IRET],
  // INT 25h/26h return with the caller's flags still on the stack (MS-DOS Programmer's Reference).
  [Slot.int25]: [...OUT_TRAP, RETF],
  [Slot.int26]: [...OUT_TRAP, RETF],
  // After the boot service: halt forever if it did not start anything.
  [Slot.boot]: [...OUT_TRAP, 0xfa, 0xf4, 0xeb, 0xfc],
  [Slot.cpmCall]: [...OUT_TRAP, RETF],
  [Slot.execReturn]: [...OUT_TRAP, IRET],
  // OUT E0h,AL ; JMP back to the OUT: the shell steps until it starts a program or waits.
  [Slot.shell]: [...OUT_TRAP, 0xeb, 0xfc],
  // CALL FAR C000:0003 (option ROM entry, IBM PC/XT Technical Reference "ROM scan"), then JMP to
  // the next slot: EB 09 lands at 37*16 from 36*16+7.
  [Slot.optionRom]: [0x9a, 0x03, 0x00, 0x00, 0xc0, 0xeb, 0x09],
  [Slot.postDone]: [...OUT_TRAP, 0xfa, 0xf4, 0xeb, 0xfc],
};

/** Offset of a slot inside the ROM segment. */
export function slotOffset(slot: number): number { return slot * SLOT_BYTES; }

/** The slot whose OUT just executed, from IP after the OUT; -1 if IP is not just past a slot start. */
export function slotFromIp(ip: number): number {
  const start = (ip - 2) & 0xffff;
  return start % SLOT_BYTES === 0 && start < 64 * SLOT_BYTES ? start / SLOT_BYTES : -1;
}

/** Offset of the BIOS configuration table (INT 15h AH=C0h). */
export const CONFIG_TABLE = 0xe6f5;

/** The 64 KB ROM image mapped at F0000h. */
export function buildRom(): Uint8Array {
  const rom = new Uint8Array(0x10000).fill(0xff);
  for (let slot = 0; slot < 64; slot++) {
    const code = SLOT_CODE[slot] ?? [...OUT_TRAP, IRET];
    rom.fill(0x90, slot * SLOT_BYTES, (slot + 1) * SLOT_BYTES);
    rom.set(code, slot * SLOT_BYTES);
  }
  // INT 15h C0h configuration table: length 8, model FEh (XT), submodel 0, BIOS revision 0,
  // feature byte 0 (no second 8259, no RTC), IBM PS/2 and PC BIOS Interface Technical Reference.
  rom.set([8, 0, 0xfe, 0x00, 0x00, 0x00, 0, 0, 0, 0], CONFIG_TABLE);
  // Reset vector F000:FFF0: JMP F000:boot.
  const boot = slotOffset(Slot.boot);
  rom.set([0xea, boot & 0xff, boot >> 8, ROM_SEG & 0xff, ROM_SEG >> 8], 0xfff0);
  rom.set([...'12/03/26'].map((c) => c.charCodeAt(0)), 0xfff5);
  rom[0xfffe] = 0xfe; // model byte: PC/XT
  return rom;
}
