/**
 * What `cycles` (and so the Scheduler's `now`) means while a core is inside a bus call, checked
 * for every core, since lazy devices catch up to exactly that moment (cores/kernel/README.md,
 * "Time during a bus access"). Each core documents its rule in its bus.ts; these tests pin them:
 * - Z80 and 68000: the first clock of the machine/bus cycle (the start of the access);
 * - 6502: the 1-based number of the clock cycle being performed (every cycle is an access);
 * - x86 (table-timed, no bus-cycle model): memory accesses see the clock the instruction starts
 *   at, I/O accesses the end of its table time (the PIT/PIC reads that programs time by are I/O).
 *   TODO(accuracy): stamp each x86 access at its own bus cycle once the core models them.
 */
import { describe, expect, it } from 'vitest';
import { M6502 } from '../../../cores/cpu/m6502/m6502.ts';
import { FlatRam64 } from '../../../cores/cpu/m6502/program-runner.ts';
import { FlatBus68k } from '../../../cores/cpu/m68000/bus.ts';
import { M68000 } from '../../../cores/cpu/m68000/cpu.ts';
import '../../../cores/cpu/m68000/decode.ts';
import { FlatZ80Bus } from '../../../cores/cpu/z80/flat-bus.ts';
import { Z80 } from '../../../cores/cpu/z80/z80.ts';
import { machine as x86Machine } from './x86/helpers.ts';

describe('time during a bus access, per core', () => {
  it('Z80: each call sees the first T-state of its machine cycle (LD A,(nn); OUT (n),A)', () => {
    const bus = new FlatZ80Bus();
    bus.mem.set([0x3a, 0x00, 0x90, 0xd3, 0xfe], 0); // LD A,(9000h) ; OUT (FEh),A
    const cpu = new Z80(bus);
    const log: string[] = [];
    const b = bus as unknown as Record<string, (...a: number[]) => number | void>;
    for (const name of ['fetch', 'read', 'output'] as const) {
      const orig = b[name]!.bind(bus);
      b[name] = (...a: number[]) => { log.push(`${name}@${cpu.cycles}`); return orig(...a); };
    }
    cpu.step();
    cpu.step();
    // LD A,(nn): M1 4T, two operand reads 3T each, the data read 3T (UM0080, 13 T);
    // OUT (n),A: M1 4T, operand read 3T, the I/O write (11 T).
    expect(log).toEqual(['fetch@0', 'read@4', 'read@7', 'read@10', 'fetch@13', 'read@17', 'output@20']);
  });

  it('68000: each call sees the cycle its bus cycle starts (S0), wait states included', () => {
    const bus = new FlatBus68k();
    // MOVE.W $2000.W,D0 ; NOP
    [0x3038, 0x2000, 0x4e71, 0x4e71, 0x4e71].forEach((w, i) => bus.writeWord(0x1000 + i * 2, w));
    const cpu = new M68000(bus);
    cpu.setState({
      d: [0, 0, 0, 0, 0, 0, 0, 0], a: [0, 0, 0, 0, 0, 0, 0], usp: 0, ssp: 0x8000, sr: 0x2700, pc: 0x1000,
      prefetch: [bus.readWord(0x1000), bus.readWord(0x1002)], stopped: false, halted: false, ipl: 0,
      nmiPending: false, tracePending: false, cycles: 0,
    });
    const log: string[] = [];
    const orig = bus.readWord.bind(bus);
    bus.readWord = (addr: number, fc = 0) => {
      log.push(`${addr.toString(16)}@${cpu.cycles}`);
      // Two wait states on the data read: later cycles shift by 2.
      if (addr === 0x2000) cpu.cycles += 2;
      return orig(addr, fc);
    };
    cpu.step();
    // MOVE.W (xxx).W,Dn = 12 cycles: prefetch of the extension's successor, the data read, the
    // refill (68000 UM table 8-2: 12(3/0)); each read starts 4 cycles (plus waits) after the last.
    expect(log).toEqual(['1004@0', '2000@4', '1006@10']);
    expect(cpu.cycles).toBe(14);
  });

  it('6502: each call sees the number of the cycle being performed (LDA abs; STA zp)', () => {
    const bus = new FlatRam64();
    bus.mem.set([0xad, 0x00, 0x30, 0x85, 0x10], 0x0200); // LDA $3000 ; STA $10
    bus.mem[0xfffc] = 0x00; bus.mem[0xfffd] = 0x02;
    const cpu = new M6502(bus);
    cpu.reset();
    while (cpu.pc !== 0x0200) cpu.step();
    const start = cpu.cycles;
    const log: string[] = [];
    const r = bus.read.bind(bus);
    const w = bus.write.bind(bus);
    bus.read = (a: number) => { log.push(`r${a.toString(16)}@${cpu.cycles - start}`); return r(a); };
    bus.write = (a: number, v: number) => { log.push(`w${a.toString(16)}@${cpu.cycles - start}`); w(a, v); };
    cpu.step();
    cpu.step();
    expect(log).toEqual(['r200@1', 'r201@2', 'r202@3', 'r3000@4', 'r203@5', 'r204@6', 'w10@7']);
  });

  it('x86: memory accesses see the instruction\'s first clock, I/O the end of its table time', () => {
    const { cpu, bus } = x86Machine([0x90, 0xe6, 0x42, 0xa2, 0x34, 0x12, 0xe4, 0x60]);
    const log: string[] = [];
    const b = bus as unknown as Record<string, (...a: number[]) => number | void>;
    const w8 = bus.write8.bind(bus);
    b.out8 = (p: number) => { log.push(`out${p.toString(16)}@${cpu.cycles}`); };
    b.in8 = (p: number) => { log.push(`in${p.toString(16)}@${cpu.cycles}`); return 0; };
    b.write8 = (a: number, v: number) => { if (a === 0x11234) log.push(`w@${cpu.cycles}`); w8(a, v); };
    for (let i = 0; i < 4; i++) cpu.step();
    // 8088 table times: NOP 3, OUT imm8 10, MOV mem,AL 10, IN imm8 10 (iAPX 86/88 UM).
    expect(log).toEqual(['out42@13', 'w@13', 'in60@33']);
  });
});
