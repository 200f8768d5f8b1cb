/**
 * nestest (Kevin Horton) in automation mode on the whole NES machine: the cartridge goes in
 * through the media loader, the CPU runs through the machine's bus (work RAM, PPU and APU
 * registers, the mapper), and every instruction is compared with Nintendulator's trace
 * `nestest.log`: PC, A, X, Y, P, SP, the CPU cycle count and the PPU's scanline and dot, which
 * checks that the PPU runs 3 dots per CPU cycle from the same starting point.
 * Data: ../shared/testdata/nes/SOURCE.md.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeWithShared, shared } from '../../helpers/testdata.ts';
import { nesSession } from './helpers.ts';

const LOG = 'testdata/nes/other/nestest.log';
const ROM = 'testdata/nes/other/nestest.nes';

describeWithShared('NES machine: nestest', [LOG, ROM], () => {
  it('matches the trace (registers, cycles, PPU position) on all 8,991 instructions and reports no error', () => {
    const { m } = nesSession(ROM);
    const n = m.nes, cpu = n.cpu;
    cpu.setState({ ...cpu.getState(), pc: 0xc000, a: 0, x: 0, y: 0, p: 0x24, s: 0xfd, cycles: 7, resetPending: false });
    const lines = readFileSync(shared(LOG)!, 'latin1').split(/\r?\n/).filter((l) => l.length > 0);
    expect(lines.length).toBe(8991);
    const h = (v: number, k: number) => v.toString(16).toUpperCase().padStart(k, '0');
    const d = (v: number) => v.toString().padStart(3, ' ');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const want = `${line.slice(0, 4)} ${line.slice(48)}`;
      n.catchUp();
      const s = cpu.getState(), p = n.ppu.s;
      const got = `${h(s.pc, 4)} A:${h(s.a, 2)} X:${h(s.x, 2)} Y:${h(s.y, 2)} P:${h(s.p, 2)} SP:${h(s.s, 2)} PPU:${d(p.line)},${d(p.dot)} CYC:${s.cycles}`;
      if (got !== want) expect(got, `line ${i + 1}`).toBe(want);
      cpu.step();
    }
    expect([n.ram[2], n.ram[3]]).toEqual([0, 0]);
  });
});
