/**
 * The page: ties the worker (emulation), the view (PixiJS), sound (Howler + AudioWorklet), input
 * (keyboard, gamepads), storage (IndexedDB) and the controls together. It knows machines only
 * through their MachineDef, so a machine registered later appears here with no change.
 *
 * Flow: pick a machine (picker, link or last used) → ask for any ROM it cannot run without →
 * start it in the worker with the remembered medium, else its demo → restore the 'auto' state if
 * we had left it running → run. Every failure a person can cause ends in a message on the page.
 */
import type { MachineDef } from '../../cores/kernel/machine.ts';
import { UnsupportedFormatError } from '../../cores/kernel/errors.ts';
import { type ZipEntry, readEntry, unpackArchive } from '../../cores/kernel/archive/index.ts';
import { sha1Hex } from '../../cores/kernel/sha1.ts';
import { AudioOutput } from '../audio/audio-output.ts';
import { GamepadInput } from '../input/gamepad.ts';
import { KeyboardInput } from '../input/keyboard.ts';
import { PixiView } from '../render/pixi-view.ts';
import { type KeyValueStore, type MediaRecord, type RomRecord, type StateRecord, romKey, stateKey, statePrefix } from '../storage/db.ts';
import { type Settings, saveSettings } from '../storage/settings.ts';
import type { ExportResult, MediaFile, MediaResult, SaveResult, StartResult, StatsMessage } from '../worker/protocol.ts';
import { download, el, h, readFileBytes } from './dom.ts';
import { FetchError, fetchFile } from './fetch-file.ts';
import { buildLink } from './link-params.ts';
import { acceptAttribute, formatSpeed, mediaExtensions, romRequest } from './machine-info.ts';
import { renderExports, renderMachineOptions } from './machine-panel.ts';
import { renderKeyHelp, renderPadMap, renderPicker, renderRomList } from './panels.ts';
import { AUTO_SLOT, renderSlots } from './states-panel.ts';
import { makeThumbnail } from './thumbnail.ts';
import { WorkerClient, WorkerError } from './worker-client.ts';

const STATE_EXTENSIONS = ['amstate'];

interface Current {
  def: MachineDef;
  started: StartResult;
  /** The medium in the machine: bytes kept so a restart (new ROM) can re-insert it. */
  media: (MediaFile & { sha1: string; isDefault: boolean }) | null;
}

