/**
 * The NES palette computed from the PPU's composite video signal, not copied from a table.
 *
 * The 2C02 makes colour by switching its output between a low and a high voltage level in a
 * 12-step square wave at the colour subcarrier frequency (3.58 MHz, 21.477 MHz / 6): the
 * colour's hue (bits 0-3) picks the phase, its level (bits 4-5) the two voltages. Hue 0 stays
 * high (greys), hue $D stays low, hues $E/$F are black. Each emphasis bit attenuates the signal
 * during the third of the cycle belonging to its colour. A TV decodes the signal to Y (the
 * average) and I/Q (the signal demodulated at the subcarrier), then to RGB with the FCC matrix.
 *
 * Sources: nesdev wiki "NTSC video" (the output voltages measured on a 2C02G, in volts:
 * low 0.228 0.312 0.552 0.880, high 0.616 0.840 1.100 1.100, black 0.312, white 1.100,
 * attenuation to 0.746 of the signal under emphasis); the FCC YIQ-to-RGB matrix (47 CFR 73.682).
 * The hue offset and saturation are our choice of a TV's "tint" and "colour" knobs.
 *
 * A user palette (.pal, 192 bytes of RGB for 64 colours, or 1536 bytes with the 8 emphasis
 * combinations) replaces it through `parsePal`.
 */
import { CorruptDataError } from '../../cores/kernel/errors.ts';

const LOW = [0.228, 0.312, 0.552, 0.880];
const HIGH = [0.616, 0.840, 1.100, 1.100];
const BLACK = 0.312;
const WHITE = 1.100;
const ATTENUATION = 0.746;
/** Tint: where hue 1 sits on the colour wheel, in twelfths of a cycle (a TV's hue knob). */
const HUE_OFFSET = -4.5;
const SATURATION = 1.1;
const GAMMA = 2.2 / 1.8;

/** The signal level at subcarrier phase `p` (0..11) for colour `c` (0..63) and emphasis `e` (0..7). */
function signal(c: number, e: number, p: number): number {
  const hue = c & 0x0f, level = (c >> 4) & 3;
  let lo = LOW[level]!, hi = HIGH[level]!;
  if (hue === 0) lo = hi;
  else if (hue === 0x0d) hi = lo;
  else if (hue >= 0x0e) lo = hi = BLACK;
  const inPhase = (h: number) => (h + p) % 12 < 6;
  let v = inPhase(hue) ? hi : lo;
  // Red, green and blue emphasis attenuate during the half-cycles of hues $C, $4 and $8
  // (nesdev wiki "NTSC video", emphasis).
  if (hue < 0x0e &&
      (((e & 1) !== 0 && inPhase(0x0c)) || ((e & 2) !== 0 && inPhase(0x04)) || ((e & 4) !== 0 && inPhase(0x08))))
    v *= ATTENUATION;
  return v;
}

function toByte(x: number): number {
  const c = Math.max(0, Math.min(1, x));
  return Math.round(255 * Math.pow(c, GAMMA));
}

/** 512 colours (emphasis << 6 | colour) as 0xAABBGGRR. */
export function ntscPalette(): Uint32Array {
  const out = new Uint32Array(512);
  for (let e = 0; e < 8; e++) {
    for (let c = 0; c < 64; c++) {
      let y = 0, i = 0, q = 0;
      for (let p = 0; p < 12; p++) {
        const v = (signal(c, e, p) - BLACK) / (WHITE - BLACK);
        const angle = (Math.PI * (p + HUE_OFFSET)) / 6;
        y += v;
        i += v * Math.cos(angle);
        q += v * Math.sin(angle);
      }
      y /= 12; i = (i / 12) * SATURATION; q = (q / 12) * SATURATION;
      const r = y + 0.956 * i + 0.621 * q;
      const g = y - 0.272 * i - 0.647 * q;
      const b = y - 1.106 * i + 1.703 * q;
      out[(e << 6) | c] = (0xff000000 | (toByte(b) << 16) | (toByte(g) << 8) | toByte(r)) >>> 0;
    }
  }
  return out;
}

/**
 * A user .pal file: 64 RGB triples (emphasis then derived by attenuating the channels the way
 * the signal model does on average), or 512 triples with every emphasis combination.
 */
export function parsePal(bytes: Uint8Array): Uint32Array {
  if (bytes.length !== 192 && bytes.length !== 1536)
    throw new CorruptDataError(`A .pal palette is 192 or 1536 bytes; this one is ${bytes.length}.`);
  const out = new Uint32Array(512);
  for (let k = 0; k < 512; k++) {
    const full = bytes.length === 1536;
    const c = full ? k : k & 63, e = full ? 0 : k >> 6;
    let r = bytes[c * 3]!, g = bytes[c * 3 + 1]!, b = bytes[c * 3 + 2]!;
    // Emphasis darkens the two other primaries (UNVERIFIED approximation of the signal model).
    if (e & 1) { g *= ATTENUATION; b *= ATTENUATION; }
    if (e & 2) { r *= ATTENUATION; b *= ATTENUATION; }
    if (e & 4) { r *= ATTENUATION; g *= ATTENUATION; }
    out[k] = (0xff000000 | (Math.round(b) << 16) | (Math.round(g) << 8) | Math.round(r)) >>> 0;
  }
  return out;
}
