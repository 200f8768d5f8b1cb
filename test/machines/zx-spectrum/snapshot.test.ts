import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CorruptDataError, TruncatedError, UnsupportedFormatError } from '../../../cores/kernel/errors.ts';
import { blankCpuState, type SpectrumSnapshot } from '../../../machines/zx-spectrum/snapshot/snapshot.ts';
import { SNA_BYTES, parseSna, writeSna } from '../../../machines/zx-spectrum/snapshot/sna.ts';
import { compressZ80, parseZ80, writeZ80 } from '../../../machines/zx-spectrum/snapshot/z80.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';

function sample(): SpectrumSnapshot {
  const cpu = blankCpuState();
  Object.assign(cpu, {
    a: 0x12, f: 0x34, b: 0x56, c: 0x78, d: 0x9a, e: 0xbc, h: 0xde, l: 0xf0,
    a_: 1, f_: 2, b_: 3, c_: 4, d_: 5, e_: 6, h_: 7, l_: 8,
    ix: 0x1234, iy: 0x5c3a, sp: 0xff00, pc: 0x8123, i: 0x3f, r: 0xa5, iff1: true, iff2: true, im: 2,
  });
  const ram = new Uint8Array(49152);
  for (let i = 0; i < ram.length; i++) ram[i] = (i * 7) % 251 < 200 ? 0 : (i * 13) & 0xff;
  ram.fill(0xed, 100, 110);
  ram[200] = 0xed; ram[201] = 0x00; ram[202] = 0x00; ram[203] = 0x00; ram[204] = 0x00; ram[205] = 0x00; ram[206] = 0x00;
  return { cpu, ram, border: 5 };
}

const regs = (s: SpectrumSnapshot) => {
  const { cycles: _c, q: _q, wz: _w, ...rest } = s.cpu;
  return rest;
};

describe('Z80 snapshots', () => {
  it('write then read gives the same registers, RAM and border (version 3, compressed)', () => {
    const s = sample();
    const back = parseZ80(writeZ80(s), 's.z80');
    expect(regs(back)).toEqual(regs(s));
    expect(back.border).toBe(5);
    expect(back.ram).toEqual(s.ram);
  });

  it('compresses runs as ED ED nn bb, never starting a run right after a single ED', () => {
    expect([...compressZ80(new Uint8Array([1, 1, 1, 1, 1, 2]))]).toEqual([0xed, 0xed, 5, 1, 2]);
    expect([...compressZ80(new Uint8Array([0xed, 0xed]))]).toEqual([0xed, 0xed, 2, 0xed]);
    expect([...compressZ80(new Uint8Array([0xed, 0, 0, 0, 0, 0, 0]))]).toEqual([0xed, 0, 0xed, 0xed, 5, 0]);
    expect([...compressZ80(new Uint8Array([3, 3, 3, 3]))]).toEqual([3, 3, 3, 3]);
  });

  it('reads a version 1 compressed file with its end marker', () => {
    const s = sample();
    const head = new Uint8Array(30);
    head.set([0x12, 0x34, 0x78, 0x56, 0xf0, 0xde, 0x23, 0x81, 0x00, 0xff, 0x3f, 0x25, 1 | (5 << 1) | 0x20, 0xbc, 0x9a,
      4, 3, 6, 5, 8, 7, 1, 2, 0x3a, 0x5c, 0x34, 0x12, 1, 1, 2]);
    const body = compressZ80(s.ram);
    const file = new Uint8Array([...head, ...body, 0, 0xed, 0xed, 0]);
    const back = parseZ80(file, 'v1.z80');
    expect(regs(back)).toEqual(regs(s));
    expect(back.ram).toEqual(s.ram);
    expect(back.border).toBe(5);
  });

  it('reads a version 2 file with stored (uncompressed) pages', () => {
    const s = sample();
    const head = new Uint8Array(32 + 23);
    head.set(writeZ80(s).subarray(0, 30));
    head[30] = 23; head[32] = 0x23; head[33] = 0x81; head[34] = 0;
    const pages: number[] = [];
    for (const [page, off] of [[4, 0x4000], [5, 0x8000], [8, 0]] as const)
      pages.push(0xff, 0xff, page, ...s.ram.subarray(off, off + 16384));
    const back = parseZ80(new Uint8Array([...head, ...pages]), 'v2.z80');
    expect(back.cpu.pc).toBe(0x8123);
    expect(back.ram).toEqual(s.ram);
  });

  it('refuses 128K snapshots, missing pages and short files with typed errors', () => {
    const bytes = writeZ80(sample());
    const other = bytes.slice();
    other[34] = 4;
    expect(() => parseZ80(other, 'x.z80')).toThrow(UnsupportedFormatError);
    expect(() => parseZ80(bytes.subarray(0, 20), 'x.z80')).toThrow(TruncatedError);
    expect(() => parseZ80(bytes.subarray(0, 100), 'x.z80')).toThrow(TruncatedError);
    const badLen = bytes.slice();
    badLen[30] = 40;
    expect(() => parseZ80(badLen, 'x.z80')).toThrow(CorruptDataError);
  });
});

describe('SNA snapshots', () => {
  it('write then read gives the same state; PC travels on the stack', () => {
    const s = sample();
    const file = writeSna(s);
    expect(file.length).toBe(SNA_BYTES);
    // SP in the file is 2 lower, with PC pushed there.
    expect(file[23]! | (file[24]! << 8)).toBe(0xfefe);
    expect(file[27 + 0xfefe - 0x4000]! | (file[27 + 0xfeff - 0x4000]! << 8)).toBe(0x8123);
    const back = parseSna(file, 's.sna');
    expect(regs(back)).toEqual(regs(s));
    expect(back.border).toBe(5);
    const ram = s.ram.slice();
    ram[0xfefe - 0x4000] = 0x23; ram[0xfeff - 0x4000] = 0x81;
    expect(back.ram).toEqual(ram);
  });

  it('refuses wrong sizes and 128K files with typed errors', () => {
    expect(() => parseSna(new Uint8Array(100), 'x.sna')).toThrow(TruncatedError);
    expect(() => parseSna(new Uint8Array(SNA_BYTES + 1), 'x.sna')).toThrow(CorruptDataError);
    expect(() => parseSna(new Uint8Array(131103), 'x.sna')).toThrow(UnsupportedFormatError);
  });
});

describeWithShared('the bench snapshot', ['bench-kernels/sievez80-100.z80', 'bench-kernels/sievez80-100.bin'], () => {
  it('parses: PC at 8000h, the sieve code in RAM', () => {
    const s = parseZ80(new Uint8Array(readFileSync(shared('bench-kernels/sievez80-100.z80')!)), 'sievez80-100.z80');
    expect(s.cpu.pc).toBe(0x8000);
    const bin = readFileSync(shared('bench-kernels/sievez80-100.bin')!);
    expect([...s.ram.subarray(0x4000, 0x4000 + bin.length)]).toEqual([...bin]);
  });
});
