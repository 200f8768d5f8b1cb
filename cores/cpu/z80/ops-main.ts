/**
 * The unprefixed Z80 opcodes (and the dispatch to the CB, ED and DD/FD pages), as one `switch`,
 * which V8 compiles to a jump table. Bus calls happen in machine-cycle order with the internal
 * T-states as `idle` calls at the address the Z80 leaves on the bus (the refresh address I:R after
 * an opcode fetch, the last memory address otherwise), which is what ULA contention keys on.
 *
 * References: Zilog UM0080 instruction tables (T-states per M-cycle); Sean Young, "The Undocumented
 * Z80 Documented" v0.91 §4 (flags), §6 (MEMPTR: our `wz`), and the SCF/CCF "Q" behaviour described
 * by Patrik Rak (2012, z80test "flags" notes).
 */
import * as flags from './flags.ts';
import * as opsCB from './ops-cb.ts';
import * as opsED from './ops-ed.ts';
import * as opsIndex from './ops-index.ts';
import type { Z80 } from './z80.ts';

// Imports copied into module constants: under tsx (CommonJS output) each use of an imported
// binding is a getter call, which cost ~40% of the run time in profiles.
const { FLAG_C, FLAG_H, FLAG_N, FLAG_PV, FLAG_S, FLAG_X, FLAG_Y, FLAG_Z } = flags;
const { execCB } = opsCB;
const { execED } = opsED;
const { execIndex } = opsIndex;

const KEEP_SZP = FLAG_S | FLAG_Z | FLAG_PV;
const XY = FLAG_X | FLAG_Y;

/** JR e / JR cc,e: the displacement is read either way; taken costs 5 more T-states at its address. */
export function jr(cpu: Z80, taken: boolean): void {
  const d = cpu.imm8();
  if (taken) {
    cpu.idle((cpu.pc - 1) & 0xffff, 5);
    cpu.pc = cpu.wz = (cpu.pc + ((d ^ 0x80) - 0x80)) & 0xffff;
  }
}

function jp(cpu: Z80, taken: boolean): void {
  const nn = cpu.imm16();
  cpu.wz = nn;
  if (taken) cpu.pc = nn;
}

/** CALL nn / CALL cc,nn: MEMPTR gets nn even when not taken; taken adds 1 T at the operand's high byte. */
function call(cpu: Z80, taken: boolean): void {
  const nn = cpu.imm16();
  cpu.wz = nn;
  if (taken) {
    cpu.idle((cpu.pc - 1) & 0xffff, 1);
    cpu.push16(cpu.pc);
    cpu.pc = nn;
  }
}

function retIf(cpu: Z80, taken: boolean): void {
  cpu.idle(cpu.irAddr(), 1);
  if (taken) cpu.pc = cpu.wz = cpu.pop16();
}

function rst(cpu: Z80, addr: number): void {
  cpu.idle(cpu.irAddr(), 1);
  cpu.push16(cpu.pc);
  cpu.pc = cpu.wz = addr;
}

