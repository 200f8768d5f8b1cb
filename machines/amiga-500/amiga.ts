/**
 * The Amiga 500 (OCS, PAL) assembled: 68000 at master/4, Agnus (beam, DMA slots, copper,
 * blitter), Denise (playfields, sprites), Paula (interrupts, serial, audio, disk DMA), two
 * 8520 CIAs on the E clock, chip RAM, slow RAM, the Kickstart ROM (with the AROS extension ROM
 * when given) and the overlay, the floppy drives' control lines, keyboard and mouse.
 *
 * Time: a line timer (`agnus.line`) fires at the end of every line: the copper runs to the line's
 * end, Denise finishes the line, CIA-B's TOD counts the hsync; at the end of the last line the
 * frame goes to the host, VERTB is raised, CIA-A's TOD counts the vsync and the copper restarts.
 * Inside a line everything is lazy: a custom register access runs the copper up to that moment and
 * renders the picture up to it first.
 *
 * Not emulated yet (issue 15): collisions, cycle-exact blits,
 * copper/blitter/disk/audio contention for the CPU, fast RAM, NTSC.
 *
 * Sources: Amiga Hardware Reference Manual 3rd ed.; see each part's header.
 */
import { Cia8520 } from '../../cores/chips/mos8520/cia.ts';
import { M68000 } from '../../cores/cpu/m68000/cpu.ts';
import '../../cores/cpu/m68000/decode.ts';
import { AudioSink } from '../../cores/kernel/audio.ts';
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import type { Host, VideoFrame } from '../../cores/kernel/host.ts';
import type { Part } from '../../cores/kernel/part.ts';
import { Scheduler, type Timer } from '../../cores/kernel/scheduler.ts';
import { Agnus, type AgnusState } from './agnus.ts';
import { Blitter, type BlitterState } from './blitter.ts';
import { AmigaBus } from './bus.ts';
import {
  CCK_TICKS, CPU_DIVIDER, DMA_BLT, DMA_BPL, DMA_DSK, DMA_EN, DMA_SPR, E_TICKS, FRAME_HEIGHT, FRAME_WIDTH, INT_BLIT,
  INT_EXTER, INT_PORTS, INT_VERTB, LINE_CCKS, LINE_TICKS, PAL_MASTER_HZ, Reg,
} from './constants.ts';
import { Denise, type DeniseState } from './denise.ts';
import { Floppy, REVOLUTION_TICKS, type FloppyState } from './floppy.ts';
import { AmigaKeyboard, type KeyboardState } from './keyboard.ts';
import { Paula, type PaulaState } from './paula.ts';
import { PaulaAudio, type AudioState } from './paula-audio.ts';

export interface AmigaConfig {
  /** Chip RAM in KB: 512 or 1024. */
  chipKb: number;
  /** Slow RAM at $C00000 in KB: 0 or 512. */
  slowKb: number;
  /** Floppy drives fitted (DF0: to DF<n-1>:), 1-4. */
  drives: number;
}

export interface AmigaOptions {
  host: Host;
  /** Kickstart: 256 KB or 512 KB. */
  rom: Uint8Array;
  /** Extension ROM at $E00000 (AROS), 512 KB, or null. */
  ext: Uint8Array | null;
  config: AmigaConfig;
}

interface GlueState {
  overlay: boolean;
  /** Mouse counters (JOY0DAT: vertical in the high byte, horizontal in the low byte). */
  joy0: number;
  keyboard: KeyboardState;
  frames: number;
}

/** A keyboard byte takes 8 bits of about 60 us on the wire; the keyboard pauses briefly after a handshake. */
const KEY_BYTE_TICKS = Math.round(PAL_MASTER_HZ * 480e-6);
const KEY_GAP_TICKS = Math.round(PAL_MASTER_HZ * 200e-6);

