/**
 * The page's message strip: one current message (`#message`), plus every earlier error that was
 * not dismissed (`#message-log`), so a problem the user has not read yet never vanishes because
 * something else happened (a machine starting, a state loading). Confirmations (kind 'info') fade
 * after a few seconds; errors stay until dismissed. A message may carry one action button
 * ("Give the ROM…", "Restart the machine"), which dismisses it when used.
 *
 * Also the progress line (downloads, machine start).
 */
import { el, h } from './dom.ts';
import { UnsupportedFormatError } from '../../cores/kernel/errors.ts';
import { WorkerError } from './worker-client.ts';

export type MessageKind = 'error' | 'info';

export interface MessageAction {
  label: string;
  run: () => void;
}

interface Shown {
  text: string;
  kind: MessageKind;
  action?: MessageAction;
}

const INFO_MS = 8000;

export class Messages {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private current: Shown | null = null;
  /** Called after a message is dismissed, so the caller can give focus back to the screen. */
  onDismiss: () => void = () => {};

  constructor() {
    el('message-close').addEventListener('click', () => { this.clear(); this.onDismiss(); });
  }

  show(text: string, kind: MessageKind = 'error', action?: MessageAction): void {
    // An error on screen that is being replaced moves to the log, where it stays until dismissed.
    if (this.current !== null && this.current.kind === 'error' && !el('message').hidden && this.current.text !== text) this.log(this.current);
    this.current = { text, kind, ...(action ? { action } : {}) };
    const m = el('message');
    el('message-text').textContent = text;
    m.classList.toggle('info', kind === 'info');
    m.dataset.kind = kind;
    m.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    const act = el<HTMLButtonElement>('message-action');
    act.hidden = action === undefined;
    act.textContent = action?.label ?? '';
    act.onclick = action === undefined ? null : () => { this.clear(); action.run(); };
    m.hidden = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = kind === 'info' ? setTimeout(() => { if (this.current?.kind === 'info') this.clear(); }, INFO_MS) : null;
  }

  /** Words for a failure: typed errors say what happened; anything else is reported as a bug. */
  error(e: unknown, action?: MessageAction): void {
    if (e instanceof WorkerError || e instanceof UnsupportedFormatError) this.show(e.message, 'error', action);
    else if (e instanceof Error && 'code' in e) this.show(e.message, 'error', action);
    else {
      console.error(e);
      this.show(`Something went wrong: ${e instanceof Error ? e.message : String(e)}`, 'error', action);
    }
  }

  /** Hide the current message (errors in the log stay). */
  clear(): void {
    el('message').hidden = true;
    this.current = null;
  }

  /** Hide the current message only if it is a confirmation. */
  clearInfo(): void {
    if (this.current?.kind === 'info') this.clear();
  }

  /** Every error message still on screen (current and log), for tests and for the user. */
  get errors(): string[] {
    const out = [...el('message-log').querySelectorAll('[data-log-text]')].map((e) => e.textContent ?? '');
    if (this.current?.kind === 'error' && !el('message').hidden) out.push(this.current.text);
    return out;
  }

  private log(m: Shown): void {
    const box = el('message-log');
    const close = h('button', { type: 'button', 'aria-label': 'Dismiss', text: '×' });
    const row = h('div', { class: 'message', role: 'alert' }, h('span', { text: m.text, 'data-log-text': '' }));
    if (m.action !== undefined) {
      const a = m.action;
      const b = h('button', { type: 'button', text: a.label });
      b.addEventListener('click', () => { row.remove(); a.run(); });
      row.append(b);
    }
    row.append(close);
    close.addEventListener('click', () => { row.remove(); this.onDismiss(); });
    box.append(row);
    // Keep the strip short: the oldest go once there are more than three.
    while (box.children.length > 3) box.firstElementChild!.remove();
  }

  progress(text: string | null, fraction: number | null): void {
    const p = el('progress');
    p.hidden = text === null;
    if (text === null) return;
    el('progress-text').textContent = text;
    const bar = el<HTMLProgressElement>('progress-bar');
    if (fraction === null) bar.removeAttribute('value');
    else bar.value = fraction;
  }
}
