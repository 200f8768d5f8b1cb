/**
 * Intel 8237A DMA controller: four channels, each with a 16-bit address and a 16-bit count, moving
 * bytes between an I/O device and memory when the device asserts DREQ. On the IBM PC/XT (ports
 * 00h-0Fh): channel 0 is the DRAM refresh (DREQ 0 from PIT counter 1), channel 2 the floppy
 * controller, channels 1 and 3 are free (Sound Blaster 8-bit DMA, hard disk). Address bits 16-19
 * come from a 74LS670 page register outside the chip (XT ports 83h, 81h, 82h for channels 1-3;
 * the refresh channel 0 needs none); this class keeps four page values too (`setPage`,
 * `XT_DMA_PAGE_PORTS`, `AT_DMA_PAGE_PORTS`) so a transfer
 * forms its 20-bit address in one place; the 16-bit address wraps inside its 64 KB page, as on
 * the XT.
 *
 * Registers (Intel 8237A datasheet, order no. 231466, "Register Description", Tables 2-4): base and
 * current address and word count per channel written through the byte-pointer flip-flop, mode
 * (transfer type verify / write / read, auto-initialize, address decrement, demand / single / block /
 * cascade), command (controller disable, rotating priority), request, single and all mask bits,
 * status (TC bits 0-3, cleared on read; request bits 4-7), master clear, clear mask, temporary.
 *
 * Model: no clock. When a channel has DREQ (or a software request) and is unmasked, the transfer
 * happens at once, inside the call that caused it (`setDreq`, a mask or request write):
 * - single: one byte per DREQ assertion seen (with DREQ held, the next byte follows at once, as the
 *   8237 does after giving the bus back for a cycle);
 * - demand: bytes while DREQ stays high;
 * - block: bytes until terminal count once started;
 * - cascade: never serviced here (it is a slave 8237's HOLD; the AT machine wires that).
 * Each byte calls `onTransfer(channel)` so the machine can charge the stolen bus cycles
 * (`Scheduler.stall`); the device paces itself by raising DREQ when it has (or wants) a byte.
 * At terminal count (the count going from 0 to FFFFh) the TC status bit is set, the software
 * request cleared, the device told (`terminalCount()`, the EOP/TC line), and the channel either
 * auto-initializes from its base registers or masks itself.
 *
 * Not emulated: memory-to-memory transfers (command bit 0; no PC uses them), compressed and extended
 * write timing, DREQ/DACK polarity bits (lines are logical here), the 16-bit second controller of the
 * AT (a second instance works for its 8-bit side only), the transfer-to-transfer bus timing (the
 * machine charges a fixed cost per byte through onTransfer). A device that holds DREQ forever on an
 * auto-initializing channel gets 65,537 bytes per servicing call; the rest follows on the next call.
 */
import { CorruptStateError } from '../../kernel/errors.ts';
import type { Part } from '../../kernel/part.ts';

/** The device side of a channel: what DACK does to it. */
export interface DmaDevice {
  /** A write transfer (I/O -> memory): the device supplies the byte. */
  deviceToMemory(): number;
  /** A read transfer (memory -> I/O): the device takes the byte. */
  memoryToDevice(value: number): void;
  /** Terminal count: the transfer just done was the channel's last (the TC / EOP line). */
  terminalCount?(): void;
}

/**
 * XT page register ports -> DMA channel (IBM 5160 Technical Reference, I/O map: 80h-83h "DMA page
 * registers"; 81h channel 2, 82h channel 3, 83h channel 1). The XT decodes only A0-A1 in 80h-9Fh,
 * so 87h there is 83h again (channel 1); the machine decides what 80h drives.
 */
export const XT_DMA_PAGE_PORTS: Readonly<Record<number, number>> = { 0x81: 2, 0x82: 3, 0x83: 1 };
/** PC/AT: 87h is channel 0's page (the first controller's channels; 89h-8Bh, 8Fh are the second's). */
export const AT_DMA_PAGE_PORTS: Readonly<Record<number, number>> = { 0x87: 0, 0x83: 1, 0x81: 2, 0x82: 3 };

export interface DmaState {
  baseAddr: number[];
  baseCount: number[];
  addr: number[];
  count: number[];
  mode: number[];
  /** Page register value per channel (address bits 16-23; the XT uses 4 bits). */
  page: number[];
  command: number;
  /** TC bits 0-3. */
  tc: number;
  /** Software request bits 0-3. */
  request: number;
  /** Mask bits 0-3 (1 = masked). */
  mask: number;
  /** DREQ pin levels bits 0-3. */
  dreq: number;
  /** Byte-pointer flip-flop: 1 = the next byte is the high one. */
  flipflop: number;
  temp: number;
  /** Rotating priority: the channel served last (it becomes lowest). */
  lastServed: number;
}

