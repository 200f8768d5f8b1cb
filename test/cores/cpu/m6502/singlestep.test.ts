/**
 * Tom Harte's 6502 single-step tests (../shared/testdata/singlestep/6502, 500 cases per opcode):
 * registers, RAM and every bus cycle. Every opcode must pass every case, with two documented
 * exceptions, each asserted as precisely as we can justify:
 * - 0c, 1c, 3c, 5c, 7c, dc, fc (NOP abs / NOP abs,X): this 2022 copy of the data is one cycle short
 *   (upstream bug SingleStepTests/ProcessorTests#46, fixed upstream in 2023, CLK PR #1161). The real
 *   chip ends these with a read of the effective address, like LDA abs / LDA abs,X. We assert that
 *   each differing case differs by exactly that final read and nothing else.
 * - 93, 9b, 9c, 9e, 9f (SHA/TAS/SHY/SHX, unstable): we follow the documented behaviour (value =
 *   register & (base high byte + 1); on a page crossing that value also replaces the address high
 *   byte). Without a page crossing the data agrees and every case must pass; with one, the data
 *   instead writes reg & (target high + 1) at the unmodified target. There we assert that every
 *   cycle but the final write matches, and that our write follows the documented formula. blargg's
 *   NES instr_test 07-abs_xy (blargg-instr.test.ts) passes with this model and fails SHY/SHX
 *   without the address change.
 * ANE (8b) and LXA (ab), also unstable, must pass all cases with the magic constant $EE.
 */
import { expect, it } from 'vitest';
import { M6502SingleStepRunner } from '../../../../cores/cpu/m6502/single-step.ts';
import { m6502Descriptor } from '../../../../cores/cpu/m6502/descriptor.ts';
import { readJson } from '../../../../ui/cli/files.ts';
import { runTestFile } from '../../../../ui/cli/singlestep.ts';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';

const DIR = 'testdata/singlestep/6502';
const NOP_ABS_DEFECT = [0x0c, 0x1c, 0x3c, 0x5c, 0x7c, 0xdc, 0xfc];
const UNSTABLE_STORES = [0x93, 0x9b, 0x9c, 0x9e, 0x9f];
const hex = (op: number) => op.toString(16).padStart(2, '0');
const file = (op: number) => `${shared(DIR)}/${hex(op)}.json.gz`;

type Cycle = [number, number, string];
interface Case { name: string; initial: { pc: number; x: number; y: number; a: number; s: number; ram: [number, number][] }; cycles: Cycle[] }

/** Our bus log for one case, as [addr, value, 'read'|'write'] triples. */
function ourCycles(runner: M6502SingleStepRunner, c: Case): { diff: string | null; log: Cycle[] } {
  const diff = runner.runCase(c);
  // runCase clears RAM afterwards but leaves the log of the case it ran.
  const b = runner.bus;
  const log: Cycle[] = [];
  for (let i = 0; i < b.count; i++) log.push([b.addrs[i]!, b.values[i]!, b.writes[i] ? 'write' : 'read']);
  return { diff, log };
}

describeWithShared('m6502 single-step (Harte 6502 v1)', [DIR], () => {
  const strict = Array.from({ length: 256 }, (_, op) => op)
    .filter((op) => !NOP_ABS_DEFECT.includes(op) && !UNSTABLE_STORES.includes(op));

  it.each(strict.map(hex))('opcode %s passes every case, bus cycles included', (h) => {
    const r = runTestFile(m6502Descriptor.singleStep!, file(parseInt(h, 16)));
    expect(r.total).toBe(500);
    expect(r.first).toBeUndefined();
    expect(r.failed).toBe(0);
  });

  it.each(NOP_ABS_DEFECT.map(hex))('NOP %s: registers and RAM match; cycles differ only by the final effective-address read the data lacks', (h) => {
    const op = parseInt(h, 16);
    const cases = readJson(file(op)) as Case[];
    const runner = new M6502SingleStepRunner();
    let differing = 0;
    for (const c of cases) {
      const { diff, log } = ourCycles(runner, c);
      if (diff === null) continue;
      differing++;
      expect(diff, c.name).toMatch(/^cycle \d+: expected nothing/); // registers and RAM matched
      const lo = c.cycles[1]![1];
      const hi = c.cycles[2]![1];
      const ea = (((hi << 8) | lo) + (op === 0x0c ? 0 : c.initial.x)) & 0xffff;
      expect(log.slice(0, -1), c.name).toEqual(c.cycles);
      expect(log[log.length - 1]![0], c.name).toBe(ea);
      expect(log[log.length - 1]![2], c.name).toBe('read');
    }
    // 0c always differs; the abs,X ones exactly when the index crosses a page.
    if (op === 0x0c) expect(differing).toBe(500);
    else expect(differing).toBe(cases.filter((c) => c.cycles[1]![1] + c.initial.x > 0xff).length);
  });

  it.each(UNSTABLE_STORES.map(hex))('unstable store %s: exact without a page crossing, documented formula with one', (h) => {
    const op = parseInt(h, 16);
    const cases = readJson(file(op)) as Case[];
    const runner = new M6502SingleStepRunner();
    let crossing = 0;
    for (const c of cases) {
      const i = c.initial;
      const ram = new Map(i.ram);
      // Base address and index for each mode: 93 = (zp),Y; 9b/9e/9f = abs,Y; 9c = abs,X.
      let base: number;
      if (op === 0x93) {
        const zp = ram.get((i.pc + 1) & 0xffff)!;
        base = ram.get(zp)! | (ram.get((zp + 1) & 0xff)! << 8);
      } else {
        base = ram.get((i.pc + 1) & 0xffff)! | (ram.get((i.pc + 2) & 0xffff)! << 8);
      }
      const index = op === 0x9c ? i.x : i.y;
      const crosses = (base & 0xff) + index > 0xff;
      const { diff, log } = ourCycles(runner, c);
      if (!crosses) {
        expect(diff, c.name).toBeNull();
        continue;
      }
      crossing++;
      expect(log.slice(0, -1), c.name).toEqual(c.cycles.slice(0, -1));
      const reg = op === 0x93 || op === 0x9f ? i.a & i.x : op === 0x9b ? i.a & i.x : op === 0x9c ? i.y : i.x;
      const value = reg & (((base >> 8) + 1) & 0xff);
      const target = (base + index) & 0xffff;
      expect(log[log.length - 1], c.name).toEqual([(value << 8) | (target & 0xff), value, 'write']);
    }
    expect(crossing).toBeGreaterThan(100); // the page-crossing half really was exercised
  });
});
