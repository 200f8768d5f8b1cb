/**
 * Page entry point: opens storage, builds the App over the machine catalog (info only: the
 * emulators themselves load in the worker, one chunk per machine), then follows the
 * link (?machine=, &media=, &speed=, &state=) or reopens the last machine, or shows the picker.
 */
import './style.css';
import { catalog } from '../../machines/catalog.ts';
import { openStore } from '../storage/db.ts';
import { loadSettings } from '../storage/settings.ts';
import { App } from './app.ts';
import { parseLink } from './link-params.ts';

async function boot(): Promise<void> {
  const store = await openStore();
  const settings = await loadSettings(store);
  // Only the catalog: what the page shows about each machine. Their code loads in the worker.
  const machines = catalog.map((e) => e.info);
  const app = new App(machines, store, settings);
  (window as unknown as { amalgam: App }).amalgam = app;
  // ?renderer=webgl|canvas overrides the automatic choice (render/pixi-view.ts), e.g. to compare.
  const r = new URLSearchParams(location.search).get('renderer');
  await app.init(r === 'webgl' || r === 'canvas' ? r : 'auto');
  if (!store.persistent) app.showMessage('This browser does not allow storage here: ROMs, states and settings will not be kept.', 'info');
  const link = parseLink(location.search);
  // Errors stay on the page until dismissed, whatever starts after them.
  if (link.problems.length > 0) app.showMessage(link.problems.join(' '));
  const id = link.machine ?? settings.lastMachine;
  if (id === null || !machines.some((m) => m.id === id)) {
    if (link.machine !== null) app.showMessage(`There is no machine "${link.machine}" in this version. Choose one from the list.`);
    app.showPicker();
    return;
  }
  // A link's media replaces the remembered medium; without one, the remembered one comes back.
  const ok = await app.switchMachine(id, { ...(link.media !== null ? { media: null } : {}), speed: link.speed });
  if (!ok) return;
  if (link.media !== null) await app.loadUrl(link.media, 'media');
  if (link.state !== null) await app.loadUrl(link.state, 'state');
}

boot().catch((e: unknown) => {
  console.error(e);
  const box = document.getElementById('message');
  const text = document.getElementById('message-text');
  if (box !== null && text !== null) {
    text.textContent = `Amalgam could not start: ${e instanceof Error ? e.message : String(e)}`;
    box.hidden = false;
  }
});
