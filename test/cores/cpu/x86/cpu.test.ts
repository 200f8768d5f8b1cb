/**
 * Behaviour the single-step suite cannot show (it runs one instruction from a fixed state):
 * addressing wrap-around, interrupts and their timing windows, HLT, REP interruption, the TF trap,
 * 8088 vs 8086 timing, the I/O bus, and save states.
 */
import { describe, expect, it } from 'vitest';
import { CpuLine } from '../../../../cores/kernel/cpu.ts';
import { Seg, X86Cpu, X86Model } from '../../../../cores/cpu/x86/cpu.ts';
import { FlatX86Bus } from '../../../../cores/cpu/x86/bus.ts';
import { CorruptStateError } from '../../../../cores/kernel/errors.ts';
import { SEG, machine, setVector } from './helpers.ts';

const AX = 0, CX = 1, DX = 2, BX = 3, SP = 4, SI = 6, DI = 7;
const BASE = SEG << 4;

describe('x86 addressing', () => {
  it('wraps segment:offset at 1 MB (FFFF:0010 is physical 0)', () => {
    const { cpu, bus } = machine([0x8e, 0xd8, 0xa0, 0x10, 0x00]); // mov ds, ax ; mov al, [0010h]
    cpu.r16[AX] = 0xffff;
    bus.ram[0] = 0x5a;
    cpu.step(); cpu.step();
    expect(cpu.r8[0]).toBe(0x5a);
  });

  it('reads a word at offset FFFFh from offset FFFFh and offset 0 of the same segment', () => {
    const { cpu, bus } = machine([0xa1, 0xff, 0xff]); // mov ax, [FFFFh]
    bus.ram[BASE + 0xffff] = 0x34;
    bus.ram[BASE] = 0x12;
    bus.ram[BASE + 0x10000] = 0x99; // the next physical byte must not be used
    cpu.step();
    expect(cpu.r16[AX]).toBe(0x1234);
  });

  it('wraps instruction fetch and IP at FFFFh within CS', () => {
    const { cpu, bus } = machine([]);
    cpu.ip = 0xffff;
    bus.ram[BASE + 0xffff] = 0xb0; // mov al, imm8 with the immediate at offset 0
    bus.ram[BASE] = 0x77;
    cpu.step();
    expect(cpu.r8[0]).toBe(0x77);
    expect(cpu.ip).toBe(1);
  });

  it('uses SS for BP-based operands and honours segment overrides', () => {
    const { cpu, bus } = machine([0x8a, 0x46, 0x00, 0x26, 0x8a, 0x0f]); // mov al,[bp] ; mov cl, es:[bx]
    cpu.loadSeg(Seg.SS, 0x2000);
    cpu.loadSeg(Seg.ES, 0x3000);
    cpu.r16[5] = 0x10;
    cpu.r16[BX] = 0x20;
    bus.ram[0x20010] = 0xaa;
    bus.ram[0x30020] = 0xbb;
    cpu.step(); cpu.step();
    expect(cpu.r8[0]).toBe(0xaa);
    expect(cpu.r8[2]).toBe(0xbb);
  });

  it('keeps I/O ports apart from memory', () => {
    const { cpu, bus } = machine([0xe6, 0x40, 0xe4, 0x40]); // out 40h, al ; in al, 40h
    const outs: [number, number][] = [];
    bus.onOut = (p, v) => outs.push([p, v]);
    bus.onIn = (p) => (p === 0x40 ? 0x3c : -1);
    cpu.r8[0] = 0x11;
    cpu.step(); cpu.step();
    expect(outs).toEqual([[0x40, 0x11]]);
    expect(cpu.r8[0]).toBe(0x3c);
    expect(bus.ram[0x40]).toBe(0);
  });
});

