/**
 * DD/FD-prefixed opcodes: HL replaced by IX/IY, H and L by IXH/IXL (undocumented), (HL) by
 * (IX+d) (with H and L then meaning the real H and L), and the DD CB d op / FD CB d op page with
 * its undocumented copy of the result into a register. Opcodes that do not involve HL run as if
 * unprefixed (the prefix cost 4 T and one R increment). A prefix followed by another prefix or ED
 * is ignored: ED then runs as usual, and a second DD/FD is left in `cpu.prefix` for the next step
 * so a long chain of prefixes cannot hold `step` (interrupts are not taken in between).
 *
 * Timing (UM0080): (IX+d) operand reads add a 3 T displacement read and 5 internal T-states at its
 * address; LD (IX+d),n has 2 there (after reading n); DD CB d op reads d and op as memory reads
 * followed by 2 internal T-states at op's address. MEMPTR is IX+d (Young §6).
 */
import * as opsCB from './ops-cb.ts';
import * as opsED from './ops-ed.ts';
import type { Z80 } from './z80.ts';

// Imports copied into module constants: under tsx (CommonJS output) each use of an imported
// binding is a getter call, which cost ~40% of the run time in profiles.
const { setReg } = opsCB;
const { execED } = opsED;

function setXY(cpu: Z80, iy: boolean, v: number): void {
  if (iy) cpu.iy = v; else cpu.ix = v;
}

/** Reads the displacement, spends `internal` T-states at its address, returns IX+d (also MEMPTR). */
function indexAddr(cpu: Z80, xy: number, internal: number): number {
  const d = cpu.imm8();
  cpu.idle((cpu.pc - 1) & 0xffff, internal);
  const addr = (xy + ((d ^ 0x80) - 0x80)) & 0xffff;
  cpu.wz = addr;
  return addr;
}

/** DD CB d op / FD CB d op. */
function execIndexCB(cpu: Z80, xy: number): void {
  const d = cpu.imm8();
  const op = cpu.imm8();
  cpu.idle((cpu.pc - 1) & 0xffff, 2);
  const addr = (xy + ((d ^ 0x80) - 0x80)) & 0xffff;
  cpu.wz = addr;
  const v = cpu.rd(addr);
  cpu.idle(addr, 1);
  const y = (op >> 3) & 7;
  let r: number;
  switch (op >> 6) {
    case 0: r = cpu.rot(y, v); break;
    case 1: cpu.bit(y, v, addr >> 8); return;
    case 2: r = v & ~(1 << y); break;
    default: r = v | (1 << y); break;
  }
  cpu.wr(addr, r);
  // Undocumented: the result is also copied to the register in the low 3 bits (not for 6).
  const z = op & 7;
  if (z !== 6) setReg(cpu, z, r);
}

/**
 * Executes a DD/FD-prefixed opcode. Returns -1 when done, or the opcode itself when it does not
 * involve HL and must run unprefixed (the caller runs it; this keeps ops-main out of our imports).
 */
