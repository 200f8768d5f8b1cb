import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MediaError, TruncatedError, UnsupportedFormatError } from '../../../cores/kernel/errors.ts';
import { TapeDeck } from '../../../machines/zx-spectrum/tape/deck.ts';
import {
  DATA_PILOT_COUNT, HEADER_PILOT_COUNT, ONE_T, PILOT_T, PulseKind, SYNC1_T, SYNC2_T, ZERO_T, type Tape,
} from '../../../machines/zx-spectrum/tape/pulses.ts';
import { parseCsw } from '../../../machines/zx-spectrum/tape/csw.ts';
import { TapeRecorder, romBlock as savedBlock } from '../../../machines/zx-spectrum/tape/recorder.ts';
import { parseTap } from '../../../machines/zx-spectrum/tape/tap.ts';
import { parseTzx } from '../../../machines/zx-spectrum/tape/tzx.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';

const SAMPLES = 'testdata/spectrum/tape-format-samples';

/** A TAP block: flag, payload, XOR checksum. */
function romBlock(flag: number, payload: number[]): number[] {
  const all = [flag, ...payload];
  return [...all, all.reduce((x, b) => x ^ b, 0)];
}
const le16 = (v: number) => [v & 0xff, v >> 8];
const le24 = (v: number) => [v & 0xff, (v >> 8) & 0xff, v >> 16];
const tzx = (...blocks: number[][]) => new Uint8Array([0x5a, 0x58, 0x54, 0x61, 0x70, 0x65, 0x21, 0x1a, 1, 20, ...blocks.flat()]);

/**
 * Decode the EAR signal the way the ROM's loader does, independently of the pulse builder: play the
 * tape through the deck, time the edges, skip pilot and sync, and read bit pairs (a pair longer
 * than the 2 x ~1280 T threshold is a 1).
 */
function decodeByDeck(tape: Tape, block: number): number[] {
  const deck = new TapeDeck();
  deck.load(tape);
  const edges: number[] = [];
  deck.onEdge = (at) => edges.push(at / 4);
  deck.seek(tape.blocks[block]!.pulseStart);
  deck.play(0);
  const end = tape.blocks[block + 1]?.pulseStart ?? tape.lengths.length;
  while (deck.s.playing && deck.s.pos < end) deck.advance(deck.s.endsAt);
  const lens = edges.slice(1).map((t, i) => t - edges[i]!);
  let i = 0;
  while (i < lens.length && lens[i]! > 2000) i++; // pilot
  i += 2; // sync pulses
  const bytes: number[] = [];
  let cur = 0, nbits = 0;
  for (; i + 1 < lens.length; i += 2) {
    if (lens[i]! > 2500) break; // the pause
    cur = (cur << 1) | (lens[i]! + lens[i + 1]! > 2 * 1280 ? 1 : 0);
    if (++nbits === 8) { bytes.push(cur); cur = 0; nbits = 0; }
  }
  return bytes;
}

