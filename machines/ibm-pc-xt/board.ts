/**
 * The IBM PC/XT system board (5160) as a reusable assembly: 8088, 8253 PIT, 8259A PIC, 8255 PPI
 * with the keyboard interface, the PC speaker, RAM, a BIOS ROM, and one video card, on a
 * 28.63636 MHz master clock. A machine definition (definition.ts here, or another PC-class machine
 * such as machines/dos/) builds a `PcBoard` with its own ROM, RAM size, video card and CPU clock.
 *
 * Clock: the master is twice the XT's 14.31818 MHz crystal, so that every clock a PC/XT clone used
 * divides it: CPU 4.77 MHz = /6, 7.16 MHz = /4, 9.54 MHz = /3; PIT 1.193182 MHz = /24; the CGA dot
 * clock = /2. (With the 14.31818 MHz master 9.54 MHz would need /1.5.)
 *
 * Memory (IBM 5160 Technical Reference, "System Memory Map"): RAM from 0 to the configured size
 * (256-640 KB), the video card's window (A0000h-BFFFFh region), the BIOS ROM ending at FFFFFh (an
 * 8 KB BIOS at FE000h; a 64 KB image fills F0000h). Unmapped reads float to FFh; writes to ROM
 * and unmapped space are ignored.
 *
 * I/O (A0-A9 decoded, so ports repeat every 400h; 5160 Technical Reference "I/O Address Map"):
 * 000h-01Fh 8237 DMA (A0-A3), 020h-03Fh 8259A (A0), 040h-05Fh 8253 (A0-A1), 060h-07Fh 8255
 * (A0-A1), 080h-09Fh DMA page registers (A0-A1), 0A0h NMI mask (bit 7), 3B0h-3BFh MDA /
 * Hercules, 3D0h-3DFh CGA, 3F2h/3F4h/3F5h the floppy adapter (DOR, uPD765 status and data),
 * 3F8h-3FFh COM1 (an 8250 on IRQ 4).
 * Unanswered ports read FFh.
 *
 * Wiring (5160 Technical Reference, system board; MAME genpc.cpp): PIT OUT0 -> IRQ 0; OUT1 -> DMA
 * channel 0 (DRAM refresh), charged to the CPU as 4 stolen clocks per refresh, applied every
 * millisecond; the floppy controller -> IRQ 6 and DMA channel 2, 4 stolen clocks per byte; OUT2 AND port B bit 1 -> speaker, port B bit 0 -> GATE2; keyboard ->
 * IRQ 1 and port A; port B bit 6 keyboard clock, bit 7 keyboard clear; port C: SW1 nibble (port B
 * bit 3 selects), bit 5 OUT2. PIC INT -> CPU INTR, INTA -> the PIC's vector.
 *
 * DIP switch SW1 (read on port C): switch 1 off (normal POST), 2 on (no 8087), 3-4 off (all
 * planar memory), 5-6 video (CGA 80x25 or monochrome), 7-8 floppy drives - 1.
 *
 * Not emulated: the NMI (parity and I/O channel check never fire), expansion option ROMs, the
 * printer port, COM2.
 */
import { Dma8237 } from '../../cores/chips/i8237/i8237.ts';
import { Pic8259 } from '../../cores/chips/i8259/i8259.ts';
import { Upd765, type FloppyMedia } from '../../cores/chips/upd765/upd765.ts';
import { Pit8253 } from '../../cores/chips/i8253/i8253.ts';
import { Ppi8255 } from '../../cores/chips/i8255/i8255.ts';
import { Ns8250 } from '../../cores/chips/ns8250/ns8250.ts';
import { XtKeyboard } from '../../cores/chips/xt-keyboard/xt-keyboard.ts';
import { X86Cpu, X86Model } from '../../cores/cpu/x86/cpu.ts';
import type { X86Bus } from '../../cores/cpu/x86/bus.ts';
import { AudioSink, LevelSynth, type LevelSynthState } from '../../cores/kernel/audio.ts';
import { CpuLine } from '../../cores/kernel/cpu.ts';
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import type { Host } from '../../cores/kernel/host.ts';
import type { Part } from '../../cores/kernel/part.ts';
import { Scheduler } from '../../cores/kernel/scheduler.ts';
import type { Ticks } from '../../cores/kernel/time.ts';
import type { VideoAdapter } from './video/adapter.ts';
import { Cga } from './video/cga.ts';
import { Mda } from './video/mda.ts';
import { Vga } from './video/vga.ts';