describe('x86 interrupts', () => {
  it('INT pushes FLAGS, CS, IP, clears IF and TF, and IRET returns', () => {
    const { cpu, bus } = machine([0xcd, 0x21, 0x90]);
    setVector(bus, 0x21, 0x200);
    bus.ram[BASE + 0x200] = 0xcf; // iret
    cpu.setFlags(0x0300); // IF | TF clear after entry
    cpu.flags &= ~0x100;
    cpu.flags |= 0x200;
    cpu.step();
    expect(cpu.ip).toBe(0x200);
    expect(cpu.flags & 0x300).toBe(0);
    expect(cpu.r16[SP]).toBe(0xfff8);
    expect(bus.ram[BASE + 0xfff8] | (bus.ram[BASE + 0xfff9]! << 8)).toBe(0x102);
    cpu.step();
    expect(cpu.ip).toBe(0x102);
    expect(cpu.flags & 0x200).toBe(0x200);
  });

  it('takes a maskable interrupt only with IF set, using the vector from the acknowledge cycle', () => {
    const { cpu, bus } = machine([0x90, 0xfb, 0x90, 0x90]); // nop ; sti ; nop ; nop
    setVector(bus, 0x08, 0x300);
    bus.vector = 0x08;
    cpu.setLine(CpuLine.Irq, true);
    cpu.step(); // nop, IF clear
    expect(cpu.ip).toBe(0x101);
    cpu.step(); // sti
    cpu.step(); // the instruction after STI still runs (STI's one-instruction delay)
    expect(cpu.ip).toBe(0x103);
    cpu.step(); // the interrupt
    expect(cpu.ip).toBe(0x300);
    expect(cpu.sreg[Seg.CS]).toBe(SEG);
    expect(bus.ram[BASE + 0xfff8] | (bus.ram[BASE + 0xfff9]! << 8)).toBe(0x103);
  });

  it('takes an interrupt raised by a device during run() at the next instruction boundary', () => {
    const { cpu, bus } = machine([0xe6, 0x10, 0x90, 0x90, 0x90]); // out 10h, al ; nops
    setVector(bus, 0x08, 0x300);
    bus.ram[BASE + 0x300] = 0xf4; // hlt in the handler
    cpu.flags |= 0x200;
    bus.onOut = () => cpu.setLine(CpuLine.Irq, true);
    cpu.run(1000);
    expect(cpu.halted).toBe(true);
    expect(cpu.ip).toBe(0x301);
    expect(bus.ram[BASE + 0xfff8] | (bus.ram[BASE + 0xfff9]! << 8)).toBe(0x102);
  });

  it('blocks interrupts for one instruction after MOV SS', () => {
    const { cpu, bus } = machine([0x8e, 0xd0, 0x90, 0x90]); // mov ss, ax ; nop ; nop
    setVector(bus, 0x08, 0x300);
    cpu.r16[AX] = SEG;
    cpu.flags |= 0x200;
    cpu.step(); // mov ss
    cpu.setLine(CpuLine.Irq, true);
    cpu.step(); // nop: still in the shadow
    expect(cpu.ip).toBe(0x103);
    cpu.step();
    expect(cpu.ip).toBe(0x300);
  });

  it('NMI is taken even with IF clear, through vector 2', () => {
    const { cpu, bus } = machine([0x90]);
    setVector(bus, 2, 0x400);
    cpu.setLine(CpuLine.Nmi, true);
    cpu.step();
    expect(cpu.ip).toBe(0x400);
  });

  it('HLT waits for an interrupt and resumes after it', () => {
    const { cpu, bus } = machine([0xfb, 0xf4, 0x90]); // sti ; hlt ; nop
    setVector(bus, 0x08, 0x300);
    cpu.run(1000);
    expect(cpu.halted).toBe(true);
    expect(cpu.ip).toBe(0x102);
    expect(cpu.cycles).toBe(1000);
    cpu.endCycle = Infinity;
    expect(cpu.step()).toBe(3); // step() on a halted core idles a few clocks
    cpu.setLine(CpuLine.Irq, true);
    cpu.step();
    expect(cpu.halted).toBe(false);
    expect(cpu.ip).toBe(0x300);
    // The return address is the instruction after HLT.
    expect(bus.ram[BASE + 0xfff8] | (bus.ram[BASE + 0xfff9]! << 8)).toBe(0x102);
  });

  it('raises the divide error through vector 0, returning after the DIV on an 8088', () => {
    const { cpu, bus } = machine([0xf6, 0xf3, 0x90]); // div bl with BL = 0
    setVector(bus, 0, 0x500);
    cpu.r16[AX] = 1234;
    cpu.step();
    expect(cpu.ip).toBe(0x500);
    expect(bus.ram[BASE + 0xfff8] | (bus.ram[BASE + 0xfff9]! << 8)).toBe(0x102);
  });

  it('raises the divide error on the 80186 with the address of the DIV itself', () => {
    const { cpu, bus } = machine([0xf6, 0xf3, 0x90], X86Model.I80186);
    setVector(bus, 0, 0x500);
    cpu.step();
    expect(bus.ram[BASE + 0xfff8] | (bus.ram[BASE + 0xfff9]! << 8)).toBe(0x100);
  });

  it('traps after each instruction while TF is set (not into the handler)', () => {
    const { cpu, bus } = machine([0x90, 0x90, 0x90]);
    setVector(bus, 1, 0x600);
    bus.ram[BASE + 0x600] = 0xcf; // iret
    cpu.flags |= 0x100;
    cpu.step(); // nop, then the trap
    expect(cpu.ip).toBe(0x600);
    expect(cpu.flags & 0x100).toBe(0);
    cpu.step(); // IRET restores TF (it was clear when IRET began, so no trap after it)
    expect(cpu.ip).toBe(0x101);
    cpu.step();
    expect(cpu.ip).toBe(0x600);
    expect(bus.ram[BASE + 0xfff8] | (bus.ram[BASE + 0xfff9]! << 8)).toBe(0x102);
  });

  it('INTO interrupts only when OF is set', () => {
    const { cpu, bus } = machine([0xce, 0xce]);
    setVector(bus, 4, 0x700);
    cpu.step();
    expect(cpu.ip).toBe(0x101);
    cpu.flags |= 0x800;
    cpu.step();
    expect(cpu.ip).toBe(0x700);
  });
});

