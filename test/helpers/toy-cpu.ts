/**
 * A tiny accumulator CPU for kernel tests: just enough of an instruction set to run deterministic
 * programs that read and write memory and ports at known cycles. Not a real chip.
 *
 * Instructions (opcode byte, operand bytes, cycles):
 *   00 NOP            2     01 nn LDA #nn     3     02 aa ADD aa     4     03 aa STA aa     4
 *   04 aa JMP aa      3     05 pp OUT pp,A    4     06 pp IN A,pp    4     07 nn XOR #nn    3
 *   08 aa INC aa      5     09 aa JNZ aa      3     FF    HLT (spins, 4 cycles, until IRQ)
 * Bus accesses happen after the cycles that precede them are counted (the kernel's rule): the
 * opcode fetch at the instruction's first cycle, operands one cycle later each, data at the last.
 * IRQ (level) jumps to 0xf0 and saves the return address at 0xfe, once per assertion edge.
 */
import type { Bus8 } from './flat-ram.ts';
import { CpuLine, type Cpu } from '../../cores/kernel/cpu.ts';

export interface ToyIo {
  in(port: number): number;
  out(port: number, value: number): void;
}

export interface ToyCpuState {
  a: number;
  pc: number;
  z: boolean;
  halted: boolean;
  irq: boolean;
  irqTaken: boolean;
  cycles: number;
}

export class ToyCpu implements Cpu<ToyCpuState> {
  readonly id = 'toy';
  readonly stateVersion = 1;
  cycles = 0;
  endCycle = 0;
  a = 0;
  pc = 0;
  z = false;
  halted = false;
  private irq = false;
  private irqTaken = false;

  constructor(private readonly mem: Bus8, private readonly io: ToyIo) {}

  run(untilCycle: number): void {
    this.endCycle = untilCycle;
    while (this.cycles < this.endCycle) this.step();
  }

  private fetch(): number {
    const v = this.mem.read(this.pc);
    this.pc = (this.pc + 1) & 0xff;
    this.cycles += 1;
    return v;
  }

  step(): number {
    const start = this.cycles;
    if (this.irq && !this.irqTaken) {
      this.irqTaken = true;
      this.halted = false;
      this.mem.write(0xfe, this.pc);
      this.pc = 0xf0;
      this.cycles += 6;
      return this.cycles - start;
    }
    const op = this.fetch();
    switch (op) {
      case 0x00: this.cycles += 1; break;
      case 0x01: this.a = this.fetch(); this.cycles += 1; break;
      case 0x02: { const ad = this.fetch(); this.cycles += 1; this.a = (this.a + this.mem.read(ad)) & 0xff; this.cycles += 1; break; }
      case 0x03: { const ad = this.fetch(); this.cycles += 1; this.mem.write(ad, this.a); this.cycles += 1; break; }
      case 0x04: { const ad = this.fetch(); this.cycles += 1; this.pc = ad; break; }
      case 0x05: { const p = this.fetch(); this.cycles += 1; this.io.out(p, this.a); this.cycles += 1; break; }
      case 0x06: { const p = this.fetch(); this.cycles += 1; this.a = this.io.in(p); this.cycles += 1; break; }
      case 0x07: this.a ^= this.fetch(); this.cycles += 1; break;
      case 0x08: {
        const ad = this.fetch(); this.cycles += 1;
        const v = (this.mem.read(ad) + 1) & 0xff; this.cycles += 1;
        this.mem.write(ad, v); this.z = v === 0; this.cycles += 1; break;
      }
      case 0x09: { const ad = this.fetch(); this.cycles += 1; if (!this.z) this.pc = ad; break; }
      case 0xff: this.pc = (this.pc - 1) & 0xff; this.halted = true; this.cycles += 3; break;
      default: this.cycles += 1;
    }
    this.z = op === 0x08 ? this.z : this.a === 0;
    return this.cycles - start;
  }

  reset(): void {
    this.a = 0; this.pc = 0; this.z = false; this.halted = false; this.irqTaken = false;
  }

  setLine(line: CpuLine, asserted: boolean): void {
    if (line !== CpuLine.Irq) return;
    this.irq = asserted;
    if (!asserted) this.irqTaken = false;
  }

  getState(): ToyCpuState {
    return { a: this.a, pc: this.pc, z: this.z, halted: this.halted, irq: this.irq, irqTaken: this.irqTaken, cycles: this.cycles };
  }

  setState(s: ToyCpuState): void {
    if (typeof s?.a !== 'number' || typeof s.pc !== 'number') throw new Error('bad toy CPU state');
    this.a = s.a; this.pc = s.pc; this.z = s.z; this.halted = s.halted; this.irq = s.irq;
    this.irqTaken = s.irqTaken; this.cycles = s.cycles;
  }
}
