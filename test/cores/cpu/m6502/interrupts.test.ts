/**
 * IRQ, NMI and RESET on the 6502 core: sequences, the last-cycle polling rule, the I-flag delay of
 * CLI/SEI/PLP (and its absence after RTI), the branch polling quirk, the BRK/IRQ -> NMI hijack,
 * JAM, and the bus/cycle contract. Lines are changed from inside bus calls, the way a machine's
 * devices do, so "asserted during cycle k" is exact.
 * Expected behaviour: nesdev wiki "CPU interrupts" (and its Visual 6502 references).
 */
import { describe, expect, it } from 'vitest';
import { CpuLine } from '../../../../cores/kernel/cpu.ts';
import { CorruptStateError } from '../../../../cores/kernel/errors.ts';
import type { M6502Bus } from '../../../../cores/cpu/m6502/bus.ts';
import { M6502 } from '../../../../cores/cpu/m6502/m6502.ts';
import type { M6502State } from '../../../../cores/cpu/m6502/state.ts';

const PROG = 0x0200;
const IRQ_HANDLER = 0x0300;
const NMI_HANDLER = 0x0380;

/** 64 KiB RAM that logs accesses with the cycle number, and runs a hook inside each access. */
class TestBus implements M6502Bus {
  readonly mem = new Uint8Array(0x10000);
  readonly log: { cycle: number; addr: number; value: number; write: boolean }[] = [];
  cpu!: M6502;
  hook: ((cycle: number, addr: number, write: boolean) => void) | null = null;

  read(addr: number): number {
    const v = this.mem[addr]!;
    this.log.push({ cycle: this.cpu.cycles, addr, value: v, write: false });
    this.hook?.(this.cpu.cycles, addr, false);
    return v;
  }
  write(addr: number, value: number): void {
    this.mem[addr] = value;
    this.log.push({ cycle: this.cpu.cycles, addr, value, write: true });
    this.hook?.(this.cpu.cycles, addr, true);
  }
}

/** A CPU after its reset sequence, at PROG, S = $fd, with `program` at PROG and NOPs after it. */
function setup(program: number[], p = 0x20): { cpu: M6502; bus: TestBus } {
  const bus = new TestBus();
  bus.mem.fill(0xea, PROG, PROG + 0x100); // NOPs after the program
  bus.mem.fill(0xea, IRQ_HANDLER, IRQ_HANDLER + 0x80);
  bus.mem.fill(0xea, NMI_HANDLER, NMI_HANDLER + 0x80);
  bus.mem.set(program, PROG);
  bus.mem.set([NMI_HANDLER & 0xff, NMI_HANDLER >> 8, PROG & 0xff, PROG >> 8, IRQ_HANDLER & 0xff, IRQ_HANDLER >> 8], 0xfffa);
  const cpu = new M6502(bus);
  bus.cpu = cpu;
  expect(cpu.step()).toBe(7); // the reset sequence
  cpu.setState({ ...cpu.getState(), p });
  bus.log.length = 0;
  return { cpu, bus };
}

/** Assert `line` during the k-th cycle (1-based) counted from now. */
function assertAt(cpu: M6502, bus: TestBus, line: CpuLine, k: number, asserted = true): void {
  const at = cpu.cycles + k;
  bus.hook = (cycle) => { if (cycle === at) cpu.setLine(line, asserted); };
}

/** The return address and P pushed by the last interrupt entry (S after the entry). */
function pushed(cpu: M6502, bus: TestBus): { ret: number; p: number } {
  const s = cpu.s;
  return { p: bus.mem[0x100 + ((s + 1) & 0xff)]!, ret: bus.mem[0x100 + ((s + 2) & 0xff)]! | (bus.mem[0x100 + ((s + 3) & 0xff)]! << 8) };
}

describe('m6502 reset', () => {
  it('runs the 7-cycle sequence: two reads of PC, three stack reads (S -= 3), then the vector at $fffc', () => {
    const bus = new TestBus();
    bus.mem[0xfffc] = 0x34;
    bus.mem[0xfffd] = 0x12;
    const cpu = new M6502(bus);
    bus.cpu = cpu;
    expect(cpu.step()).toBe(7);
    expect(bus.log.map((e) => [e.cycle, e.addr, e.write])).toEqual([
      [1, 0, false], [2, 0, false], [3, 0x100, false], [4, 0x1ff, false], [5, 0x1fe, false], [6, 0xfffc, false], [7, 0xfffd, false],
    ]);
    expect(cpu.pc).toBe(0x1234);
    expect(cpu.s).toBe(0xfd);
    expect(cpu.getState().p & 0x04).toBe(0x04);
  });

  it('holds the CPU while RESET is asserted and restarts from the vector when it is released', () => {
    const { cpu } = setup([0xe8, 0xe8, 0xe8, 0xe8]); // INX x4
    cpu.step();
    cpu.setLine(CpuLine.Reset, true);
    for (let i = 0; i < 10; i++) cpu.step();
    expect(cpu.x).toBe(1);
    expect(cpu.pc).toBe(PROG + 1);
    cpu.setLine(CpuLine.Reset, false);
    expect(cpu.step()).toBe(7);
    expect(cpu.pc).toBe(PROG);
  });
});

