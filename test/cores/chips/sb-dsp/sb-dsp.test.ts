/**
 * Sound Blaster 2.0 DSP and the two cards, alone: a Scheduler without a CPU stands in for the
 * machine, a fake 8237 channel (below) for DMA, the test itself for the CPU's port accesses.
 * Expectations from Creative's "Sound Blaster Series Hardware Programming Guide".
 */
import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../../../cores/kernel/scheduler.ts';
import { AdLibCard, ISA_OSC_HZ, SoundBlaster2Card, isaIoDevice } from '../../../../cores/chips/sb-dsp/cards.ts';
import { LevelSynth } from '../../../../cores/kernel/audio.ts';
import { dominantHz, peak, rms } from '../ym3812/signal.ts';

const MASTER = ISA_OSC_HZ;
const US = MASTER / 1e6;
const BASE = 0x220;

/** One 8237 channel in read mode (memory -> device), single transfers, optional auto-init. */
class FakeDma {
  mem: Uint8Array;
  addr = 0;
  count = 0;
  base = 0;
  baseCount = 0;
  auto = false;
  masked = false;
  transfers = 0;
  tcs = 0;
  dreq = false;
  constructor(size: number, private readonly device: { memoryToDevice(v: number): void }) { this.mem = new Uint8Array(size); }
  program(addr: number, length: number, auto: boolean): void {
    this.base = this.addr = addr;
    this.baseCount = this.count = length - 1;
    this.auto = auto;
    this.masked = false;
  }
  setDreq(on: boolean): void { this.dreq = on; if (on) this.service(); }
  unmask(): void { this.masked = false; this.service(); }
  private service(): void {
    while (this.dreq && !this.masked) {
      const v = this.mem[this.addr]!;
      this.addr++;
      this.transfers++;
      if (this.count-- === 0) {
        this.tcs++;
        if (this.auto) { this.addr = this.base; this.count = this.baseCount; } else this.masked = true;
      }
      this.device.memoryToDevice(v); // drops DREQ inside, as the DSP does after DACK
    }
  }
}

function rig(irqAck = true) {
  const sched = new Scheduler();
  const card = new SoundBlaster2Card(sched, { masterHz: MASTER, scheduler: sched });
  const dma = new FakeDma(0x10000, card.dsp);
  card.dsp.onDreq = (on) => dma.setDreq(on);
  const irqs: number[] = [];
  card.dsp.onIrq = (on) => {
    if (!on) return;
    irqs.push(sched.now);
    if (irqAck) card.read(BASE + 0xe); // the interrupt handler acknowledges at once
  };
  const dac: [number, number][] = [];
  const mixIn = card.dsp.onDac!;
  card.dsp.onDac = (at, level) => { dac.push([at, level]); mixIn(at, level); };
  const out: number[] = [];
  const buf = new Float32Array(1 << 15);
  card.setAudioRate(48_000);
  const runUs = (us: number): void => {
    const end = sched.now + Math.round(us * US);
    // Drain the audio every ~10 ms, as a machine does each frame.
    while (sched.now < end) {
      sched.runUntil(Math.min(end, sched.now + Math.round(10_000 * US)));
      card.update();
      const n = card.audio.read(buf, 0, buf.length);
      for (let i = 0; i < n; i++) out.push(buf[i]!);
    }
  };
  const cmd = (...bytes: number[]): void => { for (const b of bytes) card.write(BASE + 0xc, b); };
  const reset = (): void => {
    card.write(BASE + 6, 1);
    runUs(3);
    card.write(BASE + 6, 0);
    runUs(100);
    expect(card.read(BASE + 0xa)).toBe(0xaa);
  };
  return { sched, card, dma, irqs, dac, out, runUs, cmd, reset };
}