export class App {
  readonly worker = new WorkerClient();
  readonly view: PixiView;
  readonly audio = new AudioOutput();
  private keyboard: KeyboardInput;
  private gamepad: GamepadInput;
  private current: Current | null = null;
  private keys: readonly string[] = [];
  private pads: readonly number[] = [0, 0, 0, 0];
  private paused = false;
  private ffHeld = false;
  private ffToggled = false;
  private speed = 1;
  private lastStats: StatsMessage | null = null;
  private pixelAspect = 1;
  private messageTimer: ReturnType<typeof setTimeout> | null = null;
  /** Serialises machine starts and media loads so two clicks cannot interleave. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly machines: readonly MachineDef[],
    private readonly store: KeyValueStore,
    private readonly settings: Settings,
  ) {
    this.view = new PixiView(el('screen'), { scale: settings.scale, smooth: settings.smooth, scanlines: settings.scanlines });
    this.keyboard = new KeyboardInput(el('screen'), (k) => { this.keys = k; this.sendInput(); }, (a, down, rep) => this.hotkey(a, down, rep));
    this.gamepad = new GamepadInput(() => this.settings.padMap, (p) => { this.pads = p; this.sendInput(); }, (n, name) => {
      el('pad-status').textContent = n === 0 ? 'No gamepad connected. Press a button on one to connect it.' : `${n} gamepad(s) connected${name ? `: ${name}` : ''}.`;
    });
  }

  async init(): Promise<void> {
    const renderer = await this.view.init();
    document.body.dataset.renderer = renderer;
    await this.audio.init(this.settings.volume, this.settings.muted);
    el('sound-status').textContent = this.audio.problem ?? 'Sound starts after your first click or key press (browsers require it).';
    this.worker.onFrame = (f) => {
      this.pixelAspect = f.pixelAspect;
      this.view.setFrame(f.width, f.height, f.pixelAspect, new Uint8Array(f.buffer));
      this.worker.recycle(f.buffer);
    };
    this.worker.onStats = (s) => this.showStats(s);
    this.worker.onError = (e) => this.showMessage(e.message);
    this.keyboard.start();
    this.gamepad.start();
    this.wireControls();
    const frame = () => { this.view.render(); requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    // The 'auto' slot: written when the tab is hidden and once a minute, so a crash, a closed tab
    // or a machine switch loses at most a minute.
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') void this.autoSave(); });
    setInterval(() => { if (!this.paused) void this.autoSave(); }, 60_000);
    renderPicker(el('picker-list'), this.machines, (id) => {
      const d = el<HTMLDialogElement>('picker');
      d.onclose = null;
      d.close();
      void this.switchMachine(id);
    });
    renderKeyHelp(el('key-help'), null);
  }

  // ---- machines ---------------------------------------------------------------------------

  showPicker(): void {
    const d = el<HTMLDialogElement>('picker');
    if (!d.open) d.showModal();
    d.onclose = () => { if (this.current === null) this.showMessage('Choose a machine with the Machines button to start.', 'info'); };
  }

  /** Switch to a machine; the running one is saved to its 'auto' slot first, so nothing is lost. */
  switchMachine(id: string, opts: { media?: MediaFile | null; speed?: number | null } = {}): Promise<boolean> {
    return this.serial(async () => {
      const def = this.machines.find((m) => m.id === id);
      if (def === undefined) {
        this.showMessage(`There is no machine "${id}" in this version. Choose one from the list.`);
        this.showPicker();
        return false;
      }
      await this.autoSave();
      let media = opts.media ?? null;
      let restoreAuto = false;
      if (opts.media === undefined) {
        const rec = await this.safeGet<MediaRecord>('media', def.id);
        if (rec !== undefined) media = { name: rec.name, bytes: rec.bytes, key: rec.sha1 };
        restoreAuto = true;
      }
      if (opts.speed !== undefined && opts.speed !== null) this.setSpeed(opts.speed);
      const ok = await this.start(def, media, true);
      if (ok && restoreAuto) await this.loadSlot(AUTO_SLOT, true);
      // Ready to play: the machine's keys work at once (the hint shows until it has focus).
      if (ok && document.querySelector('dialog[open]') === null) el('screen').focus();
      return ok;
    });
  }

  private async start(def: MachineDef, media: MediaFile | null, useDefault: boolean): Promise<boolean> {
    const roms: Record<string, Uint8Array> = {};
    for (const slot of def.roms) {
      const rec = await this.safeGet<RomRecord>('roms', romKey(def.id, slot.slot));
      if (rec !== undefined) roms[slot.slot] = rec.bytes;
      else if (slot.fallback === undefined) {
        const got = await this.askForRom(def, slot.slot);
        if (got === null) {
          this.showMessage(`${def.title} cannot start without its ${slot.label} (${slot.fileName}).`);
          return false;
        }
        roms[slot.slot] = got;
      }
    }
    this.setProgress(`Starting ${def.title}…`, null);
    try {
      const started = await this.worker.command<StartResult>({
        t: 'start',
        req: {
          machineId: def.id, roms, media, useDefault, audioRate: this.audio.sampleRate, audioBuffer: this.audio.buffer, speed: this.speed,
          options: { ...this.settings.machineOptions[def.id] },
        },
      });
      let cur: Current['media'] = null;
      if (started.media !== null) {
        cur = started.media.isDefault
          ? { name: started.media.name, bytes: def.defaultProgram!.load(), sha1: started.media.sha1, isDefault: true }
          : { ...media!, sha1: media!.key ?? started.media.sha1, isDefault: false };
      }
      this.current = { def, started, media: cur };
      this.worker.control({ paused: this.paused, fastForward: this.ffHeld || this.ffToggled });
      this.sendInput();
      this.settings.lastMachine = def.id;
      void this.persistSettings();
      this.afterMachineChange();
      const notes = [...started.warnings];
      if (started.mediaError !== null) this.showMessage(started.mediaError.message);
      else if (notes.length > 0) this.showMessage(notes.join(' '), 'info');
      else this.clearMessage();
      return true;
    } catch (e) {
      this.showError(e);
      return false;
    } finally {
      this.setProgress(null, null);
    }
  }

