/**
 * The worker's EmulatorCore in Node, over every registered machine (those needing a third-party ROM
 * get it from ../shared: test/helpers/machine-roms.ts; absent, they skip, or fail under
 * REQUIRE_TESTDATA=1): start with the demo, frames go out as transferred buffers and are recycled, pacing follows the
 * injected clock, pause freezes, save/load round-trips, and bad input becomes a typed error reply.
 */
import { describe, expect, it } from 'vitest';
import { machines } from '../../machines/index.ts';
import { AudioRing } from '../../ui/audio/ring-buffer.ts';
import { EmulatorCore } from '../../ui/worker/emulator-core.ts';
import type { ExportResult, FrameMessage, FromWorker, StatsMessage } from '../../ui/worker/protocol.ts';
import { requiredRomPaths, testRoms } from '../helpers/machine-roms.ts';
import { describeWithShared } from '../helpers/testdata.ts';
import { toyMachine } from '../helpers/toy-machine.ts';

const startable = machines.filter((m) => m.roms.every((r) => r.fallback !== undefined));

function harness(machineId: string) {
  let now = 0;
  const out: FromWorker[] = [];
  const core = new EmulatorCore(machines, (m) => out.push(m), () => now);
  let id = 0;
  const cmd = (c: Parameters<typeof core.handle>[0] extends infer T ? T extends { t: 'cmd'; cmd: infer C } ? C : never : never) => {
    const myId = ++id;
    core.handle({ t: 'cmd', id: myId, cmd: c });
    const r = out.find((m) => m.t === 'reply' && m.id === myId);
    if (r === undefined || r.t !== 'reply') throw new Error('no reply');
    return r;
  };
  const advance = (ms: number) => {
    for (let t = 0; t < ms; t += 4) { now += 4; core.tick(); }
  };
  const frames = () => out.filter((m): m is FrameMessage => m.t === 'frame');
  const stats = () => out.filter((m): m is StatsMessage => m.t === 'stats').at(-1)!;
  const ring = new AudioRing(AudioRing.allocate(48000, true));
  const def = machines.find((m) => m.id === machineId);
  const roms = def === undefined ? {} : Object.fromEntries(testRoms(def));
  const started = cmd({ t: 'start', req: { machineId, roms, media: null, useDefault: true, audioRate: 48000, audioBuffer: ring.buffer as SharedArrayBuffer, speed: 1 } });
  return { core, out, cmd, advance, frames, stats, ring, started, recycle: (f: FrameMessage) => core.handle({ t: 'recycle', buffer: f.buffer }) };
}