describe('SB 2.0 DSP: reset, identification, speaker', () => {
  it('reset: AAh on 22Ah once the data-available bit of 22Eh is set (about 20 us after reset ends)', () => {
    const { card, runUs } = rig();
    card.write(0x226, 1);
    runUs(3);
    card.write(0x226, 0);
    expect(card.read(0x22e) & 0x80).toBe(0);
    let polls = 0;
    while ((card.read(0x22e) & 0x80) === 0 && polls < 1000) { runUs(1); polls++; }
    expect(polls).toBeGreaterThan(5);
    expect(polls).toBeLessThan(100);
    expect(card.read(0x22a)).toBe(0xaa);
    expect(card.read(0x22e) & 0x80).toBe(0);
  });

  it('version E1h -> 02h 01h; E0h returns the complement; E4h/E8h test register; write status ready', () => {
    const { card, cmd, reset } = rig();
    reset();
    expect(card.read(0x22c) & 0x80).toBe(0);
    cmd(0xe1);
    expect(card.read(0x22e) & 0x80).toBe(0x80);
    expect([card.read(0x22a), card.read(0x22a)]).toEqual([0x02, 0x01]);
    cmd(0xe0, 0x5a);
    expect(card.read(0x22a)).toBe(0xa5);
    cmd(0xe4, 0x3c, 0xe8);
    expect(card.read(0x22a)).toBe(0x3c);
  });

  it('speaker: off after reset, D1h on, D3h off, D8h reports it; direct output (10h) is heard only when on', () => {
    const { card, cmd, reset, runUs, out } = rig();
    reset();
    cmd(0xd8);
    expect(card.read(0x22a)).toBe(0x00);
    const square = (): void => { for (let i = 0; i < 200; i++) { cmd(0x10, i & 1 ? 0xe0 : 0x20); runUs(500); } };
    square();
    expect(peak(out, 100)).toBe(0);
    cmd(0xd1, 0xd8);
    expect(card.read(0x22a)).toBe(0xff);
    out.length = 0;
    square(); // 1 kHz square wave by direct writes every 500 us
    expect(dominantHz(out, 48_000, 500, 1500, 5)).toBe(1000);
    expect(peak(out)).toBeGreaterThan(0.3);
    cmd(0xd3);
    out.length = 0;
    square();
    expect(peak(out, 100)).toBe(0);
  });

  it('commands are taken once the reset has finished, even if AAh was never read', () => {
    const { card, cmd, runUs } = rig();
    card.write(0x226, 1);
    runUs(3);
    card.write(0x226, 0);
    cmd(0xe1); // too soon: ignored
    runUs(50);
    cmd(0xe1);
    expect([card.read(0x22a), card.read(0x22a), card.read(0x22a)]).toEqual([0xaa, 0x02, 0x01]);
  });

  it('F2h raises the 8-bit IRQ; reading 22Eh acknowledges it', () => {
    const { card, cmd, reset, irqs } = rig(false);
    reset();
    cmd(0xf2);
    expect(irqs.length).toBe(1);
    expect(card.dsp.s.irq).toBe(true);
    card.read(0x22e);
    expect(card.dsp.s.irq).toBe(false);
  });
});

