/**
 * Operand-size and address-size awareness of the x86 decoder: the 32-bit ModR/M + SIB effective
 * address (80386 PRM §17.2.1, tables 17-3 and 17-4), the 66h/67h prefixes (only on models that
 * have them; none of today's), and the width-selecting register/memory accessors.
 */
import { describe, expect, it } from 'vitest';
import { Seg, X86Model } from '../../../../cores/cpu/x86/cpu.ts';
import type { X86Cpu } from '../../../../cores/cpu/x86/cpu.ts';
import {
  fetch32, fetchOffset, fetchV, getReg, getRM, getRMV, getRegV, rd32, reg32, setReg, setReg32, setRM, setRMV, setRegV, wr32,
} from '../../../../cores/cpu/x86/sized.ts';
import { X86SizedCpu } from '../../../../cores/cpu/x86/sized-cpu.ts';
import { FlatX86Bus } from '../../../../cores/cpu/x86/bus.ts';
import { SEG, machine } from './helpers.ts';

/** Like helpers.machine, with the size-aware decoder (66h/67h prefixes, 32-bit addressing). */
function sizedMachine(code: number[]): { cpu: X86SizedCpu; bus: FlatX86Bus } {
  const bus = new FlatX86Bus();
  const cpu = new X86SizedCpu(bus);
  bus.ram.set(code, (SEG << 4) + 0x100);
  for (const s of [Seg.CS, Seg.DS, Seg.ES, Seg.SS]) cpu.loadSeg(s, SEG);
  cpu.ip = 0x100;
  cpu.r16[4] = 0xfffe;
  cpu.endCycle = Infinity;
  return { cpu, bus };
}

const BASE = SEG << 4;
const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
/** Register values chosen so every sum below is distinct. */
const REGS = [0x00001000, 0x00000020, 0x80000000, 0x00003000, 0x0000fff0, 0x00005000, 0x00000600, 0x00000070];

/** Decode `bytes` (ModR/M first) at CS:0100 with a 32-bit address size; return offset, segment, length. */
function ea32(bytes: number[], segOvr = -1, regs: number[] = REGS): { ea: number; seg: number; len: number; mod: number; reg: number; rm: number } {
  const { cpu } = sizedMachine(bytes);
  regs.forEach((v, i) => setReg32(cpu, i, v));
  cpu.adSize = 32;
  cpu.segOvr = segOvr;
  const c0 = cpu.cycles;
  cpu.modrm();
  expect(cpu.cycles).toBe(c0); // no EA clocks on the 32-bit path (see sized.ts)
  return { ea: cpu.ea, seg: cpu.eaSeg, len: cpu.ip - 0x100, mod: cpu.mod, reg: cpu.reg, rm: cpu.rm };
}

