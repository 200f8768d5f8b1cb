/**
 * Choosing and starting machines: the picker, switching (the running machine is auto-saved
 * first), asking for a ROM the machine cannot run without, replacing a ROM, and starting the
 * machine in the worker with the remembered medium, its options and the speed. After a start the
 * machine-dependent panels are rebuilt from the definition (MachineInfo only, never a name).
 */
import type { MachineInfo } from '../../cores/kernel/machine.ts';
import { unpackArchive } from '../../cores/kernel/archive/index.ts';
import { sha1Hex } from '../../cores/kernel/sha1.ts';
import type { AudioOutput } from '../audio/audio-output.ts';
import { type MediaRecord, type RomRecord, romKey } from '../storage/db.ts';
import type { MediaFile, StartResult } from '../worker/protocol.ts';
import type { AppContext, CurrentMedia } from './context.ts';
import { el, h, readFileBytes } from './dom.ts';
import { acceptAttribute, romRequest, romSizeOk, romSizes } from './machine-info.ts';
import { renderExports, renderMachineOptions } from './machine-panel.ts';
import { renderKeyHelp, renderPicker, renderRomList } from './panels.ts';

/** What the machine controller needs from the others. */
export interface MachineHooks {
  audio: AudioOutput;
  /** Save the running machine's 'auto' slot (and its written media). */
  autoSave(): Promise<void>;
  /** Restore the 'auto' slot; false when there is none or it was refused. */
  restoreAuto(): Promise<boolean>;
  /** Put the machine's last written copy of the medium back in, when no state restored it. */
  insertWrittenCopy(): Promise<void>;
  /** The run controls' state, sent with every start. */
  run: { readonly speed: number; readonly paused: boolean; readonly fastForward: boolean; setSpeed(f: number): void };
  sendInput(): void;
  /** Rebuild what depends on the machine (slots, drives, pad map, link). */
  afterChange(): void;
  setOption(id: string, v: boolean): void;
  exportMedia(format: string): void;
}

export class MachineControl {
  constructor(
    private readonly ctx: AppContext,
    readonly machines: readonly MachineInfo[],
    private readonly hooks: MachineHooks,
  ) {}

  init(): void {
    renderPicker(el('picker-list'), this.machines, (id) => {
      const d = el<HTMLDialogElement>('picker');
      d.onclose = null;
      d.close();
      void this.switchMachine(id);
    });
    el('machines-btn').addEventListener('click', () => this.showPicker());
  }

  showPicker(): void {
    const d = el<HTMLDialogElement>('picker');
    if (!d.open) d.showModal();
    d.onclose = () => {
      if (this.ctx.current === null) this.ctx.messages.show('Choose a machine with the Machines button to start.', 'info');
      else this.ctx.focusScreen();
    };
  }

  /** Switch to a machine; the running one is saved to its 'auto' slot first, so nothing is lost. */
  switchMachine(id: string, opts: { media?: MediaFile | null; speed?: number | null } = {}): Promise<boolean> {
    return this.ctx.serial(async () => {
      const def = this.machines.find((m) => m.id === id);
      if (def === undefined) {
        this.ctx.messages.show(`There is no machine "${id}" in this version. Choose one from the list.`);
        this.showPicker();
        return false;
      }
      await this.hooks.autoSave();
      let media = opts.media ?? null;
      let restore = false;
      if (opts.media === undefined) {
        // The remembered medium as the user gave it; its auto state brings back what the machine wrote.
        const rec = await this.ctx.get<MediaRecord>('media', def.id);
        if (rec !== undefined) media = { name: rec.name, bytes: rec.bytes, key: rec.sha1 };
        restore = true;
      }
      if (opts.speed !== undefined && opts.speed !== null) this.hooks.run.setSpeed(opts.speed);
      const ok = await this.start(def, media, true);
      if (ok && restore && !(await this.hooks.restoreAuto())) await this.hooks.insertWrittenCopy();
      if (ok) this.ctx.focusScreen();
      return ok;
    });
  }

  /** Start `def` in the worker. Not serialised: callers hold the queue. */
  async start(def: MachineInfo, media: MediaFile | null, useDefault: boolean): Promise<boolean> {
    const ctx = this.ctx;
    const roms: Record<string, Uint8Array> = {};
    for (const slot of def.roms) {
      const rec = await ctx.get<RomRecord>('roms', romKey(def.id, slot.slot));
      if (rec !== undefined) roms[slot.slot] = rec.bytes;
      else if (!slot.builtIn) {
        const got = await this.askForRom(def, slot.slot);
        if (got === null) {
          ctx.messages.show(`${def.title} cannot start without its ${slot.label} (${slot.fileName}).`);
          return false;
        }
        roms[slot.slot] = got;
      }
    }
    ctx.messages.progress(`Starting ${def.title}…`, null);
    try {
      const audio = this.hooks.audio.forStart();
      const started = await ctx.worker.command<StartResult>({
        t: 'start',
        req: {
          machineId: def.id, roms, media, useDefault, audioRate: this.hooks.audio.sampleRate,
          audioBuffer: audio.buffer, audioPort: audio.port, speed: this.hooks.run.speed,
          options: { ...ctx.settings.machineOptions[def.id] },
          config: { ...ctx.settings.machineConfig[def.id] },
        },
      }, audio.port !== null ? [audio.port] : []);
      let cur: CurrentMedia | null = null;
      if (started.media !== null) {
        cur = started.media.isDefault
          ? { name: started.media.name, bytes: new Uint8Array(0), sha1: started.media.sha1, isDefault: true }
          : { name: media!.name, bytes: media!.bytes, sha1: media!.key ?? started.media.sha1, isDefault: false };
      }
      ctx.current = { def, started, media: cur, faulted: false };
      ctx.worker.control({ paused: this.hooks.run.paused, fastForward: this.hooks.run.fastForward });
      this.hooks.sendInput();
      ctx.settings.lastMachine = def.id;
      void ctx.persistSettings();
      this.afterMachineChange();
      if (started.mediaError !== null) ctx.messages.show(started.mediaError.message);
      else if (started.warnings.length > 0) ctx.messages.show(started.warnings.join(' '), 'info');
      else ctx.messages.clearInfo();
      if (cur !== null && !cur.isDefault && started.mediaKind !== undefined) this.warnIfRomNeeded(started.mediaKind, cur.name);
      return true;
    } catch (e) {
      ctx.messages.error(e);
      return false;
    } finally {
      ctx.messages.progress(null, null);
    }
  }

