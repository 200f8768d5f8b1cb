/**
 * Instructions the 80186/80188 added to the 8086 set: PUSHA/POPA (60h/61h), BOUND (62h),
 * PUSH imm16/imm8 (68h/6Ah), IMUL r16, r/m16, imm (69h/6Bh), INS/OUTS (6Ch-6Fh, in strings.ts),
 * ENTER/LEAVE (C8h/C9h). Shifts by an immediate (C0h/C1h) are in groups.ts.
 * 63h-67h are invalid on the 80186 and raise INT 6 (66h/67h reach here only on models without
 * size prefixes: `runFast` decodes them as prefixes when `hasSizePrefixes` is set).
 * Clocks: UNVERIFIED approximations of the iAPX 186/188 User's Manual timing table (the PC
 * machines run an 8088; nothing here depends on 80186 timing yet).
 */
import type { X86Cpu } from './cpu.ts';
import * as Flags from './flags.ts';
import * as Strings from './strings.ts';
import * as Regs from './regs.ts';

// Module-level copies of imported values: see regs.ts for why (each imported binding is a getter under tsx).
const { SP, BP, SS } = Regs;
const { CF, OF, szp16 } = Flags;
const { stringOp } = Strings;

const tmp = new Uint16Array(8);

export function ext186(c: X86Cpu, op: number): void {
  const r16 = c.r16;
  switch (op) {
    case 0x60: { // PUSHA: pushes SP as it was before the first push
      const sp = r16[SP]!;
      c.push(r16[0]!); c.push(r16[1]!); c.push(r16[2]!); c.push(r16[3]!);
      c.push(sp); c.push(r16[5]!); c.push(r16[6]!); c.push(r16[7]!);
      c.cycles += 36;
      return;
    }
    case 0x61: { // POPA: the stored SP is skipped; all eight words are read before SP moves
      const sp = r16[SP]!;
      for (let i = 0; i < 8; i++) tmp[i] = c.rd16(SS, (sp + 2 * i) & 0xffff);
      r16[7] = tmp[0]!; r16[6] = tmp[1]!; r16[5] = tmp[2]!;
      r16[3] = tmp[4]!; r16[2] = tmp[5]!; r16[1] = tmp[6]!; r16[0] = tmp[7]!;
      r16[SP] = sp + 16;
      c.cycles += 51;
      return;
    }
    case 0x62: { // BOUND r16, m16&16: INT 5 (return address = the BOUND) when out of range
      c.modrm();
      if (c.mod === 3) { c.invalidOpcode(); return; } // a register operand is invalid
      const v = (r16[c.reg]! << 16) >> 16;
      const lo = (c.rd16(c.eaSeg, c.ea) << 16) >> 16;
      const hi = (c.rd16(c.eaSeg, (c.ea + 2) & 0xffff) << 16) >> 16;
      c.cycles += 33;
      if (v < lo || v > hi) {
        c.ip = c.instrStart;
        c.interrupt(5);
      }
      return;
    }
    case 0x68: c.push(c.fetch16()); c.cycles += 10; return;
    case 0x6a: c.push(((c.fetch8() << 24) >> 24) & 0xffff); c.cycles += 10; return;
    case 0x69: case 0x6b: {
      c.modrm();
      const a = (c.getRM16() << 16) >> 16;
      const b = op === 0x69 ? (c.fetch16() << 16) >> 16 : (c.fetch8() << 24) >> 24;
      const p = a * b;
      r16[c.reg] = p;
      const ext = ((p & 0xffff) << 16) >> 16 !== p;
      c.flags = (c.flags & ~(CF | OF | 0xd4)) | szp16(p & 0xffff) | (ext ? CF | OF : 0);
      c.cycles += c.mod === 3 ? 22 : 25;
      return;
    }
    case 0x6c: case 0x6d: case 0x6e: case 0x6f:
      stringOp(c, op);
      return;
    case 0xc8: { // ENTER imm16, imm8
      const size = c.fetch16();
      const level = c.fetch8() & 31;
      c.push(r16[BP]!);
      const frame = r16[SP]!;
      if (level > 0) {
        let bp = r16[BP]!;
        for (let i = 1; i < level; i++) {
          bp = (bp - 2) & 0xffff;
          c.push(c.rd16(SS, bp));
        }
        c.push(frame);
      }
      r16[BP] = frame;
      r16[SP] = r16[SP]! - size;
      c.cycles += level === 0 ? 15 : 25 + 16 * (level - 1);
      return;
    }
    case 0xc9: { // LEAVE: SP = BP, then POP BP (read first: a fault leaves SP alone)
      const bp = r16[BP]!;
      const v = c.rd16(SS, bp);
      r16[SP] = bp + 2;
      r16[BP] = v;
      c.cycles += 8;
      return;
    }
    default:
      if (c.is386) { c.ext386(); return; } // FS:/GS: prefixes (64h/65h) on the 80386
      c.invalidOpcode();
      return;
  }
}