describe('x86 32-bit ModR/M effective addresses (table 17-3)', () => {
  it.each([
    ['[eax]', [0x00], 0x1000, Seg.DS, 1],
    ['[ecx]', [0x01], 0x20, Seg.DS, 1],
    ['[edx]', [0x02], 0x80000000, Seg.DS, 1],
    ['[ebx]', [0x03], 0x3000, Seg.DS, 1],
    ['disp32 (mod 00 rm 101)', [0x05, 0x78, 0x56, 0x34, 0x12], 0x12345678, Seg.DS, 5],
    ['[esi]', [0x06], 0x600, Seg.DS, 1],
    ['[edi]', [0x07], 0x70, Seg.DS, 1],
    ['[eax+disp8]', [0x40, 0x7f], 0x107f, Seg.DS, 2],
    ['[ebx+disp8] negative', [0x43, 0x80], 0x2f80, Seg.DS, 2],
    ['[ebp+disp8] defaults to SS', [0x45, 0xf0], 0x4ff0, Seg.SS, 2],
    ['[ebp+disp32] defaults to SS', [0x85, 0x00, 0x00, 0x01, 0x00], 0x15000, Seg.SS, 5],
    ['[esi+disp32]', [0x86, 0x01, 0x00, 0x00, 0x00], 0x601, Seg.DS, 5],
    ['[ecx+disp32] wraps at 4 GB', [0x81, 0xf0, 0xff, 0xff, 0xff], 0x10, Seg.DS, 5],
  ] as const)('%s', (_name, bytes, ea, seg, len) => {
    expect(ea32([...bytes])).toMatchObject({ ea, seg, len });
  });

  it('wraps a negative disp8 below 0 to the top of the 4 GB offset space', () => {
    const regs = [...REGS]; regs[EAX] = 0;
    expect(ea32([0x40, 0xff], -1, regs)).toMatchObject({ ea: 0xffffffff, len: 2 });
  });

  it('sets mod, reg and rm', () => {
    expect(ea32([0x5c, 0x24, 0x08])).toMatchObject({ mod: 1, reg: 3, rm: 4 }); // [esp+8], reg 3
    expect(ea32([0xbe, 0, 0, 0, 0])).toMatchObject({ mod: 2, reg: 7, rm: 6 });
  });

  it('a segment override replaces the default, including the SS default of EBP', () => {
    expect(ea32([0x03], Seg.ES)).toMatchObject({ ea: 0x3000, seg: Seg.ES });
    expect(ea32([0x45, 0x00], Seg.DS)).toMatchObject({ ea: 0x5000, seg: Seg.DS });
    expect(ea32([0x04, 0x24], Seg.CS)).toMatchObject({ ea: 0xfff0, seg: Seg.CS });
  });
});

describe('x86 32-bit SIB effective addresses (table 17-4)', () => {
  it('scales the index by 1, 2, 4, 8', () => {
    // [eax+ecx*n]: SIB ss:index=001:base=000
    expect(ea32([0x04, 0x08])).toMatchObject({ ea: 0x1020, seg: Seg.DS, len: 2 });
    expect(ea32([0x04, 0x48])).toMatchObject({ ea: 0x1040, len: 2 });
    expect(ea32([0x04, 0x88])).toMatchObject({ ea: 0x1080, len: 2 });
    expect(ea32([0x04, 0xc8])).toMatchObject({ ea: 0x1100, len: 2 });
  });

  it('index 100 means no index, whatever the scale', () => {
    expect(ea32([0x04, 0x20])).toMatchObject({ ea: 0x1000, seg: Seg.DS, len: 2 }); // [eax]
    expect(ea32([0x04, 0xe3])).toMatchObject({ ea: 0x3000, seg: Seg.DS, len: 2 }); // [ebx], ss=3 ignored
  });

  it('an ESP base defaults to SS ([esp], [esp+disp8], [esp+disp32])', () => {
    expect(ea32([0x04, 0x24])).toMatchObject({ ea: 0xfff0, seg: Seg.SS, len: 2 });
    expect(ea32([0x44, 0x24, 0x04])).toMatchObject({ ea: 0xfff4, seg: Seg.SS, len: 3 });
    expect(ea32([0x84, 0x24, 0x10, 0x00, 0x00, 0x00])).toMatchObject({ ea: 0x10000, seg: Seg.SS, len: 6 });
    expect(ea32([0x04, 0x34])).toMatchObject({ ea: 0xfff0 + 0x600, seg: Seg.SS, len: 2 }); // [esp+esi]
  });

  it('base 101 with mod 00 is disp32 + index and no base, in DS', () => {
    expect(ea32([0x04, 0x0d, 0x44, 0x33, 0x22, 0x11])).toMatchObject({ ea: 0x11223344 + 0x20, seg: Seg.DS, len: 6 });
    expect(ea32([0x04, 0xbd, 0x00, 0x01, 0x00, 0x00])).toMatchObject({ ea: 0x100 + 0x70 * 4, seg: Seg.DS, len: 6 }); // [edi*4+100h]
    expect(ea32([0x04, 0x25, 0x78, 0x56, 0x34, 0x12])).toMatchObject({ ea: 0x12345678, seg: Seg.DS, len: 6 }); // no index, no base
  });

  it('base 101 with mod 01/10 is EBP, defaulting to SS', () => {
    expect(ea32([0x44, 0x0d, 0x08])).toMatchObject({ ea: 0x5000 + 0x20 + 8, seg: Seg.SS, len: 3 });
    expect(ea32([0x84, 0x2d, 0x00, 0x10, 0x00, 0x00])).toMatchObject({ ea: 0x5000 + 0x5000 + 0x1000, seg: Seg.SS, len: 6 });
  });

  it('an EBP index does not change the segment', () => {
    expect(ea32([0x04, 0x28])).toMatchObject({ ea: 0x6000, seg: Seg.DS, len: 2 }); // [eax+ebp]
    expect(ea32([0x04, 0x6b])).toMatchObject({ ea: 0x3000 + 0xa000, seg: Seg.DS, len: 2 }); // [ebx+ebp*2]
  });

  it('wraps base + scaled index at 4 GB', () => {
    expect(ea32([0x04, 0x12])).toMatchObject({ ea: 0, len: 2 }); // [edx+edx]: 2 * 80000000h
    expect(ea32([0x04, 0xd0])).toMatchObject({ ea: 0x1000, len: 2 }); // [eax+edx*8]
    expect(ea32([0x44, 0x12, 0xff])).toMatchObject({ ea: 0xffffffff, len: 3 }); // [edx+edx-1]
  });
});

