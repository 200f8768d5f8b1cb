/**
 * Plain data <-> JSON text, with typed arrays kept exact as base64 (jsbeeb `snapshot.js` does the
 * same). A typed array becomes `{"$t":"Uint8Array","b":"<base64>"}`; everything else is JSON.
 */
import { CorruptStateError } from './errors.ts';

type TypedArrayName =
  | 'Uint8Array' | 'Int8Array' | 'Uint16Array' | 'Int16Array'
  | 'Uint32Array' | 'Int32Array' | 'Float32Array' | 'Float64Array' | 'Uint8ClampedArray';

const CTORS: Record<TypedArrayName, { new (b: ArrayBuffer): ArrayBufferView; BYTES_PER_ELEMENT: number }> = {
  Uint8Array, Int8Array, Uint16Array, Int16Array, Uint32Array, Int32Array, Float32Array, Float64Array,
  Uint8ClampedArray,
};

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    chunk += B64[n >> 18]! + B64[(n >> 12) & 63]! +
      (i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=') + (i + 2 < bytes.length ? B64[n & 63]! : '=');
    if (chunk.length > 8192) { parts.push(chunk); chunk = ''; }
  }
  parts.push(chunk);
  return parts.join('');
}

export function fromBase64(s: string): Uint8Array {
  if (s.length % 4 !== 0) throw new CorruptStateError('state: bad base64 length');
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = s.charCodeAt(i + j);
      const v = c === 61 ? 0 : c < 128 ? B64_INDEX[c]! : -1;
      if (v < 0) throw new CorruptStateError('state: bad base64 character');
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

export function encodePlain(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const name = v.constructor.name as TypedArrayName;
      if (!(name in CTORS)) throw new TypeError(`cannot save ${name}`);
      return { $t: name, b: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
    }
    return v;
  });
}

export function decodePlain(text: string): unknown {
  try {
    return JSON.parse(text, (_k, v: unknown) => {
      if (v !== null && typeof v === 'object' && '$t' in v && 'b' in v) {
        const { $t, b } = v as { $t: unknown; b: unknown };
        if (typeof $t !== 'string' || typeof b !== 'string' || !($t in CTORS))
          throw new CorruptStateError('state: bad typed array');
        const ctor = CTORS[$t as TypedArrayName];
        const bytes = fromBase64(b);
        if (bytes.length % ctor.BYTES_PER_ELEMENT !== 0) throw new CorruptStateError('state: bad typed array length');
        const buf = new ArrayBuffer(bytes.length);
        new Uint8Array(buf).set(bytes);
        return new ctor(buf);
      }
      return v;
    });
  } catch (e) {
    if (e instanceof CorruptStateError) throw e;
    throw new CorruptStateError('The save state is damaged: it is not valid JSON.');
  }
}
