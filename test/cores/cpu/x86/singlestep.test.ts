/**
 * SingleStepTests 8086 (hardware-captured, 322 files x 450 cases): final registers, FLAGS under the
 * suite's undefined-flag masks, and RAM must match for every case.
 */
import { describe, expect, it } from 'vitest';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';
import { collectTestFiles, runTestFile } from '../../../../ui/cli/singlestep.ts';
import { createX86Runner, flagsMaskFor, x86SingleStep } from '../../../../cores/cpu/x86/singlestep.ts';

describe('x86 single-step adapter', () => {
  // mov [0010h], al at 1000:0000 with AL = 5Ah: writes physical 10010h.
  const regs = { ax: 0x5a, bx: 0, cx: 0, dx: 0, cs: 0x1000, ss: 0, ds: 0x1000, es: 0, sp: 0x100, bp: 0, si: 0, di: 0, ip: 0, flags: 0xf002 };
  const code: [number, number][] = [[0x10000, 0xa2], [0x10001, 0x10], [0x10002, 0x00]];
  const runner = createX86Runner({ file: 'A2.json.gz', sibling: () => undefined });

  it('passes a case whose registers and RAM match', () => {
    const c = { bytes: [0xa2, 0x10, 0], initial: { regs, ram: code }, final: { regs: { ip: 3 }, ram: [...code, [0x10010, 0x5a]] } };
    expect(runner.runCase(c)).toBeNull();
  });

  it('reports a wrong register, a wrong byte and a write the case does not list', () => {
    const c1 = { bytes: [0xa2, 0x10, 0], initial: { regs, ram: code }, final: { regs: { ip: 4 }, ram: [...code, [0x10010, 0x5a]] } };
    expect(runner.runCase(c1)).toContain('ip=0003 want 0004');
    const c2 = { bytes: [0xa2, 0x10, 0], initial: { regs, ram: code }, final: { regs: { ip: 3 }, ram: [...code, [0x10010, 0x5b]] } };
    expect(runner.runCase(c2)).toContain('[10010]=5a want 5b');
    const c3 = { bytes: [0xa2, 0x10, 0], initial: { regs, ram: code }, final: { regs: { ip: 3 }, ram: code } };
    expect(runner.runCase(c3)).toContain('stray write to 10010');
  });

  it('takes the FLAGS mask for an opcode (and ModR/M reg) from metadata.json', () => {
    const meta = { opcodes: { F6: { reg: { '4': { 'flags-mask': 0xf72a } } }, '27': { 'flags-mask': 0xf7ff } } };
    expect(flagsMaskFor('/x/F6.4.json.gz', meta)).toBe(0xf72a);
    expect(flagsMaskFor('/x/27.json.gz', meta)).toBe(0xf7ff);
    expect(flagsMaskFor('/x/90.json.gz', meta)).toBe(0xffff);
  });
});

describeWithShared('x86 SingleStepTests 8086', ['testdata/singlestep/8086/metadata.json'], () => {
  const files = collectTestFiles([shared('testdata/singlestep/8086')!]);

  it('finds the 322 test files', () => {
    expect(files.length).toBe(322);
  });

  // One test per leading hex digit keeps the report short and each test well under the timeout.
  for (const digit of '0123456789ABCDEF') {
    const group = files.filter((f) => f.split('/').pop()!.startsWith(digit));
    it(`opcodes ${digit}0h-${digit}Fh: every case matches`, () => {
      const failures: string[] = [];
      let total = 0;
      for (const f of group) {
        const r = runTestFile(x86SingleStep, f);
        total += r.total;
        if (r.failed > 0) failures.push(`${f.split('/').pop()}: ${r.failed} of ${r.total} failed, first: ${r.first}`);
      }
      expect(failures).toEqual([]);
      expect(total).toBe(group.length * 450);
    }, 120_000);
  }
});
