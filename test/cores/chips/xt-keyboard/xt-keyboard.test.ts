import { describe, expect, it } from 'vitest';
import { XtKeyboard, type KeyEvent, type XtKeyboardState } from '../../../../cores/chips/xt-keyboard/xt-keyboard.ts';
import { scanCodes } from '../../../../cores/chips/xt-keyboard/scan-codes.ts';
import { Scheduler } from '../../../../cores/kernel/scheduler.ts';
import { CorruptStateError } from '../../../../cores/kernel/errors.ts';

const HZ = 14_318_180;
const MS = HZ / 1000;

function rig(opts: { enhanced?: boolean; autoAck?: boolean } = {}) {
  const sched = new Scheduler();
  const kb = new XtKeyboard(sched, { masterHz: HZ, enhanced: opts.enhanced });
  const queue: KeyEvent[] = [];
  kb.takeKeyEvent = () => queue.shift();
  const got: [number, number][] = []; // [byte, ms]
  kb.onIrq = (on) => {
    if (!on) return;
    got.push([kb.readData(), Math.round(sched.now / MS)]);
    if (opts.autoAck) { kb.setClear(true); kb.setClear(false); } // what INT 9 does
  };
  const ack = () => { kb.setClear(true); kb.setClear(false); };
  const run = (ms: number) => sched.runUntil(Math.round(ms * MS));
  return { sched, kb, queue, got, ack, run };
}

describe('XT keyboard handshake', () => {
  it('sends a make code, raising IRQ 1, and the next code only after the clear pulse', () => {
    const { kb, queue, got, ack, run } = rig();
    queue.push({ code: 'KeyA', down: true }, { code: 'KeyA', down: false });
    kb.poll();
    run(5);
    expect(got).toEqual([[0x1e, 1]]);
    expect(kb.irq).toBe(true);
    expect(queue.length).toBe(1); // the release is still in the host queue
    run(20);
    expect(got.length).toBe(1);
    ack();
    expect(kb.irq).toBe(false);
    expect(kb.readData()).toBe(0);
    run(30);
    expect(got).toEqual([[0x1e, 1], [0x9e, 21]]);
  });

  it('a press and release within one host frame both arrive, in order', () => {
    const { kb, queue, got, run } = rig({ autoAck: true });
    queue.push({ code: 'ShiftLeft', down: true }, { code: 'KeyZ', down: true }, { code: 'KeyZ', down: false },
      { code: 'ShiftLeft', down: false });
    kb.poll();
    run(10);
    expect(got.map((g) => g[0])).toEqual([0x2a, 0x2c, 0xac, 0xaa]);
  });

  it('extended keys send E0 first on the 101-key keyboard, keypad twins on the 83-key one', () => {
    const a = rig({ autoAck: true });
    a.queue.push({ code: 'ArrowUp', down: true }, { code: 'ArrowUp', down: false }, { code: 'PrintScreen', down: true });
    a.kb.poll(); a.run(20);
    expect(a.got.map((g) => g[0])).toEqual([0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0x2a, 0xe0, 0x37]);
    const b = rig({ enhanced: false, autoAck: true });
    b.queue.push({ code: 'ArrowUp', down: true }, { code: 'ArrowUp', down: false }, { code: 'F11', down: true },
      { code: 'NumLock', down: true }, { code: 'ScrollLock', down: true });
    b.kb.poll(); b.run(20);
    expect(b.got.map((g) => g[0])).toEqual([0x48, 0xc8, 0x45, 0x46]);
  });

  it('typematic: the last key held repeats after 500 ms at 10 per second, stops on release', () => {
    const { kb, queue, got, run } = rig({ autoAck: true });
    queue.push({ code: 'KeyJ', down: true });
    kb.poll();
    run(950);
    expect(got.map((g) => g[1])).toEqual([1, 501, 601, 701, 801, 901]);
    expect(got.every((g) => g[0] === 0x24)).toBe(true);
    queue.push({ code: 'KeyJ', down: false });
    kb.poll();
    run(2000);
    expect(got.slice(6)).toEqual([[0xa4, 951]]);
  });

  it('a host auto-repeat (down while held) is ignored: typematic is the keyboard\'s', () => {
    const { kb, queue, got, run } = rig({ autoAck: true });
    queue.push({ code: 'KeyQ', down: true }, { code: 'KeyQ', down: true }, { code: 'KeyQ', down: false });
    kb.poll();
    run(50);
    expect(got.map((g) => g[0])).toEqual([0x10, 0x90]);
  });

  it('clock held low 20 ms resets the keyboard, which answers AAh; a short hold does not', () => {
    const { kb, got, ack, run } = rig();
    kb.setClockLine(false); run(1); kb.setClockLine(true);
    run(10);
    expect(got).toEqual([]);
    kb.setClockLine(false); run(21);
    kb.setClear(true); kb.setClockLine(true); // BIOS: C8h (clock high, clear), then 48h
    run(30);
    expect(got).toEqual([]);
    kb.setClear(false);
    run(40);
    expect(got).toEqual([[0xaa, 31]]);
    ack();
  });

  it('clock low holds a byte back until released', () => {
    const { kb, queue, got, run } = rig();
    queue.push({ code: 'Space', down: true });
    kb.setClockLine(false);
    kb.poll();
    run(3);
    kb.setClockLine(true);
    run(10);
    expect(got).toEqual([[0x39, 4]]);
  });
});

