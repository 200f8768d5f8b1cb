import { describe, expect, it } from 'vitest';
import {
  BadRomError, CorruptStateError, EmptyFileError, UnsupportedFormatError, VersionTooNewError,
  VersionTooOldError, WrongMachineError,
} from '../../../cores/kernel/errors.ts';
import { InputState, type Host } from '../../../cores/kernel/host.ts';
import { decodeState, encodeState, STATE_VERSION } from '../../../cores/kernel/save-state.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { sha1Hex } from '../../../cores/kernel/sha1.ts';
import { makeToyProgram, toyMachine } from '../../helpers/toy-machine.ts';

/** A host that records a hash per frame and every audio sample. */
class RecordingHost implements Host {
  readonly input = new InputState();
  frames: string[] = [];
  audioSamples: number[] = [];
  video(f: { pixels: Uint32Array }): void {
    this.frames.push(sha1Hex(new Uint8Array(f.pixels.buffer.slice(0))));
  }
  audio(samples: Float32Array, n: number): void {
    for (let i = 0; i < n * 2; i++) this.audioSamples.push(samples[i]!);
  }
}

function newSession(host = new RecordingHost()): { s: Session; host: RecordingHost } {
  return { s: new Session(toyMachine, { host, audioRate: 8000 }), host };
}

describe('Session', () => {
  it('runs exactly N frames, and frames change over time', () => {
    const { s, host } = newSession();
    s.runFrames(10);
    expect(host.frames.length).toBe(10);
    expect(s.machine.frameCount).toBe(10);
    expect(new Set(host.frames).size).toBeGreaterThan(5);
    // 10 frames of 20,000 ticks: the slice ends at the frame boundary (within one instruction).
    expect(s.now).toBeGreaterThanOrEqual(200_000);
    expect(s.now).toBeLessThan(200_000 + 6 * 4);
  });

  it('runs for emulated seconds and produces audio at the requested rate', () => {
    const { s, host } = newSession();
    s.runSeconds(0.5);
    expect(s.seconds).toBeGreaterThanOrEqual(0.5);
    expect(host.frames.length).toBe(25);
    // 8000 Hz stereo for 0.5 s, flushed at frame boundaries.
    expect(host.audioSamples.length / 2).toBe(4000);
    expect(host.audioSamples.some((v) => v !== 0)).toBe(true);
  });

  it('uses the fallback ROM when none is given, and checks a given ROM', () => {
    const { s } = newSession();
    expect(s.roms[0]!.fallback).toBe(true);
    expect(() => new Session(toyMachine, { host: new RecordingHost(), roms: new Map([['system', new Uint8Array(10)]]) }))
      .toThrow(BadRomError);
    expect(() => new Session(toyMachine, { host: new RecordingHost(), roms: new Map([['bios', new Uint8Array(256)]]) }))
      .toThrow(/no ROM slot "bios"/);
    const odd = new Session(toyMachine, { host: new RecordingHost(), roms: new Map([['system', new Uint8Array(256)]]) });
    expect(odd.warnings[0]).toMatch(/unknown dump/);
  });

  it('types text through the machine key map, one key at a time', () => {
    const { s } = newSession();
    const held: string[][] = [];
    s.typeText('ab');
    for (let i = 0; i < 14; i++) { s.runFrames(1); held.push([...s.input.keys]); }
    expect(held[0]).toEqual(['KeyA']);
    expect(held[3]).toEqual([]);
    expect(held[6]).toEqual(['KeyB']);
    expect(s.typing).toBe(false);
    expect(held[13]).toEqual([]);
  });
});

describe('Session typing hints', () => {
  it('waits for the machine to boot and uses its hold and gap times', () => {
    const def = { ...toyMachine, typing: { bootFrames: 5, holdFrames: 2, gapFrames: 4 } };
    const s = new Session(def, { host: new RecordingHost(), audioRate: 8000 });
    s.typeText('aa');
    const held: string[] = [];
    for (let i = 0; i < 18; i++) { s.runFrames(1); held.push([...s.input.keys].join()); }
    expect(held).toEqual(['', '', '', '', '', 'KeyA', 'KeyA', '', '', '', '', 'KeyA', 'KeyA', '', '', '', '', '']);
  });
});

