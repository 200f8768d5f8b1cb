import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodePlain, encodePlain, fromBase64, toBase64 } from '../../../cores/kernel/state-codec.ts';
import { sha1Hex } from '../../../cores/kernel/sha1.ts';
import { KeyScript } from '../../../cores/kernel/key-script.ts';
import { InputState } from '../../../cores/kernel/host.ts';
import { CorruptStateError, UsageError } from '../../../cores/kernel/errors.ts';

describe('sha1Hex', () => {
  it('matches Node crypto for lengths around block boundaries', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 16384]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      expect(sha1Hex(b)).toBe(createHash('sha1').update(b).digest('hex'));
    }
    expect(sha1Hex(new TextEncoder().encode('abc'))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });
});

describe('state codec', () => {
  it('keeps typed arrays exact through JSON', () => {
    const v = { a: new Uint8Array([0, 255, 7]), b: new Float64Array([1.5, -0]), c: [new Uint16Array([65535])], n: 3, s: 'x' };
    const back = decodePlain(encodePlain(v)) as typeof v;
    expect(back.a).toEqual(v.a);
    expect(back.b).toBeInstanceOf(Float64Array);
    expect(Array.from(back.b)).toEqual([1.5, -0]);
    expect(back.c[0]).toEqual(new Uint16Array([65535]));
    expect(back.n).toBe(3);
  });

  it('base64 round-trips every length and rejects junk', () => {
    for (let n = 0; n < 20; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => i * 13);
      expect(fromBase64(toBase64(b))).toEqual(b);
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
    }
    expect(() => fromBase64('ab$=')).toThrow(CorruptStateError);
    expect(() => decodePlain('{"x":{"$t":"Function","b":""}}')).toThrow(CorruptStateError);
    expect(() => decodePlain('{"x":{"$t":"Uint16Array","b":"AA=="}}')).toThrow(/length/);
  });
});

describe('KeyScript', () => {
  it('plays taps, holds, waits and text frame by frame', () => {
    const ks = new KeyScript();
    const input = new InputState();
    ks.queueScript('hold=2 gap=1 KeyA @2 +ShiftLeft "b" -ShiftLeft', (ch) => (ch === 'b' ? ['KeyB'] : null));
    const frames: string[] = [];
    for (let f = 0; f < 10; f++) { ks.beforeFrame(f, input); frames.push([...input.keys].join('+')); }
    expect(frames).toEqual(['KeyA', 'KeyA', '', '', '', 'ShiftLeft+KeyB', 'ShiftLeft+KeyB', 'ShiftLeft', '', '']);
    expect(ks.idle).toBe(true);
  });

  it('rejects bad scripts with a usage error', () => {
    const ks = new KeyScript();
    expect(() => ks.queueScript('"unterminated', undefined)).toThrow(UsageError);
    expect(() => ks.queueScript('@x', undefined)).toThrow(UsageError);
    expect(() => ks.queueScript('Key-A', undefined)).toThrow(UsageError);
  });
});
