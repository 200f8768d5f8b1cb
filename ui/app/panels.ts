/**
 * The side panel's machine-dependent parts, rebuilt when the machine changes: key help (from
 * MachineInfo.keyHelp and the host hotkeys), the gamepad mapping, the ROM list and the machine
 * picker's cards. All derived from the MachineInfo, never from a machine's name.
 */
import type { MachineInfo } from '../../cores/kernel/machine.ts';
import { HOTKEYS } from '../input/keyboard.ts';
import { LOGICAL_BUTTONS, buttonFor } from '../input/pad-map.ts';
import type { StartResult } from '../worker/protocol.ts';
import { h } from './dom.ts';
import { mediaSummary, romSummary } from './machine-info.ts';

const HOTKEY_TEXT: Record<string, string> = {
  quickSave: 'Quick save (slot 1)',
  quickLoad: 'Quick load (slot 1)',
  pause: 'Pause / resume',
  step: 'One frame (while paused)',
  fastForwardHold: 'Fast-forward while held',
  fastForwardToggle: 'Fast-forward on / off',
  fullscreen: 'Fullscreen',
};

export function renderKeyHelp(box: HTMLElement, def: MachineInfo | null): void {
  box.replaceChildren();
  box.append(h('p', { class: 'hint', text: 'Keys reach the machine only while its screen has focus (click it; Shift+Esc gives the keys back to the page). Your keyboard maps to the machine\'s by position.' }));
  if (def?.keyHelp !== undefined && def.keyHelp.length > 0) {
    box.append(h('h4', { text: `${def.title} keys` }));
    const t = h('table', { class: 'keys' });
    for (const k of def.keyHelp) t.append(h('tr', {}, h('td', { text: k.keys }), h('td', { text: k.action })));
    box.append(t);
  }
  box.append(h('h4', { text: 'Emulator keys' }));
  const t = h('table', { class: 'keys' });
  for (const k of HOTKEYS) t.append(h('tr', {}, h('td', { text: k.label }), h('td', { text: HOTKEY_TEXT[k.action] ?? k.action })));
  box.append(t);
}

export function renderPadMap(
  box: HTMLElement, def: MachineInfo | null, padMap: Record<string, number>,
  onChange: (name: string, button: number) => void, nextButton: () => Promise<number | null>,
): void {
  box.replaceChildren();
  const joys = def?.joysticks ?? [];
  if (joys.length === 0) {
    box.append(h('p', { class: 'hint', text: def === null ? '' : `${def.title} has no joystick input.` }));
    return;
  }
  box.append(h('p', { class: 'hint', text: `Gamepad 1 is the ${joys[0]}${joys.length > 1 ? `, gamepad 2 the ${joys[1]}` : ''}. The left stick and the d-pad steer; choose which button does what:` }));
  for (const b of LOGICAL_BUTTONS) {
    const sel = h('select', { 'aria-label': `Gamepad button for ${b.name}`, 'data-pad': b.name });
    for (let i = 0; i < 17; i++) {
      const o = h('option', { value: String(i), text: `Button ${i}` });
      if (i === buttonFor(b, padMap)) o.selected = true;
      sel.append(o);
    }
    sel.addEventListener('change', () => onChange(b.name, Number(sel.value)));
    const press = h('button', { type: 'button', text: 'Press…', title: `Press the gamepad button to use for ${b.name}` });
    press.addEventListener('click', async () => {
      press.textContent = 'Waiting…';
      const n = await nextButton();
      press.textContent = 'Press…';
      if (n === null || n > 16) return;
      sel.value = String(n);
      onChange(b.name, n);
    });
    box.append(h('label', {}, b.name, h('span', {}, sel, ' ', press)));
  }
}

export function renderRomList(box: HTMLElement, def: MachineInfo | null, started: StartResult | null, onLoad: (slot: string) => void): void {
  box.replaceChildren();
  if (def === null) return;
  if (def.roms.length === 0) {
    box.append(h('p', { class: 'hint', text: `${def.title} needs no ROM.` }));
    return;
  }
  for (const slot of def.roms) {
    const info = started?.roms.find((r) => r.slot === slot.slot);
    const status = info === undefined ? 'not loaded'
      : info.fallback ? 'using the project\'s own replacement'
      : info.known ? `your file (known good dump, SHA-1 ${info.sha1.slice(0, 12)}…)`
      : `your file (unknown dump, SHA-1 ${info.sha1.slice(0, 12)}…)`;
    const btn = h('button', { type: 'button', text: 'Load ROM…', 'data-rom-slot': slot.slot });
    btn.addEventListener('click', () => onLoad(slot.slot));
    box.append(h('div', { class: 'rom' },
      h('p', {}, h('strong', { text: slot.label }), ` (${slot.fileName}, ${slot.size} bytes): ${status}`),
      btn));
  }
  box.append(h('p', { class: 'hint', text: 'ROMs you load stay in this browser (IndexedDB) and are never uploaded.' }));
}

export function renderPicker(box: HTMLElement, defs: readonly MachineInfo[], onPick: (id: string) => void): void {
  box.replaceChildren();
  if (defs.length === 0) {
    box.append(h('p', { text: 'No machines are built into this version yet.' }));
    return;
  }
  for (const d of defs) {
    const card = h('button', { type: 'button', class: 'machine-card', 'data-machine-id': d.id },
      h('h3', { text: d.title }),
      h('p', { text: d.description }),
      h('p', { text: `CPU: ${d.cpu}` }),
      h('p', { text: d.media.length > 0 ? `Takes: ${mediaSummary(d).join('; ')}` : 'Takes no media.' }),
      h('p', { text: romSummary(d) }));
    card.addEventListener('click', () => onPick(d.id));
    box.append(card);
  }
}
