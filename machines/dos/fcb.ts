/**
 * The CP/M-style file control block functions of INT 21h (0Fh-17h, 21h-24h, 27h/28h, 29h), for
 * old programs. Filled in by a later step; returns false for functions it does not answer.
 */
import type { DosKernel } from './kernel.ts';

export function fcbCall(k: DosKernel, ah: number): boolean {
  void k; void ah;
  return false;
}
