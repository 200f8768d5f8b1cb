/**
 * One small schema helper for saved state: every part describes the shape of its state once
 * (types, integer-ness, ranges, array and typed-array lengths, allowed strings), and `validate`
 * checks an incoming state against it BEFORE anything is applied. A state that would hang the
 * machine (a cycle count past 2^53, a position of -1e300), crash it (an index out of range) or
 * stop it quietly (NaN counters) is refused with a CorruptStateError naming the field, and the
 * machine is untouched.
 *
 * Usage, in a part:
 *   const DECK = S.object({ pos: S.int(0, MAX_PULSES), endsAt: S.ticks(), level: S.int(0, 1), playing: S.bool() });
 *   setState(raw: unknown) { const s = validate(DECK, raw, 'tape deck'); this.s = { ...s }; }
 * Cross-field rules (a position within the inserted tape) go in `S.refine`.
 *
 * `checkStateSize` refuses an encoded state by its byte length before it is decoded at all.
 */
import { CorruptStateError, TooLargeError } from './errors.ts';

/** A checker: returns the value (typed) or throws SchemaError with the path of the bad field. */
export interface Schema<T> {
  check(value: unknown, path: string): T;
}

/** Thrown inside checks; `validate` turns it into a CorruptStateError for people. */
class SchemaError extends Error {}

type Infer<S> = S extends Schema<infer T> ? T : never;

const fail = (path: string, what: string): never => { throw new SchemaError(`${path}: ${what}`); };

/** The largest tick count a state may carry: far beyond any run, well below 2^53 (doubles stay exact). */
export const MAX_TICKS = 2 ** 50;

type TypedArrayCtor = Uint8ArrayConstructor | Uint16ArrayConstructor | Uint32ArrayConstructor | Int8ArrayConstructor
  | Int16ArrayConstructor | Int32ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor;