describe('SB 2.0 DSP: 8-bit DMA playback', () => {
  /** A 440 Hz sine as unsigned 8-bit samples at `rate`. */
  function sine(r: ReturnType<typeof rig>, rate: number, n: number): void {
    for (let i = 0; i < n; i++) r.dma.mem[i] = 128 + Math.round(100 * Math.sin((2 * Math.PI * 440 * i) / rate));
  }

  it('single-cycle (14h): samples at the time-constant rate, one IRQ at the end of the block', () => {
    const r = rig();
    r.reset();
    const tc = 211; // 45 us per sample: 22,222 Hz
    const rate = 1e6 / (256 - tc);
    sine(r, rate, 4000);
    r.dma.program(0, 4000, false);
    r.cmd(0xd1, 0x40, tc);
    const start = r.sched.now;
    r.dac.length = 0; // from here on, DAC changes are samples
    r.cmd(0x14, (4000 - 1) & 0xff, (4000 - 1) >> 8);
    r.runUs(250_000);
    expect(r.dac.length).toBe(4000); // every byte played once
    const ticks = r.dac.map(([at]) => at);
    const periods = ticks.slice(1).map((t, i) => t - ticks[i]!);
    expect(Math.min(...periods)).toBeGreaterThanOrEqual(Math.floor(45 * US));
    expect(Math.max(...periods)).toBeLessThanOrEqual(Math.ceil(45 * US));
    expect(r.irqs.length).toBe(1);
    expect(Math.abs(r.irqs[0]! - (start + 4000 * 45 * US))).toBeLessThan(2);
    expect(r.dma.transfers).toBe(4000);
    const f = dominantHz(r.out.slice(0, Math.floor(0.17 * 48_000)), 48_000, 400, 480, 0.5);
    expect(Math.abs(f - 440) / 440).toBeLessThan(0.01);
  });

  it('auto-init (1Ch, block size 48h): no gap between blocks, one IRQ per block', () => {
    const r = rig();
    r.reset();
    const tc = 256 - 100; // 100 us: 10 kHz
    sine(r, 10_000, 2048);
    r.dma.program(0, 2048, true); // the 8237 buffer holds two blocks
    r.cmd(0xd1, 0x40, tc, 0x48, (1024 - 1) & 0xff, (1024 - 1) >> 8);
    r.dac.length = 0;
    r.cmd(0x1c);
    r.runUs(1024 * 100 * 6 + 50);
    expect(r.irqs.length).toBe(6);
    const ticks = r.dac.map(([at]) => at);
    expect(ticks.length).toBe(6 * 1024);
    const periods = ticks.slice(1).map((t, i) => t - ticks[i]!);
    expect(Math.max(...periods) - Math.min(...periods)).toBeLessThanOrEqual(1); // rounding of 1431.8 ticks only
    const irqGaps = r.irqs.slice(1).map((t, i) => t - r.irqs[i]!);
    for (const g of irqGaps) expect(Math.abs(g - 1024 * 100 * US)).toBeLessThan(2);
    expect(r.dma.tcs).toBe(3);
    // DAh: the block under way is the last.
    r.cmd(0xda);
    r.runUs(1024 * 100 * 3);
    expect(r.irqs.length).toBe(7);
    expect(r.card.dsp.s.mode).toBe(0);
  });

  it('high speed (48h + 91h/90h): busy while it runs, ignores commands, reset ends 90h', () => {
    const r = rig();
    r.reset();
    r.dma.program(0, 0x8000, true);
    r.cmd(0xd1, 0x40, 233, 0x48, 0xff, 0x03, 0x91); // 23 us: 43.5 kHz, 1024 bytes
    expect(r.card.read(0x22c) & 0x80).toBe(0x80);
    r.cmd(0xe1); // ignored
    r.runUs(1024 * 23 + 50);
    expect(r.irqs.length).toBe(1);
    expect(r.card.read(0x22c) & 0x80).toBe(0);
    expect(r.card.read(0x22e) & 0x80).toBe(0); // the E1h was not taken
    r.cmd(0x90);
    r.runUs(1024 * 23 * 3 + 50);
    expect(r.irqs.length).toBe(4);
    r.reset();
    const played = r.dac.length;
    r.runUs(10_000);
    expect(r.dac.length - played).toBe(0);
    expect(r.card.read(0x22c) & 0x80).toBe(0);
  });

  it('pause (D0h) stops the samples and the IRQ clock; continue (D4h) picks up', () => {
    const r = rig();
    r.reset();
    r.dma.program(0, 1000, false);
    r.cmd(0xd1, 0x40, 156); // 100 us per sample
    r.dac.length = 0;
    r.cmd(0x14, 999 & 0xff, 999 >> 8);
    r.runUs(50_000);
    r.cmd(0xd0);
    const atPause = r.dac.length;
    expect(atPause).toBeGreaterThan(490);
    expect(atPause).toBeLessThan(510);
    r.runUs(200_000);
    expect(r.dac.length).toBe(atPause);
    expect(r.irqs.length).toBe(0);
    r.cmd(0xd4);
    r.runUs(60_000);
    expect(r.dac.length).toBe(1000);
    expect(r.irqs.length).toBe(1);
  });

  it('a masked DMA channel starves the DSP (no samples, no IRQ) until it is unmasked', () => {
    const r = rig();
    r.reset();
    r.dma.program(0, 500, false);
    r.dma.masked = true;
    r.cmd(0xd1, 0x40, 156);
    r.dac.length = 0;
    r.cmd(0x14, 499 & 0xff, 499 >> 8);
    r.runUs(100_000);
    expect(r.dac.length).toBe(0);
    expect(r.irqs.length).toBe(0);
    expect(r.card.dsp.s.dreq).toBe(true);
    r.dma.unmask();
    r.runUs(60_000);
    expect(r.dac.length).toBe(500);
    expect(r.irqs.length).toBe(1);
  });

  it('80h plays silence for a length and interrupts at its end', () => {
    const r = rig();
    r.reset();
    r.cmd(0x40, 156, 0x80, 99, 0);
    r.runUs(9_950);
    expect(r.irqs.length).toBe(0);
    r.runUs(100);
    expect(r.irqs.length).toBe(1);
    expect(r.dma.transfers).toBe(0);
  });

  it('a state saved mid-block continues with identical samples and IRQs', () => {
    const make = () => {
      const r = rig();
      r.reset();
      sine(r, 10_000, 4096);
      r.dma.program(0, 4096, true);
      r.cmd(0xd1, 0x40, 156, 0x48, 0xff, 0x07, 0x1c);
      // An FM note on the OPL2 as well.
      const w = (reg: number, v: number) => { r.card.write(0x228, reg); r.card.write(0x229, v); };
      w(0x23, 0x21); w(0x43, 0); w(0x63, 0xf4); w(0x83, 0x44); w(0xa0, 0x44); w(0xb0, 0x32);
      return r;
    };
    const a = make();
    a.runUs(123_456);
    const st = structuredClone(a.card.getState());
    const dmaAt = { addr: a.dma.addr, count: a.dma.count };
    const t0 = a.sched.now;
    a.out.length = 0; a.irqs.length = 0;
    a.runUs(400_000);

    const b = make();
    b.sched.setState({ now: t0, timers: { 'sb.dsp': a.sched.getState().timers['sb.dsp']! + a.sched.now - t0 }, cpuOffsets: [] });
    b.card.setState(st);
    b.dma.addr = dmaAt.addr; b.dma.count = dmaAt.count;
    b.out.length = 0; b.irqs.length = 0;
    b.runUs(400_000);
    expect(b.irqs).toEqual(a.irqs);
    expect(b.out.length).toBe(a.out.length);
    expect(b.out).toEqual(a.out);
    expect(rms(a.out)).toBeGreaterThan(0.05);
  });
});

