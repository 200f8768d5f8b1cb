/**
 * The page: ties the worker (emulation), the view (PixiJS), sound, input, storage and the controls
 * together. Each concern lives in its own controller over a shared AppContext:
 *   machine-control.ts  picker, start/switch, ROMs          media-control.ts   files, archives, links
 *   states-control.ts   slots, auto save, written media     run-control.ts     pause, speed, hotkeys
 *   input-control.ts    keys, pads, mouse                   view-settings.ts   display and sound panels
 *   messages.ts         the message strip
 * It knows machines only through their definitions, so a machine registered later appears here
 * with no change.
 *
 * Flow: pick a machine (picker, link or last used) → ask for any ROM it cannot run without →
 * start it in the worker with the remembered medium, else its demo → restore the 'auto' state
 * (which brings back what the machine wrote) → run. Every failure a person can cause ends in a
 * message on the page; a stuck worker is timed out and can be restarted.
 */
import type { MachineInfo } from '../../cores/kernel/machine.ts';
import { AudioOutput } from '../audio/audio-output.ts';
import { PixiView, type RendererChoice } from '../render/pixi-view.ts';
import type { KeyValueStore } from '../storage/db.ts';
import type { Settings } from '../storage/settings.ts';
import type { ExportResult, StatsMessage } from '../worker/protocol.ts';
import { AppContext } from './context.ts';
import { download, el } from './dom.ts';
import { InputControl } from './input-control.ts';
import { buildLink } from './link-params.ts';
import { MachineControl } from './machine-control.ts';
import { MediaControl } from './media-control.ts';
import { Messages } from './messages.ts';
import { RunControl } from './run-control.ts';
import { StatesControl } from './states-control.ts';
import { wireViewSettings } from './view-settings.ts';
import { WorkerClient } from './worker-client.ts';

export class App {
  readonly worker = new WorkerClient();
  readonly view: PixiView;
  readonly audio = new AudioOutput();
  readonly ctx: AppContext;
  readonly messages: Messages;
  readonly machinesCtl: MachineControl;
  readonly media: MediaControl;
  readonly states: StatesControl;
  readonly run: RunControl;
  readonly inputs: InputControl;
  private pixelAspect = 1;

  constructor(readonly machines: readonly MachineInfo[], store: KeyValueStore, settings: Settings) {
    this.messages = new Messages();
    this.ctx = new AppContext(this.worker, store, settings, this.messages);
    this.messages.onDismiss = () => this.ctx.focusScreen();
    this.view = new PixiView(el('screen'), { scale: settings.scale, smooth: settings.smooth, scanlines: settings.scanlines });
    this.states = new StatesControl(this.ctx, () => ({ lastFrame: this.view.lastFrame, pixelAspect: this.pixelAspect }), () => this.run.paused);
    this.run = new RunControl(this.ctx, {
      saveSlot: (s) => void this.states.saveSlot(s),
      loadSlot: (s) => void this.states.loadSlot(s),
      onSpeedChange: () => this.updateLink(),
    });
    this.inputs = new InputControl(this.ctx, (a, down, rep) => this.run.hotkey(a, down, rep));
    this.machinesCtl = new MachineControl(this.ctx, machines, {
      audio: this.audio,
      autoSave: () => this.states.autoSave(),
      restoreAuto: () => this.states.loadSlot('auto', true),
      insertWrittenCopy: () => this.states.insertWrittenCopy(),
      run: this.run,
      sendInput: () => this.inputs.send(),
      afterChange: () => this.afterChange(),
      setOption: (id, v) => void this.setOption(id, v),
      exportMedia: (f) => void this.exportMedia(f),
    });
    this.media = new MediaControl(this.ctx, {
      showPicker: () => this.machinesCtl.showPicker(),
      loadStateBytes: (b, label) => this.states.loadStateBytes(b, label),
      rememberMedium: (id, rec) => this.states.rememberMedium(id, rec),
      afterChange: () => this.machinesCtl.afterMachineChange(),
      warnIfRomNeeded: (kind, name) => this.machinesCtl.warnIfRomNeeded(kind, name),
    });
  }

