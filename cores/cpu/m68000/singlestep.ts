/**
 * SingleStepTests adapter for the 68000: loads a case into the core on a recording flat-RAM bus,
 * runs one instruction with `step()`, and compares registers, SR, PC, the prefetch queue, RAM and
 * the total cycle count (`length`). Bus transactions (kind, start cycle, function code, address,
 * size, value) are compared too and counted in `transactionMismatches`; they fail a case only when
 * `strictTransactions` is set.
 *
 * Two schemas (see ../shared/testdata/singlestep/*\/SOURCE.md): Tom Harte's `68000` set (pc = the
 * instruction's address) and the MAME-generated `m68000-mame` set (pc = next prefetch address,
 * i.e. 4 more; data16 is the whole data bus; "re"/"we" are aborted address-error cycles).
 */
import type { SingleStepContext, SingleStepRunner, SingleStepSuite } from '../descriptor.ts';
import type { M68000Bus } from './bus.ts';
import { M68000 } from './cpu.ts';
import './decode.ts';

interface CaseState {
  d0: number; d1: number; d2: number; d3: number; d4: number; d5: number; d6: number; d7: number;
  a0: number; a1: number; a2: number; a3: number; a4: number; a5: number; a6: number;
  usp: number; ssp: number; sr: number; pc: number;
  prefetch: number[];
  ram: [number, number][];
}
interface Case {
  name: string;
  initial: CaseState;
  final: CaseState;
  length: number;
  transactions: (string | number)[][];
}

/** One recorded bus cycle: kind r/w, start cycle, fc, address, size (1/2), value. */
class RecordingBus implements M68000Bus {
  readonly ram = new Uint8Array(0x1000000);
  cpu: M68000 | null = null;
  log: number[] = [];
  touched: number[] = [];
  private rec(kind: number, addr: number, size: number, value: number, fc: number): void {
    this.log.push(kind, (this.cpu as M68000).cycles, fc, addr, size, value);
  }
  readWord(addr: number, fc: number): number {
    const v = (this.ram[addr] << 8) | this.ram[(addr + 1) & 0xffffff];
    this.rec(0, addr, 2, v, fc);
    return v;
  }
  readByte(addr: number, fc: number): number {
    const v = this.ram[addr];
    this.rec(0, addr, 1, v, fc);
    return v;
  }
  writeWord(addr: number, value: number, fc: number): void {
    this.ram[addr] = value >>> 8;
    this.ram[(addr + 1) & 0xffffff] = value & 0xff;
    this.touched.push(addr, (addr + 1) & 0xffffff);
    this.rec(1, addr, 2, value, fc);
  }
  writeByte(addr: number, value: number, fc: number): void {
    this.ram[addr] = value;
    this.touched.push(addr);
    this.rec(1, addr, 1, value, fc);
  }
  interruptAck(): number {
    return -1;
  }
  resetDevices(): void {}
}

export interface M68000SuiteOptions {
  /** Fail a case whose bus transactions differ (order, timing, addresses, values). */
  strictTransactions?: boolean;
}

export interface M68000SuiteStats {
  cases: number;
  transactionMismatches: number;
  firstTransactionMismatch?: string;
}

const REGS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6'] as const;

export function createM68000Suite(options: M68000SuiteOptions = {}): SingleStepSuite & { stats: M68000SuiteStats } {
  const stats: M68000SuiteStats = { cases: 0, transactionMismatches: 0 };
  return {
    stats,
    createRunner(ctx: SingleStepContext): SingleStepRunner {
      const mame = /m68000-mame/.test(ctx.file);
      const pcOffset = mame ? 4 : 0;
      const bus = new RecordingBus();
      const cpu = new M68000(bus);
      // Each suite follows its generator where the two disagree (see README.md).
      cpu.clk = !mame;
      bus.cpu = cpu;
      return {
        runCase(raw: unknown): string | null {
          const t = raw as Case;
          const ini = t.initial;
          for (const [a, v] of ini.ram) bus.ram[a & 0xffffff] = v;
          const d: number[] = [];
          const a: number[] = [];
          for (let i = 0; i < 8; i++) d.push(ini[REGS[i]]);
          for (let i = 0; i < 7; i++) a.push(ini[REGS[8 + i]]);
          cpu.setState({
            d, a, usp: ini.usp, ssp: ini.ssp, sr: ini.sr, pc: ini.pc - pcOffset,
            prefetch: [ini.prefetch[0], ini.prefetch[1]], stopped: false, halted: false, ipl: 0, nmiPending: false, tracePending: false, cycles: 0,
          });
          bus.log.length = 0;
          bus.touched.length = 0;
          let diff: string | null = null;
          try {
            cpu.step();
            diff = compare(cpu, bus, t, pcOffset);
          } finally {
            stats.cases++;
            const td = compareTransactions(bus, t, mame);
            if (td !== null) {
              stats.transactionMismatches++;
              if (stats.firstTransactionMismatch === undefined) stats.firstTransactionMismatch = `${t.name}: ${td}`;
              if (diff === null && options.strictTransactions) diff = td;
            }
            for (const [addr] of ini.ram) bus.ram[addr & 0xffffff] = 0;
            for (const addr of bus.touched) bus.ram[addr] = 0;
          }
          return diff;
        },
      };
    },
  };
}