  private afterMachineChange(): void {
    const c = this.current;
    const def = c?.def ?? null;
    const title = def === null ? 'No machine' : def.title + (c?.media && !c.media.isDefault ? ` — ${c.media.name}` : '');
    el('machine-title').textContent = title;
    el('machine-title').title = title;
    document.title = def === null ? 'Amalgam' : `${title} · Amalgam`;
    el<HTMLInputElement>('file-input').accept = def === null ? '' : acceptAttribute(def);
    renderKeyHelp(el('key-help'), def);
    renderPadMap(el('pad-map'), def, this.settings.padMap, (name, button) => {
      this.settings.padMap[name] = button;
      void this.persistSettings();
    }, () => this.gamepad.nextButton());
    renderRomList(el('rom-list'), def, c?.started ?? null, (slot) => void this.replaceRom(slot));
    renderMachineOptions(el('machine-options'), def, def === null ? undefined : this.settings.machineOptions[def.id], (id, v) => void this.setOption(id, v));
    renderExports(el('machine-exports'), def, (format) => void this.exportMedia(format));
    this.updateLink();
    void this.refreshSlots();
    const url = new URL(location.href);
    if (def !== null && url.searchParams.get('machine') !== def.id) {
      url.search = '';
      url.searchParams.set('machine', def.id);
      history.replaceState(null, '', url);
    }
  }

  /** Ask for a ROM the machine cannot run without; resolves with its bytes, or null if cancelled. */
  private askForRom(def: MachineDef, slotName: string): Promise<Uint8Array | null> {
    const slot = def.roms.find((r) => r.slot === slotName)!;
    const dlg = el<HTMLDialogElement>('rom-dialog');
    const input = el<HTMLInputElement>('rom-dialog-input');
    el('rom-dialog-text').textContent = romRequest(def, slot);
    el('rom-dialog-error').textContent = '';
    return new Promise((resolve) => {
      let done = false;
      const finish = (v: Uint8Array | null) => { if (!done) { done = true; input.onchange = null; dlg.onclose = null; dlg.close(); resolve(v); } };
      input.value = '';
      input.onchange = async () => {
        const f = input.files?.[0];
        if (f === undefined) return;
        const bytes = await this.unpackRom(f.name, await readFileBytes(f), slot.size);
        if (bytes === null) return;
        if (bytes.length !== slot.size) {
          el('rom-dialog-error').textContent = `${f.name} is ${bytes.length} bytes; the ${slot.label} is ${slot.size} bytes. Choose another file.`;
          return;
        }
        await this.storeRom(def, slot.slot, f.name, bytes);
        finish(bytes);
      };
      dlg.onclose = () => finish(null);
      dlg.showModal();
    });
  }

  /** ROM files may come zipped: take the entry of the right size. */
  private async unpackRom(name: string, bytes: Uint8Array, size: number): Promise<Uint8Array | null> {
    try {
      const u = unpackArchive(name, bytes);
      if (u.kind === 'file') return u.bytes;
      const fit = u.entries.filter((e) => e.size === size);
      return fit.length >= 1 ? fit[0]!.read() : u.entries[0]!.read();
    } catch (e) {
      el('rom-dialog-error').textContent = e instanceof Error ? e.message : String(e);
      this.showError(e);
      return null;
    }
  }

  private async storeRom(def: MachineDef, slot: string, name: string, bytes: Uint8Array): Promise<void> {
    const rec: RomRecord = { name, sha1: sha1Hex(bytes), bytes };
    try { await this.store.put('roms', romKey(def.id, slot), rec); } catch { this.showMessage('The ROM could not be stored in this browser; it will be asked for again next time.', 'info'); }
  }