describe('TAP', () => {
  it('compiles each block with ROM timings: pilot, sync, two pulses per bit, pause', () => {
    const header = romBlock(0, [3, ...'TEST      '.split('').map((c) => c.charCodeAt(0)), 2, 0, 0, 0x80, 0, 0]);
    const data = romBlock(0xff, [0xa5, 0x0f]);
    const tape = parseTap(new Uint8Array([...le16(header.length), ...header, ...le16(data.length), ...data]), 't.tap');
    expect(tape.blocks.map((b) => b.description)).toEqual(['Bytes: TEST', 'Data: 2 bytes (flag 255)']);
    expect(tape.blocks.every((b) => b.romTiming)).toBe(true);
    const p = tape.blocks[1]!.pulseStart;
    expect(p).toBe(HEADER_PILOT_COUNT + 2 + header.length * 16 + 2);
    expect(tape.lengths[p]).toBe(PILOT_T);
    expect(tape.lengths[p + DATA_PILOT_COUNT - 1]).toBe(PILOT_T);
    expect([...tape.lengths.subarray(p + DATA_PILOT_COUNT, p + DATA_PILOT_COUNT + 2)]).toEqual([SYNC1_T, SYNC2_T]);
    // 0xFF flag: sixteen 1-pulses; then 0xA5 = 1010 0101.
    const d = p + DATA_PILOT_COUNT + 2;
    expect([...tape.lengths.subarray(d, d + 16)]).toEqual(Array(16).fill(ONE_T));
    expect([...tape.lengths.subarray(d + 16, d + 24)]).toEqual([ONE_T, ONE_T, ZERO_T, ZERO_T, ONE_T, ONE_T, ZERO_T, ZERO_T]);
    expect(decodeByDeck(tape, 1)).toEqual(data);
    expect(decodeByDeck(tape, 0)).toEqual(header);
  });

  it('refuses cut-short files with a typed error', () => {
    expect(() => parseTap(new Uint8Array([5, 0, 1, 2]), 'x.tap')).toThrow(TruncatedError);
    expect(() => parseTap(new Uint8Array([5]), 'x.tap')).toThrow(TruncatedError);
  });
});