describe('x86 size prefixes and defaults', () => {
  it('on the 8086/8088, 66h/67h stay aliases of 76h/77h (JBE/JA)', () => {
    const { cpu } = machine([0x67, 0x10]); // ja +10h with CF=ZF=0
    cpu.step();
    expect(cpu.ip).toBe(0x112);
    const b = machine([0x66, 0x10]); // jbe: not taken
    b.cpu.step();
    expect(b.cpu.ip).toBe(0x102);
    expect(b.cpu.opSize).toBe(16);
  });

  it('on the 80186, 66h/67h are invalid opcodes (INT 6 at the opcode)', () => {
    for (const op of [0x66, 0x67]) {
      const { cpu } = machine([op, 0x8b, 0x07], X86Model.I80186);
      cpu.step();
      expect(cpu.lastVector).toBe(6);
      expect(cpu.adSize).toBe(16);
    }
  });

  it('no current model has size prefixes or 32-bit defaults', () => {
    for (const model of [X86Model.I8088, X86Model.I8086, X86Model.I80186]) {
      const { cpu } = machine([], model);
      expect([cpu.hasSizePrefixes, cpu.defOpSize, cpu.defAdSize]).toEqual([false, 16, 16]);
    }
    expect(sizedMachine([]).cpu.hasSizePrefixes).toBe(true);
  });

  it('with size prefixes, 67h selects 32-bit addressing for one instruction only', () => {
    // mov ax, [eax+ecx*4] ; mov ax, [bx]
    const { cpu, bus } = sizedMachine([0x67, 0x8b, 0x04, 0x88, 0x8b, 0x07]);
    setReg32(cpu, EAX, 0x200); setReg32(cpu, ECX, 0x10); cpu.r16[EBX] = 0x300;
    bus.ram[BASE + 0x240] = 0xcd; bus.ram[BASE + 0x241] = 0xab;
    bus.ram[BASE + 0x300] = 0x34; bus.ram[BASE + 0x301] = 0x12;
    cpu.step();
    expect([cpu.r16[EAX], cpu.ip, cpu.adSize, cpu.opSize]).toEqual([0xabcd, 0x104, 32, 16]);
    cpu.step();
    expect([cpu.r16[EAX], cpu.ip, cpu.adSize]).toEqual([0x1234, 0x106, 16]);
  });

  it('66h selects the 32-bit operand size; repeating it does not toggle back', () => {
    const { cpu } = sizedMachine([0x66, 0x90, 0x66, 0x66, 0x90, 0x90]);
    cpu.step();
    expect([cpu.opSize, cpu.adSize, cpu.ip]).toEqual([32, 16, 0x102]);
    cpu.step();
    expect([cpu.opSize, cpu.ip]).toEqual([32, 0x105]);
    cpu.step();
    expect(cpu.opSize).toBe(16);
  });

  it('a 32-bit default (the D bit) makes 67h select 16-bit addressing', () => {
    // mov ax, [eax+ecx*4] (32-bit default) ; 67 mov ax, [bx]
    const { cpu, bus } = sizedMachine([0x8b, 0x04, 0x88, 0x67, 0x8b, 0x07]);
    cpu.setDefaultSizes(32);
    setReg32(cpu, EAX, 0x200); setReg32(cpu, ECX, 0x10); cpu.r16[EBX] = 0x300;
    bus.ram[BASE + 0x240] = 0xcd; bus.ram[BASE + 0x241] = 0xab;
    bus.ram[BASE + 0x300] = 0x34; bus.ram[BASE + 0x301] = 0x12;
    cpu.step();
    expect([cpu.r16[EAX], cpu.ip, cpu.adSize, cpu.opSize]).toEqual([0xabcd, 0x103, 32, 32]);
    cpu.step();
    expect([cpu.r16[EAX], cpu.ip, cpu.adSize, cpu.opSize]).toEqual([0x1234, 0x106, 16, 32]);
  });

  it('MOV AX, moffs takes an offset of the address size', () => {
    const { cpu, bus } = sizedMachine([0x67, 0xa1, 0x78, 0x05, 0x00, 0x00, 0xa1, 0x78, 0x05]);
    bus.ram[BASE + 0x578] = 0x11; bus.ram[BASE + 0x579] = 0x22;
    cpu.step();
    expect([cpu.r16[EAX], cpu.ip]).toEqual([0x2211, 0x106]);
    cpu.r16[EAX] = 0;
    cpu.step();
    expect([cpu.r16[EAX], cpu.ip]).toEqual([0x2211, 0x109]);
  });

  it('the 16-bit EA path is unchanged, also in the sized decoder: [bp+si+disp8] in SS with its 8086 clocks', () => {
    for (const { cpu } of [machine([0x42, 0xfe]), sizedMachine([0x42, 0xfe])]) {
      cpu.r16[EBP] = 0x10; cpu.r16[ESI] = 0x20;
      const c0 = cpu.cycles;
      cpu.modrm();
      expect([cpu.ea, cpu.eaSeg, cpu.ip, cpu.cycles - c0]).toEqual([0x2e, Seg.SS, 0x102, 12]);
    }
  });

  it('the sized decoder still runs 16-bit code like the 80186 (66h/67h aside)', () => {
    // add [bx+si+2], ax ; push 1234h ; pusha
    const code = [0x01, 0x40, 0x02, 0x68, 0x34, 0x12, 0x60];
    const a = machine(code, X86Model.I80186), b = sizedMachine(code);
    for (const { cpu, bus } of [a, b]) {
      cpu.r16[EAX] = 0x1111; cpu.r16[EBX] = 0x200; cpu.r16[ESI] = 0x10;
      bus.ram[BASE + 0x212] = 0x22;
      cpu.step(); cpu.step(); cpu.step();
    }
    expect(b.cpu.getState()).toEqual(a.cpu.getState());
    expect([...b.bus.ram.subarray(BASE, BASE + 0x10000)]).toEqual([...a.bus.ram.subarray(BASE, BASE + 0x10000)]);
  });
});