  /** Load the user's own ROM for a slot (replacing the project's), then restart with the same medium. */
  private async replaceRom(slotName: string): Promise<void> {
    const c = this.current;
    if (c === null) return;
    const input = h('input', { type: 'file' });
    input.addEventListener('change', () => void this.serial(async () => {
      const f = input.files?.[0];
      if (f === undefined) return;
      const slot = c.def.roms.find((r) => r.slot === slotName)!;
      const bytes = await this.unpackRom(f.name, await readFileBytes(f), slot.size);
      if (bytes === null) return;
      if (bytes.length !== slot.size) {
        this.showMessage(`${f.name} is ${bytes.length} bytes; the ${slot.label} must be ${slot.size} bytes.`);
        return;
      }
      await this.storeRom(c.def, slotName, f.name, bytes);
      await this.start(c.def, c.media?.isDefault ? null : c.media, true);
    }));
    input.click();
  }

  // ---- media -------------------------------------------------------------------------------

  /** Load a file the user gave (picker, drop, link): archives unpacked, states recognised. */
  loadFile(name: string, bytes: Uint8Array): Promise<boolean> {
    return this.serial(async () => {
      const c = this.current;
      if (c === null) {
        this.showMessage('Choose a machine first, then load the file.');
        this.showPicker();
        return false;
      }
      try {
        const exts = mediaExtensions(c.def);
        let u = unpackArchive(name, bytes, { accept: [...exts, ...STATE_EXTENSIONS] });
        if (u.kind === 'choose') {
          const entry = await this.chooseEntry(u.archive, u.entries);
          if (entry === null) return false;
          u = { kind: 'file', ...readEntry(entry), from: u.archive };
        }
        const file = { name: u.name, bytes: u.bytes };
        if (STATE_EXTENSIONS.some((e) => file.name.toLowerCase().endsWith('.' + e))) return await this.loadStateBytes(file.bytes, file.name);
        const r = await this.worker.command<MediaResult>({ t: 'media', file });
        c.media = { ...file, sha1: r.sha1, key: r.sha1, isDefault: false };
        const rec: MediaRecord = { name: file.name, sha1: r.sha1, bytes: file.bytes, savedAt: Date.now() };
        try { await this.store.put('media', c.def.id, rec); } catch { /* storage full: it still runs */ }
        this.afterMachineChange();
        this.showMessage(`Loaded ${file.name} (${r.formatName}).`, 'info');
        return true;
      } catch (e) {
        this.showError(e);
        return false;
      }
    });
  }

  private chooseEntry(archive: string, entries: ZipEntry[]): Promise<ZipEntry | null> {
    const dlg = el<HTMLDialogElement>('chooser');
    el('chooser-text').textContent = `${archive} holds several files. Which one should be loaded?`;
    const list = el('chooser-list');
    list.replaceChildren();
    return new Promise((resolve) => {
      let done = false;
      const finish = (e: ZipEntry | null) => { if (!done) { done = true; dlg.onclose = null; dlg.close(); resolve(e); } };
      for (const e of entries) {
        const b = h('button', { type: 'button', text: `${e.name} (${e.size} bytes)` });
        b.addEventListener('click', () => finish(e));
        list.append(b);
      }
      dlg.onclose = () => finish(null);
      dlg.showModal();
    });
  }

  async loadUrl(url: string, what: 'media' | 'state'): Promise<void> {
    try {
      this.setProgress(`Downloading ${url}…`, 0);
      const f = await fetchFile(url, (loaded, total) => this.setProgress(`Downloading ${url}…`, total === null ? null : loaded / total));
      this.setProgress(null, null);
      if (what === 'state') await this.loadStateBytes(f.bytes, f.name);
      else await this.loadFile(f.name, f.bytes);
    } catch (e) {
      this.setProgress(null, null);
      this.showMessage(e instanceof FetchError ? e.message : `Could not load ${url}.`);
    }
  }

  // ---- machine options and exports ---------------------------------------------------------

  /** Remember an option for this machine (settings store) and apply it to the running machine. */
  private async setOption(id: string, value: boolean): Promise<void> {
    const c = this.current;
    if (c === null) return;
    this.settings.machineOptions[c.def.id] = { ...this.settings.machineOptions[c.def.id], [id]: value };
    void this.persistSettings();
    const label = c.def.options?.find((o) => o.id === id)?.label ?? id;
    try {
      await this.worker.command({ t: 'option', id, value });
      this.showMessage(`${label}: ${value ? 'on' : 'off'}.`, 'info');
    } catch (e) {
      this.showError(e);
    }
  }

