/**
 * The NES (NTSC, front-loader) assembled: the 2A03 (a 6502 without decimal mode, plus the APU,
 * the OAM DMA unit and the controller ports), the 2C02 PPU, 2 KiB work RAM mirrored to $1FFF,
 * and the cartridge board (mappers/), on the 21.477272 MHz master clock: CPU /12, PPU /4.
 *
 * The CPU bus is this class (one call per CPU cycle). Every access first compares the CPU cycle
 * with `eventCycle`, the earliest moment something must happen on the CPU's side (VBL/NMI, an
 * A12-counting scanline, an APU IRQ, a DMC fetch, a pending OAM DMA); only then are the PPU and
 * APU caught up and the DMA run. Otherwise they catch up lazily when their registers are
 * touched. This keeps NMI and IRQ exact to the cycle without stepping anything per cycle.
 *
 * DMA is done inside the read cycle it halts, as ares does (the 6502 core's README: the bus adds
 * the stolen cycles to `cpu.cycles`): OAM DMA ($4014) takes 513 cycles, 514 when it starts on a
 * put cycle; a DMC fetch stalls the CPU 3 or 4 cycles.
 *
 * Master time of CPU cycle c is c * 12 (the CPU starts at tick 0 with cycle 0), so the PPU is
 * brought up to dot floor((12c + PPU_PHASE) / 4).
 *
 * Not emulated (TODO(accuracy)): the halted CPU's repeated reads during DMC DMA (double $2007 /
 * $4016 reads), DMC DMA during OAM DMA, PAL and Dendy timing.
 * References: nesdev wiki "CPU memory map", "DMA", "Cycle reference chart", "Open bus behavior".
 */
import { M6502 } from '../../cores/cpu/m6502/m6502.ts';
import type { M6502Bus } from '../../cores/cpu/m6502/bus.ts';
import { AudioSink, LevelSynth, type LevelSynthState } from '../../cores/kernel/audio.ts';
import { CpuLine } from '../../cores/kernel/cpu.ts';
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import type { Host, VideoFrame } from '../../cores/kernel/host.ts';
import type { LoadedMedia, MediaRef } from '../../cores/kernel/media.ts';
import type { Part } from '../../cores/kernel/part.ts';
import { Scheduler } from '../../cores/kernel/scheduler.ts';
import { Apu } from './apu.ts';
import { type Cartridge, Mirroring, withBatteryRam } from './cartridge.ts';
import { Controllers, type ControllersState } from './controllers.ts';
import { createMapper } from './mappers/index.ts';
import type { Mapper } from './mappers/mapper.ts';
import { ntscPalette } from './palette.ts';
import { HEIGHT, Ppu, WIDTH } from './ppu.ts';
import { NES_FRAME_TICKS, NES_MASTER_HZ } from './info.ts';

export const MASTER_HZ = NES_MASTER_HZ;
export const CPU_DIVIDER = 12;
export const PPU_DIVIDER = 4;
/** Average frame: 262 lines x 341 dots less the odd frames' skipped dot. */
export const FRAME_TICKS = NES_FRAME_TICKS;
/** Master ticks from the start of a CPU cycle to the moment its bus access sees the PPU. */
export const PPU_PHASE = 0;
/** NTSC pixels are 8:7 (the 12 3/11 MHz pixel clock against square-pixel 12 3/11 * 7/8). */
export const PIXEL_ASPECT = 8 / 7;

interface BusState {
  ram: Uint8Array;
  open: number;
  oamDma: boolean;
  dmaPage: number;
  ctrl: ControllersState;
}

interface AudioState {
  synth: LevelSynthState;
  x1: number; y1: number; x2: number; y2: number;
}

/** A cartridge slot with nothing in it: a board whose program loops at $C000. */
function emptyCartridge(): Cartridge {
  const prg = new Uint8Array(0x4000);
  prg.set([0x4c, 0x00, 0xc0], 0); // JMP $C000
  prg[0x3ffc] = 0x00; prg[0x3ffd] = 0xc0;
  prg[0x3ffa] = 0x00; prg[0x3ffb] = 0xc0;
  prg[0x3ffe] = 0x00; prg[0x3fff] = 0xc0;
  return { mapper: 0, submapper: 0, prg, chr: new Uint8Array(0), chrRamBytes: 0x2000, prgRamBytes: 0x2000, battery: false,
    mirroring: Mirroring.Horizontal, timing: 'ntsc', nes2: false, trainer: null, batteryRam: null };
}

