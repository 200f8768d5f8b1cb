/**
 * DOS memory control blocks: the chain of arenas DOS keeps in conventional memory (INT 21h
 * AH=48h allocate, 49h free, 4Ah resize, 58h strategy). Each block is a 16-byte header one
 * paragraph below the memory it describes: 'M' (4Dh) or 'Z' (5Ah, last) at 0, the owner PSP
 * segment at 1 (0 = free, 8 = DOS), the size in paragraphs at 3, and from DOS 4 the owner's name
 * at 8 (MS-DOS Programmer's Reference 5.0, "Memory Control Block"; Ralf Brown's Interrupt List,
 * INT 21h AH=52h, "Format of DOS memory control block").
 *
 * Free neighbours are merged when a block is freed or searched, as DOS does. The chain lives in
 * guest memory, so a program that walks it (MEM, TSR loaders) sees exactly what we use.
 * Not emulated: upper memory blocks (AH=58h subfunctions 2/3 answer "no UMB link").
 */
import type { GuestMemory } from './mem.ts';

/** DOS error codes returned in AX with CF set (MS-DOS Programmer's Reference, "Error Values"). */
export const DosErr = {
  invalidFunction: 1, fileNotFound: 2, pathNotFound: 3, tooManyOpen: 4, accessDenied: 5,
  invalidHandle: 6, mcbDestroyed: 7, insufficientMemory: 8, invalidBlock: 9, badEnvironment: 10,
  badFormat: 11, invalidAccess: 12, invalidData: 13, invalidDrive: 15, removeCurrentDir: 16,
  notSameDevice: 17, noMoreFiles: 18, writeProtect: 19, sharingViolation: 32, fileExists: 80,
  cannotMake: 82,
} as const;

export const OWNER_FREE = 0;
export const OWNER_DOS = 8;

export type AllocStrategy = 0 | 1 | 2; // first fit, best fit, last fit

export class McbChain {
  strategy: AllocStrategy = 0;

  constructor(private readonly mem: GuestMemory, readonly firstSeg: number) {}

  /** One free block from firstSeg up to (not including) endSeg. */
  init(endSeg: number): void {
    this.write(this.firstSeg, 0x5a, OWNER_FREE, endSeg - this.firstSeg - 1, '');
  }

  private write(seg: number, sig: number, owner: number, size: number, name: string | null): void {
    this.mem.wr8(seg, 0, sig);
    this.mem.wr16(seg, 1, owner);
    this.mem.wr16(seg, 3, size);
    if (name !== null) {
      this.mem.fill(seg, 5, 11, 0);
      for (let i = 0; i < Math.min(8, name.length); i++) this.mem.wr8(seg, 8 + i, name.charCodeAt(i));
    }
  }

  /** Every block as {seg (of the header), owner, size}; null when the chain is damaged. */
  blocks(): { seg: number; owner: number; size: number; last: boolean }[] | null {
    const out: { seg: number; owner: number; size: number; last: boolean }[] = [];
    let seg = this.firstSeg;
    for (let n = 0; n < 0x10000; n++) {
      const sig = this.mem.rd8(seg, 0);
      if (sig !== 0x4d && sig !== 0x5a) return null;
      const size = this.mem.rd16(seg, 3);
      out.push({ seg, owner: this.mem.rd16(seg, 1), size, last: sig === 0x5a });
      if (sig === 0x5a) return out;
      seg += size + 1;
      if (seg > 0xffff) return null;
    }
    return null;
  }

  /** Merge runs of free blocks. Returns false if the chain is damaged. */
  private coalesce(): boolean {
    const bl = this.blocks();
    if (bl === null) return false;
    for (let i = 0; i < bl.length; i++) {
      const b = bl[i]!;
      if (b.owner !== OWNER_FREE) continue;
      let size = b.size;
      let last = b.last;
      while (!last && i + 1 < bl.length && bl[i + 1]!.owner === OWNER_FREE) {
        const n = bl[++i]!;
        size += n.size + 1;
        last = n.last;
      }
      if (size !== b.size) this.write(b.seg, last ? 0x5a : 0x4d, OWNER_FREE, size, null);
    }
    return true;
  }

