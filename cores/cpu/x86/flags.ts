/**
 * FLAGS bit positions and the parity/sign/zero lookup tables used by the ALU.
 * (Intel iAPX 86/88 User's Manual, figure 2-32 "Flags".)
 */
export const CF = 0x0001;
export const PF = 0x0004;
export const AF = 0x0010;
export const ZF = 0x0040;
export const SF = 0x0080;
export const TF = 0x0100;
export const IF = 0x0200;
export const DF = 0x0400;
export const OF = 0x0800;
/** The six arithmetic status flags. */
export const ARITH = CF | PF | AF | ZF | SF | OF;
/** Bits that FLAGS can hold on the 8086/8088/80186; 12-15 and bit 1 always read as 1. */
export const FLAGS_WRITABLE = 0x0fd5;
export const FLAGS_FIXED = 0xf002;

/** PF for a byte: set when the low 8 bits hold an even number of ones. */
export const PARITY = new Uint8Array(256);
/** SF | ZF | PF for a byte result. */
export const SZP8 = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let ones = 0;
  for (let b = i; b !== 0; b >>= 1) ones += b & 1;
  PARITY[i] = (ones & 1) === 0 ? PF : 0;
  SZP8[i] = PARITY[i]! | (i === 0 ? ZF : 0) | (i & 0x80 ? SF : 0);
}

/** SF | ZF | PF for a word result (PF looks at the low byte only). */
export function szp16(v: number): number {
  return PARITY[v & 0xff]! | (v === 0 ? ZF : 0) | ((v >> 8) & SF);
}