function powerOn(): DmaState {
  return {
    baseAddr: [0, 0, 0, 0], baseCount: [0, 0, 0, 0], addr: [0, 0, 0, 0], count: [0, 0, 0, 0],
    mode: [0, 0, 0, 0], page: [0, 0, 0, 0], command: 0, tc: 0, request: 0, mask: 0xf, dreq: 0,
    flipflop: 0, temp: 0, lastServed: 3,
  };
}

const MAX_BURST = 0x10001;

export class Dma8237 implements Part<DmaState> {
  readonly stateVersion = 1;
  s: DmaState = powerOn();
  /** Memory read at a 20-bit (or 24-bit) physical address. */
  memRead: (addr: number) => number = () => 0xff;
  memWrite: (addr: number, value: number) => void = () => {};
  /** Called after every byte moved, for the machine to charge the bus cycles stolen. */
  onTransfer: ((channel: number) => void) | null = null;
  private readonly devices: (DmaDevice | null)[] = [null, null, null, null];
  private servicing = false;

  /** Connect a device to channel 0..3 (null: none; DACK then reads FFh / drops the byte). */
  attach(channel: number, device: DmaDevice | null): void {
    this.devices[channel & 3] = device;
  }

  /** Master clear (also the RESET pin). Page registers are outside the chip and keep their values. */
  reset(): void {
    const s = this.s;
    s.command = 0; s.tc = 0; s.request = 0; s.temp = 0; s.flipflop = 0; s.mask = 0xf; s.lastServed = 3;
  }

  setPage(channel: number, value: number): void { this.s.page[channel & 3] = value & 0xff; }
  getPage(channel: number): number { return this.s.page[channel & 3]!; }

  /** Drive DREQ of a channel (logical level). Transfers that become possible happen now. */
  setDreq(channel: number, level: boolean): void {
    const bit = 1 << (channel & 3);
    const s = this.s;
    if (level) {
      if ((s.dreq & bit) !== 0) return;
      s.dreq |= bit;
      this.service();
    } else s.dreq &= ~bit;
  }

  read(port: number): number {
    const s = this.s;
    const p = port & 0xf;
    if (p < 8) {
      const ch = p >> 1;
      const v = (p & 1) === 0 ? s.addr[ch]! : s.count[ch]!;
      const hi = s.flipflop;
      s.flipflop ^= 1;
      return hi !== 0 ? v >> 8 : v & 0xff;
    }
    if (p === 8) {
      const v = s.tc | (((s.dreq | s.request) & 0xf) << 4);
      s.tc = 0; // "TC bits are cleared ... each time the Status Register is read"
      return v;
    }
    if (p === 0xd) return s.temp;
    return 0xff; // not readable on the 8237A
  }

  write(port: number, value: number): void {
    const s = this.s;
    const p = port & 0xf;
    const v = value & 0xff;
    if (p < 8) {
      const ch = p >> 1;
      const hi = s.flipflop;
      s.flipflop ^= 1;
      const arr = (p & 1) === 0 ? s.baseAddr : s.baseCount;
      arr[ch] = hi !== 0 ? (arr[ch]! & 0xff) | (v << 8) : (arr[ch]! & 0xff00) | v;
      // Writing a base register writes the current register too.
      if ((p & 1) === 0) s.addr[ch] = arr[ch]!; else s.count[ch] = arr[ch]!;
      return;
    }
    switch (p) {
      case 8: s.command = v; break;
      case 9: s.request = (v & 4) !== 0 ? s.request | (1 << (v & 3)) : s.request & ~(1 << (v & 3)); break;
      case 0xa: s.mask = (v & 4) !== 0 ? s.mask | (1 << (v & 3)) : s.mask & ~(1 << (v & 3)); break;
      case 0xb: s.mode[v & 3] = v & 0xfc; break;
      case 0xc: s.flipflop = 0; break;
      case 0xd: this.reset(); break;
      case 0xe: s.mask = 0; break;
      default: s.mask = v & 0xf; break; // 0xf: write all mask bits
    }
    this.service();
  }

  /** Current address (16 bits) and count of a channel, for tools and tests. */
  currentAddress(channel: number): number { return this.s.addr[channel & 3]!; }
  currentCount(channel: number): number { return this.s.count[channel & 3]!; }

  /**
   * `n` DREQ pulses on a channel with no device (the XT refresh on channel 0): the address and count
   * advance as for n single transfers, without touching memory. Returns how many happened (fewer
   * when the channel is masked, disabled, or masks itself at terminal count). Cheap for any n.
   */
  pulse(channel: number, n: number): number {
    const s = this.s;
    const ch = channel & 3;
    const bit = 1 << ch;
    let done = 0;
    while (done < n && (s.mask & bit) === 0 && (s.command & 4) === 0 && (s.mode[ch]! & 0xc0) !== 0xc0) {
      const left = s.count[ch]! + 1; // transfers up to and including terminal count
      const k = Math.min(left, n - done);
      const step = (s.mode[ch]! & 0x20) !== 0 ? -k : k;
      s.addr[ch] = (s.addr[ch]! + step) & 0xffff;
      s.count[ch] = (s.count[ch]! - k) & 0xffff;
      done += k;
      if (k === left) this.terminalCount(ch);
    }
    return done;
  }