  /** Write the running machine in an export format and download it, named after the medium. */
  async exportMedia(format: string): Promise<void> {
    const c = this.current;
    if (c === null) return;
    const exp = c.def.exports?.find((e) => e.format === format);
    if (exp === undefined) return;
    try {
      const r = await this.worker.command<ExportResult>({ t: 'export', format });
      const base = c.media && !c.media.isDefault ? c.media.name.replace(/\.[^.]*$/, '') : c.def.id;
      const name = `${base}.${exp.extension}`;
      download(r.bytes, name);
      this.showMessage(`Exported ${name} (${exp.label}).`, 'info');
    } catch (e) {
      this.showError(e);
    }
  }

  // ---- save states -------------------------------------------------------------------------

  private mediaKey(): string {
    return this.current?.media?.sha1 ?? 'none';
  }

  async saveSlot(slot: string, quiet = false): Promise<boolean> {
    const c = this.current;
    if (c === null) return false;
    try {
      const r = await this.worker.command<SaveResult>({ t: 'save' });
      const rec: StateRecord = {
        machineId: c.def.id, mediaKey: this.mediaKey(), slot, bytes: r.bytes,
        thumbnail: await makeThumbnail(this.view.lastFrame, this.pixelAspect),
        savedAt: Date.now(), seconds: r.seconds, mediaName: c.media?.name ?? '',
      };
      await this.store.put('states', stateKey(c.def.id, rec.mediaKey, slot), rec);
      await this.refreshSlots();
      if (!quiet) this.showMessage(`Saved to slot ${slot}.`, 'info');
      return true;
    } catch (e) {
      if (!quiet) this.showError(e);
      return false;
    }
  }

  async loadSlot(slot: string, quiet = false): Promise<boolean> {
    const c = this.current;
    if (c === null) return false;
    const rec = await this.safeGet<StateRecord>('states', stateKey(c.def.id, this.mediaKey(), slot));
    if (rec === undefined) {
      if (!quiet) this.showMessage(`Slot ${slot} is empty.`, 'info');
      return false;
    }
    return this.loadStateBytes(rec.bytes, `slot ${slot}`, quiet);
  }

  private async loadStateBytes(bytes: Uint8Array, label: string, quiet = false): Promise<boolean> {
    try {
      const warnings = await this.worker.command<string[]>({ t: 'load', bytes });
      if (warnings.length > 0) this.showMessage(warnings.join(' '), 'info');
      else if (!quiet) this.showMessage(`Loaded the state from ${label}.`, 'info');
      return true;
    } catch (e) {
      this.showError(e);
      return false;
    }
  }

  /** Save the 'auto' slot and keep any disk the machine wrote to, so a reload loses nothing. */
  private async autoSave(): Promise<void> {
    const c = this.current;
    if (c === null) return;
    await this.saveSlot(AUTO_SLOT, true);
    try {
      const written = await this.worker.command<MediaFile[]>({ t: 'written' });
      const mine = c.media !== null && !c.media.isDefault ? written.find((w) => w.name === c.media!.name) : undefined;
      if (mine !== undefined && c.media !== null) {
        c.media.bytes = mine.bytes;
        const rec: MediaRecord = { name: c.media.name, sha1: c.media.sha1, bytes: mine.bytes, savedAt: Date.now(), written: true };
        await this.store.put('media', c.def.id, rec);
      }
    } catch { /* nothing written, or storage full: the machine still runs */ }
  }

  async downloadState(): Promise<void> {
    const c = this.current;
    if (c === null) return;
    try {
      const r = await this.worker.command<SaveResult>({ t: 'save' });
      const base = (c.media && !c.media.isDefault ? c.media.name.replace(/\.[^.]*$/, '') : c.def.id);
      download(r.bytes, `${base}.amstate`, 'application/json');
    } catch (e) {
      this.showError(e);
    }
  }

  async uploadState(f: File): Promise<void> {
    await this.loadStateBytes(await readFileBytes(f), f.name);
  }

  private async refreshSlots(): Promise<void> {
    const c = this.current;
    const map = new Map<string, StateRecord>();
    if (c !== null) {
      try {
        for (const [, r] of await this.store.list<StateRecord>('states', statePrefix(c.def.id, this.mediaKey()))) map.set(r.slot, r);
      } catch { /* shown as empty */ }
    }
    renderSlots(el('state-slots'), map, (s) => void this.saveSlot(s), (s) => void this.loadSlot(s));
  }

