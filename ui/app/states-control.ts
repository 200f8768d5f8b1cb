/**
 * Save states and what the machine wrote, kept so that nothing is lost:
 * - four numbered slots and 'auto', per machine and per original medium, with thumbnails;
 * - the 'auto' slot and the media the machine wrote go to IndexedDB in ONE transaction, so the
 *   state and the media it refers to always agree; written when the machine writes a medium
 *   (debounced), every few seconds while running, when the tab is hidden, on `pagehide` and before
 *   switching machines;
 * - a machine that stopped with an error (a bug, a state that breaks it) is never auto-saved, so a
 *   bad state cannot poison the auto slot for later visits;
 * - written media are filed per machine and per original medium (never over the file the user
 *   gave), listed with a download button each, and put back when no state restores them.
 */
import { type MediaRecord, type StateRecord, type StoreName, type WrittenRecord, stateKey, statePrefix, writtenKey, writtenPrefix } from '../storage/db.ts';
import type { SaveResult } from '../worker/protocol.ts';
import type { AppContext } from './context.ts';
import { download, el, h, readFileBytes } from './dom.ts';
import { AUTO_SLOT, renderSlots } from './states-panel.ts';
import { makeThumbnail } from './thumbnail.ts';

/** Written media as the worker returns them. */
interface WrittenFile { drive?: string; name: string; bytes: Uint8Array }

/** How long after the machine writes a medium the auto save happens (writes often come in bursts). */
export const WRITE_DEBOUNCE_MS = 300;
/** The auto slot is refreshed this often while the machine runs. */
export const AUTO_EVERY_MS = 5_000;

export class StatesControl {
  private writeTimer: ReturnType<typeof setTimeout> | null = null;
  private saving: Promise<void> | null = null;
  /** Written copies listed in the panel, for the download buttons. */
  private written: WrittenRecord[] = [];

  constructor(
    private readonly ctx: AppContext,
    private readonly frame: () => { lastFrame: { width: number; height: number; pixels: Uint8Array } | null; pixelAspect: number },
    private readonly isPaused: () => boolean,
  ) {}

  init(): void {
    el('state-download').addEventListener('click', () => void this.downloadState());
    const up = el<HTMLInputElement>('state-upload');
    up.addEventListener('change', () => { const f = up.files?.[0]; up.value = ''; if (f) void this.uploadState(f); });
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') void this.autoSave(); });
    window.addEventListener('pagehide', () => void this.autoSave());
    setInterval(() => { if (!this.isPaused()) void this.autoSave(); }, AUTO_EVERY_MS);
    this.ctx.worker.onWritten = () => this.writeSoon();
  }

  /** The machine wrote a medium: persist it (with the auto state) shortly. */
  writeSoon(): void {
    if (this.writeTimer !== null) clearTimeout(this.writeTimer);
    this.writeTimer = setTimeout(() => { this.writeTimer = null; void this.autoSave(); }, WRITE_DEBOUNCE_MS);
  }

  private mediaKey(): string {
    return this.ctx.current?.media?.sha1 ?? 'none';
  }

  async saveSlot(slot: string): Promise<boolean> {
    const c = this.ctx.current;
    if (c === null) return false;
    try {
      const rec = await this.stateRecord(slot);
      if (rec === null) return false;
      try {
        await this.ctx.store.put('states', stateKey(c.def.id, rec.mediaKey, slot), rec);
        this.ctx.storageOk('state');
      } catch (e) {
        this.ctx.storageFailed('state', e);
        return false;
      }
      await this.refresh();
      this.ctx.messages.show(`Saved to slot ${slot}.`, 'info');
      return true;
    } catch (e) {
      this.ctx.messages.error(e);
      return false;
    }
  }

  private async stateRecord(slot: string): Promise<StateRecord | null> {
    const c = this.ctx.current;
    if (c === null) return null;
    const r = await this.ctx.worker.command<SaveResult>({ t: 'save' });
    const f = this.frame();
    return {
      machineId: c.def.id, mediaKey: this.mediaKey(), slot, bytes: r.bytes,
      thumbnail: await makeThumbnail(f.lastFrame, f.pixelAspect),
      savedAt: Date.now(), seconds: r.seconds, mediaName: c.media?.name ?? '',
    };
  }

  async loadSlot(slot: string, quiet = false): Promise<boolean> {
    const c = this.ctx.current;
    if (c === null) return false;
    const rec = await this.ctx.get<StateRecord>('states', stateKey(c.def.id, this.mediaKey(), slot));
    if (rec === undefined) {
      if (!quiet) this.ctx.messages.show(`Slot ${slot} is empty.`, 'info');
      return false;
    }
    return this.loadStateBytes(rec.bytes, `slot ${slot}`, quiet);
  }

  async loadStateBytes(bytes: Uint8Array, label: string, quiet = false): Promise<boolean> {
    const c = this.ctx.current;
    try {
      const warnings = await this.ctx.worker.command<string[]>({ t: 'load', bytes });
      if (c !== null) c.faulted = false;
      if (warnings.length > 0) this.ctx.messages.show(warnings.join(' '), 'info');
      else if (!quiet) this.ctx.messages.show(`Loaded the state from ${label}.`, 'info');
      this.ctx.focusScreen();
      return true;
    } catch (e) {
      this.ctx.messages.error(e);
      return false;
    }
  }

