/** The minimal CP/M harness used for ZEXDOC/ZEXALL: BDOS 2 and 9, warm boot, bad input. */
import { describe, expect, it } from 'vitest';
import { TooLargeError, TruncatedError } from '../../../../cores/kernel/errors.ts';
import { runCpm } from '../../../../cores/cpu/z80/cpm.ts';

describe('CP/M harness', () => {
  it('serves BDOS 9 and 2 and stops at the warm boot', () => {
    const code = [ // at 0100h
      0x11, 0x12, 0x01, // LD DE,0112h
      0x0e, 0x09,       // LD C,9
      0xcd, 0x05, 0x00, // CALL 5
      0x1e, 0x21,       // LD E,'!'
      0x0e, 0x02,       // LD C,2
      0xcd, 0x05, 0x00, // CALL 5
      0xc3, 0x00, 0x00, // JP 0
      ...Array.from('hi$', (ch) => ch.charCodeAt(0)),
    ];
    const r = runCpm(Uint8Array.from(code), 1_000_000);
    expect(r.output).toBe('hi!');
    expect(r.finished).toBe(true);
  });

  it('stops after maxCycles when the program never ends', () => {
    const r = runCpm(Uint8Array.from([0x18, 0xfe]), 10_000); // JR $
    expect(r.finished).toBe(false);
    expect(r.cycles).toBeGreaterThanOrEqual(10_000);
    expect(r.cycles).toBeLessThan(10_012);
  });

  it('rejects empty and oversized images with typed errors', () => {
    expect(() => runCpm(new Uint8Array(0), 100)).toThrow(TruncatedError);
    expect(() => runCpm(new Uint8Array(0xf000), 100)).toThrow(TooLargeError);
  });

  it('survives random programs (no crash, no hang)', () => {
    let seed = 12345;
    const rnd = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed >>> 24; };
    for (let k = 0; k < 50; k++) {
      const img = Uint8Array.from({ length: 1 + (rnd() * 16) }, rnd);
      const r = runCpm(img, 200_000);
      expect(r.cycles).toBeLessThan(200_030);
    }
  });
});
