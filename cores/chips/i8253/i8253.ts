/**
 * Intel 8253 / 8254 Programmable Interval Timer: three 16-bit down counters, each with a CLK, a
 * GATE input and an OUT pin. In the IBM PC/XT all three are clocked at 1.193182 MHz (the 14.31818 MHz
 * master / 12): counter 0 OUT -> IRQ 0, counter 1 OUT -> DRAM refresh DREQ 0, counter 2 OUT -> the
 * speaker (gated by 8255 port B bit 0, with bit 1 ANDed after OUT; bit 5 of port C reads OUT 2).
 *
 * Variants: `'8254'` (default) adds the read-back command and the status byte; on the `'8253'` a
 * control word with SC = 11 is ignored.
 *
 * Model: counters advance lazily. Every register access and gate change first catches the chip up
 * to the master clock (whole PIT clocks; the remainder is carried), then acts between two clocks.
 * Inside a catch-up each counter jumps from event to event (a load, an OUT change, a reload), so a
 * long interval costs a handful of steps, not one per clock. A counter whose OUT matters in real
 * time (counter 0 -> IRQ 0 by default; see `setPredicted`) keeps the chip's one Timer armed for its
 * next OUT edge. Every OUT change is reported through `onOut(channel, level, atTick)` with the exact
 * master tick of the CLK edge that caused it, even when found late during a catch-up (or of the
 * register write / GATE change that caused it, which act at once), so the machine can place
 * speaker edges on the audio timeline exactly. Per counter, reported ticks never go backwards.
 *
 * Per mode (Intel 8254 datasheet, order no. 231164, "Mode Definitions" and Figures 12-17;
 * the 8253 data sheet has the same modes):
 * - Mode 0 (interrupt on terminal count): OUT low after the control word and on a count write;
 *   the count is loaded on the next CLK, then OUT goes high when it reaches 0 (N+1 clocks after the
 *   write). GATE low holds the count. Writing the first byte of a 2-byte count stops counting.
 * - Mode 1 (retriggerable one-shot): a GATE rising edge loads the count on the next CLK and drives
 *   OUT low; OUT goes high at 0 (N clocks low). New counts wait for the next trigger.
 * - Mode 2 (rate generator): OUT goes low for one clock when the count reaches 1, then the count
 *   reloads; period N. GATE low forces OUT high and holds; GATE rising reloads on the next CLK.
 *   A count written while running takes effect at the next reload.
 * - Mode 3 (square wave): counts down by 2; even N: N/2 clocks high, N/2 low; odd N: (N+1)/2 high,
 *   (N-1)/2 low (the odd count loads N-1 and OUT goes low one CLK after it expires). GATE as mode 2.
 *   A new count takes effect at the end of the current half cycle.
 * - Mode 4 (software strobe): count loaded on the next CLK; OUT low for one clock when it reaches 0.
 *   GATE low holds. A new count is loaded on the next CLK.
 * - Mode 5 (hardware strobe): as mode 4 but started (and restarted) by a GATE rising edge.
 * - Count 0 means 65536 (10000 in BCD). After terminal count in modes 0, 1, 4, 5 the counter wraps
 *   and keeps counting without further OUT changes.
 * - Counter latch (RW = 00), read/write LSB, MSB or LSB-then-MSB, the 8254 read-back command
 *   (latch count and/or status of several counters), null count (status bit 6: set by a control
 *   word or count write, cleared when the count register is transferred to the counting element).
 *
 * Counts of 1 in modes 2 and 3 (illegal per the datasheet) run as 2 and 65536, and a latch command
 * halfway through a two-byte read is ignored, as measured on chips (MAME pit8253.cpp notes both).
 *
 * Not emulated: the counting element's undefined contents right after a control word (it keeps its
 * old value); BCD nibbles A-F (taken at face value); reading a counter halfway through a two-byte
 * write; separate read/write byte pointers mixing (we keep one for reads and one for writes, which is
 * what programs that follow the datasheet see). UNVERIFIED: port 3 (control) reads FFh.
 */
import type { Scheduler, Timer } from '../../kernel/scheduler.ts';
import type { Ticks } from '../../kernel/time.ts';
import { CorruptStateError } from '../../kernel/errors.ts';
import type { Part } from '../../kernel/part.ts';
import { DividedClock } from '../../kernel/clock.ts';
import { int, record } from './state-check.ts';

