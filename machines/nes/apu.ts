/**
 * The 2A03's APU (NTSC): two pulse channels (duty, envelope, sweep), the triangle (linear
 * counter), noise (long and short LFSR modes), the DMC (sample fetch by DMA, IRQ, direct load),
 * the frame counter (4/5-step, IRQ and inhibit, the 3/4-cycle $4017 write delay), length
 * counters, and the nonlinear mixer.
 *
 * Lazy and event-driven: `run(cycle)` advances to a CPU cycle by jumping from event to event
 * (a channel timer expiring, a frame-counter step), never cycle by cycle; the mixed level goes to
 * `onLevel(cycle, level)` only when it changes (the machine band-limits it into host audio).
 * `nextEventCycle()` tells the machine when it must catch us up so the CPU sees an IRQ or a DMC
 * DMA request on time. The DMC asks for a byte through `dmcRequest`; the machine performs the
 * DMA (stalling the CPU) and hands the byte to `dmcFill`.
 *
 * Simplifications (TODO(accuracy)): the triangle at periods 0-1 (ultrasonic) holds its level;
 * a length-counter reload on the very cycle it is clocked is not special-cased; PAL/Dendy rate
 * tables are not wired yet.
 *
 * References: nesdev wiki "APU", "APU Frame Counter", "APU Length Counter", "APU Envelope",
 * "APU Sweep", "APU Pulse", "APU Triangle", "APU Noise", "APU DMC", "APU Mixer" (the mixer
 * formulas), blargg's apu_ref.txt.
 */
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import type { Part } from '../../cores/kernel/part.ts';

