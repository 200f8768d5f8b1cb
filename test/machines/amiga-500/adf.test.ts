/**
 * ADF images and MFM tracks: the AmigaDOS track layout (sync words, info long, checksums, MFM clock
 * rule), decoding back to sectors, and the ADF/ADZ parser on good and bad input.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AmalgamError } from '../../../cores/kernel/errors.ts';
import { ADF_BYTES, TRACK_WORDS, adfFormat, decodeTrack, encodeTrack } from '../../../machines/amiga-500/adf.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';

function sampleAdf(): Uint8Array {
  const adf = new Uint8Array(ADF_BYTES);
  for (let i = 0; i < adf.length; i++) adf[i] = (i * 7 + (i >> 9) * 13) & 0xff;
  return adf;
}

describe('MFM tracks from ADF sectors', () => {
  it('has 11 sectors with $4489 sync pairs and obeys the MFM clock rule elsewhere', () => {
    const t = encodeTrack(sampleAdf(), 3);
    expect(t.length).toBe(TRACK_WORDS);
    let syncs = 0;
    for (let i = 0; i < t.length; i++) if (t[i] === 0x4489) syncs++;
    expect(syncs).toBe(22);
    // No two adjacent 1 bits and no run of more than three 0 bits outside the sync words.
    let bits = '';
    for (let i = 0; i < t.length; i++) bits += t[i] === 0x4489 ? '0100010010001001'.replace(/./g, 'x') : t[i]!.toString(2).padStart(16, '0');
    const clean = bits.split('x').join('');
    expect(clean.includes('11')).toBe(false);
    expect(/0000/.test(bits.replace(/x+/g, '1'))).toBe(false);
    // Gap after the sectors: $AAAA.
    expect(t[TRACK_WORDS - 1]).toBe(0xaaaa);
  });

  it('decodes back to the same sectors, and rejects a damaged one by its data checksum', () => {
    const adf = sampleAdf();
    const t = encodeTrack(adf, 17);
    const out = new Uint8Array(ADF_BYTES);
    expect(decodeTrack(t, 17, out)).toBe(11);
    expect(out.subarray(17 * 11 * 512, 18 * 11 * 512)).toEqual(adf.subarray(17 * 11 * 512, 18 * 11 * 512));
    expect(decodeTrack(t, 18, new Uint8Array(ADF_BYTES))).toBe(0); // headers name track 17
    t[544 * 2 + 100] ^= 0x0004; // a data bit in sector 2
    expect(decodeTrack(t, 17, new Uint8Array(ADF_BYTES))).toBe(10);
  });

  it('the info long names format $FF, track, sector and sectors to the gap', () => {
    const t = encodeTrack(sampleAdf(), 42);
    const odd = ((t[4]! << 16) | t[5]!) & 0x55555555, even = ((t[6]! << 16) | t[7]!) & 0x55555555;
    expect((((odd << 1) | even) >>> 0).toString(16)).toBe('ff2a000b');
  });
});

describe('ADF parser', () => {
  it('refuses short, long and random files with typed errors', () => {
    expect(() => adfFormat.parse(new Uint8Array(1000), 'x.adf')).toThrow(AmalgamError);
    expect(() => adfFormat.parse(new Uint8Array(ADF_BYTES + 512), 'x.adf')).toThrow(AmalgamError);
    expect(() => adfFormat.parse(new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]), 'x.adz')).toThrow(AmalgamError);
    expect(adfFormat.parse(new Uint8Array(ADF_BYTES), 'x.adf').bytes.length).toBe(ADF_BYTES);
  });
});

describeWithShared('ADF parser on real disks', ['testdata/amiga/adf-alpine9000/004.copper_bars/copper_bars.adf.gz'], () => {
  it('opens a gzipped ADF and finds the DOS boot block', () => {
    const d = adfFormat.parse(new Uint8Array(readFileSync(shared('testdata/amiga/adf-alpine9000/004.copper_bars/copper_bars.adf.gz')!)), 'copper_bars.adf.gz');
    expect(d.gzipped).toBe(true);
    expect(String.fromCharCode(...d.bytes.subarray(0, 3))).toBe('DOS');
  });
});
