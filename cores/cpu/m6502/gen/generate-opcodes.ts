/**
 * Generator of `../opcodes.generated.ts`, the per-cycle executor of all 256 NMOS 6502 opcodes.
 * Run it after changing this file or `../decode.ts`:
 *   npx tsx cores/cpu/m6502/gen/generate-opcodes.ts
 *
 * Each opcode becomes one `case` of straight-line code: one bus access per cycle, each preceded by
 * `c.cycles++` (the kernel's "advance the clock, then touch the bus" rule), dummy reads and dummy
 * writes included, and one interrupt poll placed before the instruction's last cycle (the "last
 * cycle rule"; branches differ, see `branch`). Writing the addressing modes once here and pasting
 * them into every opcode keeps the run-time code free of per-cycle calls and tables.
 *
 * Cycle sequences: MCS6500 Microcomputer Family Hardware Manual (1976), appendix A ("Summary of
 * single cycle execution"); undocumented opcodes from "No More Secrets" (NMOS 6510 Unintended
 * Opcodes), whose sequences are those of the documented opcode with the same mode and kind.
 * Interrupt polling: nesdev wiki "CPU interrupts" (polling before the last cycle; branches).
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MNEMONICS, MODES, MODE_NAMES } from '../decode.ts';

type Kind = 'read' | 'write' | 'rmw';

const READ_OPS: Record<string, string> = {
  lda: 'c.a = c.fn = c.fz = v;',
  ldx: 'c.x = c.fn = c.fz = v;',
  ldy: 'c.y = c.fn = c.fz = v;',
  lax: 'c.a = c.x = c.fn = c.fz = v;',
  and: 'c.a = c.fn = c.fz = c.a & v;',
  ora: 'c.a = c.fn = c.fz = c.a | v;',
  eor: 'c.a = c.fn = c.fz = c.a ^ v;',
  adc: 'c.adc(v);',
  sbc: 'c.sbc(v);',
  cmp: 't = c.a - v; c.fc = t >= 0 ? 1 : 0; c.fn = c.fz = t & 0xff;',
  cpx: 't = c.x - v; c.fc = t >= 0 ? 1 : 0; c.fn = c.fz = t & 0xff;',
  cpy: 't = c.y - v; c.fc = t >= 0 ? 1 : 0; c.fn = c.fz = t & 0xff;',
  bit: 'c.fn = v; c.fv = (v >> 6) & 1; c.fz = c.a & v;',
  nop: '',
  // ANC: AND, then C = N (No More Secrets §4.1.1).
  anc: 'c.a = c.fn = c.fz = c.a & v; c.fc = c.a >> 7;',
  // ALR (ASR): AND, then LSR A.
  alr: 't = c.a & v; c.fc = t & 1; c.a = c.fn = c.fz = t >> 1;',
  arr: 'c.arr(v);',
  // SBX (AXS): X = (A & X) - imm, flags as CMP, no borrow in, never decimal.
  sbx: 't = (c.a & c.x) - v; c.fc = t >= 0 ? 1 : 0; c.x = c.fn = c.fz = t & 0xff;',
  // ANE (XAA) and LXA: A is ORed with a "magic" constant that varies by chip (No More Secrets
  // §4.2); $EE by default, set per instance (see M6502Options).
  ane: 'c.a = c.fn = c.fz = (c.a | c.aneMagic) & c.x & v;',
  lxa: 'c.a = c.x = c.fn = c.fz = (c.a | c.lxaMagic) & v;',
  // LAS: A, X, S = M & S.
  las: 'c.a = c.x = c.s = c.fn = c.fz = v & c.s;',
};

const WRITE_VALUES: Record<string, string> = {
  sta: 'c.a',
  stx: 'c.x',
  sty: 'c.y',
  sax: 'c.a & c.x',
};

/** Unstable stores: the value is register & (base address high byte + 1) (No More Secrets §4.3). */
const UNSTABLE_STORES: Record<string, string> = {
  sha: 'c.a & c.x',
  shx: 'c.x',
  shy: 'c.y',
  tas: '(c.s = c.a & c.x)',
};

