/**
 * Amalgam's own 8x8 character set for the PC's 256 character codes (code page 437 layout), used by
 * the CGA when the user gives no character ROM. Drawn for this project:
 * - 20h-7Eh: the letters, digits and punctuation of Amalgam's Spectrum font
 *   (roms/zx-spectrum-48k/font.ts, a 5x7 design), with the PC's caret and grave accent in place of
 *   the Spectrum's up arrow and pound sign;
 * - 01h-1Fh, 7Fh, and a few others: hand-drawn symbols below (smileys, card suits, arrows...);
 * - B0h-DFh: generated: shades, single/double box-drawing lines from their four arms, blocks;
 * - 80h-AFh: accented letters made from the base letter plus an accent drawn above it;
 * - E0h-FEh: hand-drawn Greek letters and mathematical signs.
 * A code without a design of its own shows a small hollow box, so it is visibly "unknown".
 * Layout: 256 x 8 bytes, bit 7 = leftmost pixel, row 0 first.
 */
import { fontBytes as spectrumFont } from '../zx-spectrum-48k/font.ts';

/** Hand-drawn 8x8 glyphs: code -> 8 rows of 8 cells, '#' = ink. */
const DRAWN: Readonly<Record<number, string>> = {
  0x01: '.######. #......# #.#..#.# #......# #.####.# #..##..# #......# .######.', // smiley
  0x02: '.######. ######## ##.##.## ######## ##....## ###..### ######## .######.', // inverse smiley
  0x03: '.##.##.. ######## ######## ######## .######. ..####.. ...##... ........', // heart
  0x04: '...#.... ..###... .#####.. #######. .#####.. ..###... ...#.... ........', // diamond
  0x05: '..###... ..###... ##.#.##. #######. ##.#.##. ...#.... ..###... ........', // club
  0x06: '...#.... ..###... .#####.. #######. #######. ...#.... ..###... ........', // spade
  0x07: '........ ........ ...##... ..####.. ..####.. ...##... ........ ........', // bullet
  0x08: '######## ######## ###..### ##....## ##....## ###..### ######## ########', // inverse bullet
  0x09: '........ ..####.. .##..##. .#....#. .#....#. .##..##. ..####.. ........', // circle
  0x0a: '######## ##....## #..##..# #.####.# #.####.# #..##..# ##....## ########', // inverse circle
  0x0b: '....#### .....### ....##.# ..####.. .##..##. .##..##. ..####.. ........', // male
  0x0c: '..####.. .##..##. .##..##. ..####.. ...##... .######. ...##... ........', // female
  0x0d: '...####. ...#..#. ...####. ...#.... ...#.... .###.... ####.... .##.....', // note
  0x0e: '.######. .#....#. .######. .#....#. .#...##. ##..###. ##..##.. ........', // double note
  0x0f: '#..##..# .#.##.#. ..####.. ###..### ###..### ..####.. .#.##.#. #..##..#', // sun
  0x10: '#....... ###..... #####... #######. #####... ###..... #....... ........', // right triangle
  0x11: '......#. ....###. ..#####. #######. ..#####. ....###. ......#. ........', // left triangle
  0x12: '...##... ..####.. .######. ...##... .######. ..####.. ...##... ........', // up-down arrow
  0x13: '.##..##. .##..##. .##..##. .##..##. .##..##. ........ .##..##. ........', // double !
  0x14: '.#####.. ##.##.#. ##.##.#. .####.#. ...##.#. ...##.#. ...##.#. ........', // pilcrow
  0x15: '..####.. .##..... ..###... .##.##.. ..###... ....##.. .####... ........', // section
  0x16: '........ ........ ........ ........ .######. .######. .######. ........', // thick bar
  0x17: '...##... ..####.. .######. ...##... .######. ..####.. ...##... ########', // up-down arrow, base
  0x18: '...##... ..####.. .######. ...##... ...##... ...##... ...##... ........', // up arrow
  0x19: '...##... ...##... ...##... ...##... .######. ..####.. ...##... ........', // down arrow
  0x1a: '........ ....##.. .....##. #######. .....##. ....##.. ........ ........', // right arrow
  0x1b: '........ ..##.... .##..... #######. .##..... ..##.... ........ ........', // left arrow
  0x1c: '........ ........ ##...... ##...... ##...... #######. ........ ........', // right angle
  0x1d: '........ ..#..#.. .##..##. ######## .##..##. ..#..#.. ........ ........', // left-right arrow
  0x1e: '........ ...##... ..####.. .######. ######## ######## ........ ........', // up triangle
  0x1f: '........ ######## ######## .######. ..####.. ...##... ........ ........', // down triangle
  0x5e: '...#.... ..#.#... .#...#.. ........ ........ ........ ........ ........', // caret
  0x60: '..#..... ...#.... ........ ........ ........ ........ ........ ........', // grave
  0x7f: '........ ...#.... ..#.#... .#...#.. #.....#. #.....#. #######. ........', // house
  0x9b: '...#.... ..####.. .#.#.... .#.#.... .#.#.... ..####.. ...#.... ........', // cent
  0x9c: '..##.... .#..#... .#...... ####.... .#...... .#...#.. ######.. ........', // pound
  0x9d: '#...#... .#.#.... ..#..... #####... ..#..... #####... ..#..... ........', // yen
  0x9e: '###..... #..#.... ###..#.. #...###. #...#... #...#.#. #....#.. ........', // peseta
  0x9f: '....##.. ...#.... ..###... ...#.... ...#.... ...#.... ##...... ........', // florin
  0xa6: '.####... #..#.... .###.#.. ........ #####... ........ ........ ........', // feminine ordinal
  0xa7: '.###.... #...#... .###.... ........ #####... ........ ........ ........', // masculine ordinal
  0xa8: '..#..... ........ ..#..... .#...... #....... #...#... .###.... ........', // inverted ?
  0xa9: '........ ........ ........ ######.. #....... #....... ........ ........', // reversed not
  0xaa: '........ ........ ........ ######.. .....#.. .....#.. ........ ........', // not
  0xab: '#....#.. #...#... #..#.... #.#.##.. ..#..#.. .#..#... #..####. ........', // one half
  0xac: '#....#.. #...#... #..#.... #.#.#... ..#.##.. .#.####. #....#.. ........', // one quarter
  0xad: '..#..... ........ ..#..... ..#..... ..#..... ..#..... ..#..... ........', // inverted !
  0xae: '........ ..#..#.. .#..#... #..#.... .#..#... ..#..#.. ........ ........', // <<
  0xaf: '........ #..#.... .#..#... ..#..#.. .#..#... #..#.... ........ ........', // >>
  0xe0: '........ ........ .##.#... #..#.... #..#.... #..#.... .##.#... ........', // alpha
  0xe1: '.###.... #...#... ####.... #...#... #...#... ####.... #....... #.......', // beta
  0xe2: '######.. #....... #....... #....... #....... #....... ........ ........', // Gamma
  0xe3: '........ #######. .#...#.. .#...#.. .#...#.. .#...#.. ........ ........', // pi
  0xe4: '######.. #....... .#...... ..#..... .#...... #....... ######.. ........', // Sigma
  0xe5: '........ ........ .#####.. #...#... #...#... #...#... .###.... ........', // sigma
  0xe6: '........ ........ #...#... #...#... #...#... ####.#.. #....... #.......', // mu
  0xe7: '........ ........ #####... ..#..... ..#..... ..#..... ...##... ........', // tau
  0xe8: '..#..... .###.... #.#.#... #.#.#... .###.... ..#..... ........ ........', // Phi
  0xe9: '.###.... #...#... #...#... #####... #...#... .###.... ........ ........', // Theta
  0xea: '.###.... #...#... #...#... #...#... .#.#.... ##.##... ........ ........', // Omega
  0xeb: '..##.... .#...... ..#..... .####... #...#... .###.... ........ ........', // delta
  0xec: '........ ........ .##.##.. #..#..#. #..#..#. .##.##.. ........ ........', // infinity
  0xed: '.....#.. .###.... #.#.#... #.#.#... .###.... .#...... ........ ........', // phi
  0xee: '..###... .#...... #....... ####.... #....... .#...... ..###... ........', // epsilon
  0xef: '.###.... #...#... #...#... #...#... #...#... #...#... ........ ........', // intersection
  0xf0: '........ #####... ........ #####... ........ #####... ........ ........', // identical
  0xf1: '..#..... ..#..... #####... ..#..... ..#..... ........ #####... ........', // plus-minus
  0xf2: '.#...... ..#..... ...#.... ..#..... .#...... ........ #####... ........', // >=
  0xf3: '...#.... ..#..... .#...... ..#..... ...#.... ........ #####... ........', // <=
  0xf4: '....##.. ...#..#. ...#.... ...#.... ...#.... ...#.... ...#.... ...#....', // integral top
  0xf5: '...#.... ...#.... ...#.... ...#.... ...#.... #..#.... .##..... ........', // integral bottom
  0xf6: '........ ..#..... ........ #####... ........ ..#..... ........ ........', // divide
  0xf7: '........ .##..#.. #..##... ........ .##..#.. #..##... ........ ........', // approximately
  0xf8: '.##..... #..#.... #..#.... .##..... ........ ........ ........ ........', // degree
  0xf9: '........ ........ ........ ...##... ...##... ........ ........ ........', // bullet operator
  0xfa: '........ ........ ........ ...#.... ........ ........ ........ ........', // middle dot
  0xfb: '....###. ....#... ....#... ....#... #...#... .#..#... ..#.#... ...#....', // square root
  0xfc: '###..... #..#.... #..#.... #..#.... ........ ........ ........ ........', // superscript n
  0xfd: '.##..... ...#.... ..#..... .####... ........ ........ ........ ........', // superscript 2
  0xfe: '........ ........ ..####.. ..####.. ..####.. ..####.. ........ ........', // square
};

