/**
 * User settings with defaults, kept in the 'settings' store as one JSON object. Unknown or
 * malformed stored values fall back to the defaults field by field, so an old or hand-edited
 * entry can never stop the page from starting.
 */
import { MAX_SPEED, MIN_SPEED } from '../../cores/kernel/pacer.ts';
import type { KeyValueStore } from './db.ts';

export type ScaleMode = 'integer' | 'fit';

export interface Settings {
  scale: ScaleMode;
  smooth: boolean;
  scanlines: boolean;
  volume: number;
  muted: boolean;
  /** Gamepad button index for each logical pad button name (see ui/input/gamepad.ts). */
  padMap: Record<string, number>;
  lastMachine: string | null;
  /**
   * Machine options the user changed (MachineDef.options), by machine id then option id. Options
   * left out take the machine's default.
   */
  machineOptions: Record<string, Record<string, boolean>>;
  /**
   * Hardware configuration chosen per machine (MachineDef.config), by machine id then setting id.
   * Validated against the definition when used; settings left out take the machine's default.
   */
  machineConfig: Record<string, Record<string, string>>;
  /** The throttle (1 = 100 %), restored on reload. */
  speed: number;
}

export const DEFAULT_SETTINGS: Settings = {
  scale: 'integer',
  smooth: false,
  scanlines: false,
  volume: 0.8,
  muted: false,
  padMap: {},
  lastMachine: null,
  machineOptions: {},
  machineConfig: {},
  speed: 1,
};

const KEY = 'settings';

export function sanitizeSettings(v: unknown): Settings {
  const s: Settings = { ...DEFAULT_SETTINGS, padMap: {}, machineOptions: {}, machineConfig: {} };
  if (v === null || typeof v !== 'object') return s;
  const o = v as Record<string, unknown>;
  if (o.scale === 'integer' || o.scale === 'fit') s.scale = o.scale;
  if (typeof o.smooth === 'boolean') s.smooth = o.smooth;
  if (typeof o.scanlines === 'boolean') s.scanlines = o.scanlines;
  if (typeof o.volume === 'number' && o.volume >= 0 && o.volume <= 1) s.volume = o.volume;
  if (typeof o.muted === 'boolean') s.muted = o.muted;
  if (typeof o.lastMachine === 'string') s.lastMachine = o.lastMachine;
  if (o.padMap !== null && typeof o.padMap === 'object')
    for (const [k, n] of Object.entries(o.padMap as Record<string, unknown>))
      if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 32) s.padMap[k] = n;
  if (o.machineOptions !== null && typeof o.machineOptions === 'object')
    for (const [m, opts] of Object.entries(o.machineOptions as Record<string, unknown>)) {
      if (opts === null || typeof opts !== 'object') continue;
      const kept: Record<string, boolean> = {};
      for (const [id, v] of Object.entries(opts as Record<string, unknown>)) if (typeof v === 'boolean') kept[id] = v;
      if (Object.keys(kept).length > 0) s.machineOptions[m] = kept;
    }
  if (o.machineConfig !== null && typeof o.machineConfig === 'object')
    for (const [m, cfg] of Object.entries(o.machineConfig as Record<string, unknown>)) {
      if (cfg === null || typeof cfg !== 'object') continue;
      const kept: Record<string, string> = {};
      for (const [id, v] of Object.entries(cfg as Record<string, unknown>)) if (typeof v === 'string' && v.length <= 100) kept[id] = v;
      if (Object.keys(kept).length > 0) s.machineConfig[m] = kept;
    }
  if (typeof o.speed === 'number' && o.speed >= MIN_SPEED && o.speed <= MAX_SPEED) s.speed = o.speed;
  return s;
}

export async function loadSettings(store: KeyValueStore): Promise<Settings> {
  try {
    return sanitizeSettings(await store.get('settings', KEY));
  } catch {
    return sanitizeSettings(null);
  }
}

export async function saveSettings(store: KeyValueStore, s: Settings): Promise<void> {
  await store.put('settings', KEY, s);
}
