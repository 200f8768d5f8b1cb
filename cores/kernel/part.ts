/**
 * The contract every saveable part (CPU, chip, memory, media drive) follows: it gives and takes its
 * mutable state as plain data, versioned, so save states, rewind and tests all use the same thing.
 *
 * Plain data means: numbers, booleans, strings, null, arrays, plain objects and typed arrays.
 * No class instances, functions, Maps or undefined (JSON drops them). `getState()` returns a copy
 * that later running does not change; `setState()` copies in, and may throw a StateError when the
 * object is malformed, in which case the caller restores everything it had already set.
 */
export interface Part<S = unknown> {
  /** Version of the shape of S. Bump it when the shape changes, and teach migrateState the old one. */
  readonly stateVersion: number;
  getState(): S;
  setState(state: S): void;
  /**
   * Turns a state saved by an older version of this part into the current shape. Absent: only the
   * current version loads. Mesen2 keys values by name; our parts may instead fill missing fields
   * with power-on values here.
   */
  migrateState?(state: unknown, fromVersion: number): S;
}

/** Deep copy of plain data, typed arrays included. Used by parts that keep state in one object. */
export function clonePlain<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return (value as unknown as { slice(): T }).slice();
  if (Array.isArray(value)) return value.map((v) => clonePlain(v)) as unknown as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = clonePlain(v);
  return out as T;
}
