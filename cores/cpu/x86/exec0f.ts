/**
 * The two-byte opcode page (0Fh xx) of the 80286 and 80386, on the checked path.
 *
 * 80286: 00h group (SLDT STR LLDT LTR VERR VERW), 01h group (SGDT SIDT LGDT LIDT SMSW LMSW),
 * 02h LAR, 03h LSL, 06h CLTS. 80386 adds: MOV to/from CR0/CR2/CR3, DR0-7, TR6/TR7 (20h-26h),
 * Jcc rel16/32 (80h-8Fh), SETcc (90h-9Fh), PUSH/POP FS/GS, BT/BTS/BTR/BTC (A3h AB B3 BB, BAh
 * group), SHLD/SHRD (A4h A5h ACh ADh), IMUL r, r/m (AFh), LSS/LFS/LGS (B2h B4h B5h), MOVZX/MOVSX
 * (B6h B7h BEh BFh), BSF/BSR (BCh BDh). Everything else raises #UD (LOADALL 0Fh 05h/07h is not
 * emulated).
 * Reference: Intel 80386 Programmer's Reference Manual (1986), chapter 17 (instruction pages),
 * appendix A (opcode map); 80286 Programmer's Reference Manual, appendix B.
 */
import type { X86ProtCpu } from './cpu386.ts';
import { X86Model } from './cpu.ts';
import * as Flags from './flags.ts';
import * as Regs from './regs.ts';
import * as Execute from './execute.ts';
import * as Alu32 from './alu32.ts';
import * as Ops from './operands386.ts';
import * as Prot from './protect.ts';

// Module-level copies of imported values: see regs.ts for why (each imported binding is a getter under tsx).
const { CF, ZF, TS } = { CF: Flags.CF, ZF: Flags.ZF, TS: 8 };
const { CS, SS, DS, ES } = Regs;
const { condition } = Execute;
const { shiftDouble } = Alu32;
const { getReg, setReg, getRM, setRM, rdMem, eaPlus, imm, imulTrunc } = Ops;
const { loadLdt, loadTr, accessRights, setCr0 } = Prot;

function signExt(v: number, w: number): number { return w === 8 ? (v << 24) >> 24 : w === 16 ? (v << 16) >> 16 : v | 0; }

