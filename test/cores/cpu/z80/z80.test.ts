/**
 * Z80 core behaviour the single-step suites do not cover: interrupt modes and acceptance timing,
 * the EI delay, HALT, NMI and RETN, the LD A,I erratum, prefix chains split across steps, `run`
 * boundaries, wait states added by the bus, and state save/restore.
 */
import { describe, expect, it } from 'vitest';
import { CpuLine } from '../../../../cores/kernel/cpu.ts';
import { CorruptStateError } from '../../../../cores/kernel/errors.ts';
import { FlatZ80Bus } from '../../../../cores/cpu/z80/flat-bus.ts';
import { Z80 } from '../../../../cores/cpu/z80/z80.ts';

class TestBus extends FlatZ80Bus {
  cpu!: Z80;
  ackByte = 0xff;
  acks: number[] = [];
  /** [kind, addr, T-state at which the call began]. */
  log: [string, number, number][] = [];
  /** Wait states added to every memory access in 4000h-7FFFh (like a Spectrum's contended RAM). */
  contended = 0;

  private note(kind: string, addr: number): void {
    this.log.push([kind, addr, this.cpu.cycles]);
    if (this.contended && addr >= 0x4000 && addr < 0x8000) this.cpu.cycles += this.contended;
  }
  override fetch(addr: number): number { this.note('f', addr); return this.mem[addr]!; }
  override read(addr: number): number { this.note('r', addr); return this.mem[addr]!; }
  override write(addr: number, v: number): void { this.note('w', addr); this.mem[addr] = v; }
  override input(port: number): number { this.log.push(['i', port, this.cpu.cycles]); return 0xff; }
  override output(port: number): void { this.log.push(['o', port, this.cpu.cycles]); }
  override idle(addr: number, n: number): void { this.log.push([`n${n}`, addr, this.cpu.cycles]); }
  override intAck(): number { this.acks.push(this.cpu.cycles); return this.ackByte; }
}

function setup(code: number[], org = 0x100): { cpu: Z80; bus: TestBus } {
  const bus = new TestBus();
  const cpu = new Z80(bus);
  bus.cpu = cpu;
  bus.mem.set(code, org);
  cpu.reset();
  cpu.pc = org;
  cpu.sp = 0xf000;
  return { cpu, bus };
}

const stackWord = (bus: TestBus, cpu: Z80) => bus.mem[cpu.sp]! | (bus.mem[(cpu.sp + 1) & 0xffff]! << 8);