describe('Save states', () => {
  it('round trip is exact: (N frames, save, M frames) equals (load, M frames) in frames and audio', () => {
    const a = newSession();
    a.s.runFrames(7);
    const saved = a.s.saveStateBytes();
    a.host.frames = [];
    a.host.audioSamples = [];
    a.s.runFrames(13);

    const b = newSession();
    b.s.runFrames(2); // somewhere else entirely
    b.s.loadState(saved);
    b.host.frames = [];
    b.host.audioSamples = [];
    b.s.runFrames(13);
    expect(b.host.frames).toEqual(a.host.frames);
    expect(b.host.audioSamples).toEqual(a.host.audioSamples);
  });

  it('save -> load -> save is identical', () => {
    const { s } = newSession();
    s.runFrames(5);
    const one = s.saveStateBytes();
    const { s: t } = newSession();
    t.loadState(one);
    expect(new TextDecoder().decode(t.saveStateBytes())).toBe(new TextDecoder().decode(one));
  });

  it('refuses a state from another machine, a newer version, or damaged bytes, and changes nothing', () => {
    const { s } = newSession();
    s.runFrames(3);
    const good = s.saveState();
    const before = new TextDecoder().decode(s.saveStateBytes());
    const bad: [Uint8Array, unknown][] = [
      [encodeState({ ...good, machine: 'nes' }), WrongMachineError],
      [encodeState({ ...good, version: STATE_VERSION + 1 }), VersionTooNewError],
      [encodeState({ ...good, parts: { ...good.parts, cpu: { v: 99, s: good.parts.cpu!.s } } }), VersionTooNewError],
      [encodeState({ ...good, parts: { ...good.parts, ram: { v: 0, s: {} } } }), VersionTooOldError],
      [encodeState({ ...good, parts: { ...good.parts, ram: { v: 1, s: { mem: new Uint8Array(3) } } } }), CorruptStateError],
      [encodeState({ ...good, roms: { system: '0'.repeat(40) } }), BadRomError],
      [new TextEncoder().encode('{"format":"amalgam-state"'), CorruptStateError],
      [new Uint8Array([0xff, 0xfe, 0x00, 0x81]), CorruptStateError],
      [new Uint8Array(0), CorruptStateError],
    ];
    for (const [bytes, err] of bad) {
      expect(() => s.loadState(bytes)).toThrow(err as never);
      expect(new TextDecoder().decode(s.saveStateBytes())).toBe(before);
    }
  });

  it('random and truncated bytes never get past the checks', () => {
    const { s } = newSession();
    s.runFrames(2);
    const good = s.saveStateBytes();
    const before = new TextDecoder().decode(good);
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 200; i++) {
      const mode = i % 3;
      let bytes: Uint8Array;
      if (mode === 0) bytes = good.slice(0, Math.floor(rnd() * good.length));
      else if (mode === 1) { bytes = good.slice(); for (let k = 0; k < 5; k++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256); }
      else bytes = Uint8Array.from({ length: Math.floor(rnd() * 500) }, () => Math.floor(rnd() * 256));
      try { s.loadState(bytes); } catch (e) { expect((e as Error).constructor.name).toMatch(/Error$/); expect(e).toHaveProperty('code'); }
    }
    // Whatever was loaded, the machine is still whole and still runs.
    s.loadState(good);
    expect(new TextDecoder().decode(s.saveStateBytes())).toBe(before);
    s.runFrames(2);
  });

  it('migrates an older part version through the part', () => {
    const { s } = newSession();
    s.runFrames(4);
    const st = decodeState(s.saveStateBytes());
    const counter = st.parts.counter!.s as { value: number };
    st.parts.counter = { v: 1, s: { value: counter.value } };
    const { s: t } = newSession();
    t.loadState(st);
    expect((t.machine.parts.counter!.getState() as { value: number }).value).toBe(counter.value);
  });
});

describe('Media through the session', () => {
  it('detects, parses and inserts; bad files give typed errors and change nothing', () => {
    const { s } = newSession();
    s.runFrames(1);
    const before = new TextDecoder().decode(s.saveStateBytes());
    expect(() => s.insertMedia('x.toy', new Uint8Array(0))).toThrow(EmptyFileError);
    expect(() => s.insertMedia('x.bin', new Uint8Array([1, 2, 3]))).toThrow(UnsupportedFormatError);
    expect(() => s.insertMedia('x.toy', makeToyProgram([1, 2, 3]).slice(0, 7))).toThrow(/cut short/);
    const corrupt = makeToyProgram([1, 2, 3]);
    corrupt[6] ^= 1;
    expect(() => s.insertMedia('x.toy', corrupt)).toThrow(/checksum/);
    expect(new TextDecoder().decode(s.saveStateBytes())).toBe(before);
    // Sniffing wins over a wrong extension.
    const m = s.insertMedia('prog.bin', makeToyProgram([0x01, 0x42, 0x04, 0x02]));
    expect(m.format.id).toBe('toy');
    s.runFrames(1);
    expect(s.machine.screenText!()).toMatch(/^A=42/);
  });
});