/** The scheduler services the PIT needs: the master clock and one timer slot. */
export type ChipScheduler = Pick<Scheduler, 'now' | 'timer'>;

export interface Pit8253Options {
  /** `'8254'` (default) or `'8253'` (no read-back command). */
  readonly variant?: '8253' | '8254';
  /** Master ticks per PIT clock (12 on the PC: 14.31818 MHz / 12 = 1.193182 MHz). */
  readonly divider: number;
  /** Key of the chip's timer slot in the scheduler; default `'pit'`. */
  readonly timerKey?: string;
}

/** One counter. Every field is a small integer; flags are 0 or 1. */
export interface PitChannelState {
  /** Effective mode 0..5 (control word modes 6 and 7 are 2 and 3). */
  mode: number;
  /** The M2..M0 bits as written (for the status byte). */
  modeBits: number;
  bcd: number;
  /** Access: 1 LSB only, 2 MSB only, 3 LSB then MSB. */
  rw: number;
  /** Count register (binary value; 0 stands for 65536 or, in BCD, 10000). */
  cr: number;
  /** Counting element (binary, 0..65535 or 0..9999). */
  ce: number;
  out: number;
  gate: number;
  /** The count register is transferred to the counting element on the next CLK. */
  load: number;
  /** The counting element has been loaded since the control word (counting may happen). */
  run: number;
  /** Mode 0: the first byte of a two-byte count was written; counting is stopped. */
  hold: number;
  /**
   * Pending OUT action. Modes 0/1: 1 = OUT rises at terminal count. Modes 4/5: 1 = strobe at
   * terminal count, 2 = OUT returns high on the next clock. Mode 3: 1 = odd count in the high half
   * (one extra clock after expiry), 2 = that extra clock is next.
   */
  strobe: number;
  /** A complete count has been written since the control word. */
  written: number;
  /** Next count write is the MSB (RW = 3). */
  wMsb: number;
  /** LSB held while waiting for the MSB. */
  wLsb: number;
  /** Next read is the MSB (RW = 3). */
  rMsb: number;
  latched: number;
  /** Latched output value (in the counter's BCD or binary form). */
  latch: number;
  stLatched: number;
  status: number;
  nullCount: number;
  /** OUT falling edges not yet taken by `takeFallingEdges` (counted whether reported or not). */
  falls: number;
}

export interface PitState {
  /** Master tick up to which the counters have been advanced (a PIT clock boundary). */
  syncedTo: Ticks;
  ch: PitChannelState[];
}


function powerOnChannel(): PitChannelState {
  return {
    mode: 0, modeBits: 0, bcd: 0, rw: 3, cr: 0, ce: 0, out: 0, gate: 1, load: 0, run: 0, hold: 0,
    strobe: 0, written: 0, wMsb: 0, wLsb: 0, rMsb: 0, latched: 0, latch: 0, stLatched: 0, status: 0,
    nullCount: 1, falls: 0,
  };
}

const NO_EVENT = Infinity;

export class Pit8253 implements Part<PitState> {
  readonly stateVersion = 1;
  /** Counters and the sync point (`syncedTo` mirrors the DividedClock after every catch-up). */
  s: PitState;
  /** OUT of a counter changed at master tick `atTick` (may be slightly in the past). */
  onOut: ((channel: number, level: number, atTick: Ticks) => void) | null = null;

  private readonly clock: ChipScheduler;
  private readonly divider: number;
  /** The PIT's own clock (master / divider): sync point on a PIT clock boundary, remainder kept. */
  private readonly pitClock: DividedClock;
  private readonly is8254: boolean;
  private readonly timer: Timer;
  /** Bit n set: keep the timer armed for counter n's OUT edges. */
  private predicted = 0b001;
  /** Bit n set: report counter n's OUT edges through onOut. */
  private reported = 0b111;
  /** Scratch copy for predicting the next OUT edge without touching the real counter. */
  private readonly scratch: PitChannelState = powerOnChannel();

  constructor(clock: ChipScheduler, options: Pit8253Options) {
    if (!Number.isInteger(options.divider) || options.divider < 1) throw new RangeError('PIT divider must be a positive integer');
    this.clock = clock;
    this.divider = options.divider;
    this.is8254 = (options.variant ?? '8254') === '8254';
    this.pitClock = new DividedClock(options.divider, clock.now);
    this.s = { syncedTo: clock.now, ch: [powerOnChannel(), powerOnChannel(), powerOnChannel()] };
    this.timer = clock.timer(options.timerKey ?? 'pit', () => { this.catchUp(); this.rearm(); });
  }

