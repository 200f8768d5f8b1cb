/**
 * `step386`: one instruction of the 80386 (or of an 80286 in protected mode) on the checked path:
 * every operand and address size (66h/67h, the code segment's D bit), FS/GS, 32-bit string
 * instructions and LOOP/JECXZ, and the protected-mode and V86 rules of the one-byte opcodes
 * (IOPL-sensitive CLI/STI/PUSHF/POPF/INT/IRET/IN/OUT, far transfers through protect.ts). The
 * 0Fh page is in exec0f.ts.
 *
 * 8- and 16-bit ALU results reuse the 8086 core's lazy-flag ALU (alu.ts); 32-bit ones are eager
 * (alu32.ts). Shift counts are masked to 5 bits. Clocks: a flat figure per instruction
 * (UNVERIFIED: the 386 table is not modelled; real mode's fast path keeps the 8086 table).
 * Reference: Intel 80386 Programmer's Reference Manual (1986), chapter 17 (instruction set),
 * §15.5 (V86 sensitive instructions), §8.3 (I/O permission bitmap).
 */
import type { X86ProtCpu } from './cpu386.ts';
import * as Alu from './alu.ts';
import * as Alu32 from './alu32.ts';
import * as Flags from './flags.ts';
import * as Regs from './regs.ts';
import * as Bcd from './bcd.ts';
import * as Execute from './execute.ts';
import * as Prot from './protect.ts';
import * as Exec0f from './exec0f.ts';
import * as Ops from './operands386.ts';

// Module-level copies of imported values: see regs.ts for why (each imported binding is a getter under tsx).
const { alu8, inc8, inc16, dec8, dec16 } = Alu;
const { inc32, dec32, shift386, mul32, imul32, szp32 } = Alu32;
const { CF, PF, AF, ZF, SF, TF, IF, DF, OF, SZP8, szp16 } = Flags;
const { AX, CX, DX, BX, SP, BP, SI, DI, ES, CS, SS, DS, BYTE_REG } = Regs;
const { decimalAdjust, aaa, aam, aad } = Bcd;
const { condition } = Execute;
const { farTransfer, farReturn, iretPM, ioCheck } = Prot;
const { exec0f } = Exec0f;
const { getReg, setReg, rdMem, wrMem, getRM, setRM, imm, eaPlus, alu, nearTarget, signExt, maskW, setIP } = Ops;

const FS = 4, GS = 5;
const tmp64 = new Uint32Array(2);

/** CX/ECX by the address size. */
function getCount(c: X86ProtCpu): number { return c.adSize === 32 ? c.get32(CX) : c.r16[CX]!; }
function setCount(c: X86ProtCpu, v: number): void { if (c.adSize === 32) c.set32(CX, v); else c.r16[CX] = v; }
function getIdx(c: X86ProtCpu, n: number): number { return c.adSize === 32 ? c.get32(n) : c.r16[n]!; }
function addIdx(c: X86ProtCpu, n: number, d: number): void {
  if (c.adSize === 32) c.set32(n, (c.get32(n) + d) >>> 0); else c.r16[n] = c.r16[n]! + d;
}

/** IOPL-sensitive instructions in protected mode (CPL > IOPL) or V86 mode (IOPL < 3) raise #GP(0). */
function iopl(c: X86ProtCpu): void {
  if (c.v86 ? c.iopl < 3 : c.pm && c.cpl > c.iopl) c.fault(13, 0);
}

// ---- the instruction --------------------------------------------------------------------------

export function step386(c: X86ProtCpu): void {
  c.segOvr = -1;
  c.rep = 0;
  c.opSize = c.defOpSize;
  c.adSize = c.defAdSize;
  c.cycles += 2;
  const is386 = c.hasSizePrefixes;
  let lock = false;
  let op = c.fetch8();
  for (;;) {
    switch (op) {
      case 0x26: case 0x2e: case 0x36: case 0x3e: c.segOvr = (op >> 3) & 3; break;
      case 0x64: case 0x65: if (!is386) { c.invalidOpcode(); return; } c.segOvr = op - 0x60; break;
      case 0x66: if (!is386) { c.invalidOpcode(); return; } c.opSize = c.defOpSize ^ 48; break;
      case 0x67: if (!is386) { c.invalidOpcode(); return; } c.adSize = c.defAdSize ^ 48; break;
      case 0xf0: lock = true; break;
      case 0xf2: case 0xf3: c.rep = op; break;
      default:
        if (lock && is386) checkLock(c, op);
        exec(c, op);
        return;
    }
    if (((c.ip - c.instrStart) & c.ipMask) >= c.maxInstrLength) c.fault(13, 0);
    op = c.fetch8();
  }
}

