import { describe, expect, it } from 'vitest';
import { ConfigMismatchError, MediaMismatchError, UsageError } from '../../../cores/kernel/errors.ts';
import { InputState, NullHost } from '../../../cores/kernel/host.ts';
import { parseConfigPairs, resolveConfig } from '../../../cores/kernel/config.ts';
import type { Machine } from '../../../cores/kernel/machine.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { makeToyProgram, toyMachine } from '../../helpers/toy-machine.ts';

describe('configuration', () => {
  it('fills defaults, checks ids and values, and reaches build', () => {
    expect(resolveConfig(toyMachine)).toEqual({ 'video.palette': 'colour' });
    expect(resolveConfig(toyMachine, { 'video.palette': 'grey' })).toEqual({ 'video.palette': 'grey' });
    expect(() => resolveConfig(toyMachine, { 'video.palette': 'blue' })).toThrow(UsageError);
    expect(() => resolveConfig(toyMachine, { ram: '640' })).toThrow(/no configuration setting "ram"/);
    const s = new Session(toyMachine, { host: new NullHost(), config: { 'video.palette': 'grey' } });
    expect(s.config).toEqual({ 'video.palette': 'grey' });
    expect(s.saveState().config).toEqual({ 'video.palette': 'grey' });
  });

  it('parses CLI pairs and link lists', () => {
    expect(parseConfigPairs(['video=vga', 'ram=640'])).toEqual({ video: 'vga', ram: '640' });
    expect(parseConfigPairs(['video:vga,cpu.clock:9.54'])).toEqual({ video: 'vga', 'cpu.clock': '9.54' });
    expect(() => parseConfigPairs(['video'])).toThrow(UsageError);
  });

  it('a state from another configuration is refused and changes nothing; one without a config means the defaults', () => {
    const grey = new Session(toyMachine, { host: new NullHost(), config: { 'video.palette': 'grey' } });
    grey.runFrames(3);
    const colour = new Session(toyMachine, { host: new NullHost() });
    colour.runFrames(1);
    const before = colour.saveStateBytes();
    expect(() => colour.loadState(grey.saveStateBytes())).toThrow(ConfigMismatchError);
    expect(colour.saveStateBytes()).toEqual(before);
    const legacy = colour.saveState();
    delete legacy.config;
    expect(() => colour.loadState(legacy)).not.toThrow();
    expect(() => grey.loadState(legacy)).toThrow(/Palette: Colour in the state, Grey levels now/);
  });
});

describe('drives', () => {
  const cart = (b: number) => makeToyProgram([0x01, b, 0x04, 0x02]);

  it('media of a kind a drive takes go in the first such drive, or the one named', () => {
    const s = new Session(toyMachine, { host: new NullHost() });
    const m = s.insertMedia('game.toyc', cart(1));
    expect(m.ref.drive).toBe('cart');
    const p = s.insertMedia('prog.toy', cart(2));
    expect(p.ref.drive).toBeUndefined();
    expect(() => s.insertMedia('x.toyc', cart(3), 'A:')).toThrow(/no drive "A:" \(drives: cart\)/);
    expect(() => s.insertMedia('x.toy', cart(3), 'cart')).toThrow(/does not take a toy program/);
    expect(s.saveState().media.map((r) => r.drive)).toEqual(['cart', undefined]);
  });

  it('a state made with another cartridge is refused (a build input), and one with the same loads', () => {
    const a = new Session(toyMachine, { host: new NullHost() });
    a.insertMedia('one.toyc', cart(1));
    a.runFrames(2);
    const st = a.saveStateBytes();
    const b = new Session(toyMachine, { host: new NullHost() });
    b.insertMedia('two.toyc', cart(2));
    expect(() => b.loadState(st)).toThrow(MediaMismatchError);
    expect(() => b.loadState(st)).toThrow(/one\.toyc in the Cartridge slot; two\.toyc is in it now/);
    const c = new Session(toyMachine, { host: new NullHost() });
    expect(() => c.loadState(st)).toThrow(/nothing is in it now/);
    c.insertMedia('renamed.toyc', cart(1));
    expect(() => c.loadState(st)).not.toThrow();
    c.eject('cart');
    expect(c.saveState().media).toEqual([]);
  });

  it('the Session refuses a machine whose capabilities disagree with its definition', () => {
    const broken = { ...toyMachine, build: (ctx: Parameters<typeof toyMachine.build>[0]) => {
      const m = toyMachine.build(ctx);
      return { ...m, options: undefined, scheduler: m.scheduler, parts: m.parts, frameCount: 0 } as Machine;
    } };
    expect(() => new Session(broken, { host: new NullHost() })).toThrow(/declares options but the machine lacks it/);
  });
});

describe('ordered input', () => {
  it('a key pressed and released between two reads still arrives, in order, and `keys` follows', () => {
    const inp = new InputState();
    inp.keyDown('KeyA');
    inp.keyUp('KeyA');
    inp.keyDown('ShiftLeft');
    inp.keyDown('KeyB');
    expect([...inp.keys]).toEqual(['ShiftLeft', 'KeyB']);
    expect(inp.pendingKeyEvents).toBe(4);
    const got = [];
    for (let e = inp.takeKeyEvent(); e !== undefined; e = inp.takeKeyEvent()) got.push(`${e.down ? '+' : '-'}${e.code}`);
    expect(got).toEqual(['+KeyA', '-KeyA', '+ShiftLeft', '+KeyB']);
    expect(inp.takeKeyEvent()).toBeUndefined();
  });

  it('keeps at most 256 queued events, dropping the oldest', () => {
    const inp = new InputState();
    for (let i = 0; i < 300; i++) inp.keyDown(`Key${i}`);
    expect(inp.pendingKeyEvents).toBe(256);
    expect(inp.takeKeyEvent()!.code).toBe('Key44');
  });

  it('mouse motion accumulates and is taken in whole counts, the fraction kept', () => {
    const inp = new InputState();
    inp.moveMouse(2.5, -1.25);
    inp.moveMouse(1, -1);
    inp.moveMouse(NaN, Infinity);
    expect({ ...inp.takeMouseMotion() }).toEqual({ dx: 3, dy: -2 });
    inp.moveMouse(0.5, -0.75);
    expect({ ...inp.takeMouseMotion() }).toEqual({ dx: 1, dy: -1 });
    expect({ ...inp.takeMouseMotion() }).toEqual({ dx: 0, dy: 0 });
  });

  it('a matrix machine\'s Session drops events it never takes; script keys go through keyDown/keyUp', () => {
    const host = new NullHost();
    const s = new Session(toyMachine, { host });
    host.input.keyDown('KeyQ');
    s.runFrames(1);
    expect(host.input.pendingKeyEvents).toBe(0);
    expect(host.input.keys.has('KeyQ')).toBe(true);
  });
});

describe('ROM slots with several good sizes', () => {
  it('takes any listed size and names them all when refusing another', async () => {
    const { toyRom } = await import('../../helpers/toy-machine.ts');
    const slot = toyMachine.roms[0]!;
    const def = { ...toyMachine, roms: [{ ...slot, fallback: undefined, size: 256, sizes: [128, 256] }] };
    const half = toyRom().slice(0, 128);
    expect(() => new Session(def, { host: new NullHost(), roms: new Map([['system', half]]) })).not.toThrow();
    expect(() => new Session(def, { host: new NullHost(), roms: new Map([['system', new Uint8Array(100)]]) }))
      .toThrow(/must be 128 or 256 bytes; the file given is 100 bytes \(truncated\?\)/);
  });
});
