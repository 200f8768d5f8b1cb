/**
 * `runFast`: the instruction loop and the one-byte opcode map of the 8086/8088 (and the 80186
 * additions at 60h-6Fh, C0h/C1h, C8h/C9h): one `switch`, prefixes looping back into it. It runs
 * until the slice ends or `attn` says something may need `step()` (an interrupt, the TF trap, a
 * shadow, HLT).
 * Group opcodes (80h-83h, D0h-D3h, F6h/F7h, FEh/FFh) are in `groups.ts`, string instructions in
 * `strings.ts`, decimal adjusts in `bcd.ts`.
 *
 * Clock counts are the iAPX 86/88 table figures for the 8086 (the word-transfer penalty of the
 * 8088 is added by the memory helpers). Where the table gives a range (MUL, DIV) we use its low end.
 *
 * 8086/8088 quirks emulated: 60h-6Fh alias the conditional jumps 70h-7Fh; C0h/C1h alias RET imm/RET,
 * C8h/C9h alias RETF imm/RETF; D6h is SALC; F1h is a LOCK alias; 0Fh is POP CS; 8Ch/8Eh use only
 * two bits of the segment-register field; 8Fh/C6h/C7h ignore their ModR/M reg field; PUSH SP pushes
 * the decremented value; every segment-register load blocks interrupts for one instruction, and
 * so does STI when it sets IF.
 * 66h/67h are operand/address-size prefixes only when `c.hasSizePrefixes` (X86SizedCpu); the
 * handlers here are 16-bit whatever `opSize` says (a 386 adds sized ones).
 * Reference: Intel iAPX 86/88, 186/188 User's Manual (1985), chapter 3 and table 2-21.
 */
import type { X86Cpu } from './cpu.ts';
import * as Alu from './alu.ts';
import * as Flags from './flags.ts';
import * as Groups from './groups.ts';
import * as Strings from './strings.ts';
import * as Ext186 from './ext186.ts';
import * as Bcd from './bcd.ts';
import * as Regs from './regs.ts';
import * as Sized from './sized.ts';
import * as Disasm from './disasm.ts';

// Module-level copies of imported values: see regs.ts for why (each imported binding is a getter under tsx).
const { CX, DX, BX, SP, ES, CS, SS, DS, BYTE_REG } = Regs;
const { alu16, alu8, dec16, inc16 } = Alu;
const { CF, DF, IF, OF, PF, SF, ZF } = Flags;
const { group80, groupShift, groupF6, groupF7, groupFE, groupFF } = Groups;
const { stringOp } = Strings;
const { ext186 } = Ext186;
const { decimalAdjust, aaa, aam, aad } = Bcd;
const { fetchOffset } = Sized;
const { disassemble86 } = Disasm;

/**
 * 80286/80386: an instruction longer than `maxInstrLength` bytes (10 / 15, prefixes included)
 * raises #GP(0) before it executes (80286 PRM §? "instruction length limit"; the 80286 suite has
 * cases of five prefixes before a six-byte instruction). Only reached after several prefixes, so
 * it measures the whole instruction with the disassembler's decoder.
 */
function checkLength(c: X86Cpu): void {
  const base = c.csBase, mask = c.addrMask, start = c.instrStart;
  const n = disassemble86((a) => c.bus.read8((base + ((start + a) & 0xffff)) & mask), 0, { is186: true, sizePrefixes: c.hasSizePrefixes }).length;
  if (n > c.maxInstrLength) c.fault(13, 0);
}

/** Whether conditional-jump condition `n` (low nibble of 70h-7Fh) holds. */
export function condition(f: number, n: number): boolean {
  let t: boolean;
  switch (n >> 1) {
    case 0: t = (f & OF) !== 0; break;
    case 1: t = (f & CF) !== 0; break;
    case 2: t = (f & ZF) !== 0; break;
    case 3: t = (f & (CF | ZF)) !== 0; break;
    case 4: t = (f & SF) !== 0; break;
    case 5: t = (f & PF) !== 0; break;
    case 6: t = ((f & SF) !== 0) !== ((f & OF) !== 0); break;
    default: t = (f & ZF) !== 0 || ((f & SF) !== 0) !== ((f & OF) !== 0); break;
  }
  return (n & 1) === 0 ? t : !t;
}