export function execMain(cpu: Z80, op: number): void {
  let t: number;
  switch (op) {
    case 0x00: break;
    case 0x01: t = cpu.imm16(); cpu.b = t >> 8; cpu.c = t & 0xff; break;
    case 0x02: t = (cpu.b << 8) | cpu.c; cpu.wr(t, cpu.a); cpu.wz = (cpu.a << 8) | ((t + 1) & 0xff); break;
    case 0x03: cpu.idle(cpu.irAddr(), 2); if (++cpu.c === 0x100) { cpu.c = 0; cpu.b = (cpu.b + 1) & 0xff; } break;
    case 0x04: cpu.b = cpu.inc8(cpu.b); break;
    case 0x05: cpu.b = cpu.dec8(cpu.b); break;
    case 0x06: cpu.b = cpu.imm8(); break;
    case 0x07: t = cpu.a >> 7; cpu.a = ((cpu.a << 1) | t) & 0xff; cpu.q = cpu.f = (cpu.f & KEEP_SZP) | (cpu.a & XY) | t; break;
    case 0x08: t = cpu.a; cpu.a = cpu.a_; cpu.a_ = t; t = cpu.f; cpu.f = cpu.f_; cpu.f_ = t; break;
    case 0x09: cpu.idle(cpu.irAddr(), 7); t = cpu.add16((cpu.h << 8) | cpu.l, (cpu.b << 8) | cpu.c); cpu.h = t >> 8; cpu.l = t & 0xff; break;
    case 0x0a: t = (cpu.b << 8) | cpu.c; cpu.a = cpu.rd(t); cpu.wz = (t + 1) & 0xffff; break;
    case 0x0b: cpu.idle(cpu.irAddr(), 2); if (--cpu.c < 0) { cpu.c = 0xff; cpu.b = (cpu.b - 1) & 0xff; } break;
    case 0x0c: cpu.c = cpu.inc8(cpu.c); break;
    case 0x0d: cpu.c = cpu.dec8(cpu.c); break;
    case 0x0e: cpu.c = cpu.imm8(); break;
    case 0x0f: t = cpu.a & 1; cpu.a = (cpu.a >> 1) | (t << 7); cpu.q = cpu.f = (cpu.f & KEEP_SZP) | (cpu.a & XY) | t; break;
    case 0x10:
      cpu.idle(cpu.irAddr(), 1);
      cpu.b = (cpu.b - 1) & 0xff;
      jr(cpu, cpu.b !== 0);
      break;
    case 0x11: t = cpu.imm16(); cpu.d = t >> 8; cpu.e = t & 0xff; break;
    case 0x12: t = (cpu.d << 8) | cpu.e; cpu.wr(t, cpu.a); cpu.wz = (cpu.a << 8) | ((t + 1) & 0xff); break;
    case 0x13: cpu.idle(cpu.irAddr(), 2); if (++cpu.e === 0x100) { cpu.e = 0; cpu.d = (cpu.d + 1) & 0xff; } break;
    case 0x14: cpu.d = cpu.inc8(cpu.d); break;
    case 0x15: cpu.d = cpu.dec8(cpu.d); break;
    case 0x16: cpu.d = cpu.imm8(); break;
    case 0x17: t = cpu.a >> 7; cpu.a = ((cpu.a << 1) | (cpu.f & FLAG_C)) & 0xff; cpu.q = cpu.f = (cpu.f & KEEP_SZP) | (cpu.a & XY) | t; break;
    case 0x18: jr(cpu, true); break;
    case 0x19: cpu.idle(cpu.irAddr(), 7); t = cpu.add16((cpu.h << 8) | cpu.l, (cpu.d << 8) | cpu.e); cpu.h = t >> 8; cpu.l = t & 0xff; break;
    case 0x1a: t = (cpu.d << 8) | cpu.e; cpu.a = cpu.rd(t); cpu.wz = (t + 1) & 0xffff; break;
    case 0x1b: cpu.idle(cpu.irAddr(), 2); if (--cpu.e < 0) { cpu.e = 0xff; cpu.d = (cpu.d - 1) & 0xff; } break;
    case 0x1c: cpu.e = cpu.inc8(cpu.e); break;
    case 0x1d: cpu.e = cpu.dec8(cpu.e); break;
    case 0x1e: cpu.e = cpu.imm8(); break;
    case 0x1f: t = cpu.a & 1; cpu.a = (cpu.a >> 1) | ((cpu.f & FLAG_C) << 7); cpu.q = cpu.f = (cpu.f & KEEP_SZP) | (cpu.a & XY) | t; break;
    case 0x20: jr(cpu, (cpu.f & FLAG_Z) === 0); break;
    case 0x21: t = cpu.imm16(); cpu.h = t >> 8; cpu.l = t & 0xff; break;
    case 0x22: t = cpu.imm16(); cpu.wr(t, cpu.l); t = (t + 1) & 0xffff; cpu.wr(t, cpu.h); cpu.wz = t; break;
    case 0x23: cpu.idle(cpu.irAddr(), 2); if (++cpu.l === 0x100) { cpu.l = 0; cpu.h = (cpu.h + 1) & 0xff; } break;
    case 0x24: cpu.h = cpu.inc8(cpu.h); break;
    case 0x25: cpu.h = cpu.dec8(cpu.h); break;
    case 0x26: cpu.h = cpu.imm8(); break;
    case 0x27: cpu.daa(); break;
    case 0x28: jr(cpu, (cpu.f & FLAG_Z) !== 0); break;
    case 0x29: cpu.idle(cpu.irAddr(), 7); t = (cpu.h << 8) | cpu.l; t = cpu.add16(t, t); cpu.h = t >> 8; cpu.l = t & 0xff; break;
    case 0x2a: t = cpu.imm16(); cpu.l = cpu.rd(t); t = (t + 1) & 0xffff; cpu.h = cpu.rd(t); cpu.wz = t; break;
    case 0x2b: cpu.idle(cpu.irAddr(), 2); if (--cpu.l < 0) { cpu.l = 0xff; cpu.h = (cpu.h - 1) & 0xff; } break;
    case 0x2c: cpu.l = cpu.inc8(cpu.l); break;
    case 0x2d: cpu.l = cpu.dec8(cpu.l); break;
    case 0x2e: cpu.l = cpu.imm8(); break;
    case 0x2f: cpu.a ^= 0xff; cpu.q = cpu.f = (cpu.f & (KEEP_SZP | FLAG_C)) | FLAG_H | FLAG_N | (cpu.a & XY); break;
    case 0x30: jr(cpu, (cpu.f & FLAG_C) === 0); break;
    case 0x31: cpu.sp = cpu.imm16(); break;
    case 0x32: t = cpu.imm16(); cpu.wr(t, cpu.a); cpu.wz = (cpu.a << 8) | ((t + 1) & 0xff); break;
    case 0x33: cpu.idle(cpu.irAddr(), 2); cpu.sp = (cpu.sp + 1) & 0xffff; break;
    case 0x34: { const hl = (cpu.h << 8) | cpu.l; t = cpu.rd(hl); cpu.idle(hl, 1); cpu.wr(hl, cpu.inc8(t)); break; }
    case 0x35: { const hl = (cpu.h << 8) | cpu.l; t = cpu.rd(hl); cpu.idle(hl, 1); cpu.wr(hl, cpu.dec8(t)); break; }
    case 0x36: t = cpu.imm8(); cpu.wr((cpu.h << 8) | cpu.l, t); break;
    case 0x37: cpu.q = cpu.f = (cpu.f & KEEP_SZP) | ((((cpu.lastQ ^ cpu.f) | cpu.a)) & XY) | FLAG_C; break;
    case 0x38: jr(cpu, (cpu.f & FLAG_C) !== 0); break;
    case 0x39: cpu.idle(cpu.irAddr(), 7); t = cpu.add16((cpu.h << 8) | cpu.l, cpu.sp); cpu.h = t >> 8; cpu.l = t & 0xff; break;
    case 0x3a: t = cpu.imm16(); cpu.a = cpu.rd(t); cpu.wz = (t + 1) & 0xffff; break;
    case 0x3b: cpu.idle(cpu.irAddr(), 2); cpu.sp = (cpu.sp - 1) & 0xffff; break;
    case 0x3c: cpu.a = cpu.inc8(cpu.a); break;
    case 0x3d: cpu.a = cpu.dec8(cpu.a); break;
    case 0x3e: cpu.a = cpu.imm8(); break;
    case 0x3f:
      cpu.q = cpu.f = ((cpu.f & (KEEP_SZP | FLAG_C)) | (((cpu.lastQ ^ cpu.f) | cpu.a) & XY) | ((cpu.f & FLAG_C) << 4)) ^ FLAG_C;
      break;
    case 0x40: break;
    case 0x41: cpu.b = cpu.c; break;
    case 0x42: cpu.b = cpu.d; break;
    case 0x43: cpu.b = cpu.e; break;
    case 0x44: cpu.b = cpu.h; break;
    case 0x45: cpu.b = cpu.l; break;
    case 0x46: cpu.b = cpu.rd((cpu.h << 8) | cpu.l); break;
    case 0x47: cpu.b = cpu.a; break;
    case 0x48: cpu.c = cpu.b; break;
    case 0x49: break;
    case 0x4a: cpu.c = cpu.d; break;
    case 0x4b: cpu.c = cpu.e; break;
    case 0x4c: cpu.c = cpu.h; break;
    case 0x4d: cpu.c = cpu.l; break;
    case 0x4e: cpu.c = cpu.rd((cpu.h << 8) | cpu.l); break;
    case 0x4f: cpu.c = cpu.a; break;
    case 0x50: cpu.d = cpu.b; break;
    case 0x51: cpu.d = cpu.c; break;
    case 0x52: break;
    case 0x53: cpu.d = cpu.e; break;
    case 0x54: cpu.d = cpu.h; break;
    case 0x55: cpu.d = cpu.l; break;
    case 0x56: cpu.d = cpu.rd((cpu.h << 8) | cpu.l); break;
    case 0x57: cpu.d = cpu.a; break;
    case 0x58: cpu.e = cpu.b; break;
    case 0x59: cpu.e = cpu.c; break;
    case 0x5a: cpu.e = cpu.d; break;
    case 0x5b: break;
    case 0x5c: cpu.e = cpu.h; break;
    case 0x5d: cpu.e = cpu.l; break;
    case 0x5e: cpu.e = cpu.rd((cpu.h << 8) | cpu.l); break;
    case 0x5f: cpu.e = cpu.a; break;
    case 0x60: cpu.h = cpu.b; break;
    case 0x61: cpu.h = cpu.c; break;
    case 0x62: cpu.h = cpu.d; break;
    case 0x63: cpu.h = cpu.e; break;
    case 0x64: break;
    case 0x65: cpu.h = cpu.l; break;
    case 0x66: cpu.h = cpu.rd((cpu.h << 8) | cpu.l); break;
    case 0x67: cpu.h = cpu.a; break;
    case 0x68: cpu.l = cpu.b; break;
    case 0x69: cpu.l = cpu.c; break;
    case 0x6a: cpu.l = cpu.d; break;
    case 0x6b: cpu.l = cpu.e; break;
    case 0x6c: cpu.l = cpu.h; break;
    case 0x6d: break;
    case 0x6e: cpu.l = cpu.rd((cpu.h << 8) | cpu.l); break;
    case 0x6f: cpu.l = cpu.a; break;
    case 0x70: cpu.wr((cpu.h << 8) | cpu.l, cpu.b); break;
    case 0x71: cpu.wr((cpu.h << 8) | cpu.l, cpu.c); break;
    case 0x72: cpu.wr((cpu.h << 8) | cpu.l, cpu.d); break;
    case 0x73: cpu.wr((cpu.h << 8) | cpu.l, cpu.e); break;
    case 0x74: cpu.wr((cpu.h << 8) | cpu.l, cpu.h); break;
    case 0x75: cpu.wr((cpu.h << 8) | cpu.l, cpu.l); break;
    case 0x77: cpu.wr((cpu.h << 8) | cpu.l, cpu.a); break;
    case 0x78: cpu.a = cpu.b; break;
    case 0x79: cpu.a = cpu.c; break;
    case 0x7a: cpu.a = cpu.d; break;
    case 0x7b: cpu.a = cpu.e; break;
    case 0x7c: cpu.a = cpu.h; break;
    case 0x7d: cpu.a = cpu.l; break;
    case 0x7e: cpu.a = cpu.rd((cpu.h << 8) | cpu.l); break;
    case 0x7f: break;
    case 0x80: cpu.add8(cpu.b); break;
    case 0x81: cpu.add8(cpu.c); break;
    case 0x82: cpu.add8(cpu.d); break;
    case 0x83: cpu.add8(cpu.e); break;
    case 0x84: cpu.add8(cpu.h); break;
    case 0x85: cpu.add8(cpu.l); break;
    case 0x86: cpu.add8(cpu.rd((cpu.h << 8) | cpu.l)); break;
    case 0x87: cpu.add8(cpu.a); break;
    case 0x88: cpu.adc8(cpu.b); break;
    case 0x89: cpu.adc8(cpu.c); break;
    case 0x8a: cpu.adc8(cpu.d); break;
    case 0x8b: cpu.adc8(cpu.e); break;
    case 0x8c: cpu.adc8(cpu.h); break;
    case 0x8d: cpu.adc8(cpu.l); break;
    case 0x8e: cpu.adc8(cpu.rd((cpu.h << 8) | cpu.l)); break;
    case 0x8f: cpu.adc8(cpu.a); break;
    case 0x90: cpu.sub8(cpu.b); break;
    case 0x91: cpu.sub8(cpu.c); break;
    case 0x92: cpu.sub8(cpu.d); break;
    case 0x93: cpu.sub8(cpu.e); break;
    case 0x94: cpu.sub8(cpu.h); break;
    case 0x95: cpu.sub8(cpu.l); break;
    case 0x96: cpu.sub8(cpu.rd((cpu.h << 8) | cpu.l)); break;
    case 0x97: cpu.sub8(cpu.a); break;
    case 0x98: cpu.sbc8(cpu.b); break;
    case 0x99: cpu.sbc8(cpu.c); break;
    case 0x9a: cpu.sbc8(cpu.d); break;
    case 0x9b: cpu.sbc8(cpu.e); break;
    case 0x9c: cpu.sbc8(cpu.h); break;
    case 0x9d: cpu.sbc8(cpu.l); break;
    case 0x9e: cpu.sbc8(cpu.rd((cpu.h << 8) | cpu.l)); break;
    case 0x9f: cpu.sbc8(cpu.a); break;
    case 0xa0: cpu.and8(cpu.b); break;
    case 0xa1: cpu.and8(cpu.c); break;
    case 0xa2: cpu.and8(cpu.d); break;
    case 0xa3: cpu.and8(cpu.e); break;
    case 0xa4: cpu.and8(cpu.h); break;
    case 0xa5: cpu.and8(cpu.l); break;
    case 0xa6: cpu.and8(cpu.rd((cpu.h << 8) | cpu.l)); break;
    case 0xa7: cpu.and8(cpu.a); break;
    case 0xa8: cpu.xor8(cpu.b); break;
    case 0xa9: cpu.xor8(cpu.c); break;
    case 0xaa: cpu.xor8(cpu.d); break;
    case 0xab: cpu.xor8(cpu.e); break;
    case 0xac: cpu.xor8(cpu.h); break;
    case 0xad: cpu.xor8(cpu.l); break;
    case 0xae: cpu.xor8(cpu.rd((cpu.h << 8) | cpu.l)); break;
    case 0xaf: cpu.xor8(cpu.a); break;
    case 0xb0: cpu.or8(cpu.b); break;
    case 0xb1: cpu.or8(cpu.c); break;
    case 0xb2: cpu.or8(cpu.d); break;
    case 0xb3: cpu.or8(cpu.e); break;
    case 0xb4: cpu.or8(cpu.h); break;
    case 0xb5: cpu.or8(cpu.l); break;
    case 0xb6: cpu.or8(cpu.rd((cpu.h << 8) | cpu.l)); break;
    case 0xb7: cpu.or8(cpu.a); break;
    case 0xb8: cpu.cp8(cpu.b); break;
    case 0xb9: cpu.cp8(cpu.c); break;
    case 0xba: cpu.cp8(cpu.d); break;
    case 0xbb: cpu.cp8(cpu.e); break;
    case 0xbc: cpu.cp8(cpu.h); break;
    case 0xbd: cpu.cp8(cpu.l); break;
    case 0xbe: cpu.cp8(cpu.rd((cpu.h << 8) | cpu.l)); break;
    case 0xbf: cpu.cp8(cpu.a); break;
    case 0x76: cpu.halted = true; break;
    case 0xc0: retIf(cpu, (cpu.f & FLAG_Z) === 0); break;
    case 0xc1: cpu.c = cpu.rd(cpu.sp); cpu.b = cpu.rd((cpu.sp + 1) & 0xffff); cpu.sp = (cpu.sp + 2) & 0xffff; break;
    case 0xc2: jp(cpu, (cpu.f & FLAG_Z) === 0); break;
    case 0xc3: cpu.pc = cpu.wz = cpu.imm16(); break;
    case 0xc4: call(cpu, (cpu.f & FLAG_Z) === 0); break;
    case 0xc5: cpu.idle(cpu.irAddr(), 1); cpu.push16((cpu.b << 8) | cpu.c); break;
    case 0xc6: cpu.add8(cpu.imm8()); break;
    case 0xc7: rst(cpu, 0x00); break;
    case 0xc8: retIf(cpu, (cpu.f & FLAG_Z) !== 0); break;
    case 0xc9: cpu.pc = cpu.wz = cpu.pop16(); break;
    case 0xca: jp(cpu, (cpu.f & FLAG_Z) !== 0); break;
    case 0xcb: execCB(cpu, cpu.fetchOp()); break;
    case 0xcc: call(cpu, (cpu.f & FLAG_Z) !== 0); break;
    case 0xcd: call(cpu, true); break;
    case 0xce: cpu.adc8(cpu.imm8()); break;
    case 0xcf: rst(cpu, 0x08); break;
    case 0xd0: retIf(cpu, (cpu.f & FLAG_C) === 0); break;
    case 0xd1: cpu.e = cpu.rd(cpu.sp); cpu.d = cpu.rd((cpu.sp + 1) & 0xffff); cpu.sp = (cpu.sp + 2) & 0xffff; break;
    case 0xd2: jp(cpu, (cpu.f & FLAG_C) === 0); break;
    case 0xd3: t = cpu.imm8(); cpu.ioOut((cpu.a << 8) | t, cpu.a); cpu.wz = (cpu.a << 8) | ((t + 1) & 0xff); break;
    case 0xd4: call(cpu, (cpu.f & FLAG_C) === 0); break;
    case 0xd5: cpu.idle(cpu.irAddr(), 1); cpu.push16((cpu.d << 8) | cpu.e); break;
    case 0xd6: cpu.sub8(cpu.imm8()); break;
    case 0xd7: rst(cpu, 0x10); break;
    case 0xd8: retIf(cpu, (cpu.f & FLAG_C) !== 0); break;
    case 0xd9:
      t = cpu.b; cpu.b = cpu.b_; cpu.b_ = t; t = cpu.c; cpu.c = cpu.c_; cpu.c_ = t;
      t = cpu.d; cpu.d = cpu.d_; cpu.d_ = t; t = cpu.e; cpu.e = cpu.e_; cpu.e_ = t;
      t = cpu.h; cpu.h = cpu.h_; cpu.h_ = t; t = cpu.l; cpu.l = cpu.l_; cpu.l_ = t;
      break;
    case 0xda: jp(cpu, (cpu.f & FLAG_C) !== 0); break;
    case 0xdb: t = (cpu.a << 8) | cpu.imm8(); cpu.a = cpu.ioIn(t); cpu.wz = (t + 1) & 0xffff; break;
    case 0xdc: call(cpu, (cpu.f & FLAG_C) !== 0); break;
    case 0xdd: t = execIndex(cpu, cpu.fetchOp(), false); if (t >= 0) execMain(cpu, t); break;
    case 0xde: cpu.sbc8(cpu.imm8()); break;
    case 0xdf: rst(cpu, 0x18); break;
    case 0xe0: retIf(cpu, (cpu.f & FLAG_PV) === 0); break;
    case 0xe1: cpu.l = cpu.rd(cpu.sp); cpu.h = cpu.rd((cpu.sp + 1) & 0xffff); cpu.sp = (cpu.sp + 2) & 0xffff; break;
    case 0xe2: jp(cpu, (cpu.f & FLAG_PV) === 0); break;
    case 0xe3: {
      // EX (SP),HL: read lo, read hi (+1 T), write hi, write lo (+2 T).
      const sp = cpu.sp;
      const sp1 = (sp + 1) & 0xffff;
      const lo = cpu.rd(sp);
      const hi = cpu.rd(sp1);
      cpu.idle(sp1, 1);
      cpu.wr(sp1, cpu.h);
      cpu.wr(sp, cpu.l);
      cpu.idle(sp, 2);
      cpu.h = hi; cpu.l = lo;
      cpu.wz = (hi << 8) | lo;
      break;
    }
    case 0xe4: call(cpu, (cpu.f & FLAG_PV) === 0); break;
    case 0xe5: cpu.idle(cpu.irAddr(), 1); cpu.push16((cpu.h << 8) | cpu.l); break;
    case 0xe6: cpu.and8(cpu.imm8()); break;
    case 0xe7: rst(cpu, 0x20); break;
    case 0xe8: retIf(cpu, (cpu.f & FLAG_PV) !== 0); break;
    case 0xe9: cpu.pc = (cpu.h << 8) | cpu.l; break;
    case 0xea: jp(cpu, (cpu.f & FLAG_PV) !== 0); break;
    case 0xeb: t = cpu.d; cpu.d = cpu.h; cpu.h = t; t = cpu.e; cpu.e = cpu.l; cpu.l = t; break;
    case 0xec: call(cpu, (cpu.f & FLAG_PV) !== 0); break;
    case 0xed: execED(cpu, cpu.fetchOp()); break;
    case 0xee: cpu.xor8(cpu.imm8()); break;
    case 0xef: rst(cpu, 0x28); break;
    case 0xf0: retIf(cpu, (cpu.f & FLAG_S) === 0); break;
    case 0xf1: cpu.f = cpu.rd(cpu.sp); cpu.a = cpu.rd((cpu.sp + 1) & 0xffff); cpu.sp = (cpu.sp + 2) & 0xffff; break;
    case 0xf2: jp(cpu, (cpu.f & FLAG_S) === 0); break;
    case 0xf3: cpu.iff1 = cpu.iff2 = false; break;
    case 0xf4: call(cpu, (cpu.f & FLAG_S) === 0); break;
    case 0xf5: cpu.idle(cpu.irAddr(), 1); cpu.push16((cpu.a << 8) | cpu.f); break;
    case 0xf6: cpu.or8(cpu.imm8()); break;
    case 0xf7: rst(cpu, 0x30); break;
    case 0xf8: retIf(cpu, (cpu.f & FLAG_S) !== 0); break;
    case 0xf9: cpu.idle(cpu.irAddr(), 2); cpu.sp = (cpu.h << 8) | cpu.l; break;
    case 0xfa: jp(cpu, (cpu.f & FLAG_S) !== 0); break;
    case 0xfb: cpu.iff1 = cpu.iff2 = true; cpu.eiDelay = true; break;
    case 0xfc: call(cpu, (cpu.f & FLAG_S) !== 0); break;
    case 0xfd: t = execIndex(cpu, cpu.fetchOp(), true); if (t >= 0) execMain(cpu, t); break;
    case 0xfe: cpu.cp8(cpu.imm8()); break;
    default: rst(cpu, 0x38); break; // 0xff
  }
}
