/**
 * Single-step adapter: runs SingleStepTests 8086/8088 JSON cases (see
 * ../shared/testdata/singlestep/8086/SOURCE.md) on an 8086-model core over a flat 1 MB bus.
 *
 * Compared: all 14 registers (FLAGS ANDed with the per-opcode `flags-mask` from the suite's
 * `metadata.json`, which lists the flags the hardware leaves undefined), every final RAM byte, and
 * that nothing was written outside the addresses the case lists. RAM is zeroed between cases.
 * Not compared: the prefetch queue and the per-clock bus trace (`cycles`): the core is
 * instruction-level. One allowance, the one the suite's README recommends: when a divide
 * instruction raises the divide error, the FLAGS word it pushed holds the same undefined flags, so
 * those two stack bytes are compared under the same mask.
 */
import { basename } from 'node:path';
import type { SingleStepContext, SingleStepRunner, SingleStepSuite } from '../descriptor.ts';
import { FlatX86Bus } from './bus.ts';
import { Seg, X86Cpu, X86Model } from './cpu.ts';
import { X86ProtCpu } from './cpu386.ts';

interface Regs {
  ax: number; bx: number; cx: number; dx: number; cs: number; ss: number; ds: number; es: number;
  sp: number; bp: number; si: number; di: number; ip: number; flags: number;
}
interface Case {
  name?: string;
  bytes: number[];
  /** 80286 set: the interrupt taken during the instruction and where it pushed FLAGS. */
  exception?: { number: number; flag_address: number };
  initial: { regs: Regs; ram: [number, number][] };
  final: { regs: Partial<Regs>; ram: [number, number][] };
}
interface OpMeta { status?: string; 'flags-mask'?: number; reg?: Record<string, OpMeta> }

/** Flat bus that remembers which addresses were written, so a stray write is caught. */
class RecordingBus extends FlatX86Bus {
  readonly written: number[] = [];
  override write8(addr: number, value: number): void {
    this.written.push(addr);
    super.write8(addr, value);
  }
  override write16(addr: number, value: number): void {
    this.written.push(addr, addr + 1);
    super.write16(addr, value);
  }
}

const REG_NAMES = ['ax', 'bx', 'cx', 'dx', 'cs', 'ss', 'ds', 'es', 'sp', 'bp', 'si', 'di', 'ip', 'flags'] as const;

/** `F6.7.json.gz` -> the FLAGS mask for opcode F6h, reg 7 (FFFFh when nothing is undefined). */
export function flagsMaskFor(file: string, metadata: unknown): number {
  const m = /^([0-9A-Fa-f]{2})(?:\.([0-7]))?\.json/.exec(basename(file));
  if (m === null || typeof metadata !== 'object' || metadata === null) return 0xffff;
  const ops = (metadata as { opcodes?: Record<string, OpMeta> }).opcodes;
  let e = ops?.[m[1]!.toUpperCase()];
  if (e?.reg !== undefined && m[2] !== undefined) e = e.reg[m[2]];
  return e?.['flags-mask'] ?? 0xffff;
}

function readRegs(cpu: X86Cpu): Regs {
  const r = cpu.r16, s = cpu.sreg;
  return {
    ax: r[0]!, cx: r[1]!, dx: r[2]!, bx: r[3]!, sp: r[4]!, bp: r[5]!, si: r[6]!, di: r[7]!,
    es: s[0]!, cs: s[1]!, ss: s[2]!, ds: s[3]!, ip: cpu.ip, flags: cpu.flags,
  };
}

const hex = (v: number) => v.toString(16).padStart(4, '0');

