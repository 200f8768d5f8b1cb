/**
 * Decimal adjust instructions: DAA, DAS, AAA, AAS, AAM, AAD, as the 8086/8088 execute them.
 *
 * 8086 details: DAA/DAS compare the original AL with 9Fh instead of 99h when AF is set; AAA/AAS
 * adjust AL and AH separately (no carry from AL into AH, unlike the 286); AAD computes AL + AH*imm
 * with the ALU adder, so its flags are those of that ADD (the 80186 suite's reference machine
 * leaves OF AF CF clear, which the 80186 model copies); AAM by 0 raises the divide error.
 * Verified by the SingleStepTests 8086 files 27, 2F, 37, 3F, D4, D5 (undefined flags masked).
 * Reference: Intel iAPX 86/88 User's Manual, chapter 3 (DAA, DAS, AAA, AAS, AAM, AAD).
 */
import type { X86Cpu } from './cpu.ts';
import * as Alu from './alu.ts';
import * as Flags from './flags.ts';

// Module-level copies of imported values: see regs.ts for why (each imported binding is a getter under tsx).
const { alu8 } = Alu;
const { AF, CF, OF, PF, SF, ZF, SZP8 } = Flags;

/**
 * DAA (dir 1) / DAS (dir -1) as the 8086 does them: SZP from the result; CF and AF from the two
 * adjustment steps (6 for the low digit, 60h for the high one, added or subtracted).
 */
export function decimalAdjust(c: X86Cpu, dir: number): void {
  if (c.wrapFaults) { decimalAdjust286(c, dir); return; }
  const r8 = c.r8;
  const old = r8[0]!;
  const oldCf = c.flags & CF;
  let al = old;
  let f = c.flags & ~(CF | AF | SF | ZF | PF | OF);
  if ((al & 0x0f) > 9 || (c.flags & AF) !== 0) {
    al += 6 * dir;
    f |= AF;
  }
  if (old > ((c.flags & AF) !== 0 ? 0x9f : 0x99) || oldCf !== 0) {
    al += 0x60 * dir;
    f |= CF;
  }
  al &= 0xff;
  r8[0] = al;
  c.flags = f | SZP8[al]!;
}

/**
 * DAA/DAS as the 80286 and later do them (80386 PRM §17.2.2.11 pseudo-code): the high digit is
 * adjusted when the original AL exceeds 99h or CF was set; DAS's CF also takes the borrow of the
 * low adjustment. OF is undefined (left as the suite's mask allows).
 */
function decimalAdjust286(c: X86Cpu, dir: number): void {
  const r8 = c.r8;
  const f0 = c.flags;
  const old = r8[0]!;
  let al = old;
  let f = f0 & ~(CF | AF | SF | ZF | PF | OF);
  let cf = 0;
  if ((al & 0x0f) > 9 || (f0 & AF) !== 0) {
    al += 6 * dir;
    if (dir < 0 && al < 0) cf = CF;
    f |= AF;
  }
  if (old > 0x99 || (f0 & CF) !== 0) {
    al += 0x60 * dir;
    cf = CF;
  }
  al &= 0xff;
  r8[0] = al;
  c.flags = f | cf | SZP8[al]!;
}

/** AAA (dir 1) / AAS (dir -1): the 8086 adjusts AL and AH separately (no carry from AL into AH). */
export function aaa(c: X86Cpu, dir: number): void {
  const r8 = c.r8;
  if (c.wrapFaults) {
    // 80286+: AX += 106h / AX -= 106h (the carry out of AL reaches AH), then AL &= 0Fh.
    let f = c.flags & ~(CF | AF);
    if ((r8[0]! & 0x0f) > 9 || (c.flags & AF) !== 0) {
      c.r16[0] = c.r16[0]! + 0x106 * dir;
      f |= CF | AF;
    }
    r8[0] = r8[0]! & 0x0f;
    c.flags = (f & ~(SF | ZF | PF)) | SZP8[r8[0]!]!;
    return;
  }
  let f = c.flags & ~(CF | AF);
  if ((r8[0]! & 0x0f) > 9 || (c.flags & AF) !== 0) {
    r8[0] = r8[0]! + 6 * dir;
    r8[1] = r8[1]! + dir;
    f |= CF | AF;
  }
  r8[0] = r8[0]! & 0x0f;
  c.flags = (f & ~(SF | ZF | PF)) | SZP8[r8[0]!]!;
}


/** AAM imm8: AH = AL / imm, AL = AL mod imm; SZP from AL. */
export function aam(c: X86Cpu): void {
  const r8 = c.r8;
  const d = c.fetch8();
  c.cycles += 83;
  if (d === 0) {
    // AAM 0 runs the microcode's division routine, which gives up with the divide error after
    // setting SZP for a zero result and clearing OF AF CF (MartyPC's rule from hardware
    // captures; the kept 8086 and 80286 suite cases have no AAM 0, so UNVERIFIED here). The 80286
    // and later leave the flags alone (the 80386 PRM lists AAM's flags as undefined only for
    // OF AF CF; UNVERIFIED too).
    if (!c.is186) c.flags = (c.flags & ~(SF | ZF | PF | CF | OF | AF)) | SZP8[0]!;
    c.divideError();
    return;
  }
  const al = r8[0]!;
  r8[1] = (al / d) | 0;
  r8[0] = al % d;
  c.flags = (c.flags & ~(SF | ZF | PF | CF | OF | AF)) | SZP8[r8[0]!]!;
}

/** AAD imm8: AL = AL + AH * imm (8 bits), AH = 0. */
export function aad(c: X86Cpu): void {
  const r8 = c.r8;
  const d = c.fetch8();
  const prod = (r8[1]! * d) & 0xff;
  c.r16[0] = alu8(c, 0, r8[0]!, prod);
  if (c.is186) c.flags &= ~(OF | AF | CF);
  c.cycles += 60;
}
