/**
 * The ED page: 16-bit ADC/SBC and loads, IN/OUT (C), NEG, RETN/RETI, IM, LD I/R, RRD/RLD and the
 * block instructions. Undefined ED opcodes are 8 T-state NOPs (Young §3.3).
 *
 * Block instructions: flag bits 5 and 3 of LDI/LDD come from bits 1 and 3 of (value + A), of
 * CPI/CPD from (A - value - H); INI/IND/OUTI/OUTD set H, C and P/V from a sum k (Young §4.3).
 * When a repeated form repeats (PC goes back by 2), bits 5 and 3 come from PC's high byte instead,
 * and the INxR/OTxR forms also adjust H and P/V (Banks and Helcmanovsky, "Z80 block instruction
 * flags", 2018). The 5 extra T-states of a repeat are addressed at the last memory address used.
 */
import * as flags from './flags.ts';
import type { Z80 } from './z80.ts';

// Imports copied into module constants: under tsx (CommonJS output) each use of an imported
// binding is a getter call, which cost ~40% of the run time in profiles.
const { FLAG_C, FLAG_H, FLAG_N, FLAG_PV, FLAG_S, FLAG_X, FLAG_Y, FLAG_Z, SZ, SZP } = flags;

const XY = FLAG_X | FLAG_Y;

function inC(cpu: Z80): number {
  const bc = (cpu.b << 8) | cpu.c;
  const v = cpu.ioIn(bc);
  cpu.wz = (bc + 1) & 0xffff;
  cpu.q = cpu.f = (cpu.f & FLAG_C) | SZP[v]!;
  return v;
}

function outC(cpu: Z80, v: number): void {
  const bc = (cpu.b << 8) | cpu.c;
  cpu.ioOut(bc, v);
  cpu.wz = (bc + 1) & 0xffff;
}

function storeNN(cpu: Z80, v: number): void {
  const nn = cpu.imm16();
  cpu.wr(nn, v & 0xff);
  const nn1 = (nn + 1) & 0xffff;
  cpu.wr(nn1, v >> 8);
  cpu.wz = nn1;
}

function loadNN(cpu: Z80): number {
  const nn = cpu.imm16();
  const lo = cpu.rd(nn);
  const nn1 = (nn + 1) & 0xffff;
  const hi = cpu.rd(nn1);
  cpu.wz = nn1;
  return lo | (hi << 8);
}

function ret(cpu: Z80): void {
  cpu.iff1 = cpu.iff2;
  cpu.pc = cpu.wz = cpu.pop16();
}

/** LDI (dir +1) / LDD (dir -1); repeat: LDIR/LDDR. */
function ldBlock(cpu: Z80, dir: number, repeat: boolean): void {
  const hl = (cpu.h << 8) | cpu.l;
  const de = (cpu.d << 8) | cpu.e;
  const v = cpu.rd(hl);
  cpu.wr(de, v);
  cpu.idle(de, 2);
  const nhl = (hl + dir) & 0xffff;
  const nde = (de + dir) & 0xffff;
  const bc = (((cpu.b << 8) | cpu.c) - 1) & 0xffff;
  cpu.h = nhl >> 8; cpu.l = nhl & 0xff;
  cpu.d = nde >> 8; cpu.e = nde & 0xff;
  cpu.b = bc >> 8; cpu.c = bc & 0xff;
  const n = v + cpu.a;
  let f = (cpu.f & (FLAG_S | FLAG_Z | FLAG_C)) | (bc !== 0 ? FLAG_PV : 0) | (n & FLAG_X) | ((n << 4) & FLAG_Y);
  if (repeat && bc !== 0) {
    cpu.idle(de, 5);
    cpu.pc = (cpu.pc - 2) & 0xffff;
    cpu.wz = (cpu.pc + 1) & 0xffff;
    f = (f & ~XY) | ((cpu.pc >> 8) & XY);
  }
  cpu.q = cpu.f = f;
}

/** CPI / CPD; repeat: CPIR/CPDR (stops on BC = 0 or a match). */
function cpBlock(cpu: Z80, dir: number, repeat: boolean): void {
  const hl = (cpu.h << 8) | cpu.l;
  const v = cpu.rd(hl);
  cpu.idle(hl, 5);
  const nhl = (hl + dir) & 0xffff;
  const bc = (((cpu.b << 8) | cpu.c) - 1) & 0xffff;
  cpu.h = nhl >> 8; cpu.l = nhl & 0xff;
  cpu.b = bc >> 8; cpu.c = bc & 0xff;
  cpu.wz = (cpu.wz + dir) & 0xffff;
  const r = (cpu.a - v) & 0xff;
  const h = (cpu.a ^ v ^ r) & FLAG_H;
  const n = r - (h >> 4);
  let f = (cpu.f & FLAG_C) | FLAG_N | (SZ[r]! & (FLAG_S | FLAG_Z)) | h | (bc !== 0 ? FLAG_PV : 0) |
    (n & FLAG_X) | ((n << 4) & FLAG_Y);
  if (repeat && bc !== 0 && r !== 0) {
    cpu.idle(hl, 5);
    cpu.pc = (cpu.pc - 2) & 0xffff;
    cpu.wz = (cpu.pc + 1) & 0xffff;
    f = (f & ~XY) | ((cpu.pc >> 8) & XY);
  }
  cpu.q = cpu.f = f;
}

