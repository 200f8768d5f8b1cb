/** The 68000 disassembler: Motorola syntax, operand decoding and instruction lengths. */
import { describe, expect, it } from 'vitest';
import { disassemble68k } from '../../../../cores/cpu/m68000/disasm.ts';
import { opcodeNames } from '../../../../cores/cpu/m68000/decode.ts';

function dis(words: number[], at = 0x1000): { text: string; length: number } {
  const bytes = new Map<number, number>();
  words.forEach((w, i) => {
    bytes.set(at + i * 2, w >>> 8);
    bytes.set(at + i * 2 + 1, w & 0xff);
  });
  return disassemble68k((a) => bytes.get(a) ?? 0, at);
}

describe('68000 disassembler', () => {
  it.each([
    [[0x4e71], 'nop', 2],
    [[0x2219], 'move.l (a1)+,d1', 2],
    [[0x33fc, 0x7fff, 0x00df, 0xf09a], 'move.w #$7fff,$dff09a.l', 8],
    [[0x48e7, 0xc0c0], 'movem.l d0-d1/a0-a1,-(a7)', 4],
    [[0x4cdf, 0x0303], 'movem.l (a7)+,d0-d1/a0-a1', 4],
    [[0x6602], 'bne.s $001004', 2],
    [[0x6100, 0x0010], 'bsr.w $001012', 4],
    [[0x51c8, 0xfffc], 'dbf d0,$000ffe', 4],
    [[0x0c40, 0x1ffe], 'cmpi.w #$1ffe,d0', 4],
    [[0xe348], 'lsl.w #1,d0', 2],
    [[0xe2a1], 'asr.l d1,d1', 2],
    [[0x4a30, 0x2000], 'tst.b $0(a0,d2.w)', 4],
    [[0x41fa, 0x0010], 'lea $001012(pc),a0', 4],
    [[0x2c2e, 0xfff8], 'move.l -$8(a6),d6', 4],
    [[0x4e45], 'trap #5', 2],
    [[0x4afc], 'illegal', 2],
    [[0xa000], 'dc.w $a000', 2],
    [[0x7eff], 'moveq #-$1,d7', 2],
    [[0xc141], 'exg d0,d1', 2],
    [[0x0839, 0x0007, 0x00bf, 0xe001], 'btst #7,$bfe001.l', 8],
    [[0x46fc, 0x2700], 'move #$2700,sr', 4],
    [[0xd3c8], 'adda.l a0,a1', 2],
    [[0x4e56, 0xfff0], 'link a6,#-$10', 4],
    [[0x4ef9, 0x00fc, 0x00d2], 'jmp $fc00d2.l', 6],
  ])('%j -> %s', (words, text, length) => {
    expect(dis(words as number[])).toEqual({ text, length });
  });

  it('decodes every opcode word without throwing, 2 to 10 bytes long', () => {
    const ext = [0x1234, 0x5678, 0x9abc, 0xdef0, 0x1111];
    for (let op = 0; op < 65536; op++) {
      const d = dis([op, ...ext]);
      expect(d.length).toBeGreaterThanOrEqual(2);
      expect(d.length).toBeLessThanOrEqual(10);
      if (opcodeNames[op] === '') expect(d.text.startsWith('dc.w')).toBe(true);
    }
  });
});