describe('The cards: ports and OPL2 aliases', () => {
  function detect(read: () => number, w: (r: number, v: number) => void, wait: () => void): [number, number] {
    w(4, 0x60); w(4, 0x80);
    const s1 = read() & 0xe0;
    w(2, 0xff); w(4, 0x21);
    wait();
    const s2 = read() & 0xe0;
    w(4, 0x60); w(4, 0x80);
    return [s1, s2];
  }

  it('AdLib: detection at 388h/389h gives 00h, C0h; a 440 Hz note comes out at 440 Hz at the host rate', () => {
    const clock = { now: 0 };
    const card = new AdLibCard(clock, { masterHz: MASTER });
    const w = (r: number, v: number) => { card.write(0x388, r); card.write(0x389, v); };
    expect(detect(() => card.read(0x388), w, () => { clock.now += Math.round(100 * US); })).toEqual([0x00, 0xc0]);
    expect(card.read(0x389)).toBe(0xff);
    expect(card.ports).toEqual([0x388, 0x389]);
    card.setAudioRate(44_100);
    w(0x20, 0x21); w(0x40, 0x3f); w(0x23, 0x21); w(0x43, 0x00); w(0x63, 0xf0); w(0x83, 0x05);
    w(0xa0, 580 & 0xff); w(0xb0, 0x20 | (4 << 2) | (580 >> 8));
    const out: number[] = [];
    const buf = new Float32Array(8192);
    for (let f = 0; f < 25; f++) {
      clock.now += Math.round(MASTER / 50);
      card.update();
      const n = card.audio.read(buf, 0, buf.length);
      for (let i = 0; i < n; i++) out.push(buf[i]!);
    }
    expect(Math.abs(out.length - 22_050)).toBeLessThan(40);
    const f = dominantHz(out, 44_100, 400, 480, 0.5);
    expect(Math.abs(f - 440) / 440).toBeLessThan(0.01);
    expect(peak(out)).toBeGreaterThan(0.2);
  });

  it('SB 2.0: the OPL2 answers at 228h/229h and 388h/389h (one chip); 220h-223h read FFh', () => {
    const r = rig();
    const at = (base: number) => detect(() => r.card.read(base), (reg, v) => { r.card.write(base, reg); r.card.write(base + 1, v); }, () => r.runUs(100));
    expect(at(0x228)).toEqual([0x00, 0xc0]);
    expect(at(0x388)).toEqual([0x00, 0xc0]);
    r.card.write(0x388, 0x02); r.card.write(0x389, 0x12);
    expect(r.card.opl.s.regs[2]).toBe(0x12);
    r.card.write(0x228, 0x02); r.card.write(0x229, 0x34);
    expect(r.card.opl.s.regs[2]).toBe(0x34);
    for (const p of [0x220, 0x221, 0x222, 0x223, 0x224, 0x225]) expect(r.card.read(p)).toBe(0xff);
    expect(r.card.ports).toContain(0x22e);
    expect(r.card.blaster).toBe('A220 I7 D1 T3');
    const sched = new Scheduler();
    expect(new SoundBlaster2Card(sched, { masterHz: MASTER, scheduler: sched, base: 0x240, irq: 5 }).blaster).toBe('A240 I5 D1 T3');
    expect(r.card.ports).toContain(0x388);
  });
});