/**
 * Flags of INI/IND/OUTI/OUTD from the byte moved, the sum k and the decremented B; for a repeating
 * INxR/OTxR, the extra adjustments of the interrupted form.
 */
function ioBlockFlags(cpu: Z80, v: number, k: number, repeating: boolean): void {
  const b = cpu.b;
  let f = SZ[b]! | ((v >> 6) & FLAG_N) | (k > 0xff ? FLAG_H | FLAG_C : 0) | (SZP[(k & 7) ^ b]! & FLAG_PV);
  if (repeating) {
    f = (f & ~(XY | FLAG_H)) | ((cpu.pc >> 8) & XY);
    let pv = f & FLAG_PV;
    if ((f & FLAG_C) !== 0) {
      if ((v & 0x80) !== 0) {
        pv ^= (SZP[(b - 1) & 7]! & FLAG_PV) ^ FLAG_PV;
        if ((b & 0x0f) === 0x00) f |= FLAG_H;
      } else {
        pv ^= (SZP[(b + 1) & 7]! & FLAG_PV) ^ FLAG_PV;
        if ((b & 0x0f) === 0x0f) f |= FLAG_H;
      }
    } else {
      pv ^= (SZP[b & 7]! & FLAG_PV) ^ FLAG_PV;
    }
    f = (f & ~FLAG_PV) | pv;
  }
  cpu.q = cpu.f = f;
}

/** INI / IND; repeat: INIR/INDR. */
function inBlock(cpu: Z80, dir: number, repeat: boolean): void {
  cpu.idle(cpu.irAddr(), 1);
  const bc = (cpu.b << 8) | cpu.c;
  const v = cpu.ioIn(bc);
  cpu.wz = (bc + dir) & 0xffff;
  cpu.b = (cpu.b - 1) & 0xff;
  const hl = (cpu.h << 8) | cpu.l;
  cpu.wr(hl, v);
  const nhl = (hl + dir) & 0xffff;
  cpu.h = nhl >> 8; cpu.l = nhl & 0xff;
  const k = v + ((cpu.c + dir) & 0xff);
  const rep = repeat && cpu.b !== 0;
  if (rep) {
    cpu.idle(hl, 5);
    cpu.pc = (cpu.pc - 2) & 0xffff;
    cpu.wz = (cpu.pc + 1) & 0xffff;
  }
  ioBlockFlags(cpu, v, k, rep);
}

/** OUTI / OUTD; repeat: OTIR/OTDR. B is decremented before it goes on the address bus. */
function outBlock(cpu: Z80, dir: number, repeat: boolean): void {
  cpu.idle(cpu.irAddr(), 1);
  const hl = (cpu.h << 8) | cpu.l;
  const v = cpu.rd(hl);
  cpu.b = (cpu.b - 1) & 0xff;
  const bc = (cpu.b << 8) | cpu.c;
  cpu.ioOut(bc, v);
  cpu.wz = (bc + dir) & 0xffff;
  const nhl = (hl + dir) & 0xffff;
  cpu.h = nhl >> 8; cpu.l = nhl & 0xff;
  const k = v + cpu.l;
  const rep = repeat && cpu.b !== 0;
  if (rep) {
    cpu.idle(bc, 5);
    cpu.pc = (cpu.pc - 2) & 0xffff;
    cpu.wz = (cpu.pc + 1) & 0xffff;
  }
  ioBlockFlags(cpu, v, k, rep);
}

