/** The 6502 disassembler: syntax per addressing mode, lengths, branch targets, every opcode. */
import { describe, expect, it } from 'vitest';
import { disassemble } from '../../../../cores/cpu/m6502/disasm.ts';
import { MODES, MODE_LENGTH, isDocumented } from '../../../../cores/cpu/m6502/decode.ts';

function dis(bytes: number[], addr = 0x1000): { text: string; length: number } {
  return disassemble((a) => (a >= addr && a < addr + bytes.length ? bytes[a - addr]! : 0xff), addr);
}

describe('m6502 disassembler', () => {
  it.each([
    [[0xea], 'nop', 1],
    [[0x0a], 'asl a', 1],
    [[0xa9, 0x9c], 'lda #$9c', 2],
    [[0xa5, 0x12], 'lda $12', 2],
    [[0xb5, 0x12], 'lda $12,x', 2],
    [[0xb6, 0x12], 'ldx $12,y', 2],
    [[0xad, 0x34, 0x12], 'lda $1234', 3],
    [[0xbd, 0x34, 0x12], 'lda $1234,x', 3],
    [[0xb9, 0x34, 0x12], 'lda $1234,y', 3],
    [[0xa1, 0x12], 'lda ($12,x)', 2],
    [[0xb1, 0x12], 'lda ($12),y', 2],
    [[0x6c, 0xff, 0x10], 'jmp ($10ff)', 3],
    [[0x20, 0x00, 0xc0], 'jsr $c000', 3],
    [[0x00, 0x00], 'brk', 1],
    [[0xa7, 0x10], 'lax $10', 2],
    [[0xcb, 0x05], 'sbx #$05', 2],
    [[0x9e, 0x00, 0x20], 'shx $2000,y', 3],
    [[0x02], 'jam', 1],
    [[0x1c, 0x00, 0x20], 'nop $2000,x', 3],
  ] as const)('%j -> %s', (bytes, text, length) => {
    expect(dis([...bytes])).toEqual({ text, length });
  });

  it('prints branch targets, backwards, forwards and wrapping at $ffff', () => {
    expect(dis([0xd0, 0xfe]).text).toBe('bne $1000');
    expect(dis([0xf0, 0x10]).text).toBe('beq $1012');
    expect(dis([0x90, 0x80]).text).toBe('bcc $0f82');
    expect(dis([0x10, 0x7f], 0xfffe)).toEqual({ text: 'bpl $007f', length: 2 });
  });

  it('reads operands across the $ffff wrap', () => {
    const mem = new Map([[0xffff, 0xad], [0x0000, 0x34], [0x0001, 0x12]]);
    expect(disassemble((a) => mem.get(a) ?? 0, 0xffff)).toEqual({ text: 'lda $1234', length: 3 });
  });

  it('decodes all 256 opcodes with the length of their mode; 151 are documented', () => {
    let documented = 0;
    for (let op = 0; op < 256; op++) {
      const d = dis([op, 0x12, 0x34]);
      expect(d.length).toBe(MODE_LENGTH[MODES[op]!]);
      expect(d.text).toMatch(/^[a-z]{3}( |$)/);
      if (isDocumented(op)) documented++;
    }
    expect(documented).toBe(151);
  });
});
