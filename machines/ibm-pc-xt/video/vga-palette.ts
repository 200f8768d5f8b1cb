/**
 * The VGA's colour path: the attribute controller (3C0h/3C1h: sixteen 6-bit palette registers,
 * mode control, overscan, colour plane enable, pel panning, colour select; its index/data
 * flip-flop is reset by reading input status 1 at 3DAh/3BAh) and the DAC (3C6h pel mask, 3C7h read
 * index and state, 3C8h write index, 3C9h data: three 6-bit values per entry, index auto-increment).
 * `colour(p)` turns a 4-bit pixel into the 0xAABBGGRR the frame holds; `dacColour(i)` an 8-bit
 * DAC index (the 256-colour modes).
 *
 * Sources: IBM VGA Technical Reference (Attribute Controller registers, Video DAC), FreeVGA
 * "Attribute Controller Registers" and "DAC Operation".
 *
 * Not emulated: in 256-colour mode the attribute palette is not applied to the two nibbles (the
 * byte goes to the DAC as it is, which is what the BIOS's identity palette gives anyway); DAC
 * read-back of a partially written entry; the 8-bit DAC of later cards.
 */
import { CorruptStateError } from '../../../cores/kernel/errors.ts';

export const enum Ac {
  Mode = 0x10, Overscan = 0x11, PlaneEnable = 0x12, PelPan = 0x13, ColorSelect = 0x14,
}

export interface VgaPaletteState {
  /** Attribute controller registers 00h-14h. */
  ac: Uint8Array;
  acIndex: number;
  /** Flip-flop: false = the next 3C0h write is an index, true = data. */
  acData: boolean;
  /** DAC: 256 x R, G, B (6 bits each). */
  dac: Uint8Array;
  pelMask: number;
  writeIndex: number;
  readIndex: number;
  /** Component (0-2) of the entry being written / read. */
  writeStep: number;
  readStep: number;
  /** 3C7h state bits: 3 after a read index was set, 0 after a write index. */
  dacState: number;
}

export class VgaPalette {
  s: VgaPaletteState = {
    ac: new Uint8Array(0x15), acIndex: 0, acData: false, dac: new Uint8Array(768), pelMask: 0xff,
    writeIndex: 0, readIndex: 0, writeStep: 0, readStep: 0, dacState: 0,
  };
  /** DAC entries as 0xAABBGGRR (derived; rebuilt by refresh()). */
  readonly rgba = new Uint32Array(256);

  constructor() {
    this.refresh();
  }

  /** Rebuild the derived colour table (after a state load). */
  refresh(): void {
    for (let i = 0; i < 256; i++) this.updateEntry(i);
  }

  private updateEntry(i: number): void {
    const d = this.s.dac;
    const x = (v: number) => ((v & 0x3f) << 2) | ((v & 0x3f) >> 4);
    this.rgba[i] = (0xff000000 | (x(d[i * 3 + 2]!) << 16) | (x(d[i * 3 + 1]!) << 8) | x(d[i * 3]!)) >>> 0;
  }

  /** Input status 1 was read: the attribute flip-flop goes back to "index". */
  resetFlipFlop(): void {
    this.s.acData = false;
  }

  /** The attribute controller's palette address source bit (index bit 5): 1 = the screen shows. */
  get screenOn(): boolean {
    return (this.s.acIndex & 0x20) !== 0;
  }

  ioRead(port: number): number {
    const s = this.s;
    switch (port) {
      case 0x3c0: return s.acIndex;
      case 0x3c1: return (s.ac[s.acIndex & 0x1f] ?? 0) & 0xff;
      case 0x3c6: return s.pelMask;
      case 0x3c7: return s.dacState;
      case 0x3c8: return s.writeIndex;
      case 0x3c9: {
        const v = s.dac[s.readIndex * 3 + s.readStep]!;
        if (++s.readStep === 3) { s.readStep = 0; s.readIndex = (s.readIndex + 1) & 0xff; }
        return v;
      }
      default: return -1;
    }
  }

  ioWrite(port: number, v: number): boolean {
    const s = this.s;
    switch (port) {
      case 0x3c0:
        if (!s.acData) s.acIndex = v & 0x3f;
        else {
          const i = s.acIndex & 0x1f;
          if (i < 0x10) s.ac[i] = v & 0x3f;
          else if (i <= Ac.ColorSelect) s.ac[i] = v & (i === Ac.PlaneEnable ? 0x3f : i === Ac.PelPan ? 0x0f : i === Ac.ColorSelect ? 0x0f : 0xff);
        }
        s.acData = !s.acData;
        return true;
      case 0x3c6: s.pelMask = v; return true;
      case 0x3c7: s.readIndex = v; s.readStep = 0; s.dacState = 3; return true;
      case 0x3c8: s.writeIndex = v; s.writeStep = 0; s.dacState = 0; return true;
      case 0x3c9: {
        s.dac[s.writeIndex * 3 + s.writeStep] = v & 0x3f;
        if (++s.writeStep === 3) { this.updateEntry(s.writeIndex); s.writeStep = 0; s.writeIndex = (s.writeIndex + 1) & 0xff; }
        return true;
      }
      default: return false;
    }
  }

  /** DAC index of a 4-bit pixel through plane enable, the palette and colour select. */
  index4(pixel: number): number {
    const ac = this.s.ac;
    let p = ac[(pixel & ac[Ac.PlaneEnable]!) & 15]!;
    const cs = ac[Ac.ColorSelect]!;
    if ((ac[Ac.Mode]! & 0x80) !== 0) p = (p & 0x0f) | ((cs & 3) << 4);
    return (p | ((cs & 0x0c) << 4)) & this.s.pelMask;
  }

  /** Colour of a 4-bit pixel. */
  colour(pixel: number): number {
    return this.rgba[this.index4(pixel)]!;
  }

  /** Colour of an 8-bit DAC index (256-colour modes). */
  dacColour(i: number): number {
    return this.rgba[i & this.s.pelMask]!;
  }

  /** The overscan (border) colour. */
  get overscan(): number {
    return this.rgba[this.s.ac[Ac.Overscan]! & this.s.pelMask]!;
  }

  getState(): VgaPaletteState {
    return { ...this.s, ac: this.s.ac.slice(), dac: this.s.dac.slice() };
  }

  setState(st: VgaPaletteState): void {
    if (typeof st !== 'object' || st === null || !(st.ac instanceof Uint8Array) || st.ac.length !== 0x15 ||
        !(st.dac instanceof Uint8Array) || st.dac.length !== 768 ||
        ![st.acIndex, st.pelMask, st.writeIndex, st.readIndex, st.writeStep, st.readStep, st.dacState].every(Number.isInteger))
      throw new CorruptStateError('VGA palette state: malformed');
    this.s = {
      ac: st.ac.slice(), acIndex: st.acIndex & 0x3f, acData: st.acData === true, dac: st.dac.slice(), pelMask: st.pelMask & 0xff,
      writeIndex: st.writeIndex & 0xff, readIndex: st.readIndex & 0xff, writeStep: st.writeStep % 3, readStep: st.readStep % 3,
      dacState: st.dacState & 3,
    };
    this.refresh();
  }
}