export class Nes implements M6502Bus {
  readonly scheduler = new Scheduler();
  readonly cpu: M6502;
  readonly ppu: Ppu;
  readonly apu = new Apu();
  readonly controllers: Controllers;
  ram = new Uint8Array(0x800);
  mapper!: Mapper;
  cartRef: MediaRef | null = null;
  cartBytes: Uint8Array | null = null;
  /** The CPU data bus: the last byte read or written (open bus). */
  open = 0;
  /** CPU cycle at which the next access must sync (see the header). */
  eventCycle = 0;
  oamDma = false;
  dmaPage = 0;
  private prg!: Uint8Array;
  private prgMap!: Int32Array;
  private readonly synth: LevelSynth;
  private readonly sink: AudioSink;
  private audio = { x1: 0, y1: 0, x2: 0, y2: 0 };
  private readonly frame: VideoFrame;
  private savedPrgRam: Uint8Array | null = null;

  constructor(private readonly host: Host) {
    this.cpu = new M6502(this, { decimal: false, lxaMagic: 0xff });
    this.ppu = new Ppu(ntscPalette());
    this.controllers = new Controllers(host.input);
    const ppu = this.ppu;
    this.frame = { width: WIDTH, height: HEIGHT, get pixels() { return ppu.pixels; }, pixelAspect: PIXEL_ASPECT };
    this.sink = new AudioSink(host);
    this.synth = new LevelSynth(MASTER_HZ, (v) => {
      // The console's output filters: two first-order high-passes (about 90 Hz and 440 Hz; nesdev
      // "APU Mixer"), here at the output rate, which also remove the mixer's DC offset.
      const a = this.audio;
      const y1 = 0.988 * (a.y1 + v - a.x1);
      a.x1 = v; a.y1 = y1;
      const y2 = 0.944 * (a.y2 + y1 - a.x2);
      a.x2 = y1; a.y2 = y2;
      this.sink.push(y2, y2);
    });
    this.apu.onLevel = (cycle, level) => this.synth.setLevel(cycle * CPU_DIVIDER, level);
    this.apu.onIrq = () => this.updateIrq();
    this.ppu.onNmi = (on) => this.cpu.setLine(CpuLine.Nmi, on);
    this.ppu.onNmiCancel = () => {
      // The edge never reached the CPU: forget it, and the interrupt it polled (unless IRQ wants one).
      const cpu = this.cpu;
      cpu.nmiLatched = 0;
      if (cpu.irqLine === 0 || cpu.fi !== 0) cpu.pending &= ~1;
    };
    this.ppu.onFrame = () => this.frameDone();
    this.scheduler.addCpu(this.cpu, CPU_DIVIDER);
    this.setCartridge(emptyCartridge());
  }

  get frames(): number {
    return this.ppu.s.frames;
  }

  /** Put a cartridge in and power the console on with it. */
  setCartridge(cart: Cartridge): void {
    const m = createMapper(cart);
    m.onIrq = () => this.updateIrq();
    this.mapper = m;
    this.ppu.mapper = m;
    this.prg = m.prg;
    this.prgMap = m.prgMap;
    this.savedPrgRam = cart.battery ? m.prgRam.slice() : null;
    this.powerOn();
  }

  /** Power-on: CPU, PPU, APU and RAM to their power-on state; time keeps running. */
  powerOn(): void {
    const clock = this.ppu.s.clock, cycle = this.cpu.cycles;
    this.ppu.s = { ...Ppu.powerOn(), clock };
    this.apu.s = { ...Apu.powerOn(), cycle };
    this.apu.dmcRequest = false;
    // Power-on RAM content is unreliable on a real console; zero is a common, deterministic choice.
    this.ram.fill(0);
    this.oamDma = false;
    this.cpu.reset();
    this.cpu.cycles = cycle;
    this.cpu.setLine(CpuLine.Nmi, false);
    this.updateIrq();
    this.eventCycle = 0;
  }

  reset(): void {
    this.sync(false);
    this.ppu.reset();
    this.apu.reset();
    this.oamDma = false;
    this.cpu.setLine(CpuLine.Reset, true);
    this.cpu.setLine(CpuLine.Reset, false);
    this.eventCycle = 0;
  }

  private updateIrq(): void {
    this.cpu.setLine(CpuLine.Irq, this.apu.irq || this.mapper.irq);
  }

  // ---- the CPU bus ----

