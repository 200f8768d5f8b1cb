/**
 * Register numbers of `X86Cpu.r16` / `r8` / `sreg` for the services (the byte view aliases the
 * word registers little-endian: r8[0] = AL, r8[1] = AH, ...), and helpers for the flags a
 * service returns through the IRET frame.
 */
import type { X86Cpu } from '../../cores/cpu/x86/cpu.ts';
import type { GuestMemory } from './mem.ts';

export const AX = 0, CX = 1, DX = 2, BX = 3, SP = 4, BP = 5, SI = 6, DI = 7;
export const AL = 0, AH = 1, CL = 2, CH = 3, DL = 4, DH = 5, BL = 6, BH = 7;
export const ES = 0, CS = 1, SS = 2, DS = 3;

export const CF = 0x0001, ZF = 0x0040, IF = 0x0200;

/**
 * Set or clear bits of the FLAGS word a software interrupt pushed (at SS:SP+4 while the service
 * runs inside its stub), so the stub's IRET returns them to the caller.
 */
export function setFrameFlag(cpu: X86Cpu, mem: GuestMemory, bit: number, on: boolean): void {
  const ss = cpu.sreg[SS]!, sp = cpu.r16[SP]!;
  const f = mem.rd16(ss, sp + 4);
  mem.wr16(ss, sp + 4, on ? f | bit : f & ~bit);
}