  /**
   * Allocate `paras` paragraphs for `owner`. Returns the segment of the memory (header + 1), or
   * a DOS error with the largest free block.
   */
  alloc(paras: number, owner: number, name = ''): { seg: number } | { error: number; largest: number } {
    if (!this.coalesce()) return { error: DosErr.mcbDestroyed, largest: 0 };
    const bl = this.blocks()!;
    let pick: (typeof bl)[number] | null = null;
    let largest = 0;
    for (const b of bl) {
      if (b.owner !== OWNER_FREE) continue;
      largest = Math.max(largest, b.size);
      if (b.size < paras) continue;
      if (pick === null || this.strategy === 2 || (this.strategy === 1 && b.size < pick.size)) {
        pick = b;
        if (this.strategy === 0) break;
      }
    }
    if (pick === null) return { error: DosErr.insufficientMemory, largest };
    const sig = pick.last ? 0x5a : 0x4d;
    if (pick.size === paras) {
      this.write(pick.seg, sig, owner, paras, name);
      return { seg: pick.seg + 1 };
    }
    if (this.strategy === 2) { // last fit: take the top of the block
      const top = pick.seg + pick.size - paras;
      this.write(pick.seg, 0x4d, OWNER_FREE, pick.size - paras - 1, null);
      this.write(top, sig, owner, paras, name);
      return { seg: top + 1 };
    }
    this.write(pick.seg, 0x4d, owner, paras, name);
    this.write(pick.seg + paras + 1, sig, OWNER_FREE, pick.size - paras - 1, '');
    return { seg: pick.seg + 1 };
  }

  /** The block header for memory at `seg`, or -1 if `seg` is not the start of a block. */
  private headerOf(seg: number): number {
    const bl = this.blocks();
    if (bl === null) return -1;
    return bl.some((b) => b.seg === seg - 1) ? seg - 1 : -1;
  }

  /** Free the block at `seg`; 0 or a DOS error. */
  free(seg: number): number {
    const h = this.headerOf(seg);
    if (h < 0) return this.blocks() === null ? DosErr.mcbDestroyed : DosErr.invalidBlock;
    this.mem.wr16(h, 1, OWNER_FREE);
    this.coalesce();
    return 0;
  }

  /** Resize the block at `seg` to `paras`; 0, or a DOS error with the most it can have. */
  resize(seg: number, paras: number): { error: number; largest: number } | 0 {
    const h = this.headerOf(seg);
    if (h < 0) return { error: this.blocks() === null ? DosErr.mcbDestroyed : DosErr.invalidBlock, largest: 0 };
    this.coalesce();
    const sig = this.mem.rd8(h, 0);
    const size = this.mem.rd16(h, 3);
    const owner = this.mem.rd16(h, 1);
    if (paras <= size) {
      if (paras === size) return 0;
      this.mem.wr8(h, 0, 0x4d);
      this.mem.wr16(h, 3, paras);
      this.write(h + paras + 1, sig, OWNER_FREE, size - paras - 1, '');
      this.coalesce();
      return 0;
    }
    // Grow into a free block that follows.
    let avail = size;
    let nextSig = sig;
    let nextFree = 0;
    if (sig === 0x4d) {
      const n = h + size + 1;
      if (this.mem.rd16(n, 1) === OWNER_FREE) {
        nextFree = this.mem.rd16(n, 3);
        nextSig = this.mem.rd8(n, 0);
        avail = size + 1 + nextFree;
      }
    }
    if (paras > avail) return { error: DosErr.insufficientMemory, largest: avail };
    if (paras === avail || avail - paras < 1) {
      this.write(h, nextSig, owner, avail, null);
    } else {
      this.write(h, 0x4d, owner, paras, null);
      this.write(h + paras + 1, nextSig, OWNER_FREE, avail - paras - 1, '');
    }
    return 0;
  }

  /** Free every block owned by `psp` (process termination). */
  freeOwnedBy(psp: number): void {
    const bl = this.blocks();
    if (bl === null) return;
    for (const b of bl) if (b.owner === psp) this.mem.wr16(b.seg, 1, OWNER_FREE);
    this.coalesce();
  }

  /** Size in paragraphs of the largest free block. */
  largestFree(): number {
    this.coalesce();
    let largest = 0;
    for (const b of this.blocks() ?? []) if (b.owner === OWNER_FREE) largest = Math.max(largest, b.size);
    return largest;
  }

  setOwner(seg: number, owner: number): void { this.mem.wr16(seg - 1, 1, owner); }
  setName(seg: number, name: string): void {
    for (let i = 0; i < 8; i++) this.mem.wr8(seg - 1, 8 + i, i < name.length ? name.charCodeAt(i) : 0);
  }
  sizeOf(seg: number): number { return this.mem.rd16(seg - 1, 3); }
}