describe('m6502 IRQ', () => {
  it('is taken after the current instruction when I = 0: 7 cycles, PC and P (B clear) pushed, I set', () => {
    const { cpu, bus } = setup([0xea, 0xea]);
    cpu.setLine(CpuLine.Irq, true);
    expect(cpu.step()).toBe(2); // NOP, which polls the IRQ
    bus.log.length = 0;
    expect(cpu.step()).toBe(7);
    expect(bus.log.map((e) => [e.addr, e.write])).toEqual([
      [PROG + 1, false], [PROG + 1, false], [0x1fd, true], [0x1fc, true], [0x1fb, true], [0xfffe, false], [0xffff, false],
    ]);
    expect(cpu.pc).toBe(IRQ_HANDLER);
    expect(pushed(cpu, bus)).toEqual({ ret: PROG + 1, p: 0x20 });
    expect(cpu.getState().p & 0x04).toBe(0x04);
  });

  it('is ignored while I = 1 and is a level: it stays pending until serviced', () => {
    const { cpu } = setup([0xea, 0xea, 0xea, 0x58, 0xea], 0x24); // NOP NOP NOP CLI NOP
    cpu.setLine(CpuLine.Irq, true);
    for (let i = 0; i < 3; i++) cpu.step();
    expect(cpu.pc).toBe(PROG + 3);
    cpu.step(); // CLI
    cpu.step(); // NOP (CLI's delay)
    expect(cpu.step()).toBe(7);
    expect(cpu.pc).toBe(IRQ_HANDLER);
  });

  it('follows the last-cycle rule: asserted in the penultimate cycle it is taken after this instruction, in the last cycle after the next', () => {
    for (const [k, ret] of [[3, PROG + 3], [4, PROG + 4]] as const) {
      const { cpu, bus } = setup([0xad, 0x00, 0x10, 0xea, 0xea]); // LDA $1000 (4 cycles)
      assertAt(cpu, bus, CpuLine.Irq, k);
      cpu.step(); // LDA
      if (k === 4) expect(cpu.step()).toBe(2); // the NOP runs first
      expect(cpu.step()).toBe(7);
      expect(pushed(cpu, bus).ret).toBe(ret);
    }
  });

  it('CLI and PLP change I after their poll (one instruction of delay); SEI lets an IRQ already seen in', () => {
    // CLI with IRQ held: the interrupt comes after the instruction that follows CLI.
    let { cpu, bus } = setup([0x58, 0xea, 0xea], 0x24);
    cpu.setLine(CpuLine.Irq, true);
    cpu.step();
    expect(cpu.step()).toBe(2);
    expect(cpu.step()).toBe(7);
    expect(pushed(cpu, bus).ret).toBe(PROG + 2);

    // PLP pulling I = 0: the same delay.
    ({ cpu, bus } = setup([0x28, 0xea, 0xea], 0x24));
    bus.mem[0x1fe] = 0x20; // the P that PLP pulls (S = $fd)
    cpu.setLine(CpuLine.Irq, true);
    expect(cpu.step()).toBe(4);
    expect(cpu.step()).toBe(2);
    expect(cpu.step()).toBe(7);
    expect(pushed(cpu, bus).ret).toBe(PROG + 2);

    // SEI with IRQ held and I = 0: SEI's poll still sees I = 0, so the IRQ follows SEI, pushing I = 1.
    ({ cpu, bus } = setup([0x78, 0xea], 0x20));
    cpu.setLine(CpuLine.Irq, true);
    cpu.step();
    expect(cpu.step()).toBe(7);
    expect(pushed(cpu, bus)).toEqual({ ret: PROG + 1, p: 0x24 });
  });

  it('RTI restores I before its poll: an IRQ still asserted is taken right after RTI', () => {
    const { cpu, bus } = setup([0xea, 0xea, 0xea]);
    bus.mem[IRQ_HANDLER] = 0x40; // RTI
    cpu.setLine(CpuLine.Irq, true);
    cpu.step(); // NOP
    cpu.step(); // IRQ entry
    expect(cpu.step()).toBe(6); // RTI, back to PROG+1 with I = 0
    expect(cpu.pc).toBe(PROG + 1);
    expect(cpu.step()).toBe(7); // no instruction in between
    expect(cpu.pc).toBe(IRQ_HANDLER);
  });

  it('branches poll before their operand fetch, and again before the fix-up only when crossing a page', () => {
    // Taken, same page (3 cycles): an IRQ asserted in cycle 2 is not seen until after the next instruction.
    let { cpu, bus } = setup([0xd0, 0x00, 0xea, 0xea]); // BNE +0 (Z clear: taken)
    assertAt(cpu, bus, CpuLine.Irq, 2);
    expect(cpu.step()).toBe(3);
    expect(cpu.step()).toBe(2);
    expect(cpu.step()).toBe(7);
    expect(pushed(cpu, bus).ret).toBe(PROG + 3);

    // Taken, same page: asserted in cycle 1 it is seen by the poll before cycle 2.
    ({ cpu, bus } = setup([0xd0, 0x00, 0xea]));
    assertAt(cpu, bus, CpuLine.Irq, 1);
    expect(cpu.step()).toBe(3);
    expect(cpu.step()).toBe(7);
    expect(pushed(cpu, bus).ret).toBe(PROG + 2);

    // Not taken (2 cycles): asserted in cycle 1, taken right after the branch.
    ({ cpu, bus } = setup([0xd0, 0x00, 0xea], 0x22)); // Z set: not taken
    assertAt(cpu, bus, CpuLine.Irq, 1);
    expect(cpu.step()).toBe(2);
    expect(cpu.step()).toBe(7);

    // Taken across a page (4 cycles): asserted in cycle 3, seen by the poll before the fix-up.
    ({ cpu, bus } = setup([]));
    bus.mem.set([0xd0, 0x7f], 0x02f0); // BNE from $02f0 to $0371
    bus.mem[0x0371] = 0xea;
    cpu.setState({ ...cpu.getState(), pc: 0x02f0 });
    assertAt(cpu, bus, CpuLine.Irq, 3);
    expect(cpu.step()).toBe(4);
    expect(cpu.step()).toBe(7);
    expect(pushed(cpu, bus).ret).toBe(0x0371);
  });
});

