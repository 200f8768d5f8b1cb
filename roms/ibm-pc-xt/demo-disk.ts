/**
 * The demo floppy: a 360K (40 x 2 x 9) image holding the demo's boot sector in sector 1 and its
 * code in the sectors after it, the rest blank (F6h, as FORMAT leaves sectors). Not a DOS disk:
 * the boot sector loads the demo itself. build.ts writes it as demo.img; the machine builds the
 * same bytes from images.ts when nothing else is loaded.
 */
export const DEMO_DISK_BYTES = 368_640;

export function demoDisk(code: Uint8Array): Uint8Array {
  const img = new Uint8Array(DEMO_DISK_BYTES).fill(0xf6);
  img.set(code, 0);
  return img;
}
