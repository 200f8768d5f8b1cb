/**
 * What the page says about a machine, derived only from its MachineInfo (so a machine added later
 * describes itself): the media it takes, the ROMs it needs and how to recognise them, its keys.
 */
import type { MachineInfo, RomSlotInfo } from '../../cores/kernel/machine.ts';

export function mediaExtensions(def: MachineInfo): string[] {
  return [...new Set(def.media.flatMap((f) => f.extensions))];
}

/** One line per format: 'TAP tape image (.tap)'. */
export function mediaSummary(def: MachineInfo): string[] {
  return def.media.map((f) => `${f.name} (${f.extensions.map((e) => '.' + e).join(', ')})`);
}

/** For the file picker's accept attribute: the machine's extensions plus archives. */
export function acceptAttribute(def: MachineInfo): string {
  return [...mediaExtensions(def), 'zip', 'gz'].map((e) => '.' + e).join(',');
}

export function requiredRoms(def: MachineInfo): RomSlotInfo[] {
  return def.roms.filter((r) => !r.builtIn);
}

/** A plain request for a ROM: which file, how big, which hash. */
export function romRequest(def: MachineInfo, slot: RomSlotInfo): string {
  const hash = slot.sha1.length > 0 ? ` Known good dumps have SHA-1 ${slot.sha1.join(' or ')}.` : '';
  return `${def.title} needs its ${slot.label}: a ${slot.size}-byte file usually called ${slot.fileName}.${hash} ` +
    'It stays in this browser and is never uploaded.';
}

export function romSummary(def: MachineInfo): string {
  if (def.roms.length === 0) return 'Needs no ROM.';
  const req = requiredRoms(def);
  if (req.length === 0) return 'Runs with the project\'s own replacement ROM; your own ROM can be loaded.';
  return `Needs: ${req.map((r) => `${r.label} (${r.fileName})`).join(', ')}.`;
}

export function formatSpeed(speed: number, fps: number, paused: boolean): string {
  if (paused) return 'Paused';
  if (!(speed >= 0) || !(fps >= 0)) return '–';
  return `${Math.round(speed * 100)}% · ${fps.toFixed(1)} fps`;
}

/** A ROM image of this size fits the slot (one of its good sizes). */
export function romSizeOk(slot: RomSlotInfo, size: number): boolean {
  return size === slot.size || (slot.sizes?.includes(size) ?? false);
}

/** '16384' or '262144 or 524288'. */
export function romSizes(slot: RomSlotInfo): string {
  return [...new Set([slot.size, ...(slot.sizes ?? [])])].join(' or ');
}