/**
 * LOCK is accepted only before the read-modify-write instructions with a memory destination
 * (80386 PRM §17 LOCK): anything else raises #UD. Peeks at the opcode's ModR/M byte.
 */
function checkLock(c: X86ProtCpu, op: number): void {
  const ip = c.ip;
  let ok = false;
  let m: number;
  if (op === 0x0f) {
    const op2 = c.fetch8();
    m = c.fetch8();
    ok = m < 0xc0 && (op2 === 0xab || op2 === 0xb3 || op2 === 0xbb || (op2 === 0xba && ((m >> 3) & 7) >= 5));
  } else {
    m = c.fetch8();
    const reg = (m >> 3) & 7;
    if (m < 0xc0) {
      if (op < 0x40) ok = (op & 7) < 2 && (op >> 3) !== 7;
      else if (op >= 0x80 && op <= 0x83) ok = reg !== 7;
      else if (op === 0x86 || op === 0x87) ok = true;
      else if (op === 0xf6 || op === 0xf7) ok = reg === 2 || reg === 3;
      else if (op === 0xfe || op === 0xff) ok = reg < 2;
    }
  }
  c.ip = ip;
  if (!ok) c.invalidOpcode();
}

function exec(c: X86ProtCpu, op: number): void {
  const r16 = c.r16, r8 = c.r8;
  const v = c.opSize;
  switch (op) {
    // ---- ALU ------------------------------------------------------------------------------
    case 0x00: case 0x08: case 0x10: case 0x18: case 0x20: case 0x28: case 0x30: case 0x38:
    case 0x01: case 0x09: case 0x11: case 0x19: case 0x21: case 0x29: case 0x31: case 0x39: {
      const w = (op & 1) !== 0 ? v : 8;
      const k = op >> 3;
      c.modrm();
      const res = alu(c, k, w, getRM(c, w), getReg(c, w, c.reg));
      if (k !== 7) setRM(c, w, res);
      return;
    }
    case 0x02: case 0x0a: case 0x12: case 0x1a: case 0x22: case 0x2a: case 0x32: case 0x3a:
    case 0x03: case 0x0b: case 0x13: case 0x1b: case 0x23: case 0x2b: case 0x33: case 0x3b: {
      const w = (op & 1) !== 0 ? v : 8;
      const k = op >> 3;
      c.modrm();
      const res = alu(c, k, w, getReg(c, w, c.reg), getRM(c, w));
      if (k !== 7) setReg(c, w, c.reg, res);
      return;
    }
    case 0x04: case 0x0c: case 0x14: case 0x1c: case 0x24: case 0x2c: case 0x34: case 0x3c: {
      const k = op >> 3;
      const res = alu8(c, k, r8[0]!, c.fetch8());
      if (k !== 7) r8[0] = res;
      return;
    }
    case 0x05: case 0x0d: case 0x15: case 0x1d: case 0x25: case 0x2d: case 0x35: case 0x3d: {
      const k = op >> 3;
      const res = alu(c, k, v, getReg(c, v, AX), imm(c, v));
      if (k !== 7) setReg(c, v, AX, res);
      return;
    }
    // ---- segment push/pop ----------------------------------------------------------------------
    case 0x06: case 0x0e: case 0x16: case 0x1e: c.push(c.sreg[op >> 3]!); return;
    case 0x07: case 0x17: case 0x1f: {
      const s = op >> 3;
      const val = v === 32 ? c.stackRd(0, 32) & 0xffff : c.stackRd(0, 16);
      // (E)SP moves by the old stack's size (POP SS changes it).
      const sp = c.stk32 ? (c.getSP() + v / 8) >>> 0 : (c.getSP() + v / 8) & 0xffff;
      const big = c.stk32;
      c.loadSeg(s, val);
      if (big) c.set32(SP, sp); else c.r16[SP] = sp;
      if (s === SS) { c.inhibit = true; c.attn = true; }
      return;
    }
    case 0x0f: exec0f(c); return;
    // ---- BCD -----------------------------------------------------------------------------------
    case 0x27: decimalAdjust(c, 1); return;
    case 0x2f: decimalAdjust(c, -1); return;
    case 0x37: aaa(c, 1); return;
    case 0x3f: aaa(c, -1); return;
    // ---- INC/DEC/PUSH/POP reg --------------------------------------------------------------------
    case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
      if (v === 16) r16[op & 7] = inc16(c, r16[op & 7]!); else c.set32(op & 7, inc32(c, c.get32(op & 7)));
      return;
    case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f:
      if (v === 16) r16[op & 7] = dec16(c, r16[op & 7]!); else c.set32(op & 7, dec32(c, c.get32(op & 7)));
      return;
    case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
      c.push(getReg(c, v, op & 7)); // PUSH (E)SP stores the value before the push
      return;
    case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f: {
      const val = c.pop();
      setReg(c, v, op & 7, val);
      return;
    }
    // ---- 60h-6Fh -----------------------------------------------------------------------------------
    case 0x60: { // PUSHA/PUSHAD
      const sp = getReg(c, v, SP);
      for (let n = 0; n < 8; n++) c.push(n === SP ? sp : getReg(c, v, n));
      return;
    }
    case 0x61: { // POPA/POPAD: (E)SP's slot is skipped
      const b = v / 8;
      for (let n = 7; n >= 0; n--) {
        if (n === SP) { c.setSP(c.stk32 ? c.getSP() + b : (c.getSP() + b) & 0xffff); continue; }
        setReg(c, v, n, c.pop());
      }
      return;
    }
    case 0x62: { // BOUND
      c.modrm();
      if (c.mod === 3) { c.invalidOpcode(); return; }
      const x = signExt(getReg(c, v, c.reg), v);
      const lo = signExt(rdMem(c, v, c.eaSeg, c.ea), v);
      const hi = signExt(rdMem(c, v, c.eaSeg, eaPlus(c, v / 8)), v);
      if (x < lo || x > hi) c.fault(5);
      return;
    }
    case 0x63: { // ARPL (protected mode only)
      if (!c.pm || c.v86) { c.invalidOpcode(); return; }
      c.modrm();
      const d = getRM(c, 16), s = c.r16[c.reg]!;
      if ((d & 3) < (s & 3)) { setRM(c, 16, (d & ~3) | (s & 3)); c.flags |= ZF; } else c.flags &= ~ZF;
      return;
    }
    case 0x68: c.push(imm(c, v)); return;
    case 0x6a: c.push(signExt(c.fetch8(), 8) >>> 0); return;
    case 0x69: case 0x6b: {
      c.modrm();
      const a = signExt(getRM(c, v), v);
      const b = op === 0x69 ? signExt(imm(c, v), v) : signExt(c.fetch8(), 8);
      Ops.imulTrunc(c, v, c.reg, a, b);
      return;
    }
    case 0x6c: case 0x6d: case 0x6e: case 0x6f: case 0xa4: case 0xa5: case 0xa6: case 0xa7:
    case 0xaa: case 0xab: case 0xac: case 0xad: case 0xae: case 0xaf:
      strings(c, op);
      return;
    // ---- Jcc rel8 ------------------------------------------------------------------------------------
    case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
    case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e: case 0x7f: {
      const d = signExt(c.fetch8(), 8);
      if (condition(c.flags, op & 15)) setIP(c, c.ip + d);
      return;
    }
    // ---- group 1 -----------------------------------------------------------------------------------
    case 0x80: case 0x81: case 0x82: case 0x83: {
      const w = (op & 1) !== 0 ? v : 8;
      c.modrm();
      const k = c.reg;
      const a = getRM(c, w);
      const b = op === 0x83 ? signExt(c.fetch8(), 8) & maskW(w) : imm(c, w);
      const res = alu(c, k, w, a, b >>> 0);
      if (k !== 7) setRM(c, w, res);
      return;
    }
    case 0x84: case 0x85: {
      const w = op === 0x84 ? 8 : v;
      c.modrm();
      alu(c, 4, w, getRM(c, w), getReg(c, w, c.reg));
      return;
    }
    case 0x86: case 0x87: {
      const w = op === 0x86 ? 8 : v;
      c.modrm();
      const a = getRM(c, w);
      setRM(c, w, getReg(c, w, c.reg));
      setReg(c, w, c.reg, a);
      return;
    }
    case 0x88: case 0x89: {
      const w = op === 0x88 ? 8 : v;
      c.modrm();
      setRM(c, w, getReg(c, w, c.reg));
      return;
    }
    case 0x8a: case 0x8b: {
      const w = op === 0x8a ? 8 : v;
      c.modrm();
      setReg(c, w, c.reg, getRM(c, w));
      return;
    }
    case 0x8c: { // MOV r/m, Sreg: a 32-bit register gets the selector zero-extended
      c.modrm();
      if (c.reg > 5) { c.invalidOpcode(); return; }
      if (c.mod === 3) setReg(c, v, c.rm, c.sreg[c.reg]!); else c.wr16(c.eaSeg, c.ea, c.sreg[c.reg]!);
      return;
    }
    case 0x8d: // LEA: the offset, truncated to the operand size
      c.modrm();
      if (c.mod === 3) { c.invalidOpcode(); return; }
      setReg(c, v, c.reg, c.ea);
      return;
    case 0x8e: {
      c.modrm();
      if (c.reg === CS || c.reg > 5) { c.invalidOpcode(); return; }
      const sel = getRM(c, 16);
      c.loadSeg(c.reg, sel);
      if (c.reg === SS) { c.inhibit = true; c.attn = true; }
      return;
    }
    case 0x8f: { // POP r/m: an ESP-based address sees ESP after the pop
      const save = c.getSP();
      const val = c.pop();
      c.modrm();
      if (c.reg !== 0) { c.setSP(save); c.invalidOpcode(); return; }
      try { setRM(c, v, val); } catch (e) { c.setSP(save); throw e; }
      return;
    }
    // ---- 90h-9Fh -----------------------------------------------------------------------------------
    case 0x90: return;
    case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97: {
      const t = getReg(c, v, AX);
      setReg(c, v, AX, getReg(c, v, op & 7));
      setReg(c, v, op & 7, t);
      return;
    }
    case 0x98: if (v === 16) r16[AX] = (r8[0]! << 24) >> 24; else c.set32(AX, (r16[AX]! << 16) >> 16); return;
    case 0x99: if (v === 16) r16[DX] = r16[AX]! & 0x8000 ? 0xffff : 0; else c.set32(DX, (c.get32(AX) | 0) < 0 ? 0xffffffff : 0); return;
    case 0x9a: { // CALL far ptr16:16/32
      const off = imm(c, v);
      const sel = c.fetch16();
      farCall(c, sel, off);
      return;
    }
    case 0x9b: // WAIT: #NM when MP and TS are both set (80386 PRM §11.?, WAIT)
      if ((c.cr0 & 0xa) === 0xa) c.fault(7);
      return;
    case 0x9c: // PUSHF/PUSHFD (VM and RF read as 0 in the pushed image)
      if (c.v86 && c.iopl < 3) c.fault(13, 0);
      if (v === 16) c.push16(c.flags); else c.push32(c.eflags & 0x00fcffff);
      return;
    case 0x9d: { // POPF/POPFD
      if (c.v86 && c.iopl < 3) c.fault(13, 0);
      const val = v === 16 ? c.pop16() : c.pop32();
      c.writeEflags(val, popfMask(c, v));
      return;
    }
    case 0x9e: c.flags = (c.flags & ~0xd5) | (r8[1]! & 0xd5); return;
    case 0x9f: r8[1] = c.flags & 0xff; return;
    // ---- MOV acc, moffs ------------------------------------------------------------------------------
    case 0xa0: case 0xa1: case 0xa2: case 0xa3: {
      const w = (op & 1) !== 0 ? v : 8;
      const off = c.adSize === 16 ? c.fetch16() : c.fetch32();
      const s = c.segOvr >= 0 ? c.segOvr : DS;
      if (op < 0xa2) setReg(c, w, AX, rdMem(c, w, s, off)); else wrMem(c, w, s, off, getReg(c, w, AX));
      return;
    }
    case 0xa8: alu8(c, 4, r8[0]!, c.fetch8()); return;
    case 0xa9: alu(c, 4, v, getReg(c, v, AX), imm(c, v)); return;
    case 0xb0: case 0xb1: case 0xb2: case 0xb3: case 0xb4: case 0xb5: case 0xb6: case 0xb7:
      r8[BYTE_REG[op & 7]!] = c.fetch8();
      return;
    case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
      setReg(c, v, op & 7, imm(c, v));
      return;
    // ---- shifts by imm8 / 1 / CL -------------------------------------------------------------------------
    case 0xc0: case 0xc1: case 0xd0: case 0xd1: case 0xd2: case 0xd3: {
      const w = (op & 1) !== 0 ? v : 8;
      c.modrm();
      const val = getRM(c, w);
      const n = (op <= 0xc1 ? c.fetch8() : op <= 0xd1 ? 1 : r8[2]!) & 0x1f;
      if (n === 0) return;
      setRM(c, w, w === 8 || w === 16 ? shift386(c, c.reg, val, n, w) : shift386(c, c.reg, val, n, 32));
      return;
    }
    // ---- returns -----------------------------------------------------------------------------------------
    case 0xc2: case 0xc3: {
      const n = op === 0xc2 ? c.fetch16() : 0;
      const t = c.stackRd(0, v);
      setIP(c, t);
      const sp = c.getSP() + v / 8 + n;
      c.setSP(c.stk32 ? sp >>> 0 : sp & 0xffff);
      return;
    }
    case 0xc4: case 0xc5: {
      c.modrm();
      if (c.mod === 3) { c.invalidOpcode(); return; }
      const off = rdMem(c, v, c.eaSeg, c.ea);
      const sel = c.rd16(c.eaSeg, eaPlus(c, v / 8));
      c.loadSeg(op === 0xc4 ? ES : DS, sel);
      setReg(c, v, c.reg, off);
      return;
    }
    case 0xc6: case 0xc7: {
      const w = op === 0xc6 ? 8 : v;
      c.modrm();
      if (c.reg !== 0) { c.invalidOpcode(); return; }
      setRM(c, w, imm(c, w));
      return;
    }
    case 0xc8: { // ENTER imm16, imm8
      const size = c.fetch16();
      const level = c.fetch8() & 31;
      const bpW = c.stk32 ? 32 : 16;
      {
        // "ENTER causes a page fault whenever a write using the final value of the stack pointer
        // would do so" (test386 POST 1Ah): check the final ESP before anything is pushed.
        const total = (v / 8) * (level > 0 ? level + 1 : 1) + size;
        const fin = c.stk32 ? (c.getSP() - total) >>> 0 : (c.getSP() - total) & 0xffff;
        c.phys(c.segAddr(SS, fin, 1, true), true, c.cpl === 3);
      }
      c.push(getReg(c, v, BP));
      const frame = c.get32(SP); // all 32 bits, even on a 16-bit stack (test386 ENTER tests)
      if (level > 0) {
        let bp = getReg(c, bpW, BP);
        for (let i = 1; i < level; i++) {
          bp = bpW === 32 ? (bp - v / 8) >>> 0 : (bp - v / 8) & 0xffff;
          c.push(rdMem(c, v, SS, bp));
        }
        c.push(frame);
      }
      const nsp = c.stk32 ? (c.getSP() - size) >>> 0 : (c.getSP() - size) & 0xffff;
      if (bpW === 32) c.set32(BP, frame); else r16[BP] = frame;
      c.setSP(nsp);
      return;
    }
    case 0xc9: { // LEAVE
      const bp = c.stk32 ? c.get32(BP) : r16[BP]!;
      const val = rdMem(c, v, SS, bp);
      c.setSP(c.stk32 ? bp + v / 8 : (bp + v / 8) & 0xffff);
      setReg(c, v, BP, val);
      return;
    }
    case 0xca: case 0xcb: {
      const n = op === 0xca ? c.fetch16() : 0;
      if (c.pm && !c.v86) { farReturn(c, n); return; }
      const ip = c.stackRd(0, v);
      const cs = c.stackRd(v / 8, v) & 0xffff;
      c.loadSeg(CS, cs);
      c.ip = v === 16 ? ip & 0xffff : ip;
      const sp = c.getSP() + 2 * (v / 8) + n;
      c.setSP(c.stk32 ? sp >>> 0 : sp & 0xffff);
      return;
    }
    // ---- interrupts ----------------------------------------------------------------------------------------
    case 0xcc: c.exception(3, -1, true); return;
    case 0xcd: {
      const n = c.fetch8();
      if (c.v86 && c.iopl < 3) c.fault(13, 0);
      c.exception(n, -1, true);
      return;
    }
    case 0xce: if ((c.flags & OF) !== 0) c.exception(4, -1, true); return;
    case 0xcf: iret(c); return;
    case 0xd4: aam(c); return;
    case 0xd5: aad(c); return;
    case 0xd6: r8[0] = (c.flags & CF) !== 0 ? 0xff : 0; return; // SALC (undocumented)
    case 0xd7: {
      const s = c.segOvr >= 0 ? c.segOvr : DS;
      const off = c.adSize === 32 ? (c.get32(BX) + r8[0]!) >>> 0 : (r16[BX]! + r8[0]!) & 0xffff;
      r8[0] = c.rd8(s, off);
      return;
    }
    case 0xd8: case 0xd9: case 0xda: case 0xdb: case 0xdc: case 0xdd: case 0xde: case 0xdf:
      // No 80387: #NM when CR0.EM or TS is set (PRM §11.?); otherwise the operand is skipped.
      if ((c.cr0 & 0xc) !== 0) c.fault(7);
      c.modrm();
      return;
    // ---- loops, jumps, I/O ------------------------------------------------------------------------------------
    case 0xe0: case 0xe1: case 0xe2: {
      const d = signExt(c.fetch8(), 8);
      const n = (getCount(c) - 1) >>> 0;
      const cnt = c.adSize === 32 ? n : n & 0xffff;
      setCount(c, cnt);
      const z = (c.flags & ZF) !== 0;
      if (cnt !== 0 && (op === 0xe2 || (op === 0xe1 ? z : !z))) setIP(c, c.ip + d);
      return;
    }
    case 0xe3: {
      const d = signExt(c.fetch8(), 8);
      if (getCount(c) === 0) setIP(c, c.ip + d);
      return;
    }
    case 0xe4: case 0xe5: case 0xe6: case 0xe7: case 0xec: case 0xed: case 0xee: case 0xef: {
      const port = op < 0xe8 ? c.fetch8() : r16[DX]!;
      const w = (op & 1) !== 0 ? v : 8;
      ioCheck(c, port, w / 8);
      if ((op & 2) === 0) setReg(c, w, AX, portIn(c, port, w));
      else portOut(c, port, w, getReg(c, w, AX));
      return;
    }
    case 0xe8: {
      const d = imm(c, v);
      const ret = c.ip;
      const t = nearTarget(c, ret + d);
      if (c.pm && t > c.segLimit[CS]!) c.fault(13, 0);
      c.push(ret);
      c.ip = t;
      return;
    }
    case 0xe9: { const d = imm(c, v); setIP(c, c.ip + d); return; }
    case 0xea: {
      const off = imm(c, v);
      const sel = c.fetch16();
      farJump(c, sel, off);
      return;
    }
    case 0xeb: { const d = signExt(c.fetch8(), 8); setIP(c, c.ip + d); return; }
    // ---- misc ------------------------------------------------------------------------------------------------
    case 0xf1: c.fault(1); return; // ICEBP (undocumented): a debug trap
    case 0xf4:
      if (c.pm && c.cpl !== 0) c.fault(13, 0);
      c.halted = true; c.attn = true;
      return;
    case 0xf5: c.flags ^= CF; return;
    case 0xf6: case 0xf7: group3(c, op === 0xf6 ? 8 : v); return;
    case 0xf8: c.flags &= ~CF; return;
    case 0xf9: c.flags |= CF; return;
    case 0xfa: iopl(c); c.flags &= ~IF; return;
    case 0xfb:
      iopl(c);
      if ((c.fl & IF) === 0) { c.inhibit = true; c.attn = true; }
      c.flags |= IF;
      return;
    case 0xfc: c.flags &= ~DF; return;
    case 0xfd: c.flags |= DF; return;
    case 0xfe: {
      c.modrm();
      if (c.reg === 0) setRM(c, 8, inc8(c, getRM(c, 8)));
      else if (c.reg === 1) setRM(c, 8, dec8(c, getRM(c, 8)));
      else c.invalidOpcode();
      return;
    }
    case 0xff: groupFF(c); return;
    default:
      c.invalidOpcode();
      return;
  }
}

