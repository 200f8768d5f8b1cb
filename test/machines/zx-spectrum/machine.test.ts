import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputState, PadButton } from '../../../cores/kernel/host.ts';
import { spectrum48k } from '../../../machines/zx-spectrum/definition.ts';
import { Keyboard, keysForChar } from '../../../machines/zx-spectrum/keyboard.ts';
import { parseZ80 } from '../../../machines/zx-spectrum/snapshot/z80.ts';
import { parseTap } from '../../../machines/zx-spectrum/tape/tap.ts';
import { PALETTE, SCREEN_WIDTH } from '../../../machines/zx-spectrum/ula.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';
import { RecordingHost, codeSnapshot, session, spectrumOf } from './helpers.ts';

const ROM = 'testdata/spectrum/rom/48.rom';
const SAMPLES = 'testdata/spectrum/tape-format-samples';

describe('the 48K without a Sinclair ROM (replacement ROM and demo)', () => {
  it('boots the replacement ROM, which starts the demo and says what needs the real ROM', () => {
    const host = new RecordingHost();
    const s = session(null, host);
    expect(s.roms[0]!.fallback).toBe(true);
    s.runFrames(100);
    const text = s.machine.screenText!();
    expect(text).toContain('AMALGAM');
    expect(text).toContain('ZX Spectrum 48K demo');
    expect(text).toContain('Amalgam ROM: BASIC and tape');
    expect(text).toContain('loading need the original ROM.');
    // The beeper tune: audio is not silent, and the border carries more than one colour.
    const tail = host.audio_.slice(-48000);
    const rms = Math.sqrt(tail.reduce((a, v) => a + v * v, 0) / tail.length);
    expect(rms).toBeGreaterThan(0.05);
    const px = s.lastFrame!.pixels;
    const border = new Set<number>();
    for (let y = 0; y < 240; y++) border.add(px[y * SCREEN_WIDTH]!);
    expect(border.size).toBeGreaterThan(2);
  });

  it('emits 320x240 frames at 50.08 Hz', () => {
    expect(spectrum48k.frameHz).toBeCloseTo(50.08, 2);
    const s = session(null);
    s.runFrames(1);
    expect(s.lastFrame!.width).toBe(320);
    expect(s.lastFrame!.height).toBe(240);
    const t0 = s.now;
    s.runFrames(10);
    expect(s.now - t0).toBeGreaterThanOrEqual(10 * 69888 * 4);
    expect(s.now - t0).toBeLessThan(10 * 69888 * 4 + 100 * 4);
  });

  it('IM 1 counts FRAMES and scans the keyboard into LAST_K like the Sinclair ROM does', () => {
    const host = new RecordingHost();
    const s = session(null, host);
    s.insertMedia('halt.z80', codeSnapshot([0xfb, 0x76, 0x18, 0xfd], { im: 1, ei: true })); // EI; HALT; JR -3
    s.runFrames(50);
    const mem = spectrumOf(s).mem;
    const frames = mem[0x5c78]! | (mem[0x5c79]! << 8);
    expect(frames).toBeGreaterThanOrEqual(49);
    expect(frames).toBeLessThanOrEqual(51);
    host.input.keys.add('KeyQ');
    s.runFrames(2);
    expect(mem[0x5c08]).toBe(0x51);
    expect(mem[0x5c3b]! & 0x20).toBe(0x20);
  });

  it('says so when a program calls BASIC (RST 8) on the replacement ROM', () => {
    const s = session(null);
    s.insertMedia('basic.z80', codeSnapshot([0xcf, 0x0b])); // RST 8 with an error code, as BASIC programs do
    s.runFrames(5);
    expect(s.machine.screenText!()).toContain('This program needs BASIC.');
  });

  it('reads the keyboard matrix by half-row and the Kempston joystick on port 0x1F', () => {
    const host = new RecordingHost();
    const s = session(null, host);
    // Loop: IN A,(0x1F); LD (9000h),A; LD A,0FDh; IN A,(0FEh); LD (9001h),A; JR loop
    s.insertMedia('io.z80', codeSnapshot([0xdb, 0x1f, 0x32, 0x00, 0x90, 0x3e, 0xfd, 0xdb, 0xfe, 0x32, 0x01, 0x90, 0x18, 0xf2]));
    host.input.pads[0]!.buttons = PadButton.Right | PadButton.Fire;
    host.input.keys.add('KeyS');
    host.input.keys.add('KeyW'); // another half-row: not seen on A9
    s.runFrames(2);
    const mem = spectrumOf(s).mem;
    expect(mem[0x9000]).toBe(0x11);
    expect(mem[0x9001]! & 0x1f).toBe(0x1f & ~0x02);
    expect(keysForChar('A')).toEqual(['ShiftLeft', 'KeyA']);
    expect(keysForChar('"')).toEqual(['ControlLeft', 'KeyP']);
    expect(keysForChar('\n')).toEqual(['Enter']);
    expect(keysForChar('\u00e9')).toBeNull();
  });

  it('maps PC punctuation keys to the symbols a PC would type, Shift included', () => {
    const input = new InputState();
    const kb = new Keyboard(input);
    const read = (codes: string[], high: number) => {
      input.keys.clear();
      for (const c of codes) input.keys.add(c);
      return ~kb.read(high) & 0x1f;
    };
    // Quote alone: SYMBOL (A15 bit 1) + 7 (A12 bit 3). With Shift: SYMBOL + P (A13 bit 0), no CAPS.
    expect(read(['Quote'], 0x7f)).toBe(0x02);
    expect(read(['Quote'], 0xef)).toBe(0x08);
    expect(read(['ShiftLeft', 'Quote'], 0xdf)).toBe(0x01);
    expect(read(['ShiftLeft', 'Quote'], 0xfe)).toBe(0x00);
    expect(read(['ShiftLeft', 'Quote'], 0xef)).toBe(0x00);
    // Shift alone and Shift with a letter still give CAPS SHIFT (A8 bit 0).
    expect(read(['ShiftLeft', 'KeyA'], 0xfe)).toBe(0x01);
    expect(read(['Backspace'], 0xfe)).toBe(0x01);
    expect(read(['Backspace'], 0xef)).toBe(0x01);
  });

  it('plays the EAR bit as audio at the right pitch (1 kHz square wave, box-filtered)', () => {
    const host = new RecordingHost();
    const s = session(null, host);
    // DI; XOR A; loop: XOR 10h; OUT (0FEh),A; LD B,132; DJNZ $; JR loop -> 1748 T per half period
    s.insertMedia('tone.z80', codeSnapshot([0xf3, 0xaf, 0xee, 0x10, 0xd3, 0xfe, 0x06, 132, 0x10, 0xfe, 0x18, 0xf6]));
    s.runFrames(5);
    host.audio_ = [];
    s.runFrames(100);
    const a = host.audio_;
    expect(a.length).toBeGreaterThan(95000);
    let crossings = 0;
    for (let i = 1; i < a.length; i++) if ((a[i - 1]! < 0) !== (a[i]! < 0)) crossings++;
    const seconds = a.length / 48000;
    const hz = crossings / 2 / seconds;
    expect(hz).toBeGreaterThan(990);
    expect(hz).toBeLessThan(1010);
    // Box filtering: some samples fall between the two levels (an edge inside the sample period).
    const levels = new Set(a.slice(1000, 5000).map((v) => Math.round(v * 1000)));
    expect(levels.size).toBeGreaterThan(4);
  });

  it('starts the tape for a custom loader that polls EAR from RAM with interrupts off', () => {
    const s = session(null);
    // DI; LD HL,0; LD B,0; loop: IN A,(0FEh); AND 40h; CP B; JR Z,loop; LD B,A; INC HL; LD (9000h),HL; JR loop
    s.insertMedia('edges.z80', codeSnapshot([0xf3, 0x21, 0, 0, 0x06, 0, 0xdb, 0xfe, 0xe6, 0x40, 0xb8, 0x28, 0xf9,
      0x47, 0x23, 0x22, 0x00, 0x90, 0x18, 0xf2]));
    const block = [0xff, 1, 2, 3];
    const tap = new Uint8Array([block.length + 1, 0, ...block, block.reduce((x, b) => x ^ b, 0)]);
    s.insertMedia('t.tap', tap);
    s.runSeconds(2);
    const mem = spectrumOf(s).mem;
    const edges = mem[0x9000]! | (mem[0x9001]! << 8);
    // Pilot pulses of 2,168 T: about 1,600 edges a second once the tape runs.
    expect(spectrumOf(s).deck.s.playing).toBe(true);
    expect(edges).toBeGreaterThan(1500);
    expect(edges).toBeLessThan(3300);
  });

  it('saves its state as a .z80 / .sna snapshot that loads back with the same registers and RAM', () => {
    const s = session(null);
    s.runFrames(30);
    const sp = spectrumOf(s);
    const snap = parseZ80(sp.saveSnapshot('z80'), 'x.z80');
    const now = sp.cpu.getState();
    expect(snap.cpu.pc).toBe(now.pc);
    expect(snap.cpu.sp).toBe(now.sp);
    expect(snap.ram).toEqual(sp.mem.subarray(0x4000));
    const t = session(null);
    t.insertMedia('x.sna', sp.saveSnapshot('sna'));
    expect(spectrumOf(t).cpu.pc).toBe(now.pc);
    expect(spectrumOf(t).mem.subarray(0x4000, 0x5b00)).toEqual(sp.mem.subarray(0x4000, 0x5b00));
  });
});

