/**
 * The machine contract, checked on every registered machine and the toy: declarations are well
 * formed (options, exports, configuration, drives), the built machine has each capability exactly
 * when its definition declares it (the Session refuses a mismatch at build), declared options and
 * exports work and undeclared ids are refused, every configuration choice builds and runs, and a
 * save state replays exactly: run A (N frames, save, M frames) equals run B (load, M frames), frame
 * by frame and sample by sample. Machines that need a third-party ROM get it from ../shared
 * (test/helpers/machine-roms.ts): absent, they skip with a message, or fail under REQUIRE_TESTDATA=1.
 */
import { describe, expect, it } from 'vitest';
import { ConfigMismatchError, UsageError } from '../../cores/kernel/errors.ts';
import { InputState, type Host, type VideoFrame } from '../../cores/kernel/host.ts';
import type { MachineDef } from '../../cores/kernel/machine.ts';
import { Session } from '../../cores/kernel/session.ts';
import { sha1Hex } from '../../cores/kernel/sha1.ts';
import { machines } from '../../machines/index.ts';
import { requiredRomPaths, testRoms } from '../helpers/machine-roms.ts';
import { describeWithShared } from '../helpers/testdata.ts';
import { toyMachine } from '../helpers/toy-machine.ts';

const all: readonly MachineDef[] = [...machines, toyMachine];

class HashingHost implements Host {
  readonly input = new InputState();
  frames: string[] = [];
  audioHash: string[] = [];
  video(frame: VideoFrame): void {
    this.frames.push(sha1Hex(new Uint8Array(frame.pixels.buffer, frame.pixels.byteOffset, frame.pixels.byteLength)));
  }
  audio(samples: Float32Array, frames: number): void {
    this.audioHash.push(sha1Hex(new Uint8Array(samples.buffer, samples.byteOffset, frames * 8)));
  }
}

function start(def: MachineDef, host: Host, config?: Record<string, string>): Session {
  return Session.start(def, { host, roms: testRoms(def), config, useDefault: true }).session;
}

/** Frames to run before and after the save: enough for a machine to be busy with its default program. */
const N = 40;
const M = 25;

describe('machine contract: declarations', () => {
  for (const def of all) {
    it(`${def.id}: declares unique, well-formed options, exports, configuration and drives`, () => {
      const ids = (def.options ?? []).map((o) => o.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const o of def.options ?? []) {
        expect(o.id).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)*$/);
        expect(o.label.length).toBeGreaterThan(0);
        expect(o.description.length).toBeGreaterThan(0);
        expect(typeof o.default).toBe('boolean');
      }
      const exts = (def.exports ?? []).map((e) => e.extension);
      expect(new Set(exts).size).toBe(exts.length);
      expect(new Set((def.exports ?? []).map((e) => e.format)).size).toBe(exts.length);
      for (const e of def.exports ?? []) expect(e.extension).toMatch(/^[a-z0-9]+$/);
      const cids = (def.config ?? []).map((c) => c.id);
      expect(new Set(cids).size).toBe(cids.length);
      for (const c of def.config ?? []) {
        expect(c.id).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)*$/);
        expect(c.choices.length, c.id).toBeGreaterThan(1);
        expect(new Set(c.choices.map((x) => x.value)).size).toBe(c.choices.length);
        expect(c.choices.map((x) => x.value)).toContain(c.default);
        // Values travel in links and CLI pairs: no separators in them.
        for (const x of c.choices) expect(x.value).toMatch(/^[A-Za-z0-9_.+-]+$/);
      }
      const dids = (def.drives ?? []).map((d) => d.id);
      expect(new Set(dids).size).toBe(dids.length);
      for (const d of def.drives ?? []) {
        expect(d.kinds.length).toBeGreaterThan(0);
        for (const k of d.kinds) expect(def.media.some((f) => f.kind === k), `${d.id} takes ${k}, a kind no format has`).toBe(true);
      }
    });
  }
});

for (const def of all) {
  let needs: string[];
  try {
    needs = requiredRomPaths(def);
  } catch (e) {
    it(`${def.id}: has test ROMs for its required slots`, () => { throw e; });
    continue;
  }
  describeWithShared(`machine contract: ${def.id}`, needs, () => {
    it('the built machine offers each declared option and export, and refuses unknown ids', () => {
      const s = start(def, new HashingHost());
      s.runFrames(2);
      for (const o of def.options ?? []) {
        s.setOption(o.id, !o.default);
        s.runFrames(1);
        s.setOption(o.id, o.default);
      }
      for (const e of def.exports ?? []) {
        const f = s.exportMedia(e.format);
        expect(f.bytes.length, e.format).toBeGreaterThan(0);
        expect(f.name.toLowerCase().endsWith('.' + e.extension), f.name).toBe(true);
      }
      expect(() => s.setOption('no.such.option', true)).toThrow(UsageError);
      expect(() => s.exportMedia('no-such-format')).toThrow(UsageError);
      expect(() => new Session(def, { host: new HashingHost(), roms: testRoms(def), config: { 'no.such.setting': 'x' } })).toThrow(UsageError);
    });

    it('every configuration choice builds and runs', () => {
      for (const c of def.config ?? []) {
        for (const x of c.choices) {
          const host = new HashingHost();
          const s = start(def, host, { [c.id]: x.value });
          expect(s.config[c.id]).toBe(x.value);
          s.runFrames(3);
          expect(host.frames.length, `${c.id}=${x.value}`).toBeGreaterThanOrEqual(3);
        }
      }
    });

    it('a state made with another configuration is refused, naming the difference', () => {
      const c = (def.config ?? [])[0];
      if (c === undefined) {
        // Nothing to differ in: the state carries no configuration at all.
        const s = start(def, new HashingHost());
        expect(s.saveState().config).toBeUndefined();
        return;
      }
      const other = c.choices.find((x) => x.value !== c.default)!;
      const a = start(def, new HashingHost(), { [c.id]: other.value });
      a.runFrames(2);
      const state = a.saveStateBytes();
      const b = start(def, new HashingHost());
      expect(() => b.loadState(state)).toThrow(ConfigMismatchError);
      expect(() => b.loadState(state)).toThrow(new RegExp(c.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    });

    it(`run A (${N} frames, save, ${M} frames) equals run B (load, ${M} frames), frames and audio`, () => {
      const hostA = new HashingHost();
      const a = start(def, hostA);
      a.runFrames(N);
      const state = a.saveStateBytes();
      const fa = hostA.frames.length;
      const aa = hostA.audioHash.length;
      a.runFrames(M);
      const hostB = new HashingHost();
      const b = start(def, hostB);
      b.loadState(state);
      b.runFrames(M);
      expect(hostB.frames).toEqual(hostA.frames.slice(fa));
      expect(hostB.audioHash).toEqual(hostA.audioHash.slice(aa));
      // The run is not trivially idle: the machine drew different pictures or played sound.
      expect(new Set(hostA.frames).size > 1 || hostA.audioHash.length > 0).toBe(true);
      // Saving again right after the load gives the same state.
      const again = new TextDecoder().decode(b.saveStateBytes());
      expect(again).toBe(new TextDecoder().decode(a.saveStateBytes()));
    });
  });
}
