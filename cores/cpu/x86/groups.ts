/**
 * Opcode groups selected by the ModR/M reg field: 80h-83h (ALU with an immediate), D0h-D3h and
 * the 80186's C0h/C1h (shifts and rotates), F6h/F7h (TEST/NOT/NEG/MUL/IMUL/DIV/IDIV), FEh/FFh
 * (INC/DEC/CALL/JMP/PUSH).
 *
 * 8086/8088 details emulated: the shift count in CL is not masked (80186: masked to 5 bits);
 * reg 6 of the shift group is SETMO/SETMOC (result all ones); F6h/F7h reg 1 is an alias of TEST;
 * IDIV cannot return the most negative quotient (-128 / -32768 raise the divide error); a REP
 * prefix before IDIV negates the quotient (microcode quirk), and, UNVERIFIED, the product of IMUL;
 * FFh reg 7 is an alias of PUSH. FEh reg 2-7 (undefined) are executed as FFh with a byte read
 * (UNVERIFIED; no test covers them).
 * Reference: Intel iAPX 86/88 User's Manual, table 2-21 (clocks), chapter 3 (operations).
 */
import type { X86Cpu } from './cpu.ts';
import * as Alu from './alu.ts';
import * as Flags from './flags.ts';
import * as Regs from './regs.ts';

// Module-level copies of imported values: see regs.ts for why (each imported binding is a getter under tsx).
const { DX, SP, CS, SS, BYTE_REG } = Regs;
const { alu16, alu8, dec16, dec8, inc16, inc8, shift } = Alu;
const { CF, OF, SZP8, szp16 } = Flags;

export function group80(c: X86Cpu, op: number): void {
  const m = c.fetch8();
  const k = (m >> 3) & 7;
  if (m >= 0xc0) {
    // Register operand: the common case (CMP reg, imm in loops), kept free of ModR/M state.
    const rm = m & 7;
    if ((op & 1) === 0) {
      const d = BYTE_REG[rm]!;
      const res = alu8(c, k, c.r8[d]!, c.fetch8());
      if (k !== 7) c.r8[d] = res;
    } else {
      const b = op === 0x83 ? ((c.fetch8() << 24) >> 24) & 0xffff : c.fetch16();
      const res = alu16(c, k, c.r16[rm]!, b);
      if (k !== 7) c.r16[rm] = res;
    }
    c.cycles += 4;
    return;
  }
  c.decodeEA(m);
  if ((op & 1) === 0) {
    const a = c.getRM8();
    const res = alu8(c, k, a, c.fetch8());
    if (k !== 7) c.setRM8(res);
  } else {
    const a = c.getRM16();
    const b = op === 0x83 ? ((c.fetch8() << 24) >> 24) & 0xffff : c.fetch16();
    const res = alu16(c, k, a, b);
    if (k !== 7) c.setRM16(res);
  }
  c.cycles += c.mod === 3 ? 4 : k === 7 ? 10 : 17;
}

/** D0h-D3h (by 1 or CL) and, on the 80186, C0h/C1h (by imm8). */
export function groupShift(c: X86Cpu, op: number): void {
  c.modrm();
  const word = (op & 1) !== 0;
  const v = word ? c.getRM16() : c.getRM8();
  let n: number;
  if (op >= 0xd0 && op <= 0xd1) {
    n = 1;
    c.cycles += c.mod === 3 ? 2 : 15;
  } else {
    n = op >= 0xd2 ? c.r8[2]! : c.fetch8();
    if (c.is186) n &= 0x1f;
    c.cycles += (c.mod === 3 ? 8 : 20) + 4 * n;
  }
  if (n === 0) return;
  const res = shift(c, c.reg, v, n, word ? 16 : 8);
  if (word) c.setRM16(res); else c.setRM8(res);
}

export function groupF6(c: X86Cpu): void {
  c.modrm();
  const r8 = c.r8;
  const mem = c.mod !== 3;
  switch (c.reg) {
    case 0: case 1:
      alu8(c, 4, c.getRM8(), c.fetch8());
      c.cycles += mem ? 11 : 5;
      return;
    case 2: c.setRM8(~c.getRM8() & 0xff); c.cycles += mem ? 16 : 3; return;
    case 3: c.setRM8(alu8(c, 5, 0, c.getRM8())); c.cycles += mem ? 16 : 3; return;
    case 4: {
      const p = r8[0]! * c.getRM8();
      c.r16[0] = p;
      const hi = p >> 8;
      // SF ZF PF AF are undefined; we follow the low half of the product with AF clear, which is
      // what the 80186 suite's reference machine did (UNVERIFIED for a real 8088).
      c.flags = (c.flags & ~(CF | OF | 0xd4)) | SZP8[p & 0xff]! | (hi !== 0 ? CF | OF : 0);
      c.cycles += mem ? 76 : 70;
      return;
    }
    case 5: {
      let p = ((r8[0]! << 24) >> 24) * ((c.getRM8() << 24) >> 24);
      if (c.rep !== 0) p = -p; // UNVERIFIED: REP negation as for IDIV
      c.r16[0] = p;
      const ext = ((p & 0xff) << 24) >> 24 !== p;
      c.flags = (c.flags & ~(CF | OF | 0xd4)) | SZP8[p & 0xff]! | (ext ? CF | OF : 0);
      c.cycles += mem ? 86 : 80;
      return;
    }
    case 6: {
      const d = c.getRM8();
      c.cycles += mem ? 86 : 80;
      const ax = c.r16[0]!;
      if (d === 0) { c.divideError(); return; }
      const q = (ax / d) | 0;
      if (q > 0xff) { c.divideError(); return; }
      r8[0] = q;
      r8[1] = ax % d;
      return;
    }
    default: {
      const d = (c.getRM8() << 24) >> 24;
      c.cycles += mem ? 107 : 101;
      const ax = (c.r16[0]! << 16) >> 16;
      if (d === 0) { c.divideError(); return; }
      let q = (ax / d) | 0;
      const rem = ax - q * d;
      if (c.rep !== 0) q = -q;
      if (q > 127 || q < (c.is186 ? -128 : -127)) { c.divideError(); return; }
      r8[0] = q;
      r8[1] = rem;
      return;
    }
  }
}