export function execIndex(cpu: Z80, op: number, iy: boolean): number {
  const xy = iy ? cpu.iy : cpu.ix;
  let t: number;
  switch (op) {
    case 0x09: cpu.idle(cpu.irAddr(), 7); setXY(cpu, iy, cpu.add16(xy, (cpu.b << 8) | cpu.c)); break;
    case 0x19: cpu.idle(cpu.irAddr(), 7); setXY(cpu, iy, cpu.add16(xy, (cpu.d << 8) | cpu.e)); break;
    case 0x29: cpu.idle(cpu.irAddr(), 7); setXY(cpu, iy, cpu.add16(xy, xy)); break;
    case 0x39: cpu.idle(cpu.irAddr(), 7); setXY(cpu, iy, cpu.add16(xy, cpu.sp)); break;
    case 0x21: setXY(cpu, iy, cpu.imm16()); break;
    case 0x22: t = cpu.imm16(); cpu.wr(t, xy & 0xff); t = (t + 1) & 0xffff; cpu.wr(t, xy >> 8); cpu.wz = t; break;
    case 0x2a: {
      t = cpu.imm16();
      const lo = cpu.rd(t);
      t = (t + 1) & 0xffff;
      setXY(cpu, iy, lo | (cpu.rd(t) << 8));
      cpu.wz = t;
      break;
    }
    case 0x23: cpu.idle(cpu.irAddr(), 2); setXY(cpu, iy, (xy + 1) & 0xffff); break;
    case 0x2b: cpu.idle(cpu.irAddr(), 2); setXY(cpu, iy, (xy - 1) & 0xffff); break;
    case 0x24: setXY(cpu, iy, (xy & 0xff) | (cpu.inc8(xy >> 8) << 8)); break;
    case 0x25: setXY(cpu, iy, (xy & 0xff) | (cpu.dec8(xy >> 8) << 8)); break;
    case 0x26: setXY(cpu, iy, (xy & 0xff) | (cpu.imm8() << 8)); break;
    case 0x2c: setXY(cpu, iy, (xy & 0xff00) | cpu.inc8(xy & 0xff)); break;
    case 0x2d: setXY(cpu, iy, (xy & 0xff00) | cpu.dec8(xy & 0xff)); break;
    case 0x2e: setXY(cpu, iy, (xy & 0xff00) | cpu.imm8()); break;
    case 0x34: { const a = indexAddr(cpu, xy, 5); t = cpu.rd(a); cpu.idle(a, 1); cpu.wr(a, cpu.inc8(t)); break; }
    case 0x35: { const a = indexAddr(cpu, xy, 5); t = cpu.rd(a); cpu.idle(a, 1); cpu.wr(a, cpu.dec8(t)); break; }
    case 0x36: {
      const d = cpu.imm8();
      const n = cpu.imm8();
      cpu.idle((cpu.pc - 1) & 0xffff, 2);
      const a = (xy + ((d ^ 0x80) - 0x80)) & 0xffff;
      cpu.wz = a;
      cpu.wr(a, n);
      break;
    }
    case 0x44: cpu.b = (xy >> 8); break;
    case 0x45: cpu.b = (xy & 0xff); break;
    case 0x46: cpu.b = cpu.rd(indexAddr(cpu, xy, 5)); break;
    case 0x4c: cpu.c = (xy >> 8); break;
    case 0x4d: cpu.c = (xy & 0xff); break;
    case 0x4e: cpu.c = cpu.rd(indexAddr(cpu, xy, 5)); break;
    case 0x54: cpu.d = (xy >> 8); break;
    case 0x55: cpu.d = (xy & 0xff); break;
    case 0x56: cpu.d = cpu.rd(indexAddr(cpu, xy, 5)); break;
    case 0x5c: cpu.e = (xy >> 8); break;
    case 0x5d: cpu.e = (xy & 0xff); break;
    case 0x5e: cpu.e = cpu.rd(indexAddr(cpu, xy, 5)); break;
    case 0x60: setXY(cpu, iy, (xy & 0xff) | (cpu.b << 8)); break;
    case 0x61: setXY(cpu, iy, (xy & 0xff) | (cpu.c << 8)); break;
    case 0x62: setXY(cpu, iy, (xy & 0xff) | (cpu.d << 8)); break;
    case 0x63: setXY(cpu, iy, (xy & 0xff) | (cpu.e << 8)); break;
    case 0x64: break;
    case 0x65: setXY(cpu, iy, (xy & 0xff) | ((xy & 0xff) << 8)); break;
    case 0x66: cpu.h = cpu.rd(indexAddr(cpu, xy, 5)); break;
    case 0x67: setXY(cpu, iy, (xy & 0xff) | (cpu.a << 8)); break;
    case 0x68: setXY(cpu, iy, (xy & 0xff00) | cpu.b); break;
    case 0x69: setXY(cpu, iy, (xy & 0xff00) | cpu.c); break;
    case 0x6a: setXY(cpu, iy, (xy & 0xff00) | cpu.d); break;
    case 0x6b: setXY(cpu, iy, (xy & 0xff00) | cpu.e); break;
    case 0x6c: setXY(cpu, iy, (xy & 0xff00) | (xy >> 8)); break;
    case 0x6d: break;
    case 0x6e: cpu.l = cpu.rd(indexAddr(cpu, xy, 5)); break;
    case 0x6f: setXY(cpu, iy, (xy & 0xff00) | cpu.a); break;
    case 0x70: cpu.wr(indexAddr(cpu, xy, 5), cpu.b); break;
    case 0x71: cpu.wr(indexAddr(cpu, xy, 5), cpu.c); break;
    case 0x72: cpu.wr(indexAddr(cpu, xy, 5), cpu.d); break;
    case 0x73: cpu.wr(indexAddr(cpu, xy, 5), cpu.e); break;
    case 0x74: cpu.wr(indexAddr(cpu, xy, 5), cpu.h); break;
    case 0x75: cpu.wr(indexAddr(cpu, xy, 5), cpu.l); break;
    case 0x77: cpu.wr(indexAddr(cpu, xy, 5), cpu.a); break;
    case 0x7c: cpu.a = (xy >> 8); break;
    case 0x7d: cpu.a = (xy & 0xff); break;
    case 0x7e: cpu.a = cpu.rd(indexAddr(cpu, xy, 5)); break;
    case 0x84: cpu.add8((xy >> 8)); break;
    case 0x85: cpu.add8((xy & 0xff)); break;
    case 0x86: cpu.add8(cpu.rd(indexAddr(cpu, xy, 5))); break;
    case 0x8c: cpu.adc8((xy >> 8)); break;
    case 0x8d: cpu.adc8((xy & 0xff)); break;
    case 0x8e: cpu.adc8(cpu.rd(indexAddr(cpu, xy, 5))); break;
    case 0x94: cpu.sub8((xy >> 8)); break;
    case 0x95: cpu.sub8((xy & 0xff)); break;
    case 0x96: cpu.sub8(cpu.rd(indexAddr(cpu, xy, 5))); break;
    case 0x9c: cpu.sbc8((xy >> 8)); break;
    case 0x9d: cpu.sbc8((xy & 0xff)); break;
    case 0x9e: cpu.sbc8(cpu.rd(indexAddr(cpu, xy, 5))); break;
    case 0xa4: cpu.and8((xy >> 8)); break;
    case 0xa5: cpu.and8((xy & 0xff)); break;
    case 0xa6: cpu.and8(cpu.rd(indexAddr(cpu, xy, 5))); break;
    case 0xac: cpu.xor8((xy >> 8)); break;
    case 0xad: cpu.xor8((xy & 0xff)); break;
    case 0xae: cpu.xor8(cpu.rd(indexAddr(cpu, xy, 5))); break;
    case 0xb4: cpu.or8((xy >> 8)); break;
    case 0xb5: cpu.or8((xy & 0xff)); break;
    case 0xb6: cpu.or8(cpu.rd(indexAddr(cpu, xy, 5))); break;
    case 0xbc: cpu.cp8((xy >> 8)); break;
    case 0xbd: cpu.cp8((xy & 0xff)); break;
    case 0xbe: cpu.cp8(cpu.rd(indexAddr(cpu, xy, 5))); break;
    case 0xcb: execIndexCB(cpu, xy); break;
    case 0xe1: setXY(cpu, iy, cpu.pop16()); break;
    case 0xe3: {
      const sp = cpu.sp;
      const sp1 = (sp + 1) & 0xffff;
      const lo = cpu.rd(sp);
      const hi = cpu.rd(sp1);
      cpu.idle(sp1, 1);
      cpu.wr(sp1, xy >> 8);
      cpu.wr(sp, xy & 0xff);
      cpu.idle(sp, 2);
      t = (hi << 8) | lo;
      setXY(cpu, iy, t);
      cpu.wz = t;
      break;
    }
    case 0xe5: cpu.idle(cpu.irAddr(), 1); cpu.push16(xy); break;
    case 0xe9: cpu.pc = xy; break;
    case 0xf9: cpu.idle(cpu.irAddr(), 2); cpu.sp = xy; break;
    case 0xed: execED(cpu, cpu.fetchOp()); break;
    case 0xdd: case 0xfd:
      // The first prefix acted as a 4 T NOP; this one applies to the next step's opcode.
      cpu.prefix = op;
      break;
    default: return op;
  }
  return -1;
}
