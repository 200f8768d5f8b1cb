/**
 * Save-state thumbnails: the last frame, shrunk to at most 160 pixels wide (pixel aspect kept),
 * as a PNG Blob for IndexedDB.
 */
export async function makeThumbnail(frame: { width: number; height: number; pixels: Uint8Array } | null, pixelAspect: number): Promise<Blob | null> {
  if (frame === null || typeof document === 'undefined') return null;
  try {
    const src = document.createElement('canvas');
    src.width = frame.width;
    src.height = frame.height;
    const sctx = src.getContext('2d');
    if (sctx === null) return null;
    const img = new ImageData(new Uint8ClampedArray(frame.pixels.slice(0, frame.width * frame.height * 4).buffer), frame.width, frame.height);
    sctx.putImageData(img, 0, 0);
    const w = Math.min(160, Math.round(frame.width * pixelAspect));
    const h = Math.max(1, Math.round((w / (frame.width * pixelAspect)) * frame.height));
    const dst = document.createElement('canvas');
    dst.width = w;
    dst.height = h;
    const dctx = dst.getContext('2d');
    if (dctx === null) return null;
    dctx.imageSmoothingEnabled = true;
    dctx.drawImage(src, 0, 0, w, h);
    return await new Promise<Blob | null>((resolve) => dst.toBlob((b) => resolve(b), 'image/png'));
  } catch {
    return null;
  }
}