  read(addr: number): number {
    if (this.cpu.cycles >= this.eventCycle) this.sync(true);
    if (addr < 0x2000) return (this.open = this.ram[addr & 0x7ff]!);
    if (addr >= 0x8000) return (this.open = this.prg[this.prgMap[(addr >> 13) & 3]! + (addr & 0x1fff)]!);
    return (this.open = this.readIo(addr));
  }

  write(addr: number, value: number): void {
    if (this.cpu.cycles >= this.eventCycle) this.sync(false);
    this.open = value;
    if (addr < 0x2000) { this.ram[addr & 0x7ff] = value; return; }
    this.writeIo(addr, value);
  }

  /** What a read of `addr` returns, with its side effects, without the event check. */
  private decode(addr: number): number {
    if (addr < 0x2000) return this.ram[addr & 0x7ff]!;
    if (addr >= 0x8000) return this.prg[this.prgMap[(addr >> 13) & 3]! + (addr & 0x1fff)]!;
    return this.readIo(addr);
  }

  private ppuTarget(cycle: number): number {
    return Math.floor((cycle * CPU_DIVIDER + PPU_PHASE) / PPU_DIVIDER);
  }

  private readIo(addr: number): number {
    if (addr < 0x4000) {
      this.ppu.run(this.ppuTarget(this.cpu.cycles));
      const v = this.ppu.readReg(addr & 7);
      this.eventCycle = 0;
      return v;
    }
    if (addr < 0x4020) {
      switch (addr) {
        case 0x4015: this.apu.run(this.cpu.cycles); this.eventCycle = 0; return this.apu.readStatus() | (this.open & 0x20);
        case 0x4016: return (this.open & 0xe0) | this.controllers.read(0);
        case 0x4017:
          if (this.controllers.zapper) {
            this.ppu.run(this.ppuTarget(this.cpu.cycles));
            return (this.open & 0xe0) | this.controllers.readZapper(this.ppu.s.line, this.ppu.s.dot, this.ppu.pixels);
          }
          return (this.open & 0xe0) | this.controllers.read(1);
        default: return this.open;
      }
    }
    return this.mapper.readLow(addr, this.open);
  }

  private writeIo(addr: number, value: number): void {
    const c = this.cpu.cycles;
    if (addr < 0x4000) {
      this.ppu.run(this.ppuTarget(c));
      this.ppu.writeReg(addr & 7, value);
      this.eventCycle = 0;
      return;
    }
    if (addr < 0x4020) {
      if (addr === 0x4014) { this.oamDma = true; this.dmaPage = value; this.eventCycle = 0; return; }
      if (addr === 0x4016) { this.controllers.write(value); return; }
      if (addr <= 0x4017) { this.apu.run(c); this.apu.write(addr, value); this.eventCycle = 0; }
      return;
    }
    this.mapper.cpuCycle = c;
    if (addr >= 0x8000) this.mapper.write(addr, value);
    else this.mapper.writeLow(addr, value);
    if (this.mapper.watchA12) this.eventCycle = 0;
  }

  /** Bring the PPU and APU up to now, run a pending DMA (on a read cycle), find the next event. */
  private sync(isRead: boolean): void {
    const c = this.cpu.cycles;
    this.ppu.run(this.ppuTarget(c));
    this.apu.run(c);
    if (isRead) {
      if (this.oamDma) this.runOamDma(c);
      else if (this.apu.dmcRequest) this.runDmcDma(c);
    }
    const now = this.cpu.cycles;
    const dot = this.ppu.nextEventDot() + 1;
    let e = Math.ceil((dot * PPU_DIVIDER - PPU_PHASE) / CPU_DIVIDER);
    const a = this.apu.nextEventCycle();
    if (a < e) e = a;
    if (this.oamDma || this.apu.dmcRequest) e = now + 1;
    this.eventCycle = e <= now ? now + 1 : e;
  }

  /** OAM DMA in the read cycle it halts: halt, alignment if needed, 256 get/put pairs. */
  private runOamDma(c: number): void {
    this.oamDma = false;
    const cpu = this.cpu, ppu = this.ppu, page = this.dmaPage << 8;
    let cyc = c;
    // Gets happen on odd cycles (the APU's "get" half); a put-aligned start waits one cycle.
    if (((cyc + 1) & 1) === 0) cyc++;
    for (let i = 0; i < 256; i++) {
      cpu.cycles = ++cyc;
      const v = this.open = this.decode(page | i);
      cpu.cycles = ++cyc;
      ppu.run(this.ppuTarget(cyc));
      ppu.writeReg(4, v);
    }
    cpu.cycles = cyc + 1;
    this.apu.run(cpu.cycles);
    if (this.apu.dmcRequest) this.runDmcDma(cpu.cycles);
  }