  async init(renderer: RendererChoice = 'auto'): Promise<void> {
    document.body.dataset.renderer = await this.view.init(renderer);
    await this.audio.init(this.ctx.settings.volume, this.ctx.settings.muted);
    el('sound-status').textContent = this.audio.problem
      ?? `Sound starts after your first click or key press (browsers require it).${this.audio.transport === 'port' ? ' (Without cross-origin isolation the samples travel by message; that works, with a little more delay.)' : ''}`;
    this.worker.onFrame = (f) => {
      this.pixelAspect = f.pixelAspect;
      this.view.setFrame(f.width, f.height, f.pixelAspect, new Uint8Array(f.buffer));
      this.worker.recycle(f.buffer);
    };
    this.worker.onError = (e) => {
      // The machine stopped while running: never auto-save it, and offer a fresh start.
      const c = this.ctx.current;
      if (c !== null) c.faulted = true;
      this.messages.show(e.message, 'error', { label: 'Restart the machine', run: () => void this.restartMachine() });
    };
    this.worker.onHang = (what) => {
      const c = this.ctx.current;
      if (c !== null) c.faulted = true;
      this.messages.show(`The machine stopped answering (${what}). It may be stuck in a loop, or the emulation thread failed.`, 'error',
        { label: 'Restart the machine', run: () => void this.restartMachine(true) });
    };
    this.inputs.init();
    this.run.init();
    this.states.init();
    this.media.init();
    this.machinesCtl.init();
    wireViewSettings(this.ctx, this.view, this.audio);
    el<HTMLFormElement>('type-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const t = el<HTMLInputElement>('type-text');
      if (t.value === '' || this.ctx.current === null) return;
      // Machines type one key combination every few emulated frames (KeyScript), as a person would.
      this.worker.command({ t: 'type', text: t.value }).then(() => { t.value = ''; this.ctx.focusScreen(); }, (err) => this.messages.error(err));
    });
    const frame = () => { this.view.render(); requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    this.machinesCtl.afterMachineChange();
  }

  /** Start the current machine afresh (a new worker if it was stuck), from its last good auto state. */
  async restartMachine(newWorker = false): Promise<void> {
    const c = this.ctx.current;
    if (c === null) return;
    if (newWorker) this.worker.restart();
    this.ctx.current = null;
    await this.machinesCtl.switchMachine(c.def.id, {});
  }

  private afterChange(): void {
    this.inputs.renderPadMap(this.ctx.current?.def ?? null);
    this.updateLink();
    void this.states.refresh();
    const def = this.ctx.current?.def;
    const url = new URL(location.href);
    if (def !== undefined && url.searchParams.get('machine') !== def.id) {
      url.search = '';
      url.searchParams.set('machine', def.id);
      history.replaceState(null, '', url);
    }
  }

  /** Remember an option for this machine (settings store) and apply it to the running machine. */
  private async setOption(id: string, value: boolean): Promise<void> {
    const c = this.ctx.current;
    if (c === null) return;
    const s = this.ctx.settings;
    s.machineOptions[c.def.id] = { ...s.machineOptions[c.def.id], [id]: value };
    void this.ctx.persistSettings();
    const label = c.def.options?.find((o) => o.id === id)?.label ?? id;
    try {
      await this.worker.command({ t: 'option', id, value });
      this.messages.show(`${label}: ${value ? 'on' : 'off'}.`, 'info');
    } catch (e) {
      this.messages.error(e);
    }
  }

  /** Write the running machine in an export format and download it, named after the medium. */
  async exportMedia(format: string): Promise<void> {
    const c = this.ctx.current;
    if (c === null) return;
    const exp = c.def.exports?.find((e) => e.format === format);
    if (exp === undefined) return;
    try {
      const r = await this.worker.command<ExportResult>({ t: 'export', format });
      const base = c.media && !c.media.isDefault ? c.media.name.replace(/\.[^.]*$/, '') : c.def.id;
      const name = `${base}.${exp.extension}`;
      download(r.bytes, name);
      this.messages.show(`Exported ${name} (${exp.label}).`, 'info');
    } catch (e) {
      this.messages.error(e);
    }
  }

  private updateLink(): void {
    const c = this.ctx.current;
    const box = el<HTMLInputElement>('share-link');
    box.value = c === null ? '' : buildLink(location.origin + location.pathname, { machine: c.def.id, speed: this.run.speed });
  }

  // ---- used by main.ts and the tests --------------------------------------------------------

  showPicker(): void { this.machinesCtl.showPicker(); }
  switchMachine(id: string, opts: Parameters<MachineControl['switchMachine']>[1] = {}): Promise<boolean> { return this.machinesCtl.switchMachine(id, opts); }
  loadUrl(url: string, what: 'media' | 'state'): Promise<void> { return this.media.loadUrl(url, what); }
  showMessage(text: string, kind: 'error' | 'info' = 'error'): void { this.messages.show(text, kind); }

  /** What the page is sending the machine now (for tests). */
  get input(): { keys: string[]; pads: number[] } {
    const s = this.inputs.state;
    return { keys: s.keys, pads: s.pads };
  }

  get stats(): StatsMessage | null {
    return this.run.stats;
  }
}