describe('EmulatorCore', () => {
  it('has at least one machine that starts without a user ROM', () => {
    expect(startable.length).toBeGreaterThan(0);
  });

  for (const def of machines) {
    describeWithShared(def.id, requiredRomPaths(def), () => {
      it('starts with its demo, paces by the clock and sends frames and sound', () => {
        const h = harness(def.id);
        expect(h.started.ok).toBe(true);
        h.advance(1000);
        const fr = h.frames();
        expect(fr.length).toBeGreaterThan(0);
        // At most three frames in flight until the page hands buffers back.
        expect(fr.length).toBeLessThanOrEqual(3);
        expect(fr[0]!.buffer.byteLength).toBe(fr[0]!.width * fr[0]!.height * 4);
        for (const f of fr) h.recycle(f);
        h.advance(1000);
        const s = h.stats();
        expect(s.speed).toBeGreaterThan(0.9);
        expect(s.speed).toBeLessThan(1.1);
        expect(s.fps).toBeGreaterThan(def.frameHz * 0.9);
        // Stats go out every 250 ms, so the last one is up to that much behind the 2 s run.
        expect(s.seconds).toBeGreaterThan(1.7);
        expect(s.seconds).toBeLessThan(2.01);
        expect(h.ring.available()).toBeGreaterThan(0);
        // Nobody reads the ring here: latency stays bounded (0.16 s at 48 kHz) instead of growing.
        expect(h.ring.available()).toBeLessThanOrEqual(7680);
      });

      it('freezes while paused, steps one frame, and round-trips a save state', () => {
        const h = harness(def.id);
        h.advance(500);
        h.core.handle({ t: 'control', paused: true });
        const before = h.stats().frames;
        h.advance(500);
        expect(h.stats().frames).toBe(before);
        const saved = h.cmd({ t: 'save' });
        expect(saved.ok).toBe(true);
        const bytes = (saved as { value: { bytes: Uint8Array } }).value.bytes;
        h.cmd({ t: 'step' });
        expect(h.stats().frames).toBe(before + 1);
        h.core.handle({ t: 'control', paused: false });
        h.advance(300);
        const loaded = h.cmd({ t: 'load', bytes });
        expect(loaded.ok).toBe(true);
        expect(h.stats().frames).toBe(before);
        // The speed read-out never goes negative across the jump back in time.
        h.advance(1200);
        expect(h.stats().speed).toBeGreaterThan(0.5);
      });

      it('exports each of its formats; a format it also reads loads back', () => {
        const h = harness(def.id);
        h.advance(300);
        for (const e of def.exports ?? []) {
          const r = h.cmd({ t: 'export', format: e.format });
          expect(r.ok, e.format).toBe(true);
          const file = (r as { value: ExportResult }).value;
          expect(file.name.toLowerCase().endsWith('.' + e.extension)).toBe(true);
          expect(file.bytes.length).toBeGreaterThan(0);
          if (def.media.some((f) => f.extensions.includes(e.extension)))
            expect(h.cmd({ t: 'media', file: { name: file.name, bytes: file.bytes } }).ok, e.format).toBe(true);
        }
        const bad = h.cmd({ t: 'export', format: 'no-such-format' });
        expect(bad.ok).toBe(false);
        if (!bad.ok) expect(bad.error.kind).toBe('usage');
      });

      it('answers bad media and bad states with typed errors and keeps running', () => {
        const h = harness(def.id);
        const ext = def.media[0]?.extensions[0] ?? 'bin';
        const bad = h.cmd({ t: 'media', file: { name: `junk.${ext}`, bytes: new Uint8Array([1, 2, 3]) } });
        expect(bad.ok).toBe(false);
        if (!bad.ok) {
          expect(bad.error.kind).toBe('media');
          expect(bad.error.message).toContain('junk');
        }
        const badState = h.cmd({ t: 'load', bytes: new TextEncoder().encode('{"format":"nope"}') });
        expect(badState.ok).toBe(false);
        if (!badState.ok) expect(badState.error.kind).toBe('state');
        h.advance(300);
        expect(h.stats().frames).toBeGreaterThan(5);
      });
    });
  }

  it('hands out copies of written media when the machine has any', () => {
    const base = startable[0]!;
    const disk = new Uint8Array([1, 2, 3, 4]);
    // A machine that reports a written disk: the first ROM-free machine with writtenMedia added.
    const withDisk = {
      ...base,
      id: 'test-writable',
      build(ctx: Parameters<typeof base.build>[0]) {
        const m = base.build(ctx);
        const w = Object.create(m) as typeof m & { writtenMedia(): { name: string; bytes: Uint8Array }[] };
        w.writtenMedia = () => [{ name: 'disk.img', bytes: disk }];
        return w;
      },
    };
    const out: FromWorker[] = [];
    const core = new EmulatorCore([withDisk, base], (m) => out.push(m), () => 0);
    const start = (id: string, n: number) => core.handle({ t: 'cmd', id: n, cmd: { t: 'start', req: { machineId: id, roms: {}, media: null, useDefault: false, audioRate: 48000, audioBuffer: null, speed: 1 } } });
    start('test-writable', 1);
    core.handle({ t: 'cmd', id: 2, cmd: { t: 'written' } });
    const r = out.find((m) => m.t === 'reply' && m.id === 2);
    expect(r?.t === 'reply' && r.ok && r.value).toEqual([{ name: 'disk.img', bytes: disk }]);
    const got = (r as { value: { bytes: Uint8Array }[] }).value[0]!.bytes;
    expect(got).not.toBe(disk);
    start(base.id, 3);
    core.handle({ t: 'cmd', id: 4, cmd: { t: 'written' } });
    const r2 = out.find((m) => m.t === 'reply' && m.id === 4);
    expect(r2?.t === 'reply' && r2.ok && r2.value).toEqual([]);
  });

  it('applies machine options at start (unknown ids ignored) and on command; exports are transferred copies', () => {
    const firstFrame = (options?: Record<string, boolean>) => {
      const out: FromWorker[] = [];
      let now = 0;
      const core = new EmulatorCore([toyMachine], (m) => out.push(m), () => now);
      core.handle({ t: 'cmd', id: 1, cmd: { t: 'start', req: { machineId: 'toy', roms: {}, media: null, useDefault: false, audioRate: 48000, audioBuffer: null, speed: 1, ...(options ? { options } : {}) } } });
      for (let i = 0; i < 10; i++) { now += 4; core.tick(); }
      const f = out.find((m): m is FrameMessage => m.t === 'frame')!;
      return { core, out, pixels: new Uint32Array(f.buffer) };
    };
    const plain = firstFrame().pixels;
    const { core, out, pixels } = firstFrame({ 'video.invert': true, 'no.such.option': true });
    expect(plain.length).toBe(256);
    expect([...pixels]).toEqual([...plain].map((p) => (p ^ 0xffffff) >>> 0));
    const reply = (id: number) => out.find((m) => m.t === 'reply' && m.id === id)!;
    core.handle({ t: 'cmd', id: 2, cmd: { t: 'option', id: 'video.invert', value: false } });
    expect(reply(2)).toMatchObject({ ok: true });
    core.handle({ t: 'cmd', id: 3, cmd: { t: 'option', id: 'no.such.option', value: true } });
    const r3 = reply(3);
    expect(r3.t === 'reply' && !r3.ok && r3.error.kind).toBe('usage');
    expect(r3.t === 'reply' && !r3.ok && r3.error.message).toMatch(/no option "no\.such\.option"/);
    const posted: Transferable[][] = [];
    const core2 = new EmulatorCore([toyMachine], (m, t) => { out.push(m); posted.push(t ?? []); }, () => 0);
    core2.handle({ t: 'cmd', id: 4, cmd: { t: 'start', req: { machineId: 'toy', roms: {}, media: null, useDefault: false, audioRate: 48000, audioBuffer: null, speed: 1 } } });
    core2.handle({ t: 'cmd', id: 5, cmd: { t: 'export', format: 'ram' } });
    const r5 = reply(5);
    expect(r5.t === 'reply' && r5.ok && (r5.value as ExportResult).name).toBe('toy.ram');
    expect(r5.t === 'reply' && r5.ok && (r5.value as ExportResult).bytes.length).toBe(256);
    expect(posted.some((t) => t.length === 1 && t[0] === (r5 as { value: ExportResult }).value.bytes.buffer)).toBe(true);
  });

  it('refuses an unknown machine in plain words', () => {
    const out: FromWorker[] = [];
    const core = new EmulatorCore(machines, (m) => out.push(m), () => 0);
    core.handle({ t: 'cmd', id: 1, cmd: { t: 'start', req: { machineId: 'nope', roms: {}, media: null, useDefault: true, audioRate: 48000, audioBuffer: null, speed: 1 } } });
    const r = out[0]!;
    expect(r.t === 'reply' && !r.ok && r.error.message).toMatch(/no machine "nope"/);
  });
});