describe('Z80 maskable interrupts', () => {
  it('IM 1: EI holds off acceptance for one instruction, then RST 38h in 13 T-states', () => {
    const { cpu, bus } = setup([0xed, 0x56, 0xfb, 0x00, 0x00]); // IM 1; EI; NOP; NOP
    cpu.setLine(CpuLine.Irq, true);
    expect(cpu.step()).toBe(8); // IM 1 (interrupts still disabled)
    expect(cpu.step()).toBe(4); // EI
    expect(cpu.eiDelay).toBe(true);
    expect(cpu.step()).toBe(4); // the NOP after EI still runs
    expect(cpu.pc).toBe(0x104);
    expect(cpu.step()).toBe(13); // now the interrupt
    expect(cpu.pc).toBe(0x38);
    expect(cpu.wz).toBe(0x38);
    expect(stackWord(bus, cpu)).toBe(0x104);
    expect(cpu.iff1).toBe(false);
    expect(cpu.iff2).toBe(false);
    expect(bus.acks.length).toBe(1);
  });

  it('IM 2: vector from I and the data bus, 19 T-states', () => {
    const { cpu, bus } = setup([0xed, 0x5e, 0xfb, 0x00]); // IM 2; EI; NOP
    cpu.i = 0x80;
    bus.ackByte = 0x10;
    bus.mem[0x8010] = 0x34; bus.mem[0x8011] = 0x12;
    cpu.step(); cpu.step(); cpu.step();
    cpu.setLine(CpuLine.Irq, true);
    expect(cpu.step()).toBe(19);
    expect(cpu.pc).toBe(0x1234);
    expect(stackWord(bus, cpu)).toBe(0x104);
  });

  it('IM 0: executes the RST the device puts on the bus, 13 T-states', () => {
    const { cpu, bus } = setup([0xfb, 0x00]); // EI; NOP (IM 0 after reset)
    bus.ackByte = 0xef; // RST 28h
    cpu.step(); cpu.step();
    cpu.setLine(CpuLine.Irq, true);
    expect(cpu.step()).toBe(13);
    expect(cpu.pc).toBe(0x28);
    expect(stackWord(bus, cpu)).toBe(0x102);
  });

  it('is not taken under DI, and the line is level-sensitive', () => {
    const { cpu } = setup([0xf3, 0x00, 0x00]);
    cpu.setLine(CpuLine.Irq, true);
    cpu.step(); cpu.step(); cpu.step();
    expect(cpu.pc).toBe(0x103);
    cpu.setLine(CpuLine.Irq, false);
    cpu.iff1 = cpu.iff2 = true;
    cpu.step();
    expect(cpu.pc).toBe(0x104);
  });

  it('HALT runs 4 T-state M1 cycles at the next address until an interrupt returns past it', () => {
    const { cpu, bus } = setup([0xed, 0x56, 0xfb, 0x76, 0x00]); // IM 1; EI; HALT
    cpu.step(); cpu.step(); cpu.step();
    expect(cpu.halted).toBe(true);
    expect(cpu.pc).toBe(0x104);
    bus.log = [];
    const r0 = cpu.r;
    expect(cpu.step()).toBe(4);
    expect(cpu.step()).toBe(4);
    expect(bus.log.map((e) => e[0] + e[1].toString(16))).toEqual(['f104', 'f104']);
    expect(cpu.r).toBe((r0 + 2) & 0x7f);
    cpu.setLine(CpuLine.Irq, true);
    expect(cpu.step()).toBe(13);
    expect(cpu.halted).toBe(false);
    expect(stackWord(bus, cpu)).toBe(0x104);
  });

  it('an interrupt accepted right after LD A,I clears P/V (NMOS)', () => {
    const { cpu } = setup([0xed, 0x56, 0xfb, 0x00, 0xed, 0x57]); // IM 1; EI; NOP; LD A,I
    cpu.step(); cpu.step(); cpu.step(); cpu.step();
    expect(cpu.f & 0x04).toBe(0x04); // IFF2 copied into P/V
    cpu.setLine(CpuLine.Irq, true);
    cpu.step();
    expect(cpu.pc).toBe(0x38);
    expect(cpu.f & 0x04).toBe(0);
  });
});

describe('Z80 NMI', () => {
  it('is edge-triggered, jumps to 66h in 11 T-states, keeps IFF2, and RETN restores IFF1', () => {
    const { cpu, bus } = setup([0xfb, 0x00, 0x00, 0x00]);
    bus.mem[0x66] = 0xed; bus.mem[0x67] = 0x45; // RETN
    cpu.step(); cpu.step(); // EI; NOP
    cpu.setLine(CpuLine.Nmi, true);
    expect(cpu.step()).toBe(11);
    expect(cpu.pc).toBe(0x66);
    expect(cpu.iff1).toBe(false);
    expect(cpu.iff2).toBe(true);
    expect(cpu.step()).toBe(14); // RETN
    expect(cpu.pc).toBe(0x102);
    expect(cpu.iff1).toBe(true);
    expect(cpu.step()).toBe(4); // line still asserted: no second NMI
    cpu.setLine(CpuLine.Nmi, false);
    cpu.setLine(CpuLine.Nmi, true);
    cpu.step();
    expect(cpu.pc).toBe(0x66);
  });
});

