/** The save-state schema helper: each kind of hostile field from issue 18 is refused, by path. */
import { describe, expect, it } from 'vitest';
import { CorruptStateError, TooLargeError } from '../../../cores/kernel/errors.ts';
import { MAX_TICKS, S, checkStateSize, validate } from '../../../cores/kernel/schema.ts';

const DECK = S.object({
  pos: S.int(0, 1000),
  endsAt: S.ticks(),
  level: S.int(0, 1),
  playing: S.bool(),
  rate: S.num(0, 1e6),
  ram: S.typed(Uint8Array, 16),
  timers: S.record(S.nullable(S.ticks()), 8),
  mode: S.str(10, ['a', 'b']),
  extra: S.optional(S.array(S.int(0, 255), 4)),
});
const good = () => ({ pos: 3, endsAt: 100, level: 1, playing: false, rate: 0.5, ram: new Uint8Array(16), timers: { frame: 10, irq: null }, mode: 'a' });

describe('schema', () => {
  it('passes a good state through unchanged', () => {
    expect(validate(DECK, good(), 'deck')).toEqual(good());
  });

  const bad: [string, (s: Record<string, unknown>) => void, string][] = [
    ['a position of -1e300', (s) => { s.pos = -1e300; }, 'deck.pos'],
    ['a fractional index', (s) => { s.pos = 1.5; }, 'deck.pos'],
    ['cycles at 2^53', (s) => { s.endsAt = 2 ** 53; }, 'deck.endsAt'],
    ['NaN', (s) => { s.rate = NaN; }, 'deck.rate'],
    ['Infinity', (s) => { s.rate = Infinity; }, 'deck.rate'],
    ['a negative rate', (s) => { s.rate = -1; }, 'deck.rate'],
    ['a string for a number', (s) => { s.level = '1'; }, 'deck.level'],
    ['a short RAM', (s) => { s.ram = new Uint8Array(15); }, 'deck.ram'],
    ['RAM of the wrong type', (s) => { s.ram = [0]; }, 'deck.ram'],
    ['a timer 1e300 ahead', (s) => { s.timers = { frame: 1e300 }; }, 'deck.timers.frame'],
    ['too many timers', (s) => { s.timers = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`t${i}`, 0])); }, 'deck.timers'],
    ['an unknown mode', (s) => { s.mode = 'c'; }, 'deck.mode'],
    ['a missing field', (s) => { delete s.playing; }, 'deck.playing'],
    ['an unknown field', (s) => { s.surprise = 1; }, 'deck.surprise'],
    ['a too-long list', (s) => { s.extra = [1, 2, 3, 4, 5]; }, 'deck.extra'],
  ];
  for (const [what, spoil, path] of bad) {
    it(`refuses ${what}, naming ${path}`, () => {
      const s = good() as Record<string, unknown>;
      spoil(s);
      expect(() => validate(DECK, s, 'deck')).toThrow(CorruptStateError);
      expect(() => validate(DECK, s, 'deck')).toThrow(path);
    });
  }

  it('refuses null and non-objects', () => {
    expect(() => validate(DECK, null, 'deck')).toThrow(CorruptStateError);
    expect(() => validate(DECK, [], 'deck')).toThrow(CorruptStateError);
  });

  it('checks cross-field rules with refine', () => {
    const R = S.refine(S.object({ pos: S.int(0, 100), len: S.int(0, 100) }), (v) => (v.pos <= v.len ? null : 'pos is past the end'));
    expect(validate(R, { pos: 1, len: 2 }, 'r')).toEqual({ pos: 1, len: 2 });
    expect(() => validate(R, { pos: 3, len: 2 }, 'r')).toThrow('past the end');
  });

  it('keeps ticks exact: the limit is below 2^53', () => {
    expect(MAX_TICKS).toBeLessThan(2 ** 53);
    expect(validate(S.ticks(), MAX_TICKS, 't')).toBe(MAX_TICKS);
  });

  it('refuses a 60 MB state by its size alone', () => {
    expect(() => checkStateSize({ length: 60 * 1024 * 1024 })).toThrow(TooLargeError);
    expect(() => checkStateSize({ length: 1024 })).not.toThrow();
  });
});
