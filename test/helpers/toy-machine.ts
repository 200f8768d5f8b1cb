/**
 * A toy machine built only from kernel pieces, to test the Session, save states, media loading and
 * the CLI without depending on any real machine: a ToyCpu at master/4, 256 bytes of RAM loaded
 * from a ROM slot, a lazily caught-up counter chip at master/16 that raises IRQ when
 * it wraps, a 16x16 frame every 20,000 ticks drawn from RAM, and a square-wave tone on port 1.
 * One option ('video.invert': the frame's colours inverted) and one export ('ram': the 256 bytes of
 * RAM as they are now), to test the generic option/export plumbing.
 */
import { AudioSink, LevelSynth } from '../../cores/kernel/audio.ts';
import { FlatRam } from './flat-ram.ts';
import { CpuLine } from '../../cores/kernel/cpu.ts';
import { BadChecksumError, TruncatedError } from '../../cores/kernel/errors.ts';
import type { Machine, MachineDef } from '../../cores/kernel/machine.ts';
import type { MediaFormat, MediaRef } from '../../cores/kernel/media.ts';
import type { Part } from '../../cores/kernel/part.ts';
import { Scheduler } from '../../cores/kernel/scheduler.ts';
import { wholeCycles } from '../../cores/kernel/time.ts';
import { ToyCpu } from './toy-cpu.ts';

export const TOY_MASTER_HZ = 1_000_000;
export const TOY_FRAME_TICKS = 20_000;
const COUNTER_DIVIDER = 16;

/**
 * Program: count RAM[0x80] up forever, mix in RAM[0x81], toggle the tone, sample the counter chip;
 * on IRQ (at 0xf0) bump RAM[0x81] and restart the main loop (the toy ISA has no return).
 */
export function toyRom(): Uint8Array {
  const rom = new Uint8Array(256);
  rom.set([
    0x08, 0x80, //       00: INC [80]
    0x02, 0x81, //       02: ADD [81]
    0x03, 0x90, //       04: STA [90]
    0x05, 0x01, //       06: OUT 1,A  (tone level = bit 0)
    0x06, 0x02, //       08: IN A,2   (counter chip value)
    0x03, 0x91, //       0a: STA [91]
    0x04, 0x00, //       0c: JMP 00
  ]);
  rom.set([0x08, 0x81, 0x04, 0x00], 0xf0); // f0: INC [81]; JMP 00
  return rom;
}

/** The toy media format: 'TOY1', length byte, payload, checksum (sum of payload mod 256). */
export const toyProgramFormat: MediaFormat<Uint8Array> = {
  id: 'toy', name: 'toy program', extensions: ['toy'], kind: 'program', maxBytes: 4 + 1 + 64 + 1,
  sniff: (b) => b.length >= 4 && b[0] === 0x54 && b[1] === 0x4f && b[2] === 0x59 && b[3] === 0x31,
  parse(b, name) {
    if (b.length < 6) throw new TruncatedError(`${name}: too short for a toy program`);
    const n = b[4]!;
    if (b.length < 6 + n) throw new TruncatedError(`${name}: cut short (${b.length} of ${6 + n} bytes)`);
    const payload = b.slice(5, 5 + n);
    const sum = payload.reduce((s, x) => (s + x) & 0xff, 0);
    if (sum !== b[5 + n]) throw new BadChecksumError(`${name}: checksum mismatch`);
    return payload;
  },
};

/** The same program as a cartridge (extension .toyc), for drive and build-input tests. */
export const toyCartFormat: MediaFormat<Uint8Array> = {
  ...toyProgramFormat, id: 'toyc', name: 'toy cartridge', extensions: ['toyc'], kind: 'cartridge',
};

export function makeToyProgram(payload: number[]): Uint8Array {
  const sum = payload.reduce((s, x) => (s + x) & 0xff, 0);
  return new Uint8Array([0x54, 0x4f, 0x59, 0x31, payload.length, ...payload, sum]);
}

interface CounterState { value: number; syncedTo: number; v: number }

