/**
 * Scripted keyboard input, played frame by frame (CLK `Typer.hpp` does the same for pasting).
 *
 * Script syntax (`run --keys`), tokens separated by spaces or ';':
 *   KeyA             tap a key (KeyboardEvent.code): hold it for `hold` frames, then release
 *   ShiftLeft+Digit0 tap a chord
 *   +ControlLeft     press and keep holding;   -ControlLeft   release
 *   @50              wait 50 frames
 *   "LOAD \"\"\n"    type text (JSON string escapes), using the machine's key map
 *   hold=4 gap=4     frames a tap is held / released between taps from now on
 */
import { UsageError } from './errors.ts';
import type { InputState } from './host.ts';
import { KEY_CODES } from './key-codes.ts';

type Action =
  | { kind: 'down'; codes: readonly string[] }
  | { kind: 'up'; codes: readonly string[] }
  | { kind: 'wait'; frames: number };

export type KeysForChar = (ch: string) => readonly string[] | null;

export class KeyScript {
  private queue: Action[] = [];
  private waiting = 0;
  hold = 3;
  gap = 3;

  get idle(): boolean {
    return this.queue.length === 0 && this.waiting === 0;
  }

  /** Frames the rest of the script needs at least (its waits; key changes take none). */
  get framesLeft(): number {
    let n = this.waiting;
    for (const a of this.queue) if (a.kind === 'wait') n += a.frames;
    return n;
  }

  clear(): void {
    this.queue = [];
    this.waiting = 0;
  }

  queueTap(codes: readonly string[]): void {
    this.queue.push({ kind: 'down', codes }, { kind: 'wait', frames: this.hold },
      { kind: 'up', codes }, { kind: 'wait', frames: this.gap });
  }

  queueWait(frames: number): void {
    this.queue.push({ kind: 'wait', frames });
  }

  queueText(text: string, keysForChar: KeysForChar): void {
    for (const ch of text) {
      const codes = keysForChar(ch);
      if (codes === null) throw new UsageError(`This machine has no key for ${JSON.stringify(ch)}.`);
      this.queueTap(codes);
    }
  }

  queueScript(script: string, keysForChar: KeysForChar | undefined): void {
    for (const token of tokenize(script)) {
      if (token.startsWith('"')) {
        let text: unknown;
        try { text = JSON.parse(token); } catch { throw new UsageError(`bad string in key script: ${token}`); }
        if (keysForChar === undefined) throw new UsageError('This machine cannot type text.');
        this.queueText(text as string, keysForChar);
      } else if (token.startsWith('@')) {
        const n = Number(token.slice(1));
        if (!Number.isInteger(n) || n < 0) throw new UsageError(`bad wait in key script: ${token}`);
        this.queue.push({ kind: 'wait', frames: n });
      } else if (/^(hold|gap)=\d+$/.test(token)) {
        const [k, v] = token.split('=') as ['hold' | 'gap', string];
        // Applies to taps queued after it, so record the change as it is read.
        this[k] = Number(v);
      } else if (token.startsWith('+') || token.startsWith('-')) {
        const codes = splitCodes(token.slice(1));
        this.queue.push({ kind: token[0] === '+' ? 'down' : 'up', codes });
      } else {
        this.queueTap(splitCodes(token));
      }
    }
  }

  /** Apply whatever is due before frame `frame` starts. */
  beforeFrame(_frame: number, input: InputState): void {
    if (this.waiting > 0) { this.waiting--; if (this.waiting > 0) return; }
    while (this.queue.length > 0) {
      const a = this.queue.shift()!;
      if (a.kind === 'wait') { if (a.frames > 0) { this.waiting = a.frames; return; } continue; }
      for (const c of a.codes) if (a.kind === 'down') input.keyDown(c); else input.keyUp(c);
    }
  }
}

function splitCodes(s: string): string[] {
  const codes = s.split('+');
  for (const c of codes)
    if (!KEY_CODES.has(c))
      throw new UsageError(`unknown key "${c}" in key script (KeyboardEvent.code names such as KeyA, Digit1, Enter, ShiftLeft, ArrowUp, F1)`);
  return codes;
}

function tokenize(script: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < script.length) {
    const c = script[i]!;
    if (c === ' ' || c === ';' || c === '\n' || c === '\t' || c === ',') { i++; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < script.length && script[j] !== '"') j += script[j] === '\\' ? 2 : 1;
      if (j >= script.length) throw new UsageError('unterminated string in key script');
      out.push(script.slice(i, j + 1));
      i = j + 1;
    } else {
      let j = i;
      while (j < script.length && !' ;\n\t,"'.includes(script[j]!)) j++;
      out.push(script.slice(i, j));
      i = j;
    }
  }
  return out;
}
