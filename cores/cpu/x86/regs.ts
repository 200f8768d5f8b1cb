/**
 * Register and segment numbers as the ModR/M byte encodes them, as plain constants.
 *
 * Hot files copy what they use into module-level constants (`const { SP } = Regs`): tsx/esbuild
 * compile each file on its own, so an imported binding (or a `const enum` from another file) is a
 * getter call at every use, which cost the interpreter more than half its speed.
 */
export const AX = 0, CX = 1, DX = 2, BX = 3, SP = 4, BP = 5, SI = 6, DI = 7;
export const ES = 0, CS = 1, SS = 2, DS = 3;
/** Byte register (AL CL DL BL AH CH DH BH) -> index into the little-endian byte view of the word registers. */
export const BYTE_REG = new Uint8Array([0, 2, 4, 6, 1, 3, 5, 7]);