/**
 * Accented letters 80h-A5h: base character and accent. Accents: ':' diaeresis, '/' acute,
 * '\\' grave, '^' circumflex, 'o' ring, '~' tilde, ',' cedilla (below).
 */
const ACCENTED: Readonly<Record<number, readonly [string, string]>> = {
  0x80: ['C', ','], 0x81: ['u', ':'], 0x82: ['e', '/'], 0x83: ['a', '^'], 0x84: ['a', ':'], 0x85: ['a', '\\'],
  0x86: ['a', 'o'], 0x87: ['c', ','], 0x88: ['e', '^'], 0x89: ['e', ':'], 0x8a: ['e', '\\'], 0x8b: ['i', ':'],
  0x8c: ['i', '^'], 0x8d: ['i', '\\'], 0x8e: ['A', ':'], 0x8f: ['A', 'o'], 0x90: ['E', '/'], 0x93: ['o', '^'],
  0x94: ['o', ':'], 0x95: ['o', '\\'], 0x96: ['u', '^'], 0x97: ['u', '\\'], 0x98: ['y', ':'], 0x99: ['O', ':'],
  0x9a: ['U', ':'], 0xa0: ['a', '/'], 0xa1: ['i', '/'], 0xa2: ['o', '/'], 0xa3: ['u', '/'], 0xa4: ['n', '~'],
  0xa5: ['N', '~'],
};
const ACCENT_ROWS: Readonly<Record<string, number>> = {
  ':': 0b01010000, '/': 0b00010000, '\\': 0b01000000, '^': 0b00100000, 'o': 0b00100000, '~': 0b01010000,
};

