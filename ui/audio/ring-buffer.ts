/**
 * A single-producer, single-consumer ring of stereo float samples in a SharedArrayBuffer: the
 * emulation worker writes, the AudioWorklet reads, neither waits for the other.
 *
 * Layout: an Int32Array of 2 counters (frames written, frames read; both wrap at 2^31 and only their
 * difference matters), then a Float32Array of `capacity` interleaved L,R frames. Each side only
 * writes its own counter, with Atomics.store after the samples, so the other side never sees a
 * frame before its samples are in place. When the ring is full, new samples are dropped (the
 * emulation runs ahead of the audio clock); when empty, the reader plays silence.
 *
 * Works on a plain ArrayBuffer too (tests, or no cross-origin isolation with the reader on the
 * same thread).
 */

const WRITE = 0;
const READ = 1;
const HEADER_BYTES = 8;

export class AudioRing {
  readonly capacity: number;
  private readonly idx: Int32Array;
  private readonly data: Float32Array;

  constructor(readonly buffer: SharedArrayBuffer | ArrayBuffer) {
    this.idx = new Int32Array(buffer, 0, 2);
    this.data = new Float32Array(buffer, HEADER_BYTES);
    this.capacity = this.data.length >> 1;
  }

  /** A buffer for `capacity` stereo frames (shared when the page is cross-origin isolated). */
  static allocate(capacity: number, shared: boolean): SharedArrayBuffer | ArrayBuffer {
    const bytes = HEADER_BYTES + capacity * 8;
    return shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  }

  /** Frames waiting to be played. */
  available(): number {
    return (Atomics.load(this.idx, WRITE) - Atomics.load(this.idx, READ)) | 0;
  }

  /** Append up to `frames` interleaved frames; returns how many fitted. */
  write(samples: Float32Array, frames: number): number {
    const w = Atomics.load(this.idx, WRITE);
    const free = this.capacity - ((w - Atomics.load(this.idx, READ)) | 0);
    const n = Math.min(frames, free);
    const cap = this.capacity;
    const d = this.data;
    let pos = ((w % cap) + cap) % cap;
    for (let i = 0; i < n; i++) {
      d[pos * 2] = samples[i * 2]!;
      d[pos * 2 + 1] = samples[i * 2 + 1]!;
      if (++pos === cap) pos = 0;
    }
    Atomics.store(this.idx, WRITE, (w + n) | 0);
    return n;
  }

  /** Fill `left`/`right` with up to their length; the rest is silence. Returns frames read. */
  read(left: Float32Array, right: Float32Array): number {
    const r = Atomics.load(this.idx, READ);
    const avail = (Atomics.load(this.idx, WRITE) - r) | 0;
    const n = Math.min(left.length, avail);
    const cap = this.capacity;
    const d = this.data;
    let pos = ((r % cap) + cap) % cap;
    for (let i = 0; i < n; i++) {
      left[i] = d[pos * 2]!;
      right[i] = d[pos * 2 + 1]!;
      if (++pos === cap) pos = 0;
    }
    left.fill(0, n);
    right.fill(0, n);
    Atomics.store(this.idx, READ, (r + n) | 0);
    return n;
  }
}
