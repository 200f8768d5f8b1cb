/** Shared by the PC/XT tests: waiting for the DOS prompt. */
import type { Session } from '../../../cores/kernel/session.ts';

/** The prompt is the last line written: A:\> with the cursor after it. */
export function atPrompt(text: string): boolean {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.length > 0 && lines[lines.length - 1] === 'A:\\>';
}

/** Run until the prompt shows (checking every half second); returns the emulated seconds. */
export function bootToPrompt(s: Session, limitSeconds: number): number {
  while (s.seconds < limitSeconds) {
    s.runSeconds(0.5);
    if (atPrompt(s.machine.screenText!())) return s.seconds;
  }
  throw new Error(`no prompt after ${limitSeconds} s:\n${s.machine.screenText!()}`);
}
