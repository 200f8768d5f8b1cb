/**
 * CRC-32 (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320) as used by gzip and ZIP, and
 * Adler-32 as used by zlib streams.
 *
 * References: RFC 1952 §8 (sample CRC code), RFC 1950 §9 (Adler-32), PKWARE APPNOTE 6.3.10 §4.4.7.
 * The 256-entry CRC table is computed once at module load (8 shifts per entry), not shipped.
 */

const CRC_TABLE = ((): Uint32Array => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 of `bytes[start, end)`, continuing from `crc` (0 for a fresh sum). */
export function crc32(bytes: Uint8Array, crc = 0, start = 0, end = bytes.length): number {
  let c = ~crc >>> 0;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** Adler-32 of `bytes[start, end)` (RFC 1950 §9): two sums modulo 65521, reduced every 5552 bytes. */
export function adler32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let a = 1;
  let b = 0;
  let i = start;
  while (i < end) {
    // 5552 is the largest n with 255n(n+1)/2 + (n+1)(65520) < 2^32 (zlib's NMAX).
    const stop = Math.min(end, i + 5552);
    for (; i < stop; i++) {
      a += bytes[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