describe('save states', () => {
  it('run A (N frames, save, M frames) matches run B (load, M frames) in frames and audio; save-load-save is deep-equal', () => {
    const hostA = new RecordingHost();
    const a = session(null, hostA);
    a.runFrames(37);
    // Save mid-frame, too: a slice that ends between frames.
    a.runTicks(12345 * 4);
    const saved = a.saveStateBytes();
    hostA.frames = []; hostA.audio_ = [];
    a.runFrames(60);
    const hostB = new RecordingHost();
    const b = session(null, hostB);
    b.runFrames(3);
    b.loadState(saved);
    expect(b.saveState()).toEqual(a.saveState.call(sessionFromBytes(saved)));
    hostB.frames = []; hostB.audio_ = [];
    b.runFrames(60);
    expect(hostB.frames).toEqual(hostA.frames);
    expect(hostB.audio_).toEqual(hostA.audio_);
  });
});

/** A fresh session loaded from `bytes`, to compare what a load reproduces. */
function sessionFromBytes(bytes: Uint8Array) {
  const s = session(null);
  s.loadState(bytes);
  return s;
}

describeWithShared('the 48K with the Sinclair ROM', [ROM, `${SAMPLES}/basic_prog1.tap`, `${SAMPLES}/basic_prog1.tzx`], () => {
  it('boots to the copyright message', () => {
    const s = session(shared(ROM)!);
    expect(s.warnings).toEqual([]);
    s.runSeconds(3);
    expect(s.machine.screenText!().split('\n').pop()).toBe('\u00a9 1982 Sinclair Research Ltd');
    // The ROM's default colours: white border and paper.
    expect(s.lastFrame!.pixels[0]).toBe(PALETTE[7]);
  });

  for (const file of ['basic_prog1.tap', 'basic_prog1.tzx']) {
    it(`loads ${file} instantly through the ROM trap and runs it (auto LOAD "")`, () => {
      const s = session(shared(ROM)!);
      s.insertMedia(file, new Uint8Array(readFileSync(shared(`${SAMPLES}/${file}`)!)));
      s.runSeconds(4);
      const text = s.machine.screenText!();
      expect(text).toContain('fq is the best!');
      expect(text.split('\n').filter((l) => l === 'fq is the best!').length).toBeGreaterThan(10);
    });
  }

  it('plays a block without ROM timings in real time when the trap meets it, and the ROM loads it', () => {
    // basic_prog1 as TZX: the header as a standard block, the program as a turbo block whose pilot
    // is longer than the ROM's (so not trappable), which the ROM's own loader still reads (it waits
    // about a second after the first edge before it looks for the leader).
    const tap = new Uint8Array(readFileSync(shared(`${SAMPLES}/basic_prog1.tap`)!));
    const hLen = tap[0]! | (tap[1]! << 8);
    const header = [...tap.subarray(2, 2 + hLen)];
    const data = [...tap.subarray(4 + hLen)];
    const le16 = (v: number) => [v & 0xff, v >> 8];
    const tzx = new Uint8Array([0x5a, 0x58, 0x54, 0x61, 0x70, 0x65, 0x21, 0x1a, 1, 20,
      0x10, ...le16(1000), ...le16(header.length), ...header,
      0x11, ...le16(2168), ...le16(667), ...le16(735), ...le16(855), ...le16(1710), ...le16(6000), 8, ...le16(1000),
      data.length & 0xff, data.length >> 8, 0, ...data]);
    const s = session(shared(ROM)!);
    s.insertMedia('turbo.tzx', tzx);
    s.runSeconds(4);
    expect(spectrumOf(s).deck.s.playing).toBe(true);
    s.runSeconds(5);
    expect(spectrumOf(s).deck.atEnd).toBe(true);
    expect(s.machine.screenText!().split('\n').filter((l) => l === 'fq is the best!').length).toBeGreaterThan(10);
  });

  // Real-time loading (the tape.realtime option): options-export.test.ts.

  it('SAVE writes to the tape (offered as written media) and LOAD reads it back', () => {
    const s = session(shared(ROM)!);
    const screen = () => s.machine.screenText!().split('\n').filter(Boolean);
    s.runFrames(100);
    // 10 PRINT "X" / SAVE "P" / a key to start the tape / NEW / LOAD "" / RUN
    for (const step of ['"10p\\"X\\"\\n"', '"s\\"P\\"\\n"', '"\\n"', '"a\\n"', '"j\\"\\"\\n"', '"r\\n"']) {
      s.runKeyScript('hold=3 gap=6 ' + step);
      while (s.typing) s.runFrames(5);
      s.runFrames(80);
      if (step === '"a\\n"') expect(screen()).toEqual(['\u00a9 1982 Sinclair Research Ltd']);
    }
    expect(screen()).toEqual(['X', '0 OK, 10:1']);
    const written = s.machine.writtenMedia!();
    expect(written.map((w) => w.name)).toEqual(['saved.tap']);
    const blocks = parseTap(written[0]!.bytes, 'saved.tap').blocks;
    expect(blocks.map((b) => b.description)).toEqual(['Program: P', 'Data: 9 bytes (flag 255)']);
    // The saved state carries the saved blocks: a load elsewhere has the same tape.
    const t = session(shared(ROM)!);
    t.loadState(s.saveStateBytes());
    expect(t.machine.writtenMedia!()[0]!.bytes).toEqual(written[0]!.bytes);
    expect(spectrumOf(t).deck.tape!.lengths).toEqual(spectrumOf(s).deck.tape!.lengths);
  });

  it('state round trip on a still screen (frames whose drawing is skipped)', () => {
    const hostA = new RecordingHost();
    const a = session(shared(ROM)!, hostA);
    a.runFrames(150);
    a.runTicks(33333 * 4);
    const saved = a.saveStateBytes();
    hostA.frames = []; hostA.audio_ = [];
    a.runFrames(40);
    const hostB = new RecordingHost();
    const b = session(shared(ROM)!, hostB);
    b.loadState(saved);
    hostB.frames = []; hostB.audio_ = [];
    b.runFrames(40);
    expect(new Set(hostA.frames).size).toBe(1);
    expect(hostB.frames).toEqual(hostA.frames);
    expect(hostB.audio_).toEqual(hostA.audio_);
  });

  it('state round trip while a tape plays in real time', () => {
    const hostA = new RecordingHost();
    const a = session(shared(ROM)!, hostA);
    spectrumOf(a).traps.realTimeTape = true;
    const tape = new Uint8Array(readFileSync(shared(`${SAMPLES}/basic_prog1.tap`)!));
    a.insertMedia('basic_prog1.tap', tape);
    a.runSeconds(4);
    const saved = a.saveStateBytes();
    hostA.frames = []; hostA.audio_ = [];
    a.runFrames(100);
    const hostB = new RecordingHost();
    const b = session(shared(ROM)!, hostB);
    spectrumOf(b).traps.realTimeTape = true;
    b.insertMedia('basic_prog1.tap', tape);
    expect(b.loadState(saved)).toEqual([]);
    hostB.frames = []; hostB.audio_ = [];
    b.runFrames(100);
    expect(hostB.frames).toEqual(hostA.frames);
    expect(hostB.audio_).toEqual(hostA.audio_);
  });
});

describeWithShared('the bench snapshot on the 48K', [ROM, 'bench-kernels/sievez80-100.z80'], () => {
  it('runs the sieve x100 to its success loop at 8003h', () => {
    const host = new RecordingHost();
    host.keepFrames = false;
    host.keepAudio = false;
    const s = session(shared(ROM)!, host);
    s.insertMedia('sievez80-100.z80', new Uint8Array(readFileSync(shared('bench-kernels/sievez80-100.z80')!)));
    const cpu = spectrumOf(s).cpu;
    // 239,378,600 T-states of work plus contention and interrupts: about 70 s emulated.
    let seconds = 0;
    while (seconds < 90 && !(cpu.pc >= 0x8003 && cpu.pc <= 0x8004)) { s.runSeconds(1); seconds++; }
    expect(cpu.pc === 0x8003 || cpu.pc === 0x8004).toBe(true);
    expect(seconds).toBeGreaterThan(60);
  });
});