/** POPF/IRET: which EFLAGS bits the current privilege lets through (PRM §17 POPF). */
export function popfMask(c: X86ProtCpu, v: number): number {
  let m = 0x4dd5 | (v === 32 ? 0x40000 : 0); // arithmetic, TF, DF, NT (AC is a 486 bit: not on the 386)
  m &= ~0x40000;
  if (!c.pm || c.cpl === 0) m |= 0x3000; // IOPL
  if (!c.pm || c.cpl <= c.iopl) m |= IF;
  if (c.v86) m = (m & ~0x3000) | IF; // V86 with IOPL 3: IOPL stays, IF may change
  return v === 16 ? m & 0xffff : m;
}

function portIn(c: X86ProtCpu, port: number, w: number): number {
  if (w === 8) return c.bus.in8(port);
  if (w === 16) return c.bus.in16(port);
  return (c.bus.in16(port) | (c.bus.in16((port + 2) & 0xffff) << 16)) >>> 0;
}
function portOut(c: X86ProtCpu, port: number, w: number, val: number): void {
  if (w === 8) c.bus.out8(port, val & 0xff);
  else if (w === 16) c.bus.out16(port, val & 0xffff);
  else { c.bus.out16(port, val & 0xffff); c.bus.out16((port + 2) & 0xffff, val >>> 16); }
}