describe('The cards under random port traffic', () => {
  it('random reads and writes on every port never throw and keep the output finite (seeded)', () => {
    const r = rig();
    let seed = 12345;
    const rnd = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed >>> 8; };
    r.dma.program(0, 0x10000, true);
    for (let i = 0; i < 0x10000; i++) r.dma.mem[i] = rnd() & 0xff;
    const ports = r.card.ports;
    for (let i = 0; i < 20_000; i++) {
      const p = ports[rnd() % ports.length]!;
      if (rnd() & 1) r.card.write(p, rnd() & 0xff); else r.card.read(p);
      if (i % 100 === 0) r.runUs(rnd() % 3000);
    }
    r.runUs(50_000);
    expect(r.out.length).toBeGreaterThan(1000);
    expect(r.out.every((v) => Number.isFinite(v) && Math.abs(v) <= 1)).toBe(true);
    // The state after all that still round-trips.
    const st = structuredClone(r.card.getState());
    const b = rig();
    b.card.setState(st);
    expect(b.card.getState()).toEqual(st);
  });

  it('a damaged card state is refused with a typed error', () => {
    const r = rig();
    const st = structuredClone(r.card.getState());
    expect(() => r.card.setState({ ...st, dsp: null } as never)).toThrow(/Sound Blaster state/);
    expect(() => r.card.setState({ ...st, dsp: { ...st.dsp!, left: -5 } })).toThrow(/DSP state/);
    expect(() => r.card.setState({ ...st, opl: { ...st.opl, eg: new Int32Array(3) } })).toThrow(/YM3812 state/);
    expect(() => r.card.setState({ ...st, audio: { ...st.audio, pos: NaN } })).toThrow(/resampler state/);
    const clock = { now: 0 };
    const adlib = new AdLibCard(clock, { masterHz: MASTER });
    expect(() => adlib.setState({ ...adlib.getState(), mix: null } as never)).toThrow(/sound card state/);
  });

  it('AdLib card: a state saved with a note sounding continues with identical audio', () => {
    const make = () => {
      const clock = { now: 0 };
      const card = new AdLibCard(clock, { masterHz: MASTER });
      const w = (r: number, v: number) => { card.write(0x388, r); card.write(0x389, v); };
      w(0x20, 0x21); w(0x40, 0x10); w(0x60, 0xf3); w(0x80, 0x35); w(0x23, 0x21); w(0x63, 0xf3); w(0x83, 0x35);
      w(0xc0, 0x0c); w(0xa0, 0x44); w(0xb0, 0x32); w(0xbd, 0xc0);
      const take = (ms: number): number[] => {
        const out: number[] = [];
        const buf = new Float32Array(8192);
        for (let t = 0; t < ms; t += 20) {
          clock.now += Math.round(MASTER / 50);
          card.update();
          const n = card.audio.read(buf, 0, buf.length);
          for (let i = 0; i < n; i++) out.push(buf[i]!);
        }
        return out;
      };
      return { clock, card, take };
    };
    const a = make();
    a.take(300);
    const st = structuredClone(a.card.getState());
    const at = a.clock.now;
    const restA = a.take(400);
    const b = make();
    b.clock.now = at;
    b.card.setState(st);
    expect(b.take(400)).toEqual(restA);
  });
});

