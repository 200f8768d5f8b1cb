/**
 * Runs one of Patrik Rak's z80test tapes on the 48K with the Sinclair ROM, headless, and reads its
 * report off the screen: the tape is inserted (instant ROM-trap loading, auto LOAD ""), the "scroll?"
 * prompts are answered with a key, every screenful is collected, and the run ends at "Result:".
 */
import { readFileSync } from 'node:fs';
import { InputState, type Host } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { spectrum48k } from '../../../machines/zx-spectrum/definition.ts';

export interface Z80TestReport {
  /** Every line the program printed, in order (screenfuls joined). */
  lines: string[];
  /** The "Result: ..." line, or null if the run timed out. */
  result: string | null;
  /** Lines reporting a failed test. */
  failed: string[];
  emulatedSeconds: number;
}

export function runZ80Test(romPath: string, tapePath: string, maxEmulatedSeconds: number): Z80TestReport {
  const host: Host = { input: new InputState(), video() {}, audio() {} };
  const session = new Session(spectrum48k, { host, roms: new Map([['system', new Uint8Array(readFileSync(romPath))]]) });
  session.insertMedia(tapePath, new Uint8Array(readFileSync(tapePath)));
  const lines: string[] = [];
  const maxFrames = Math.ceil(maxEmulatedSeconds * spectrum48k.frameHz);
  let result: string | null = null;
  while (session.machine.frameCount < maxFrames) {
    session.runFrames(25);
    const text = session.machine.screenText!();
    const rows = text.split('\n');
    const resultRow = rows.find((r) => r.startsWith('Result:'));
    if (resultRow !== undefined) {
      lines.push(...rows.filter((r) => r !== ''));
      result = resultRow;
      break;
    }
    if (rows.some((r) => r.startsWith('scroll?'))) {
      lines.push(...rows.filter((r) => r !== '' && !r.startsWith('scroll?')));
      // Any key but N, SPACE or BREAK scrolls on (ROM routine PO-SCR-2).
      host.input.keys.add('KeyY');
      session.runFrames(3);
      host.input.keys.delete('KeyY');
      session.runFrames(10);
    }
  }
  const failed = lines.filter((l) => /FAILED/.test(l));
  return { lines, result, failed, emulatedSeconds: session.seconds };
}
