/**
 * The Spectrum's machine options and exports (MachineDef.options / exports, Machine.setOption /
 * exportMedia): the real-time tape option, and .z80/.sna snapshots written from a running machine
 * that load back into a fresh session to the same registers, RAM and pictures.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Z80State } from '../../../cores/cpu/z80/state.ts';
import { UsageError } from '../../../cores/kernel/errors.ts';
import { REALTIME_TAPE_OPTION, spectrum48k } from '../../../machines/zx-spectrum/definition.ts';
import { parseSna } from '../../../machines/zx-spectrum/snapshot/sna.ts';
import { parseZ80 } from '../../../machines/zx-spectrum/snapshot/z80.ts';
import { PALETTE, SCREEN_WIDTH } from '../../../machines/zx-spectrum/ula.ts';
import { describeWithShared, shared } from '../../helpers/testdata.ts';
import { RecordingHost, codeSnapshot, session, spectrumOf } from './helpers.ts';

const ROM = 'testdata/spectrum/rom/48.rom';
const TAP = 'testdata/spectrum/tape-format-samples/basic_prog1.tap';

/** The registers a snapshot file carries (not the machine's clock, bus latches or HALT flag). */
function regs(s: Z80State): Omit<Z80State, 'cycles' | 'wz' | 'q' | 'halted' | 'irqLine' | 'nmiPending' | 'eiDelay'> {
  const { cycles: _c, wz: _w, q: _q, halted: _h, irqLine: _i, nmiPending: _n, eiDelay: _e, ...rest } = s;
  return rest;
}

describe('Spectrum options and exports', () => {
  it('declares the real-time tape option and the z80/sna exports, and refuses unknown ids with UsageError', () => {
    expect(spectrum48k.options?.map((o) => [o.id, o.default])).toEqual([[REALTIME_TAPE_OPTION, false]]);
    expect(spectrum48k.exports?.map((e) => [e.format, e.extension])).toEqual([['z80', 'z80'], ['sna', 'sna']]);
    const s = session(null);
    expect(spectrumOf(s).traps.realTimeTape).toBe(false);
    s.setOption(REALTIME_TAPE_OPTION, true);
    expect(spectrumOf(s).traps.realTimeTape).toBe(true);
    s.setOption(REALTIME_TAPE_OPTION, false);
    expect(spectrumOf(s).traps.realTimeTape).toBe(false);
    expect(() => s.setOption('tape.turbo', true)).toThrow(UsageError);
    expect(() => s.setOption('tape.turbo', true)).toThrow(/tape\.realtime/);
    expect(() => s.exportMedia('tzx')).toThrow(UsageError);
  });

  it('an exported .z80 of the running demo loads into a fresh session with the same registers, RAM and pictures', () => {
    const hostA = new RecordingHost();
    const a = session(null, hostA);
    a.runFrames(77);
    const before = spectrumOf(a).cpu.getState();
    const ramAtExport = spectrumOf(a).mem.slice(0x4000);
    const file = a.exportMedia('z80');
    expect(file.name).toBe('spectrum.z80');
    // Writing a snapshot does not disturb the machine.
    expect(spectrumOf(a).cpu.getState()).toEqual(before);
    hostA.frames = [];
    a.runFrames(5);

    const hostB = new RecordingHost();
    const b = session(null, hostB);
    b.runFrames(9);
    b.insertMedia(file.name, file.bytes);
    const loaded = spectrumOf(b).cpu.getState();
    // The demo waits in HALT with /INT just asserted: the file holds PC past the HALT, which the
    // interrupt pushes, so the loaded machine takes the same interrupt at once.
    expect(before.halted).toBe(true);
    expect(regs(loaded)).toEqual(regs(before));
    expect(spectrumOf(b).mem.slice(0x4000)).toEqual(ramAtExport);
    hostB.frames = [];
    b.runFrames(5);
    expect(hostB.frames).toEqual(hostA.frames);
  });

  it('a halted CPU that will not take an interrupt is written with PC on its HALT', () => {
    // DI; HALT at 8000h: halted for good.
    const s = session(null);
    s.insertMedia('halt.z80', codeSnapshot([0xf3, 0x76]));
    s.runFrames(2);
    const sp = spectrumOf(s);
    expect(sp.cpu.halted).toBe(true);
    expect(sp.cpu.pc).toBe(0x8002);
    const snap = parseZ80(s.exportMedia('z80').bytes, 'x');
    expect(snap.cpu.pc).toBe(0x8001);
    const t = session(null);
    t.insertMedia('x.z80', s.exportMedia('z80').bytes);
    t.runFrames(1);
    expect(spectrumOf(t).cpu.halted).toBe(true);
    expect(spectrumOf(t).cpu.pc).toBe(0x8002);
  });

  it('an exported .sna holds the same registers and RAM (PC on the stack)', () => {
    const a = session(null);
    a.runFrames(40);
    const before = spectrumOf(a).cpu.getState();
    const file = a.exportMedia('sna');
    expect(file.name).toBe('spectrum.sna');
    const b = session(null);
    b.insertMedia(file.name, file.bytes);
    expect(regs(spectrumOf(b).cpu.getState())).toEqual(regs(before));
    // RAM equal apart from the two stack bytes the SNA format uses for PC.
    const snap = parseSna(file.bytes, 'x');
    expect(snap.cpu.pc).toBe(before.pc);
    const ramA = spectrumOf(a).mem.slice(0x4000), ramB = spectrumOf(b).mem.slice(0x4000);
    const sp = (before.sp - 2 - 0x4000) & 0xffff;
    ramA[sp] = ramB[sp]!; ramA[sp + 1] = ramB[sp + 1]!;
    expect(ramB).toEqual(ramA);
  });
});

describeWithShared('the real-time tape option with the Sinclair ROM', [ROM, TAP], () => {
  it('loads basic_prog1.tap through the EAR bit (border stripes) to the same program as the instant load', () => {
    const tap = new Uint8Array(readFileSync(shared(TAP)!));
    const rt = session(shared(ROM)!);
    rt.setOption(REALTIME_TAPE_OPTION, true);
    rt.insertMedia('basic_prog1.tap', tap);
    rt.runSeconds(5);
    expect(spectrumOf(rt).deck.s.playing).toBe(true);
    // Pilot tone: red/cyan stripes down the left border.
    const px = rt.lastFrame!.pixels;
    const border = new Set<number>();
    for (let y = 0; y < 240; y++) border.add(px[y * SCREEN_WIDTH]!);
    expect(border.has(PALETTE[2]!) && border.has(PALETTE[5]!)).toBe(true);
    rt.runSeconds(10);
    expect(spectrumOf(rt).deck.atEnd).toBe(true);

    const instant = session(shared(ROM)!);
    instant.insertMedia('basic_prog1.tap', tap);
    instant.runSeconds(4);
    expect(spectrumOf(instant).deck.s.playing).toBe(false);
    // The same BASIC program in memory: PROG (23635) to VARS (23627) are the same bytes.
    const prog = (s: typeof rt) => {
      const m = spectrumOf(s).mem;
      const from = m[23635]! | (m[23636]! << 8), to = m[23627]! | (m[23628]! << 8);
      return m.slice(from, to);
    };
    expect(prog(rt).length).toBeGreaterThan(10);
    expect(prog(rt)).toEqual(prog(instant));
    expect(rt.machine.screenText!().split('\n').filter((l) => l === 'fq is the best!').length).toBeGreaterThan(10);
  });
});
