/**
 * Input from the page to the machine: keyboard (held keys plus every down/up event in order,
 * KERNEL §4), gamepads (joystick bits and the left stick as analog axes), and a mouse with pointer
 * lock for machines that declare one (click the screen to capture it; Esc releases it, as every
 * browser does for pointer lock). Mouse motion is summed and sent at most once per animation frame.
 */
import type { MachineInfo } from '../../cores/kernel/machine.ts';
import { GamepadInput } from '../input/gamepad.ts';
import { KeyboardInput } from '../input/keyboard.ts';
import type { KeyEvent } from '../worker/protocol.ts';
import type { AppContext } from './context.ts';
import { el } from './dom.ts';
import { renderPadMap } from './panels.ts';

/** What a machine says about its input (MachineInfo.inputs, KERNEL §4), with the defaults filled in. */
export function inputCaps(def: MachineInfo | null): { keyboard: 'matrix' | 'events'; mouse: boolean; analog: boolean } {
  const i = def?.inputs;
  return { keyboard: i?.keyboard ?? 'matrix', mouse: i?.mouse === true, analog: i?.analog === true };
}

export class InputControl {
  private keys: readonly string[] = [];
  private pads: readonly number[] = [0, 0, 0, 0];
  private axes: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
  private events: KeyEvent[] = [];
  private dx = 0;
  private dy = 0;
  private buttons = 0;
  private mouseQueued = false;
  private readonly keyboard: KeyboardInput;
  readonly gamepad: GamepadInput;
  /** Every key event sent, for tests (bounded). */
  readonly sentEvents: KeyEvent[] = [];

  constructor(private readonly ctx: AppContext, onHotkey: (action: string, down: boolean, repeat: boolean) => void) {
    const screen = el('screen');
    this.keyboard = new KeyboardInput(screen, (code, down, held) => {
      this.keys = held;
      this.events.push({ code, down });
      this.send();
    }, onHotkey);
    this.gamepad = new GamepadInput(() => ctx.settings.padMap, (p, axes) => {
      this.pads = p;
      this.axes = axes.map((a) => [a[0], a[1]]);
      this.send();
    }, (n, name) => {
      el('pad-status').textContent = n === 0 ? 'No gamepad connected. Press a button on one to connect it.' : `${n} gamepad(s) connected${name ? `: ${name}` : ''}.`;
    });
  }

  init(): void {
    this.keyboard.start();
    this.gamepad.start();
    const screen = el('screen');
    screen.addEventListener('pointerdown', (e) => {
      screen.focus();
      if (this.wantsMouse() && document.pointerLockElement !== screen) {
        // The first click only captures the mouse; it is not a click in the machine.
        void (screen.requestPointerLock() as unknown as Promise<void> | undefined)?.catch?.(() => {});
        e.preventDefault();
        return;
      }
      if (document.pointerLockElement === screen) this.setButtons(this.buttons | buttonBit(e.button));
    });
    window.addEventListener('pointerup', (e) => {
      if (document.pointerLockElement === screen) this.setButtons(this.buttons & ~buttonBit(e.button));
    });
    document.addEventListener('mousemove', (e) => {
      if (document.pointerLockElement !== screen) return;
      this.dx += e.movementX;
      this.dy += e.movementY;
      this.queueMouse();
    });
    document.addEventListener('pointerlockchange', () => {
      const locked = document.pointerLockElement === screen;
      document.body.dataset.pointerLock = String(locked);
      if (!locked && this.buttons !== 0) this.setButtons(0);
    });
    screen.addEventListener('contextmenu', (e) => { if (document.pointerLockElement === screen) e.preventDefault(); });
  }

  private wantsMouse(): boolean {
    return inputCaps(this.ctx.current?.def ?? null).mouse;
  }

  private setButtons(b: number): void {
    this.buttons = b;
    this.send();
  }

  private queueMouse(): void {
    if (this.mouseQueued) return;
    this.mouseQueued = true;
    requestAnimationFrame(() => { this.mouseQueued = false; this.send(); });
  }

  /** Send what changed: held keys, queued key events, pads, axes, mouse motion since last time. */
  send(): void {
    const events = this.events;
    this.events = [];
    for (const e of events) { this.sentEvents.push(e); if (this.sentEvents.length > 256) this.sentEvents.shift(); }
    this.ctx.worker.input({
      keys: [...this.keys], events, pads: [...this.pads], axes: this.axes.map((a) => [a[0], a[1]]),
      mouse: { dx: this.dx, dy: this.dy, buttons: this.buttons },
    });
    this.dx = 0;
    this.dy = 0;
  }

  renderPadMap(def: MachineInfo | null): void {
    renderPadMap(el('pad-map'), def, this.ctx.settings.padMap, (name, button) => {
      this.ctx.settings.padMap[name] = button;
      void this.ctx.persistSettings();
    }, () => this.gamepad.nextButton());
  }

  /** What the page is sending the machine now (for tests). */
  get state(): { keys: string[]; pads: number[]; axes: [number, number][]; mouseButtons: number } {
    return { keys: [...this.keys], pads: [...this.pads], axes: this.axes.map((a) => [a[0], a[1]]), mouseButtons: this.buttons };
  }
}

function buttonBit(button: number): number {
  // DOM: 0 left, 1 middle, 2 right. KERNEL §4: bit 0 left, bit 1 right, bit 2 middle.
  return button === 0 ? 1 : button === 2 ? 2 : button === 1 ? 4 : 0;
}
