/**
 * Files the user gives: from the file picker, drag and drop, or a link. Archives are unpacked
 * (asking which entry when a ZIP holds several), save states recognised by extension, the rest
 * inserted into the running machine. The file as given is remembered per machine (never the
 * machine's writes to it: those are kept apart, states-control.ts). A link that names another
 * origin is fetched only after the user agrees, with the host shown.
 */
import { type ZipEntry, readEntry, unpackArchive } from '../../cores/kernel/archive/index.ts';
import type { MediaRecord } from '../storage/db.ts';
import type { MediaResult } from '../worker/protocol.ts';
import type { AppContext } from './context.ts';
import { el, h, readFileBytes } from './dom.ts';
import { FetchError, fetchFile } from './fetch-file.ts';
import { mediaExtensions } from './machine-info.ts';

const STATE_EXTENSIONS = ['amstate'];

export interface MediaHooks {
  showPicker(): void;
  loadStateBytes(bytes: Uint8Array, label: string): Promise<boolean>;
  rememberMedium(machineId: string, rec: MediaRecord): Promise<void>;
  afterChange(): void;
  warnIfRomNeeded(kind: string, name: string): void;
}

export class MediaControl {
  constructor(private readonly ctx: AppContext, private readonly hooks: MediaHooks) {}

  init(): void {
    const fileInput = el<HTMLInputElement>('file-input');
    fileInput.addEventListener('change', async () => {
      const f = fileInput.files?.[0];
      fileInput.value = '';
      if (f !== undefined) await this.loadFile(f.name, await readFileBytes(f));
    });
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

  /** Load a file the user gave (picker, drop, link): archives unpacked, states recognised. */
  loadFile(name: string, bytes: Uint8Array): Promise<boolean> {
    const ctx = this.ctx;
    return ctx.serial(async () => {
      const c = ctx.current;
      if (c === null) {
        ctx.messages.show('Choose a machine first, then load the file.');
        this.hooks.showPicker();
        return false;
      }
      try {
        const exts = mediaExtensions(c.def);
        let u = unpackArchive(name, bytes, { accept: [...exts, ...STATE_EXTENSIONS] });
        if (u.kind === 'choose') {
          const entry = await this.chooseEntry(u.archive, u.entries);
          if (entry === null) { ctx.focusScreen(); return false; }
          u = { kind: 'file', ...readEntry(entry), from: u.archive };
        }
        const file = { name: u.name, bytes: u.bytes };
        if (STATE_EXTENSIONS.some((e) => file.name.toLowerCase().endsWith('.' + e))) return await this.hooks.loadStateBytes(file.bytes, file.name);
        const r = await ctx.worker.command<MediaResult>({ t: 'media', file });
        c.media = { name: file.name, bytes: file.bytes, sha1: r.sha1, isDefault: false };
        c.faulted = false;
        // Snapshots replace the machine; tapes and disks are what the next visit puts back.
        await this.hooks.rememberMedium(c.def.id, { name: file.name, sha1: r.sha1, bytes: file.bytes, savedAt: Date.now() });
        this.hooks.afterChange();
        ctx.messages.show(`Loaded ${file.name} (${r.formatName}).`, 'info');
        this.hooks.warnIfRomNeeded(r.kind, file.name);
        ctx.focusScreen();
        return true;
      } catch (e) {
        ctx.messages.error(e);
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

  /** Fetch a file named in a link; another origin only after the user agrees. */
  async loadUrl(url: string, what: 'media' | 'state'): Promise<void> {
    const ctx = this.ctx;
    let target: URL;
    try { target = new URL(url, location.href); } catch { ctx.messages.show(`The link's ${what} address is not a valid URL.`); return; }
    if (target.origin !== location.origin && !(await this.confirmOrigin(target, what))) {
      ctx.messages.show(`Not loaded: ${target.host} was not allowed.`, 'info');
      return;
    }
    try {
      ctx.messages.progress(`Downloading ${url}…`, 0);
      const f = await fetchFile(target.href, (loaded, total) => ctx.messages.progress(`Downloading ${url}…`, total === null ? null : loaded / total));
      ctx.messages.progress(null, null);
      if (what === 'state') await this.hooks.loadStateBytes(f.bytes, f.name);
      else await this.loadFile(f.name, f.bytes);
    } catch (e) {
      ctx.messages.progress(null, null);
      ctx.messages.show(e instanceof FetchError ? e.message : `Could not load ${url}.`);
    }
  }

  /** Ask before the page fetches from another site (a link could point at a LAN or localhost service). */
  private confirmOrigin(target: URL, what: 'media' | 'state'): Promise<boolean> {
    const dlg = el<HTMLDialogElement>('origin-dialog');
    el('origin-dialog-host').textContent = target.host;
    el('origin-dialog-text').textContent =
      `This link asks to load a ${what === 'state' ? 'save state' : 'file'} from ${target.host} (${target.href}), another site than this one. ` +
      'Load it only if you trust that site; it could be a device on your own network.';
    return new Promise((resolve) => {
      dlg.onclose = () => { dlg.onclose = null; resolve(dlg.returnValue === 'allow'); };
      dlg.returnValue = '';
      dlg.showModal();
    });
  }
}