  /**
   * Media other than snapshots usually need the machine's real ROM (a tape needs the ROM's loader);
   * when the project's replacement stands in, say so at once, with the button that asks for it.
   */
  warnIfRomNeeded(kind: string, name: string): void {
    const c = this.ctx.current;
    if (c === null || kind === 'snapshot') return;
    const slot = c.def.roms.find((r) => c.started.roms.some((i) => i.slot === r.slot && i.fallback));
    if (slot === undefined) return;
    this.ctx.messages.show(
      `${name} probably needs the ${slot.label} (${slot.fileName}): the project's replacement ROM runs snapshots and the demo only, ` +
      'so nothing will happen until you give it.',
      'error', { label: `Give the ${slot.label}…`, run: () => void this.replaceRom(slot.slot) },
    );
  }

  afterMachineChange(): void {
    const c = this.ctx.current;
    const def = c?.def ?? null;
    const title = def === null ? 'No machine' : def.title + (c?.media && !c.media.isDefault ? ` — ${c.media.name}` : '');
    el('machine-title').textContent = title;
    el('machine-title').title = title;
    document.title = def === null ? 'Amalgam' : `${title} · Amalgam`;
    el<HTMLInputElement>('file-input').accept = def === null ? '' : acceptAttribute(def);
    renderKeyHelp(el('key-help'), def);
    renderRomList(el('rom-list'), def, c?.started ?? null, (slot) => void this.replaceRom(slot));
    renderMachineOptions(el('machine-options'), def, def === null ? undefined : this.ctx.settings.machineOptions[def.id], (id, v) => this.hooks.setOption(id, v));
    renderExports(el('machine-exports'), def, (format) => this.hooks.exportMedia(format));
    this.hooks.afterChange();
  }

  /** Ask for a ROM the machine cannot run without; resolves with its bytes, or null if cancelled. */
  private askForRom(def: MachineInfo, slotName: string): Promise<Uint8Array | null> {
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
        const bytes = await this.unpackRom(f.name, await readFileBytes(f), slot.size, slot.sizes);
        if (bytes === null) return;
        if (!romSizeOk(slot, bytes.length)) {
          el('rom-dialog-error').textContent = `${f.name} is ${bytes.length} bytes; the ${slot.label} is ${romSizes(slot)} bytes. Choose another file.`;
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
  private async unpackRom(name: string, bytes: Uint8Array, size: number, sizes?: readonly number[]): Promise<Uint8Array | null> {
    try {
      const u = unpackArchive(name, bytes);
      if (u.kind === 'file') return u.bytes;
      const fit = u.entries.filter((e) => e.size === size || (sizes?.includes(e.size) ?? false));
      return fit.length >= 1 ? fit[0]!.read() : u.entries[0]!.read();
    } catch (e) {
      el('rom-dialog-error').textContent = e instanceof Error ? e.message : String(e);
      this.ctx.messages.error(e);
      return null;
    }
  }

  private async storeRom(def: MachineInfo, slot: string, name: string, bytes: Uint8Array): Promise<void> {
    const rec: RomRecord = { name, sha1: sha1Hex(bytes), bytes };
    try { await this.ctx.store.put('roms', romKey(def.id, slot), rec); this.ctx.storageOk('rom'); } catch (e) { this.ctx.storageFailed('rom', e); }
  }

  /** Load the user's own ROM for a slot (replacing the project's), then restart with the same medium. */
  replaceRom(slotName: string): Promise<void> {
    const c = this.ctx.current;
    if (c === null) return Promise.resolve();
    const input = h('input', { type: 'file' });
    return new Promise((resolve) => {
      input.addEventListener('change', () => void this.ctx.serial(async () => {
        const f = input.files?.[0];
        if (f === undefined) return;
        const slot = c.def.roms.find((r) => r.slot === slotName)!;
        const bytes = await this.unpackRom(f.name, await readFileBytes(f), slot.size, slot.sizes);
        if (bytes === null) return;
        if (!romSizeOk(slot, bytes.length)) {
          this.ctx.messages.show(`${f.name} is ${bytes.length} bytes; the ${slot.label} must be ${romSizes(slot)} bytes.`);
          return;
        }
        await this.storeRom(c.def, slotName, f.name, bytes);
        const m = c.media;
        await this.start(c.def, m === null || m.isDefault ? null : { name: m.name, bytes: m.bytes, key: m.sha1 }, true);
        this.ctx.focusScreen();
      }).finally(resolve));
      input.click();
    });
  }
}