  /** Power-on state (counters unprogrammed, OUT low, gates high). */
  reset(): void {
    this.s = { syncedTo: this.pitClock.syncedTo, ch: [powerOnChannel(), powerOnChannel(), powerOnChannel()] };
    this.rearm();
  }

  /**
   * Which counters keep the timer armed for their OUT edges (bit n = counter n). Default 0b001:
   * counter 0 (IRQ 0). Others still report every edge through onOut, but only when the chip is
   * caught up (any access, `sync()`); a machine calls `sync()` before mixing audio so counter 2's
   * speaker edges arrive with their exact ticks without a timer event per edge.
   */
  setPredicted(mask: number): void {
    this.catchUp();
    this.predicted = mask & 7;
    this.rearm();
  }

  /**
   * Which counters report their OUT edges through `onOut` (bit n = counter n; default all). A
   * counter nobody listens to (the XT's refresh counter 1) then costs nothing to catch up, however
   * long the interval, in modes 2 and 3.
   */
  setReported(mask: number): void {
    this.catchUp();
    this.reported = mask & 7;
  }

  /**
   * OUT falling edges of a counter since the last call (catches up first). With the counter left
   * out of `setReported` this is the cheap way to follow a fast counter: the XT charges one DRAM
   * refresh per falling edge of counter 1.
   */
  takeFallingEdges(channel: number): number {
    this.catchUp();
    const c = this.s.ch[channel]!;
    const n = c.falls;
    c.falls = 0;
    return n;
  }

  /** Catch up to now, reporting any OUT edges so far. */
  sync(): void {
    this.catchUp();
    this.rearm();
  }

  /** Read port 0..3 (counter 0..2; 3 reads nothing on the 8253/8254 and returns FFh). */
  read(port: number): number {
    const n = port & 3;
    if (n === 3) return 0xff;
    this.catchUp();
    const c = this.s.ch[n]!;
    if (c.stLatched !== 0) { c.stLatched = 0; return c.status; }
    const v = c.latched !== 0 ? c.latch : outputValue(c);
    switch (c.rw) {
      case 1: c.latched = 0; return v & 0xff;
      case 2: c.latched = 0; return v >> 8;
      default:
        if (c.rMsb === 0) { c.rMsb = 1; return v & 0xff; }
        c.rMsb = 0; c.latched = 0; return v >> 8;
    }
  }

  /** Write port 0..2 (counter count) or 3 (control word). */
  write(port: number, value: number): void {
    this.catchUp();
    const n = port & 3;
    const v = value & 0xff;
    if (n === 3) {
      this.writeControl(v);
      // Latch and read-back commands change no timing: no re-arm (they are the hot path of delay loops).
      if ((v & 0xc0) === 0xc0 || (v & 0x30) === 0) return;
    } else this.writeCount(n, v);
    this.rearm();
  }

  /** Drive a GATE input (logical level). */
  setGate(channel: number, level: boolean): void {
    const c = this.s.ch[channel]!;
    const g = level ? 1 : 0;
    if (c.gate === g) return;
    this.catchUp();
    c.gate = g;
    if (g === 1) {
      // Rising edge: triggers modes 1 and 5, restarts modes 2 and 3 (datasheet "Gate" table).
      if (c.written !== 0 && (c.mode === 1 || c.mode === 5 || c.mode === 2 || c.mode === 3)) c.load = 1;
    } else if ((c.mode === 2 || c.mode === 3) && c.out === 0) {
      this.setOut(channel, c, 1, this.clock.now);
    }
    this.rearm();
  }

  /** OUT level of a counter now (catches up first). */
  out(channel: number): number {
    this.catchUp();
    return this.s.ch[channel]!.out;
  }

  getState(): PitState {
    return { syncedTo: this.pitClock.syncedTo, ch: this.s.ch.map((c) => ({ ...c })) };
  }

  setState(state: PitState): void {
    const o = record(state, 'PIT state');
    const syncedTo = o.syncedTo;
    if (typeof syncedTo !== 'number' || !Number.isSafeInteger(syncedTo) || syncedTo < 0)
      throw new CorruptStateError('PIT state: bad syncedTo');
    if (!Array.isArray(o.ch) || o.ch.length !== 3) throw new CorruptStateError('PIT state: expected 3 counters');
    const chans = o.ch.map((raw, i) => checkChannel(raw, `PIT counter ${i}`));
    this.pitClock.setState({ syncedTo });
    this.s = { syncedTo, ch: chans };
    // The timer's due time is restored by the scheduler's own state; nothing to re-arm here.
  }