describe('m6502 NMI', () => {
  it('is edge-triggered, ignores I, and uses the $fffa vector', () => {
    const { cpu, bus } = setup([0xea, 0xea, 0xea, 0xea, 0xea], 0x24);
    bus.mem[NMI_HANDLER] = 0x40; // RTI
    cpu.setLine(CpuLine.Nmi, true);
    cpu.step();
    expect(cpu.step()).toBe(7);
    expect(cpu.pc).toBe(NMI_HANDLER);
    cpu.step(); // RTI
    for (let i = 0; i < 3; i++) expect(cpu.step()).toBe(2); // still asserted: no new edge, no new NMI
    cpu.setLine(CpuLine.Nmi, false);
    cpu.setLine(CpuLine.Nmi, true);
    cpu.step();
    expect(cpu.step()).toBe(7);
    expect(cpu.pc).toBe(NMI_HANDLER);
  });

  it('hijacks BRK when it arrives in BRK\'s first four cycles: NMI vector, B still pushed set', () => {
    for (let k = 1; k <= 4; k++) {
      const { cpu, bus } = setup([0x00, 0xff]);
      assertAt(cpu, bus, CpuLine.Nmi, k);
      expect(cpu.step()).toBe(7);
      expect(cpu.pc, `NMI in cycle ${k}`).toBe(NMI_HANDLER);
      expect(pushed(cpu, bus)).toEqual({ ret: PROG + 2, p: 0x30 }); // B and bit 5 set, I was clear
      expect(cpu.step()).toBe(2); // the NMI was consumed: the handler runs
    }
  });

  it('arriving in cycle 5 of BRK, does not hijack it but follows after the first handler instruction', () => {
    const { cpu, bus } = setup([0x00, 0xff]);
    assertAt(cpu, bus, CpuLine.Nmi, 5);
    cpu.step();
    expect(cpu.pc).toBe(IRQ_HANDLER);
    expect(cpu.step()).toBe(2);
    expect(cpu.step()).toBe(7);
    expect(cpu.pc).toBe(NMI_HANDLER);
    expect(pushed(cpu, bus).ret).toBe(IRQ_HANDLER + 1);
  });

  it('hijacks an IRQ sequence the same way (B clear)', () => {
    const { cpu, bus } = setup([0xea, 0xea]);
    cpu.setLine(CpuLine.Irq, true);
    cpu.step();
    assertAt(cpu, bus, CpuLine.Nmi, 3);
    expect(cpu.step()).toBe(7);
    expect(cpu.pc).toBe(NMI_HANDLER);
    expect(pushed(cpu, bus)).toEqual({ ret: PROG + 1, p: 0x20 });
  });
});