/** 2 x 14.31818 MHz. */
export const PC_MASTER_HZ = 28_636_360;
/** CPU clock choices as master dividers. */
export const CPU_DIVIDERS: Readonly<Record<string, number>> = { '4.77': 6, '7.16': 4, '9.54': 3, max: 1 };
const PIT_DIVIDER = 24;
/** CPU clocks a DMA cycle (a DRAM refresh, or a byte of a floppy transfer) takes from the CPU. */
const REFRESH_CYCLES = 4;
const DMA_BYTE_CYCLES = 4;
const REFRESH_APPLY_TICKS = Math.round(PC_MASTER_HZ / 1000);

export type VideoKind = 'cga' | 'mda' | 'hercules' | 'vga';

export interface PcBoardOptions {
  readonly host: Host;
  /** BIOS image, a multiple of 8 KB up to 64 KB; mapped to end at FFFFFh. */
  readonly bios: Uint8Array;
  /** Conventional RAM in KB (16..640). */
  readonly ramKB: number;
  readonly video: VideoKind;
  /** 8 KB character ROM in IBM's layout (the user's, or roms/ibm-pc-xt/font8.ts amalgamCharRom). */
  readonly charRom: Uint8Array;
  /** Master ticks per CPU clock (CPU_DIVIDERS). */
  readonly cpuDivider: number;
  /** Floppy drives fitted (1 or 2), for the DIP switches. */
  readonly floppyDrives: number;
  /** The floppy controller without mechanical delays (seeks, rotation, data rate). */
  readonly fastFloppy?: boolean;
  /** The video card's option ROM, mapped at C0000h (the VGA's BIOS). */
  readonly videoRom?: Uint8Array;
}

const PORT_B_POWER_ON = 0x41;
const PAGE_RAM = 0, PAGE_ROM = 1, PAGE_VIDEO = 2, PAGE_NONE = 3;
/**
 * The XT's page registers (a 74LS670 decoding A0-A1 in 80h-9Fh): 80h channel 0, 81h channel 2,
 * 82h channel 3, 83h channel 1 (5160 Technical Reference, "DMA page registers").
 */
const PAGE_CHANNEL = [0, 2, 3, 1];

interface BoardState {
  portB: number;
  nmiMask: number;
  refreshDebt: number;
  speaker: LevelSynthState;
  speakerOn: number;
  x1: number;
  y1: number;
}

export class PcBoard implements X86Bus {
  readonly scheduler = new Scheduler();
  readonly cpu: X86Cpu;
  /** The whole 1 MB address space: RAM, then ROM images at their addresses. */
  readonly mem = new Uint8Array(0x100000);
  /** Kind of each 4 KB page (PAGE_*). */
  private readonly pages = new Uint8Array(256);
  readonly pit: Pit8253;
  readonly pic = new Pic8259();
  readonly ppi = new Ppi8255();
  readonly keyboard: XtKeyboard;
  readonly dma = new Dma8237();
  readonly fdc: Upd765;
  /** COM1 (3F8h, IRQ 4): a serial card with an 8250. */
  readonly com1: Ns8250;
  readonly video: VideoAdapter;
  readonly ramBytes: number;
  /** SW1 as port C reads it (bit = 1: switch off). */
  readonly switches: number;
  /**
   * Port B as the board's lines see it. Power-on: the lines the chips start with (keyboard clock
   * high, clear low, GATE2 high), so the first write that changes them reaches the chips.
   */
  portB = PORT_B_POWER_ON;
  nmiMask = 0;
  /** Refresh CPU clocks owed (applied by the refresh timer). */
  refreshDebt = 0;
  private speakerOn = 0;
  private readonly synth: LevelSynth;
  private readonly sink: AudioSink;
  private readonly audio = { x1: 0, y1: 0 };
  /** Extra port handlers (a machine adds its own devices: FDC, paravirtual disk, serial). */
  private readonly extraIo: { read(port: number): number; write(port: number, v: number): boolean }[] = [];