describe('x86 string instructions', () => {
  it('REP MOVSB with a segment override copies CX bytes from the override segment', () => {
    const { cpu, bus } = machine([0x2e, 0xf3, 0xa4]); // cs: rep movsb
    cpu.loadSeg(Seg.DS, 0x5000);
    cpu.loadSeg(Seg.ES, 0x6000);
    cpu.r16[SI] = 0x100; cpu.r16[DI] = 0x10; cpu.r16[CX] = 3;
    cpu.step();
    expect([...bus.ram.subarray(0x60010, 0x60013)]).toEqual([0x2e, 0xf3, 0xa4]);
    expect(cpu.r16[CX]).toBe(0);
    expect(cpu.ip).toBe(0x103);
  });

  it('REPE CMPSB stops at the first difference', () => {
    const { cpu, bus } = machine([0xf3, 0xa6]);
    bus.ram.set([1, 2, 3, 4], BASE + 0x200);
    bus.ram.set([1, 2, 9, 4], BASE + 0x300);
    cpu.r16[SI] = 0x200; cpu.r16[DI] = 0x300; cpu.r16[CX] = 4;
    cpu.step();
    expect(cpu.r16[CX]).toBe(1);
    expect(cpu.r16[SI]).toBe(0x203);
    expect(cpu.flags & 0x40).toBe(0);
  });

  it('an interrupt between iterations resumes at the LAST prefix (the 8086 loses earlier ones)', () => {
    const { cpu, bus } = machine([0x26, 0xf3, 0xaa]); // es: rep stosb
    setVector(bus, 0x08, 0x300);
    cpu.r16[CX] = 100; cpu.r16[DI] = 0x1000;
    cpu.flags |= 0x200;
    cpu.setLine(CpuLine.Irq, true);
    cpu.inhibit = true; // no interrupt before the instruction starts
    cpu.step();
    expect(cpu.r16[CX]).toBe(99);
    expect(cpu.ip).toBe(0x101);
    cpu.step();
    expect(cpu.ip).toBe(0x300);
    expect(bus.ram[BASE + 0xfff8] | (bus.ram[BASE + 0xfff9]! << 8)).toBe(0x101);
  });

  it('a time slice ending mid-string restarts the whole instruction later, losing nothing', () => {
    const { cpu, bus } = machine([0xf3, 0xab, 0xf4]); // rep stosw ; hlt
    cpu.r16[CX] = 1000; cpu.r16[DI] = 0x1000; cpu.r16[AX] = 0xbeef;
    cpu.run(500);
    expect(cpu.r16[CX]).toBeGreaterThan(0);
    expect(cpu.ip).toBe(0x100);
    cpu.run(100_000);
    expect(cpu.r16[CX]).toBe(0);
    expect(cpu.halted).toBe(true);
    expect(bus.ram[BASE + 0x1000 + 1998]).toBe(0xef);
    expect(bus.ram[BASE + 0x1000 + 2000]).toBe(0);
  });
});

