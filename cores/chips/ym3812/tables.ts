/**
 * The YM3812's fixed tables, DERIVED here from their defining formulas at start-up (nothing copied).
 *
 * - Log-sine ROM (256 x 12 bits): the chip keeps a quarter of a sine wave as attenuation in units
 *   of 1/256 of a factor of two (about 0.0235 dB):  logsin[i] = round(-log2(sin((i + 0.5) * pi/512)) * 256).
 *   The half-sample offset means the table never holds sin(0) (infinite attenuation). Described in
 *   the die-shot analysis of the OPL2 ROMs (Matthew Gambrell and Olli Niemitalo, "OPLx decapsulated",
 *   2015: the log-sin and exponential ROM contents and how they are addressed).
 * - Exponent ROM (256 x 10 bits): turns attenuation back into a linear level,
 *   exp[i] = round((2^(i/256) - 1) * 1024); the chip adds the implicit 1024, addresses it with the
 *   complemented low 8 bits of the attenuation and shifts right by the high bits (same source).
 *   `EXP_TABLE` below is that ROM already complemented and with the 1024 added, doubled: the value
 *   for attenuation `a` is EXP_TABLE[a & 0xff] >> (a >> 8), a 13-bit magnitude (max 4084).
 * - Key scale level: the datasheet's table (YM3812 application manual, "KSL") gives the attenuation
 *   for block 7 against the top four F-number bits: 0, 9, 12, 13.875, 15, 16.125, ... 21 dB at the
 *   3 dB/octave setting, 3 dB less per lower block. Those are ceil(8 * log2(n)) + 24 steps of
 *   0.375 dB: we compute them from the logarithm and check them against the datasheet in a test.
 * - Frequency multiplier: 1/2, 1, 2, ... 10, 10, 12, 12, 15, 15 (datasheet, "MULTI"), kept doubled.
 */

/** Quarter-wave log-sine, 256 entries, 12-bit attenuation (1/256 octave units). */
export const LOGSIN_TABLE = new Uint16Array(256);
/** Linear magnitude, doubled, for the low 8 bits of an attenuation: see header. */
export const EXP_TABLE = new Uint16Array(256);
/** Key scale level in 0.375 dB steps for block 7, by the top four F-number bits (n = 0..15). */
export const KSL_BLOCK7 = new Uint8Array(16);
/**
 * The four waveforms over a whole 10-bit phase, built from the log-sine quarter: bits 0-12 the
 * attenuation (0x1000 = silent: the exponent lookup then gives 0), bit 15 the sign. Waveforms
 * (datasheet "WS"): 0 sine, 1 half sine (negative half silent), 2 absolute sine, 3 quarter sine
 * (the rising quarter of each half, the other quarters silent).
 */
export const WAVE_TABLE = new Uint16Array(4 * 1024);
const SILENT = 0x1000;
/** Frequency multiplier x2, by the MULT register value. */
export const MULT_X2 = Uint8Array.of(1, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 20, 24, 24, 30, 30);

for (let i = 0; i < 256; i++) {
  LOGSIN_TABLE[i] = Math.round(-Math.log2(Math.sin(((i + 0.5) * Math.PI) / 512)) * 256);
  // The exponent ROM as the die holds it...
  const rom = Math.round((Math.pow(2, i / 256) - 1) * 1024);
  // ...addressed with the complemented attenuation, plus the implicit leading 1, times two.
  EXP_TABLE[255 - i] = (rom + 1024) << 1;
}
for (let ph = 0; ph < 1024; ph++) {
  const quarter = LOGSIN_TABLE[(ph & 0x100) !== 0 ? ~ph & 0xff : ph & 0xff]!;
  const negHalf = (ph & 0x200) !== 0;
  WAVE_TABLE[ph] = quarter | (negHalf ? 0x8000 : 0);
  WAVE_TABLE[1024 + ph] = negHalf ? SILENT : quarter;
  WAVE_TABLE[2048 + ph] = quarter;
  WAVE_TABLE[3072 + ph] = (ph & 0x100) !== 0 ? SILENT : LOGSIN_TABLE[ph & 0xff]!;
}
for (let n = 0; n < 16; n++) {
  // 24 steps (9 dB) at n = 1, +8 steps (3 dB) per doubling; the chip rounds the log upwards.
  KSL_BLOCK7[n] = n === 0 ? 0 : Math.ceil(8 * Math.log2(n) - 1e-9) + 24;
}