  constructor(readonly opts: PcBoardOptions) {
    const { bios } = opts;
    if (bios.length === 0 || bios.length % 8192 !== 0 || bios.length > 0x10000)
      throw new RangeError('BIOS image must be 8 KB to 64 KB in 8 KB steps');
    this.ramBytes = Math.max(16, Math.min(640, opts.ramKB)) * 1024;
    this.mem.set(bios, 0x100000 - bios.length);
    this.pages.fill(PAGE_NONE);
    this.pages.fill(PAGE_RAM, 0, this.ramBytes >> 12);
    this.pages.fill(PAGE_ROM, (0x100000 - bios.length) >> 12, 256);

    const sched = this.scheduler;
    this.cpu = new X86Cpu(this, X86Model.I8088);
    sched.addCpu(this.cpu, opts.cpuDivider);

    this.video = opts.video === 'cga' ? new Cga(sched, opts.charRom, 2)
      : opts.video === 'vga' ? new Vga(sched)
      : new Mda(sched, opts.charRom, { hercules: opts.video === 'hercules', textCharTicks: 16, gfxCharTicks: 28 });
    if (opts.videoRom !== undefined) this.mapRom(0xc0000, opts.videoRom);
    this.pages.fill(PAGE_VIDEO, this.video.memStart >> 12, this.video.memEnd >> 12);

    this.pit = new Pit8253(sched, { divider: PIT_DIVIDER, variant: '8253', timerKey: 'pit' });
    // Counter 1 (refresh, 66,288 edges a second) is not reported edge by edge: the refresh timer
    // takes its falling edges in bulk (pc-chips report).
    this.pit.setReported(0b101);
    this.com1 = new Ns8250(sched, { masterHz: PC_MASTER_HZ, timerKey: 'com1', variant: '8250' });
    this.fdc = new Upd765(sched, { masterHz: PC_MASTER_HZ, timerKey: 'fdc', fast: opts.fastFloppy ?? false, driveCylinders: [80, 80] });
    this.keyboard = new XtKeyboard(sched, { masterHz: PC_MASTER_HZ, timerKey: 'keyboard' });
    this.keyboard.takeKeyEvent = () => opts.host.input.takeKeyEvent();

    // SW1: 1 off (normal), 2 on (no 8087), 3-4 off, 5-6 video, 7-8 drives - 1.
    // Video switches: 10 colour 80x25, 11 monochrome. A VGA answers as colour (its own BIOS takes
    // INT 10h over); 00 ("EGA") makes GLaBIOS stop with error 33h after the option-ROM scan.
    const videoBits = opts.video === 'mda' || opts.video === 'hercules' ? 0b11 : 0b10;
    this.switches = 0b0000_1101 | (videoBits << 4) | ((Math.max(1, Math.min(4, opts.floppyDrives)) - 1) << 6);

    this.sink = new AudioSink(opts.host);
    this.synth = new LevelSynth(PC_MASTER_HZ, (v) => {
      // DC blocker (about 20 Hz at 48 kHz), as on the Spectrum's beeper.
      const y = v - this.audio.x1 + 0.9974 * this.audio.y1;
      this.audio.x1 = v;
      this.audio.y1 = y;
      this.sink.push(y, y);
    });

    // ---- wiring ----
    this.pic.onIrq = (on) => this.cpu.setLine(CpuLine.Irq, on);
    this.keyboard.onIrq = (on) => this.pic.setIrq(1, on);
    this.pit.onOut = (ch, level, at) => {
      if (ch === 0) this.pic.setIrq(0, level === 1);
      else if (ch === 2) this.setSpeaker(at);
    };
    this.dma.memRead = (a) => this.read8(a & 0xfffff);
    this.dma.memWrite = (a, v) => this.write8(a & 0xfffff, v);
    this.dma.onTransfer = () => { this.refreshDebt += DMA_BYTE_CYCLES; };
    this.dma.attach(2, this.fdc);
    this.fdc.onIrq = (on) => this.pic.setIrq(6, on);
    this.com1.onIrq = (on) => this.pic.setIrq(4, on);
    this.fdc.onDreq = (on) => this.dma.setDreq(2, on);
    this.ppi.readPins = (port) => this.ppiPins(port);
    this.ppi.onOutput = (port, value) => { if (port === 1) this.writePortB(value); };
    const refresh = sched.timer('board.refresh', (due) => {
      this.pit.sync();
      // DRAM refresh: one DMA channel 0 cycle per PIT OUT1 falling edge.
      const n = this.pit.takeFallingEdges(1);
      if (n > 0) this.refreshDebt += this.dma.pulse(0, n) * REFRESH_CYCLES;
      if (this.refreshDebt > 0) { sched.stall(this.cpu, this.refreshDebt); this.refreshDebt = 0; }
      refresh.armAt(due + REFRESH_APPLY_TICKS);
    });
    refresh.armAt(REFRESH_APPLY_TICKS);
  }