describe('Z80 bus timing', () => {
  it('calls the bus at the T-state each machine cycle begins, and wait states add up', () => {
    const { cpu, bus } = setup([0x3a, 0x00, 0x40]); // LD A,(4000h)
    bus.mem[0x4000] = 0x99;
    bus.contended = 2;
    expect(cpu.step()).toBe(15);
    expect(cpu.a).toBe(0x99);
    expect(bus.log).toEqual([['f', 0x100, 0], ['r', 0x101, 4], ['r', 0x102, 7], ['r', 0x4000, 10]]);
  });

  it('marks internal T-states with their address (JR: 5 at the displacement)', () => {
    const { cpu, bus } = setup([0x18, 0xfe]); // JR $
    expect(cpu.step()).toBe(12);
    expect(bus.log).toEqual([['f', 0x100, 0], ['r', 0x101, 4], ['n5', 0x101, 7]]);
  });

  it('run stops at the first instruction boundary at or past the target, or a lowered endCycle', () => {
    const { cpu } = setup([0x00, 0x00, 0x00, 0x00, 0x18, 0xfa]); // NOPs, JR back
    cpu.run(10);
    expect(cpu.cycles).toBe(12);
    cpu.run(1000);
    expect(cpu.cycles).toBeGreaterThanOrEqual(1000);
    expect(cpu.cycles).toBeLessThan(1012);
    // Lowering endCycle from inside a bus call stops the run after the current instruction.
    const stopAt = cpu.cycles + 100;
    const bus2 = (cpu.bus as TestBus);
    const orig = bus2.fetch.bind(bus2);
    bus2.fetch = (a: number) => { if (cpu.cycles >= stopAt) cpu.endCycle = 0; return orig(a); };
    const from = cpu.cycles;
    cpu.run(from + 100_000);
    expect(cpu.cycles).toBeGreaterThanOrEqual(stopAt);
    expect(cpu.cycles).toBeLessThan(stopAt + 16);
  });
});

describe('Z80 prefix chains', () => {
  it('DD FD 21 nn nn: the DD is a 4 T NOP, FD applies; a state taken in between restores', () => {
    const { cpu, bus } = setup([0xdd, 0xfd, 0x21, 0x34, 0x12]);
    const ix = cpu.ix;
    expect(cpu.step()).toBe(8);
    const mid = cpu.getState();
    expect(mid.prefix).toBe(0xfd);
    expect(cpu.step()).toBe(10);
    expect(cpu.iy).toBe(0x1234);
    expect(cpu.ix).toBe(ix);
    const other = new Z80(bus);
    other.setState(mid);
    other.step();
    expect(other.iy).toBe(0x1234);
    expect(other.pc).toBe(0x105);
  });

  it('a memory full of DD prefixes does not hold step', () => {
    const { cpu, bus } = setup([]);
    bus.mem.fill(0xdd);
    for (let k = 0; k < 100; k++) expect(cpu.step()).toBeLessThanOrEqual(8);
  });
});

describe('Z80 state', () => {
  it('round-trips through getState/setState as plain data', () => {
    const { cpu, bus } = setup([0x21, 0x34, 0x12, 0xd9, 0x08, 0xed, 0x5e]);
    cpu.step(); cpu.step(); cpu.step(); cpu.step();
    const s = cpu.getState();
    const copy = JSON.parse(JSON.stringify(s));
    const other = new Z80(bus);
    other.setState(copy);
    expect(other.getState()).toEqual(s);
    other.step(); cpu.step();
    expect(other.getState()).toEqual(cpu.getState());
    expect(cpu.im).toBe(2);
  });

  it('rejects malformed states with a typed error and changes nothing', () => {
    const { cpu } = setup([]);
    const before = cpu.getState();
    expect(() => cpu.setState({ ...before, a: 256 })).toThrow(CorruptStateError);
    expect(() => cpu.setState({ ...before, pc: -1 })).toThrow(CorruptStateError);
    expect(() => cpu.setState({ ...before, iff1: 1 as unknown as boolean })).toThrow(CorruptStateError);
    expect(() => cpu.setState({ ...before, im: 3 })).toThrow(CorruptStateError);
    expect(() => cpu.setState({ ...before, prefix: 0x12 })).toThrow(CorruptStateError);
    expect(() => cpu.setState(null as unknown as typeof before)).toThrow(CorruptStateError);
    expect(cpu.getState()).toEqual(before);
  });
});