describe('x86 width-selecting accessors', () => {
  const fresh = (code: number[] = []): X86Cpu => machine(code).cpu;

  it('32-bit registers combine r16 with the high halves; 16-bit writes keep the high half', () => {
    const cpu = fresh();
    setReg(cpu, 32, EDX, 0xdeadbeef);
    expect([cpu.r16[EDX], cpu.r16hi[EDX], reg32(cpu, EDX), getReg(cpu, 32, EDX)]).toEqual([0xbeef, 0xdead, 0xdeadbeef, 0xdeadbeef]);
    setReg(cpu, 16, EDX, 0x1234);
    expect(getReg(cpu, 32, EDX)).toBe(0xdead1234);
    setReg(cpu, 8, 6, 0x56); // DH
    expect([getReg(cpu, 8, 6), getReg(cpu, 16, EDX), getReg(cpu, 32, EDX)]).toEqual([0x56, 0x5634, 0xdead5634]);
    setReg(cpu, 8, 2, 0x9a); // DL
    expect(getReg(cpu, 32, EDX)).toBe(0xdead569a);
    setReg(cpu, 32, EDX, -1);
    expect(getReg(cpu, 32, EDX)).toBe(0xffffffff);
    cpu.reset();
    expect(getReg(cpu, 32, EDX)).toBe(0);
  });

  it('r/m accessors pick a register (mod 3) or memory by width', () => {
    const { cpu, bus } = machine([0xc3, 0x07]); // mod 3 rm 3 ; then [bx]
    setReg32(cpu, EBX, 0x11223344);
    cpu.modrm();
    expect([getRM(cpu, 8), getRM(cpu, 16), getRM(cpu, 32)]).toEqual([0x44, 0x3344, 0x11223344]);
    setRM(cpu, 32, 0xcafef00d);
    expect(reg32(cpu, EBX)).toBe(0xcafef00d);
    cpu.r16[EBX] = 0x400;
    cpu.modrm();
    setRM(cpu, 32, 0x89abcdef);
    expect([...bus.ram.subarray(BASE + 0x400, BASE + 0x404)]).toEqual([0xef, 0xcd, 0xab, 0x89]);
    expect([getRM(cpu, 8), getRM(cpu, 16), getRM(cpu, 32)]).toEqual([0xef, 0xcdef, 0x89abcdef]);
    setRM(cpu, 16, 0x1111);
    setRM(cpu, 8, 0x22);
    expect(getRM(cpu, 32)).toBe(0x89ab1122);
  });

  it('a dword at offset FFFEh wraps inside the segment with 16-bit addressing, not with 32-bit', () => {
    const { cpu, bus } = machine([]);
    wr32(cpu, Seg.DS, 0xfffe, 0x44332211);
    expect([bus.ram[BASE + 0xfffe], bus.ram[BASE + 0xffff], bus.ram[BASE], bus.ram[BASE + 1]]).toEqual([0x11, 0x22, 0x33, 0x44]);
    expect(rd32(cpu, Seg.DS, 0xfffe)).toBe(0x44332211);
    cpu.adSize = 32;
    wr32(cpu, Seg.DS, 0xfffe, 0x88776655);
    expect(rd32(cpu, Seg.DS, 0xfffe)).toBe(0x88776655);
    expect([bus.ram[BASE + 0xfffe], bus.ram[BASE + 0xffff], bus.ram[BASE + 0x10000], bus.ram[BASE + 0x10001]]).toEqual([0x55, 0x66, 0x77, 0x88]);
    expect([bus.ram[BASE], bus.ram[BASE + 1]]).toEqual([0x33, 0x44]); // offset 0 untouched this time
  });

  it('"v" accessors and immediates follow opSize, offsets follow adSize', () => {
    const { cpu } = machine([0x34, 0x12, 0x78, 0x56, 0x34, 0x12, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12]);
    setReg32(cpu, ESI, 0x87654321);
    cpu.mod = 3; cpu.rm = ESI;
    expect([getRegV(cpu, ESI), getRMV(cpu)]).toEqual([0x4321, 0x4321]);
    expect(fetchV(cpu)).toBe(0x1234);
    cpu.opSize = 32;
    expect([getRegV(cpu, ESI), getRMV(cpu)]).toEqual([0x87654321, 0x87654321]);
    setRegV(cpu, EDI, 0xffff0001);
    setRMV(cpu, 0x0badf00d);
    expect([reg32(cpu, EDI), reg32(cpu, ESI)]).toEqual([0xffff0001, 0x0badf00d]);
    expect(fetchV(cpu)).toBe(0x12345678);
    expect(fetchOffset(cpu)).toBe(0x9abc);
    cpu.adSize = 32;
    expect(fetchOffset(cpu)).toBe(0x12345678);
    expect(cpu.ip).toBe(0x10c);
    cpu.ip = 0x102;
    expect(fetch32(cpu)).toBe(0x12345678);
    expect([ESP, EBP].map((n) => getReg(cpu, 32, n))).toEqual([0xfffe, 0]);
  });
});