const LENGTHS = [10, 254, 20, 2, 40, 4, 80, 6, 160, 8, 60, 10, 14, 12, 26, 14, 12, 16, 24, 18, 48, 20, 96, 22, 192, 24, 72, 26, 16, 28, 32, 30];
const DUTY = [0b01000000, 0b01100000, 0b01111000, 0b10011111];
const NOISE_PERIODS = [4, 8, 16, 32, 64, 96, 128, 160, 202, 254, 380, 508, 762, 1016, 2034, 4068];
const DMC_RATES = [428, 380, 340, 320, 286, 254, 226, 214, 190, 160, 142, 128, 106, 84, 72, 54];
const TRI_SEQ = [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
/** Frame counter steps in CPU cycles after its reset (nesdev "APU Frame Counter", NTSC). */
const STEP4 = [7457, 14913, 22371, 29828, 29829, 29830];
const STEP5 = [7457, 14913, 22371, 29829, 37281, 37282];

const PULSE_MIX = new Float64Array(31);
const TND_MIX = new Float64Array(203);
for (let i = 1; i < 31; i++) PULSE_MIX[i] = 95.52 / (8128 / i + 100);
for (let i = 1; i < 203; i++) TND_MIX[i] = 163.67 / (24329 / i + 100);

export interface ApuState {
  cycle: number;
  /** Per channel 0-3 (pulse1, pulse2, triangle, noise): registers and counters. */
  len: number[]; halt: boolean[]; enabled: boolean[];
  period: number[]; timer: number[];
  envStart: boolean[]; envDivider: number[]; envDecay: number[]; envConst: boolean[]; envVol: number[];
  duty: number[]; seq: number[];
  sweepEnabled: boolean[]; sweepPeriod: number[]; sweepNegate: boolean[]; sweepShift: number[];
  sweepDivider: number[]; sweepReload: boolean[];
  linear: number; linearReload: number; linearReloadFlag: boolean; linearControl: boolean;
  noiseShort: boolean; lfsr: number;
  // DMC
  dmcIrqEnabled: boolean; dmcLoop: boolean; dmcRate: number; dmcTimer: number; dmcLevel: number;
  dmcStart: number; dmcLength: number; dmcAddr: number; dmcRemaining: number;
  dmcBuffer: number; dmcBufferFull: boolean; dmcShift: number; dmcBits: number; dmcSilent: boolean;
  dmcIrq: boolean;
  // frame counter
  fiveStep: boolean; irqInhibit: boolean; frameIrq: boolean; frameCycle: number; frameStep: number;
  /** CPU cycle at which a $4017 write takes effect (-1: none pending), and the value. */
  resetAt: number; resetValue: number;
  level: number;
}

export class Apu implements Part<ApuState> {
  readonly stateVersion = 1;
  s: ApuState = Apu.powerOn();
  onLevel: (cycle: number, level: number) => void = () => {};
  /** The IRQ output (frame or DMC) changed. */
  onIrq: () => void = () => {};
  /** The DMC needs a byte now (the machine reads `dmcAddress` by DMA and calls dmcFill). */
  dmcRequest = false;

  static powerOn(): ApuState {
    const four = <T>(v: T): T[] => [v, v, v, v];
    return {
      cycle: 0, len: four(0), halt: four(false), enabled: four(false), period: four(0), timer: four(0),
      envStart: four(false), envDivider: four(0), envDecay: four(0), envConst: four(false), envVol: four(0),
      duty: four(0), seq: four(0),
      sweepEnabled: four(false), sweepPeriod: four(0), sweepNegate: four(false), sweepShift: four(0),
      sweepDivider: four(0), sweepReload: four(false),
      linear: 0, linearReload: 0, linearReloadFlag: false, linearControl: false,
      noiseShort: false, lfsr: 1,
      dmcIrqEnabled: false, dmcLoop: false, dmcRate: DMC_RATES[0]!, dmcTimer: DMC_RATES[0]!, dmcLevel: 0,
      dmcStart: 0xc000, dmcLength: 1, dmcAddr: 0xc000, dmcRemaining: 0,
      dmcBuffer: 0, dmcBufferFull: false, dmcShift: 0, dmcBits: 8, dmcSilent: true, dmcIrq: false,
      fiveStep: false, irqInhibit: false, frameIrq: false, frameCycle: 0, frameStep: 0,
      resetAt: -1, resetValue: 0, level: 0,
    };
  }

  get irq(): boolean {
    return this.s.frameIrq || this.s.dmcIrq;
  }

  get dmcAddress(): number {
    return this.s.dmcAddr;
  }

  /** Cycle by which the machine must call run() so an IRQ or a DMC fetch is not late. */
  nextEventCycle(): number {
    const s = this.s;
    let next = Infinity;
    if (s.resetAt >= 0) next = s.resetAt;
    if (!s.fiveStep && !s.irqInhibit && !s.frameIrq) {
      const steps = STEP4;
      const at = s.cycle + (steps[3]! - s.frameCycle);
      if (s.frameCycle <= steps[3]!) next = Math.min(next, at);
      else next = Math.min(next, s.cycle + (steps[5]! - s.frameCycle) + steps[3]!);
    }
    if (s.dmcRemaining > 0 || s.dmcBufferFull) {
      if (!s.dmcBufferFull) next = Math.min(next, s.cycle);
      else next = Math.min(next, s.cycle + s.dmcTimer + (s.dmcBits - 1) * s.dmcRate);
    }
    return next;
  }

  // ---- time ----

  run(to: number): void {
    const s = this.s;
    while (s.cycle < to) {
      let n = to - s.cycle;
      if (s.resetAt >= 0 && s.resetAt - s.cycle < n) n = Math.max(0, s.resetAt - s.cycle);
      const steps = s.fiveStep ? STEP5 : STEP4;
      const toStep = steps[s.frameStep]! - s.frameCycle;
      if (toStep < n) n = toStep;
      // Silent channels' timers are frozen (nothing can hear their phase), so a silent APU
      // costs one event per frame-counter step instead of one every few cycles.
      const act = this.activeMask();
      for (let c = 0; c < 4; c++) if ((act >> c) & 1 && s.timer[c]! < n) n = s.timer[c]!;
      if (s.dmcTimer < n) n = s.dmcTimer;
      if (n > 0) {
        s.cycle += n; s.frameCycle += n;
        for (let c = 0; c < 4; c++) if ((act >> c) & 1) s.timer[c] = s.timer[c]! - n;
        s.dmcTimer -= n;
      }
      let changed = false;
      if (s.resetAt >= 0 && s.cycle >= s.resetAt) { this.applyFrameReset(); changed = true; }
      if (s.frameCycle === steps[s.frameStep]) { this.frameStepEvent(); changed = true; }
      if ((act & 1) !== 0 && s.timer[0] === 0) { this.clockPulse(0); changed = true; }
      if ((act & 2) !== 0 && s.timer[1] === 0) { this.clockPulse(1); changed = true; }
      if ((act & 4) !== 0 && s.timer[2] === 0) { this.clockTriangle(); changed = true; }
      if ((act & 8) !== 0 && s.timer[3] === 0) { this.clockNoise(); changed = true; }
      if (s.dmcTimer === 0) { this.clockDmc(); changed = true; }
      if (changed) this.mix();
    }
  }

  /** Channels whose output can change: bit c set for channel c. */
  private activeMask(): number {
    const s = this.s, len = s.len, p = s.period;
    return (len[0]! > 0 && p[0]! >= 8 ? 1 : 0) | (len[1]! > 0 && p[1]! >= 8 ? 2 : 0) |
      (len[2]! > 0 && s.linear > 0 && p[2]! >= 2 ? 4 : 0) | (len[3]! > 0 ? 8 : 0);
  }

  private clockPulse(c: number): void {
    const s = this.s;
    s.seq[c] = (s.seq[c]! + 7) & 7;
    s.timer[c] = (s.period[c]! + 1) * 2;
  }

  private clockTriangle(): void {
    const s = this.s;
    const p = s.period[2]!;
    if (s.len[2]! > 0 && s.linear > 0 && p >= 2) s.seq[2] = (s.seq[2]! + 1) & 31;
    s.timer[2] = p + 1 < 2 ? 2 : p + 1;
  }

  private clockNoise(): void {
    const s = this.s;
    const r = s.lfsr;
    const fb = (r ^ (r >> (s.noiseShort ? 6 : 1))) & 1;
    s.lfsr = (r >> 1) | (fb << 14);
    s.timer[3] = s.period[3]! > 0 ? s.period[3]! : NOISE_PERIODS[0]!;
  }

  private clockDmc(): void {
    const s = this.s;
    s.dmcTimer = s.dmcRate;
    if (!s.dmcSilent) {
      if ((s.dmcShift & 1) !== 0) { if (s.dmcLevel <= 125) s.dmcLevel += 2; }
      else if (s.dmcLevel >= 2) s.dmcLevel -= 2;
    }
    s.dmcShift >>= 1;
    if (--s.dmcBits === 0) {
      s.dmcBits = 8;
      if (s.dmcBufferFull) {
        s.dmcSilent = false; s.dmcShift = s.dmcBuffer; s.dmcBufferFull = false;
        if (s.dmcRemaining > 0) this.dmcRequest = true;
      } else s.dmcSilent = true;
    }
  }

  /** The DMA read the byte the DMC asked for. */
  dmcFill(v: number): void {
    const s = this.s;
    this.dmcRequest = false;
    if (s.dmcRemaining === 0) return;
    s.dmcBuffer = v; s.dmcBufferFull = true;
    s.dmcAddr = s.dmcAddr === 0xffff ? 0x8000 : s.dmcAddr + 1;
    if (--s.dmcRemaining === 0) {
      if (s.dmcLoop) this.restartDmc();
      else if (s.dmcIrqEnabled) { s.dmcIrq = true; this.onIrq(); }
    }
  }

  private restartDmc(): void {
    const s = this.s;
    s.dmcAddr = s.dmcStart;
    s.dmcRemaining = s.dmcLength;
  }

  private frameStepEvent(): void {
    const s = this.s;
    const st = s.frameStep;
    if (!s.fiveStep) {
      if (st === 0 || st === 2) this.quarter();
      else if (st === 1 || st === 4) { this.quarter(); this.half(); }
      if (st >= 3 && !s.irqInhibit) { if (!s.frameIrq) { s.frameIrq = true; this.onIrq(); } }
      if (st === 5) { s.frameStep = 0; s.frameCycle = 0; return; }
    } else {
      if (st === 0 || st === 2) this.quarter();
      else if (st === 1 || st === 4) { this.quarter(); this.half(); }
      if (st === 5) { s.frameStep = 0; s.frameCycle = 0; return; }
    }
    s.frameStep++;
  }

  private applyFrameReset(): void {
    const s = this.s;
    s.resetAt = -1;
    s.fiveStep = (s.resetValue & 0x80) !== 0;
    s.frameCycle = 0; s.frameStep = 0;
    if (s.fiveStep) { this.quarter(); this.half(); }
  }

  private quarter(): void {
    const s = this.s;
    for (const c of [0, 1, 3]) {
      if (s.envStart[c]) { s.envStart[c] = false; s.envDecay[c] = 15; s.envDivider[c] = s.envVol[c]!; }
      else if (s.envDivider[c]! === 0) {
        s.envDivider[c] = s.envVol[c]!;
        if (s.envDecay[c]! > 0) s.envDecay[c] = s.envDecay[c]! - 1;
        else if (s.halt[c]) s.envDecay[c] = 15;
      } else s.envDivider[c] = s.envDivider[c]! - 1;
    }
    if (s.linearReloadFlag) s.linear = s.linearReload;
    else if (s.linear > 0) s.linear--;
    if (!s.linearControl) s.linearReloadFlag = false;
  }

  private half(): void {
    const s = this.s;
    for (let c = 0; c < 4; c++) if (s.len[c]! > 0 && !s.halt[c]) s.len[c] = s.len[c]! - 1;
    for (let c = 0; c < 2; c++) {
      if (s.sweepDivider[c] === 0 && s.sweepEnabled[c] && s.sweepShift[c]! > 0 && !this.sweepMuted(c))
        s.period[c] = this.sweepTarget(c);
      if (s.sweepDivider[c] === 0 || s.sweepReload[c]) { s.sweepDivider[c] = s.sweepPeriod[c]!; s.sweepReload[c] = false; }
      else s.sweepDivider[c] = s.sweepDivider[c]! - 1;
    }
  }

  private sweepTarget(c: number): number {
    const s = this.s, p = s.period[c]!, d = p >> s.sweepShift[c]!;
    // Pulse 1 negates with ones' complement (-d - 1), pulse 2 with two's complement.
    return s.sweepNegate[c] ? p - d - (c === 0 ? 1 : 0) : p + d;
  }

  private sweepMuted(c: number): boolean {
    return this.s.period[c]! < 8 || this.sweepTarget(c) > 0x7ff;
  }

  private volume(c: number): number {
    const s = this.s;
    return s.envConst[c] ? s.envVol[c]! : s.envDecay[c]!;
  }

  private mix(): void {
    const s = this.s;
    let p = 0;
    for (let c = 0; c < 2; c++)
      if (s.len[c]! > 0 && !this.sweepMuted(c) && ((DUTY[s.duty[c]!]! >> s.seq[c]!) & 1) !== 0) p += this.volume(c);
    const t = TRI_SEQ[s.seq[2]!]!;
    const n = s.len[3]! > 0 && (s.lfsr & 1) === 0 ? this.volume(3) : 0;
    const level = PULSE_MIX[p]! + TND_MIX[3 * t + 2 * n + s.dmcLevel]!;
    if (level !== s.level) { s.level = level; this.onLevel(s.cycle, level); }
  }

  // ---- registers ----

  write(addr: number, v: number): void {
    const s = this.s;
    const r = addr & 0x1f;
    if (r < 8) {
      const c = r >> 2;
      switch (r & 3) {
        case 0:
          s.duty[c] = v >> 6; s.halt[c] = (v & 0x20) !== 0; s.envConst[c] = (v & 0x10) !== 0; s.envVol[c] = v & 15;
          break;
        case 1:
          s.sweepEnabled[c] = (v & 0x80) !== 0; s.sweepPeriod[c] = (v >> 4) & 7; s.sweepNegate[c] = (v & 8) !== 0;
          s.sweepShift[c] = v & 7; s.sweepReload[c] = true;
          break;
        case 2: s.period[c] = (s.period[c]! & 0x700) | v; break;
        case 3:
          s.period[c] = (s.period[c]! & 0xff) | ((v & 7) << 8);
          if (s.enabled[c]) s.len[c] = LENGTHS[v >> 3]!;
          s.seq[c] = 0; s.envStart[c] = true;
          break;
      }
    } else switch (r) {
      case 0x08: s.linearControl = s.halt[2] = (v & 0x80) !== 0; s.linearReload = v & 0x7f; break;
      case 0x0a: s.period[2] = (s.period[2]! & 0x700) | v; break;
      case 0x0b:
        s.period[2] = (s.period[2]! & 0xff) | ((v & 7) << 8);
        if (s.enabled[2]) s.len[2] = LENGTHS[v >> 3]!;
        s.linearReloadFlag = true;
        break;
      case 0x0c: s.halt[3] = (v & 0x20) !== 0; s.envConst[3] = (v & 0x10) !== 0; s.envVol[3] = v & 15; break;
      case 0x0e: s.noiseShort = (v & 0x80) !== 0; s.period[3] = NOISE_PERIODS[v & 15]!; break;
      case 0x0f: if (s.enabled[3]) s.len[3] = LENGTHS[v >> 3]!; s.envStart[3] = true; break;
      case 0x10:
        s.dmcIrqEnabled = (v & 0x80) !== 0; s.dmcLoop = (v & 0x40) !== 0; s.dmcRate = DMC_RATES[v & 15]!;
        if (!s.dmcIrqEnabled && s.dmcIrq) { s.dmcIrq = false; this.onIrq(); }
        break;
      case 0x11: s.dmcLevel = v & 0x7f; break;
      case 0x12: s.dmcStart = 0xc000 | (v << 6); break;
      case 0x13: s.dmcLength = (v << 4) | 1; break;
      case 0x15: {
        for (let c = 0; c < 4; c++) { s.enabled[c] = ((v >> c) & 1) !== 0; if (!s.enabled[c]) s.len[c] = 0; }
        if ((v & 0x10) === 0) s.dmcRemaining = 0;
        else if (s.dmcRemaining === 0) { this.restartDmc(); if (!s.dmcBufferFull) this.dmcRequest = true; }
        if (s.dmcIrq) { s.dmcIrq = false; this.onIrq(); }
        break;
      }
      case 0x17: {
        s.irqInhibit = (v & 0x40) !== 0;
        if (s.irqInhibit && s.frameIrq) { s.frameIrq = false; this.onIrq(); }
        // The reset lands 3 CPU cycles after the write on an even cycle, 4 on an odd one.
        s.resetAt = s.cycle + ((s.cycle & 1) === 0 ? 3 : 4);
        s.resetValue = v;
        break;
      }
    }
    this.mix();
  }

  /** $4015. */
  readStatus(): number {
    const s = this.s;
    let v = 0;
    for (let c = 0; c < 4; c++) if (s.len[c]! > 0) v |= 1 << c;
    if (s.dmcRemaining > 0) v |= 0x10;
    if (s.frameIrq) v |= 0x40;
    if (s.dmcIrq) v |= 0x80;
    if (s.frameIrq) { s.frameIrq = false; this.onIrq(); }
    return v;
  }

  /** Reset button: $4015 = 0 (channels silenced), the frame counter restarts as after a $4017 write. */
  reset(): void {
    this.write(0x4015, 0);
    const s = this.s;
    s.resetAt = s.cycle + 3; s.resetValue = s.fiveStep ? 0x80 : 0;
    s.frameIrq = false; s.dmcIrq = false;
    this.onIrq();
  }

  getState(): ApuState {
    const s = this.s;
    const out = { ...s } as Record<string, unknown>;
    for (const [k, v] of Object.entries(s)) if (Array.isArray(v)) out[k] = [...v];
    return { ...(out as unknown as ApuState), dmcRequestPending: this.dmcRequest } as ApuState;
  }

  setState(st: ApuState): void {
    const fresh = Apu.powerOn();
    if (typeof st !== 'object' || st === null) throw new CorruptStateError('APU state: not an object');
    for (const [k, v] of Object.entries(fresh))
      if (Array.isArray(v) ? !Array.isArray((st as unknown as Record<string, unknown>)[k]) : typeof v !== typeof (st as unknown as Record<string, unknown>)[k])
        throw new CorruptStateError(`APU state: ${k} malformed`);
    const copy = { ...st } as Record<string, unknown>;
    this.dmcRequest = copy.dmcRequestPending === true;
    delete copy.dmcRequestPending;
    for (const [k, v] of Object.entries(copy)) if (Array.isArray(v)) copy[k] = [...v];
    this.s = copy as unknown as ApuState;
  }
}