  // ---- speed and controls ------------------------------------------------------------------

  setPaused(p: boolean): void {
    this.paused = p;
    this.worker.control({ paused: p });
    const b = el('pause-btn');
    b.setAttribute('aria-pressed', String(p));
    b.textContent = p ? 'Resume' : 'Pause';
  }

  setSpeed(factor: number): void {
    this.speed = factor;
    this.worker.control({ speed: factor });
    const pct = Math.round(factor * 100);
    el<HTMLInputElement>('speed').value = String(pct);
    el('speed-value').textContent = `${pct}%`;
    this.updateLink();
  }

  private setFastForward(): void {
    const on = this.ffHeld || this.ffToggled;
    this.worker.control({ fastForward: on });
    el('ff-btn').setAttribute('aria-pressed', String(on));
  }

  private hotkey(action: string, down: boolean, repeat: boolean): void {
    if (action === 'fastForwardHold') {
      if (this.ffHeld !== down) { this.ffHeld = down; this.setFastForward(); }
      return;
    }
    if (!down || repeat) return;
    switch (action) {
      case 'quickSave': void this.saveSlot('1'); break;
      case 'quickLoad': void this.loadSlot('1'); break;
      case 'pause': this.setPaused(!this.paused); break;
      case 'step': void this.step(); break;
      case 'fastForwardToggle': this.ffToggled = !this.ffToggled; this.setFastForward(); break;
      case 'fullscreen': this.toggleFullscreen(); break;
    }
  }

  private async step(): Promise<void> {
    if (!this.paused) this.setPaused(true);
    try { await this.worker.command({ t: 'step' }); } catch (e) { this.showError(e); }
  }

  private toggleFullscreen(): void {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void el('screen').requestFullscreen?.().then(() => el('screen').focus()).catch(() => this.showMessage('Fullscreen is not allowed here.', 'info'));
  }

  private showStats(s: StatsMessage): void {
    this.lastStats = s;
    el('speed-readout').textContent = formatSpeed(s.speed, s.fps, s.paused) + (s.fastForward && !s.paused ? ' (fast-forward)' : '');
    el('speed-readout').dataset.speed = String(s.speed);
  }

  /** What the page is sending the machine now (for the key help's users and for tests). */
  get input(): { keys: string[]; pads: number[] } {
    return { keys: [...this.keys], pads: [...this.pads] };
  }

  get stats(): StatsMessage | null {
    return this.lastStats;
  }

  private sendInput(): void {
    this.worker.input(this.keys, this.pads);
  }

  // ---- page wiring -------------------------------------------------------------------------

