import { describe, expect, it } from 'vitest';
import { disassembleZ80, hexZ } from '../../../../cores/cpu/z80/disasm.ts';
import { readJson } from '../../../../ui/cli/files.ts';
import { collectTestFiles } from '../../../../ui/cli/singlestep.ts';
import { describeWithShared, shared } from '../../../helpers/testdata.ts';

/** Disassemble `bytes` placed at `org`. */
function dis(bytes: number[], org = 0x8000): [string, number] {
  const mem = new Uint8Array(0x10000);
  mem.set(bytes, org);
  const d = disassembleZ80((a) => mem[a]!, org);
  return [d.text, d.length];
}

describe('Z80 disassembler', () => {
  it('formats hex the Zilog way', () => {
    expect(hexZ(0x12, 2)).toBe('12h');
    expect(hexZ(0xff, 2)).toBe('0ffh');
    expect(hexZ(0xc000, 4)).toBe('0c000h');
  });

  it.each([
    [[0x00], 'nop', 1],
    [[0x01, 0x34, 0x12], 'ld bc,1234h', 3],
    [[0x08], "ex af,af'", 1],
    [[0x10, 0xfe], 'djnz 8000h', 2],
    [[0x18, 0x02], 'jr 8004h', 2],
    [[0x20, 0x80], 'jr nz,7f82h', 2],
    [[0x22, 0x00, 0xc0], 'ld (0c000h),hl', 3],
    [[0x3a, 0x34, 0x12], 'ld a,(1234h)', 3],
    [[0x36, 0x55], 'ld (hl),55h', 2],
    [[0x76], 'halt', 1],
    [[0x7e], 'ld a,(hl)', 1],
    [[0x96], 'sub (hl)', 1],
    [[0x8f], 'adc a,a', 1],
    [[0xc3, 0x00, 0x80], 'jp 8000h', 3],
    [[0xd3, 0xfe], 'out (0feh),a', 2],
    [[0xdb, 0x1f], 'in a,(1fh)', 2],
    [[0xe3], 'ex (sp),hl', 1],
    [[0xe9], 'jp (hl)', 1],
    [[0xf5], 'push af', 1],
    [[0xff], 'rst 38h', 1],
    [[0xcb, 0x37], 'sll a', 2],
    [[0xcb, 0x7e], 'bit 7,(hl)', 2],
    [[0xcb, 0xc1], 'set 0,c', 2],
    [[0xed, 0xb0], 'ldir', 2],
    [[0xed, 0xbb], 'otdr', 2],
    [[0xed, 0x70], 'in (c)', 2],
    [[0xed, 0x71], 'out (c),0', 2],
    [[0xed, 0x4b, 0x00, 0x40], 'ld bc,(4000h)', 4],
    [[0xed, 0x5e], 'im 2', 2],
    [[0xed, 0x4d], 'reti', 2],
    [[0xed, 0x57], 'ld a,i', 2],
    [[0xed, 0x00], 'db 0edh,00h', 2],
    [[0xdd, 0x21, 0x34, 0x12], 'ld ix,1234h', 4],
    [[0xdd, 0x7e, 0xfe], 'ld a,(ix-02h)', 3],
    [[0xfd, 0x36, 0x05, 0x99], 'ld (iy+05h),99h', 4],
    [[0xdd, 0x66, 0x01], 'ld h,(ix+01h)', 3],
    [[0xdd, 0x74, 0x01], 'ld (ix+01h),h', 3],
    [[0xdd, 0x65], 'ld ixh,ixl', 2],
    [[0xfd, 0x84], 'add a,iyh', 2],
    [[0xdd, 0xe9], 'jp (ix)', 2],
    [[0xdd, 0xeb], 'ex de,hl', 2],
    [[0xdd, 0x09], 'add ix,bc', 2],
    [[0xfd, 0x34, 0x80], 'inc (iy-80h)', 3],
    [[0xdd, 0xcb, 0x03, 0x46], 'bit 0,(ix+03h)', 4],
    [[0xdd, 0xcb, 0x03, 0x06], 'rlc (ix+03h)', 4],
    [[0xfd, 0xcb, 0xff, 0xc0], 'set 0,(iy-01h),b', 4],
    [[0xdd, 0xdd, 0x21], 'db 0ddh', 1],
    [[0xfd, 0xed, 0xb0], 'db 0fdh', 1],
  ])('%j -> %s', (bytes, text, length) => {
    expect(dis(bytes as number[])).toEqual([text, length]);
  });

  it('wraps at the top of memory', () => {
    const mem = new Uint8Array(0x10000);
    mem[0xffff] = 0xc3; mem[0x0000] = 0x34; mem[0x0001] = 0x12;
    expect(disassembleZ80((a) => mem[a]!, 0xffff)).toEqual({ text: 'jp 1234h', length: 3 });
  });

  it('decodes every opcode sequence to a non-empty text of 1 to 4 bytes', () => {
    const mem = new Uint8Array(0x10000);
    for (const prefix of [[], [0xcb], [0xed], [0xdd], [0xfd], [0xdd, 0xcb, 0x05], [0xfd, 0xcb, 0x05]]) {
      for (let op = 0; op < 256; op++) {
        mem.fill(0);
        mem.set([...prefix, op, 0x11, 0x22], 0x100);
        const d = disassembleZ80((a) => mem[a]!, 0x100);
        expect(d.text).toMatch(/^[a-z]/);
        expect(d.length).toBeGreaterThanOrEqual(1);
        expect(d.length).toBeLessThanOrEqual(4);
      }
    }
  });
});

describeWithShared('Z80 disassembler lengths against SingleStepTests', ['testdata/singlestep/z80'], () => {
  it('gives the length the core executes for every non-jumping instruction in the suite', () => {
    // DD CB / FD CB files all have the same 4-byte shape: a few of them stand for the 512.
    const files = collectTestFiles([shared('testdata/singlestep/z80')!])
      .filter((f) => !/ cb __ /.test(f) || /cb __ (0[0-9a-f]|4[0-7]|c[0-7])\.json/.test(f));
    let checked = 0;
    const bad: string[] = [];
    for (const f of files) {
      const cases = readJson(f) as { name: string; initial: { pc: number; ram: [number, number][] }; final: { pc: number } }[];
      const c = cases[0]!;
      const mem = new Uint8Array(0x10000);
      for (const [a, v] of c.initial.ram) mem[a] = v;
      const d = disassembleZ80((a) => mem[a]!, c.initial.pc);
      const opText = d.text;
      // Skip what can move PC other than past itself: jumps, calls, returns, RST, repeats, HALT.
      if (/^(jp|jr|djnz|call|ret|retn|reti|rst|halt|ldir|lddr|cpir|cpdr|inir|indr|otir|otdr)\b/.test(opText)) continue;
      const len = (c.final.pc - c.initial.pc) & 0xffff;
      if (len !== d.length) bad.push(`${c.name}: "${opText}" length ${d.length}, core moved PC by ${len}`);
      checked++;
    }
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(1000); // 1,011 at the time of writing
  });
});