function group3(c: X86ProtCpu, w: number): void {
  c.modrm();
  const r8 = c.r8, r16 = c.r16;
  switch (c.reg) {
    case 0: case 1: alu(c, 4, w, getRM(c, w), imm(c, w)); return;
    case 2: setRM(c, w, ~getRM(c, w) & maskW(w)); return;
    case 3: setRM(c, w, alu(c, 5, w, 0, getRM(c, w))); return;
    case 4: { // MUL
      const a = getRM(c, w);
      let hi: number, lo: number;
      if (w === 8) { const p = r8[0]! * a; r16[0] = p; hi = p >> 8; lo = p & 0xff; c.flags = (c.flags & ~0x8d5) | SZP8[lo]! | (hi !== 0 ? CF | OF : 0); return; }
      if (w === 16) { const p = r16[0]! * a; r16[0] = p; hi = Math.floor(p / 65536); r16[DX] = hi; c.flags = (c.flags & ~0x8d5) | szp16(p & 0xffff) | (hi !== 0 ? CF | OF : 0); return; }
      mul32(c.get32(AX), a, tmp64);
      c.set32(AX, tmp64[0]!); c.set32(DX, tmp64[1]!);
      c.flags = (c.flags & ~0x8d5) | szp32(tmp64[0]!) | (tmp64[1] !== 0 ? CF | OF : 0);
      return;
    }
    case 5: { // IMUL
      const a = signExt(getRM(c, w), w);
      if (w === 8) { const p = ((r8[0]! << 24) >> 24) * a; r16[0] = p; const ext = ((p << 24) >> 24) !== p; c.flags = (c.flags & ~0x8d5) | SZP8[p & 0xff]! | (ext ? CF | OF : 0); return; }
      if (w === 16) { const p = ((r16[0]! << 16) >> 16) * a; r16[0] = p; r16[DX] = p >> 16; const ext = ((p << 16) >> 16) !== p; c.flags = (c.flags & ~0x8d5) | szp16(p & 0xffff) | (ext ? CF | OF : 0); return; }
      imul32(c.get32(AX), a, tmp64);
      c.set32(AX, tmp64[0]!); c.set32(DX, tmp64[1]!);
      const ext = (tmp64[1]! | 0) !== ((tmp64[0]! | 0) < 0 ? -1 : 0);
      c.flags = (c.flags & ~0x8d5) | szp32(tmp64[0]!) | (ext ? CF | OF : 0);
      return;
    }
    case 6: { // DIV
      const d = getRM(c, w);
      if (d === 0) c.fault(0);
      if (w === 8) { const ax = r16[0]!; const q = Math.floor(ax / d); if (q > 0xff) c.fault(0); r8[0] = q; r8[1] = ax % d; return; }
      if (w === 16) { const n = r16[DX]! * 65536 + r16[0]!; const q = Math.floor(n / d); if (q > 0xffff) c.fault(0); r16[0] = q; r16[DX] = n - q * d; return; }
      const n = (BigInt(c.get32(DX)) << 32n) | BigInt(c.get32(AX));
      const q = n / BigInt(d);
      if (q > 0xffffffffn) c.fault(0);
      c.set32(AX, Number(q)); c.set32(DX, Number(n - q * BigInt(d)));
      return;
    }
    default: { // IDIV
      const d = signExt(getRM(c, w), w);
      if (d === 0) c.fault(0);
      if (w === 8) { const ax = (r16[0]! << 16) >> 16; const q = Math.trunc(ax / d); if (q > 127 || q < -128) c.fault(0); r8[0] = q; r8[1] = ax - q * d; return; }
      if (w === 16) { const n = (r16[DX]! << 16) | r16[0]!; const q = Math.trunc(n / d); if (q > 32767 || q < -32768) c.fault(0); r16[0] = q; r16[DX] = n - q * d; return; }
      const n = (BigInt(c.get32(DX) | 0) << 32n) | BigInt(c.get32(AX));
      const q = n / BigInt(d);
      if (q > 0x7fffffffn || q < -0x80000000n) c.fault(0);
      c.set32(AX, Number(BigInt.asUintN(32, q))); c.set32(DX, Number(BigInt.asUintN(32, n - q * BigInt(d))));
      return;
    }
  }
}

