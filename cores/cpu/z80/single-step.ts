/**
 * Adapter for the SingleStepTests Z80 suite (`../shared/testdata/singlestep/z80`): loads a case's
 * registers and RAM, runs one `step()`, and compares registers, RAM, the per-T-state bus activity
 * (`cycles`) and the port accesses (`ports`).
 *
 * The core does not report individual T-states; the recording bus here logs each machine-cycle call
 * and expands it to the upstream per-T-state form (README.upstream.md): an M1 cycle shows PC with
 * RD+MREQ in T2 and the refresh address I:R with the opcode in T3; a read shows the data in its
 * third T-state; a write shows WR+MREQ and the data in its second; I/O cycles show RD/WR+IORQ in
 * their third T-state; internal T-states show the address only.
 */
import type { SingleStepContext, SingleStepRunner, SingleStepSuite } from '../descriptor.ts';
import type { Z80Bus } from './bus.ts';
import { Z80 } from './z80.ts';

type Cycle = [number | null, number | null, string];
type Port = [number, number, string];

interface CaseRegs {
  pc: number; sp: number; a: number; b: number; c: number; d: number; e: number; f: number; h: number; l: number;
  i: number; r: number; ei: number; wz: number; ix: number; iy: number;
  af_: number; bc_: number; de_: number; hl_: number; im: number; p: number; q: number; iff1: number; iff2: number;
  ram: [number, number][];
}

interface Case {
  name: string;
  initial: CaseRegs;
  final: CaseRegs;
  cycles: Cycle[];
  ports?: Port[];
}

/** A flat 64 KB bus that logs every call as per-T-state entries. */
export class RecordingZ80Bus implements Z80Bus {
  readonly mem = new Uint8Array(0x10000);
  cpu: Z80 | null = null;
  log: Cycle[] = [];
  ports: Port[] = [];
  /** Values to return from `input`, in order. */
  inputs: number[] = [];
  /** Set when a call did not start at the T-state the log had reached. */
  gap: string | null = null;
  private start = 0;

  begin(cycles: number): void {
    this.log = []; this.ports = []; this.gap = null; this.start = cycles;
  }

  private at(): void {
    const c = this.cpu!.cycles - this.start;
    if (c !== this.log.length && this.gap === null) this.gap = `bus call at T${c}, expected T${this.log.length}`;
  }

  fetch(addr: number): number {
    this.at();
    const cpu = this.cpu!;
    const v = this.mem[addr]!;
    const ir = (cpu.i << 8) | cpu.r;
    this.log.push([addr, null, '----'], [addr, null, 'r-m-'], [ir, v, '----'], [ir, null, '----']);
    return v;
  }

  read(addr: number): number {
    this.at();
    const v = this.mem[addr]!;
    this.log.push([addr, null, '----'], [addr, null, 'r-m-'], [addr, v, '----']);
    return v;
  }

  write(addr: number, value: number): void {
    this.at();
    this.mem[addr] = value;
    this.log.push([addr, null, '----'], [addr, value, '-wm-'], [addr, null, '----']);
  }

  input(port: number): number {
    this.at();
    const v = this.inputs.length ? this.inputs.shift()! : 0xff;
    this.log.push([port, null, '----'], [port, null, '----'], [port, null, 'r--i'], [port, v, '----']);
    this.ports.push([port, v, 'r']);
    return v;
  }

  output(port: number, value: number): void {
    this.at();
    this.log.push([port, null, '----'], [port, null, '----'], [port, value, '-w-i'], [port, null, '----']);
    this.ports.push([port, value, 'w']);
  }

  idle(addr: number, tstates: number): void {
    this.at();
    for (let k = 0; k < tstates; k++) this.log.push([addr, null, '----']);
  }

  intAck(): number {
    this.at();
    return 0xff;
  }
}

const hex = (v: number | null, w = 4) => (v === null ? 'null' : v.toString(16).padStart(w, '0'));

