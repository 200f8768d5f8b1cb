/**
 * What the page's controllers share: the worker, storage, settings, the message strip, the machine
 * running now, and one queue that serialises machine starts and media loads (so two clicks cannot
 * interleave). Each controller (machine, media, states, run, input, view settings) gets this and
 * nothing else of the others, so each concern can be read alone.
 */
import type { MachineInfo } from '../../cores/kernel/machine.ts';
import type { KeyValueStore, StoreName } from '../storage/db.ts';
import { StorageError, storageError } from '../storage/db.ts';
import { type Settings, saveSettings } from '../storage/settings.ts';
import type { StartResult } from '../worker/protocol.ts';
import { el } from './dom.ts';
import type { Messages } from './messages.ts';
import type { WorkerClient } from './worker-client.ts';

/** The medium the machine started with or was given last, as the user gave it. */
export interface CurrentMedia {
  name: string;
  /** The file as loaded (never the machine's writes: those are kept apart, see db.ts 'written'). */
  bytes: Uint8Array;
  /** SHA-1 of `bytes`: the key states and written copies are filed under. */
  sha1: string;
  /** The machine's own demo program, not a user file. */
  isDefault: boolean;
}

export interface Current {
  def: MachineInfo;
  started: StartResult;
  media: CurrentMedia | null;
  /** The machine stopped with an error (a bug, or a state that breaks it): nothing is auto-saved. */
  faulted: boolean;
}

export class AppContext {
  current: Current | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  /** Storage failures already reported, by kind, so a full disk is said once, not every minute. */
  private reported = new Set<string>();

  constructor(
    readonly worker: WorkerClient,
    readonly store: KeyValueStore,
    readonly settings: Settings,
    readonly messages: Messages,
  ) {}

  /** Run `f` after everything queued before it (machine starts, media loads). */
  serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.chain.then(f, f);
    this.chain = run.catch(() => undefined);
    return run;
  }

  async persistSettings(): Promise<void> {
    try { await saveSettings(this.store, this.settings); } catch (e) { this.storageFailed('settings', e); }
  }

  /** Read from storage; a failure is told once and reads as absent. */
  async get<T>(store: StoreName, key: string): Promise<T | undefined> {
    try { return await this.store.get<T>(store, key); } catch (e) { this.storageFailed(`read-${store}`, e); return undefined; }
  }

  /** Tell the user that something could not be kept (once per kind until a write succeeds again). */
  storageFailed(kind: string, e: unknown): void {
    const err = e instanceof StorageError ? e : storageError(e);
    const key = err.quota ? 'quota' : kind;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.messages.show(`${err.message} (${describe(kind)})`);
  }

  storageOk(kind: string): void {
    this.reported.delete(kind);
    this.reported.delete('quota');
  }

  /** Give the keyboard back to the machine (after a dialog, a file load, a dismissed message). */
  focusScreen(): void {
    if (document.querySelector('dialog[open]') === null) el('screen').focus({ preventScroll: true });
  }
}

function describe(kind: string): string {
  switch (kind) {
    case 'settings': return 'settings were not saved';
    case 'auto': return 'the automatic save state and written media were not kept';
    case 'media': return 'the loaded file was not kept for next time';
    case 'rom': return 'the ROM was not kept; it will be asked for again';
    case 'state': return 'the save state was not kept';
    default: return kind.startsWith('read-') ? 'stored data could not be read' : kind;
  }
}