  /** Time to the next OUT edge of counter n in master ticks from now, or Infinity (for tests/tools). */
  ticksToNextEdge(channel: number): Ticks {
    this.catchUp();
    const k = this.clocksToOutChange(this.s.ch[channel]!);
    return k === NO_EVENT ? NO_EVENT : this.pitClock.syncedTo + k * this.divider - this.clock.now;
  }

  // --- registers -------------------------------------------------------------------------------

  private writeControl(v: number): void {
    const sc = v >> 6;
    if (sc === 3) { if (this.is8254) this.readBack(v); return; }
    const c = this.s.ch[sc]!;
    const rw = (v >> 4) & 3;
    if (rw === 0) {
      // Counter latch command: ignored while a previous latch is unread (datasheet), and halfway
      // through a two-byte read (measured: MAME pit8253.cpp, readback).
      if (c.latched === 0 && c.rMsb === 0) { c.latched = 1; c.latch = outputValue(c); }
      return;
    }
    const bits = (v >> 1) & 7;
    c.modeBits = bits;
    c.mode = bits > 5 ? bits - 4 : bits;
    c.bcd = v & 1;
    c.rw = rw;
    c.wMsb = 0; c.rMsb = 0; c.latched = 0; c.stLatched = 0;
    c.written = 0; c.load = 0; c.run = 0; c.hold = 0; c.strobe = 0; c.nullCount = 1;
    // "When a Control Word is written to a Counter ... OUT goes to a known initial state":
    // low in mode 0, high in every other mode.
    this.setOut(sc, c, c.mode === 0 ? 0 : 1, this.clock.now);
  }

  private readBack(v: number): void {
    for (let n = 0; n < 3; n++) {
      if ((v & (2 << n)) === 0) continue;
      const c = this.s.ch[n]!;
      if ((v & 0x20) === 0 && c.latched === 0 && c.rMsb === 0) { c.latched = 1; c.latch = outputValue(c); }
      if ((v & 0x10) === 0 && c.stLatched === 0) {
        c.stLatched = 1;
        c.status = (c.out << 7) | (c.nullCount << 6) | (c.rw << 4) | (c.modeBits << 1) | c.bcd;
      }
    }
  }

  private writeCount(n: number, v: number): void {
    const c = this.s.ch[n]!;
    let raw: number;
    if (c.rw === 1) raw = v;
    else if (c.rw === 2) raw = v << 8;
    else if (c.wMsb === 0) {
      c.wMsb = 1; c.wLsb = v;
      if (c.mode === 0) { c.hold = 1; this.setOut(n, c, 0, this.clock.now); }
      return;
    } else { c.wMsb = 0; c.hold = 0; raw = c.wLsb | (v << 8); }
    c.cr = c.bcd !== 0 ? fromBcd(raw) : raw;
    // A count of 1 is illegal in modes 2 and 3; measured on chips: mode 2 runs it as 2, mode 3 as
    // 65536 (MAME pit8253.cpp, load_count, "determined experimentally").
    if (c.cr === 1 && c.mode === 2) c.cr = 2;
    else if (c.cr === 1 && c.mode === 3) c.cr = 0;
    c.nullCount = 1;
    const first = c.written === 0;
    c.written = 1;
    switch (c.mode) {
      case 0: c.load = 1; this.setOut(n, c, 0, this.clock.now); break;
      case 4: c.load = 1; break;
      case 2: case 3: if (first) c.load = 1; break;
      default: break; // modes 1 and 5 wait for a GATE trigger
    }
  }

  // --- time ------------------------------------------------------------------------------------

  /** Advance every counter by the whole PIT clocks elapsed since syncedTo (remainder carried). */
  private catchUp(): void {
    const base = this.pitClock.syncedTo;
    const clocks = this.pitClock.catchUp(this.clock.now);
    if (clocks === 0) return;
    this.s.syncedTo = this.pitClock.syncedTo;
    const ch = this.s.ch;
    for (let n = 0; n < 3; n++) this.advance(n, ch[n]!, clocks, base);
  }