/**
 * Box drawing B3h-DAh as four arms (up, right, down, left): 0 none, 1 single, 2 double.
 * (The PC's set: every combination of single and double lines code page 437 has.)
 */
const BOX: Readonly<Record<number, string>> = {
  0xb3: '1010', 0xb4: '1011', 0xb5: '1012', 0xb6: '2021', 0xb7: '0021', 0xb8: '0012', 0xb9: '2022',
  0xba: '2020', 0xbb: '0022', 0xbc: '2002', 0xbd: '2001', 0xbe: '1002', 0xbf: '0011', 0xc0: '1100',
  0xc1: '1101', 0xc2: '0111', 0xc3: '1110', 0xc4: '0101', 0xc5: '1111', 0xc6: '1210', 0xc7: '2120',
  0xc8: '2200', 0xc9: '0220', 0xca: '2202', 0xcb: '0222', 0xcc: '2220', 0xcd: '0202', 0xce: '2222',
  0xcf: '1202', 0xd0: '2101', 0xd1: '0212', 0xd2: '0121', 0xd3: '2100', 0xd4: '1200', 0xd5: '0210',
  0xd6: '0120', 0xd7: '2121', 0xd8: '1212', 0xd9: '1001', 0xda: '0110',
};

function parseRows(g: string): number[] {
  const rows = g.split(' ');
  if (rows.length !== 8 || rows.some((r) => r.length !== 8)) throw new Error(`malformed glyph ${g}`);
  return rows.map((r) => { let v = 0; for (let x = 0; x < 8; x++) if (r[x] === '#') v |= 0x80 >> x; return v; });
}

/** A box-drawing cell: single lines on column 3 / row 3, double lines on columns 2,4 / rows 2,4. */
function boxGlyph(arms: string): number[] {
  const [up, right, down, left] = [...arms].map(Number) as [number, number, number, number];
  const g = new Array<number>(8).fill(0);
  const vCols = (w: number) => (w === 1 ? 0x10 : w === 2 ? 0x28 : 0);
  const hRows = (w: number) => (w === 1 ? [3] : w === 2 ? [2, 4] : []);
  const anyDoubleV = up === 2 || down === 2, anyDoubleH = left === 2 || right === 2;
  // Vertical arms: rows 0..centre (up) and centre..7 (down).
  for (let y = 0; y < 8; y++) {
    if (up !== 0 && y <= (anyDoubleH ? 4 : 3)) g[y]! |= vCols(up);
    if (down !== 0 && y >= (anyDoubleH ? 2 : 3)) g[y]! |= vCols(down);
  }
  // Horizontal arms: columns 0..centre (left) and centre..7 (right).
  const leftMask = anyDoubleV ? 0xfc : 0xf8, rightMask = anyDoubleV ? 0x3f : 0x1f;
  for (const y of hRows(left)) g[y]! |= leftMask;
  for (const y of hRows(right)) g[y]! |= rightMask;
  return g;
}

