/**
 * Builds ZIP archives for the tests with node:zlib's deflate (an independent implementation), so
 * the reader is checked against bytes it did not produce itself. Test-only.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface BuildEntry {
  name: string;
  data: Uint8Array;
  method?: 0 | 8;
  /** Use a data descriptor (flag bit 3) with zero sizes in the local header, as streaming zippers do. */
  descriptor?: boolean;
  utf8?: boolean;
  flags?: number;
  methodOverride?: number;
}

export function buildZip(entries: readonly BuildEntry[], comment = '', opts: { zip64?: boolean } = {}): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const push = (b: Uint8Array) => { chunks.push(b); offset += b.length; };
  for (const e of entries) {
    const method = e.method ?? 8;
    const body = method === 8 ? new Uint8Array(deflateRawSync(e.data)) : e.data;
    const crc = crc32(e.data) >>> 0;
    const name = new TextEncoder().encode(e.name);
    const flags = (e.flags ?? 0) | (e.descriptor ? 8 : 0) | (e.utf8 ? 0x800 : 0);
    const m = e.methodOverride ?? method;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(m, 8);
    local.writeUInt32LE(e.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(e.descriptor ? 0 : body.length, 18);
    local.writeUInt32LE(e.descriptor ? 0 : e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const localOffset = offset;
    push(local);
    push(name);
    push(body);
    if (e.descriptor) {
      const d = Buffer.alloc(16);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(crc, 4);
      d.writeUInt32LE(body.length, 8);
      d.writeUInt32LE(e.data.length, 12);
      push(d);
    }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(m, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(e.data.length, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(localOffset, 42);
    central.push(Buffer.concat([c, name]));
  }
  const cdStart = offset;
  for (const c of central) push(c);
  const cdSize = offset - cdStart;
  const com = new TextEncoder().encode(comment);
  if (opts.zip64) {
    // APPNOTE §4.3.14 ZIP64 end of central directory record, then §4.3.15 its locator.
    const e64 = Buffer.alloc(56);
    e64.writeUInt32LE(0x06064b50, 0);
    e64.writeBigUInt64LE(44n, 4);
    e64.writeUInt16LE(45, 12);
    e64.writeUInt16LE(45, 14);
    e64.writeBigUInt64LE(BigInt(entries.length), 24);
    e64.writeBigUInt64LE(BigInt(entries.length), 32);
    e64.writeBigUInt64LE(BigInt(cdSize), 40);
    e64.writeBigUInt64LE(BigInt(cdStart), 48);
    const at = offset;
    push(e64);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0);
    loc.writeBigUInt64LE(BigInt(at), 8);
    loc.writeUInt32LE(1, 16);
    push(loc);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  // Without ZIP64 a count over 65,535 wraps, as some zippers write it.
  const n16 = opts.zip64 ? 0xffff : entries.length & 0xffff;
  end.writeUInt16LE(n16, 8);
  end.writeUInt16LE(n16, 10);
  end.writeUInt32LE(opts.zip64 ? 0xffffffff : cdSize, 12);
  end.writeUInt32LE(opts.zip64 ? 0xffffffff : cdStart, 16);
  end.writeUInt16LE(com.length, 20);
  push(end);
  push(com);
  return new Uint8Array(Buffer.concat(chunks));
}

/** Deterministic pseudo-random bytes (xorshift32), so a failing case can be reproduced. */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

/** Test inputs with different statistics: random, text-like, long runs, mixed. */
export function sampleData(seed: number, size: number): Uint8Array {
  const r = prng(seed);
  const out = new Uint8Array(size);
  const mode = seed % 4;
  const words = ['LOAD ', 'PRINT ', 'GO TO ', '10 ', 'REM ', 'amalgam ', '\n', 'BORDER 0: '];
  for (let i = 0; i < size; ) {
    if (mode === 0) out[i++] = r() & 0xff;
    else if (mode === 1) {
      const w = words[r() % words.length]!;
      for (let k = 0; k < w.length && i < size; k++) out[i++] = w.charCodeAt(k);
    } else if (mode === 2) {
      const v = r() & 0xff;
      const n = 1 + (r() % 300);
      for (let k = 0; k < n && i < size; k++) out[i++] = v;
    } else {
      const v = r();
      out[i++] = v & 1 ? v & 0xff : (i * 7) & 0x3f;
    }
  }
  return out;
}