describe('TZX', () => {
  it('compiles turbo, pure tone, pulse sequence, pure data, pause, group, loop and stop-if-48K blocks', () => {
    const data = [0x81];
    const bytes = tzx(
      [0x21, 3, 65, 66, 67], // group start "ABC"
      [0x11, ...le16(1000), ...le16(300), ...le16(400), ...le16(500), ...le16(900), ...le16(3), 6, ...le16(2), ...le24(1), ...data],
      [0x22], // group end
      [0x12, ...le16(777), ...le16(4)], // pure tone
      [0x13, 2, ...le16(111), ...le16(222)], // pulse sequence
      [0x24, ...le16(3)], [0x13, 1, ...le16(50)], [0x25], // loop x3
      [0x14, ...le16(600), ...le16(1200), 8, ...le16(0), ...le24(1), 0x0f], // pure data
      [0x20, ...le16(5)], // pause 5 ms
      [0x2a, 0, 0, 0, 0], // stop if 48K
      [0x30, 2, 104, 105], // text
      [0x20, ...le16(0)], // stop
    );
    const tape = parseTzx(bytes, 't.tzx');
    const L = [...tape.lengths];
    const K = [...tape.kinds];
    let i = 0;
    expect(L.slice(i, i + 3)).toEqual([1000, 1000, 1000]); i += 3; // pilot
    expect(L.slice(i, i + 2)).toEqual([300, 400]); i += 2; // syncs
    // 0x81 with 6 bits used: 1,0,0,0,0,0
    expect(L.slice(i, i + 12)).toEqual([900, 900, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500]); i += 12;
    expect(L.slice(i, i + 2)).toEqual([3500, 3500]); expect(K[i + 1]).toBe(PulseKind.Low); i += 2; // 2 ms pause
    expect(L.slice(i, i + 4)).toEqual([777, 777, 777, 777]); i += 4;
    expect(L.slice(i, i + 2)).toEqual([111, 222]); i += 2;
    expect(L.slice(i, i + 3)).toEqual([50, 50, 50]); i += 3;
    expect(L.slice(i, i + 16)).toEqual([600, 600, 600, 600, 600, 600, 600, 600, 1200, 1200, 1200, 1200, 1200, 1200, 1200, 1200]); i += 16;
    expect(L[i]).toBe(5 * 3500); expect(K[i]).toBe(PulseKind.Low); i += 1;
    expect(K[i]).toBe(PulseKind.Stop); i += 1;
    expect(K[i]).toBe(PulseKind.Stop); i += 1;
    expect(i).toBe(L.length);
    expect(tape.blocks.map((b) => b.kind)).toEqual(['turbo', 'tone', 'pulses', 'pulses', 'pulses', 'pulses', 'pure-data', 'pause', 'stop48', 'pause']);
    expect(tape.blocks[0]!.romTiming).toBe(false);
  });

  it('compiles generalized data (0x19): run-length pilot/sync symbols, 1-bit data symbols, symbol flags', () => {
    const le32 = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];
    const body = [
      ...le16(0), // pause
      ...le32(2), 2, 2, // TOTP, NPP, ASP
      ...le32(9), 2, 2, // TOTD, NPD, ASD
      0, ...le16(2168), ...le16(0), // pilot symbol 0: edge, one pulse
      0, ...le16(667), ...le16(735), // sync symbol 1: edge, two pulses
      0, ...le16(10), 1, ...le16(1), // PRLE: symbol 0 x10, symbol 1 x1
      0, ...le16(855), ...le16(855), // data symbol 0
      3, ...le16(1710), ...le16(1710), // data symbol 1: first pulse forced high
      0xa5, 0x80, // 1010 0101 1
    ];
    const tape = parseTzx(tzx([0x19, ...le32(body.length), ...body]), 'g.tzx');
    const L = [...tape.lengths], K = [...tape.kinds];
    expect(L.slice(0, 12)).toEqual([...Array(10).fill(2168), 667, 735]);
    expect(L.slice(12)).toEqual([1710, 1710, 855, 855, 1710, 1710, 855, 855, 855, 855, 1710, 1710, 855, 855, 1710, 1710, 1710, 1710]);
    expect(K[12]).toBe(PulseKind.High);
    expect(K[13]).toBe(PulseKind.Toggle);
    expect(K[14]).toBe(PulseKind.Toggle);
    expect(tape.blocks[0]!.kind).toBe('generalized');
    // A symbol outside its table is refused.
    const badBody = body.slice();
    badBody[2 + 6 + 6 + 2 * 5] = 5; // first PRLE symbol (after pause, counts and the pilot table)
    expect(() => parseTzx(tzx([0x19, ...le32(badBody.length), ...badBody]), 'g.tzx')).toThrow(MediaError);
  });

  it('compiles CSW recordings: TZX block 0x18, .csw v1 (RLE) and v2 (Z-RLE)', () => {
    const le32 = (v: number) => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];
    // 44,100 Hz: 10 samples = 794 T (rounded), 0 + long count 100,000 samples = 7,936,508 T.
    const rle = [10, 20, 0, ...le32(100000), 1];
    const want = [794, 1587, 7936508, 79];
    const block = [...le16(0), ...le24(44100), 1, ...le32(4), ...rle];
    const t1 = parseTzx(tzx([0x18, ...le32(block.length), ...block]), 'c.tzx');
    expect([...t1.lengths]).toEqual(want);
    const sig = [...'Compressed Square Wave'].map((c) => c.charCodeAt(0));
    const v1 = new Uint8Array([...sig, 0x1a, 1, 1, ...le16(44100), 1, 1, 0, 0, 0, ...rle]);
    const t2 = parseCsw(v1, 'c.csw');
    expect([...t2.lengths]).toEqual(want);
    expect(t2.kinds[0]).toBe(PulseKind.High);
    expect([...t2.kinds.subarray(1)]).toEqual([PulseKind.Toggle, PulseKind.Toggle, PulseKind.Toggle]);
    const z = [...deflateSync(new Uint8Array(rle))];
    const v2 = new Uint8Array([...sig, 0x1a, 2, 0, ...le32(44100), ...le32(4), 2, 0, 0, ...Array(16).fill(32), ...z]);
    const t3 = parseCsw(v2, 'c.csw');
    expect([...t3.lengths]).toEqual(want);
    expect(t3.kinds[0]).toBe(PulseKind.Low);
    expect(() => parseCsw(v2.subarray(0, v2.length - 3), 'c.csw')).toThrow(MediaError);
    expect(() => parseCsw(new Uint8Array([...sig, 0x1a, 3, 0, ...Array(40).fill(0)]), 'c.csw')).toThrow(UnsupportedFormatError);
  });

  it('the deck stops at a stop block and plays on from there when started again', () => {
    const tape = parseTzx(tzx([0x12, ...le16(100), ...le16(2)], [0x20, 0, 0], [0x12, ...le16(100), ...le16(2)]), 's.tzx');
    const deck = new TapeDeck();
    deck.load(tape);
    deck.play(0);
    deck.advance(10_000);
    expect(deck.s.playing).toBe(false);
    expect(deck.s.pos).toBe(3);
    deck.play(20_000);
    expect(deck.s.playing).toBe(true);
    deck.advance(40_000);
    expect(deck.atEnd).toBe(true);
  });

  it('refuses unknown block types, wrong signatures and endless jumps with typed errors', () => {
    expect(() => parseTzx(tzx([0x77, 1, 2, 3]), 'u.tzx')).toThrow(UnsupportedFormatError);
    expect(() => parseTzx(tzx([0x10, 0, 0, 5, 0, 1]), 'u.tzx')).toThrow(TruncatedError);
    expect(() => parseTzx(tzx([0x12, ...le16(100), ...le16(1)], [0x23, ...le16(0xffff)]), 'j.tzx')).toThrow(MediaError);
  });
});

