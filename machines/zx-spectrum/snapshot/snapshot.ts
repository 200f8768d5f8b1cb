/**
 * What a 48K snapshot holds, whatever its file format: the CPU registers, the 48 KB of RAM and the
 * border colour. Loaders fill it; the machine applies it. The CPU's `cycles` field is not taken
 * from a file: the machine keeps its own time and frame phase.
 */
import type { Z80State } from '../../../cores/cpu/z80/state.ts';

export interface SpectrumSnapshot {
  cpu: Z80State;
  /** 0x4000-0xFFFF. */
  ram: Uint8Array;
  border: number;
}

export const RAM_BYTES = 49152;

/** Registers as after a power-on reset, to be overwritten by a loader. */
export function blankCpuState(): Z80State {
  return {
    a: 0xff, f: 0xff, b: 0, c: 0, d: 0, e: 0, h: 0, l: 0,
    a_: 0, f_: 0, b_: 0, c_: 0, d_: 0, e_: 0, h_: 0, l_: 0,
    ix: 0, iy: 0, sp: 0xffff, pc: 0, i: 0, r: 0,
    iff1: false, iff2: false, im: 0, halted: false, wz: 0, q: 0, eiDelay: false,
    irqLine: false, nmiPending: false, cycles: 0,
  };
}
