/**
 * Save-state slots for the running machine and medium: four numbered slots plus 'auto' (written
 * when you switch machines or leave the page), each with a thumbnail and the time it was saved.
 */
import type { StateRecord } from '../storage/db.ts';
import { h } from './dom.ts';

export const SLOTS = ['1', '2', '3', '4'] as const;
export const AUTO_SLOT = 'auto';

const thumbUrls: string[] = [];

export function renderSlots(
  box: HTMLElement,
  records: ReadonlyMap<string, StateRecord>,
  onSave: (slot: string) => void,
  onLoad: (slot: string) => void,
): void {
  for (const u of thumbUrls.splice(0)) URL.revokeObjectURL(u);
  box.replaceChildren();
  for (const slot of [...SLOTS, AUTO_SLOT]) {
    const r = records.get(slot);
    const img = h('img', { class: 'thumb', alt: r ? `Slot ${slot} thumbnail` : '' });
    if (r?.thumbnail) {
      const u = URL.createObjectURL(r.thumbnail);
      thumbUrls.push(u);
      img.src = u;
    }
    const meta = r
      ? `${new Date(r.savedAt).toLocaleString()} · ${formatSeconds(r.seconds)} in`
      : 'Empty';
    const buttons = h('div', { class: 'buttons' });
    if (slot !== AUTO_SLOT) {
      const save = h('button', { type: 'button', text: 'Save', 'data-save-slot': slot });
      save.addEventListener('click', () => onSave(slot));
      buttons.append(save);
    }
    const load = h('button', { type: 'button', text: 'Load', 'data-load-slot': slot });
    load.disabled = r === undefined;
    load.addEventListener('click', () => onLoad(slot));
    buttons.append(load);
    box.append(h('div', { class: 'slot', 'data-slot': slot },
      h('strong', { text: slot === AUTO_SLOT ? 'Auto' : `Slot ${slot}` }), img, h('div', { class: 'meta', text: meta }), buttons));
  }
}

function formatSeconds(s: number): string {
  const m = Math.floor(s / 60);
  const sec = Math.floor(s % 60);
  return `${m}:${String(sec).padStart(2, '0')}`;
}
