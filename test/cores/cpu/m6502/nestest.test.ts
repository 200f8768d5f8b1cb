/**
 * nestest (Kevin Horton) in its automation mode, CPU only: PC = $C000, compared instruction by
 * instruction with the Nintendulator trace `nestest.log` (PC, A, X, Y, P, SP and the total cycle
 * count), then the result bytes $02/$03 must be 0. It covers all official and most unofficial
 * opcodes, and it is an independent check of per-instruction cycle counts (for example NOP abs
 * $0C = 4 cycles and NOP abs,X across a page = 5, where the 2022 single-step data is one short).
 * Memory: 2 KiB RAM mirrored to $1FFF, the 16 KiB PRG ROM at $8000 and $C000 (mapper 0); the
 * PPU/APU registers read as 0 and ignore writes (the test does not depend on them in this mode).
 * The 2A03 has no decimal mode, so the core runs with `decimal: false`.
 * Data and instructions: ../shared/testdata/nes/SOURCE.md.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { M6502Bus } from '../../../../cores/cpu/m6502/bus.ts';
import { disassemble } from '../../../../cores/cpu/m6502/disasm.ts';
import { M6502 } from '../../../../cores/cpu/m6502/m6502.ts';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';

class NromBus implements M6502Bus {
  readonly ram = new Uint8Array(0x800);
  constructor(private readonly prg: Uint8Array) {}
  read(addr: number): number {
    if (addr < 0x2000) return this.ram[addr & 0x7ff]!;
    if (addr >= 0x8000) return this.prg[(addr - 0x8000) % this.prg.length]!;
    return 0;
  }
  write(addr: number, value: number): void {
    if (addr < 0x2000) this.ram[addr & 0x7ff] = value;
  }
}

const LOG = 'testdata/nes/other/nestest.log';
const ROM = 'testdata/nes/other/nestest.nes';

describeWithShared('m6502 nestest (CPU trace)', [LOG, ROM], () => {
  it('matches the Nintendulator trace on every one of its 8,991 instructions and reports no error', () => {
    const rom = readFileSync(shared(ROM)!);
    expect([...rom.subarray(0, 4)]).toEqual([0x4e, 0x45, 0x53, 0x1a]);
    const prg = rom.subarray(16, 16 + rom[4]! * 0x4000);
    const bus = new NromBus(prg);
    const cpu = new M6502(bus, { decimal: false });
    cpu.setState({ ...cpu.getState(), pc: 0xc000, a: 0, x: 0, y: 0, p: 0x24, s: 0xfd, cycles: 7, resetPending: false });
    const lines = readFileSync(shared(LOG)!, 'latin1').split(/\r?\n/).filter((l) => l.length > 0);
    expect(lines.length).toBe(8991);
    const h = (v: number, n: number) => v.toString(16).toUpperCase().padStart(n, '0');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const want = `${line.slice(0, 4)} A:${line.match(/A:(\w\w)/)![1]} X:${line.match(/X:(\w\w)/)![1]} Y:${line.match(/Y:(\w\w)/)![1]} P:${line.match(/P:(\w\w)/)![1]} SP:${line.match(/SP:(\w\w)/)![1]} CYC:${line.match(/CYC:(\d+)/)![1]}`;
      const s = cpu.getState();
      const got = `${h(s.pc, 4)} A:${h(s.a, 2)} X:${h(s.x, 2)} Y:${h(s.y, 2)} P:${h(s.p, 2)} SP:${h(s.s, 2)} CYC:${s.cycles}`;
      if (got !== want) {
        const prev = i > 0 ? lines[i - 1]!.slice(0, 48) : '(start)';
        expect(got, `line ${i + 1}, after ${prev} (${disassemble((a) => bus.read(a), s.pc).text} next)`).toBe(want);
      }
      cpu.step();
    }
    expect([bus.ram[2], bus.ram[3]]).toEqual([0, 0]);
  });
});
