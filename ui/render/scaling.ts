/**
 * Where the machine's picture goes in the view: integer scaling (every emulated pixel the same
 * whole number of device pixels tall, so nothing shimmers) or fit-to-window, both honouring the
 * machine's pixel aspect (a pixel `pixelAspect` times as wide as tall), centred.
 */
import type { ScaleMode } from '../storage/settings.ts';

export interface Placement {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Vertical scale: device pixels per emulated line. */
  scaleY: number;
}

export function placeFrame(
  frameW: number, frameH: number, pixelAspect: number,
  viewW: number, viewH: number, mode: ScaleMode,
): Placement {
  const aspectW = frameW * pixelAspect;
  let s: number;
  if (mode === 'integer') {
    // The largest whole scale that fits; below 1x (a tiny window) fall back to fitting.
    s = Math.floor(Math.min(viewW / aspectW, viewH / frameH));
    if (s < 1) s = Math.min(viewW / aspectW, viewH / frameH);
  } else {
    s = Math.min(viewW / aspectW, viewH / frameH);
  }
  if (!(s > 0)) s = 1;
  const width = Math.round(aspectW * s);
  const height = Math.round(frameH * s);
  return { x: Math.floor((viewW - width) / 2), y: Math.floor((viewH - height) / 2), width, height, scaleY: s };
}
