/**
 * The side panel's "Machine" section: a checkbox per machine option (MachineInfo.options) and a
 * button per export format (MachineInfo.exports). Built from the MachineInfo only, so a machine
 * that declares options or exports gets them here with no change to the page.
 */
import type { MachineInfo } from '../../cores/kernel/machine.ts';
import { h } from './dom.ts';

/** The value an option has for this user: their stored choice, else the machine's default. */
export function optionValue(def: MachineInfo, stored: Readonly<Record<string, boolean>> | undefined, id: string): boolean {
  const v = stored?.[id];
  return typeof v === 'boolean' ? v : (def.options?.find((o) => o.id === id)?.default ?? false);
}

export function renderMachineOptions(
  box: HTMLElement, def: MachineInfo | null, stored: Readonly<Record<string, boolean>> | undefined,
  onChange: (id: string, value: boolean) => void,
): void {
  box.replaceChildren();
  if (def === null) return;
  const opts = def.options ?? [];
  if (opts.length === 0) {
    box.append(h('p', { class: 'hint', text: `${def.title} has no options.` }));
    return;
  }
  for (const o of opts) {
    const box_ = h('input', { type: 'checkbox', 'data-option': o.id });
    box_.checked = optionValue(def, stored, o.id);
    box_.addEventListener('change', () => onChange(o.id, box_.checked));
    box.append(h('label', { title: o.description }, box_, ' ', o.label), h('p', { class: 'hint', text: o.description }));
  }
}

export function renderExports(box: HTMLElement, def: MachineInfo | null, onExport: (format: string) => void): void {
  box.replaceChildren();
  if (def === null) return;
  const exps = def.exports ?? [];
  if (exps.length === 0) {
    box.append(h('p', { class: 'hint', text: `${def.title} has nothing to export.` }));
    return;
  }
  const row = h('div', { class: 'row' });
  for (const e of exps) {
    const b = h('button', { type: 'button', text: `Export ${e.label} (.${e.extension})`, 'data-export': e.format });
    b.addEventListener('click', () => onExport(e.format));
    row.append(b);
  }
  box.append(row, h('p', { class: 'hint', text: 'Saves the running machine as a file other emulators can open; it downloads to your computer.' }));
}
