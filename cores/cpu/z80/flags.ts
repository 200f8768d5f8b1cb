/**
 * Z80 flag bits and the 256-entry lookup tables the ALU uses (sign/zero/undocumented bits 5 and 3,
 * and parity). The tables are computed once at module load by a plain loop (no generated code).
 *
 * References: Zilog Z80 CPU User Manual UM0080, "Flags"; Sean Young, "The Undocumented Z80
 * Documented" v0.91, section 4 (bits 3 and 5 copy bits 3 and 5 of the result for most operations).
 */

export const FLAG_C = 0x01;
export const FLAG_N = 0x02;
export const FLAG_PV = 0x04;
export const FLAG_X = 0x08;
export const FLAG_H = 0x10;
export const FLAG_Y = 0x20;
export const FLAG_Z = 0x40;
export const FLAG_S = 0x80;

/** S, Z, and bits 5/3 of a result byte. */
export const SZ = new Uint8Array(256);
/** SZ plus P/V set for even parity. */
export const SZP = new Uint8Array(256);

for (let v = 0; v < 256; v++) {
  const sz = (v & (FLAG_S | FLAG_Y | FLAG_X)) | (v === 0 ? FLAG_Z : 0);
  let bits = v;
  bits ^= bits >> 4;
  bits ^= bits >> 2;
  bits ^= bits >> 1;
  SZ[v] = sz;
  SZP[v] = sz | ((bits & 1) === 0 ? FLAG_PV : 0);
}
