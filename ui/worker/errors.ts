/**
 * Turns anything thrown in the worker into an ErrorInfo the page can show. Typed kernel errors
 * carry messages written for people and pass through; anything else is a bug, reported as such
 * (and logged with its stack in the worker's console for whoever debugs it).
 */
import { AmalgamError, MediaError, RomError, StateError, UsageError } from '../../cores/kernel/errors.ts';
import type { ErrorInfo } from './protocol.ts';

export function toErrorInfo(e: unknown): ErrorInfo {
  if (e instanceof AmalgamError) {
    const kind = e instanceof MediaError ? 'media' : e instanceof RomError ? 'rom' : e instanceof StateError ? 'state' : e instanceof UsageError ? 'usage' : 'usage';
    return { kind, code: e.code, message: e.message };
  }
  console.error(e);
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { kind: 'bug', code: 'Internal', message: `Something went wrong inside the emulator (${what}). This is a bug.` };
}
