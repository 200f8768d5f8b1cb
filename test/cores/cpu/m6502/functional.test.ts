/**
 * Whole-program tests on a flat 64 KiB RAM: Klaus Dormann's functional test must reach its success
 * loop at $3469, Bruce Clark's decimal test must finish with ERROR ($000B) = 0
 * (../shared/testdata/6502-functional/SOURCE.md). Also: decimal mode switched off (NES 2A03).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLARK_DECIMAL, DORMANN, ProgramRunner } from '../../../../cores/cpu/m6502/program-runner.ts';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';

const DIR = 'testdata/6502-functional';

describeWithShared('m6502 whole-program tests', [`${DIR}/6502_functional_test.bin`, `${DIR}/6502_decimal_test.bin`], () => {
  const functional = () => readFileSync(shared(`${DIR}/6502_functional_test.bin`)!);

  it("passes Klaus Dormann's functional test (success loop at $3469)", () => {
    const r = new ProgramRunner();
    r.load(functional(), DORMANN.loadAddr, DORMANN.startPc);
    const res = r.runToTrap(200_000_000);
    expect(res.timedOut).toBe(false);
    // On failure, the test number at $0200 and the trap address locate the failing test in the .lst.
    expect({ pc: res.pc.toString(16), testCase: r.ram.mem[0x200] }).toEqual({ pc: '3469', testCase: 0xf0 });
    // The count is a property of the program and the cycle timing: 96,301,5xx cycles to the trap.
    expect(res.cycles).toBeGreaterThan(96_000_000);
    expect(res.cycles).toBeLessThan(96_400_000);
  });

  it("passes Bruce Clark's decimal test (ERROR = 0 at DONE)", () => {
    const r = new ProgramRunner();
    r.load(readFileSync(shared(`${DIR}/6502_decimal_test.bin`)!), CLARK_DECIMAL.loadAddr, CLARK_DECIMAL.startPc);
    const res = r.runToTrap(100_000_000, CLARK_DECIMAL.donePc);
    expect(res.timedOut).toBe(false);
    expect(res.pc).toBe(CLARK_DECIMAL.donePc);
    expect(r.ram.mem[CLARK_DECIMAL.errorAddr]).toBe(0);
  });

  it('with decimal mode off (2A03), the decimal test reports an error and the functional test traps in its decimal section', () => {
    const d = new ProgramRunner({ decimal: false });
    d.load(readFileSync(shared(`${DIR}/6502_decimal_test.bin`)!), CLARK_DECIMAL.loadAddr, CLARK_DECIMAL.startPc);
    const dr = d.runToTrap(100_000_000, CLARK_DECIMAL.donePc);
    expect(dr.pc).toBe(CLARK_DECIMAL.donePc);
    expect(d.ram.mem[CLARK_DECIMAL.errorAddr]).toBe(1);

    const f = new ProgramRunner({ decimal: false });
    f.load(functional(), DORMANN.loadAddr, DORMANN.startPc);
    const fr = f.runToTrap(200_000_000);
    expect(fr.timedOut).toBe(false);
    // Test $2a is "decimal add/subtract"; $3477 is the `bne *` after the first decimal ADC in chkdad
    // (6502_functional_test.lst lines 13187-13397).
    expect({ pc: fr.pc.toString(16), testCase: f.ram.mem[0x200] }).toEqual({ pc: '3477', testCase: 0x2a });
  });
});

describe('m6502 decimal switch', () => {
  /** SED; CLC; LDA #$09; ADC #$01; BRK-free: stop after 4 instructions. */
  function addNineAndOne(decimal: boolean): number {
    const r = new ProgramRunner({ decimal });
    r.load(Uint8Array.of(0xf8, 0x18, 0xa9, 0x09, 0x69, 0x01), 0x0400, 0x0400);
    for (let i = 0; i < 4; i++) r.cpu.step();
    return r.cpu.a;
  }
  it('ADC honours D on an NMOS 6502 and ignores it with decimal: false', () => {
    expect(addNineAndOne(true)).toBe(0x10);
    expect(addNineAndOne(false)).toBe(0x0a);
  });
});