export const S = {
  /** An integer in [min, max]. */
  int(min: number, max: number): Schema<number> {
    return { check: (v, p) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : fail(p, `expected an integer in ${min}..${max}, got ${show(v)}`)) };
  },
  /** A finite number in [min, max] (not NaN, not infinite). */
  num(min: number, max: number): Schema<number> {
    return { check: (v, p) => (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : fail(p, `expected a number in ${min}..${max}, got ${show(v)}`)) };
  },
  /** Master ticks (or CPU cycles): a non-negative integer below MAX_TICKS. */
  ticks(): Schema<number> {
    return S.int(0, MAX_TICKS);
  },
  bool(): Schema<boolean> {
    return { check: (v, p) => (typeof v === 'boolean' ? v : fail(p, `expected true or false, got ${show(v)}`)) };
  },
  /** A string of at most `maxLength` characters, and one of `oneOf` when given. */
  str(maxLength = 1000, oneOf?: readonly string[]): Schema<string> {
    return {
      check: (v, p) => {
        if (typeof v !== 'string' || v.length > maxLength) return fail(p, `expected a string of at most ${maxLength} characters`);
        if (oneOf !== undefined && !oneOf.includes(v)) return fail(p, `expected one of ${oneOf.join(', ')}, got ${show(v)}`);
        return v;
      },
    };
  },
  /** One exact value. */
  literal<L extends string | number | boolean | null>(value: L): Schema<L> {
    return { check: (v, p) => (v === value ? value : fail(p, `expected ${show(value)}, got ${show(v)}`)) };
  },
  /** A typed array of this kind, with exactly `length` elements, or between [min, max]. */
  typed<C extends TypedArrayCtor>(ctor: C, length: number | readonly [number, number]): Schema<InstanceType<C>> {
    const [min, max] = typeof length === 'number' ? [length, length] : length;
    return {
      check: (v, p) => {
        if (!(v instanceof ctor)) return fail(p, `expected a ${ctor.name}`);
        const n = (v as unknown as ArrayLike<number>).length;
        if (n < min || n > max) return fail(p, `expected ${min === max ? min : `${min}..${max}`} elements, got ${n}`);
        return v as InstanceType<C>;
      },
    };
  },
  /** An array of at most `maxLength` items (and at least `minLength`), each checked. */
  array<T>(item: Schema<T>, maxLength: number, minLength = 0): Schema<T[]> {
    return {
      check: (v, p) => {
        if (!Array.isArray(v)) return fail(p, 'expected a list');
        if (v.length < minLength || v.length > maxLength) return fail(p, `expected ${minLength}..${maxLength} items, got ${v.length}`);
        return v.map((x, i) => item.check(x, `${p}[${i}]`));
      },
    };
  },
  /** A fixed-length tuple. */
  tuple<T extends readonly Schema<unknown>[]>(...items: T): Schema<{ [K in keyof T]: Infer<T[K]> }> {
    return {
      check: (v, p) => {
        if (!Array.isArray(v) || v.length !== items.length) return fail(p, `expected a list of ${items.length}`);
        return items.map((s, i) => s.check(v[i], `${p}[${i}]`)) as { [K in keyof T]: Infer<T[K]> };
      },
    };
  },
  /**
   * A plain object with exactly these fields (a missing one is refused; unknown ones are refused
   * too, so a typo or a state from another part cannot pass). Optional fields: `S.optional`.
   */
  object<F extends Record<string, Schema<unknown>>>(fields: F): Schema<{ [K in keyof F]: Infer<F[K]> }> {
    const keys = Object.keys(fields);
    return {
      check: (v, p) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) return fail(p, 'expected an object');
        const o = v as Record<string, unknown>;
        for (const k of Object.keys(o)) if (!(k in fields)) fail(`${p}.${k}`, 'is not a field of this state');
        const out: Record<string, unknown> = {};
        for (const k of keys) {
          const r = fields[k]!.check(o[k], `${p}.${k}`);
          if (r !== undefined || k in o) out[k] = r;
        }
        return out as { [K in keyof F]: Infer<F[K]> };
      },
    };
  },
  /** Keys of at most `maxKeys`, each value checked (timers by key, media by drive). */
  record<T>(value: Schema<T>, maxKeys: number, key: Schema<string> = S.str(100)): Schema<Record<string, T>> {
    return {
      check: (v, p) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) return fail(p, 'expected an object');
        const entries = Object.entries(v as Record<string, unknown>);
        if (entries.length > maxKeys) return fail(p, `expected at most ${maxKeys} entries`);
        const out: Record<string, T> = {};
        for (const [k, x] of entries) { key.check(k, `${p} key`); out[k] = value.check(x, `${p}.${k}`); }
        return out;
      },
    };
  },
  nullable<T>(inner: Schema<T>): Schema<T | null> {
    return { check: (v, p) => (v === null ? null : inner.check(v, p)) };
  },
  /** A field that may be absent (undefined); present, it must match. */
  optional<T>(inner: Schema<T>): Schema<T | undefined> {
    return { check: (v, p) => (v === undefined ? undefined : inner.check(v, p)) };
  },
  /** One of several shapes (the first that matches). */
  oneOf<T extends readonly Schema<unknown>[]>(...options: T): Schema<Infer<T[number]>> {
    return {
      check: (v, p) => {
        const why: string[] = [];
        for (const o of options) {
          try { return o.check(v, p) as Infer<T[number]>; } catch (e) { if (!(e instanceof SchemaError)) throw e; why.push(e.message); }
        }
        return fail(p, `matches none of its shapes (${why.join('; ')})`);
      },
    };
  },
  /** A further rule over the checked value (a cross-field constraint); `rule` returns a problem or null. */
  refine<T>(inner: Schema<T>, rule: (v: T) => string | null): Schema<T> {
    return {
      check: (v, p) => {
        const r = inner.check(v, p);
        const problem = rule(r);
        return problem === null ? r : fail(p, problem);
      },
    };
  },
};

/**
 * Check `value` against `schema` before applying it. Returns it typed; throws CorruptStateError
 * ("The save state is damaged (tape deck.pos: expected an integer in 0..16000000, got -1e300).").
 */
export function validate<T>(schema: Schema<T>, value: unknown, what: string): T {
  try {
    return schema.check(value, what);
  } catch (e) {
    if (e instanceof SchemaError) throw new CorruptStateError(`The save state is damaged (${e.message}).`);
    throw e;
  }
}

/** Largest encoded save state accepted: a 16 MB machine's RAM in base64 with room to spare. */
export const MAX_STATE_BYTES = 48 * 1024 * 1024;

/** Refuse an encoded state by size alone, before it is decoded (a 60 MB file costs nothing). */
export function checkStateSize(bytes: { length: number }, max = MAX_STATE_BYTES): void {
  if (bytes.length > max)
    throw new TooLargeError(`The save state is ${(bytes.length / 1048576).toFixed(1)} MB, more than any machine's state (${max / 1048576} MB); refusing it.`);
}

function show(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (Array.isArray(v)) return 'a list';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  return typeof v;
}
