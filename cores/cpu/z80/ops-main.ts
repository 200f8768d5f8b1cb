/** Unprefixed Z80 opcodes (work in progress). */
import type { Z80 } from './z80.ts';

export function execMain(cpu: Z80, op: number): void {
  void cpu; void op;
}