export function createX86Runner(ctx: SingleStepContext, model: X86Model = X86Model.I8086): SingleStepRunner {
  const mask = flagsMaskFor(ctx.file, ctx.sibling('metadata.json'));
  const isDivide = /^(F6\.[67]|F7\.[67]|D4)\./i.test(basename(ctx.file));
  const bus = new RecordingBus();
  // The 80286 runs on the class a 286 machine uses (protected-mode capable; real mode is its fast path).
  const cpu = model === X86Model.I80286 ? new X86ProtCpu(bus, model) : new X86Cpu(bus, model);
  return {
    runCase(raw: unknown): string | null {
      const tc = raw as Case;
      const ini = tc.initial.regs;
      cpu.reset();
      const r = cpu.r16;
      r[0] = ini.ax; r[1] = ini.cx; r[2] = ini.dx; r[3] = ini.bx; r[4] = ini.sp; r[5] = ini.bp; r[6] = ini.si; r[7] = ini.di;
      cpu.loadSeg(Seg.ES, ini.es); cpu.loadSeg(Seg.CS, ini.cs); cpu.loadSeg(Seg.SS, ini.ss); cpu.loadSeg(Seg.DS, ini.ds);
      cpu.ip = ini.ip;
      cpu.setFlags(ini.flags); // masks bits 12-15 on the 286 (its flagsWritable), as the 80286 README asks
      cpu.lastVector = -1;
      cpu.endCycle = Infinity;
      for (const [a, v] of tc.initial.ram) bus.ram[a] = v;
      bus.written.length = 0;
      cpu.step();
      // The 80286 set ends every case with a HLT (after the instruction, or at the first code
      // address after a transfer or interrupt) and records IP one past it: run to that HLT.
      if (model >= X86Model.I80286) for (let i = 0; i < 3 && !cpu.halted; i++) cpu.step();
      const got = readRegs(cpu);
      const diffs: string[] = [];
      for (const k of REG_NAMES) {
        const want = tc.final.regs[k] ?? ini[k];
        const m = k === 'flags' ? mask : 0xffff;
        if ((got[k] & m) !== (want & m)) diffs.push(`${k}=${hex(got[k])} want ${hex(want)}`);
      }
      // Stack bytes of the FLAGS pushed by a divide error (see the header).
      let fl = -1, fh = -1;
      if (tc.exception !== undefined) {
        // The frame's FLAGS word is at SS:SP+4 (upstream's flag_address is one below it in
        // every case checked, so the frame is located from SP instead).
        fl = cpu.linear(Seg.SS, (cpu.r16[4]! + 4) & 0xffff);
        fh = cpu.linear(Seg.SS, (cpu.r16[4]! + 5) & 0xffff);
      } else if (isDivide && cpu.lastVector === 0) {
        fl = cpu.linear(Seg.SS, (cpu.r16[4]! + 4) & 0xffff);
        fh = cpu.linear(Seg.SS, (cpu.r16[4]! + 5) & 0xffff);
      }
      for (const [a, v] of tc.final.ram) {
        const m = a === fl ? mask & 0xff : a === fh ? mask >> 8 : 0xff;
        if ((bus.ram[a]! & m) !== (v & m)) diffs.push(`[${a.toString(16)}]=${bus.ram[a]!.toString(16)} want ${v.toString(16)}`);
      }
      // Every byte written must be one the case lists in its final RAM.
      // (The 80286 set lists only the bytes that changed: there a write of the value the byte
      // already held is not stray, so an unlisted byte must just still hold its initial value.)
      const listed = new Set(tc.final.ram.map(([a]) => a));
      const initial = model >= X86Model.I80286 ? new Map(tc.initial.ram) : null;
      for (const a of bus.written) {
        if (listed.has(a) || (initial !== null && bus.ram[a] === (initial.get(a) ?? 0))) continue;
        diffs.push(`stray write to ${a.toString(16)}`);
        break;
      }
      // Undo this case's bytes so the next case starts from zeroed RAM.
      for (const [a] of tc.initial.ram) bus.ram[a] = 0;
      for (const a of bus.written) bus.ram[a] = 0;
      return diffs.length === 0 ? null : diffs.slice(0, 6).join(', ');
    },
  };
}

export const x86SingleStep: SingleStepSuite = {
  createRunner: (ctx) => createX86Runner(ctx),
};

/** The 80286 real-mode set (../shared/testdata/singlestep/80286): FLAGS bits 12-15 cleared on load, as its README says. */
export const x286SingleStep: SingleStepSuite = {
  createRunner: (ctx) => createX86Runner(ctx, X86Model.I80286),
};