let cached: Uint8Array | null = null;

/** The 2,048-byte character set (a copy). */
export function pcFont8(): Uint8Array {
  if (cached === null) cached = build();
  return cached.slice();
}

function build(): Uint8Array {
  const out = new Uint8Array(256 * 8);
  // Unknown: a small hollow box.
  for (let c = 0; c < 256; c++) out.set([0, 0x7c, 0x44, 0x44, 0x44, 0x7c, 0, 0], c * 8);
  out.fill(0, 0, 8); // 00h: blank
  out.fill(0, 0xff * 8, 0x100 * 8); // FFh: non-breaking space
  out.fill(0, 0x20 * 8, 0x21 * 8);
  const spec = spectrumFont();
  for (let c = 0x20; c < 0x7f; c++) out.set(spec.subarray((c - 0x20) * 8, (c - 0x20) * 8 + 8), c * 8);
  for (const [code, g] of Object.entries(DRAWN)) out.set(parseRows(g), Number(code) * 8);
  for (const [code, [base, accent]] of Object.entries(ACCENTED)) {
    const b = base.charCodeAt(0);
    const rows = Array.from(out.subarray(b * 8, b * 8 + 8));
    if (accent === ',') { rows[7] = 0x10; }
    else {
      const lower = base >= 'a' && base <= 'z';
      // Lower-case letters (x-height from row 3) take the accent on row 1; capitals on row 0.
      const at = lower ? 1 : 0;
      if (lower && (base === 'i')) { rows[1] = 0; } // the dot of the i gives way to the accent
      rows[at] = ACCENT_ROWS[accent]!;
      if (accent === 'o' && !lower) rows[0] = 0x20;
    }
    out.set(rows, Number(code) * 8);
  }
  // Shades B0h-B2h: 25%, 50%, 75% ink.
  for (let y = 0; y < 8; y++) {
    out[0xb0 * 8 + y] = (y & 1) === 0 ? 0x88 : 0x22;
    out[0xb1 * 8 + y] = (y & 1) === 0 ? 0xaa : 0x55;
    out[0xb2 * 8 + y] = (y & 1) === 0 ? 0x77 : 0xdd;
  }
  for (const [code, arms] of Object.entries(BOX)) out.set(boxGlyph(arms), Number(code) * 8);
  // Blocks DBh-DFh: full, lower half, left half, right half, upper half.
  for (let y = 0; y < 8; y++) {
    out[0xdb * 8 + y] = 0xff;
    out[0xdc * 8 + y] = y >= 4 ? 0xff : 0;
    out[0xdd * 8 + y] = 0xf0;
    out[0xde * 8 + y] = 0x0f;
    out[0xdf * 8 + y] = y < 4 ? 0xff : 0;
  }
  return out;
}

/**
 * An 8 KB character ROM in the layout of IBM's (part 5788005), so the CGA and MDA read ours and
 * the user's the same way: the MDA's 8x14 cells at 0000h (rows 0-7, 8 bytes a code) and 0800h
 * (rows 8-13), the CGA's 8x8 sets at 1000h and 1800h. Our 8x14 cells are the 8x8 design with rows
 * 1-6 doubled (TODO: a hand-drawn 8x14 set).
 */
export function amalgamCharRom(): Uint8Array {
  const f8 = pcFont8();
  const rom = new Uint8Array(8192);
  const rowOf14 = [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7];
  for (let c = 0; c < 256; c++) {
    for (let r = 0; r < 14; r++) {
      const v = f8[c * 8 + rowOf14[r]!]!;
      if (r < 8) rom[c * 8 + r] = v; else rom[0x800 + c * 8 + r - 8] = v;
    }
  }
  rom.set(f8, 0x1000);
  rom.set(f8, 0x1800);
  return rom;
}

/**
 * 8x16 cells for the VGA's text modes: the 8x8 design with each row doubled (TODO: a hand-drawn
 * 8x16 set). 256 x 16 bytes.
 */
export function pcFont16(): Uint8Array {
  const f8 = pcFont8();
  const out = new Uint8Array(256 * 16);
  for (let c = 0; c < 256; c++) for (let r = 0; r < 16; r++) out[c * 16 + r] = f8[c * 8 + (r >> 1)]!;
  return out;
}
