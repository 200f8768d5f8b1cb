/**
 * Draws the machine's frames with PixiJS 8: each frame's RGBA bytes go into a BufferImageSource
 * (format 'rgba8unorm', which matches the Host's 0xAABBGGRR pixels; without it Pixi assumes BGRA),
 * shown as a sprite placed by scaling.ts. Nearest-neighbour by default (no blur), smooth on
 * request, and an optional scanline overlay: a dark line over the lower part of every emulated
 * line, drawn only when a line is at least 2 device pixels tall.
 *
 * The renderer is sized to the view's CSS size × devicePixelRatio, so integer scaling is exact
 * on high-DPI screens. `preserveDrawingBuffer` is on so screenshots and pixel reads of the canvas
 * see the last frame (tests, thumbnails).
 */
import { Application, BufferImageSource, Graphics, Sprite, Texture } from 'pixi.js';
import type { ScaleMode } from '../storage/settings.ts';
import { placeFrame } from './scaling.ts';

export interface ViewOptions {
  scale: ScaleMode;
  smooth: boolean;
  scanlines: boolean;
}

export class PixiView {
  private app: Application | null = null;
  private source: BufferImageSource | null = null;
  private sprite: Sprite | null = null;
  private texture: Texture | null = null;
  private readonly lines = new Graphics();
  private pixels: Uint8Array = new Uint8Array(0);
  private frameW = 0;
  private frameH = 0;
  private aspect = 1;
  private dirty = false;
  private layoutDirty = true;
  private opts: ViewOptions;
  /** Frames drawn, for the page's tests and read-outs. */
  drawn = 0;

  constructor(private readonly host: HTMLElement, opts: ViewOptions) {
    this.opts = { ...opts };
  }

  async init(): Promise<string> {
    const app = new Application();
    await app.init({
      preference: 'webgl',
      antialias: false,
      backgroundAlpha: 1,
      background: 0x000000,
      preserveDrawingBuffer: true,
      autoStart: false,
      width: Math.max(1, this.host.clientWidth),
      height: Math.max(1, this.host.clientHeight),
      resolution: window.devicePixelRatio || 1,
      autoDensity: true,
    });
    app.canvas.setAttribute('aria-label', 'Emulated screen');
    app.canvas.classList.add('screen-canvas');
    this.host.appendChild(app.canvas);
    app.stage.addChild(this.lines);
    this.app = app;
    new ResizeObserver(() => { this.layoutDirty = true; this.dirty = true; }).observe(this.host);
    return app.renderer.name;
  }

  setOptions(opts: ViewOptions): void {
    this.opts = { ...opts };
    if (this.source !== null) this.source.scaleMode = opts.smooth ? 'linear' : 'nearest';
    this.layoutDirty = true;
    this.dirty = true;
  }

  /** Take a frame's pixels (copied; the caller may reuse its buffer at once). */
  setFrame(width: number, height: number, pixelAspect: number, rgba: Uint8Array): void {
    if (width !== this.frameW || height !== this.frameH || this.source === null) this.recreate(width, height);
    this.aspect = pixelAspect;
    this.pixels.set(rgba.subarray(0, width * height * 4));
    this.dirty = true;
  }

  /** The last frame's pixels (RGBA), for thumbnails. */
  get lastFrame(): { width: number; height: number; pixels: Uint8Array } | null {
    return this.frameW === 0 ? null : { width: this.frameW, height: this.frameH, pixels: this.pixels };
  }

  private recreate(width: number, height: number): void {
    this.sprite?.destroy();
    this.texture?.destroy(true);
    this.frameW = width;
    this.frameH = height;
    this.pixels = new Uint8Array(width * height * 4);
    this.source = new BufferImageSource({
      resource: this.pixels, width, height, format: 'rgba8unorm',
      scaleMode: this.opts.smooth ? 'linear' : 'nearest',
    });
    this.texture = new Texture({ source: this.source });
    this.sprite = new Sprite(this.texture);
    this.app?.stage.addChildAt(this.sprite, 0);
    this.layoutDirty = true;
  }

  /** Draw if anything changed; call from requestAnimationFrame. */
  render(): void {
    const app = this.app;
    if (app === null || !this.dirty) return;
    this.dirty = false;
    if (this.source !== null) {
      // Pixi's Canvas2D fallback caches the upload by resource id and would keep a stale frame.
      if (app.renderer.name === 'canvas') this.source.unload();
      this.source.update();
    }
    if (this.layoutDirty) {
      // Follow the element, not only the window: the panel or the toolbar may change its size.
      const w = Math.max(1, this.host.clientWidth);
      const hgt = Math.max(1, this.host.clientHeight);
      if (app.renderer.width !== Math.round(w * app.renderer.resolution) || app.renderer.height !== Math.round(hgt * app.renderer.resolution))
        app.renderer.resize(w, hgt);
      this.layout();
    }
    app.render();
    this.drawn++;
  }

  private layout(): void {
    const app = this.app;
    const sprite = this.sprite;
    if (app === null || sprite === null) return;
    this.layoutDirty = false;
    const res = app.renderer.resolution;
    const viewW = app.renderer.width; // device pixels
    const viewH = app.renderer.height;
    const p = placeFrame(this.frameW, this.frameH, this.aspect, viewW, viewH, this.opts.scale);
    sprite.x = p.x / res;
    sprite.y = p.y / res;
    sprite.width = p.width / res;
    sprite.height = p.height / res;
    const g = this.lines;
    g.clear();
    if (this.opts.scanlines && p.scaleY >= 2) {
      const lineH = p.scaleY / res;
      const dark = Math.max(1 / res, lineH * 0.4);
      for (let i = 0; i < this.frameH; i++) g.rect(sprite.x, sprite.y + i * lineH + lineH - dark, sprite.width, dark);
      g.fill({ color: 0x000000, alpha: 0.35 });
    }
  }

  get canvas(): HTMLCanvasElement | null {
    return this.app?.canvas ?? null;
  }
}