export class Amiga {
  readonly scheduler = new Scheduler();
  readonly chip: Uint8Array;
  readonly slow: Uint8Array;
  readonly rom: Uint8Array;
  readonly ext: Uint8Array;
  readonly bus: AmigaBus;
  readonly cpu: M68000;
  readonly agnus = new Agnus();
  readonly denise: Denise;
  readonly paula = new Paula();
  readonly blitter: Blitter;
  readonly ciaA: Cia8520;
  readonly ciaB: Cia8520;
  readonly floppy: Floppy;
  readonly keyboard: AmigaKeyboard;
  private readonly diskTimer: Timer;
  private readonly indexTimer: Timer;
  private readonly lineTimer: Timer;
  private readonly blitTimer: Timer;
  private readonly sink: AudioSink;
  readonly audio: PaulaAudio;
  private readonly frame: VideoFrame;
  g: GlueState;

  constructor(private readonly opts: AmigaOptions) {
    const { config } = opts;
    this.chip = new Uint8Array(config.chipKb * 1024);
    this.slow = new Uint8Array(config.slowKb * 1024);
    // A 256 KB Kickstart appears twice in $F80000-$FFFFFF.
    this.rom = new Uint8Array(0x80000);
    this.rom.set(opts.rom.subarray(0, Math.min(opts.rom.length, 0x80000)));
    if (opts.rom.length === 0x40000) this.rom.set(opts.rom, 0x40000);
    this.ext = opts.ext ? opts.ext.slice(0, 0x80000) : new Uint8Array(0);
    this.keyboard = new AmigaKeyboard(opts.host.input, KEY_BYTE_TICKS, KEY_GAP_TICKS);
    this.g = { overlay: true, joy0: 0, frames: 0, keyboard: this.keyboard.s };
    this.bus = new AmigaBus(this);
    this.cpu = new M68000(this.bus);
    this.bus.cpu = this.cpu;
    this.denise = new Denise(this.chip);
    this.blitter = new Blitter(this.chip);
    this.floppy = new Floppy(this.chip, config.drives);
    const sch = this.scheduler;
    this.ciaA = new Cia8520(sch, E_TICKS, (fire) => sch.timer('ciaa', fire));
    this.ciaB = new Cia8520(sch, E_TICKS, (fire) => sch.timer('ciab', fire));
    this.lineTimer = sch.timer('agnus.line', (due) => this.endLine(due));
    this.blitTimer = sch.timer('blitter.done', () => this.paula.raise(INT_BLIT));
    this.diskTimer = sch.timer('disk.dma', () => this.floppy.finishDma());
    this.indexTimer = sch.timer('disk.index', (due) => {
      if (this.floppy.indexPulse()) this.ciaB.flag();
      this.indexTimer.armAt(due + REVOLUTION_TICKS);
    });
    this.wire();
    this.sink = new AudioSink(opts.host);
    this.audio = new PaulaAudio(this.chip, PAL_MASTER_HZ);
    this.audio.out = (l, r) => this.sink.push(l, r);
    this.audio.raise = (bits) => this.paula.raise(bits);
    this.frame = { width: FRAME_WIDTH, height: FRAME_HEIGHT, pixels: this.denise.s.pixels, pixelAspect: 1 };
    sch.addCpu(this.cpu, CPU_DIVIDER);
    this.bus.remap(true);
    this.denise.reset();
    this.lineTimer.armAt(LINE_TICKS);
    this.indexTimer.armAt(REVOLUTION_TICKS);
    this.cpu.reset();
  }

  private wire(): void {
    const { agnus, paula, ciaA, ciaB, blitter } = this;
    paula.onIpl = (level) => this.cpu.setInterruptLevel(level);
    ciaA.onIrq = (on) => paula.setLine(INT_PORTS, on);
    ciaB.onIrq = (on) => paula.setLine(INT_EXTER, on);
    ciaA.onPortA = (pins) => {
      // PA1 low: the power LED dims and the audio filter is switched in.
      const led = (pins & 2) === 0;
      if (led !== this.audio.s.led) this.audio.setLed(led, this.scheduler.now);
      const ovl = (pins & 1) !== 0;
      if (ovl !== this.g.overlay) { this.g.overlay = ovl; this.bus.remap(ovl); }
    };
    ciaA.portAIn = () => this.ciaAPortA();
    ciaA.onSerialMode = (output) => this.keyboard.serialMode(output, this.scheduler.now);
    this.keyboard.send = (sdr) => ciaA.receiveSerial(sdr);
    ciaB.onPortB = (pins) => this.floppy.control(pins);
    this.floppy.raise = (bits) => paula.raise(bits);
    this.floppy.armDma = (at) => this.diskTimer.armAt(at);
    agnus.readChip = (a) => { const c = this.chip, i = a & (c.length - 1); return (c[i]! << 8) | c[i + 1]!; };
    agnus.writeReg = (reg, v, h) => this.writeCustom(reg, v, h < LINE_CCKS ? h : LINE_CCKS - 1);
    agnus.blitterBusyUntil = () => blitter.s.busyUntil;
    blitter.onStart = (end) => this.blitTimer.armAt(end);
  }

