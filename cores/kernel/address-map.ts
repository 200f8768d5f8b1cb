/**
 * Declarative memory maps compiled to page tables (STYLE §4; MAME `memory.rst` §2.4 and §4.5 for
 * the vocabulary: rom, ram, handler, mirrors, last declaration wins, views for banking).
 *
 * Compiled form (chips `mem.h`): per page, a Uint8Array view of exactly that page for reads and
 * one for writes (fast path: `page[addr & mask]`, no call per byte), or null and a handler.
 * Declarations must be page-aligned; a finer decode goes in a handler. Page tables are derived
 * data: after a state load, a machine re-selects its banks from its saved bank registers.
 */
import type { Bus8 } from './bus.ts';

export interface MemoryHandler {
  read(addr: number): number;
  write(addr: number, value: number): void;
}

type Mapping =
  | { kind: 'ram'; buf: Uint8Array; offset: number }
  | { kind: 'rom'; buf: Uint8Array; offset: number }
  | { kind: 'handler'; h: MemoryHandler };

interface Decl { lo: number; hi: number; map: Mapping; bank?: Bank }

/** Writes to ROM and reads of unmapped space end here unless a handler is declared. */
const OPEN_BUS: MemoryHandler = {
  // Unmapped reads float; 0xff is what an undriven, pulled-up 8-bit bus reads on most of our
  // machines. Machines with a different open-bus behaviour declare a handler for it.
  read: () => 0xff,
  write: () => {},
};

export class Bank {
  private selected = 0;
  constructor(private readonly paged: PagedMemory, readonly lo: number, readonly hi: number,
    private readonly choices: readonly Mapping[]) {}
  get index(): number { return this.selected; }
  /** Map choice `i` into the bank's range (cheap: re-points its pages). */
  select(i: number): void {
    if (!(i >= 0 && i < this.choices.length)) throw new RangeError(`bank choice ${i} out of range`);
    this.selected = i;
    this.paged.mapRange(this.lo, this.hi, this.choices[i]!);
  }
}

export class AddressMap {
  private decls: Decl[] = [];
  readonly pageBytes: number;

  constructor(readonly addressBits: number, readonly pageBits: number) {
    if (pageBits > addressBits) throw new RangeError('page larger than the address space');
    this.pageBytes = 1 << pageBits;
  }

  /** RAM at lo..hi (inclusive). A range larger than the buffer mirrors it. */
  ram(lo: number, hi: number, buf: Uint8Array, offset = 0): this {
    return this.add(lo, hi, { kind: 'ram', buf, offset });
  }

  /** ROM at lo..hi: reads from buf, writes ignored. */
  rom(lo: number, hi: number, buf: Uint8Array, offset = 0): this {
    return this.add(lo, hi, { kind: 'rom', buf, offset });
  }

  handler(lo: number, hi: number, h: MemoryHandler): this {
    return this.add(lo, hi, { kind: 'handler', h });
  }

  private add(lo: number, hi: number, map: Mapping): this {
    this.checkRange(lo, hi);
    this.decls.push({ lo, hi, map });
    return this;
  }

  private checkRange(lo: number, hi: number): void {
    const m = this.pageBytes - 1;
    if ((lo & m) !== 0 || ((hi + 1) & m) !== 0 || hi < lo || hi >= 2 ** this.addressBits)
      throw new RangeError(`range ${lo.toString(16)}-${hi.toString(16)} is not page-aligned or out of range`);
  }

  compile(): PagedMemory {
    const pm = new PagedMemory(this.addressBits, this.pageBits);
    for (const d of this.decls) pm.mapRange(d.lo, d.hi, d.map);
    return pm;
  }
}

export class PagedMemory implements Bus8 {
  readonly readPages: (Uint8Array | null)[];
  readonly writePages: (Uint8Array | null)[];
  readonly handlers: MemoryHandler[];
  private readonly shift: number;
  private readonly mask: number;
  private readonly addrMask: number;

  constructor(addressBits: number, pageBits: number) {
    const n = 1 << (addressBits - pageBits);
    this.readPages = new Array<Uint8Array | null>(n).fill(null);
    this.writePages = new Array<Uint8Array | null>(n).fill(null);
    this.handlers = new Array<MemoryHandler>(n).fill(OPEN_BUS);
    this.shift = pageBits;
    this.mask = (1 << pageBits) - 1;
    this.addrMask = addressBits >= 32 ? -1 >>> 0 : 2 ** addressBits - 1;
  }

  /** Declare a bank: a range whose contents switch between choices. Starts on choice 0. */
  bank(lo: number, hi: number, choices: readonly (
    | { ram: Uint8Array; offset?: number } | { rom: Uint8Array; offset?: number } | { handler: MemoryHandler })[]): Bank {
    const maps: Mapping[] = choices.map((c) =>
      'ram' in c ? { kind: 'ram', buf: c.ram, offset: c.offset ?? 0 }
        : 'rom' in c ? { kind: 'rom', buf: c.rom, offset: c.offset ?? 0 }
          : { kind: 'handler', h: c.handler });
    const b = new Bank(this, lo, hi, maps);
    b.select(0);
    return b;
  }

  mapRange(lo: number, hi: number, map: Mapping): void {
    const size = this.mask + 1;
    for (let p = lo >>> this.shift, i = 0; p <= hi >>> this.shift; p++, i++) {
      if (map.kind === 'handler') {
        this.readPages[p] = null;
        this.writePages[p] = null;
        this.handlers[p] = map.h;
        continue;
      }
      const len = map.buf.length;
      if (len < size || len % size !== 0) throw new RangeError('mapped buffer must be a whole number of pages');
      const start = (map.offset + i * size) % len;
      const view = map.buf.subarray(start, start + size);
      this.readPages[p] = view;
      this.writePages[p] = map.kind === 'ram' ? view : null;
      this.handlers[p] = OPEN_BUS;
    }
  }

  read(addr: number): number {
    addr &= this.addrMask;
    const page = this.readPages[addr >>> this.shift]!;
    if (page !== null) return page[addr & this.mask]!;
    return this.handlers[addr >>> this.shift]!.read(addr);
  }

  write(addr: number, value: number): void {
    addr &= this.addrMask;
    const page = this.writePages[addr >>> this.shift]!;
    if (page !== null) { page[addr & this.mask] = value; return; }
    this.handlers[addr >>> this.shift]!.write(addr, value);
  }
}
