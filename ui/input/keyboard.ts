/**
 * Keyboard input: keys reach the emulated machine only while the screen has focus (click it or
 * Tab to it), so typing in the page's own controls never types into the machine. Host hotkeys
 * (function keys, see HOTKEYS) work whenever the page has focus and are never passed on. Keys
 * held when focus leaves are released, so nothing sticks down.
 *
 * Keys are KeyboardEvent.code values (physical positions), as the Host contract says; the
 * machine maps positions to its own keyboard. Every change is reported as an event, in order
 * (a press and release between two emulated frames still arrive: KERNEL §4), with the held set.
 */

export interface Hotkey {
  code: string;
  shift?: boolean;
  label: string;
  action: string;
}

/** Function keys the browser itself does not claim (F5 reload, F11 fullscreen, F12 tools). */
export const HOTKEYS: readonly Hotkey[] = [
  { code: 'F2', label: 'F2', action: 'quickSave' },
  { code: 'F4', label: 'F4', action: 'quickLoad' },
  { code: 'F6', label: 'F6', action: 'pause' },
  { code: 'F7', label: 'F7', action: 'step' },
  { code: 'F8', label: 'F8 (hold)', action: 'fastForwardHold' },
  { code: 'F8', shift: true, label: 'Shift+F8', action: 'fastForwardToggle' },
  { code: 'F9', label: 'F9', action: 'fullscreen' },
];

export class KeyboardInput {
  private readonly held = new Set<string>();

  constructor(
    private readonly target: HTMLElement,
    /** A key went down or up (`code`), and the keys held now. Called once per change, in order. */
    private readonly onKey: (code: string, down: boolean, held: readonly string[]) => void,
    private readonly onHotkey: (action: string, down: boolean, repeat: boolean) => void,
  ) {}

  start(): void {
    window.addEventListener('keydown', (e) => this.key(e, true));
    window.addEventListener('keyup', (e) => this.key(e, false));
    this.target.addEventListener('blur', () => this.releaseAll());
    window.addEventListener('blur', () => this.releaseAll());
  }

  private key(e: KeyboardEvent, down: boolean): void {
    const hk = HOTKEYS.find((h) => h.code === e.code && (h.action === 'fastForwardHold' ? !e.shiftKey || !down : (h.shift ?? false) === e.shiftKey));
    if (hk !== undefined) {
      e.preventDefault();
      this.onHotkey(hk.action, down, e.repeat);
      return;
    }
    if (document.activeElement !== this.target) return;
    // The machine has focus: the browser must not act on its keys (Space scrolling, Tab moving
    // focus away, Backspace, quick find...). Shift+Escape leaves, so focus is never trapped
    // (plain Escape belongs to the machine: PC programs need it).
    if (e.code === 'Escape' && e.shiftKey && down) {
      this.target.blur();
      return;
    }
    e.preventDefault();
    if (e.repeat) return;
    const had = this.held.has(e.code);
    if (down) this.held.add(e.code);
    else this.held.delete(e.code);
    if (had !== down) this.onKey(e.code, down, [...this.held]);
  }

  releaseAll(): void {
    for (const code of [...this.held]) {
      this.held.delete(code);
      this.onKey(code, false, [...this.held]);
    }
  }
}
