/**
 * Our nasm test programs (roms/sound-tests) run against the cards before the PC machines fit them:
 * the built-in DOS on its flat test harness (machines/dos/harness.ts), an 8088 on the Scheduler at
 * master / 3, the real 8237 and 8259 chips on the XT ports, the card on its ports. This is also a
 * worked example of the wiring a machine needs (see `fit` below). The PC/DOS machine tests will run
 * the same .COM files on the real boards.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CpuLine } from '../../../../cores/kernel/cpu.ts';
import { Scheduler } from '../../../../cores/kernel/scheduler.ts';
import { Dma8237, XT_DMA_PAGE_PORTS } from '../../../../cores/chips/i8237/i8237.ts';
import { Pic8259 } from '../../../../cores/chips/i8259/i8259.ts';
import { AdLibCard, ISA_OSC_HZ, type IsaSoundCard, SoundBlaster2Card } from '../../../../cores/chips/sb-dsp/cards.ts';
import { DosHarness } from '../../../../machines/dos/harness.ts';
import { dominantHz, peak, spectralFlatness } from '../ym3812/signal.ts';

const MASTER = ISA_OSC_HZ;
const HOST_HZ = 48_000;
const dir = new URL('../../../../roms/sound-tests/', import.meta.url);
const program = (name: string) => {
  const bytes = new Uint8Array(readFileSync(new URL(name, dir)));
  return { path: name, size: bytes.length, bytes };
};

type CardKind = 'adlib' | 'sb2' | 'none';

/** A PC-like rig: DOS harness CPU on a scheduler, 8237 + 8259 at the XT ports, a card fitted. */
function fit(kind: CardKind, name: string) {
  const h = new DosHarness([program(name)], { env: kind === 'sb2' ? { BLASTER: 'A220 I7 D1 T3' } : {} });
  const sched = new Scheduler();
  sched.addCpu(h.cpu, 3);
  const dma = new Dma8237();
  dma.memRead = (a) => h.bus.ram[a & 0xfffff]!;
  dma.memWrite = (a, v) => { h.bus.ram[a & 0xfffff] = v; };
  const pic = new Pic8259();
  pic.onIrq = (on) => h.cpu.setLine(CpuLine.Irq, on);
  h.bus.intAck = () => pic.acknowledge();
  // What the BIOS does at POST: ICW1 edge/single/ICW4, ICW2 vectors 08h, ICW4 8086 buffered; all masked.
  pic.write(0x20, 0x13); pic.write(0x21, 0x08); pic.write(0x21, 0x09); pic.write(0x21, 0xff);

  let card: IsaSoundCard | null = null;
  const irqTicks: number[] = [];
  const dacTicks: number[] = [];
  const oplWrites: { at: number; reg: number; v: number }[] = [];
  if (kind === 'adlib') card = new AdLibCard(sched, { masterHz: MASTER });
  if (kind === 'sb2') {
    const sb = new SoundBlaster2Card(sched, { masterHz: MASTER, scheduler: sched });
    // The fitting: DSP = 8237 channel 1 device, DREQ 1, IRQ 7.
    dma.attach(1, sb.dsp);
    sb.dsp.onDreq = (on) => dma.setDreq(1, on);
    sb.dsp.onIrq = (on) => { if (on) irqTicks.push(sched.now); pic.setIrq(7, on); };
    const mix = sb.dsp.onDac!;
    sb.dsp.onDac = (at, level) => { dacTicks.push(at); mix(at, level); };
    card = sb;
  }
  card?.setAudioRate(HOST_HZ);
  const ports = new Set(card?.ports ?? []);
  let oplReg = 0;
  h.bus.onIn = (port) => {
    if (ports.has(port)) return card!.read(port);
    if (port < 0x10) { card?.update(); return dma.read(port); } // the DSP's fetches are up to date
    if (port === 0x20 || port === 0x21) return pic.read(port);
    return -1;
  };
  const dosOut = h.bus.onOut!;
  h.bus.onOut = (port, v) => {
    if (ports.has(port)) {
      if (port === 0x388) oplReg = v; else if (port === 0x389) oplWrites.push({ at: sched.now, reg: oplReg, v });
      card!.write(port, v);
    } else if (port < 0x10) { card?.update(); dma.write(port, v); }
    else if (XT_DMA_PAGE_PORTS[port] !== undefined) dma.setPage(XT_DMA_PAGE_PORTS[port]!, v);
    else if (port === 0x20 || port === 0x21) pic.write(port, v);
    else dosOut(port, v);
  };

  const audio: number[] = [];
  const buf = new Float32Array(1 << 14);
  /** Run the program to its exit (or `maxSeconds` of emulated time), collecting the card's audio. */
  const run = (maxSeconds: number): number | null => {
    expect(h.start(name)).toBe(0);
    const end = sched.now + maxSeconds * MASTER;
    while (h.exits.length === 0 && sched.now < end) {
      sched.runUntil(sched.now + Math.round(MASTER / 100)); // 10 ms slices, as frames would be
      if (card !== null) {
        card.update();
        const n = card.audio.read(buf, 0, buf.length);
        for (let i = 0; i < n; i++) audio.push(buf[i]!);
      }
    }
    return h.exits[0] ?? null;
  };
  /** Host sample index of a master tick (the card's audio starts at tick 0). */
  const sampleAt = (tick: number) => Math.round((tick / MASTER) * HOST_HZ);
  return { h, sched, card, run, audio, irqTicks, dacTicks, oplWrites, sampleAt };
}

