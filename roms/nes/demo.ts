/** Placeholder until the demo is built: see README.md in this folder. */
export function demoCartridge(): Uint8Array {
  const b = new Uint8Array(16 + 0x4000 + 0x2000);
  b.set([0x4e, 0x45, 0x53, 0x1a, 1, 1]);
  b.set([0x4c, 0x00, 0xc0], 16);
  b[16 + 0x3ffc] = 0x00; b[16 + 0x3ffd] = 0xc0;
  return b;
}