const RMW_OPS: Record<string, string> = {
  asl: 'c.fc = v >> 7; v = (v << 1) & 0xff; c.fn = c.fz = v;',
  lsr: 'c.fc = v & 1; v = v >> 1; c.fn = c.fz = v;',
  rol: 'v = (v << 1) | c.fc; c.fc = v >> 8; v &= 0xff; c.fn = c.fz = v;',
  ror: 't = v & 1; v = (v >> 1) | (c.fc << 7); c.fc = t; c.fn = c.fz = v;',
  inc: 'v = (v + 1) & 0xff; c.fn = c.fz = v;',
  dec: 'v = (v - 1) & 0xff; c.fn = c.fz = v;',
  slo: 'c.fc = v >> 7; v = (v << 1) & 0xff; c.a = c.fn = c.fz = c.a | v;',
  rla: 'v = (v << 1) | c.fc; c.fc = v >> 8; v &= 0xff; c.a = c.fn = c.fz = c.a & v;',
  sre: 'c.fc = v & 1; v = v >> 1; c.a = c.fn = c.fz = c.a ^ v;',
  rra: 't = v & 1; v = (v >> 1) | (c.fc << 7); c.fc = t; c.adc(v);',
  dcp: 'v = (v - 1) & 0xff; t = c.a - v; c.fc = t >= 0 ? 1 : 0; c.fn = c.fz = t & 0xff;',
  isc: 'v = (v + 1) & 0xff; c.sbc(v);',
};

const IMPLIED_OPS: Record<string, string> = {
  nop: '',
  tax: 'c.x = c.fn = c.fz = c.a;',
  tay: 'c.y = c.fn = c.fz = c.a;',
  txa: 'c.a = c.fn = c.fz = c.x;',
  tya: 'c.a = c.fn = c.fz = c.y;',
  tsx: 'c.x = c.fn = c.fz = c.s;',
  txs: 'c.s = c.x;',
  inx: 'c.x = c.fn = c.fz = (c.x + 1) & 0xff;',
  iny: 'c.y = c.fn = c.fz = (c.y + 1) & 0xff;',
  dex: 'c.x = c.fn = c.fz = (c.x - 1) & 0xff;',
  dey: 'c.y = c.fn = c.fz = (c.y - 1) & 0xff;',
  clc: 'c.fc = 0;',
  sec: 'c.fc = 1;',
  cli: 'c.fi = 0;',
  sei: 'c.fi = 1;',
  clv: 'c.fv = 0;',
  cld: 'c.fd = 0;',
  sed: 'c.fd = 1;',
};

const BRANCHES: Record<string, string> = {
  bpl: '(c.fn & 0x80) === 0', bmi: '(c.fn & 0x80) !== 0',
  bvc: 'c.fv === 0', bvs: 'c.fv !== 0',
  bcc: 'c.fc === 0', bcs: 'c.fc !== 0',
  bne: 'c.fz !== 0', beq: 'c.fz === 0',
};

// ---- code fragments -------------------------------------------------------------------------

const INC_PC = 'c.pc = (c.pc + 1) & 0xffff;';
/** Read `addr` into `dst` (or discard it when dst is null) in a new cycle. */
const R = (dst: string | null, addr: string) => `c.cycles++; ${dst === null ? '' : dst + ' = '}bus.read(${addr});`;
const W = (addr: string, value: string) => `c.cycles++; bus.write(${addr}, ${value});`;
/** Interrupt poll: sample IRQ (level, masked by I) and NMI (latched edge) now. */
const POLL = 'if ((c.irqLine | c.nmiLatched) !== 0) c.poll();';
const FETCH_PC = (dst: string) => `${R(dst, 'c.pc')} ${INC_PC}`;
const PUSH = (value: string) => `${W('0x100 | c.s', value)} c.s = (c.s - 1) & 0xff;`;
const PULL = (dst: string) => `c.s = (c.s + 1) & 0xff; ${R(dst, '0x100 | c.s')}`;

/**
 * The cycles of an addressing mode up to (not including) the final data access; they leave the
 * effective address in `ea`. Indexed modes that cross a page read first from the address with the
 * uncorrected high byte (always for writes and read-modify-writes, only on a carry for reads).
 */
function address(mode: string, kind: Kind): string[] {
  switch (mode) {
    case 'zp': return [FETCH_PC('ea')];
    case 'zpx': case 'zpy': {
      const r = mode === 'zpx' ? 'c.x' : 'c.y';
      return [FETCH_PC('t'), R(null, 't'), `ea = (t + ${r}) & 0xff;`];
    }
    case 'abs': return [FETCH_PC('lo'), FETCH_PC('hi'), 'ea = (hi << 8) | lo;'];
    case 'abx': case 'aby': {
      const r = mode === 'abx' ? 'c.x' : 'c.y';
      const lines = [FETCH_PC('lo'), FETCH_PC('hi'), `t = lo + ${r};`, 'ea = ((hi << 8) + t) & 0xffff;'];
      lines.push(kind === 'read' ? `if (t > 0xff) { ${R(null, '(hi << 8) | (t & 0xff)')} }` : R(null, '(hi << 8) | (t & 0xff)'));
      return lines;
    }
    case 'izx':
      return [FETCH_PC('t'), R(null, 't'), 't = (t + c.x) & 0xff;', R('lo', 't'), R('hi', '(t + 1) & 0xff'), 'ea = (hi << 8) | lo;'];
    case 'izy': {
      const lines = [FETCH_PC('t'), R('lo', 't'), R('hi', '(t + 1) & 0xff'), 't = lo + c.y;', 'ea = ((hi << 8) + t) & 0xffff;'];
      lines.push(kind === 'read' ? `if (t > 0xff) { ${R(null, '(hi << 8) | (t & 0xff)')} }` : R(null, '(hi << 8) | (t & 0xff)'));
      return lines;
    }
    default: throw new Error(`no data addressing for mode ${mode}`);
  }
}

