/**
 * The NMOS 6502 opcode map: mnemonic and addressing mode of all 256 opcodes, documented and
 * undocumented. One table feeds both the code generator (`gen/generate-opcodes.ts`, which turns it
 * into the per-cycle executor) and the disassembler, so the two cannot disagree.
 *
 * Undocumented mnemonics follow "No More Secrets" (NMOS 6510 Unintended Opcodes, groepaz, 2023
 * edition): slo rla sre rra sax lax dcp isc anc alr arr ane lxa sbx sha shx shy tas las jam; the
 * NOP variants are all `nop` with their addressing mode.
 * References: MOS MCS6500 Microcomputer Family Programming Manual (1976), appendix B (opcode table);
 * "No More Secrets" §2 (opcode matrix).
 */

/** Addressing modes, with the operand syntax the disassembler prints. */
export const enum Mode {
  /** Implied: `nop` (one byte). */
  Imp = 0,
  /** Accumulator: `asl a`. */
  Acc = 1,
  /** Immediate: `lda #$12`. */
  Imm = 2,
  /** Zero page: `lda $12`. */
  Zp = 3,
  /** Zero page indexed by X: `lda $12,x`. */
  Zpx = 4,
  /** Zero page indexed by Y: `ldx $12,y`. */
  Zpy = 5,
  /** Absolute: `lda $1234`. */
  Abs = 6,
  /** Absolute indexed by X: `lda $1234,x`. */
  Abx = 7,
  /** Absolute indexed by Y: `lda $1234,y`. */
  Aby = 8,
  /** Indexed indirect: `lda ($12,x)`. */
  Izx = 9,
  /** Indirect indexed: `lda ($12),y`. */
  Izy = 10,
  /** Absolute indirect (JMP only): `jmp ($1234)`. */
  Ind = 11,
  /** PC-relative (branches): `bne $1234` (the target is printed). */
  Rel = 12,
}

/** Instruction length in bytes for each mode. */
export const MODE_LENGTH: readonly number[] = [1, 1, 2, 2, 2, 2, 3, 3, 3, 2, 2, 3, 2];

/** Short names of the modes, as the generator spells them. */
export const MODE_NAMES: readonly string[] = ['imp', 'acc', 'imm', 'zp', 'zpx', 'zpy', 'abs', 'abx', 'aby', 'izx', 'izy', 'ind', 'rel'];

// 16 rows of 16 "mnemonic mode" pairs, opcode = row * 16 + column.
const MAP = `
brk imp|ora izx|jam imp|slo izx|nop zp |ora zp |asl zp |slo zp |php imp|ora imm|asl acc|anc imm|nop abs|ora abs|asl abs|slo abs
bpl rel|ora izy|jam imp|slo izy|nop zpx|ora zpx|asl zpx|slo zpx|clc imp|ora aby|nop imp|slo aby|nop abx|ora abx|asl abx|slo abx
jsr abs|and izx|jam imp|rla izx|bit zp |and zp |rol zp |rla zp |plp imp|and imm|rol acc|anc imm|bit abs|and abs|rol abs|rla abs
bmi rel|and izy|jam imp|rla izy|nop zpx|and zpx|rol zpx|rla zpx|sec imp|and aby|nop imp|rla aby|nop abx|and abx|rol abx|rla abx
rti imp|eor izx|jam imp|sre izx|nop zp |eor zp |lsr zp |sre zp |pha imp|eor imm|lsr acc|alr imm|jmp abs|eor abs|lsr abs|sre abs
bvc rel|eor izy|jam imp|sre izy|nop zpx|eor zpx|lsr zpx|sre zpx|cli imp|eor aby|nop imp|sre aby|nop abx|eor abx|lsr abx|sre abx
rts imp|adc izx|jam imp|rra izx|nop zp |adc zp |ror zp |rra zp |pla imp|adc imm|ror acc|arr imm|jmp ind|adc abs|ror abs|rra abs
bvs rel|adc izy|jam imp|rra izy|nop zpx|adc zpx|ror zpx|rra zpx|sei imp|adc aby|nop imp|rra aby|nop abx|adc abx|ror abx|rra abx
nop imm|sta izx|nop imm|sax izx|sty zp |sta zp |stx zp |sax zp |dey imp|nop imm|txa imp|ane imm|sty abs|sta abs|stx abs|sax abs
bcc rel|sta izy|jam imp|sha izy|sty zpx|sta zpx|stx zpy|sax zpy|tya imp|sta aby|txs imp|tas aby|shy abx|sta abx|shx aby|sha aby
ldy imm|lda izx|ldx imm|lax izx|ldy zp |lda zp |ldx zp |lax zp |tay imp|lda imm|tax imp|lxa imm|ldy abs|lda abs|ldx abs|lax abs
bcs rel|lda izy|jam imp|lax izy|ldy zpx|lda zpx|ldx zpy|lax zpy|clv imp|lda aby|tsx imp|las aby|ldy abx|lda abx|ldx aby|lax aby
cpy imm|cmp izx|nop imm|dcp izx|cpy zp |cmp zp |dec zp |dcp zp |iny imp|cmp imm|dex imp|sbx imm|cpy abs|cmp abs|dec abs|dcp abs
bne rel|cmp izy|jam imp|dcp izy|nop zpx|cmp zpx|dec zpx|dcp zpx|cld imp|cmp aby|nop imp|dcp aby|nop abx|cmp abx|dec abx|dcp abx
cpx imm|sbc izx|nop imm|isc izx|cpx zp |sbc zp |inc zp |isc zp |inx imp|sbc imm|nop imp|sbc imm|cpx abs|sbc abs|inc abs|isc abs
beq rel|sbc izy|jam imp|isc izy|nop zpx|sbc zpx|inc zpx|isc zpx|sed imp|sbc aby|nop imp|isc aby|nop abx|sbc abx|inc abx|isc abx
`;

/** Mnemonic of each opcode (lowercase). */
export const MNEMONICS: readonly string[] = [];
/** Addressing mode of each opcode. */
export const MODES: readonly Mode[] = [];

for (const cell of MAP.trim().split('\n').join('|').split('|')) {
  const [mn, mode] = cell.trim().split(/\s+/) as [string, string];
  (MNEMONICS as string[]).push(mn);
  (MODES as Mode[]).push(MODE_NAMES.indexOf(mode) as Mode);
}
if (MNEMONICS.length !== 256 || MODES.some((m) => (m as number) < 0)) throw new Error('m6502 decode table is malformed');

/** The opcodes that are part of the documented instruction set (151 of them). */
export function isDocumented(op: number): boolean {
  const mn = MNEMONICS[op]!;
  if (UNDOCUMENTED_MNEMONICS.has(mn)) return false;
  if (mn === 'nop') return op === 0xea;
  if (mn === 'sbc') return op !== 0xeb;
  return true;
}

const UNDOCUMENTED_MNEMONICS = new Set([
  'slo', 'rla', 'sre', 'rra', 'sax', 'lax', 'dcp', 'isc', 'anc', 'alr', 'arr', 'ane', 'lxa', 'sbx',
  'sha', 'shx', 'shy', 'tas', 'las', 'jam',
]);

/**
 * Opcodes whose result depends on the chip, temperature or bus (No More Secrets §3 "unstable"):
 * ANE (8b), LXA (ab), SHA (93, 9f), TAS (9b), SHY (9c), SHX (9e).
 */
export const UNSTABLE_OPCODES: readonly number[] = [0x8b, 0xab, 0x93, 0x9b, 0x9c, 0x9e, 0x9f];
