/**
 * The frontend's pure pieces: link parsing, picture placement, settings sanitising, the audio
 * ring, the gamepad mapping.
 */
import { describe, expect, it } from 'vitest';
import { PadButton } from '../../cores/kernel/host.ts';
import { buildLink, parseLink } from '../../ui/app/link-params.ts';
import { formatSpeed } from '../../ui/app/machine-info.ts';
import { AudioRing } from '../../ui/audio/ring-buffer.ts';
import { padBits } from '../../ui/input/pad-map.ts';
import { placeFrame } from '../../ui/render/scaling.ts';
import { DEFAULT_SETTINGS, sanitizeSettings } from '../../ui/storage/settings.ts';

describe('links', () => {
  it('reads machine, media, state and speed', () => {
    const p = parseLink('?machine=zx-spectrum-48k&media=https://example.org/a.tap&state=/s.amstate&speed=150');
    expect(p).toEqual({ machine: 'zx-spectrum-48k', media: 'https://example.org/a.tap', state: '/s.amstate', speed: 1.5, problems: [] });
  });
  it('takes speed as a factor or a percentage, and refuses out-of-range values', () => {
    expect(parseLink('?speed=0.5').speed).toBe(0.5);
    expect(parseLink('?speed=400%').speed).toBe(4);
    expect(parseLink('?speed=10').speed).toBe(0.1);
    expect(parseLink('?speed=1000').problems[0]).toMatch(/between 10% and 400%/);
    expect(parseLink('?speed=abc').problems).toHaveLength(1);
  });
  it('refuses non-http media addresses', () => {
    const p = parseLink('?machine=x&media=javascript:alert(1)');
    expect(p.media).toBeNull();
    expect(p.problems[0]).toMatch(/http/);
  });
  it('builds a link that parses back', () => {
    const link = buildLink('http://h/', { machine: 'm', speed: 2, media: 'http://h/a.z80' });
    const p = parseLink(new URL(link).search);
    expect([p.machine, p.speed, p.media]).toEqual(['m', 2, 'http://h/a.z80']);
  });
});

describe('placeFrame', () => {
  it('integer scaling picks the largest whole factor and centres', () => {
    expect(placeFrame(320, 240, 1, 1000, 700, 'integer')).toEqual({ x: 180, y: 110, width: 640, height: 480, scaleY: 2 });
  });
  it('fit scaling fills one dimension', () => {
    const p = placeFrame(320, 200, 1, 960, 900, 'fit');
    expect(p.width).toBe(960);
    expect(p.height).toBe(600);
  });
  it('honours the pixel aspect', () => {
    const p = placeFrame(320, 200, 1.2, 2000, 1000, 'integer');
    expect(p.scaleY).toBe(5);
    expect(p.width).toBe(1920);
    expect(p.height).toBe(1000);
  });
  it('shrinks below 1x in a tiny view rather than overflowing', () => {
    const p = placeFrame(352, 296, 1, 200, 150, 'integer');
    expect(p.width).toBeLessThanOrEqual(200);
    expect(p.height).toBeLessThanOrEqual(150);
  });
});

describe('settings', () => {
  it('falls back field by field', () => {
    const s = sanitizeSettings({ scale: 'fit', smooth: 'yes', volume: 3, padMap: { Fire: 2, Up: -1, Down: 1.5 }, lastMachine: 'x' });
    expect(s).toEqual({ ...DEFAULT_SETTINGS, scale: 'fit', padMap: { Fire: 2 }, lastMachine: 'x' });
    expect(sanitizeSettings('garbage')).toEqual(DEFAULT_SETTINGS);
    // Machine options: booleans kept per machine, anything else dropped.
    expect(sanitizeSettings({ machineOptions: { a: { 'tape.realtime': true, x: 'on' }, b: 3, c: { y: 1 } } }).machineOptions)
      .toEqual({ a: { 'tape.realtime': true } });
    expect(sanitizeSettings({ machineOptions: 'no' }).machineOptions).toEqual({});
  });
});

describe('AudioRing', () => {
  it('passes samples through in order across the wrap, and plays silence when empty', () => {
    const ring = new AudioRing(AudioRing.allocate(8, false));
    const src = new Float32Array(12);
    for (let i = 0; i < 12; i++) src[i] = i + 1;
    expect(ring.write(src, 6)).toBe(6);
    const l = new Float32Array(4);
    const r = new Float32Array(4);
    expect(ring.read(l, r)).toBe(4);
    expect([...l]).toEqual([1, 3, 5, 7]);
    expect([...r]).toEqual([2, 4, 6, 8]);
    // 2 queued + 6 more = 8 = capacity; the 9th frame does not fit.
    expect(ring.write(src, 6)).toBe(6);
    expect(ring.write(src, 1)).toBe(0);
    expect(ring.available()).toBe(8);
    const l2 = new Float32Array(10);
    const r2 = new Float32Array(10);
    expect(ring.read(l2, r2)).toBe(8);
    expect([...l2]).toEqual([9, 11, 1, 3, 5, 7, 9, 11, 0, 0]);
  });
});

describe('gamepad mapping', () => {
  it('maps the standard layout and the stick, and honours remapping', () => {
    expect(padBits({ button0: true, up0: true }, {})).toBe(PadButton.Fire | PadButton.Up);
    expect(padBits({ button15: true }, {})).toBe(PadButton.Right);
    expect(padBits({ button2: true }, { Fire: 2 })).toBe(PadButton.Fire);
    expect(padBits({ button0: true }, { Fire: 2 })).toBe(0);
  });
});

describe('speed read-out', () => {
  it('formats percent and fps, and hides nonsense', () => {
    expect(formatSpeed(1.234, 50.04, false)).toBe('123% · 50.0 fps');
    expect(formatSpeed(1, 50, true)).toBe('Paused');
    expect(formatSpeed(-1, 50, false)).toBe('–');
  });
});