function groupFF(c: X86ProtCpu): void {
  c.modrm();
  const v = c.opSize;
  switch (c.reg) {
    case 0: if (v === 16) setRM(c, 16, inc16(c, getRM(c, 16))); else setRM(c, 32, inc32(c, getRM(c, 32))); return;
    case 1: if (v === 16) setRM(c, 16, dec16(c, getRM(c, 16))); else setRM(c, 32, dec32(c, getRM(c, 32))); return;
    case 2: { // CALL near r/m
      const t = nearTarget(c, getRM(c, v));
      if (c.pm && t > c.segLimit[CS]!) c.fault(13, 0);
      c.push(c.ip);
      c.ip = t;
      return;
    }
    case 3: case 5: { // CALL/JMP far m16:16/32
      if (c.mod === 3) { c.invalidOpcode(); return; }
      const off = rdMem(c, v, c.eaSeg, c.ea);
      const sel = c.rd16(c.eaSeg, eaPlus(c, v / 8));
      if (c.reg === 3) farCall(c, sel, off); else farJump(c, sel, off);
      return;
    }
    case 4: setIP(c, getRM(c, v)); return;
    case 6: c.push(getRM(c, v)); return;
    default: c.invalidOpcode(); return;
  }
}

function farJump(c: X86ProtCpu, sel: number, off: number): void {
  if (c.pm && !c.v86) { farTransfer(c, sel, off, false); return; }
  c.loadSeg(CS, sel);
  c.ip = c.opSize === 16 ? off & 0xffff : off >>> 0;
}
function farCall(c: X86ProtCpu, sel: number, off: number): void {
  if (c.pm && !c.v86) { farTransfer(c, sel, off, true); return; }
  const cs = c.sreg[CS]!, ip = c.ip;
  c.push(cs);
  c.push(ip);
  c.loadSeg(CS, sel);
  c.ip = c.opSize === 16 ? off & 0xffff : off >>> 0;
}