  /** Put a disk in floppy drive `unit` (0 = A:, 1 = B:), or take it out (null). */
  setFloppy(unit: number, media: FloppyMedia | null): void {
    this.fdc.insert(unit, media);
  }

  /** Add a device answering I/O ports the board does not (read returns -1 when not its port). */
  addIo(dev: { read(port: number): number; write(port: number, v: number): boolean }): void {
    this.extraIo.push(dev);
  }

  /** Map a ROM image (an option ROM) at `base`. */
  mapRom(base: number, image: Uint8Array): void {
    this.mem.set(image, base);
    this.pages.fill(PAGE_ROM, base >> 12, (base + image.length + 0xfff) >> 12);
  }

  get frames(): number {
    return this.video.frames;
  }

  // ---- PPI ---------------------------------------------------------------------------------

  private ppiPins(port: number): number {
    if (port === 0) return this.keyboard.readData();
    if (port === 2) {
      const nibble = (this.portB & 0x08) !== 0 ? this.switches >> 4 : this.switches & 15;
      return nibble | (this.pit.out(2) !== 0 ? 0x20 : 0);
    }
    return 0xff;
  }

  private writePortB(v: number): void {
    const old = this.portB;
    this.pit.sync(); // deliver speaker edges up to now first, so the audio timeline stays in order
    this.portB = v;
    if (((old ^ v) & 1) !== 0) this.pit.setGate(2, (v & 1) !== 0);
    if (((old ^ v) & 2) !== 0) this.setSpeaker(this.scheduler.now);
    if (((old ^ v) & 0x40) !== 0) this.keyboard.setClockLine((v & 0x40) !== 0);
    if (((old ^ v) & 0x80) !== 0) this.keyboard.setClear((v & 0x80) !== 0);
  }

  private setSpeaker(at: Ticks): void {
    const on = (this.portB & 2) !== 0 && this.pit.out(2) !== 0 ? 1 : 0;
    if (on === this.speakerOn) return;
    this.speakerOn = on;
    this.synth.setLevel(at, on * 0.5);
  }

  /** Bring audio up to `now` and hand it to the host (the machine calls this once a frame). */
  flushAudio(now: Ticks): void {
    this.pit.sync();
    this.synth.advance(now);
    this.sink.flush();
  }

  setAudioRate(hz: number): void {
    this.synth.setRate(hz, this.scheduler.now);
  }

  // ---- X86Bus --------------------------------------------------------------------------------

  read8(addr: number): number {
    const k = this.pages[addr >>> 12]!;
    if (k <= PAGE_ROM) return this.mem[addr]!;
    if (k === PAGE_VIDEO) return this.video.memRead(addr);
    return 0xff;
  }

  write8(addr: number, value: number): void {
    const k = this.pages[addr >>> 12]!;
    if (k === PAGE_RAM) this.mem[addr] = value;
    else if (k === PAGE_VIDEO) this.video.memWrite(addr, value);
  }

  read16(addr: number): number {
    const k = this.pages[addr >>> 12]!;
    if (k <= PAGE_ROM && (addr & 0xfff) !== 0xfff) return this.mem[addr]! | (this.mem[addr + 1]! << 8);
    return this.read8(addr) | (this.read8(addr + 1) << 8);
  }

  write16(addr: number, value: number): void {
    const k = this.pages[addr >>> 12]!;
    if (k === PAGE_RAM && (addr & 0xfff) !== 0xfff) { this.mem[addr] = value; this.mem[addr + 1] = value >> 8; return; }
    this.write8(addr, value & 0xff);
    this.write8(addr + 1, (value >> 8) & 0xff);
  }

