/**
 * DEFLATE decompression (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks.
 *
 * Synchronous and pure: bytes in, bytes out. Every malformed stream ends in a typed MediaError
 * (TruncatedError when the input runs out, CorruptDataError for an invalid code, a distance
 * reaching before the start, an over-subscribed or incomplete code), and output beyond
 * `maxOutput` ends in TooLargeError, so a "zip bomb" cannot exhaust memory. It never loops
 * without consuming input: every iteration of every loop reads at least one bit or stops.
 *
 * Huffman codes are decoded canonically, one bit at a time, from per-length counts and a symbol
 * list ordered by code (RFC 1951 §3.2.2). That is simple and obviously correct; it is fast enough
 * for the ROMs, tapes and disks a user unpacks (megabytes, once), and is not on any emulation path.
 *
 * Not supported: preset dictionaries (a zlib feature, refused in gzip.ts), DEFLATE64.
 */
import { CorruptDataError, TooLargeError, TruncatedError } from '../errors.ts';

const MAX_BITS = 15;
const LIT_CODES = 288;
const DIST_CODES = 30;

/** Base lengths and extra bits for length symbols 257..285 (RFC 1951 §3.2.5). */
const LEN_BASE = new Uint16Array([3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]);
const LEN_EXTRA = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]);
/** Base distances and extra bits for distance symbols 0..29 (RFC 1951 §3.2.5). */
const DIST_BASE = new Uint16Array([1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]);
const DIST_EXTRA = new Uint8Array([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]);
/** Order in which code-length code lengths are sent (RFC 1951 §3.2.7). */
const CLEN_ORDER = new Uint8Array([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

/** A canonical Huffman code: how many codes of each length, and the symbols in code order. */
interface Huffman {
  count: Uint16Array;
  symbol: Uint16Array;
}

function newHuffman(n: number): Huffman {
  return { count: new Uint16Array(MAX_BITS + 1), symbol: new Uint16Array(n) };
}

/**
 * Fill `h` from code lengths. Returns 0 for a complete code, a positive number for an incomplete
 * one (codes left unused) and a negative number for an over-subscribed one.
 */
function buildHuffman(h: Huffman, lengths: Uint8Array, n: number): number {
  h.count.fill(0);
  for (let s = 0; s < n; s++) h.count[lengths[s]!]!++;
  if (h.count[0] === n) return 0; // no codes at all: complete, but any decode fails
  let left = 1;
  for (let len = 1; len <= MAX_BITS; len++) {
    left <<= 1;
    left -= h.count[len]!;
    if (left < 0) return left;
  }
  const offs = new Uint16Array(MAX_BITS + 1);
  for (let len = 1; len < MAX_BITS; len++) offs[len + 1] = offs[len]! + h.count[len]!;
  for (let s = 0; s < n; s++) if (lengths[s] !== 0) h.symbol[offs[lengths[s]!]!++] = s;
  return left;
}

let fixedLit: Huffman | null = null;
let fixedDist: Huffman | null = null;

/** The fixed codes of RFC 1951 §3.2.6, built on first use. */
function fixedTables(): [Huffman, Huffman] {
  if (fixedLit === null || fixedDist === null) {
    const l = new Uint8Array(LIT_CODES);
    l.fill(8, 0, 144);
    l.fill(9, 144, 256);
    l.fill(7, 256, 280);
    l.fill(8, 280, 288);
    fixedLit = newHuffman(LIT_CODES);
    buildHuffman(fixedLit, l, LIT_CODES);
    const d = new Uint8Array(DIST_CODES).fill(5);
    fixedDist = newHuffman(DIST_CODES);
    buildHuffman(fixedDist, d, DIST_CODES);
  }
  return [fixedLit, fixedDist];
}

export interface InflateResult {
  data: Uint8Array;
  /** Offset of the first input byte after the DEFLATE stream (its last byte padded to a boundary). */
  end: number;
}

/**
 * Default output limit: more than any medium or ROM we take (the largest, a PC hard disk image,
 * is tens of MB; the page downloads at most 64 MB). Low enough that a bomb is refused in well
 * under a second; callers that need more pass `maxOutput`.
 */
export const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;

class Inflater {
  private pos: number;
  private bitBuf = 0;
  private bitCount = 0;
  private out: Uint8Array;
  private outLen = 0;

  constructor(
    private readonly input: Uint8Array,
    start: number,
    private readonly maxOutput: number,
    sizeHint: number,
    /** Continue after output already produced (the members of one gzip file share one buffer). */
    into?: InflateOutput,
  ) {
    this.pos = start;
    if (into !== undefined) {
      this.out = into.buf;
      this.outLen = into.len;
    } else this.out = new Uint8Array(Math.max(1024, Math.min(sizeHint, maxOutput)));
  }

  /** Where the output stands, to hand to the next member. */
  get output(): InflateOutput {
    return { buf: this.out, len: this.outLen };
  }

  run(what: string): InflateResult {
    let last = 0;
    do {
      last = this.bits(1, what);
      const type = this.bits(2, what);
      if (type === 0) this.stored(what);
      else if (type === 1) {
        const [l, d] = fixedTables();
        this.codes(l, d, what);
      } else if (type === 2) this.dynamic(what);
      else throw new CorruptDataError(`${what}: the compressed data is damaged (invalid block type 3).`);
    } while (last === 0);
    return { data: this.out.subarray(0, this.outLen), end: this.pos };
  }

  private bits(need: number, what: string): number {
    let val = this.bitBuf;
    while (this.bitCount < need) {
      if (this.pos >= this.input.length) throw new TruncatedError(`${what}: the compressed data ends early (truncated file?).`);
      val |= this.input[this.pos++]! << this.bitCount;
      this.bitCount += 8;
    }
    this.bitBuf = val >>> need;
    this.bitCount -= need;
    return val & ((1 << need) - 1);
  }

  private ensure(extra: number, what: string): void {
    const need = this.outLen + extra;
    if (need > this.maxOutput)
      throw new TooLargeError(`${what}: unpacks to more than ${this.maxOutput} bytes; refusing it.`);
    if (need <= this.out.length) return;
    let size = this.out.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(Math.min(size, this.maxOutput));
    grown.set(this.out.subarray(0, this.outLen));
    this.out = grown;
  }

  /** A stored block (RFC 1951 §3.2.4): byte-aligned LEN, its complement NLEN, then LEN raw bytes. */
  private stored(what: string): void {
    this.bitBuf = 0;
    this.bitCount = 0;
    const inp = this.input;
    if (this.pos + 4 > inp.length) throw new TruncatedError(`${what}: the compressed data ends early (truncated file?).`);
    const len = inp[this.pos]! | (inp[this.pos + 1]! << 8);
    const nlen = inp[this.pos + 2]! | (inp[this.pos + 3]! << 8);
    this.pos += 4;
    if (len !== (~nlen & 0xffff)) throw new CorruptDataError(`${what}: the compressed data is damaged (stored block length check).`);
    if (this.pos + len > inp.length) throw new TruncatedError(`${what}: the compressed data ends early (truncated file?).`);
    this.ensure(len, what);
    this.out.set(inp.subarray(this.pos, this.pos + len), this.outLen);
    this.outLen += len;
    this.pos += len;
  }

  private decode(h: Huffman, what: string): number {
    let code = 0;
    let first = 0;
    let index = 0;
    for (let len = 1; len <= MAX_BITS; len++) {
      code |= this.bits(1, what);
      const count = h.count[len]!;
      if (code - count < first) return h.symbol[index + (code - first)]!;
      index += count;
      first = (first + count) << 1;
      code <<= 1;
    }
    throw new CorruptDataError(`${what}: the compressed data is damaged (invalid Huffman code).`);
  }

  private codes(lit: Huffman, dist: Huffman, what: string): void {
    for (;;) {
      let sym = this.decode(lit, what);
      if (sym < 256) {
        this.ensure(1, what);
        this.out[this.outLen++] = sym;
      } else if (sym === 256) {
        return;
      } else {
        sym -= 257;
        if (sym >= 29) throw new CorruptDataError(`${what}: the compressed data is damaged (invalid length code).`);
        const len = LEN_BASE[sym]! + this.bits(LEN_EXTRA[sym]!, what);
        const dsym = this.decode(dist, what);
        if (dsym >= 30) throw new CorruptDataError(`${what}: the compressed data is damaged (invalid distance code).`);
        const d = DIST_BASE[dsym]! + this.bits(DIST_EXTRA[dsym]!, what);
        if (d > this.outLen) throw new CorruptDataError(`${what}: the compressed data is damaged (distance too far back).`);
        this.ensure(len, what);
        const out = this.out;
        const o = this.outLen;
        // A run of one byte (what bombs are made of) fills; a far copy moves at once; only an
        // overlapping copy (d < len) must go byte by byte.
        if (d === 1) out.fill(out[o - 1]!, o, o + len);
        else if (d >= len) out.copyWithin(o, o - d, o - d + len);
        else for (let i = 0; i < len; i++) out[o + i] = out[o + i - d]!;
        this.outLen = o + len;
      }
    }
  }

  /** A dynamic block (RFC 1951 §3.2.7): code lengths, themselves Huffman-coded, then the data. */
  private dynamic(what: string): void {
    const damaged = (why: string) => new CorruptDataError(`${what}: the compressed data is damaged (${why}).`);
    const nlen = this.bits(5, what) + 257;
    const ndist = this.bits(5, what) + 1;
    const ncode = this.bits(4, what) + 4;
    if (nlen > 286 || ndist > 30) throw damaged('too many length or distance codes');
    const lengths = new Uint8Array(320);
    for (let i = 0; i < ncode; i++) lengths[CLEN_ORDER[i]!] = this.bits(3, what);
    const clen = newHuffman(19);
    if (buildHuffman(clen, lengths, 19) !== 0) throw damaged('incomplete code-length code');
    lengths.fill(0);
    let index = 0;
    while (index < nlen + ndist) {
      const sym = this.decode(clen, what);
      if (sym < 16) {
        lengths[index++] = sym;
      } else {
        let len = 0;
        let rep: number;
        if (sym === 16) {
          if (index === 0) throw damaged('repeat with no previous length');
          len = lengths[index - 1]!;
          rep = 3 + this.bits(2, what);
        } else if (sym === 17) rep = 3 + this.bits(3, what);
        else rep = 11 + this.bits(7, what);
        if (index + rep > nlen + ndist) throw damaged('too many code lengths');
        while (rep-- > 0) lengths[index++] = len;
      }
    }
    if (lengths[256] === 0) throw damaged('no end-of-block code');
    const lit = newHuffman(286);
    let err = buildHuffman(lit, lengths, nlen);
    // An incomplete literal/length code is only allowed when it has a single code.
    if (err < 0 || (err > 0 && nlen - lit.count[0]! !== 1)) throw damaged('bad literal/length code');
    const dist = newHuffman(30);
    err = buildHuffman(dist, lengths.subarray(nlen), ndist);
    if (err < 0 || (err > 0 && ndist - dist.count[0]! !== 1)) throw damaged('bad distance code');
    this.codes(lit, dist, what);
  }
}

/** An output buffer and how much of it is used, carried from one stream to the next. */
export interface InflateOutput {
  buf: Uint8Array;
  len: number;
}

/**
 * Inflate a raw DEFLATE stream at `start`, appending to `into` (grown as needed, up to `maxOutput`
 * bytes in total). Returns the output after it and where the stream ended. Used for gzip's
 * members, so a file of many members needs one buffer, not one per member.
 */
export function inflateInto(
  input: Uint8Array, start: number, into: InflateOutput, what: string, maxOutput: number,
): { out: InflateOutput; end: number } {
  const inf = new Inflater(input, start, maxOutput, 0, into);
  const r = inf.run(what);
  return { out: inf.output, end: r.end };
}

/**
 * Inflate a raw DEFLATE stream starting at `start`. `what` names the file in error messages;
 * `sizeHint` (the expected output size, when a header tells it) avoids regrowing the buffer.
 */
export function inflateRaw(
  input: Uint8Array,
  opts: { start?: number; what?: string; maxOutput?: number; sizeHint?: number } = {},
): InflateResult {
  const start = opts.start ?? 0;
  const maxOutput = opts.maxOutput ?? DEFAULT_MAX_OUTPUT;
  // The hint sizes the first buffer only; capped so a small file cannot ask for a huge one.
  const hint = Math.min(opts.sizeHint ?? (input.length - start) * 4, 16 * 1024 * 1024);
  return new Inflater(input, start, maxOutput, hint).run(opts.what ?? 'The file');
}