function iret(c: X86ProtCpu): void {
  const v = c.opSize;
  if (c.pm && !c.v86) { iretPM(c); return; }
  if (c.v86 && c.iopl < 3) c.fault(13, 0);
  const ip = c.stackRd(0, v);
  const cs = c.stackRd(v / 8, v) & 0xffff;
  const fl = c.stackRd(2 * (v / 8), v);
  c.loadSeg(CS, cs);
  c.ip = v === 16 ? ip & 0xffff : ip >>> 0;
  const sp = c.getSP() + 3 * (v / 8);
  c.setSP(c.stk32 ? sp >>> 0 : sp & 0xffff);
  c.writeEflags(fl, popfMask(c, v));
}

// ---- strings --------------------------------------------------------------------------------------

function strings(c: X86ProtCpu, op: number): void {
  const w = (op & 1) !== 0 ? c.opSize : 8;
  const b = w / 8;
  const d = (c.fl & DF) !== 0 ? -b : b;
  const src = c.segOvr >= 0 ? c.segOvr : DS;
  const io = op < 0x70;
  if (io) ioCheck(c, c.r16[DX]!, b);
  if (c.rep === 0) { stringOnce(c, op, w, src, d); return; }
  const cmp = op === 0xa6 || op === 0xa7 || op === 0xae || op === 0xaf;
  const stopOnZ = c.rep === 0xf2;
  while (getCount(c) !== 0) {
    stringOnce(c, op, w, src, d);
    setCount(c, (getCount(c) - 1) >>> 0 & (c.adSize === 32 ? 0xffffffff : 0xffff));
    c.cycles += 2;
    if (cmp && ((c.flags & ZF) !== 0) === stopOnZ) return;
    if (getCount(c) === 0) return;
    if (c.cycles >= c.endCycle || c.nmiPending || (c.irqLine && (c.fl & IF) !== 0)) {
      // Interrupted between iterations: resume the whole instruction (with its prefixes) later.
      c.ip = c.instrStart;
      return;
    }
  }
}