  get frames(): number {
    return this.g.frames;
  }

  // ---- CIA-A port A: /FIR1 /FIR0 /RDY /TK0 /WPRO /CHG LED OVL ----

  private ciaAPortA(): number {
    let v = this.floppy.status();
    const input = this.opts.host.input;
    if ((input.pads[1]!.buttons & 16) !== 0) v &= ~0x80; // joystick in port 2: fire
    if ((input.mouseButtons & 1) !== 0) v &= ~0x40; // mouse in port 1: left button
    return v;
  }

  // ---- custom registers ----

  readCustomCpu(reg: number): number {
    const now = this.scheduler.now;
    this.agnus.runCopper(now);
    return this.readCustom(reg, now);
  }

  writeCustomCpu(reg: number, v: number): void {
    const now = this.scheduler.now;
    const agnus = this.agnus;
    agnus.runCopper(now);
    let h = agnus.hpos(now);
    if (h >= LINE_CCKS) h = LINE_CCKS - 1;
    this.writeCustom(reg, v, h);
  }

  private readCustom(reg: number, now: number): number {
    const a = this.agnus.s;
    switch (reg) {
      case Reg.DMACONR:
        return a.dmacon | (this.blitter.busy(now) ? 0x4000 : 0) | (this.blitter.s.zero ? 0x2000 : 0);
      case Reg.VPOSR: {
        const { v } = this.beam(now);
        return (a.lof ? 0x8000 : 0) | (v >> 8);
      }
      case Reg.VHPOSR: {
        const { v, h } = this.beam(now);
        return ((v & 0xff) << 8) | h;
      }
      case Reg.JOY0DAT: return this.g.joy0;
      case Reg.JOY1DAT: return this.joystick();
      case Reg.CLXDAT: return 0x8000;
      case Reg.ADKCONR: return this.paula.s.adkcon;
      // The right mouse button pulls port 1's POTY pin (DATLY, bit 10) low.
      case Reg.POTGOR: return (this.opts.host.input.mouseButtons & 2) !== 0 ? 0xfb00 : 0xff00;
      case Reg.SERDATR: return this.paula.readSerdatr(now);
      case Reg.INTENAR: return this.paula.s.intena;
      case Reg.INTREQR: return this.paula.s.intreq;
      case Reg.DSKBYTR: return this.floppy.readByte(now);
      default: return 0xffff; // UNVERIFIED: write-only registers read back as an idle bus
    }
  }

  private beam(now: number): { v: number; h: number } {
    const a = this.agnus.s;
    let v = a.line, h = (now - a.lineStart) >> 3;
    if (h >= LINE_CCKS) { h -= LINE_CCKS; v++; }
    return { v, h };
  }

  /** JOY1DAT from the joystick in port 2 (HRM: right = bit 1, left = bit 9, up/down via XOR). */
  private joystick(): number {
    const b = this.opts.host.input.pads[1]!.buttons;
    const up = (b & 1) !== 0, down = (b & 2) !== 0, left = (b & 4) !== 0, right = (b & 8) !== 0;
    const y1 = left, x1 = right;
    const y0 = up !== y1, x0 = down !== x1;
    return (y1 ? 0x200 : 0) | (y0 ? 0x100 : 0) | (x1 ? 0x002 : 0) | (x0 ? 0x001 : 0);
  }

  /** Registers whose write changes the picture: render up to the write first. */
  private static displayReg(reg: number): boolean {
    return (reg >= Reg.DIWSTRT && reg <= Reg.DMACON) || reg >= Reg.BPL1PTH;
  }