export function exec0f(c: X86ProtCpu): void {
  const op = c.fetch8();
  const v = c.opSize;
  const is386 = c.model >= X86Model.I80386;
  const pmOnly = (): void => { if (!c.pm || c.v86) c.invalidOpcode(); };
  switch (op) {
    case 0x00: {
      c.modrm();
      if (!c.pm || c.v86) { c.invalidOpcode(); return; }
      switch (c.reg) {
        case 0: if (c.mod === 3) setReg(c, v, c.rm, c.ldtSel); else c.wr16(c.eaSeg, c.ea, c.ldtSel); return; // SLDT
        case 1: if (c.mod === 3) setReg(c, v, c.rm, c.trSel); else c.wr16(c.eaSeg, c.ea, c.trSel); return; // STR
        case 2: if (c.cpl !== 0) c.fault(13, 0); loadLdt(c, getRM(c, 16)); return; // LLDT
        case 3: if (c.cpl !== 0) c.fault(13, 0); loadTr(c, getRM(c, 16)); return; // LTR
        case 4: case 5: { // VERR / VERW
          const sel = getRM(c, 16);
          const acc = accessRights(c, sel, false);
          let ok = false;
          if (acc >= 0 && (acc & 0x10) !== 0) {
            const dpl = (acc >> 5) & 3;
            const conforming = (acc & 0x0c) === 0x0c;
            const privOk = conforming || dpl >= Math.max(c.cpl, sel & 3);
            if (c.reg === 4) ok = privOk && ((acc & 8) === 0 || (acc & 2) !== 0);
            else ok = privOk && (acc & 0x0a) === 0x02;
          }
          c.flags = ok ? c.flags | ZF : c.flags & ~ZF;
          return;
        }
        default: c.invalidOpcode(); return;
      }
    }
    case 0x01: {
      c.modrm();
      const r = c.reg;
      if (r === 4) { // SMSW: the low word of CR0 (a register gets CR0 whole on the 386 with 32-bit operands)
        if (c.mod === 3) setReg(c, v, c.rm, v === 32 ? c.cr0 : c.cr0 & 0xffff); else c.wr16(c.eaSeg, c.ea, c.cr0 & 0xffff);
        return;
      }
      if (r === 6) { // LMSW: PE can be set but not cleared; MP EM TS
        if (c.pm && c.cpl !== 0) c.fault(13, 0);
        const w = getRM(c, 16);
        setCr0(c, (c.cr0 & ~0xe) | (w & 0xf) | (c.cr0 & 1));
        return;
      }
      if (c.mod === 3 || r === 5 || r === 7) { c.invalidOpcode(); return; }
      if (r === 0 || r === 1) { // SGDT/SIDT: 286 stores FFh as the top base byte; 386 16-bit too? (the 386 stores 0 with 16-bit operand size)
        const lim = r === 0 ? c.gdtLimit : c.idtLimit;
        let base = r === 0 ? c.gdtBase : c.idtBase;
        if (c.model === X86Model.I80286) base = (base & 0xffffff) | 0xff000000;
        else if (v === 16) base &= 0xffffff;
        c.wr16(c.eaSeg, c.ea, lim);
        c.wr32(c.eaSeg, eaPlus(c, 2), base >>> 0);
        return;
      }
      // LGDT/LIDT: with a 16-bit operand size only 24 bits of base are loaded.
      if (c.pm && c.cpl !== 0) c.fault(13, 0);
      const lim = c.rd16(c.eaSeg, c.ea);
      let base = c.model === X86Model.I80286 ? c.rd16(c.eaSeg, eaPlus(c, 2)) | (c.rd8(c.eaSeg, eaPlus(c, 4)) << 16) : c.rd32(c.eaSeg, eaPlus(c, 2));
      if (v === 16) base &= 0xffffff;
      if (r === 2) { c.gdtBase = base | 0; c.gdtLimit = lim; } else { c.idtBase = base | 0; c.idtLimit = lim; }
      return;
    }
    case 0x02: case 0x03: { // LAR / LSL
      pmOnly();
      if (!c.pm || c.v86) return;
      c.modrm();
      const sel = getRM(c, 16);
      const acc = accessRights(c, sel, true);
      let ok = acc >= 0;
      if (ok) {
        const type = acc & 0x1f;
        const dpl = (acc >> 5) & 3;
        const conforming = (type & 0x1c) === 0x1c;
        if ((type & 0x10) === 0) {
          // System descriptors LAR accepts: TSS (1 3 9 B), LDT (2), gates (4 5 C) — LSL only the first two kinds.
          const okLar = [1, 2, 3, 4, 5, 9, 11, 12].includes(type);
          const okLsl = [1, 2, 3, 9, 11].includes(type);
          ok = op === 0x02 ? okLar : okLsl;
        }
        if (ok && !conforming && dpl < Math.max(c.cpl, sel & 3)) ok = false;
      }
      if (!ok) { c.flags &= ~ZF; return; }
      if (op === 0x02) setReg(c, v, c.reg, v === 32 ? (c.dHi & 0x00f0ff00) >>> 0 : c.dHi & 0xff00);
      else {
        const X = (c.constructor as unknown as { descLimit(lo: number, hi: number): number });
        setReg(c, v, c.reg, X.descLimit(c.dLo, c.dHi));
      }
      c.flags |= ZF;
      return;
    }
    case 0x06: // CLTS
      if (c.pm && c.cpl !== 0) c.fault(13, 0);
      c.cr0 &= ~TS;
      return;
    default:
      break;
  }
  if (!is386) { c.invalidOpcode(); return; }
  switch (op) {
    case 0x20: case 0x21: case 0x22: case 0x23: case 0x24: case 0x26: {
      // MOV CRn/DRn/TRn: the ModR/M names a register whatever mod says (PRM §17 MOV).
      const m = c.fetch8();
      const reg = (m >> 3) & 7, rm = m & 7;
      if (c.pm && (c.v86 || c.cpl !== 0)) c.fault(13, 0);
      if (op === 0x20) {
        const val = reg === 0 ? c.cr0 : reg === 2 ? c.cr2 : reg === 3 ? c.cr3 : -1;
        if (val === -1) { c.invalidOpcode(); return; }
        c.set32(rm, val >>> 0);
      } else if (op === 0x22) {
        const val = c.get32(rm);
        if (reg === 0) setCr0(c, val);
        else if (reg === 2) c.cr2 = val;
        else if (reg === 3) { c.cr3 = val; c.flushTlb(); }
        else { c.invalidOpcode(); return; }
      } else if (op === 0x21) c.set32(rm, c.dr[reg]!);
      else if (op === 0x23) c.dr[reg] = c.get32(rm);
      else if (op === 0x24) { if (reg < 6) { c.invalidOpcode(); return; } c.set32(rm, c.tr67[reg - 6]!); }
      else { if (reg < 6) { c.invalidOpcode(); return; } c.tr67[reg - 6] = c.get32(rm); }
      return;
    }
    case 0x80: case 0x81: case 0x82: case 0x83: case 0x84: case 0x85: case 0x86: case 0x87:
    case 0x88: case 0x89: case 0x8a: case 0x8b: case 0x8c: case 0x8d: case 0x8e: case 0x8f: {
      const d = signExt(imm(c, v), v);
      if (condition(c.flags, op & 15)) {
        const t = v === 16 ? (c.ip + d) & 0xffff : (c.ip + d) >>> 0;
        if (c.pm && t > c.segLimit[CS]!) c.fault(13, 0);
        c.ip = t;
      }
      return;
    }
    case 0x90: case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
    case 0x98: case 0x99: case 0x9a: case 0x9b: case 0x9c: case 0x9d: case 0x9e: case 0x9f:
      c.modrm();
      setRM(c, 8, condition(c.flags, op & 15) ? 1 : 0);
      return;
    case 0xa0: c.push(c.sreg[4]!); return;
    case 0xa8: c.push(c.sreg[5]!); return;
    case 0xa1: case 0xa9: {
      const s = op === 0xa1 ? 4 : 5;
      const val = c.stackRd(0, v) & 0xffff;
      c.loadSeg(s, val);
      c.setSP(c.stk32 ? c.getSP() + v / 8 : (c.getSP() + v / 8) & 0xffff);
      return;
    }
    case 0xa3: case 0xab: case 0xb3: case 0xbb: { // BT/BTS/BTR/BTC r/m, reg
      c.modrm();
      const bit = getReg(c, v, c.reg);
      bitOp(c, (op >> 3) & 3, v, c.mod === 3 ? bit & (v - 1) : signExt(bit, v), true);
      return;
    }
    case 0xba: { // BT/BTS/BTR/BTC r/m, imm8
      c.modrm();
      if (c.reg < 4) { c.invalidOpcode(); return; }
      const bit = c.fetch8();
      bitOp(c, c.reg & 3, v, bit & (v - 1), false);
      return;
    }
    case 0xa4: case 0xa5: case 0xac: case 0xad: { // SHLD/SHRD
      c.modrm();
      const n = (op & 1) === 0 ? c.fetch8() & 31 : c.r8[2]! & 31;
      if (n === 0) return;
      const d = getRM(c, v);
      setRM(c, v, shiftDouble(c, op < 0xa8, d, getReg(c, v, c.reg), n, v));
      return;
    }
    case 0xaf: { // IMUL r, r/m
      c.modrm();
      imulTrunc(c, v, c.reg, signExt(getRM(c, v), v), signExt(getReg(c, v, c.reg), v));
      return;
    }
    case 0xb2: case 0xb4: case 0xb5: { // LSS/LFS/LGS
      c.modrm();
      if (c.mod === 3) { c.invalidOpcode(); return; }
      const off = rdMem(c, v, c.eaSeg, c.ea);
      const sel = c.rd16(c.eaSeg, eaPlus(c, v / 8));
      const s = op === 0xb2 ? SS : op === 0xb4 ? 4 : 5;
      c.loadSeg(s, sel);
      setReg(c, v, c.reg, off);
      if (s === SS) { c.inhibit = true; c.attn = true; }
      return;
    }
    case 0xb6: case 0xb7: case 0xbe: case 0xbf: { // MOVZX/MOVSX
      c.modrm();
      const sw = (op & 1) === 0 ? 8 : 16;
      let x = getRM(c, sw);
      if (op >= 0xbe) x = signExt(x, sw);
      setReg(c, v, c.reg, v === 16 ? x & 0xffff : x >>> 0);
      return;
    }
    case 0xbc: case 0xbd: { // BSF/BSR
      c.modrm();
      const x = getRM(c, v) >>> 0;
      if (x === 0) { c.flags |= ZF; return; }
      let n: number;
      if (op === 0xbc) { n = 0; while (((x >>> n) & 1) === 0) n++; } else n = 31 - Math.clz32(x);
      setReg(c, v, c.reg, n);
      c.flags &= ~ZF;
      return;
    }
    default:
      c.invalidOpcode();
      return;
  }
}

/** BT (0) BTS (1) BTR (2) BTC (3). A memory operand with a register offset reaches beyond the operand. */
function bitOp(c: X86ProtCpu, k: number, v: number, bit: number, regOffset: boolean): void {
  let val: number, s = 0, off = 0;
  if (c.mod === 3) {
    val = getReg(c, v, c.rm);
  } else {
    off = c.ea;
    if (regOffset) {
      const step = Math.floor(bit / v) * (v / 8);
      off = c.adSize === 16 ? (off + step) & 0xffff : (off + step) >>> 0;
      bit = ((bit % v) + v) % v;
    }
    s = c.eaSeg;
    val = rdMem(c, v, s, off);
  }
  const m = (1 << bit) >>> 0;
  c.flags = (val & m) !== 0 ? c.flags | CF : c.flags & ~CF;
  if (k === 0) return;
  const r = (k === 1 ? val | m : k === 2 ? val & ~m : val ^ m) >>> 0;
  if (c.mod === 3) setReg(c, v, c.rm, r); else if (v === 16) c.wr16(s, off, r); else c.wr32(s, off, r);
}

export { DS, ES };
