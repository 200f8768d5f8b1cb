/**
 * The contract between a CPU core and whoever drives it (the scheduler, a test harness, a bench).
 *
 * A core counts its own clock cycles in `cycles`. It knows nothing of master ticks: the scheduler
 * converts with the CPU's divider, and a machine's bus glue that needs the master time of an access
 * reads `clock.now`, which the scheduler derives from `cycles` while the core runs.
 *
 * Bus timing rule (STYLE §3, "advance the clock, then touch the bus"): a core adds the cycles that
 * precede an access to `cycles` *before* calling the bus, so a device read mid-instruction catches
 * up to the right moment. Where in the access `cycles` then stands is each bus's documented rule,
 * pinned per core by test/cores/cpu/bus-timing.test.ts: the first clock of the bus cycle for the
 * Z80 and the 68000, the 1-based number of the cycle being performed for the 6502, and for the
 * table-timed x86 the instruction's first clock for memory and its last for I/O.
 *
 * Wait states belong to the machine: bus glue may add to `cycles` inside a read or write (Spectrum
 * contention, Amiga chip-RAM slots). The core must not cache `cycles` in a local across a bus call.
 */
import type { Part } from './part.ts';

/** Input lines, as logical levels: `asserted` means active, whatever the pin polarity. */
export const enum CpuLine {
  /** Maskable interrupt request (6502 /IRQ, Z80 /INT, x86 INTR). Level-sensitive. */
  Irq = 0,
  /** Non-maskable interrupt (6502 /NMI, Z80 /NMI, x86 NMI). Edge-triggered on assertion. */
  Nmi = 1,
  /** Reset. Held asserted, the core stays in reset; released, it runs its reset sequence. */
  Reset = 2,
  // No bus-request or wait lines: a machine that holds the CPU off the bus (DMA, a blitter, RDY)
  // adds the cycles inside the access (wait states) or calls Scheduler.stall outside one. The
  // 68000's interrupt priority lines are its own setInterruptLevel().
}

export interface Cpu<S = unknown> extends Part<S> {
  /** Registry id: `m6502`, `z80`, `m68000`, `i8086`. */
  readonly id: string;
  /**
   * Clock cycles since power-on. The bus glue may add wait states to it during an access.
   * A double: exact to 2^53 cycles.
   */
  cycles: number;
  /**
   * `run` stops at the first instruction boundary at which `cycles >= endCycle`. The scheduler
   * lowers it while the core runs when a timer is armed sooner, or to stop a slice early.
   */
  endCycle: number;
  /**
   * Execute whole instructions (servicing interrupts between them) until `cycles >= untilCycle`
   * or `endCycle` was lowered past. Sets `endCycle = untilCycle` on entry. Never allocates.
   */
  run(untilCycle: number): void;
  /** Execute exactly one instruction (or interrupt entry, or one halted cycle group); returns cycles taken. */
  step(): number;
  /** Power-on / hard reset of the core's registers, as the reset line would do. */
  reset(): void;
  setLine(line: CpuLine, asserted: boolean): void;
}

/** A short disassembly of one instruction. */
export interface Disassembled {
  /** Intel/Motorola/Zilog syntax, lowercase mnemonics, hex with the family's usual notation. */
  text: string;
  /** Length of the instruction in bytes. */
  length: number;
}