  private wireControls(): void {
    el('machines-btn').addEventListener('click', () => this.showPicker());
    const fileInput = el<HTMLInputElement>('file-input');
    fileInput.addEventListener('change', async () => {
      const f = fileInput.files?.[0];
      fileInput.value = '';
      if (f !== undefined) await this.loadFile(f.name, await readFileBytes(f));
    });
    el('pause-btn').addEventListener('click', () => this.setPaused(!this.paused));
    el('step-btn').addEventListener('click', () => void this.step());
    el('reset-btn').addEventListener('click', () => void this.worker.command({ t: 'reset' }).catch((e) => this.showError(e)));
    const speed = el<HTMLInputElement>('speed');
    speed.addEventListener('input', () => this.setSpeed(Number(speed.value) / 100));
    el('ff-btn').addEventListener('click', () => { this.ffToggled = !this.ffToggled; this.setFastForward(); });
    el('fullscreen-btn').addEventListener('click', () => this.toggleFullscreen());
    el('message-close').addEventListener('click', () => this.clearMessage());
    el('state-download').addEventListener('click', () => void this.downloadState());
    el<HTMLFormElement>('type-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const t = el<HTMLInputElement>('type-text');
      if (t.value === '' || this.current === null) return;
      // Machines type one key combination every few frames (KeyScript), as a person would.
      this.worker.command({ t: 'type', text: t.value }).then(() => { t.value = ''; el('screen').focus(); }, (err) => this.showError(err));
    });
    const up = el<HTMLInputElement>('state-upload');
    up.addEventListener('change', () => { const f = up.files?.[0]; up.value = ''; if (f) void this.uploadState(f); });
    for (const r of document.querySelectorAll<HTMLInputElement>('input[name="scale"]')) {
      r.checked = r.value === this.settings.scale;
      r.addEventListener('change', () => { if (r.checked) { this.settings.scale = r.value as Settings['scale']; this.applyView(); } });
    }
    const smooth = el<HTMLInputElement>('smooth');
    smooth.checked = this.settings.smooth;
    smooth.addEventListener('change', () => { this.settings.smooth = smooth.checked; this.applyView(); });
    const scan = el<HTMLInputElement>('scanlines');
    scan.checked = this.settings.scanlines;
    scan.addEventListener('change', () => { this.settings.scanlines = scan.checked; this.applyView(); });
    const vol = el<HTMLInputElement>('volume');
    vol.value = String(Math.round(this.settings.volume * 100));
    vol.addEventListener('input', () => { this.settings.volume = Number(vol.value) / 100; this.audio.setVolume(this.settings.volume); void this.persistSettings(); });
    const mute = el<HTMLInputElement>('mute');
    mute.checked = this.settings.muted;
    mute.addEventListener('change', () => { this.settings.muted = mute.checked; this.audio.setMuted(mute.checked); void this.persistSettings(); });
    const screen = el('screen');
    screen.addEventListener('pointerdown', () => screen.focus());
    // Drag and drop anywhere on the page.
    const overlay = el('drop-overlay');
    let depth = 0;
    window.addEventListener('dragenter', (e) => { if (e.dataTransfer?.types.includes('Files')) { depth++; overlay.hidden = false; e.preventDefault(); } });
    window.addEventListener('dragleave', () => { depth = Math.max(0, depth - 1); if (depth === 0) overlay.hidden = true; });
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', async (e) => {
      e.preventDefault();
      depth = 0;
      overlay.hidden = true;
      const f = e.dataTransfer?.files[0];
      if (f !== undefined) await this.loadFile(f.name, await readFileBytes(f));
    });
  }

  private applyView(): void {
    this.view.setOptions({ scale: this.settings.scale, smooth: this.settings.smooth, scanlines: this.settings.scanlines });
    void this.persistSettings();
  }

  private updateLink(): void {
    const c = this.current;
    const box = el<HTMLInputElement>('share-link');
    box.value = c === null ? '' : buildLink(location.origin + location.pathname, { machine: c.def.id, speed: this.speed });
  }

  private async persistSettings(): Promise<void> {
    try { await saveSettings(this.store, this.settings); } catch { /* settings are a convenience */ }
  }

  private async safeGet<T>(store: 'roms' | 'media' | 'states', key: string): Promise<T | undefined> {
    try { return await this.store.get<T>(store, key); } catch { return undefined; }
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.chain.then(f, f);
    this.chain = run.catch(() => undefined);
    return run;
  }

  // ---- messages ----------------------------------------------------------------------------

  showMessage(text: string, kind: 'error' | 'info' = 'error'): void {
    const m = el('message');
    el('message-text').textContent = text;
    m.classList.toggle('info', kind === 'info');
    m.dataset.kind = kind;
    m.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    m.hidden = false;
    // Confirmations fade on their own; errors stay until dismissed or replaced.
    if (this.messageTimer !== null) clearTimeout(this.messageTimer);
    this.messageTimer = kind === 'info' ? setTimeout(() => this.clearMessage(), 8000) : null;
  }

  showError(e: unknown): void {
    if (e instanceof WorkerError || e instanceof UnsupportedFormatError) this.showMessage(e.message);
    else if (e instanceof Error && 'code' in e) this.showMessage(e.message);
    else {
      console.error(e);
      this.showMessage(`Something went wrong: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  clearMessage(): void {
    el('message').hidden = true;
  }

  setProgress(text: string | null, fraction: number | null): void {
    const p = el('progress');
    p.hidden = text === null;
    if (text === null) return;
    el('progress-text').textContent = text;
    const bar = el<HTMLProgressElement>('progress-bar');
    if (fraction === null) bar.removeAttribute('value');
    else bar.value = fraction;
  }
}