describe('sound test programs (roms/sound-tests) on the cards', () => {
  it('ADLIBDET.COM finds an AdLib (00 C0) on both cards and none without one', () => {
    for (const kind of ['adlib', 'sb2'] as const) {
      const r = fit(kind, 'ADLIBDET.COM');
      expect(r.run(1)).toBe(0);
      expect(r.h.output).toContain('AdLib status 00 C0: found');
    }
    const none = fit('none', 'ADLIBDET.COM');
    expect(none.run(1)).toBe(1);
    expect(none.h.output).toContain('AdLib status E0 E0: not found');
  });

  it('FMNOTE.COM: a 440 Hz note (within 1 %) with an attack-decay-sustain-release envelope, then noisy drums', () => {
    const r = fit('adlib', 'FMNOTE.COM');
    expect(r.run(4)).toBe(0);
    expect(r.h.output).toContain('FM 440 Hz\r\ndrums\r\ndone');
    const keyOn = r.oplWrites.find((w) => w.reg === 0xb0 && (w.v & 0x20) !== 0)!;
    const keyOff = r.oplWrites.find((w) => w.reg === 0xb0 && (w.v & 0x20) === 0 && w.at > keyOn.at)!;
    const drums = r.oplWrites.find((w) => w.reg === 0xbd && (w.v & 0x1f) !== 0)!;
    const on = r.sampleAt(keyOn.at), off = r.sampleAt(keyOff.at), hit = r.sampleAt(drums.at);
    // About 12 x 80 ms between key on and key off (OPL2 timer 2 in the program).
    expect((off - on) / HOST_HZ).toBeGreaterThan(0.9);
    expect((off - on) / HOST_HZ).toBeLessThan(1.05);
    const note = r.audio.slice(on, off);
    const f = dominantHz(note, HOST_HZ, 300, 600, 0.25);
    expect(Math.abs(f - 440) / 440).toBeLessThan(0.01);
    // Envelope: full level within 5 ms (AR 15), decayed to the sustain level (SL 3 dB) and held,
    // released after key off.
    const win = (from: number) => peak(r.audio, from, from + 480);
    const top = win(on + 48);
    expect(top).toBeGreaterThan(0.15);
    const sustain = win(off - 960);
    expect(20 * Math.log10(top / sustain)).toBeGreaterThan(2);
    expect(20 * Math.log10(top / sustain)).toBeLessThan(4.5);
    expect(win(hit - 960)).toBeLessThan(sustain / 10);
    // The drums: loud and noise-like compared with the note.
    expect(peak(r.audio, hit, hit + 4800)).toBeGreaterThan(0.1);
    expect(spectralFlatness(r.audio, hit + 2400, 512)).toBeGreaterThan(5 * spectralFlatness(r.audio, on + 4800, 512));
  });

  it('SBDMA.COM: single-cycle and auto-init DMA at the time-constant rate, no gaps, IRQs counted', () => {
    const r = fit('sb2', 'SBDMA.COM');
    expect(r.run(3)).toBe(0);
    expect(r.h.output).toContain('DSP 2.01\r\n');
    expect(r.h.output).toContain('single-cycle IRQs 1\r\n');
    expect(r.h.output).toContain('auto-init IRQs 9\r\n');
    expect(r.irqTicks.length).toBe(10);
    const period = 91 * (MASTER / 1e6); // time constant A5h: 91 us
    // Auto-init: the 9 IRQs are 512 samples apart (to within the instruction the CPU was in when
    // the DSP's timer fired), and the samples between them keep the period.
    const auto = r.irqTicks.slice(1);
    for (let i = 1; i < auto.length; i++) expect(Math.abs(auto[i]! - auto[i - 1]! - 512 * period)).toBeLessThan(3 * 60);
    const autoStart = r.dacTicks.findIndex((t) => t > r.irqTicks[0]! + period / 2);
    const ticks = r.dacTicks.slice(autoStart, autoStart + 9 * 512);
    const gaps = ticks.slice(1).map((t, i) => t - ticks[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(Math.ceil(period));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(Math.floor(period));
    // The sine in the buffer comes out at 440 Hz (41 cycles per 1,024 samples at 10,989 Hz).
    const a = r.sampleAt(ticks[0]!), b = r.sampleAt(ticks[ticks.length - 1]!);
    const f = dominantHz(r.audio.slice(a + 100, b - 100), HOST_HZ, 400, 480, 0.25);
    expect(Math.abs(f - 440) / 440).toBeLessThan(0.01);
    expect(peak(r.audio, a, b)).toBeGreaterThan(0.3);
  });
});
