/**
 * Robustness: random code and random state must never make the core throw or leave its registers
 * out of range, on every model; the disassembler must decode any bytes to 1..15 bytes; setState
 * must reject garbage with a typed error. Seeded, so a failure reproduces.
 */
import { describe, expect, it } from 'vitest';
import { FlatX86Bus } from '../../../../cores/cpu/x86/bus.ts';
import { X86Cpu, X86Model } from '../../../../cores/cpu/x86/cpu.ts';
import { X86SizedCpu } from '../../../../cores/cpu/x86/sized-cpu.ts';
import { disassemble86 } from '../../../../cores/cpu/x86/disasm.ts';
import { CorruptStateError } from '../../../../cores/kernel/errors.ts';
import { CpuLine } from '../../../../cores/kernel/cpu.ts';

/** xorshift32: deterministic test noise. */
function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

describe('x86 fuzz', () => {
  for (const model of [X86Model.I8088, X86Model.I8086, X86Model.I80186]) {
    it(`runs random memory without throwing (model ${model})`, () => {
      const rand = rng(1234 + model);
      for (let round = 0; round < 8; round++) {
        const bus = new FlatX86Bus();
        for (let i = 0; i < 0x100000; i += 1) bus.ram[i] = (rand() * 256) | 0;
        bus.vector = (rand() * 256) | 0;
        const cpu = new X86Cpu(bus, model);
        cpu.setLine(CpuLine.Irq, rand() < 0.5);
        cpu.run(200_000);
        for (let k = 0; k < 8; k++) expect(cpu.r16[k]).toBeLessThanOrEqual(0xffff);
        expect(cpu.ip).toBeGreaterThanOrEqual(0);
        expect(cpu.ip).toBeLessThanOrEqual(0xffff);
        expect(cpu.flags & 0xf002).toBe(0xf002);
        expect(cpu.cycles).toBeGreaterThanOrEqual(200_000);
      }
    });
  }

  it('runs random memory with 66h/67h prefixes and 32-bit defaults without throwing (X86SizedCpu)', () => {
    const rand = rng(4321);
    for (let round = 0; round < 6; round++) {
      const bus = new FlatX86Bus();
      // Dense size prefixes so most instructions take the 32-bit paths.
      for (let i = 0; i < 0x100000; i += 1) bus.ram[i] = rand() < 0.2 ? 0x66 | ((rand() * 2) | 0) : (rand() * 256) | 0;
      const cpu = new X86SizedCpu(bus);
      if (round & 1) cpu.setDefaultSizes(32);
      for (let k = 0; k < 8; k++) cpu.r16hi[k] = (rand() * 0x10000) | 0;
      cpu.run(200_000);
      for (let k = 0; k < 8; k++) expect(cpu.r16[k]).toBeLessThanOrEqual(0xffff);
      expect(cpu.ip).toBeLessThanOrEqual(0xffff);
      expect(cpu.cycles).toBeGreaterThanOrEqual(200_000);
    }
  });

  it('disassembles any bytes with any size state, never throwing', () => {
    const rand = rng(98);
    for (let i = 0; i < 20_000; i++) {
      const bytes = Array.from({ length: 32 }, () => (rand() < 0.1 ? 0x66 | ((rand() * 2) | 0) : (rand() * 256) | 0));
      const d = disassemble86((a) => bytes[a]!, 0, {
        is186: rand() < 0.5, sizePrefixes: rand() < 0.5, opSize: rand() < 0.5 ? 16 : 32, adSize: rand() < 0.5 ? 16 : 32,
      });
      // At most 16 prefix bytes, then opcode, ModR/M, SIB, disp32, imm32.
      expect(d.length).toBeGreaterThanOrEqual(1);
      expect(d.length).toBeLessThanOrEqual(27);
      expect(d.text).not.toMatch(/undefined|NaN/);
    }
  });

  it('disassembles any bytes to 1..15 bytes of text', () => {
    const rand = rng(99);
    for (let i = 0; i < 20_000; i++) {
      const bytes = Array.from({ length: 16 }, () => (rand() * 256) | 0);
      const d = disassemble86((a) => bytes[a]!, 0, rand() < 0.5);
      expect(d.length).toBeGreaterThanOrEqual(1);
      expect(d.length).toBeLessThanOrEqual(15);
      expect(d.text.length).toBeGreaterThan(0);
    }
  });

  it('rejects random garbage as a state with CorruptStateError', () => {
    const cpu = new X86Cpu(new FlatX86Bus());
    const rand = rng(7);
    const junk = [null, 1, 'x', [], {}, { ax: -1 }, { ...cpu.getState(), flags: 1e6 }, { ...cpu.getState(), cycles: NaN }];
    for (const j of junk) expect(() => cpu.setState(j as never)).toThrow(CorruptStateError);
    for (let i = 0; i < 200; i++) {
      const s = cpu.getState() as unknown as Record<string, unknown>;
      const keys = Object.keys(s);
      s[keys[(rand() * keys.length) | 0]!] = rand() < 0.5 ? -rand() * 1e6 : 'bad';
      try { cpu.setState(s as never); } catch (e) { expect(e).toBeInstanceOf(CorruptStateError); }
    }
  });
});