  writeCustom(reg: number, v: number, h: number): void {
    const { agnus, denise, blitter, paula } = this;
    const d = denise.s, b = blitter.s, cop = agnus.s.cop;
    if (Amiga.displayReg(reg)) denise.renderTo(agnus.s.line, h);
    const at = agnus.s.lineStart + h * CCK_TICKS;
    switch (reg) {
      case Reg.VPOSW: agnus.s.lof = (v & 0x8000) !== 0; return;
      case Reg.DSKPTH: { const f = this.floppy.s.dma; f.pt = ((v & 0x1f) << 16) | (f.pt & 0xffff); return; }
      case Reg.DSKPTL: { const f = this.floppy.s.dma; f.pt = (f.pt & 0x1f0000) | (v & 0xfffe); return; }
      case Reg.DSKLEN: {
        const dma = agnus.s.dmacon;
        this.floppy.writeLen(v, at, (dma & (DMA_EN | DMA_DSK)) === (DMA_EN | DMA_DSK), (paula.s.adkcon & 0x0400) !== 0);
        return;
      }
      case Reg.DSKSYNC: this.floppy.s.dma.sync = v; return;
      case Reg.COPCON: cop.copcon = v; return;
      case Reg.SERDAT: paula.writeSerdat(v, at, CCK_TICKS); return;
      case Reg.SERPER: paula.s.serper = v; return;
      case Reg.POTGO: paula.s.potgo = v; return;
      case Reg.BLTCON0: b.con0 = v; return;
      case Reg.BLTCON1: b.con1 = v; return;
      case Reg.BLTAFWM: b.afwm = v; return;
      case Reg.BLTALWM: b.alwm = v; return;
      case Reg.BLTCPTH: b.cpt = ((v & 0x1f) << 16) | (b.cpt & 0xffff); return;
      case Reg.BLTCPTL: b.cpt = (b.cpt & 0x1f0000) | (v & 0xfffe); return;
      case Reg.BLTBPTH: b.bpt = ((v & 0x1f) << 16) | (b.bpt & 0xffff); return;
      case Reg.BLTBPTL: b.bpt = (b.bpt & 0x1f0000) | (v & 0xfffe); return;
      case Reg.BLTAPTH: b.apt = ((v & 0x1f) << 16) | (b.apt & 0xffff); return;
      case Reg.BLTAPTL: b.apt = (b.apt & 0x1f0000) | (v & 0xfffe); return;
      case Reg.BLTDPTH: b.dpt = ((v & 0x1f) << 16) | (b.dpt & 0xffff); return;
      case Reg.BLTDPTL: b.dpt = (b.dpt & 0x1f0000) | (v & 0xfffe); return;
      case Reg.BLTSIZE: {
        const dma = agnus.s.dmacon;
        blitter.start(v, at, (dma & (DMA_EN | DMA_BLT)) === (DMA_EN | DMA_BLT));
        return;
      }
      case Reg.BLTCMOD: b.cmod = v & 0xfffe; return;
      case Reg.BLTBMOD: b.bmod = v & 0xfffe; return;
      case Reg.BLTAMOD: b.amod = v & 0xfffe; return;
      case Reg.BLTDMOD: b.dmod = v & 0xfffe; return;
      case Reg.BLTCDAT: b.cdat = v; return;
      case Reg.BLTBDAT: b.bdat = v; return;
      case Reg.BLTADAT: b.adat = v; return;
      case Reg.COP1LCH: cop.cop1lc = ((v & 0x1f) << 16) | (cop.cop1lc & 0xffff); return;
      case Reg.COP1LCL: cop.cop1lc = (cop.cop1lc & 0x1f0000) | (v & 0xfffe); return;
      case Reg.COP2LCH: cop.cop2lc = ((v & 0x1f) << 16) | (cop.cop2lc & 0xffff); return;
      case Reg.COP2LCL: cop.cop2lc = (cop.cop2lc & 0x1f0000) | (v & 0xfffe); return;
      case Reg.COPJMP1: agnus.copJump(1, at); return;
      case Reg.COPJMP2: agnus.copJump(2, at); return;
      case Reg.DIWSTRT: d.diwstrt = v; this.slotsChanged(); return;
      case Reg.DIWSTOP: d.diwstop = v; this.slotsChanged(); return;
      case Reg.DDFSTRT: d.ddfstrt = v & 0xfc; this.slotsChanged(); return;
      case Reg.DDFSTOP: d.ddfstop = v & 0xfc; this.slotsChanged(); return;
      case Reg.DMACON: {
        const old = agnus.s.dmacon;
        agnus.s.dmacon = (v & 0x8000) !== 0 ? (old | v) & 0x07ff : old & ~v & 0x07ff;
        this.dmaChanged();
        for (let n = 0; n < 4; n++) {
          const on = (agnus.s.dmacon & (DMA_EN | (1 << n))) === (DMA_EN | (1 << n));
          if (on) this.audio.start(n, at); else this.audio.stop(n, at);
        }
        const bltOn = DMA_EN | DMA_BLT;
        if ((agnus.s.dmacon & bltOn) === bltOn && (old & bltOn) !== bltOn) blitter.dmaEnabled(at);
        return;
      }
      case Reg.INTENA: paula.writeIntena(v); return;
      case Reg.INTREQ: paula.writeIntreq(v); return;
      case Reg.ADKCON: paula.writeAdkcon(v); return;
      case Reg.BPLCON0: d.bplcon0 = v; this.slotsChanged(); return;
      case Reg.BPLCON1: d.bplcon1 = v; return;
      case Reg.BPLCON2: d.bplcon2 = v; return;
      case Reg.BPL1MOD: d.bpl1mod = v & 0xfffe; return;
      case Reg.BPL2MOD: d.bpl2mod = v & 0xfffe; return;
      default: break;
    }
    if (reg >= Reg.BPL1PTH && reg <= Reg.BPL6PTL) {
      const p = (reg - Reg.BPL1PTH) >> 2;
      if ((reg & 2) === 0) d.bplpt[p] = ((v & 0x1f) << 16) | (d.bplpt[p]! & 0xffff);
      else d.bplpt[p] = (d.bplpt[p]! & 0x1f0000) | (v & 0xfffe);
    } else if (reg >= Reg.SPR0PTH && reg <= Reg.SPR7PTL) {
      const p = (reg - Reg.SPR0PTH) >> 2;
      if ((reg & 2) === 0) d.sprpt[p] = ((v & 0x1f) << 16) | (d.sprpt[p]! & 0xffff);
      else d.sprpt[p] = (d.sprpt[p]! & 0x1f0000) | (v & 0xfffe);
    } else if (reg >= Reg.SPR0POS && reg <= Reg.SPR7DATB) {
      denise.writeSprite((reg - Reg.SPR0POS) >> 3, ((reg - Reg.SPR0POS) >> 1) & 3, v);
    } else if (reg >= Reg.AUD0LCH && reg <= Reg.AUD3DAT) {
      this.audio.write((reg - Reg.AUD0LCH) >> 4, reg & 0xf, v, at);
    } else if (reg >= Reg.COLOR00 && reg <= Reg.COLOR31) {
      denise.setColor((reg - Reg.COLOR00) >> 1, v);
    }
    // The rest (CLXCON, BPLxDAT, SERPER's receive side...): not emulated (writes ignored).
  }

