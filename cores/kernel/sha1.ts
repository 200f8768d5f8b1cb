/**
 * SHA-1, synchronous and dependency-free, for identifying ROMs and media in both Node and the
 * browser (WebCrypto's digest is async and absent in insecure contexts). FIPS 180-4 §6.1.
 */

const W = new Int32Array(80);

export function sha1Hex(data: Uint8Array): string {
  let h0 = 0x67452301, h1 = 0xefcdab89 | 0, h2 = 0x98badcfe | 0, h3 = 0x10325476, h4 = 0xc3d2e1f0 | 0;
  const len = data.length;
  // Message, 0x80, zero padding, 64-bit big-endian bit length: a multiple of 64 bytes (§5.1.1).
  const total = (((len + 8) >>> 6) + 1) << 6;
  const tail = new Uint8Array(total - (len & ~63));
  tail.set(data.subarray(len & ~63));
  tail[len & 63] = 0x80;
  const bits = len * 8;
  const tv = new DataView(tail.buffer);
  tv.setUint32(tail.length - 8, Math.floor(bits / 0x100000000));
  tv.setUint32(tail.length - 4, bits >>> 0);

  const fullBlocks = len >>> 6;
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let b = 0; b < total >>> 6; b++) {
    if (b < fullBlocks) for (let i = 0; i < 16; i++) W[i] = dv.getInt32(b * 64 + i * 4);
    else for (let i = 0; i < 16; i++) W[i] = tv.getInt32((b - fullBlocks) * 64 + i * 4);
    for (let i = 16; i < 80; i++) {
      const x = W[i - 3]! ^ W[i - 8]! ^ W[i - 14]! ^ W[i - 16]!;
      W[i] = (x << 1) | (x >>> 31);
    }
    let a = h0, bb = h1, c = h2, d = h3, e = h4;
    for (let i = 0; i < 80; i++) {
      let f: number, k: number;
      if (i < 20) { f = (bb & c) | (~bb & d); k = 0x5a827999; }
      else if (i < 40) { f = bb ^ c ^ d; k = 0x6ed9eba1; }
      else if (i < 60) { f = (bb & c) | (bb & d) | (c & d); k = 0x8f1bbcdc | 0; }
      else { f = bb ^ c ^ d; k = 0xca62c1d6 | 0; }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + W[i]!) | 0;
      e = d; d = c; c = (bb << 30) | (bb >>> 2); bb = a; a = t;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + bb) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0; h4 = (h4 + e) | 0;
  }
  return [h0, h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}