  getState(): DmaState {
    const s = this.s;
    return {
      ...s, baseAddr: s.baseAddr.slice(), baseCount: s.baseCount.slice(), addr: s.addr.slice(),
      count: s.count.slice(), mode: s.mode.slice(), page: s.page.slice(),
    };
  }

  setState(state: DmaState): void {
    if (typeof state !== 'object' || state === null) throw new CorruptStateError('DMA state: not an object');
    const o = state as unknown as Record<string, unknown>;
    const arr = (k: string, hi: number): number[] => {
      const v = o[k];
      if (!Array.isArray(v) || v.length !== 4 || !v.every((x) => Number.isInteger(x) && x >= 0 && x <= hi))
        throw new CorruptStateError(`DMA state: bad ${k}`);
      return (v as number[]).slice();
    };
    const num = (k: string, hi: number): number => {
      const v = o[k];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > hi) throw new CorruptStateError(`DMA state: bad ${k}`);
      return v;
    };
    const next: DmaState = {
      baseAddr: arr('baseAddr', 0xffff), baseCount: arr('baseCount', 0xffff), addr: arr('addr', 0xffff),
      count: arr('count', 0xffff), mode: arr('mode', 0xfc), page: arr('page', 0xff), command: num('command', 0xff),
      tc: num('tc', 0xf), request: num('request', 0xf), mask: num('mask', 0xf), dreq: num('dreq', 0xf),
      flipflop: num('flipflop', 1), temp: num('temp', 0xff), lastServed: num('lastServed', 3),
    };
    this.s = next;
  }

  // --- transfers ------------------------------------------------------------------------------

  /** Highest-priority channel ready to transfer, or -1. */
  private pick(): number {
    const s = this.s;
    if ((s.command & 4) !== 0) return -1;
    const ready = (s.dreq | s.request) & ~s.mask & 0xf;
    if (ready === 0) return -1;
    const rotating = (s.command & 0x10) !== 0;
    for (let i = 0; i < 4; i++) {
      const ch = rotating ? (s.lastServed + 1 + i) & 3 : i;
      if ((ready & (1 << ch)) !== 0 && (s.mode[ch]! & 0xc0) !== 0xc0) return ch;
    }
    return -1;
  }

  private service(): void {
    if (this.servicing) return; // a device raising DREQ inside its own DACK callback
    this.servicing = true;
    try {
      let budget = MAX_BURST;
      for (;;) {
        const ch = this.pick();
        if (ch < 0) break;
        const s = this.s;
        s.lastServed = ch;
        const kind = s.mode[ch]! & 0xc0;
        const bit = 1 << ch;
        // Block: keeps the bus to terminal count. Demand: while its request stays. Single: one byte,
        // then the bus goes back and priority is resolved again (datasheet "Transfer Modes").
        do {
          if (this.transfer(ch)) break;
          if (--budget <= 0) return;
        } while ((s.mask & bit) === 0 && (kind === 0x80 || (kind === 0 && ((s.dreq | s.request) & bit) !== 0)));
        if (budget <= 0) return;
      }
    } finally {
      this.servicing = false;
    }
  }

  /** One byte on channel ch. Returns true at terminal count. */
  private transfer(ch: number): boolean {
    const s = this.s;
    const mode = s.mode[ch]!;
    const a = (s.page[ch]! << 16) | s.addr[ch]!;
    const dev = this.devices[ch];
    switch (mode & 0x0c) {
      case 0x04: { // write transfer: I/O -> memory
        const v = dev !== null && dev !== undefined ? dev.deviceToMemory() & 0xff : 0xff;
        this.memWrite(a, v);
        break;
      }
      case 0x08: { // read transfer: memory -> I/O
        const v = this.memRead(a) & 0xff;
        if (dev !== null && dev !== undefined) dev.memoryToDevice(v);
        break;
      }
      default: break; // verify (and the illegal 11): addresses only
    }
    s.addr[ch] = (s.addr[ch]! + ((mode & 0x20) !== 0 ? 0xffff : 1)) & 0xffff;
    s.count[ch] = (s.count[ch]! + 0xffff) & 0xffff;
    if (this.onTransfer !== null) this.onTransfer(ch);
    if (s.count[ch] === 0xffff) { this.terminalCount(ch); return true; }
    return false;
  }

  private terminalCount(ch: number): void {
    const s = this.s;
    const bit = 1 << ch;
    s.tc |= bit;
    s.request &= ~bit;
    if ((s.mode[ch]! & 0x10) !== 0) {
      s.addr[ch] = s.baseAddr[ch]!;
      s.count[ch] = s.baseCount[ch]!;
    } else {
      s.mask |= bit;
    }
    const dev = this.devices[ch];
    if (dev !== null && dev !== undefined && dev.terminalCount !== undefined) dev.terminalCount();
  }
}
