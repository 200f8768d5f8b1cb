/** DD/FD-prefixed Z80 opcodes (work in progress). */
import type { Z80 } from './z80.ts';

export function execIndex(cpu: Z80, op: number, iy: boolean): void {
  void cpu; void op; void iy;
}