const hex = (v: number) => '$' + (v >>> 0).toString(16);

function compare(cpu: M68000, bus: RecordingBus, t: Case, pcOffset: number): string | null {
  const s = cpu.getState();
  const f = t.final;
  for (let i = 0; i < 8; i++) if (s.d[i] !== f[REGS[i]] >>> 0) return `d${i} ${hex(s.d[i])} != ${hex(f[REGS[i]])}`;
  for (let i = 0; i < 7; i++) if (s.a[i] !== f[REGS[8 + i]] >>> 0) return `a${i} ${hex(s.a[i])} != ${hex(f[REGS[8 + i]])}`;
  if (s.usp !== f.usp >>> 0) return `usp ${hex(s.usp)} != ${hex(f.usp)}`;
  if (s.ssp !== f.ssp >>> 0) return `ssp ${hex(s.ssp)} != ${hex(f.ssp)}`;
  if (s.sr !== f.sr) return `sr ${hex(s.sr)} != ${hex(f.sr)}`;
  if (((s.pc + pcOffset) >>> 0) !== f.pc >>> 0) return `pc ${hex(s.pc + pcOffset)} != ${hex(f.pc)}`;
  if (s.prefetch[0] !== f.prefetch[0] || s.prefetch[1] !== f.prefetch[1]) {
    return `prefetch ${hex(s.prefetch[0])},${hex(s.prefetch[1])} != ${hex(f.prefetch[0])},${hex(f.prefetch[1])}`;
  }
  for (const [addr, v] of f.ram) {
    if (bus.ram[addr & 0xffffff] !== v) return `ram[${hex(addr)}] ${hex(bus.ram[addr & 0xffffff])} != ${hex(v)}`;
  }
  if (cpu.cycles !== t.length) return `length ${cpu.cycles} != ${t.length}`;
  return null;
}

/** Expected bus cycles with start times; TAS's "t" becomes a read and a write 6 cycles later. */
function compareTransactions(bus: RecordingBus, t: Case, mame: boolean): string | null {
  const exp: number[] = [];
  let time = 0;
  for (const tr of t.transactions) {
    const kind = tr[0] as string;
    const len = tr[1] as number;
    if (kind === 'r' || kind === 'w' || kind === 't') {
      const fc = tr[2] as number;
      let addr = (tr[3] as number) & 0xffffff;
      const size = tr[4] === '.b' ? 1 : 2;
      let v = tr[5] as number;
      if (mame && size === 1) {
        // The MAME set gives the even bus address and the lanes (UDS, LDS) with the whole bus.
        const lowLane = tr[6] === 0 && tr[7] === 1;
        addr = (addr & ~1) | (lowLane ? 1 : 0);
        v = lowLane ? v & 0xff : (v >>> 8) & 0xff;
      }
      if (kind === 't') {
        // The value listed for TAS is the one written back (bit 7 set).
        exp.push(0, time, fc, addr, 1, -1);
        exp.push(1, time + 6, fc, addr, 1, v);
      } else exp.push(kind === 'r' ? 0 : 1, time, fc, addr, size, v);
    }
    time += len;
  }
  const got = bus.log;
  const n = Math.max(exp.length, got.length) / 6;
  for (let i = 0; i < n; i++) {
    const e = exp.slice(i * 6, i * 6 + 6);
    const g = got.slice(i * 6, i * 6 + 6);
    if (e.length === 0) return `extra bus cycle #${i} ${fmt(g)}`;
    if (g.length === 0) return `missing bus cycle #${i} ${fmt(e)}`;
    for (let k = 0; k < 6; k++) {
      if (k === 5 && e[5] === -1) continue;
      if (e[k] !== g[k]) return `bus cycle #${i}: ${fmt(g)} != ${fmt(e)}`;
    }
  }
  return null;
}

function fmt(x: number[]): string {
  return `${x[0] === 0 ? 'r' : 'w'}@${x[1]} fc${x[2]} ${hex(x[3])}.${x[4] === 1 ? 'b' : 'w'}=${hex(x[5])}`;
}

export const m68000SingleStep = createM68000Suite();