  private dmaChanged(): void {
    const dma = this.agnus.s.dmacon;
    this.denise.bplDma = (dma & (DMA_EN | DMA_BPL)) === (DMA_EN | DMA_BPL);
    this.denise.sprDma = (dma & (DMA_EN | DMA_SPR)) === (DMA_EN | DMA_SPR);
    this.slotsChanged();
  }

  private slotsChanged(): void {
    const d = this.denise.s;
    const planes = Math.min(6, (d.bplcon0 >> 12) & 7);
    this.agnus.updateSlots(planes, (d.bplcon0 & 0x8000) !== 0, d.ddfstrt, d.ddfstop, this.denise.bplLine(this.agnus.s.line));
  }

  // ---- time ----

  private endLine(due: number): void {
    const { agnus, denise } = this;
    const a = agnus.s;
    agnus.runCopper(due);
    denise.renderTo(a.line + 1, 0);
    this.ciaB.tickTod();
    a.line++;
    a.lineStart = due;
    if (a.line >= agnus.linesInFrame) {
      a.line = 0;
      a.frameStart = due;
      a.frames++;
      this.g.frames++;
      // Interlace: long and short frames alternate (HRM: LOF toggles each frame with LACE set).
      if ((denise.s.bplcon0 & 4) !== 0) a.lof = !a.lof;
      denise.newFrame(a.lof);
      agnus.frameRestart(due);
      this.paula.raise(INT_VERTB);
      this.ciaA.tickTod();
      this.audio.advance(due);
      this.sink.flush();
      this.mouseCounters();
      this.opts.host.video(this.frame);
    }
    this.slotsChanged();
    this.audio.advance(due);
    this.keyboard.poll(due);
    this.lineTimer.armAt(due + LINE_TICKS);
  }