export const toyMachine: MachineDef = {
  id: 'toy',
  title: 'Toy test machine',
  description: 'A machine made of kernel parts, for tests only.',
  cpu: 'Toy CPU @ 250 kHz',
  masterHz: TOY_MASTER_HZ,
  frameHz: TOY_MASTER_HZ / TOY_FRAME_TICKS,
  roms: [{ slot: 'system', label: 'toy ROM', size: 256, sha1: [], fileName: 'toy.rom', fallback: toyRom }],
  media: [toyProgramFormat, toyCartFormat],
  drives: [{ id: 'cart', label: 'Cartridge slot', kinds: ['cartridge'], writable: false, buildInput: true }],
  // 'grey' draws frames in grey levels: a build-time choice, so it must match for a state to load.
  config: [{
    id: 'video.palette', label: 'Palette', default: 'colour',
    choices: [{ value: 'colour', label: 'Colour' }, { value: 'grey', label: 'Grey levels' }],
  }],
  display: { width: 16, height: 16, pixelAspect: 1 },
  options: [{ id: 'video.invert', label: 'Invert colours', description: 'Draw every frame with its colours inverted.', default: false }],
  exports: [{ format: 'ram', label: 'RAM dump', extension: 'ram' }],
  build(ctx) {
    const scheduler = new Scheduler();
    const ram = new FlatRam(256);
    ram.mem.set(ctx.roms.get('system')!);
    // Counter chip: counts master/16, wraps at 256 and raises IRQ; caught up lazily.
    const counter: CounterState = { value: 0, syncedTo: 0, v: 0 };
    const catchUp = () => {
      const n = wholeCycles(counter.syncedTo, scheduler.now, COUNTER_DIVIDER);
      counter.value = (counter.value + n) & 0xff;
      counter.syncedTo += n * COUNTER_DIVIDER;
    };
    const wrapTimer = scheduler.timer('counter.wrap', () => {
      catchUp();
      cpu.setLine(CpuLine.Irq, true);
      releaseTimer.armIn(40);
      wrapTimer.armAt(counter.syncedTo + (256 - counter.value) * COUNTER_DIVIDER);
    });
    const releaseTimer = scheduler.timer('counter.irqEnd', () => cpu.setLine(CpuLine.Irq, false));
    const audio = new AudioSink(ctx.host);
    const tone = new LevelSynth(TOY_MASTER_HZ, (v) => audio.push(v, v));
    const cpu = new ToyCpu(ram, {
      in: (p) => { if (p === 2) { catchUp(); return counter.value; } return 0xff; },
      out: (p, v) => { if (p === 1) tone.setLevel(scheduler.now, (v & 1) * 0.5); },
    });
    scheduler.addCpu(cpu, 4);
    wrapTimer.armAt(256 * COUNTER_DIVIDER);
    const pixels = new Uint32Array(256);
    const colourStep = ctx.config['video.palette'] === 'grey' ? 0x010101 : 0x010203;
    let frames = 0;
    let invert = 0;
    const frameTimer = scheduler.timer('video.frame', (due) => {
      tone.advance(due);
      audio.flush();
      for (let i = 0; i < 256; i++) pixels[i] = 0xff000000 | ((ram.mem[i]! * colourStep) ^ invert);
      frames++;
      frameTimer.armAt(due + TOY_FRAME_TICKS);
      ctx.host.video({ width: 16, height: 16, pixels, pixelAspect: 1 });
    });
    frameTimer.armAt(TOY_FRAME_TICKS);
    let inserted: MediaRef[] = [];

    const ramPart: Part<{ mem: Uint8Array }> = {
      stateVersion: 1,
      getState: () => ({ mem: ram.mem.slice() }),
      setState: (s) => {
        if (!(s.mem instanceof Uint8Array) || s.mem.length !== 256) throw new Error('bad RAM state');
        ram.mem.set(s.mem);
      },
    };
    const counterPart: Part<CounterState> = {
      stateVersion: 2,
      getState: () => ({ ...counter }),
      setState: (s) => { counter.value = s.value; counter.syncedTo = s.syncedTo; },
      // v1 had no syncedTo: it was always caught up at save time.
      migrateState: (s, from) => {
        if (from !== 1) throw new Error('unknown version');
        const o = s as { value: number };
        return { value: o.value, syncedTo: scheduler.now, v: 2 };
      },
    };
    const framesPart: Part<{ frames: number; tone: ReturnType<LevelSynth['getState']> }> = {
      stateVersion: 1,
      getState: () => ({ frames, tone: tone.getState() }),
      setState: (s) => { frames = s.frames; tone.setState(s.tone); },
    };

    const machine: Machine = {
      scheduler,
      parts: { cpu, ram: ramPart, counter: counterPart, video: framesPart },
      get frameCount() { return frames; },
      setAudioRate: (hz) => tone.setRate(hz, scheduler.now),
      reset: () => cpu.reset(),
      insert: (media, drive) => {
        const payload = media.data as Uint8Array;
        ram.mem.set(payload, 0);
        cpu.pc = 0;
        inserted = [...inserted.filter((r) => r.drive !== drive), media.ref];
      },
      screenText: () => `A=${cpu.a.toString(16).padStart(2, '0')} COUNT=${ram.mem[0x80]}`,
      keysForChar: (ch) => (/^[a-z]$/.test(ch) ? ['Key' + ch.toUpperCase()] : ch === '\n' ? ['Enter'] : null),
      insertedMedia: () => inserted,
      eject: () => { inserted = inserted.filter((r) => r.drive !== 'cart'); },
      options: { set: (_id, value) => { invert = value ? 0xffffff : 0; } },
      exports: { export: () => ({ name: 'toy.ram', bytes: ram.mem.slice() }) },
    };
    return machine;
  },
};