function kindOf(mn: string): Kind {
  if (mn in RMW_OPS) return 'rmw';
  if (mn in WRITE_VALUES || mn in UNSTABLE_STORES) return 'write';
  return 'read';
}

/** A branch: 2 cycles not taken, 3 taken, 4 taken across a page. */
function branch(cond: string): string[] {
  // Interrupts are polled before the operand fetch (cycle 2) and, for a taken branch that crosses
  // a page, before the PCH fix-up cycle (4); a taken branch that stays in its page does not poll
  // before its last cycle, so an interrupt arriving then waits one more instruction (nesdev wiki,
  // "CPU interrupts", "Branch instructions and interrupts").
  return [
    POLL,
    FETCH_PC('v'),
    `if (${cond}) {`,
    `  ${R(null, 'c.pc')}`,
    '  t = (c.pc + ((v ^ 0x80) - 0x80)) & 0xffff;',
    '  if ((t ^ c.pc) & 0xff00) {',
    `    ${POLL}`,
    `    ${R(null, '(c.pc & 0xff00) | (t & 0xff)')}`,
    '  }',
    '  c.pc = t;',
    '}',
  ];
}

function body(op: number): string[] {
  const mn = MNEMONICS[op]!;
  const mode = MODE_NAMES[MODES[op]!]!;
  switch (mn) {
    case 'brk':
      // BRK: padding byte read, PC+2 and P (B set) pushed; an NMI seen by the end of cycle 4 takes
      // the vector over (the BRK/NMI hijack).
      return [FETCH_PC('v'), 'c.interruptSequence(0x10);'];
    case 'jam':
      // JAM/KIL: the CPU stops after two more reads of PC+1; only RESET restarts it. The Harte tests
      // show exactly three cycles and PC left on the opcode.
      return [R(null, 'c.pc'), R(null, 'c.pc'), 'c.pc = (c.pc - 1) & 0xffff;', 'c.jam();'];
    case 'php':
      return [R(null, 'c.pc'), POLL, PUSH('c.getP() | 0x10')];
    case 'pha':
      return [R(null, 'c.pc'), POLL, PUSH('c.a')];
    case 'pla':
      return [R(null, 'c.pc'), R(null, '0x100 | c.s'), POLL, PULL('v'), 'c.a = c.fn = c.fz = v;'];
    case 'plp':
      // The new I takes effect after the poll, so PLP delays an I change by one instruction.
      return [R(null, 'c.pc'), R(null, '0x100 | c.s'), POLL, PULL('v'), 'c.setP(v);'];
    case 'jsr':
      return [FETCH_PC('lo'), R(null, '0x100 | c.s'), PUSH('c.pc >> 8'), PUSH('c.pc & 0xff'), POLL,
        R('hi', 'c.pc'), 'c.pc = (hi << 8) | lo;'];
    case 'rts':
      return [R(null, 'c.pc'), R(null, '0x100 | c.s'), PULL('lo'), PULL('hi'), 'c.pc = (hi << 8) | lo;', POLL,
        R(null, 'c.pc'), INC_PC];
    case 'rti':
      // P is restored at cycle 4, before the poll, so RTI's I change is seen at once.
      return [R(null, 'c.pc'), R(null, '0x100 | c.s'), PULL('v'), 'c.setP(v);', PULL('lo'), POLL, PULL('hi'),
        'c.pc = (hi << 8) | lo;'];
    case 'jmp':
      if (mode === 'abs') return [FETCH_PC('lo'), POLL, R('hi', 'c.pc'), 'c.pc = (hi << 8) | lo;'];
      // JMP ($xxff) reads the high byte from $xx00: the pointer's low byte wraps without a carry.
      return [FETCH_PC('lo'), FETCH_PC('hi'), 't = (hi << 8) | lo;', R('lo', 't'), POLL,
        R('hi', '(t & 0xff00) | ((t + 1) & 0xff)'), 'c.pc = (hi << 8) | lo;'];
  }
  if (mn in BRANCHES) return branch(BRANCHES[mn]!);
  if (mode === 'imp') {
    const code = IMPLIED_OPS[mn];
    if (code === undefined) throw new Error(`no implied op ${mn}`);
    return [POLL, R(null, 'c.pc'), code];
  }
  if (mode === 'acc') {
    return [POLL, R(null, 'c.pc'), 'v = c.a;', RMW_OPS[mn]!.replace(/c\.fn = c\.fz = v;$/, ''), 'c.a = c.fn = c.fz = v;'];
  }
  if (mode === 'imm') {
    const code = READ_OPS[mn];
    if (code === undefined) throw new Error(`no immediate op ${mn}`);
    return [POLL, FETCH_PC('v'), code];
  }
  const kind = kindOf(mn);
  const lines = address(mode, kind);
  if (kind === 'read') {
    const code = READ_OPS[mn];
    if (code === undefined) throw new Error(`no read op ${mn}`);
    return [...lines, POLL, R('v', 'ea'), code];
  }
  if (kind === 'write') {
    if (mn in UNSTABLE_STORES) {
      // SHA/SHX/SHY/TAS: value = reg & (H + 1), H the high byte of the base address; when the index
      // carries into the high byte, that byte of the address is replaced by the value
      // (No More Secrets §4.3; the "&H+1" drop-off during RDY stalls is not modelled).
      return [...lines, `v = ${UNSTABLE_STORES[mn]} & ((hi + 1) & 0xff);`, 'if (t > 0xff) ea = (v << 8) | (ea & 0xff);',
        POLL, W('ea', 'v')];
    }
    return [...lines, POLL, W('ea', WRITE_VALUES[mn]!)];
  }
  // Read-modify-write: read, write the old value back (the NMOS dummy write), write the new one.
  return [...lines, R('v', 'ea'), W('ea', 'v'), RMW_OPS[mn]!, POLL, W('ea', 'v')];
}

