/**
 * Field checks for Pit8253.setState: every field of a saved state is validated before anything is
 * applied, so a damaged state throws CorruptStateError and changes nothing.
 */
import { CorruptStateError } from '../../kernel/errors.ts';

export function record(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new CorruptStateError(`${what}: not an object`);
  return v as Record<string, unknown>;
}

export function int(o: Record<string, unknown>, key: string, lo: number, hi: number, what: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi)
    throw new CorruptStateError(`${what}: field ${key} is ${String(v)}, expected an integer ${lo}..${hi}`);
  return v;
}