export function execED(cpu: Z80, op: number): void {
  let t: number;
  switch (op) {
    case 0x40: cpu.b = inC(cpu); break;
    case 0x48: cpu.c = inC(cpu); break;
    case 0x50: cpu.d = inC(cpu); break;
    case 0x58: cpu.e = inC(cpu); break;
    case 0x60: cpu.h = inC(cpu); break;
    case 0x68: cpu.l = inC(cpu); break;
    case 0x70: inC(cpu); break;
    case 0x78: cpu.a = inC(cpu); break;
    case 0x41: outC(cpu, cpu.b); break;
    case 0x49: outC(cpu, cpu.c); break;
    case 0x51: outC(cpu, cpu.d); break;
    case 0x59: outC(cpu, cpu.e); break;
    case 0x61: outC(cpu, cpu.h); break;
    case 0x69: outC(cpu, cpu.l); break;
    case 0x71: outC(cpu, 0); break; // NMOS outputs 0 (CMOS: FFh)
    case 0x79: outC(cpu, cpu.a); break;
    case 0x42: case 0x52: case 0x62: case 0x72:
    case 0x4a: case 0x5a: case 0x6a: case 0x7a: {
      cpu.idle(cpu.irAddr(), 7);
      const sel = (op >> 4) & 3;
      const rr = sel === 0 ? (cpu.b << 8) | cpu.c : sel === 1 ? (cpu.d << 8) | cpu.e : sel === 2 ? (cpu.h << 8) | cpu.l : cpu.sp;
      const hl = (cpu.h << 8) | cpu.l;
      t = (op & 8) !== 0 ? cpu.adc16(hl, rr) : cpu.sbc16(hl, rr);
      cpu.h = t >> 8; cpu.l = t & 0xff;
      break;
    }
    case 0x43: storeNN(cpu, (cpu.b << 8) | cpu.c); break;
    case 0x53: storeNN(cpu, (cpu.d << 8) | cpu.e); break;
    case 0x63: storeNN(cpu, (cpu.h << 8) | cpu.l); break;
    case 0x73: storeNN(cpu, cpu.sp); break;
    case 0x4b: t = loadNN(cpu); cpu.b = t >> 8; cpu.c = t & 0xff; break;
    case 0x5b: t = loadNN(cpu); cpu.d = t >> 8; cpu.e = t & 0xff; break;
    case 0x6b: t = loadNN(cpu); cpu.h = t >> 8; cpu.l = t & 0xff; break;
    case 0x7b: cpu.sp = loadNN(cpu); break;
    case 0x44: case 0x4c: case 0x54: case 0x5c: case 0x64: case 0x6c: case 0x74: case 0x7c:
      t = cpu.a; cpu.a = 0; cpu.sub8(t); break;
    case 0x45: case 0x4d: case 0x55: case 0x5d: case 0x65: case 0x6d: case 0x75: case 0x7d:
      ret(cpu); break; // RETN and RETI both copy IFF2 to IFF1 (Young §5.3)
    case 0x46: case 0x4e: case 0x66: case 0x6e: cpu.im = 0; break;
    case 0x56: case 0x76: cpu.im = 1; break;
    case 0x5e: case 0x7e: cpu.im = 2; break;
    case 0x47: cpu.idle(cpu.irAddr(), 1); cpu.i = cpu.a; break;
    case 0x4f: cpu.idle(cpu.irAddr(), 1); cpu.r = cpu.a; break;
    case 0x57:
      cpu.idle(cpu.irAddr(), 1);
      cpu.a = cpu.i;
      cpu.q = cpu.f = (cpu.f & FLAG_C) | SZ[cpu.a]! | (cpu.iff2 ? FLAG_PV : 0);
      cpu.p = 1;
      break;
    case 0x5f:
      cpu.idle(cpu.irAddr(), 1);
      cpu.a = cpu.r;
      cpu.q = cpu.f = (cpu.f & FLAG_C) | SZ[cpu.a]! | (cpu.iff2 ? FLAG_PV : 0);
      cpu.p = 1;
      break;
    case 0x67: case 0x6f: {
      const hl = (cpu.h << 8) | cpu.l;
      const v = cpu.rd(hl);
      cpu.idle(hl, 4);
      if (op === 0x67) { // RRD
        cpu.wr(hl, ((cpu.a << 4) | (v >> 4)) & 0xff);
        cpu.a = (cpu.a & 0xf0) | (v & 0x0f);
      } else { // RLD
        cpu.wr(hl, ((v << 4) | (cpu.a & 0x0f)) & 0xff);
        cpu.a = (cpu.a & 0xf0) | (v >> 4);
      }
      cpu.q = cpu.f = (cpu.f & FLAG_C) | SZP[cpu.a]!;
      cpu.wz = (hl + 1) & 0xffff;
      break;
    }
    case 0xa0: ldBlock(cpu, 1, false); break;
    case 0xa1: cpBlock(cpu, 1, false); break;
    case 0xa2: inBlock(cpu, 1, false); break;
    case 0xa3: outBlock(cpu, 1, false); break;
    case 0xa8: ldBlock(cpu, -1, false); break;
    case 0xa9: cpBlock(cpu, -1, false); break;
    case 0xaa: inBlock(cpu, -1, false); break;
    case 0xab: outBlock(cpu, -1, false); break;
    case 0xb0: ldBlock(cpu, 1, true); break;
    case 0xb1: cpBlock(cpu, 1, true); break;
    case 0xb2: inBlock(cpu, 1, true); break;
    case 0xb3: outBlock(cpu, 1, true); break;
    case 0xb8: ldBlock(cpu, -1, true); break;
    case 0xb9: cpBlock(cpu, -1, true); break;
    case 0xba: inBlock(cpu, -1, true); break;
    case 0xbb: outBlock(cpu, -1, true); break;
    default: break; // undefined: NOP
  }
}