  private advance(n: number, c: PitChannelState, clocks: number, base: Ticks): void {
    let done = 0;
    const silent = this.onOut === null || (this.reported & (1 << n)) === 0;
    while (done < clocks) {
      if (silent && c.load === 0 && c.nullCount === 0 && c.hold === 0 && c.gate !== 0 &&
          (c.mode === 2 || c.mode === 3)) {
        // Nobody listens to this OUT: skip whole periods. Once the count register is in the
        // counting element (null count clear) modes 2 and 3 repeat exactly every N clocks.
        const period = c.cr === 0 ? modulus(c) : c.cr;
        if (clocks - done >= period) {
          const periods = Math.floor((clocks - done) / period);
          done += periods * period;
          c.falls += periods; // one falling edge per period
          if (done >= clocks) return;
        }
      }
      const k = eventIn(c);
      if (done + k > clocks) { bulk(c, clocks - done); return; }
      bulk(c, k - 1);
      done += k;
      const before = c.out;
      clockOnce(c);
      if (c.out !== before) {
        if (before === 1) c.falls++;
        if (!silent) this.onOut!(n, c.out, base + done * this.divider);
      }
    }
  }

  private setOut(n: number, c: PitChannelState, level: number, at: Ticks): void {
    if (c.out === level) return;
    c.out = level;
    if (level === 0) c.falls++;
    if (this.onOut !== null && (this.reported & (1 << n)) !== 0) this.onOut(n, level, at);
  }

  /** PIT clocks from syncedTo until counter c's OUT next changes on its own, or Infinity. */
  private clocksToOutChange(c: PitChannelState): number {
    const t = this.scratch;
    copyChannel(t, c);
    let total = 0;
    for (let i = 0; i < 6; i++) {
      const k = eventIn(t);
      if (k === NO_EVENT) return NO_EVENT;
      bulk(t, k - 1);
      total += k;
      clockOnce(t);
      if (t.out !== c.out) return total;
    }
    return NO_EVENT;
  }

  private rearm(): void {
    let best = NO_EVENT;
    for (let n = 0; n < 3; n++) {
      if ((this.predicted & (1 << n)) === 0) continue;
      const k = this.clocksToOutChange(this.s.ch[n]!);
      if (k < best) best = k;
    }
    if (best === NO_EVENT) this.timer.cancel();
    else this.timer.armAt(this.pitClock.tickAfter(best));
  }
}

// --- counter arithmetic (pure functions on one counter) ------------------------------------------

function copyChannel(t: PitChannelState, c: PitChannelState): void {
  t.mode = c.mode; t.modeBits = c.modeBits; t.bcd = c.bcd; t.rw = c.rw; t.cr = c.cr; t.ce = c.ce; t.out = c.out;
  t.gate = c.gate; t.load = c.load; t.run = c.run; t.hold = c.hold; t.strobe = c.strobe; t.written = c.written;
  t.wMsb = c.wMsb; t.wLsb = c.wLsb; t.rMsb = c.rMsb; t.latched = c.latched; t.latch = c.latch;
  t.stLatched = c.stLatched; t.status = c.status; t.nullCount = c.nullCount; t.falls = c.falls;
}

function modulus(c: PitChannelState): number { return c.bcd !== 0 ? 10000 : 0x10000; }

/** Is the counting element decremented on a CLK (no load pending)? */
function counting(c: PitChannelState): boolean {
  if (c.run === 0 || c.hold !== 0) return false;
  return c.mode === 1 || c.mode === 5 || c.gate !== 0;
}

/** Clocks until the next clock that does more than a plain decrement (1 = the next one). */
function eventIn(c: PitChannelState): number {
  if (c.load !== 0) return 1;
  if (!counting(c)) return NO_EVENT;
  const m = modulus(c);
  const v = c.ce === 0 ? m : c.ce;
  switch (c.mode) {
    case 0: case 1: return c.strobe !== 0 ? v : NO_EVENT;
    case 4: case 5: return c.strobe === 2 ? 1 : c.strobe === 1 ? v : NO_EVENT;
    case 2: return c.out === 0 ? 1 : v > 1 ? v - 1 : m;
    default: return c.strobe === 2 ? 1 : v >> 1; // mode 3: ce is always even
  }
}

/** `k` plain decrement clocks (no event among them). */
function bulk(c: PitChannelState, k: number): void {
  if (k <= 0 || c.load !== 0 || !counting(c)) return;
  const m = modulus(c);
  const step = c.mode === 3 ? 2 : 1;
  c.ce = (((c.ce - k * step) % m) + m) % m;
}