  /**
   * Save the 'auto' slot together with every medium the machine wrote, in one transaction. Never
   * for a machine that stopped with an error. Calls overlapping a running save share it.
   */
  autoSave(): Promise<void> {
    if (this.saving !== null) return this.saving;
    this.saving = this.doAutoSave().finally(() => { this.saving = null; });
    return this.saving;
  }

  private async doAutoSave(): Promise<void> {
    const c = this.ctx.current;
    if (c === null || c.faulted) return;
    let rec: StateRecord | null;
    let written: WrittenFile[];
    try {
      rec = await this.stateRecord(AUTO_SLOT);
      written = await this.ctx.worker.command<WrittenFile[]>({ t: 'written' });
    } catch {
      return; // the worker is busy or stuck; the time-out handler says so
    }
    if (rec === null || this.ctx.current !== c || c.faulted) return;
    const entries: [StoreName, string, unknown][] = [['states', stateKey(c.def.id, rec.mediaKey, AUTO_SLOT), rec]];
    const orig = c.media !== null && !c.media.isDefault ? c.media.sha1 : 'none';
    for (const w of written) {
      const wr: WrittenRecord = { machineId: c.def.id, originalSha1: orig, drive: w.drive ?? '', name: w.name, bytes: w.bytes, savedAt: Date.now() };
      entries.push(['written', writtenKey(c.def.id, orig, wr.drive), wr]);
    }
    try {
      await this.ctx.store.putAll(entries);
      this.ctx.storageOk('auto');
    } catch (e) {
      this.ctx.storageFailed('auto', e);
      return;
    }
    if (written.length > 0) void this.refreshWritten();
  }

  /** No state restored the machine's writes: put the newest written copy of the medium back in. */
  async insertWrittenCopy(): Promise<void> {
    const c = this.ctx.current;
    if (c === null || c.media === null || c.media.isDefault) return;
    const list = await this.listWritten();
    const w = list.find((r) => r.name === c.media!.name) ?? list[0];
    if (w === undefined) return;
    try {
      await this.ctx.worker.command({ t: 'media', file: { name: w.name, bytes: w.bytes, key: c.media.sha1 } });
    } catch (e) {
      this.ctx.messages.error(e);
    }
  }

  private async listWritten(): Promise<WrittenRecord[]> {
    const c = this.ctx.current;
    if (c === null) return [];
    const orig = c.media !== null && !c.media.isDefault ? c.media.sha1 : 'none';
    try {
      return (await this.ctx.store.list<WrittenRecord>('written', writtenPrefix(c.def.id, orig))).map(([, r]) => r);
    } catch (e) {
      this.ctx.storageFailed('read-written', e);
      return [];
    }
  }

  async downloadState(): Promise<void> {
    const c = this.ctx.current;
    if (c === null) return;
    try {
      const r = await this.ctx.worker.command<SaveResult>({ t: 'save' });
      const base = (c.media && !c.media.isDefault ? c.media.name.replace(/\.[^.]*$/, '') : c.def.id);
      download(r.bytes, `${base}.amstate`, 'application/json');
    } catch (e) {
      this.ctx.messages.error(e);
    }
  }

  async uploadState(f: File): Promise<void> {
    await this.loadStateBytes(await readFileBytes(f), f.name);
  }

  /** Redraw the slots and the written media of the running machine and medium. */
  async refresh(): Promise<void> {
    const c = this.ctx.current;
    const map = new Map<string, StateRecord>();
    if (c !== null) {
      try {
        for (const [, r] of await this.ctx.store.list<StateRecord>('states', statePrefix(c.def.id, this.mediaKey()))) map.set(r.slot, r);
      } catch (e) { this.ctx.storageFailed('read-states', e); }
    }
    renderSlots(el('state-slots'), map, (s) => void this.saveSlot(s), (s) => void this.loadSlot(s));
    await this.refreshWritten();
  }

  private async refreshWritten(): Promise<void> {
    this.written = await this.listWritten();
    const box = el('written-media');
    box.replaceChildren();
    if (this.written.length === 0) {
      box.append(h('p', { class: 'hint', text: 'Nothing written yet. Tapes and disks the machine writes to are kept here, per medium.' }));
      return;
    }
    for (const w of this.written) {
      const b = h('button', { type: 'button', text: `Download ${w.name}`, 'data-written': w.drive || w.name });
      b.addEventListener('click', () => download(w.bytes, w.name));
      box.append(h('div', { class: 'row' },
        h('span', { text: `${w.drive ? w.drive + ' ' : ''}${w.name} (${w.bytes.length} bytes, written ${new Date(w.savedAt).toLocaleTimeString()})` }), b));
    }
  }

  /** The remembered medium per machine: the file as the user gave it. */
  async rememberMedium(machineId: string, rec: MediaRecord): Promise<void> {
    try { await this.ctx.store.put('media', machineId, rec); this.ctx.storageOk('media'); } catch (e) { this.ctx.storageFailed('media', e); }
  }
}
