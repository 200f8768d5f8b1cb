/**
 * The NES machine as a whole: the demo runs and draws, audio flows, cartridge parsing gives
 * typed errors, and save states are exact (run A = run B) from the middle of a scanline and
 * from a pending OAM DMA (the $4014 write done, the 513/514 halted cycles not yet run).
 */
import { describe, expect, it } from 'vitest';
import { MediaError, UnsupportedFormatError, TruncatedError } from '../../../cores/kernel/errors.ts';
import { InputState, type Host, type VideoFrame } from '../../../cores/kernel/host.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { sha1Hex } from '../../../cores/kernel/sha1.ts';
import { parseCartridge } from '../../../machines/nes/cartridge.ts';
import { Controllers } from '../../../machines/nes/controllers.ts';
import { nes, type NesMachine } from '../../../machines/nes/definition.ts';
import { demoCartridge } from '../../../roms/nes/demo.ts';

class RecordingHost implements Host {
  readonly input = new InputState();
  frames: string[] = [];
  audioSum = 0;
  audioFrames = 0;
  samples: number[] = [];
  video(f: VideoFrame): void { this.frames.push(sha1Hex(new Uint8Array(f.pixels.buffer.slice(0)))); }
  audio(s: Float32Array, n: number): void {
    for (let i = 0; i < 2 * n; i++) { this.audioSum += Math.abs(s[i]!); this.samples.push(s[i]!); }
    this.audioFrames += n;
  }
}

function demoSession(): { session: Session; host: RecordingHost; m: NesMachine } {
  const host = new RecordingHost();
  const session = new Session(nes, { host });
  session.insertMedia('amalgam-demo.nes', demoCartridge());
  return { session, host, m: session.machine as NesMachine };
}

describe('NES machine', () => {
  it('runs the demo: frames change (scrolling), sprites move, the tune plays', () => {
    const { session, host, m } = demoSession();
    session.runFrames(120);
    expect(new Set(host.frames.slice(60)).size).toBeGreaterThan(50);
    expect(m.nes.ppu.s.mask & 0x18).toBe(0x18);
    expect(host.audioFrames).toBeGreaterThan(48000 * 1.9);
    expect(host.audioSum / host.audioFrames).toBeGreaterThan(0.01);
  });

  it('save states are exact: from mid-scanline and from a pending OAM DMA, run A = run B', () => {
    for (const where of ['mid-scanline', 'pending OAM DMA'] as const) {
      const a = demoSession();
      a.session.runFrames(30);
      if (where === 'mid-scanline') a.session.runTicks(12345);
      else {
        let guard = 0;
        while (!a.m.nes.oamDma && guard++ < 200_000) a.session.runTicks(1);
        expect(a.m.nes.oamDma).toBe(true);
      }
      const state = a.session.saveStateBytes();
      a.host.frames = []; a.host.samples = [];
      a.session.runFrames(20);
      const b = demoSession();
      b.session.runFrames(3);
      b.session.loadState(state);
      b.host.frames = []; b.host.samples = [];
      b.session.runFrames(20);
      expect(b.host.frames, where).toEqual(a.host.frames);
      expect(b.host.samples.length, where).toBe(a.host.samples.length);
      expect(sha1Hex(new Uint8Array(Float32Array.from(b.host.samples).buffer)), where)
        .toBe(sha1Hex(new Uint8Array(Float32Array.from(a.host.samples).buffer)));
      // save -> load -> save is the same document
      const again = b.session.saveStateBytes();
      b.session.loadState(again);
      expect(b.session.saveStateBytes()).toEqual(again);
    }
  });

  it('refuses cartridges it cannot run with typed errors naming the problem', () => {
    const demo = demoCartridge();
    const m5 = demo.slice(); m5[6] = (m5[6]! & 0x0f) | 0x50;
    expect(() => parseCartridge(m5, 'x.nes')).toThrow(UnsupportedFormatError);
    expect(() => parseCartridge(m5, 'x.nes')).toThrow(/mapper 5 \(MMC5/);
    expect(() => parseCartridge(demo.subarray(0, 5000), 'x.nes')).toThrow(TruncatedError);
    expect(() => parseCartridge(new Uint8Array(40), 'x.nes')).toThrow(MediaError);
    const nes2 = demo.slice(); nes2[7] = 0x08; nes2[8] = 0x01; // NES 2.0, mapper 256
    expect(() => parseCartridge(nes2, 'x.nes')).toThrow(/mapper 256/);
  });

  it('keeps battery RAM: writtenMedia gives the cartridge with its RAM, which loads back', () => {
    const cart = demoCartridge().slice();
    cart[6] = cart[6]! | 2; // battery
    const host = new RecordingHost();
    const a = new Session(nes, { host });
    a.insertMedia('game.nes', cart);
    const m = a.machine as NesMachine;
    expect(m.writtenMedia!()).toEqual([]);
    m.nes.write(0x6000, 0x42); m.nes.write(0x7fff, 0x99);
    const written = m.writtenMedia!();
    expect(written.length).toBe(1);
    expect(written[0]!.drive).toBe('cart');
    expect(written[0]!.name).toBe('game.nes');
    const b = new Session(nes, { host: new RecordingHost() });
    b.insertMedia('game.nes', written[0]!.bytes);
    const mb = b.machine as NesMachine;
    expect([mb.nes.read(0x6000), mb.nes.read(0x7fff)]).toEqual([0x42, 0x99]);
    expect(mb.writtenMedia!()).toEqual([]);
    // Written again, the trailer is replaced, not stacked.
    mb.nes.write(0x6001, 7);
    expect(mb.writtenMedia!()[0]!.bytes.length).toBe(written[0]!.bytes.length);
  });

  it('Zapper: the mouse aims, light is seen for a while after the beam draws a bright spot there', () => {
    const input = new InputState();
    const c = new Controllers(input);
    const frame = new Uint32Array(256 * 240);
    frame[50 * 256 + 100] = 0xffffffff;
    input.moveMouse(-28, -70);
    c.moveZapper();
    expect([c.s.zapX, c.s.zapY]).toEqual([100, 50]);
    expect(c.readZapper(40, 0, frame) & 0x08).toBe(0x08); // not drawn yet this frame
    expect(c.readZapper(55, 0, frame) & 0x08).toBe(0); // drawn 5 lines ago: light
    expect(c.readZapper(80, 0, frame) & 0x08).toBe(0x08); // the phosphor has faded
    frame[50 * 256 + 100] = 0xff202020;
    expect(c.readZapper(55, 0, frame) & 0x08).toBe(0x08); // too dark
    expect(c.readZapper(55, 0, frame) & 0x10).toBe(0);
    input.mouseButtons = 1;
    expect(c.readZapper(55, 0, frame) & 0x10).toBe(0x10);
    input.moveMouse(1000, 1000);
    c.moveZapper();
    expect([c.s.zapX, c.s.zapY]).toEqual([255, 239]);
  });

  it('reads the controllers: keyboard on port 1, strobe, eight bits then 1', () => {
    const { session, m } = demoSession();
    session.input.keys.add('KeyX'); session.input.keys.add('ArrowLeft');
    const n = m.nes;
    n.write(0x4016, 1); n.write(0x4016, 0);
    const bits = Array.from({ length: 10 }, () => n.read(0x4016) & 1);
    expect(bits).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 1, 1]);
  });
});