describe('x86 undocumented 8088 behaviour', () => {
  it('60h-6Fh are the conditional jumps on an 8088 and 80186 instructions on an 80186', () => {
    const a = machine([0x64, 0x10]); // jz +10h (alias of 74h)
    a.cpu.flags |= 0x40;
    a.cpu.step();
    expect(a.cpu.ip).toBe(0x112);
    const b = machine([0x6a, 0xfe], X86Model.I80186); // push -2
    b.cpu.step();
    expect(b.cpu.r16[SP]).toBe(0xfffc);
    expect(b.bus.ram[BASE + 0xfffc]).toBe(0xfe);
  });

  it('SALC sets AL from CF; POP CS loads CS', () => {
    const { cpu, bus } = machine([0xd6, 0x0f]);
    cpu.flags |= 1;
    cpu.step();
    expect(cpu.r8[0]).toBe(0xff);
    bus.ram[BASE + 0xfffe] = 0x34; bus.ram[BASE + 0xffff] = 0x12;
    cpu.r16[SP] = 0xfffe;
    cpu.step();
    expect(cpu.sreg[Seg.CS]).toBe(0x1234);
  });

  it('PUSH SP stores the decremented SP', () => {
    const { cpu, bus } = machine([0x54]);
    cpu.step();
    expect(bus.ram[BASE + 0xfffc] | (bus.ram[BASE + 0xfffd]! << 8)).toBe(0xfffc);
  });

  it('shift counts in CL are not masked on the 8088, masked to 5 bits on the 80186', () => {
    const a = machine([0xd3, 0xe0]); // shl ax, cl
    a.cpu.r16[AX] = 1; a.cpu.r8[2] = 33;
    a.cpu.step();
    expect(a.cpu.r16[AX]).toBe(0);
    const b = machine([0xd3, 0xe0], X86Model.I80186);
    b.cpu.r16[AX] = 1; b.cpu.r8[2] = 33;
    b.cpu.step();
    expect(b.cpu.r16[AX]).toBe(2);
  });

  it('80186 invalid opcodes raise INT 6 with the opcode address', () => {
    const { cpu, bus } = machine([0x0f], X86Model.I80186);
    setVector(bus, 6, 0x800);
    cpu.step();
    expect(cpu.ip).toBe(0x800);
    expect(bus.ram[BASE + 0xfff8] | (bus.ram[BASE + 0xfff9]! << 8)).toBe(0x100);
  });
});

describe('x86 timing (iAPX 86/88 tables)', () => {
  const clocks = (code: number[], model: X86Model) => {
    const { cpu } = machine(code, model);
    return cpu.step();
  };
  it('charges 8086 table figures plus 4 clocks per word transfer on the 8088', () => {
    expect(clocks([0x89, 0xd8], X86Model.I8088)).toBe(2); // mov ax, bx
    expect(clocks([0x50], X86Model.I8086)).toBe(11); // push ax, even SP
    expect(clocks([0x50], X86Model.I8088)).toBe(15);
    expect(clocks([0x8b, 0x07], X86Model.I8088)).toBe(8 + 5 + 4); // mov ax, [bx]: 8 + EA 5 + 4
    expect(clocks([0x8a, 0x07], X86Model.I8088)).toBe(13); // mov al, [bx]
    expect(clocks([0x01, 0x07], X86Model.I8088)).toBe(16 + 5 + 8); // add [bx], ax: read and write a word
    expect(clocks([0x26, 0x8a, 0x07], X86Model.I8088)).toBe(2 + 8 + 5 + 2); // es: prefix and override EA clocks
  });

  it('runs whole instructions until the requested cycle', () => {
    const { cpu } = machine(new Array(100).fill(0x90));
    cpu.run(30);
    expect(cpu.cycles).toBe(30);
    expect(cpu.ip).toBe(0x10a);
  });
});

describe('x86 state', () => {
  it('save -> load -> save gives the same state, and the loaded core runs the same', () => {
    const { cpu, bus } = machine([0x40, 0x43, 0xfb, 0x90]);
    cpu.step();
    const s = cpu.getState();
    const other = new X86Cpu(bus, X86Model.I8088);
    other.setState(s);
    expect(other.getState()).toEqual(s);
    cpu.step(); other.step();
    expect(other.getState()).toEqual(cpu.getState());
  });

  it('rejects a malformed state with a typed error', () => {
    const cpu = new X86Cpu(new FlatX86Bus());
    const s = cpu.getState();
    expect(() => cpu.setState({ ...s, ax: 70000 })).toThrow(CorruptStateError);
    expect(() => cpu.setState({ ...s, ip: 'x' as unknown as number })).toThrow(CorruptStateError);
  });

  it('resets to FFFF:0000', () => {
    const cpu = new X86Cpu(new FlatX86Bus());
    expect(cpu.sreg[Seg.CS]).toBe(0xffff);
    expect(cpu.ip).toBe(0);
    expect(cpu.flags).toBe(0xf002);
    expect(cpu.r16[DX]).toBe(0);
  });
});