describeWithShared('TAP and TZX samples (fq test files)', [`${SAMPLES}/basic_prog1.tap`, `${SAMPLES}/basic_prog1.tzx`], () => {
  const tap = parseTap(new Uint8Array(readFileSync(shared(`${SAMPLES}/basic_prog1.tap`)!)), 'basic_prog1.tap');
  const tzxTape = parseTzx(new Uint8Array(readFileSync(shared(`${SAMPLES}/basic_prog1.tzx`)!)), 'basic_prog1.tzx');

  it('reads the header and program blocks fq lists', () => {
    // fq: header "fqTestProg", data_length 38, auto-start line 10; data block of 40 bytes, flag 255.
    for (const t of [tap, tzxTape]) {
      const data = t.blocks.filter((b) => b.data !== undefined);
      expect(data.map((b) => b.description)).toEqual(['Program: fqTestProg', 'Data: 38 bytes (flag 255)']);
      expect(data[0]!.data!.length).toBe(19);
      expect(data[0]!.data![12]! | (data[0]!.data![13]! << 8)).toBe(38);
      expect(data[0]!.data![14]! | (data[0]!.data![15]! << 8)).toBe(10);
      expect(data[1]!.data!.length).toBe(40);
    }
  });

  it('saved blocks are appended in the format the tape came in', () => {
    for (const file of ['basic_prog1.tap', 'basic_prog1.tzx']) {
      const bytes = new Uint8Array(readFileSync(shared(`${SAMPLES}/${file}`)!));
      const rec = new TapeRecorder();
      rec.insert(file, file.endsWith('.tzx') ? 'tzx' : 'tap', bytes);
      expect(rec.image()).toBeNull();
      rec.saved.push(savedBlock(0xff, new Uint8Array([1, 2, 3])));
      const img = rec.image()!;
      expect(img.name).toBe(file);
      expect(img.bytes.subarray(0, bytes.length)).toEqual(bytes);
      const t = rec.tape()!;
      expect(t.blocks.filter((b) => b.data).map((b) => b.description))
        .toEqual(['Program: fqTestProg', 'Data: 38 bytes (flag 255)', 'Data: 3 bytes (flag 255)']);
      expect([...t.blocks.filter((b) => b.data).pop()!.data!]).toEqual([0xff, 1, 2, 3, 0xff ^ 1 ^ 2 ^ 3]);
    }
  });

  it('both files play the same signal, and it decodes back to the blocks', () => {
    expect([...tzxTape.lengths]).toEqual([...tap.lengths]);
    expect(decodeByDeck(tap, 0)).toEqual([...tap.blocks[0]!.data!]);
    expect(decodeByDeck(tap, 1)).toEqual([...tap.blocks[1]!.data!]);
  });
});
