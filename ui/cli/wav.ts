/** Collects stereo float samples and writes a 16-bit PCM WAV (RIFF WAVE, format tag 1). */

export class WavRecorder {
  private chunks: Int16Array[] = [];
  private frames = 0;
  constructor(readonly rate: number) {}

  add(samples: Float32Array, frames: number): void {
    const c = new Int16Array(frames * 2);
    for (let i = 0; i < frames * 2; i++) {
      const v = Math.max(-1, Math.min(1, samples[i]!));
      c[i] = Math.round(v * 32767);
    }
    this.chunks.push(c);
    this.frames += frames;
  }

  get sampleFrames(): number {
    return this.frames;
  }

  encode(): Uint8Array {
    const dataBytes = this.frames * 4;
    const out = new Uint8Array(44 + dataBytes);
    const dv = new DataView(out.buffer);
    const str = (o: number, s: string) => { for (let i = 0; i < s.length; i++) out[o + i] = s.charCodeAt(i); };
    str(0, 'RIFF'); dv.setUint32(4, 36 + dataBytes, true); str(8, 'WAVE');
    str(12, 'fmt '); dv.setUint32(16, 16, true); dv.setUint16(20, 1, true); dv.setUint16(22, 2, true);
    dv.setUint32(24, this.rate, true); dv.setUint32(28, this.rate * 4, true); dv.setUint16(32, 4, true);
    dv.setUint16(34, 16, true);
    str(36, 'data'); dv.setUint32(40, dataBytes, true);
    let o = 44;
    for (const c of this.chunks) for (let i = 0; i < c.length; i++, o += 2) dv.setInt16(o, c[i]!, true);
    return out;
  }
}
