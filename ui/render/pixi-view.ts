/**
 * Draws the machine's frames with PixiJS 8: each frame's RGBA bytes go into a BufferImageSource
 * (format 'rgba8unorm', which matches the Host's 0xAABBGGRR pixels; without it Pixi assumes BGRA),
 * shown as a sprite placed by scaling.ts. Nearest-neighbour by default (no blur), smooth on
 * request, and an optional scanline overlay: a dark line over the lower part of every emulated
 * line, drawn only when a line is at least 2 device pixels tall.
 *
 * The renderer is sized to the view's CSS size × devicePixelRatio, so integer scaling is exact
 * on high-DPI screens.
 *
 * WebGL or Canvas 2D: where WebGL is software-rendered (SwiftShader, llvmpipe: no GPU, or the GPU
 * is blocklisted), the browser composites the page in software and must read every WebGL frame
 * back from the GL context (Chromium logs "GPU stall due to ReadPixels"), which cost 97 % of the
 * main thread at 50 fps on a 2-core machine; Canvas 2D draws the same frame for a fraction. So
 * 'auto' asks for a WebGL context with `failIfMajorPerformanceCaveat` (the browser refuses it
 * when it would be software) and checks the renderer name, and uses Canvas 2D when either says
 * software; and if WebGL still turns out slow (median draw over 60 frames above 8 ms) it switches
 * to Canvas 2D by itself. `preserveDrawingBuffer` stays off: it forces an extra copy per frame;
 * thumbnails come from the frame bytes, and tests read pixels through `snapshot()`.
 */
import { Application, BufferImageSource, Graphics, Sprite, Texture } from 'pixi.js';
import type { ScaleMode } from '../storage/settings.ts';
import { placeFrame } from './scaling.ts';

export interface ViewOptions {
  scale: ScaleMode;
  smooth: boolean;
  scanlines: boolean;
}

export type RendererChoice = 'auto' | 'webgl' | 'canvas';

/** True when WebGL here would be drawn in software (no GPU, or one the browser will not use). */
export function webglIsSoftware(): boolean {
  try {
    const c = document.createElement('canvas');
    const gl = (c.getContext('webgl2', { failIfMajorPerformanceCaveat: true }) ?? c.getContext('webgl', { failIfMajorPerformanceCaveat: true })) as WebGLRenderingContext | null;
    if (gl === null) return true;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(ext !== null ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
  } catch {
    return true;
  }
}

/** Median WebGL draw time above which the view moves to Canvas 2D. */
const SLOW_DRAW_MS = 8;
const SLOW_SAMPLE_FRAMES = 60;

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

  private drawMs: number[] = [];
  private choice: RendererChoice = 'auto';
  /** Why the renderer is what it is, for the page's Display panel. */
  reason = '';

  async init(choice: RendererChoice = 'auto'): Promise<string> {
    this.choice = choice;
    const software = choice === 'auto' && webglIsSoftware();
    const kind = choice === 'canvas' || software ? 'canvas' : 'webgl';
    this.reason = choice !== 'auto' ? `chosen: ${choice}` : software ? 'WebGL here is software-rendered, so Canvas 2D is faster' : 'WebGL (hardware)';
    await this.create(kind);
    new ResizeObserver(() => { this.layoutDirty = true; this.dirty = true; }).observe(this.host);
    return this.app!.renderer.name;
  }

  private async create(kind: 'webgl' | 'canvas'): Promise<void> {
    const app = new Application();
    await app.init({
      preference: [kind],
      antialias: false,
      backgroundAlpha: 1,
      background: 0x000000,
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
    this.drawMs = [];
  }

  /** Replace a slow WebGL renderer with Canvas 2D, keeping the frame. */
  private async fallBackToCanvas(): Promise<void> {
    const old = this.app;
    if (old === null) return;
    this.app = null;
    old.stage.removeChild(this.lines);
    old.canvas.remove();
    old.destroy(false, { children: true, texture: true });
    this.sprite = null;
    this.texture = null;
    this.source = null;
    this.reason = 'WebGL was slow here, so Canvas 2D took over';
    await this.create('canvas');
    document.body.dataset.renderer = 'canvas';
    if (this.frameW > 0) {
      const px = this.pixels;
      this.recreate(this.frameW, this.frameH);
      this.pixels.set(px);
    }
    this.dirty = true;
  }

  get rendererName(): string {
    return this.app?.renderer.name ?? 'none';
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
    const t0 = performance.now();
    app.render();
    this.drawn++;
    if (this.choice === 'auto' && app.renderer.name === 'webgl' && this.drawMs.length < SLOW_SAMPLE_FRAMES) {
      this.drawMs.push(performance.now() - t0);
      if (this.drawMs.length === SLOW_SAMPLE_FRAMES) {
        const sorted = [...this.drawMs].sort((a, b) => a - b);
        if (sorted[sorted.length >> 1]! > SLOW_DRAW_MS) void this.fallBackToCanvas();
      }
    }
  }

  /**
   * Draw now and read the canvas back (RGBA), in the same task, so it works without
   * preserveDrawingBuffer. For tests and screenshots; never called per frame.
   */
  snapshot(): { width: number; height: number; data: Uint8ClampedArray } | null {
    const app = this.app;
    if (app === null) return null;
    this.dirty = true;
    this.render();
    const c = app.canvas;
    const t = document.createElement('canvas');
    t.width = c.width;
    t.height = c.height;
    const g = t.getContext('2d');
    if (g === null) return null;
    g.drawImage(c, 0, 0);
    return { width: t.width, height: t.height, data: g.getImageData(0, 0, t.width, t.height).data };
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