  /** The mouse moved: its quadrature counters in JOY0DAT count (8 bits each, wrapping). */
  private mouseCounters(): void {
    const m = this.opts.host.input.takeMouseMotion();
    if (m.dx === 0 && m.dy === 0) return;
    const j = this.g.joy0;
    this.g.joy0 = ((((j >> 8) + m.dy) & 0xff) << 8) | (((j & 0xff) + m.dx) & 0xff);
  }

  // ---- reset ----

  /** The RESET instruction (and the reset line): CIAs and custom chips to their power-on state. */
  resetDevices(): void {
    this.ciaA.reset();
    this.ciaB.reset();
    this.paula.reset();
    this.agnus.s.dmacon = 0;
    this.dmaChanged();
    for (let n = 0; n < 4; n++) this.audio.stop(n, this.scheduler.now);
    this.blitter.s.pendingSize = 0;
  }

  /** The keyboard reset (Ctrl-Amiga-Amiga): the whole machine restarts from the ROM. */
  reset(): void {
    this.resetDevices();
    this.keyboard.reset(this.scheduler.now);
    this.g.keyboard = this.keyboard.s;
    this.cpu.reset();
  }

  setAudioRate(hz: number): void {
    this.audio.setRate(hz, this.scheduler.now);
  }

  // ---- state ----

  readonly memPart: Part<{ chip: Uint8Array; slow: Uint8Array }> = {
    stateVersion: 1,
    getState: () => ({ chip: this.chip.slice(), slow: this.slow.slice() }),
    setState: (s) => {
      if (!(s?.chip instanceof Uint8Array) || s.chip.length !== this.chip.length ||
          !(s.slow instanceof Uint8Array) || s.slow.length !== this.slow.length)
        throw new CorruptStateError('Amiga memory state: sizes differ from this configuration');
      this.chip.set(s.chip);
      this.slow.set(s.slow);
    },
  };

  readonly chipsetPart: Part<{
    agnus: AgnusState; denise: DeniseState; paula: PaulaState; blitter: BlitterState; glue: GlueState; audio: AudioState;
    floppy: FloppyState;
  }> = {
    stateVersion: 1,
    getState: () => {
      this.sink.flush();
      return {
        agnus: this.agnus.getState(), denise: this.denise.getState(), paula: this.paula.getState(),
        blitter: this.blitter.getState(),
        glue: { ...this.g, keyboard: { ...this.keyboard.s } },
        audio: this.audio.getState(),
        floppy: this.floppy.getState(),
      };
    },
    setState: (s) => {
      if (typeof s !== 'object' || s === null || typeof s.glue !== 'object' ||
          typeof s.audio !== 'object' || s.audio === null)
        throw new CorruptStateError('Amiga chipset state: malformed');
      this.agnus.setState(s.agnus);
      this.denise.setState(s.denise);
      this.paula.setState(s.paula);
      this.blitter.setState(s.blitter);
      this.g = { ...s.glue, keyboard: { ...s.glue.keyboard } };
      this.keyboard.s = this.g.keyboard;
      this.floppy.setState(s.floppy);
      this.sink.flush();
      this.audio.setState(s.audio);
    },
  };

  /** Re-derive what is not saved: page tables, DMA flags, slot tables, held interrupt lines. */
  afterStateLoad(): void {
    this.bus.remap(this.g.overlay);
    this.dmaChanged();
    this.paula.setHeld((this.ciaA.s.irq ? INT_PORTS : 0) | (this.ciaB.s.irq ? INT_EXTER : 0));
    this.cpu.setInterruptLevel(this.paula.ipl);
  }
}