  /** A DMC sample fetch: halt, dummy, alignment if needed, get. */
  private runDmcDma(c: number): void {
    const cpu = this.cpu;
    let cyc = c + 1;
    if (((cyc + 1) & 1) === 0) cyc++;
    cpu.cycles = ++cyc;
    const v = this.decode(this.apu.dmcAddress);
    this.apu.dmcFill(v);
    cpu.cycles = cyc + 1;
    this.ppu.run(this.ppuTarget(cpu.cycles));
  }

  private frameDone(): void {
    const c = this.cpu.cycles;
    this.apu.run(c);
    this.synth.advance(c * CPU_DIVIDER);
    this.sink.flush();
    if (this.controllers.zapper) this.controllers.moveZapper();
    this.host.video(this.frame);
  }

  setAudioRate(hz: number): void {
    this.synth.setRate(hz, this.cpu.cycles * CPU_DIVIDER);
  }

  // ---- media ----

  insert(media: LoadedMedia): void {
    const cart = media.data as Cartridge;
    this.setCartridge(cart);
    this.cartRef = media.ref;
    this.cartBytes = media.bytes;
  }

  /** Take the cartridge out: the console powers on with an empty slot. */
  eject(): void {
    this.setCartridge(emptyCartridge());
    this.cartRef = null;
    this.cartBytes = null;
  }

  /**
   * Battery-backed PRG RAM that changed since the cartridge went in: the whole cartridge image
   * with the RAM as a save trailer (cartridge.ts, withBatteryRam), which loads back as is.
   */
  writtenMedia(): { name: string; bytes: Uint8Array }[] {
    const saved = this.savedPrgRam;
    if (saved === null || this.cartRef === null || this.cartBytes === null) return [];
    const ram = this.mapper.prgRam;
    if (ram.every((v, i) => v === saved[i])) return [];
    return [{ name: this.cartRef.name, bytes: withBatteryRam(this.cartBytes, ram) }];
  }

  // ---- parts ----

  readonly busPart: Part<BusState> = {
    stateVersion: 1,
    getState: () => ({ ram: this.ram.slice(), open: this.open, oamDma: this.oamDma, dmaPage: this.dmaPage,
      ctrl: { ...this.controllers.s, shift: [...this.controllers.s.shift] } }),
    setState: (s) => {
      if (typeof s !== 'object' || s === null || !(s.ram instanceof Uint8Array) || s.ram.length !== 0x800 ||
          typeof s.ctrl !== 'object' || s.ctrl === null || !Array.isArray(s.ctrl.shift))
        throw new CorruptStateError('NES bus state: malformed');
      this.ram.set(s.ram);
      this.open = s.open & 0xff; this.oamDma = s.oamDma === true; this.dmaPage = s.dmaPage & 0xff;
      this.controllers.s = { strobe: s.ctrl.strobe & 1, shift: [s.ctrl.shift[0]! & 0xff, s.ctrl.shift[1]! & 0xff],
        zapX: Number.isFinite(s.ctrl.zapX) ? s.ctrl.zapX : 128, zapY: Number.isFinite(s.ctrl.zapY) ? s.ctrl.zapY : 120 };
      this.eventCycle = 0;
    },
  };

  readonly audioPart: Part<AudioState> = {
    stateVersion: 1,
    getState: () => {
      this.sink.flush();
      return { synth: this.synth.getState(), ...this.audio };
    },
    setState: (s) => {
      if (typeof s !== 'object' || s === null || typeof s.synth !== 'object') throw new CorruptStateError('NES audio state: malformed');
      this.sink.flush();
      this.synth.setState(s.synth);
      this.audio = { x1: s.x1, y1: s.y1, x2: s.x2, y2: s.y2 };
    },
  };

  /** Bring the PPU and APU up to the CPU's current cycle (tests, debuggers). */
  catchUp(): void {
    this.ppu.run(this.ppuTarget(this.cpu.cycles));
    this.apu.run(this.cpu.cycles);
  }

  /** After a state load: re-derive the IRQ/NMI lines and the event time. */
  refresh(): void {
    this.updateIrq();
    this.eventCycle = 0;
  }
}
