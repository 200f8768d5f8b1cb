/**
 * The 80186 additions, one by one (the 80186 test binaries in ../shared exercise 80186 behaviour
 * of 8086 instructions but none of these opcodes). Expected results follow the iAPX 186/188
 * User's Manual descriptions of PUSHA, POPA, BOUND, PUSH imm, IMUL imm, shifts by imm, INS/OUTS,
 * ENTER and LEAVE.
 */
import { describe, expect, it } from 'vitest';
import { X86Model } from '../../../../cores/cpu/x86/cpu.ts';
import { SEG, machine, setVector } from './helpers.ts';

const AX = 0, CX = 1, DX = 2, BX = 3, SP = 4, BP = 5, SI = 6, DI = 7;
const BASE = SEG << 4;
const m186 = (code: number[]) => machine(code, X86Model.I80186);
const word = (ram: Uint8Array, a: number) => ram[a]! | (ram[a + 1]! << 8);

describe('80186 instructions', () => {
  it('PUSHA pushes AX CX DX BX, the original SP, BP SI DI; POPA restores all but SP', () => {
    const { cpu, bus } = m186([0x60, 0x61]);
    [0x1111, 0x2222, 0x3333, 0x4444, 0xfffe, 0x6666, 0x7777, 0x8888].forEach((v, i) => { cpu.r16[i] = v; });
    cpu.step();
    expect(cpu.r16[SP]).toBe(0xfffe - 16);
    const stack = Array.from({ length: 8 }, (_, i) => word(bus.ram, BASE + 0xfffe - 2 * (i + 1)));
    expect(stack).toEqual([0x1111, 0x2222, 0x3333, 0x4444, 0xfffe, 0x6666, 0x7777, 0x8888]);
    cpu.r16.fill(0);
    cpu.r16[SP] = 0xfffe - 16;
    bus.ram[BASE + 0xfffe - 10] = 0x99; // the stored SP: POPA must ignore it
    cpu.step();
    expect([...cpu.r16]).toEqual([0x1111, 0x2222, 0x3333, 0x4444, 0xfffe, 0x6666, 0x7777, 0x8888]);
  });

  it('PUSH imm16 and PUSH imm8 (sign-extended)', () => {
    const { cpu, bus } = m186([0x68, 0x34, 0x12, 0x6a, 0x80]);
    cpu.step(); cpu.step();
    expect(word(bus.ram, BASE + 0xfffc)).toBe(0x1234);
    expect(word(bus.ram, BASE + 0xfffa)).toBe(0xff80);
  });

  it('IMUL r16, r/m16, imm sets CF/OF when the product does not fit 16 bits', () => {
    const { cpu } = m186([0x69, 0xc3, 0x10, 0x00, 0x6b, 0xcb, 0xfd]); // imul ax,bx,10h ; imul cx,bx,-3
    cpu.r16[BX] = 0x0123;
    cpu.step();
    expect(cpu.r16[AX]).toBe(0x1230);
    expect(cpu.flags & 0x801).toBe(0);
    cpu.r16[BX] = 0x4000;
    cpu.step();
    expect(cpu.r16[CX]).toBe((0x4000 * -3) & 0xffff);
    expect(cpu.flags & 0x801).toBe(0x801);
  });

  it('shifts by an immediate count, masked to 5 bits', () => {
    const { cpu } = m186([0xc1, 0xe0, 0x04, 0xc0, 0xc9, 0x21]); // shl ax, 4 ; ror cl, 33 (= 1)
    cpu.r16[AX] = 0x0123;
    cpu.r8[2] = 0x01;
    cpu.step(); cpu.step();
    expect(cpu.r16[AX]).toBe(0x1230);
    expect(cpu.r8[2]).toBe(0x80);
  });

  it('BOUND passes inside the bounds and raises INT 5 at the BOUND when outside', () => {
    const { cpu, bus } = m186([0x62, 0x07, 0x62, 0x07]); // bound ax, [bx] twice
    setVector(bus, 5, 0x900);
    cpu.r16[BX] = 0x200;
    bus.ram.set([0xfe, 0xff, 0x10, 0x00], BASE + 0x200); // -2 .. 16
    cpu.r16[AX] = 0xfffe;
    cpu.step();
    expect(cpu.ip).toBe(0x102);
    cpu.r16[AX] = 17;
    cpu.step();
    expect(cpu.ip).toBe(0x900);
    expect(word(bus.ram, BASE + 0xfff8)).toBe(0x102);
  });

  it('REP INSB and REP OUTSW move data between the DX port and memory', () => {
    const { cpu, bus } = m186([0xf3, 0x6c, 0xf3, 0x6f]);
    let n = 0;
    bus.onIn = () => 0x40 + n++;
    const outs: number[] = [];
    bus.onOut = (_p, v) => outs.push(v);
    cpu.r16[DX] = 0x300; cpu.r16[CX] = 3; cpu.r16[DI] = 0x400;
    cpu.step();
    expect([...bus.ram.subarray(BASE + 0x400, BASE + 0x403)]).toEqual([0x40, 0x41, 0x42]);
    cpu.r16[CX] = 2; cpu.r16[SI] = 0x400;
    cpu.step();
    expect(outs).toEqual([0x40, 0x41, 0x42, 0x00]); // words 4140h, 0042h, low byte first
    expect(cpu.r16[SI]).toBe(0x404);
  });

  it('ENTER builds nested frames and LEAVE removes them', () => {
    const { cpu, bus } = m186([0xc8, 0x08, 0x00, 0x02, 0xc9]); // enter 8, 2 ; leave
    cpu.r16[BP] = 0xfff0;
    bus.ram.set([0xcd, 0xab], BASE + 0xffee); // [BP-2]: the outer frame's display entry
    cpu.step();
    // push BP (FFFCh), push [BP-2] (FFFAh), push the new frame pointer (FFF8h)
    expect(word(bus.ram, BASE + 0xfffc)).toBe(0xfff0);
    expect(word(bus.ram, BASE + 0xfffa)).toBe(0xabcd);
    expect(word(bus.ram, BASE + 0xfff8)).toBe(0xfffc);
    expect(cpu.r16[BP]).toBe(0xfffc);
    expect(cpu.r16[SP]).toBe(0xfff8 - 8);
    cpu.step();
    expect(cpu.r16[SP]).toBe(0xfffe);
    expect(cpu.r16[BP]).toBe(0xfff0);
  });

  it('ENTER with level 0 is PUSH BP; MOV BP, SP; SUB SP, size', () => {
    const { cpu } = m186([0xc8, 0x10, 0x00, 0x00]);
    cpu.step();
    expect(cpu.r16[BP]).toBe(0xfffc);
    expect(cpu.r16[SP]).toBe(0xfffc - 0x10);
  });
});