  in8(port: number): number {
    const p = port & 0x3ff;
    if (p < 0x100) {
      switch (p >> 5) {
        case 0: return this.dma.read(p & 0xf);
        case 1: return this.pic.read(p & 1);
        case 2: return this.pit.read(p & 3);
        case 3: return this.ppi.read(p & 3);
        case 4: return 0xff; // the page registers are write-only
        default: break;
      }
    }
    if (p >= 0x3f8) return this.com1.read(p & 7);
    if (p >= 0x3f0 && p < 0x3f8) {
      if (p === 0x3f4) return this.fdc.readMsr();
      if (p === 0x3f5) return this.fdc.readData();
      return 0xff;
    }
    if (p >= 0x3b0 && p < 0x3e0) {
      const v = this.video.ioRead(p);
      if (v >= 0) return v;
    }
    for (const d of this.extraIo) {
      const v = d.read(port);
      if (v >= 0) return v & 0xff;
    }
    return 0xff;
  }

  out8(port: number, value: number): void {
    const p = port & 0x3ff;
    const v = value & 0xff;
    if (p < 0x100) {
      switch (p >> 5) {
        case 0: this.dma.write(p & 0xf, v); return;
        case 1: this.pic.write(p & 1, v); return;
        case 2: this.pit.write(p & 3, v); return;
        case 3: this.ppi.write(p & 3, v); return;
        case 4: this.dma.setPage(PAGE_CHANNEL[p & 3]!, v); return;
        case 5: this.nmiMask = v & 0x80; return;
        default: break;
      }
    }
    if (p >= 0x3f8) { this.com1.write(p & 7, v); return; }
    if (p >= 0x3f0 && p < 0x3f8) {
      if (p === 0x3f2) this.fdc.writeDor(v);
      else if (p === 0x3f5) this.fdc.writeData(v);
      return;
    }
    if (p >= 0x3b0 && p < 0x3e0 && this.video.ioWrite(p, v)) return;
    for (const d of this.extraIo) if (d.write(port, v)) return;
  }

  in16(port: number): number {
    return this.in8(port) | (this.in8((port + 1) & 0xffff) << 8);
  }

  out16(port: number, value: number): void {
    this.out8(port, value & 0xff);
    this.out8((port + 1) & 0xffff, (value >> 8) & 0xff);
  }

  intAck(): number {
    return this.pic.acknowledge();
  }

  // ---- reset and state -----------------------------------------------------------------------

  /** The reset button / power-on of the board's chips (RAM keeps its contents). */
  reset(): void {
    this.cpu.reset();
    this.pic.reset();
    this.ppi.reset();
    this.keyboard.reset();
    this.pit.reset();
    this.dma.reset();
    this.fdc.reset();
    this.com1.reset();
    this.portB = PORT_B_POWER_ON;
  }

  /** Every saved part of the board, by stable name. */
  parts(): Record<string, Part> {
    return {
      cpu: this.cpu, ram: this.ramPart, pit: this.pit, pic: this.pic, ppi: this.ppi, keyboard: this.keyboard,
      dma: this.dma, fdc: this.fdc, com1: this.com1, video: this.video.part, board: this.boardPart,
    };
  }

  readonly ramPart: Part<{ ram: Uint8Array }> = {
    stateVersion: 1,
    getState: () => ({ ram: this.mem.slice(0, this.ramBytes) }),
    setState: (s) => {
      if (!(s?.ram instanceof Uint8Array) || s.ram.length !== this.ramBytes) throw new CorruptStateError('RAM state: wrong size');
      this.mem.set(s.ram, 0);
    },
  };

  readonly boardPart: Part<BoardState> = {
    stateVersion: 1,
    getState: () => {
      this.sink.flush();
      return {
        portB: this.portB, nmiMask: this.nmiMask, refreshDebt: this.refreshDebt, speaker: this.synth.getState(),
        speakerOn: this.speakerOn, x1: this.audio.x1, y1: this.audio.y1,
      };
    },
    setState: (s) => {
      if (typeof s !== 'object' || s === null || typeof s.speaker !== 'object' ||
          ![s.portB, s.nmiMask, s.refreshDebt, s.speakerOn, s.x1, s.y1].every(Number.isFinite))
        throw new CorruptStateError('board state: malformed');
      this.sink.flush();
      this.portB = s.portB & 0xff; this.nmiMask = s.nmiMask & 0x80; this.refreshDebt = s.refreshDebt;
      this.synth.setState(s.speaker); this.speakerOn = s.speakerOn; this.audio.x1 = s.x1; this.audio.y1 = s.y1;
    },
  };
}