function generate(): string {
  const out: string[] = [];
  out.push('// GENERATED by cores/cpu/m6502/gen/generate-opcodes.ts; edit the script.');
  out.push('/**');
  out.push(' * Per-cycle executor of the 256 NMOS 6502 opcodes (see the generator for the rules). The opcode');
  out.push(' * has already been fetched (cycle 1) and PC advanced past it.');
  out.push(' */');
  out.push("import type { M6502Bus } from './bus.ts';");
  out.push("import type { M6502 } from './m6502.ts';");
  out.push('');
  // One small function per opcode, dispatched through a table: each is optimized on its own with
  // its bus calls inlined (one huge switch exhausts the optimizing compiler's inlining budget).
  // Measured on the Dormann bench: 4 switches of 64 cases ~135 MHz, a 256-case switch of calls
  // ~250 MHz, this table ~260 MHz (same run, loaded machine).
  for (let op = 0; op < 256; op++) {
    let lines = body(op);
    const locals: string[] = [];
    for (const name of ['v', 't', 'lo', 'hi', 'ea']) {
      const text = lines.join('\n');
      if (!new RegExp(`\\b${name}\\b`).test(text)) continue;
      // A local only ever assigned (a discarded operand, a NOP's data read) is dropped.
      if (!new RegExp(`\\b${name}\\b(?!\\s*=[^=])`).test(text)) {
        lines = lines.map((l) => l.replace(new RegExp(`\\b${name} = `, 'g'), ''));
        continue;
      }
      locals.push(name);
    }
    out.push(`/** $${hex(op)}: ${MNEMONICS[op]} ${MODE_NAMES[MODES[op]!]} */`);
    out.push(`function op${hex(op)}(c: M6502, bus: M6502Bus): void {`);
    if (locals.length) out.push(`  let ${locals.map((n) => `${n} = 0`).join(', ')};`);
    for (const line of lines) if (line !== '') out.push('  ' + line);
    out.push('}');
    out.push('');
  }
  out.push('/** The executor of each opcode (already fetched), indexed by opcode. */');
  out.push('export const OPCODES: readonly ((c: M6502, bus: M6502Bus) => void)[] = [');
  for (let row = 0; row < 256; row += 8) {
    out.push('  ' + Array.from({ length: 8 }, (_, k) => `op${hex(row + k)},`).join(' '));
  }
  out.push('];');
  out.push('');
  return out.join('\n');
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'opcodes.generated.ts');
writeFileSync(target, generate());
console.log(`wrote ${target}`);