export function groupF7(c: X86Cpu): void {
  c.modrm();
  const r16 = c.r16;
  const mem = c.mod !== 3;
  switch (c.reg) {
    case 0: case 1:
      alu16(c, 4, c.getRM16(), c.fetch16());
      c.cycles += mem ? 11 : 5;
      return;
    case 2: c.setRM16(~c.getRM16() & 0xffff); c.cycles += mem ? 16 : 3; return;
    case 3: c.setRM16(alu16(c, 5, 0, c.getRM16())); c.cycles += mem ? 16 : 3; return;
    case 4: {
      const p = r16[0]! * c.getRM16();
      r16[0] = p;
      const hi = Math.floor(p / 65536);
      r16[DX] = hi;
      c.flags = (c.flags & ~(CF | OF | 0xd4)) | szp16(p & 0xffff) | (hi !== 0 ? CF | OF : 0);
      c.cycles += mem ? 124 : 118;
      return;
    }
    case 5: {
      let p = ((r16[0]! << 16) >> 16) * ((c.getRM16() << 16) >> 16);
      if (c.rep !== 0) p = -p; // UNVERIFIED
      r16[0] = p;
      r16[DX] = p >> 16;
      const ext = ((p & 0xffff) << 16) >> 16 !== p;
      c.flags = (c.flags & ~(CF | OF | 0xd4)) | szp16(p & 0xffff) | (ext ? CF | OF : 0);
      c.cycles += mem ? 134 : 128;
      return;
    }
    case 6: {
      const d = c.getRM16();
      c.cycles += mem ? 150 : 144;
      if (d === 0) { c.divideError(); return; }
      const n = r16[DX]! * 65536 + r16[0]!;
      const q = Math.floor(n / d);
      if (q > 0xffff) { c.divideError(); return; }
      r16[0] = q;
      r16[DX] = n - q * d;
      return;
    }
    default: {
      const d = (c.getRM16() << 16) >> 16;
      c.cycles += mem ? 171 : 165;
      if (d === 0) { c.divideError(); return; }
      const n = (r16[DX]! << 16) | r16[0]!;
      let q = Math.trunc(n / d);
      const rem = n - q * d;
      if (c.rep !== 0) q = -q;
      if (q > 32767 || q < (c.is186 ? -32768 : -32767)) { c.divideError(); return; }
      r16[0] = q;
      r16[DX] = rem;
      return;
    }
  }
}

export function groupFE(c: X86Cpu): void {
  c.modrm();
  const mem = c.mod !== 3;
  if (c.reg === 0) { c.setRM8(inc8(c, c.getRM8())); c.cycles += mem ? 15 : 3; return; }
  if (c.reg === 1) { c.setRM8(dec8(c, c.getRM8())); c.cycles += mem ? 15 : 3; return; }
  if (c.wrapFaults) { c.invalidOpcode(); return; } // UNVERIFIED: FEh reg 2-7 (no suite files)
  ffOp(c, c.reg, c.getRM8() | 0xff00);
}

export function groupFF(c: X86Cpu): void {
  c.modrm();
  const mem = c.mod !== 3;
  switch (c.reg) {
    case 0: c.setRM16(inc16(c, c.getRM16())); c.cycles += mem ? 15 : 2; return;
    case 1: c.setRM16(dec16(c, c.getRM16())); c.cycles += mem ? 15 : 2; return;
    case 3: case 5:
      if (!mem && c.wrapFaults) { c.invalidOpcode(); return; } // far CALL/JMP need memory (286+: #UD)
      ffOp(c, c.reg, c.getRM16());
      return;
    case 6: case 7:
      if (!mem && c.rm === SP) {
        // PUSH SP via FFh: the 8086 stores the decremented SP, as with 54h; the 286 the old one.
        const old = c.r16[SP]!;
        const sp = (old - 2) & 0xffff;
        c.wr16(SS, sp, c.pushSpOld ? old : sp);
        c.r16[SP] = sp;
        c.cycles += 11;
        return;
      }
      ffOp(c, c.reg, c.getRM16());
      return;
    default:
      ffOp(c, c.reg, c.getRM16());
      return;
  }
}

/** FFh reg 2-7 with the operand `v` already read. */
function ffOp(c: X86Cpu, reg: number, v: number): void {
  const mem = c.mod !== 3;
  switch (reg) {
    case 2:
      c.push(c.ip);
      c.ip = v;
      c.cycles += mem ? 21 : 16;
      return;
    case 3: { // CALL far [m]: the selector follows the offset
      const seg = c.rd16(c.eaSeg, (c.ea + 2) & 0xffff);
      c.push(c.sreg[CS]!);
      c.push(c.ip);
      c.loadSeg(CS, seg);
      c.ip = v;
      c.cycles += 37;
      return;
    }
    case 4: c.ip = v; c.cycles += mem ? 18 : 11; return;
    case 5: {
      const seg = c.rd16(c.eaSeg, (c.ea + 2) & 0xffff);
      c.loadSeg(CS, seg);
      c.ip = v;
      c.cycles += 24;
      return;
    }
    default:
      c.push(v);
      c.cycles += mem ? 16 : 11;
      return;
  }
}
