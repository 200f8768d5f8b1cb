/**
 * The page's IndexedDB store: everything the user gave us or made stays in this browser, nothing
 * is uploaded. Object stores:
 *   settings — small JSON values by key (scaling, volume, key and pad mapping, last machine);
 *   roms     — user ROM images by `${machineId}/${slot}`, with name and SHA-1;
 *   media    — the last medium loaded per machine, as the user gave it (never overwritten by the
 *              machine's writes), so a reload or a machine switch loses nothing;
 *   written  — what the machine wrote to a medium, by `${machineId}|${originalSha1}|${drive}`:
 *              kept per machine and per original medium, so loading another file or following a
 *              link never overwrites a tape or disk the user saved to;
 *   states   — save states by `${machineId}|${mediaKey}|${slot}` with a PNG thumbnail.
 * The 'auto' state and the written media it refers to are written in ONE transaction (`putAll`),
 * so after a crash the two always agree.
 * When IndexedDB is unavailable (private mode in some browsers) a memory store stands in and the
 * page says that nothing will be kept.
 */

const DB_NAME = 'amalgam';
const DB_VERSION = 2;
export type StoreName = 'settings' | 'roms' | 'media' | 'written' | 'states';
const STORES: readonly StoreName[] = ['settings', 'roms', 'media', 'written', 'states'];

export interface RomRecord {
  name: string;
  sha1: string;
  bytes: Uint8Array;
}

export interface MediaRecord {
  name: string;
  /** SHA-1 of the file as loaded: the key its save states are filed under. */
  sha1: string;
  /** The file, or its latest written version for a disk the machine wrote to. */
  bytes: Uint8Array;
  savedAt: number;
  /** True when `bytes` hold the machine's writes, not the file as loaded. */
  written?: boolean;
}

/** A medium as the machine wrote it: the complete changed image. */
export interface WrittenRecord {
  machineId: string;
  /** SHA-1 of the medium as the user loaded it (the original this is a changed copy of). */
  originalSha1: string;
  /** The drive it is in ('tape', 'A:'), or '' for a machine without drives. */
  drive: string;
  name: string;
  bytes: Uint8Array;
  savedAt: number;
}

export interface StateRecord {
  machineId: string;
  mediaKey: string;
  slot: string;
  bytes: Uint8Array;
  thumbnail: Blob | null;
  savedAt: number;
  /** Emulated seconds when saved, shown under the thumbnail. */
  seconds: number;
  mediaName: string;
}

export interface KeyValueStore {
  get<T>(store: StoreName, key: string): Promise<T | undefined>;
  put(store: StoreName, key: string, value: unknown): Promise<void>;
  delete(store: StoreName, key: string): Promise<void>;
  /** Several puts in one transaction: all land or none does. */
  putAll(entries: readonly (readonly [StoreName, string, unknown])[]): Promise<void>;
  /** Keys starting with `prefix`, with their values. */
  list<T>(store: StoreName, prefix: string): Promise<[string, T][]>;
  readonly persistent: boolean;
}

/** A storage failure in words a user can act on (the browser's own text kept for detail). */
export class StorageError extends Error {
  constructor(message: string, readonly quota: boolean) {
    super(message);
  }
}

export function storageError(e: unknown): StorageError {
  const name = e instanceof DOMException ? e.name : '';
  const detail = e instanceof Error ? e.message : String(e ?? 'unknown error');
  if (name === 'QuotaExceededError')
    return new StorageError('This browser\'s storage for this site is full: free some space (or delete old states) so your progress can be kept.', true);
  return new StorageError(`This browser refused to store data (${detail}).`, false);
}

function promisify<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

class IdbStore implements KeyValueStore {
  readonly persistent = true;
  constructor(private readonly db: IDBDatabase) {}

  async get<T>(store: StoreName, key: string): Promise<T | undefined> {
    return (await promisify(this.db.transaction(store, 'readonly').objectStore(store).get(key))) as T | undefined;
  }

  put(store: StoreName, key: string, value: unknown): Promise<void> {
    return this.putAll([[store, key, value]]);
  }

  async putAll(entries: readonly (readonly [StoreName, string, unknown])[]): Promise<void> {
    if (entries.length === 0) return;
    const names = [...new Set(entries.map((e) => e[0]))];
    const tx = this.db.transaction(names, 'readwrite');
    for (const [store, key, value] of entries) tx.objectStore(store).put(value, key);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(storageError(tx.error));
      tx.onabort = () => reject(storageError(tx.error));
    });
  }

  async delete(store: StoreName, key: string): Promise<void> {
    await promisify(this.db.transaction(store, 'readwrite').objectStore(store).delete(key));
  }

  async list<T>(store: StoreName, prefix: string): Promise<[string, T][]> {
    const os = this.db.transaction(store, 'readonly').objectStore(store);
    // All keys from `prefix` up to the same prefix followed by the highest code unit.
    const range = IDBKeyRange.bound(prefix, prefix + '\uffff');
    const [keys, values] = await Promise.all([promisify(os.getAllKeys(range)), promisify(os.getAll(range))]);
    return keys.map((k, i) => [String(k), values[i] as T]);
  }
}

/** Stand-in when IndexedDB cannot be opened: works for this page view only. */
export class MemoryStore implements KeyValueStore {
  readonly persistent = false;
  private readonly maps = new Map<StoreName, Map<string, unknown>>(STORES.map((s) => [s, new Map()]));
  async get<T>(store: StoreName, key: string): Promise<T | undefined> {
    return this.maps.get(store)!.get(key) as T | undefined;
  }
  async put(store: StoreName, key: string, value: unknown): Promise<void> {
    this.maps.get(store)!.set(key, value);
  }
  async putAll(entries: readonly (readonly [StoreName, string, unknown])[]): Promise<void> {
    for (const [s, k, v] of entries) this.maps.get(s)!.set(k, v);
  }
  async delete(store: StoreName, key: string): Promise<void> {
    this.maps.get(store)!.delete(key);
  }
  async list<T>(store: StoreName, prefix: string): Promise<[string, T][]> {
    return [...this.maps.get(store)!.entries()].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1)) as [string, T][];
  }
}

export async function openStore(): Promise<KeyValueStore> {
  try {
    if (typeof indexedDB === 'undefined') return new MemoryStore();
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      for (const s of STORES) if (!db.objectStoreNames.contains(s)) db.createObjectStore(s);
    };
    const db = await promisify(req);
    return new IdbStore(db);
  } catch {
    return new MemoryStore();
  }
}

export const romKey = (machineId: string, slot: string): string => `${machineId}/${slot}`;
export const writtenKey = (machineId: string, originalSha1: string, drive: string): string => `${machineId}|${originalSha1}|${drive}`;
export const writtenPrefix = (machineId: string, originalSha1: string): string => `${machineId}|${originalSha1}|`;
export const stateKey = (machineId: string, mediaKey: string, slot: string): string => `${machineId}|${mediaKey}|${slot}`;
export const statePrefix = (machineId: string, mediaKey: string): string => `${machineId}|${mediaKey}|`;