function stringOnce(c: X86ProtCpu, op: number, w: number, src: number, d: number): void {
  switch (op) {
    case 0xa4: case 0xa5:
      wrMem(c, w, ES, getIdx(c, DI), rdMem(c, w, src, getIdx(c, SI)));
      addIdx(c, SI, d); addIdx(c, DI, d);
      return;
    case 0xa6: case 0xa7:
      alu(c, 7, w, rdMem(c, w, src, getIdx(c, SI)), rdMem(c, w, ES, getIdx(c, DI)));
      addIdx(c, SI, d); addIdx(c, DI, d);
      return;
    case 0xaa: case 0xab: wrMem(c, w, ES, getIdx(c, DI), getReg(c, w, AX)); addIdx(c, DI, d); return;
    case 0xac: case 0xad: setReg(c, w, AX, rdMem(c, w, src, getIdx(c, SI))); addIdx(c, SI, d); return;
    case 0xae: case 0xaf: alu(c, 7, w, getReg(c, w, AX), rdMem(c, w, ES, getIdx(c, DI))); addIdx(c, DI, d); return;
    case 0x6c: case 0x6d: {
      // The destination is checked before the port is read.
      const di = getIdx(c, DI);
      c.segAddr(ES, di, w / 8, true);
      wrMem(c, w, ES, di, portIn(c, c.r16[DX]!, w));
      addIdx(c, DI, d);
      return;
    }
    default:
      portOut(c, c.r16[DX]!, w, rdMem(c, w, src, getIdx(c, SI)));
      addIdx(c, SI, d);
      return;
  }
}

export { FS, GS, CF, PF, AF, ZF, SF, TF, OF };