/** Count to load into the counting element (0 stands for the modulus). */
function loadValue(c: PitChannelState): number {
  return c.cr;
}

/** Mode 3 reload for a half cycle that starts with OUT at c.out. */
function reload3(c: PitChannelState): void {
  const m = modulus(c);
  const n = c.cr === 0 ? m : c.cr;
  c.ce = (n & ~1) % m;
  c.strobe = (n & 1) !== 0 && c.out === 1 ? 1 : 0;
}

/** Exactly one CLK. */
function clockOnce(c: PitChannelState): void {
  const m = modulus(c);
  if (c.load !== 0) {
    c.load = 0; c.nullCount = 0; c.run = 1;
    switch (c.mode) {
      case 0: c.ce = loadValue(c); c.strobe = 1; break;
      case 1: c.ce = loadValue(c); c.strobe = 1; c.out = 0; break;
      case 2: c.ce = loadValue(c); c.out = 1; break;
      case 3: c.out = 1; reload3(c); break;
      default: c.ce = loadValue(c); c.strobe = 1; c.out = 1; break; // 4, 5
    }
    return;
  }
  if (!counting(c)) return;
  switch (c.mode) {
    case 0: case 1:
      c.ce = (c.ce + m - 1) % m;
      if (c.ce === 0 && c.strobe !== 0) { c.out = 1; c.strobe = 0; }
      return;
    case 4: case 5:
      c.ce = (c.ce + m - 1) % m;
      if (c.strobe === 2) { c.out = 1; c.strobe = 0; }
      else if (c.ce === 0 && c.strobe === 1) { c.out = 0; c.strobe = 2; }
      return;
    case 2:
      if (c.out === 0) { c.out = 1; c.ce = loadValue(c); c.nullCount = 0; return; }
      c.ce = (c.ce + m - 1) % m;
      if (c.ce === 1) c.out = 0;
      return;
    default: // mode 3
      if (c.strobe === 2) { c.out = 0; c.nullCount = 0; reload3(c); return; }
      c.ce = (c.ce + m - 2) % m;
      if (c.ce === 0) {
        if (c.strobe === 1) { c.strobe = 2; return; } // odd count: OUT falls one clock later
        c.out ^= 1; c.nullCount = 0; reload3(c);
      }
  }
}

/** What a read returns for the counting element (BCD-coded in BCD mode). */
function outputValue(c: PitChannelState): number {
  return c.bcd !== 0 ? toBcd(c.ce) : c.ce;
}

function toBcd(v: number): number {
  return (v % 10) | (((v / 10) % 10 | 0) << 4) | (((v / 100) % 10 | 0) << 8) | (((v / 1000) % 10 | 0) << 12);
}

/** BCD count to binary; nibbles above 9 are taken at face value (UNVERIFIED on the chip). */
function fromBcd(v: number): number {
  return ((v & 0xf) + ((v >> 4) & 0xf) * 10 + ((v >> 8) & 0xf) * 100 + ((v >> 12) & 0xf) * 1000) % 10000;
}

const CHANNEL_LIMITS: readonly (readonly [keyof PitChannelState, number, number])[] = [
  ['mode', 0, 5], ['modeBits', 0, 7], ['bcd', 0, 1], ['rw', 1, 3], ['cr', 0, 0xffff], ['ce', 0, 0xffff],
  ['out', 0, 1], ['gate', 0, 1], ['load', 0, 1], ['run', 0, 1], ['hold', 0, 1], ['strobe', 0, 2],
  ['written', 0, 1], ['wMsb', 0, 1], ['wLsb', 0, 0xff], ['rMsb', 0, 1], ['latched', 0, 1],
  ['latch', 0, 0xffff], ['stLatched', 0, 1], ['status', 0, 0xff], ['nullCount', 0, 1],
  ['falls', 0, Number.MAX_SAFE_INTEGER],
];

function checkChannel(raw: unknown, what: string): PitChannelState {
  const o = record(raw, what);
  const c = powerOnChannel();
  for (const [key, lo, hi] of CHANNEL_LIMITS) c[key] = int(o, key, lo, hi, what);
  if (c.bcd !== 0 && (c.cr > 9999 || c.ce > 9999)) throw new CorruptStateError(`${what}: BCD count out of range`);
  return c;
}
