/**
 * End-to-end test of the built app in Debian's Chromium (playwright-core, headless, SwiftShader
 * WebGL): build with vite, serve with `vite preview` (COOP/COEP headers on), then use the page as
 * a person would: pick the ZX Spectrum 48K, load the project's demo from roms/, watch the canvas
 * change, pause and see it freeze, fast-forward past 100 %, save and load a state, export a .z80
 * and load it back, toggle the real-time tape option (and watch a tape load with border stripes),
 * load a corrupt file and read the error. Screenshots go to $TMPDIR/amalgam-e2e/ for inspection.
 *
 * Written for a loaded 2-core machine: a small window, polls with generous deadlines, no fixed
 * sleeps where a poll works.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { type PreviewServer, build, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildZip } from '../kernel-archive/zip-builder.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MACHINE = 'zx-spectrum-48k';
const DEMO = join(ROOT, 'roms/zx-spectrum-48k/demo.z80');
const SHOTS = join(tmpdir(), 'amalgam-e2e');
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required',
];
const required = process.env.REQUIRE_TESTDATA === '1' || process.env.CI === 'true';

/** Poll `f` until it returns a truthy value or `ms` pass. */
async function until<T>(what: string, f: () => Promise<T>, ms = 30_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await f();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what} (last value ${JSON.stringify(last)})`);
}

/**
 * A hash of the canvas pixels and how many are not black. The view draws and reads back in one
 * task (PixiView.snapshot), since the canvas keeps no drawing buffer between frames.
 */
function canvasSample(page: Page): Promise<{ hash: number; lit: number; w: number; h: number }> {
  return page.evaluate(() => {
    const v = (window as unknown as { amalgam?: { view: { snapshot(): { width: number; height: number; data: Uint8ClampedArray } | null } } }).amalgam?.view;
    const snap = v?.snapshot() ?? null;
    if (snap === null) return { hash: 0, lit: 0, w: 0, h: 0 };
    const d = snap.data;
    let hash = 0x811c9dc5;
    let lit = 0;
    for (let i = 0; i < d.length; i += 4) {
      const v = d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16);
      if (v !== 0) lit++;
      hash = Math.imul(hash ^ v, 16777619) >>> 0;
    }
    return { hash, lit, w: snap.width, h: snap.height };
  });
}

const readout = (page: Page) => page.locator('#speed-readout').textContent();
const speedValue = async (page: Page) => Number(await page.locator('#speed-readout').getAttribute('data-speed'));
const message = (page: Page) => page.locator('#message-text').textContent();
type PageInput = { keys: string[]; pads: number[] };
const pageInput = (page: Page) => page.evaluate(() => (window as unknown as { amalgam: { input: PageInput } }).amalgam.input);

const run = existsSync(CHROMIUM) ? describe : required ? describe : describe.skip;

run(`browser app end to end (${existsSync(CHROMIUM) ? CHROMIUM : `skipped: no ${CHROMIUM}; apt-get install chromium`})`, () => {
  let outDir = '';
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const shot = async (name: string) => { await page.screenshot({ path: join(SHOTS, `${name}.png`) }); };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
    mkdirSync(SHOTS, { recursive: true });
    outDir = mkdtempSync(join(tmpdir(), 'amalgam-dist-'));
    await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    server = await preview({ root: ROOT, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(server.resolvedUrls!.local[0]!);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('is cross-origin isolated and draws with Canvas 2D where WebGL is software-rendered (SwiftShader here)', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await until('renderer', () => page.evaluate(() => document.body.dataset.renderer ?? ''));
    expect(await page.evaluate(() => document.body.dataset.renderer)).toBe('canvas');
  });

  it('lists the machines and starts the Spectrum with its demo', async () => {
    const card = page.locator(`#picker [data-machine-id="${MACHINE}"]`);
    await card.waitFor({ state: 'visible', timeout: 30_000 });
    await shot('01-picker');
    await card.click();
    await until('machine title', async () => (await page.locator('#machine-title').textContent())?.includes('Spectrum'));
    await until('a lit canvas', async () => (await canvasSample(page)).lit > 1000, 60_000);
    await shot('02-demo');
  });

  it('loads the demo from roms/ through the file picker and the picture changes over time', async () => {
    await page.locator('#file-input').setInputFiles(DEMO);
    await until('load message', async () => (await message(page))?.includes('Loaded demo.z80'));
    const a = await canvasSample(page);
    expect(a.lit).toBeGreaterThan(1000);
    await until('a different frame', async () => (await canvasSample(page)).hash !== a.hash, 20_000);
  });

  it('pauses and the picture freezes', async () => {
    await page.locator('#pause-btn').click();
    await until('Paused read-out', async () => (await readout(page)) === 'Paused');
    // Let any frame already in flight land, then the picture must stay put.
    await new Promise((r) => setTimeout(r, 300));
    const a = await canvasSample(page);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await canvasSample(page)).hash).toBe(a.hash);
    await page.locator('#step-btn').click();
    await until('one frame further', async () => (await canvasSample(page)).hash !== a.hash, 10_000);
    await shot('03-paused');
    await page.locator('#pause-btn').click();
    await until('running again', async () => (await readout(page)) !== 'Paused');
  });

  it('fast-forward runs faster than real time', async () => {
    await page.locator('#ff-btn').click();
    const best = await until('speed above 100 %', async () => { const s = await speedValue(page); return s > 1.05 ? s : 0; }, 30_000);
    expect(best).toBeGreaterThan(1.05);
    expect(await readout(page)).toMatch(/^\d+% · [\d.]+ fps/);
    await shot('04-fast-forward');
    await page.locator('#ff-btn').click();
  });

  it('saves a state to a slot and loads it back to the same picture', async () => {
    await page.locator('#pause-btn').click();
    await until('paused', async () => (await readout(page)) === 'Paused');
    await page.locator('[data-save-slot="1"]').click();
    await until('saved message', async () => (await message(page))?.includes('Saved to slot 1'));
    await until('thumbnail', () => page.locator('[data-slot="1"] img').evaluate((i: HTMLImageElement) => i.src.startsWith('blob:')));
    // One frame after the saved moment...
    const before = await canvasSample(page);
    await page.locator('#step-btn').click();
    const afterSave = await until('stepped', async () => { const s = await canvasSample(page); return s.hash !== before.hash ? s : null; }, 10_000);
    // ...run on a while, then load the state and step once: the same frame must come back.
    await page.locator('#pause-btn').click();
    await new Promise((r) => setTimeout(r, 1500));
    await page.locator('#pause-btn').click();
    await until('paused', async () => (await readout(page)) === 'Paused');
    await new Promise((r) => setTimeout(r, 300));
    expect((await canvasSample(page)).hash).not.toBe(afterSave.hash);
    await page.locator('[data-load-slot="1"]').click();
    await until('loaded message', async () => (await message(page))?.includes('Loaded the state'));
    await page.locator('#step-btn').click();
    await until('the saved picture again', async () => (await canvasSample(page)).hash === afterSave.hash, 10_000);
    await shot('05-state-loaded');
    await page.locator('#pause-btn').click();
    // The read-out is measured afresh after the jump in emulated time: near 100 %, never negative.
    // (The first window after resuming still includes paused time, so wait for a full one.)
    const seen: number[] = [];
    const after = await until('speed measured again', async () => { const s = await speedValue(page); seen.push(s); return s > 0.5 ? s : 0; }, 30_000);
    expect(seen.every((s) => s >= 0)).toBe(true);
    expect(after).toBeLessThan(2);
  });

  it('exports a .z80 snapshot of the running demo that loads back to the same picture', async () => {
    await page.locator('#machine-section summary').click();
    await page.locator('#pause-btn').click();
    await until('paused', async () => (await readout(page)) === 'Paused');
    await new Promise((r) => setTimeout(r, 300));
    // Pausing stops mid-frame and a .z80 has no frame phase (a loaded snapshot keeps the machine's),
    // so export and load at a frame boundary: one Step runs to the end of a frame.
    const step = async () => {
      const a = await canvasSample(page);
      await page.locator('#step-btn').click();
      return until('stepped', async () => { const s = await canvasSample(page); return s.hash !== a.hash ? s : null; }, 10_000);
    };
    await step();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="z80"]').click()]);
    expect(dl.suggestedFilename()).toBe('demo.z80');
    const file = join(SHOTS, 'exported.z80');
    await dl.saveAs(file);
    await until('exported message', async () => (await message(page))?.includes('Exported demo.z80'));
    // The frame after the exported moment...
    const next = await step();
    // ...run on, then load the file at a frame boundary and step once: the same frame must come back.
    await page.locator('#pause-btn').click();
    await new Promise((r) => setTimeout(r, 1500));
    await page.locator('#pause-btn').click();
    await until('paused', async () => (await readout(page)) === 'Paused');
    await new Promise((r) => setTimeout(r, 300));
    expect((await step()).hash).not.toBe(next.hash);
    await page.locator('#file-input').setInputFiles(file);
    await until('exported file loaded', async () => (await message(page))?.includes('Loaded exported.z80'));
    await page.locator('#step-btn').click();
    await until('the exported picture again', async () => (await canvasSample(page)).hash === next.hash, 10_000);
    await shot('05b-exported-z80-loaded');
    await page.locator('#pause-btn').click();
    await until('running again', async () => (await readout(page)) !== 'Paused');
    // Back to demo.z80 as the medium: later tests find slot 1 and the state's name under it.
    await page.locator('#file-input').setInputFiles(DEMO);
    await until('demo again', async () => (await message(page))?.includes('Loaded demo.z80'));
  });

  it('shows a plain error for a corrupt file and keeps running', async () => {
    const junk = Buffer.alloc(3000, 0x5a);
    junk.write('this is not a snapshot', 0);
    await page.locator('#file-input').setInputFiles({ name: 'broken.z80', mimeType: 'application/octet-stream', buffer: junk });
    await until('error message', async () => (await page.locator('#message').getAttribute('data-kind')) === 'error' && !(await page.locator('#message').isHidden()));
    const text = (await message(page)) ?? '';
    expect(text).toContain('broken.z80');
    await shot('06-corrupt-file');
    // A damaged ZIP is reported too.
    const zip = Buffer.from('PK\u0003\u0004 definitely not a real zip archive', 'latin1');
    await page.locator('#file-input').setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: zip });
    await until('zip error', async () => (await message(page))?.includes('broken.zip'));
    const a = await canvasSample(page);
    await until('still running', async () => (await canvasSample(page)).hash !== a.hash, 20_000);
    expect(pageErrors).toEqual([]);
  });

  it('downloads a state file and loads it back by upload; a damaged one is refused in words', async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#state-download').click()]);
    const file = join(SHOTS, 'saved.amstate');
    await dl.saveAs(file);
    expect(dl.suggestedFilename()).toBe('demo.amstate');
    await page.locator('#state-upload').setInputFiles(file);
    await until('uploaded state loaded', async () => (await message(page))?.includes('Loaded the state from saved.amstate'));
    await page.locator('#state-upload').setInputFiles({ name: 'bad.amstate', mimeType: 'application/json', buffer: Buffer.from('{"format":"amalgam-state","version":99}') });
    await until('newer-version message', async () => (await message(page))?.includes('newer Amalgam'));
  });

  const ROM = resolve(ROOT, '../shared/testdata/spectrum/rom/48.rom');
  it.skipIf(!existsSync(ROM) && !required)('takes the user\'s own ROM, remembers it, and refuses a state made with another ROM', async () => {
    await page.locator('#rom-section summary').click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('[data-rom-slot="system"]').click()]);
    await chooser.setFiles(ROM);
    await until('known ROM', async () => (await page.locator('#rom-list').textContent())?.includes('known good dump'), 30_000);
    // Slot 1 was saved with the project's replacement ROM: loading it now must explain why not.
    await page.locator('[data-load-slot="1"]').click();
    await until('different ROM message', async () => (await message(page))?.includes('different system ROM'));
    const a = await canvasSample(page);
    await until('running with the Sinclair ROM', async () => (await canvasSample(page)).hash !== a.hash, 20_000);
    await shot('09-own-rom');
  });

  const TAP = resolve(ROOT, '../shared/testdata/spectrum/tape-format-samples/basic_prog1.tap');
  it('keeps the real-time tape option per machine; with the Sinclair ROM a tape then loads with border stripes', async () => {
    const box = page.locator('[data-option="tape.realtime"]');
    if (!(await box.isVisible())) await page.locator('#machine-section summary').click();
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await until('option message', async () => (await message(page))?.includes('Load tapes in real time: on'));
    await until('option stored', () => page.evaluate(() => new Promise<boolean>((resolve) => {
      const r = indexedDB.open('amalgam');
      r.onsuccess = () => {
        const g = r.result.transaction('settings').objectStore('settings').get('settings');
        g.onsuccess = () => resolve(g.result?.machineOptions?.['zx-spectrum-48k']?.['tape.realtime'] === true);
      };
    })));
    if (!existsSync(ROM) || !existsSync(TAP)) {
      if (required) throw new Error(`${ROM} or ${TAP} is missing`);
      return;
    }
    // The Sinclair ROM is in (previous test): the tape resets the machine, LOAD "" is typed, and
    // the ROM's loader reads the pilot tone through EAR: red/cyan bands in the border.
    const stripes = () => page.evaluate(() => {
      const d = (window as unknown as { amalgam: { view: { snapshot(): { data: Uint8ClampedArray } } } }).amalgam.view.snapshot().data;
      // Pixels per non-bright ULA colour (components 0 or 0xD7): index G<<2 | R<<1 | B.
      const count = new Array<number>(8).fill(0);
      const level = (v: number) => (v < 30 ? 0 : v > 195 && v < 235 ? 1 : -1);
      for (let i = 0; i < d.length; i += 4) {
        const r = level(d[i]!), gr = level(d[i + 1]!), b = level(d[i + 2]!);
        if (r >= 0 && gr >= 0 && b >= 0) count[(gr << 2) | (r << 1) | b]!++;
      }
      // The pilot tone's border: red (2) and cyan (5) bands and none of blue, magenta, green or
      // yellow (the demo's own border stripes have all of them).
      return count[2]! > 500 && count[5]! > 500 && count[1]! + count[3]! + count[4]! + count[6]! < 50;
    });
    expect(await stripes()).toBe(false);
    await page.locator('#file-input').setInputFiles(TAP);
    await until('tape loaded', async () => (await message(page))?.includes('Loaded basic_prog1.tap'));
    await until('loading stripes in the border', stripes, 60_000);
    await shot('10-realtime-tape');
  });

  it('plays sound through the AudioWorklet', async () => {
    const a = await until('audio running', () => page.evaluate(() => {
      const au = (window as unknown as { amalgam: { audio: { active: boolean; state: string } } }).amalgam.audio;
      return au.active && au.state === 'running';
    }));
    expect(a).toBe(true);
  });

  it('unpacks a ZIP and loads the file inside', async () => {
    const zip = buildZip([
      { name: 'README.TXT', data: new TextEncoder().encode('read me') },
      { name: 'games/demo.z80', data: new Uint8Array(readFileSync(DEMO)) },
    ]);
    await page.locator('#file-input').setInputFiles({ name: 'bundle.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await until('zip load message', async () => (await message(page))?.includes('Loaded demo.z80'));
  });

  it('loads a file dropped onto the page', async () => {
    const b64 = readFileSync(DEMO).toString('base64');
    await page.evaluate((data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'dropped.z80'));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    }, b64);
    await until('dropped file loaded', async () => (await message(page))?.includes('Loaded dropped.z80'));
    expect(await page.locator('#drop-overlay').isHidden()).toBe(true);
  });

  it('asks which file to load when a ZIP holds several', async () => {
    const demo = new Uint8Array(readFileSync(DEMO));
    const zip = buildZip([{ name: 'side-a.z80', data: demo }, { name: 'side-b.z80', data: demo }]);
    await page.locator('#file-input').setInputFiles({ name: 'two.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    const choice = page.locator('#chooser-list button', { hasText: 'side-b.z80' });
    await choice.waitFor({ state: 'visible', timeout: 15_000 });
    await choice.click();
    await until('chosen entry loaded', async () => (await message(page))?.includes('Loaded side-b.z80'));
  });

  it('sends keys to the machine only while the screen has focus', async () => {
    await page.locator('#screen').click();
    await page.keyboard.down('KeyA');
    expect((await pageInput(page)).keys).toEqual(['KeyA']);
    await page.keyboard.up('KeyA');
    expect((await pageInput(page)).keys).toEqual([]);
    await page.locator('#link-section summary').click();
    await page.locator('#share-link').focus();
    await page.keyboard.down('KeyB');
    expect((await pageInput(page)).keys).toEqual([]);
    await page.keyboard.up('KeyB');
  });

  it('maps a gamepad (through gamecontroller.js) to the joystick', async () => {
    await page.evaluate(() => {
      const buttons = Array.from({ length: 17 }, () => ({ pressed: false, touched: false, value: 0 }));
      const pad = { id: 'Fake pad', index: 0, connected: true, mapping: 'standard', axes: [0, 0, 0, 0], buttons, timestamp: 0 };
      (window as unknown as { fakePad: typeof pad }).fakePad = pad;
      navigator.getGamepads = () => [pad as unknown as Gamepad, null, null, null];
      window.dispatchEvent(Object.assign(new Event('gamepadconnected'), { gamepad: pad }));
    });
    await until('pad status', async () => (await page.locator('#pad-status').textContent())?.includes('Fake pad'));
    await page.evaluate(() => {
      const pad = (window as unknown as { fakePad: { buttons: { pressed: boolean; value: number }[]; axes: number[] } }).fakePad;
      pad.buttons[0]!.pressed = true;
      pad.axes[0] = -1;
    });
    // Fire (bit 4) and Left (bit 2) on joystick 1.
    await until('pad bits', async () => (await pageInput(page)).pads[0] === (16 | 4));
    // Remap Fire to button 3 by pressing it: button 0 then no longer fires.
    await page.evaluate(() => {
      const pad = (window as unknown as { fakePad: { buttons: { pressed: boolean }[]; axes: number[] } }).fakePad;
      pad.buttons[0]!.pressed = false;
      pad.axes[0] = 0;
    });
    await until('pad released', async () => (await pageInput(page)).pads[0] === 0);
    await page.locator('#pad-section summary').click();
    await page.locator('#pad-map label', { hasText: 'Fire 2' }).waitFor();
    await page.locator('#pad-map label').filter({ has: page.locator('select[data-pad="Fire"]') }).locator('button').click();
    await page.evaluate(() => {
      (window as unknown as { fakePad: { buttons: { pressed: boolean }[] } }).fakePad.buttons[3]!.pressed = true;
    });
    await until('remapped', async () => (await page.locator('select[data-pad="Fire"]').inputValue()) === '3');
    await until('fire on button 3', async () => (await pageInput(page)).pads[0] === 16);
    await page.evaluate(() => {
      (window as unknown as { fakePad: { buttons: { pressed: boolean }[] } }).fakePad.buttons[3]!.pressed = false;
    });
    await until('pad released again', async () => (await pageInput(page)).pads[0] === 0);
  });

  it('keeps settings, the machine and its states across a reload', async () => {
    await page.locator('#display-section summary').click();
    await page.locator('#scanlines').check();
    await until('saved settings', () => page.evaluate(() => new Promise<boolean>((resolve) => {
      const r = indexedDB.open('amalgam');
      r.onsuccess = () => {
        const g = r.result.transaction('settings').objectStore('settings').get('settings');
        g.onsuccess = () => resolve(g.result?.scanlines === true);
      };
    })));
    await page.reload();
    await until('machine back', async () => (await page.locator('#machine-title').textContent())?.includes('ZX Spectrum 48K — side-b.z80'));
    expect(await page.locator('#scanlines').isChecked()).toBe(true);
    // The machine option chosen earlier is kept too, and shown.
    expect(await page.locator('[data-option="tape.realtime"]').isChecked()).toBe(true);
    await until('slot 1 kept', () => page.locator('[data-slot="1"] img').evaluate((i: HTMLImageElement) => i.src.startsWith('blob:')));
    await until('running after reload', async () => (await canvasSample(page)).lit > 1000, 60_000);
    await shot('07-after-reload');
  });

  it('opens a shared link with machine, media and speed', async () => {
    const demo = readFileSync(DEMO);
    const p2 = await browser!.newPage({ viewport: { width: 1280, height: 720 } });
    p2.on('pageerror', (e) => pageErrors.push(String(e)));
    await p2.route((u) => u.pathname === '/shared/linked.z80', (route) => route.fulfill({ status: 200, body: demo, contentType: 'application/octet-stream' }));
    // The state downloaded by an earlier test (made with the built-in ROM, which a fresh profile has).
    const state = readFileSync(join(SHOTS, 'saved.amstate'));
    await p2.route((u) => u.pathname === '/shared/linked.amstate', (route) => route.fulfill({ status: 200, body: state, contentType: 'application/json' }));
    await p2.goto(`${server!.resolvedUrls!.local[0]!}?machine=zx-spectrum-48k&media=/shared/linked.z80&speed=50&state=/shared/linked.amstate`);
    await until('linked media', async () => (await p2.locator('#machine-title').textContent())?.includes('linked.z80'), 60_000);
    await until('linked state', async () => (await p2.locator('#message-text').textContent())?.includes('Loaded the state from linked.amstate'), 30_000);
    expect(await p2.locator('#speed').inputValue()).toBe('50');
    const s = await until('half speed', async () => { const v = await speedValue(p2); return v > 0.4 && v < 0.6 ? v : 0; }, 30_000);
    expect(s).toBeGreaterThan(0.4);
    await p2.goto(`${server!.resolvedUrls!.local[0]!}?machine=no-such-machine`);
    await until('unknown machine message', async () => (await p2.locator('#message-text').textContent())?.includes('no-such-machine'));
    await p2.close();
  });

  it('fits a narrow window without sideways scrolling', async () => {
    await page.setViewportSize({ width: 420, height: 800 });
    await until('relayout', async () => { const s = await canvasSample(page); return s.w > 0 && s.w <= 420 * 2; });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    await shot('08-narrow');
    expect(pageErrors).toEqual([]);
  });
});
