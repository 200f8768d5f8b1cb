/**
 * TZX files built to make the compiler work without end (issue 18): a generalized-data block
 * (0x19) of zero-bit symbols made of zero-length pulses, and a direct recording (0x15) of one level
 * inside a 65,535-times loop. Before the fix the work limit was per block (16 million symbols) and
 * loops multiplied it, so both never returned; each must now end in a typed error quickly.
 */
import { describe, expect, it } from 'vitest';
import { AmalgamError } from '../../../cores/kernel/errors.ts';
import { parseTzx } from '../../../machines/zx-spectrum/tape/tzx.ts';

const HEAD = [0x5a, 0x58, 0x54, 0x61, 0x70, 0x65, 0x21, 0x1a, 1, 20];
const le = (v: number, n: number) => Array.from({ length: n }, (_, i) => Math.floor(v / 256 ** i) & 0xff);

/** 0x19 with no pilot, `count` data symbols from a one-symbol table (0 bits each) of 0-length pulses. */
function zeroSymbols(count = 0xffffffff): number[] {
  const npd = 2;
  const body = [...le(0, 2), ...le(0, 4), 0, 0, ...le(count, 4), npd, 1, /* symbol 0 */ 0, ...le(0, 2), ...le(0, 2)];
  return [0x19, ...le(body.length, 4), ...body];
}

/** 0x15 of `bytes` bytes all 0xff: one long run, no pulse until its end. */
function flatRecording(bytes: number): number[] {
  return [0x15, ...le(79, 2), ...le(0, 2), 8, ...le(bytes, 3), ...new Array<number>(bytes).fill(0xff)];
}

const loop = (n: number, inner: number[]) => [0x24, ...le(n, 2), ...inner, 0x25];

function parseQuickly(bytes: number[], ms: number): unknown {
  const t = performance.now();
  let err: unknown = null;
  try { parseTzx(new Uint8Array(bytes), 'hostile.tzx'); } catch (e) { err = e; }
  expect(performance.now() - t).toBeLessThan(ms);
  return err;
}

describe('TZX work is bounded by the input size', () => {
  it('refuses a generalized block of 4 billion zero-bit, zero-length symbols', () => {
    expect(parseQuickly([...HEAD, ...zeroSymbols()], 10_000)).toBeInstanceOf(AmalgamError);
  });

  it('refuses 10 million such symbols (under the old per-block limit) inside a 65,535-times loop', () => {
    expect(parseQuickly([...HEAD, ...loop(0xffff, zeroSymbols(10_000_000))], 10_000)).toBeInstanceOf(AmalgamError);
  });

  it('refuses a flat direct recording looped 65,535 times', () => {
    expect(parseQuickly([...HEAD, ...loop(0xffff, flatRecording(60_000))], 10_000)).toBeInstanceOf(AmalgamError);
  });

  it('still compiles a flat recording played once, and a short loop of it', () => {
    expect(parseQuickly([...HEAD, ...flatRecording(60_000)], 5_000)).toBeNull();
    expect(parseQuickly([...HEAD, ...loop(3, flatRecording(1000))], 5_000)).toBeNull();
  });
});