describe('Fitting helpers', () => {
  it('isaIoDevice answers only the card ports (-1 / false elsewhere), as PcBoard.addIo expects', () => {
    const clock = { now: 0 };
    const io = isaIoDevice(new AdLibCard(clock, { masterHz: MASTER }));
    expect(io.read(0x388) & 0x06).toBe(0x06);
    expect(io.read(0x220)).toBe(-1);
    expect(io.write(0x388, 4)).toBe(true);
    expect(io.write(0x61, 0)).toBe(false);
  });

  it('takeSample inside a PC-speaker LevelSynth callback stays in step with it, frame after frame', () => {
    const clock = { now: 0 };
    const card = new AdLibCard(clock, { masterHz: MASTER });
    const w = (r: number, v: number) => { card.write(0x388, r); card.write(0x389, v); };
    w(0x23, 0x21); w(0x63, 0xf0); w(0x83, 0x05); w(0xa0, 0x44); w(0xb0, 0x32);
    const mixed: number[] = [];
    let held = 0;
    let prev = NaN;
    const synth = new LevelSynth(MASTER, (speaker) => {
      const c = card.takeSample();
      if (c === prev) held++;
      prev = c;
      mixed.push(speaker + c);
    });
    synth.setRate(44_100, 0);
    card.setAudioRate(44_100);
    const backlog: number[] = [];
    for (let frame = 0; frame < 60; frame++) {
      clock.now += Math.round(MASTER / 59.92);
      card.update(clock.now); // the card first, then the speaker's samples pull from it
      synth.advance(clock.now);
      backlog.push(card.audio.available);
    }
    expect(Math.abs(mixed.length - (clock.now / MASTER) * 44_100)).toBeLessThan(2);
    expect(Math.max(...backlog)).toBeLessThanOrEqual(2);
    expect(held).toBeLessThan(5); // a 440 Hz tone hardly ever repeats a sample: no starved pulls
    expect(Math.abs(dominantHz(mixed, 44_100, 400, 480, 0.5) - 440)).toBeLessThan(4.4);
  });
});