/**
 * Conditional-jump test that reads CF and ZF straight from a pending lazy ALU result (the usual
 * CMP/SUB/ADD/TEST + Jcc pair) without folding all six flags.
 */
function jcc(c: X86Cpu, n: number): boolean {
  const lz = c.lz;
  if (lz === 0 || n < 2 || n > 7) return condition(c.flags, n);
  let t: boolean;
  if (n < 4) t = c.carry() !== 0;
  else {
    const z = (c.lr & ((lz & 1) !== 0 ? 0xff : 0xffff)) === 0;
    t = n < 6 ? z : z || c.carry() !== 0;
  }
  return (n & 1) === 0 ? t : !t;
}

/**
 * Executes instructions until `c.cycles >= c.endCycle` or `c.attn` is set (at least one: step()
 * sets attn first to get exactly one). Interrupt checks, the TF trap and the shadows are step()'s;
 * run() calls this only when none applies. Every case ends in `continue main` (next instruction)
 * or `continue` (an alias or prefix re-dispatches the byte in `op`).
 */
export function runFast(c: X86Cpu): void {
  const r16 = c.r16, r8 = c.r8;
  // Operand/address sizes start every instruction at the defaults. Only a 66h/67h prefix (or
  // setDefaultSizes) changes them, and both set `attn`, which ends this loop after the current
  // instruction; so resetting here, on entry, is a reset at every instruction start that costs
  // the 16-bit models nothing per instruction.
  c.opSize = c.defOpSize;
  c.adSize = c.defAdSize;
  main: do {
    c.instrStart = c.ip;
    c.segOvr = -1;
    c.rep = 0;
    c.instructions++;
    // The opcode fetch, written out (as in the hottest cases below): this function is too large
    // for V8 to inline every fetch8() call, and a call per byte costs a third of the speed.
    let op = c.bus.read8((c.csBase + c.ip) & c.addrMask);
    c.ip = (c.ip + 1) & 0xffff;
    for (;;) {
    switch (op) {
      // ---- ALU r/m,reg / reg,r/m / acc,imm: 00-05, 08-0D, ... 38-3D -----------------------
      case 0x00: case 0x08: case 0x10: case 0x18: case 0x20: case 0x28: case 0x30: case 0x38: {
        const m = c.bus.read8((c.csBase + c.ip) & c.addrMask);
        c.ip = (c.ip + 1) & 0xffff;
        const k = op >> 3;
        if (m >= 0xc0) {
          const d = BYTE_REG[m & 7]!;
          const res = alu8(c, k, r8[d]!, r8[BYTE_REG[(m >> 3) & 7]!]!);
          if (k !== 7) r8[d] = res;
          c.cycles += 3;
        } else {
          c.decodeEA(m);
          const res = alu8(c, k, c.rd8(c.eaSeg, c.ea), r8[BYTE_REG[c.reg]!]!);
          if (k !== 7) c.wr8(c.eaSeg, c.ea, res);
          c.cycles += k === 7 ? 9 : 16;
        }
        continue main;
      }
      case 0x01: case 0x09: case 0x11: case 0x19: case 0x21: case 0x29: case 0x31: case 0x39: {
        const m = c.bus.read8((c.csBase + c.ip) & c.addrMask);
        c.ip = (c.ip + 1) & 0xffff;
        const k = op >> 3;
        if (m >= 0xc0) {
          const d = m & 7;
          const a = r16[d]!, b = r16[(m >> 3) & 7]!;
          if (k === 0) { // ADD, written out with its lazy flags (see jcc and cpu.ts `lz`)
            const r = a + b;
            c.lz = 2; c.la = a; c.lb = b; c.lr = r;
            r16[d] = r;
          } else {
            const res = alu16(c, k, a, b);
            if (k !== 7) r16[d] = res;
          }
          c.cycles += 3;
        } else {
          c.decodeEA(m);
          const res = alu16(c, k, c.rd16(c.eaSeg, c.ea), r16[c.reg]!);
          if (k !== 7) c.wr16(c.eaSeg, c.ea, res);
          c.cycles += k === 7 ? 9 : 16;
        }
        continue main;
      }
      case 0x02: case 0x0a: case 0x12: case 0x1a: case 0x22: case 0x2a: case 0x32: case 0x3a: {
        const m = c.bus.read8((c.csBase + c.ip) & c.addrMask);
        c.ip = (c.ip + 1) & 0xffff;
        const k = op >> 3;
        const d = BYTE_REG[(m >> 3) & 7]!;
        if (m >= 0xc0) {
          const res = alu8(c, k, r8[d]!, r8[BYTE_REG[m & 7]!]!);
          if (k !== 7) r8[d] = res;
          c.cycles += 3;
        } else {
          c.decodeEA(m);
          const res = alu8(c, k, r8[d]!, c.rd8(c.eaSeg, c.ea));
          if (k !== 7) r8[d] = res;
          c.cycles += 9;
        }
        continue main;
      }
      case 0x03: case 0x0b: case 0x13: case 0x1b: case 0x23: case 0x2b: case 0x33: case 0x3b: {
        const m = c.bus.read8((c.csBase + c.ip) & c.addrMask);
        c.ip = (c.ip + 1) & 0xffff;
        const k = op >> 3;
        const d = (m >> 3) & 7;
        if (m >= 0xc0) {
          const res = alu16(c, k, r16[d]!, r16[m & 7]!);
          if (k !== 7) r16[d] = res;
          c.cycles += 3;
        } else {
          c.decodeEA(m);
          const res = alu16(c, k, r16[d]!, c.rd16(c.eaSeg, c.ea));
          if (k !== 7) r16[d] = res;
          c.cycles += 9;
        }
        continue main;
      }
      case 0x04: case 0x0c: case 0x14: case 0x1c: case 0x24: case 0x2c: case 0x34: case 0x3c: {
        const k = op >> 3;
        const res = alu8(c, k, r8[0]!, c.fetch8());
        if (k !== 7) r8[0] = res;
        c.cycles += 4;
        continue main;
      }
      case 0x05: case 0x0d: case 0x15: case 0x1d: case 0x25: case 0x2d: case 0x35: case 0x3d: {
        const k = op >> 3;
        const res = alu16(c, k, r16[0]!, c.fetch16());
        if (k !== 7) r16[0] = res;
        c.cycles += 4;
        continue main;
      }
      // ---- segment push/pop ---------------------------------------------------------------
      case 0x06: case 0x0e: case 0x16: case 0x1e:
        c.push(c.sreg[op >> 3]!);
        c.cycles += 10;
        continue main;
      case 0x07: case 0x0f: case 0x17: case 0x1f:
        if (op === 0x0f && c.is186) {
          // 80186: invalid; 80286/80386: the two-byte opcode page.
          if (c.model >= 3) c.twoByte(); else c.invalidOpcode();
          continue main;
        }
        // POP CS (0Fh) is undocumented but works on the 8086/8088.
        c.loadSeg(op >> 3, c.pop());
        c.inhibit = true;
        c.attn = true;
        c.cycles += 8;
        continue main;
      // ---- prefixes -----------------------------------------------------------------------
      // ---- prefixes: any number may precede an instruction (2 clocks each; REP's are in the string timings)
      case 0x26: case 0x2e: case 0x36: case 0x3e:
        c.segOvr = (op >> 3) & 3;
        c.cycles += 2;
        c.lastPrefix = (c.ip - 1) & 0xffff;
        if (c.ip - c.instrStart >= 4 && c.maxInstrLength !== 0) checkLength(c);
        op = c.fetch8();
        continue;
      case 0xf0: case 0xf1: // LOCK (F1h is an alias on the 8086/8088)
        c.cycles += 2;
        c.lastPrefix = (c.ip - 1) & 0xffff;
        if (c.ip - c.instrStart >= 4 && c.maxInstrLength !== 0) checkLength(c);
        op = c.fetch8();
        continue;
      case 0xf2: case 0xf3:
        c.rep = op;
        c.lastPrefix = (c.ip - 1) & 0xffff;
        if (c.ip - c.instrStart >= 4 && c.maxInstrLength !== 0) checkLength(c);
        op = c.fetch8();
        continue;
      // ---- BCD ---------------------------------------------------------------------------
      case 0x27: decimalAdjust(c, 1); c.cycles += 4; continue main;
      case 0x2f: decimalAdjust(c, -1); c.cycles += 4; continue main;
      case 0x37: aaa(c, 1); c.cycles += 8; continue main;
      case 0x3f: aaa(c, -1); c.cycles += 8; continue main;
      // ---- INC/DEC/PUSH/POP reg -----------------------------------------------------------
      case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
        r16[op & 7] = inc16(c, r16[op & 7]!);
        c.cycles += 2;
        continue main;
      case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f:
        r16[op & 7] = dec16(c, r16[op & 7]!);
        c.cycles += 2;
        continue main;
      case 0x50: case 0x51: case 0x52: case 0x53: case 0x55: case 0x56: case 0x57:
        c.push(r16[op & 7]!);
        c.cycles += 11;
        continue main;
      case 0x54: { // PUSH SP: the 8086/8088/80186 push the value after the decrement, the 286+ before
        const old = r16[SP]!;
        const sp = (old - 2) & 0xffff;
        c.wr16(SS, sp, c.pushSpOld ? old : sp);
        r16[SP] = sp;
        c.cycles += 11;
        continue main;
      }
      case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f: {
        const v = c.pop();
        r16[op & 7] = v;
        c.cycles += 8;
        continue main;
      }
      // ---- 66h/67h: operand/address-size prefixes on models that have them (a 386) -------------
      case 0x66: case 0x67:
        if (c.is386) { c.ext386(); continue main; } // the 80386 core runs these instructions on its own path
        if (c.hasSizePrefixes) {
          // 80386 PRM §17.2.2.1: each prefix selects the size that is not the default (a
          // repeated prefix does not toggle back). UNVERIFIED: no prefix clocks (386 timing).
          if (op === 0x66) c.opSize = c.defOpSize ^ 48; else c.adSize = c.defAdSize ^ 48;
          c.attn = true; // leave the loop after this instruction so the sizes are reset (see the top)
          c.lastPrefix = (c.ip - 1) & 0xffff;
          op = c.fetch8();
          continue;
        }
        if (c.is186) { ext186(c, op); continue main; }
        op |= 0x10;
        continue;
      // ---- 60-6F: 80186 instructions, or aliases of 70-7F on the 8086/8088 ----------------
      case 0x60: case 0x61: case 0x62: case 0x63: case 0x64: case 0x65:
      case 0x68: case 0x69: case 0x6a: case 0x6b: case 0x6c: case 0x6d: case 0x6e: case 0x6f:
        if (c.is186) { ext186(c, op); continue main; }
        op |= 0x10;
        continue;
      case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
      case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e: case 0x7f: {
        const ip = c.ip;
        const d = (c.bus.read8((c.csBase + ip) & c.addrMask) << 24) >> 24;
        const n = op & 15;
        let taken: boolean;
        const lz = c.lz;
        if (lz >= 2 && lz <= 4 && n >= 2 && n <= 7) {
          // JB/JAE/JZ/JNZ/JBE/JA after a word ADD or a SUB/CMP, straight from the lazy result.
          const lr = c.lr;
          const cf = lz === 2 ? lr > 0xffff : lr < 0;
          const z = (lr & (lz === 3 ? 0xff : 0xffff)) === 0;
          const t = n < 4 ? cf : n < 6 ? z : cf || z;
          taken = (n & 1) === 0 ? t : !t;
        } else {
          taken = jcc(c, n);
        }
        if (taken) {
          c.ip = (ip + 1 + d) & 0xffff;
          c.cycles += 16;
        } else {
          c.ip = (ip + 1) & 0xffff;
          c.cycles += 4;
        }
        continue main;
      }
      // ---- group 1 ------------------------------------------------------------------------
      case 0x81: case 0x83: {
        // Word ALU op with an immediate on a register (CMP reg, imm in loops) written out; the
        // rest goes to group80.
        const ip = c.ip;
        const m = c.bus.read8((c.csBase + ip) & c.addrMask);
        const k = (m >> 3) & 7;
        if (m < 0xc0 || (k !== 7 && k !== 0 && k !== 5) || ip >= 0xfffd) { group80(c, op); continue main; }
        let b: number;
        if (op === 0x81) {
          b = c.bus.read8((c.csBase + ip + 1) & c.addrMask) | (c.bus.read8((c.csBase + ip + 2) & c.addrMask) << 8);
          c.ip = ip + 3;
        } else {
          b = ((c.bus.read8((c.csBase + ip + 1) & c.addrMask) << 24) >> 24) & 0xffff;
          c.ip = ip + 2;
        }
        const d = m & 7;
        const a = r16[d]!;
        const r = k === 0 ? a + b : a - b;
        c.lz = k === 0 ? 2 : 4; c.la = a; c.lb = b; c.lr = r;
        if (k !== 7) r16[d] = r;
        c.cycles += 4;
        continue main;
      }
      case 0x80: case 0x82:
        group80(c, op);
        continue main;
      case 0x84: c.modrm(); alu8(c, 4, c.getRM8(), c.getReg8()); c.cycles += c.mod === 3 ? 3 : 9; continue main;
      case 0x85: c.modrm(); alu16(c, 4, c.getRM16(), r16[c.reg]!); c.cycles += c.mod === 3 ? 3 : 9; continue main;
      case 0x86: {
        c.modrm();
        const a = c.getRM8();
        c.setRM8(c.getReg8());
        c.setReg8(a);
        c.cycles += c.mod === 3 ? 4 : 17;
        continue main;
      }
      case 0x87: {
        c.modrm();
        const a = c.getRM16();
        c.setRM16(r16[c.reg]!);
        r16[c.reg] = a;
        c.cycles += c.mod === 3 ? 4 : 17;
        continue main;
      }
      // ---- MOV ---------------------------------------------------------------------------
      case 0x88: {
        const m = c.bus.read8((c.csBase + c.ip) & c.addrMask);
        c.ip = (c.ip + 1) & 0xffff;
        if (m >= 0xc0) { r8[BYTE_REG[m & 7]!] = r8[BYTE_REG[(m >> 3) & 7]!]!; c.cycles += 2; continue main; }
        c.decodeEA(m);
        c.wr8(c.eaSeg, c.ea, r8[BYTE_REG[c.reg]!]!);
        c.cycles += 9;
        continue main;
      }
      case 0x89: {
        const m = c.bus.read8((c.csBase + c.ip) & c.addrMask);
        c.ip = (c.ip + 1) & 0xffff;
        if (m >= 0xc0) { r16[m & 7] = r16[(m >> 3) & 7]!; c.cycles += 2; continue main; }
        c.decodeEA(m);
        c.wr16(c.eaSeg, c.ea, r16[c.reg]!);
        c.cycles += 9;
        continue main;
      }
      case 0x8a: {
        const m = c.bus.read8((c.csBase + c.ip) & c.addrMask);
        c.ip = (c.ip + 1) & 0xffff;
        if (m >= 0xc0) { r8[BYTE_REG[(m >> 3) & 7]!] = r8[BYTE_REG[m & 7]!]!; c.cycles += 2; continue main; }
        c.decodeEA(m);
        r8[BYTE_REG[c.reg]!] = c.rd8(c.eaSeg, c.ea);
        c.cycles += 8;
        continue main;
      }
      case 0x8b: {
        const m = c.bus.read8((c.csBase + c.ip) & c.addrMask);
        c.ip = (c.ip + 1) & 0xffff;
        if (m >= 0xc0) { r16[(m >> 3) & 7] = r16[m & 7]!; c.cycles += 2; continue main; }
        c.decodeEA(m);
        r16[c.reg] = c.rd16(c.eaSeg, c.ea);
        c.cycles += 8;
        continue main;
      }
      case 0x8c:
        c.modrm();
        if (c.reg > 3 && c.wrapFaults) { if (c.is386) c.ext386(); else c.invalidOpcode(); continue main; } // FS/GS: 386 only
        c.setRM16(c.sreg[c.reg & 3]!);
        c.cycles += c.mod === 3 ? 2 : 9;
        continue main;
      case 0x8d: // LEA (a register operand: the 8086 leaves the last EA; the 286 raises #UD)
        c.modrm();
        if (c.mod === 3 && c.wrapFaults) { c.invalidOpcode(); continue main; }
        r16[c.reg] = c.ea;
        c.cycles += 2;
        continue main;
      case 0x8e: {
        c.modrm();
        // 286+: MOV CS and segment numbers above 3 are invalid (the 8086 decodes two bits).
        if ((c.reg === CS || c.reg > 3) && c.wrapFaults) { if (c.is386) c.ext386(); else c.invalidOpcode(); continue main; }
        const v = c.getRM16();
        c.loadSeg(c.reg & 3, v);
        c.inhibit = true;
        c.attn = true;
        c.cycles += c.mod === 3 ? 2 : 8;
        continue main;
      }
      case 0x8f: { // POP r/m (the reg field is ignored on the 8086/8088; #UD unless 0 on the 286)
        if (c.wrapFaults) {
          c.modrm();
          if (c.reg !== 0) { c.invalidOpcode(); continue main; }
          const sp = r16[SP]!;
          const v = c.rd16(SS, sp);
          r16[SP] = sp + 2; // an EA on SP sees the incremented value
          if (c.mod === 3) r16[c.rm] = v;
          else { try { c.wr16(c.eaSeg, c.ea, v); } catch (e) { r16[SP] = sp; throw e; } }
          c.cycles += c.mod === 3 ? 8 : 17;
          continue main;
        }
        const v = c.pop();
        c.modrm();
        c.setRM16(v);
        c.cycles += c.mod === 3 ? 8 : 17;
        continue main;
      }
      // ---- XCHG AX, misc -----------------------------------------------------------------
      case 0x90: c.cycles += 3; continue main;
      case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97: {
        const t = r16[0]!;
        r16[0] = r16[op & 7]!;
        r16[op & 7] = t;
        c.cycles += 3;
        continue main;
      }
      case 0x98: r16[0] = (r8[0]! << 24) >> 24; c.cycles += 2; continue main;
      case 0x99: r16[2] = r16[0]! & 0x8000 ? 0xffff : 0; c.cycles += 5; continue main;
      case 0x9a: { // CALL far
        const off = c.fetch16();
        const seg = c.fetch16();
        c.push(c.sreg[CS]!);
        c.push(c.ip);
        c.loadSeg(CS, seg);
        c.ip = off;
        c.cycles += 28;
        continue main;
      }
      case 0x9b: c.cycles += 3; continue main; // WAIT: no 8087, TEST is always active
      case 0x9c: c.push(c.flags); c.cycles += 10; continue main;
      case 0x9d: c.setFlags(c.pop()); c.cycles += 8; continue main;
      case 0x9e: c.flags = (c.flags & ~0xd5) | (r8[1]! & 0xd5); c.cycles += 4; continue main;
      case 0x9f: r8[1] = c.flags & 0xff; c.cycles += 4; continue main;
      // ---- MOV acc, moffs ----------------------------------------------------------------
      // The offset has the address size (16 bits unless a 67h prefix or a 32-bit code segment).
      case 0xa0: r8[0] = c.rd8(c.dsSeg(), fetchOffset(c)); c.cycles += 10; continue main;
      case 0xa1: r16[0] = c.rd16(c.dsSeg(), fetchOffset(c)); c.cycles += 10; continue main;
      case 0xa2: c.wr8(c.dsSeg(), fetchOffset(c), r8[0]!); c.cycles += 10; continue main;
      case 0xa3: c.wr16(c.dsSeg(), fetchOffset(c), r16[0]!); c.cycles += 10; continue main;
      case 0xa4: case 0xa5: case 0xa6: case 0xa7: case 0xaa: case 0xab: case 0xac: case 0xad: case 0xae: case 0xaf:
        stringOp(c, op);
        continue main;
      case 0xa8: alu8(c, 4, r8[0]!, c.fetch8()); c.cycles += 4; continue main;
      case 0xa9: alu16(c, 4, r16[0]!, c.fetch16()); c.cycles += 4; continue main;
      // ---- MOV reg, imm ------------------------------------------------------------------
      case 0xb0: case 0xb1: case 0xb2: case 0xb3: case 0xb4: case 0xb5: case 0xb6: case 0xb7:
        r8[BYTE_REG[op & 7]!] = c.fetch8();
        c.cycles += 4;
        continue main;
      case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
        r16[op & 7] = c.fetch16();
        c.cycles += 4;
        continue main;
      // ---- returns -----------------------------------------------------------------------
      case 0xc0: case 0xc1:
        if (c.is186) { groupShift(c, op); continue main; }
        op |= 2;
        continue;
      case 0xc2: {
        const n = c.fetch16();
        c.ip = c.pop();
        r16[SP] = r16[SP]! + n;
        c.cycles += 12;
        continue main;
      }
      case 0xc3: c.ip = c.pop(); c.cycles += 8; continue main;
      case 0xc4: case 0xc5: { // LES / LDS
        c.modrm();
        if (c.mod === 3 && c.wrapFaults) { c.invalidOpcode(); continue main; }
        const off = c.rd16(c.eaSeg, c.ea);
        const seg = c.rd16(c.eaSeg, (c.ea + 2) & 0xffff);
        r16[c.reg] = off;
        c.loadSeg(op === 0xc4 ? ES : DS, seg);
        c.cycles += 16;
        continue main;
      }
      case 0xc6: {
        const m = c.bus.read8((c.csBase + c.ip) & c.addrMask);
        c.ip = (c.ip + 1) & 0xffff;
        if ((m & 0x38) !== 0 && c.wrapFaults) { c.invalidOpcode(); continue main; } // 286: reg must be 0
        if (m >= 0xc0) { r8[BYTE_REG[m & 7]!] = c.fetch8(); c.cycles += 4; continue main; }
        c.decodeEA(m);
        const v = c.bus.read8((c.csBase + c.ip) & c.addrMask);
        c.ip = (c.ip + 1) & 0xffff;
        c.wr8(c.eaSeg, c.ea, v);
        c.cycles += 10;
        continue main;
      }
      case 0xc7:
        c.modrm();
        if (c.reg !== 0 && c.wrapFaults) { c.invalidOpcode(); continue main; }
        c.setRM16(c.fetch16());
        c.cycles += c.mod === 3 ? 4 : 10;
        continue main;
      case 0xc8: case 0xc9:
        if (c.is186) { ext186(c, op); continue main; }
        op |= 2;
        continue;
      case 0xca: case 0xcb: { // RETF imm / RETF: both words are read before SP moves (see push)
        const n = op === 0xca ? c.fetch16() : 0;
        const sp = r16[SP]!;
        const ip = c.rd16(SS, sp);
        const cs = c.rd16(SS, (sp + 2) & 0xffff);
        c.ip = ip;
        c.loadSeg(CS, cs);
        r16[SP] = sp + 4 + n;
        c.cycles += op === 0xca ? 17 : 18;
        continue main;
      }
      // ---- interrupts --------------------------------------------------------------------
      case 0xcc: c.cycles += 52; c.interrupt(3); continue main;
      case 0xcd: { const v = c.fetch8(); c.cycles += 51; c.interrupt(v); continue main; }
      case 0xce:
        if (c.flags & OF) { c.cycles += 53; c.interrupt(4); } else c.cycles += 4;
        continue main;
      case 0xcf: { // IRET: the three words are read before SP moves
        const sp = r16[SP]!;
        const ip = c.rd16(SS, sp);
        const cs = c.rd16(SS, (sp + 2) & 0xffff);
        const fl = c.rd16(SS, (sp + 4) & 0xffff);
        c.ip = ip;
        c.loadSeg(CS, cs);
        c.setFlags(fl);
        r16[SP] = sp + 6;
        c.cycles += 24;
        continue main;
      }
      // ---- shifts, BCD, XLAT, ESC ---------------------------------------------------------
      case 0xd0: case 0xd1: case 0xd2: case 0xd3:
        groupShift(c, op);
        continue main;
      case 0xd4: aam(c); continue main;
      case 0xd5: aad(c); continue main;
      case 0xd6: r8[0] = c.flags & CF ? 0xff : 0; c.cycles += 3; continue main; // SALC (undocumented)
      case 0xd7: r8[0] = c.rd8(c.dsSeg(), (r16[BX]! + r8[0]!) & 0xffff); c.cycles += 11; continue main;
      case 0xd8: case 0xd9: case 0xda: case 0xdb: case 0xdc: case 0xdd: case 0xde: case 0xdf:
        // ESC: the 8086 computes the EA and reads the operand for a coprocessor; no 8087 here.
        c.modrm();
        // The 286 reads (at least) a word, so an operand at offset FFFFh faults (80286 suite D8).
        if (c.mod !== 3) { if (c.wrapFaults) c.rd16(c.eaSeg, c.ea); else c.rd8(c.eaSeg, c.ea); c.cycles += 8; } else c.cycles += 2;
        continue main;
      // ---- loops, jumps, I/O ----------------------------------------------------------------
      case 0xe0: case 0xe1: case 0xe2: { // LOOPNE, LOOPE, LOOP
        const d = (c.fetch8() << 24) >> 24;
        const cx = (r16[CX]! - 1) & 0xffff;
        r16[CX] = cx;
        const z = (c.flags & ZF) !== 0;
        if (cx !== 0 && (op === 0xe2 || (op === 0xe1 ? z : !z))) {
          c.ip = (c.ip + d) & 0xffff;
          c.cycles += op === 0xe2 ? 17 : op === 0xe1 ? 18 : 19;
        } else {
          c.cycles += op === 0xe2 ? 5 : op === 0xe1 ? 6 : 5;
        }
        continue main;
      }
      case 0xe3: {
        const d = (c.fetch8() << 24) >> 24;
        if (r16[CX] === 0) { c.ip = (c.ip + d) & 0xffff; c.cycles += 18; } else c.cycles += 6;
        continue main;
      }
      case 0xe4: { const p = c.fetch8(); c.cycles += 10; r8[0] = c.bus.in8(p); continue main; }
      case 0xe5: { const p = c.fetch8(); c.cycles += 10; r16[0] = c.bus.in16(p); continue main; }
      case 0xe6: { const p = c.fetch8(); c.cycles += 10; c.bus.out8(p, r8[0]!); continue main; }
      case 0xe7: { const p = c.fetch8(); c.cycles += 10; c.bus.out16(p, r16[0]!); continue main; }
      case 0xec: c.cycles += 8; r8[0] = c.bus.in8(r16[DX]!); continue main;
      case 0xed: c.cycles += 8; r16[0] = c.bus.in16(r16[DX]!); continue main;
      case 0xee: c.cycles += 8; c.bus.out8(r16[DX]!, r8[0]!); continue main;
      case 0xef: c.cycles += 8; c.bus.out16(r16[DX]!, r16[0]!); continue main;
      case 0xe8: {
        const d = c.fetch16();
        c.push(c.ip);
        c.ip = (c.ip + d) & 0xffff;
        c.cycles += 19;
        continue main;
      }
      case 0xe9: { const d = c.fetch16(); c.ip = (c.ip + d) & 0xffff; c.cycles += 15; continue main; }
      case 0xea: {
        const off = c.fetch16();
        const seg = c.fetch16();
        c.loadSeg(CS, seg);
        c.ip = off;
        c.cycles += 15;
        continue main;
      }
      case 0xeb: {
        const d = (c.bus.read8((c.csBase + c.ip) & c.addrMask) << 24) >> 24;
        c.ip = (c.ip + 1 + d) & 0xffff;
        c.cycles += 15;
        continue main;
      }
      // ---- misc ------------------------------------------------------------------------------
      case 0xf4: c.halted = true; c.attn = true; c.cycles += 2; continue main;
      case 0xf5: c.flags ^= CF; c.cycles += 2; continue main;
      case 0xf6: groupF6(c); continue main;
      case 0xf7: groupF7(c); continue main;
      case 0xf8: c.flags &= ~CF; c.cycles += 2; continue main;
      case 0xf9: c.flags |= CF; c.cycles += 2; continue main;
      case 0xfa: c.flags &= ~IF; c.cycles += 2; continue main;
      case 0xfb:
        // STI: an INTR is recognised only after the next instruction (so STI; RET returns first).
        // UNVERIFIED on the 8088 itself: Intel documents this delay for the x86 family; the shadow
        // here also holds off NMI and TF for that instruction, as after MOV SS.
        if ((c.fl & IF) === 0) { c.inhibit = true; c.attn = true; }
        c.flags |= IF;
        c.cycles += 2;
        continue main;
      case 0xfc: c.flags &= ~DF; c.cycles += 2; continue main;
      case 0xfd: c.flags |= DF; c.cycles += 2; continue main;
      case 0xfe: groupFE(c); continue main;
      case 0xff: groupFF(c); continue main;
      default:
        // Every byte value is handled above; this keeps the switch total for the type checker.
        c.invalidOpcode();
        continue main;
    }
    }
  } while (!c.attn && c.cycles < c.endCycle);
}