function load(cpu: Z80, bus: RecordingZ80Bus, s: CaseRegs): void {
  cpu.a = s.a; cpu.f = s.f; cpu.b = s.b; cpu.c = s.c; cpu.d = s.d; cpu.e = s.e; cpu.h = s.h; cpu.l = s.l;
  cpu.a_ = s.af_ >> 8; cpu.f_ = s.af_ & 0xff; cpu.b_ = s.bc_ >> 8; cpu.c_ = s.bc_ & 0xff;
  cpu.d_ = s.de_ >> 8; cpu.e_ = s.de_ & 0xff; cpu.h_ = s.hl_ >> 8; cpu.l_ = s.hl_ & 0xff;
  cpu.ix = s.ix; cpu.iy = s.iy; cpu.sp = s.sp; cpu.pc = s.pc; cpu.i = s.i; cpu.r = s.r; cpu.wz = s.wz;
  cpu.iff1 = s.iff1 !== 0; cpu.iff2 = s.iff2 !== 0; cpu.im = s.im; cpu.eiDelay = s.ei !== 0;
  cpu.p = s.p; cpu.q = s.q; cpu.halted = false; cpu.prefix = 0; cpu.irqLine = false; cpu.nmiPending = false;
  for (const [addr, v] of s.ram) bus.mem[addr] = v;
}

function compareRegs(cpu: Z80, bus: RecordingZ80Bus, s: CaseRegs): string | null {
  const got: Record<string, number> = {
    a: cpu.a, f: cpu.f, b: cpu.b, c: cpu.c, d: cpu.d, e: cpu.e, h: cpu.h, l: cpu.l, i: cpu.i, r: cpu.r,
    af_: (cpu.a_ << 8) | cpu.f_, bc_: (cpu.b_ << 8) | cpu.c_, de_: (cpu.d_ << 8) | cpu.e_, hl_: (cpu.h_ << 8) | cpu.l_,
    ix: cpu.ix, iy: cpu.iy, pc: cpu.pc, sp: cpu.sp, wz: cpu.wz, iff1: cpu.iff1 ? 1 : 0, iff2: cpu.iff2 ? 1 : 0,
    im: cpu.im, ei: cpu.eiDelay ? 1 : 0, p: cpu.p, q: cpu.q,
  };
  for (const [k, v] of Object.entries(got)) {
    const want = (s as unknown as Record<string, number>)[k];
    if (want !== undefined && want !== v) return `${k}: got ${hex(v)}, want ${hex(want)}`;
  }
  for (const [addr, v] of s.ram) {
    if (bus.mem[addr] !== v) return `ram[${hex(addr)}]: got ${hex(bus.mem[addr]!, 2)}, want ${hex(v, 2)}`;
  }
  return null;
}

function compareCycles(got: Cycle[], want: Cycle[]): string | null {
  if (got.length !== want.length) return `T-states: got ${got.length}, want ${want.length}`;
  for (let k = 0; k < want.length; k++) {
    const g = got[k]!;
    const w = want[k]!;
    if (g[0] !== w[0] || g[1] !== w[1] || g[2] !== w[2]) {
      return `T${k}: got ${hex(g[0])} ${hex(g[1], 2)} ${g[2]}, want ${hex(w[0])} ${hex(w[1], 2)} ${w[2]}`;
    }
  }
  return null;
}

class Z80CaseRunner implements SingleStepRunner {
  private readonly bus = new RecordingZ80Bus();
  private readonly cpu = new Z80(this.bus);

  constructor() { this.bus.cpu = this.cpu; }

  runCase(testCase: unknown): string | null {
    const tc = testCase as Case;
    const { bus, cpu } = this;
    bus.mem.fill(0);
    load(cpu, bus, tc.initial);
    bus.inputs = (tc.ports ?? []).filter((p) => p[2] === 'r').map((p) => p[1]);
    cpu.cycles = 0;
    bus.begin(0);
    cpu.step();
    const regs = compareRegs(cpu, bus, tc.final);
    if (regs !== null) return regs;
    if (bus.gap !== null) return bus.gap;
    if (cpu.cycles !== bus.log.length) return `cycles: core counted ${cpu.cycles}, bus saw ${bus.log.length}`;
    const cyc = compareCycles(bus.log, tc.cycles);
    if (cyc !== null) return cyc;
    const want = tc.ports ?? [];
    if (want.length !== bus.ports.length) return `ports: got ${bus.ports.length} accesses, want ${want.length}`;
    for (let k = 0; k < want.length; k++) {
      const g = bus.ports[k]!;
      const w = want[k]!;
      if (g[0] !== w[0] || g[1] !== w[1] || g[2] !== w[2]) return `port ${k}: got ${hex(g[0])} ${hex(g[1], 2)} ${g[2]}, want ${hex(w[0])} ${hex(w[1], 2)} ${w[2]}`;
    }
    return null;
  }
}

export const z80SingleStep: SingleStepSuite = {
  createRunner(_ctx: SingleStepContext): SingleStepRunner {
    return new Z80CaseRunner();
  },
};