describe('m6502 JAM', () => {
  it('stops the CPU (one read cycle per step, interrupts ignored) until RESET', () => {
    const { cpu } = setup([0x02]);
    expect(cpu.step()).toBe(3);
    expect(cpu.jammed).toBe(true);
    cpu.setLine(CpuLine.Irq, true);
    cpu.setLine(CpuLine.Nmi, true);
    for (let i = 0; i < 5; i++) expect(cpu.step()).toBe(1);
    expect(cpu.pc).toBe(PROG);
    cpu.run(cpu.cycles + 100);
    expect(cpu.pc).toBe(PROG);
    cpu.setLine(CpuLine.Reset, true);
    cpu.setLine(CpuLine.Reset, false);
    expect(cpu.step()).toBe(7);
    expect(cpu.jammed).toBe(false);
  });
});

describe('m6502 bus and run contract', () => {
  it('counts each cycle before its bus access; stall cycles added by the bus are counted', () => {
    const { cpu, bus } = setup([0xee, 0x00, 0x10]); // INC $1000: 6 cycles
    const c0 = cpu.cycles;
    expect(cpu.step()).toBe(6);
    expect(bus.log.map((e) => e.cycle - c0)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(bus.log.map((e) => e.write)).toEqual([false, false, false, false, true, true]); // NMOS dummy write
    bus.mem.set([0xee, 0x00, 0x10], PROG + 3);
    // A DMA-like stall: the bus adds 4 cycles during the read of the operand.
    bus.hook = (cycle, addr, write) => { if (addr === 0x1000 && !write) cpu.cycles += 4; void cycle; };
    expect(cpu.step()).toBe(10);
  });

  it('run stops at the first instruction boundary at or after the target, or earlier when endCycle is lowered', () => {
    const { cpu, bus } = setup([0xea, 0xea, 0xad, 0x00, 0x10]);
    const c0 = cpu.cycles;
    cpu.run(c0 + 5); // NOP NOP LDA abs = 2 + 2 + 4
    expect(cpu.cycles - c0).toBe(8);
    expect(cpu.pc).toBe(PROG + 5);
    const c1 = cpu.cycles;
    bus.hook = (cycle) => { if (cycle === c1 + 1) cpu.endCycle = 0; };
    cpu.run(c1 + 1000);
    expect(cpu.cycles - c1).toBe(2);
  });
});

describe('m6502 state', () => {
  it('is plain JSON data; save, run, load, run gives the same result', () => {
    const { cpu, bus } = setup([0xa2, 0x10, 0xca, 0xd0, 0xfd, 0xe8, 0x4c, 0x00, 0x02]); // LDX #$10; loop: DEX; BNE; INX; JMP
    cpu.run(cpu.cycles + 30);
    const saved = JSON.parse(JSON.stringify(cpu.getState())) as M6502State;
    const mem = bus.mem.slice();
    cpu.run(cpu.cycles + 500);
    const a = cpu.getState();
    bus.mem.set(mem);
    cpu.setState(saved);
    expect(cpu.getState()).toEqual(saved);
    cpu.run(saved.cycles + 500);
    expect(cpu.getState()).toEqual(a);
  });

  it('rejects malformed state with CorruptStateError and keeps pending interrupts across save/load', () => {
    const { cpu } = setup([0xea, 0xea]);
    const good = cpu.getState();
    expect(() => cpu.setState({ ...good, a: 256 })).toThrow(CorruptStateError);
    expect(() => cpu.setState({ ...good, jammed: 'no' as unknown as boolean })).toThrow(CorruptStateError);
    expect(() => cpu.setState(null as unknown as M6502State)).toThrow(CorruptStateError);
    cpu.setLine(CpuLine.Nmi, true);
    const st = cpu.getState();
    expect(st.nmiLatched).toBe(true);
    cpu.setState({ ...st, nmiLatched: false });
    cpu.step();
    expect(cpu.step()).toBe(2); // no NMI: the latch was restored cleared
    cpu.setState(st);
    cpu.step();
    expect(cpu.step()).toBe(7);
  });
});