describe('XT keyboard scan code table and state', () => {
  it('covers the 83-key layout with unique codes 01h-53h', () => {
    const codes = new Set<number>();
    for (const name of ['Escape', 'Digit1', 'Digit0', 'Minus', 'Equal', 'Backspace', 'Tab', 'KeyQ', 'KeyP', 'BracketLeft',
      'BracketRight', 'Enter', 'ControlLeft', 'KeyA', 'Semicolon', 'Quote', 'Backquote', 'ShiftLeft', 'Backslash', 'KeyZ',
      'Slash', 'ShiftRight', 'NumpadMultiply', 'AltLeft', 'Space', 'CapsLock', 'F1', 'F10', 'NumLock', 'ScrollLock',
      'Numpad7', 'NumpadSubtract', 'NumpadAdd', 'Numpad0', 'NumpadDecimal']) {
      const b = scanCodes(name, true, false);
      expect(b).not.toBeNull();
      codes.add(b![0]!);
    }
    expect(codes.size).toBe(35);
    expect(scanCodes('NumpadDecimal', false, false)).toEqual([0xd3]);
    expect(scanCodes('Pause', true, true)).toEqual([0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5]);
    expect(scanCodes('Pause', false, true)).toEqual([]);
    expect(scanCodes('PrintScreen', false, true)).toEqual([0xe0, 0xb7, 0xe0, 0xaa]);
    expect(scanCodes('PrintScreen', true, false)).toEqual([0x37]);
    expect(scanCodes('NoSuchKey', true, true)).toBeNull();
  });

  it('save mid-byte and load: the same bytes at the same times', () => {
    const a = rig({ autoAck: true });
    a.queue.push({ code: 'KeyH', down: true });
    a.kb.poll(); a.run(700.5);
    const saved = JSON.parse(JSON.stringify(a.kb.getState())) as XtKeyboardState;
    const schedSaved = a.sched.getState();
    a.got.length = 0;
    a.run(1000);
    const b = rig({ autoAck: true });
    b.sched.setState(schedSaved);
    b.kb.setState(saved);
    b.run(1000);
    expect(b.got).toEqual(a.got);
    expect(() => b.kb.setState({ ...saved, pending: [300] })).toThrow(CorruptStateError);
    expect(() => b.kb.setState({ ...saved, full: 2 })).toThrow(CorruptStateError);
  });
});
