/**
 * Running the machine: pause, frame step, speed (kept in settings, so a reload comes back at the
 * same speed), fast-forward (held or toggled), reset, fullscreen, the host hotkeys, and the speed
 * read-out from the worker's stats.
 */
import type { StatsMessage } from '../worker/protocol.ts';
import type { AppContext } from './context.ts';
import { el } from './dom.ts';
import { formatSpeed } from './machine-info.ts';

export interface RunHooks {
  saveSlot(slot: string): void;
  loadSlot(slot: string): void;
  onSpeedChange(): void;
}

export class RunControl {
  paused = false;
  speed = 1;
  private ffHeld = false;
  private ffToggled = false;
  stats: StatsMessage | null = null;

  constructor(private readonly ctx: AppContext, private readonly hooks: RunHooks) {
    this.speed = ctx.settings.speed;
  }

  get fastForward(): boolean {
    return this.ffHeld || this.ffToggled;
  }

  init(): void {
    el('pause-btn').addEventListener('click', () => this.setPaused(!this.paused));
    el('step-btn').addEventListener('click', () => void this.step());
    el('reset-btn').addEventListener('click', () => {
      this.ctx.worker.command({ t: 'reset' }).then(() => this.ctx.focusScreen(), (e) => this.ctx.messages.error(e));
    });
    const speed = el<HTMLInputElement>('speed');
    speed.addEventListener('input', () => this.setSpeed(Number(speed.value) / 100));
    el('ff-btn').addEventListener('click', () => { this.ffToggled = !this.ffToggled; this.sendFastForward(); });
    el('fullscreen-btn').addEventListener('click', () => this.toggleFullscreen());
    this.showSpeed();
    this.ctx.worker.onStats = (s) => this.showStats(s);
  }

  setPaused(p: boolean): void {
    this.paused = p;
    this.ctx.worker.control({ paused: p });
    const b = el('pause-btn');
    b.setAttribute('aria-pressed', String(p));
    b.textContent = p ? 'Resume' : 'Pause';
  }

  setSpeed(factor: number): void {
    this.speed = factor;
    this.ctx.worker.control({ speed: factor });
    this.showSpeed();
    if (this.ctx.settings.speed !== factor) {
      this.ctx.settings.speed = factor;
      void this.ctx.persistSettings();
    }
    this.hooks.onSpeedChange();
  }

  private showSpeed(): void {
    const pct = Math.round(this.speed * 100);
    el<HTMLInputElement>('speed').value = String(pct);
    el('speed-value').textContent = `${pct}%`;
  }

  private sendFastForward(): void {
    const on = this.fastForward;
    this.ctx.worker.control({ fastForward: on });
    el('ff-btn').setAttribute('aria-pressed', String(on));
  }

  hotkey(action: string, down: boolean, repeat: boolean): void {
    if (action === 'fastForwardHold') {
      if (this.ffHeld !== down) { this.ffHeld = down; this.sendFastForward(); }
      return;
    }
    if (!down || repeat) return;
    switch (action) {
      case 'quickSave': this.hooks.saveSlot('1'); break;
      case 'quickLoad': this.hooks.loadSlot('1'); break;
      case 'pause': this.setPaused(!this.paused); break;
      case 'step': void this.step(); break;
      case 'fastForwardToggle': this.ffToggled = !this.ffToggled; this.sendFastForward(); break;
      case 'fullscreen': this.toggleFullscreen(); break;
    }
  }

  async step(): Promise<void> {
    if (!this.paused) this.setPaused(true);
    try { await this.ctx.worker.command({ t: 'step' }); } catch (e) { this.ctx.messages.error(e); }
  }

  private toggleFullscreen(): void {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void el('screen').requestFullscreen?.().then(() => el('screen').focus()).catch(() => this.ctx.messages.show('Fullscreen is not allowed here.', 'info'));
  }

  private showStats(s: StatsMessage): void {
    this.stats = s;
    el('speed-readout').textContent = formatSpeed(s.speed, s.fps, s.paused) + (s.fastForward && !s.paused ? ' (fast-forward)' : '');
    el('speed-readout').dataset.speed = String(s.speed);
  }
}
