/**
 * The emulation side of the browser frontend, without any worker globals so it runs in Node tests:
 * owns a Session and a Pacer (cores/kernel), answers the page's commands, feeds the page's input
 * snapshots into the machine's InputState, copies each finished frame into a transferable buffer
 * and writes sound into the shared ring.
 *
 * Machines come from a source: the registry itself (tests), or the catalog's lazy loaders (the
 * worker), so each machine's code is fetched only when it is started.
 *
 * Pacing: `tick()` is called from a timer (emulator-worker.ts) and runs whatever emulated time the
 * elapsed real time owes (Pacer), so speed does not depend on the monitor's refresh rate. Sound
 * follows the speed because the Pacer retunes the machine's output rate; the ring is kept short
 * (at most `maxQueuedSeconds` queued, steered to half of that) so sound never lags far behind the picture.
 */
import { InputState, type Host, type VideoFrame } from '../../cores/kernel/host.ts';
import type { MachineDef } from '../../cores/kernel/machine.ts';
import { Pacer } from '../../cores/kernel/pacer.ts';
import { Session } from '../../cores/kernel/session.ts';
import { UsageError } from '../../cores/kernel/errors.ts';
import { type AudioSink, PortSink, ringSink } from './audio-sink.ts';
import { toErrorInfo } from './errors.ts';
import type { Command, ExportResult, FromWorker, MediaResult, SaveResult, StartRequest, StartResult, ToWorker } from './protocol.ts';

export type Post = (msg: FromWorker, transfer?: Transferable[]) => void;

/** Frames in flight to the page before we stop sending (the page is not keeping up). */
const MAX_FRAMES_IN_FLIGHT = 3;

/** Where definitions come from: a list (all loaded) or a loader per id (one chunk per machine). */
export type MachineSource = readonly MachineDef[] | ((id: string) => Promise<MachineDef | undefined>);

function clampAxis(v: number): number {
  return Number.isFinite(v) ? Math.max(-1, Math.min(1, v)) : 0;
}

/** FNV-1a over the bytes: a cheap fingerprint, enough to notice a change. */
function fnv1a(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 16777619);
  return h >>> 0;
}
const STATS_EVERY_MS = 250;

export class EmulatorCore {
  private session: Session | null = null;
  private pacer: Pacer | null = null;
  private readonly input = new InputState();
  private ring: AudioSink | null = null;
  /** Keys the page holds, kept apart from keys a key script holds (typing), so neither clears the other. */
  private readonly pageKeys = new Set<string>();
  /** Fingerprint of the written media when last checked, to tell the page when they change. */
  private writtenPrint = '';
  private lastWrittenCheckMs = -Infinity;
  private audioRate = 48000;
  private pool: ArrayBuffer[] = [];
  private inFlight = 0;
  /** The newest frame not yet sent, copied out of the machine's reused buffer. */
  private pending: { buf: ArrayBuffer; width: number; height: number; pixelAspect: number } | null = null;
  private lastStatsMs = -Infinity;
  private maxQueuedFrames = 0;

  constructor(
    private readonly machines: MachineSource,
    private readonly post: Post,
    private readonly nowMs: () => number,
    /** At most this much sound is queued; the clock-follower aims at half of it. */
    private readonly maxQueuedSeconds = 0.16,
  ) {}

  handle(msg: ToWorker): void {
    switch (msg.t) {
      case 'cmd':
        this.command(msg.id, msg.cmd);
        break;
      case 'input':
        this.setInput(msg);
        break;
      case 'control':
        this.control(msg);
        break;
      case 'recycle':
        this.inFlight = Math.max(0, this.inFlight - 1);
        if (this.pool.length < 4) this.pool.push(msg.buffer);
        break;
    }
  }

  private command(id: number, cmd: Command): void {
    const reply = (value: unknown) => {
      const transfer = value !== null && typeof value === 'object' && 'bytes' in value && value.bytes instanceof Uint8Array && (cmd.t === 'save' || cmd.t === 'export')
        ? [value.bytes.buffer as ArrayBuffer] : [];
      this.post({ t: 'reply', id, ok: true, value }, transfer);
      // Commands that change the picture while paused (step, load, reset) show it at once.
      this.flushFrame();
      this.sendStats(true);
    };
    const fail = (e: unknown) => {
      this.post({ t: 'reply', id, ok: false, error: toErrorInfo(e) });
      this.flushFrame();
      this.sendStats(true);
    };
    try {
      const value = this.run(cmd);
      if (value instanceof Promise) value.then(reply, fail);
      else reply(value);
    } catch (e) {
      fail(e);
    }
  }

  /** The definition of `id`: at once from a list, or loaded (its own chunk) from a loader. */
  private definition(id: string): MachineDef | undefined | Promise<MachineDef | undefined> {
    const m = this.machines;
    return typeof m === 'function' ? m(id) : m.find((d) => d.id === id);
  }

  private run(cmd: Command): unknown {
    if (cmd.t === 'start') {
      const def = this.definition(cmd.req.machineId);
      if (def instanceof Promise) {
        // Stop the old machine at once; the new one runs when its code has arrived.
        this.session = null;
        this.pacer = null;
        return def.then((d) => this.start(cmd.req, d));
      }
      return this.start(cmd.req, def);
    }
    const s = this.session;
    const p = this.pacer;
    if (s === null || p === null) throw new UsageError('No machine is running.');
    switch (cmd.t) {
      case 'media': {
        const m = s.insertMedia(cmd.file.name, cmd.file.bytes, cmd.drive);
        const r: MediaResult = {
          name: m.ref.name, format: m.ref.format, formatName: m.format.name, kind: m.format.kind, sha1: m.ref.sha1,
          ...(m.ref.drive !== undefined ? { drive: m.ref.drive } : {}),
        };
        return r;
      }
      case 'eject':
        s.eject(cmd.drive);
        return null;
      case 'protect':
        s.setWriteProtect(cmd.drive, cmd.on);
        return null;
      case 'inserted':
        return (s.machine.insertedMedia?.() ?? []).map((m) => ({ ...m }));
      case 'step':
        p.stepFrame();
        return null;
      case 'reset':
        s.machine.reset();
        return null;
      case 'save': {
        const r: SaveResult = { bytes: s.saveStateBytes(), seconds: s.seconds };
        return r;
      }
      case 'load': {
        // The Pacer measures the time it runs itself, so the jump in emulated time does not
        // disturb its read-out.
        return s.loadState(cmd.bytes);
      }
      case 'type':
        s.typeText(cmd.text);
        return null;
      case 'written':
        // Copies: the machine keeps writing to its own buffers. `drive` once machines have drives (KERNEL §3).
        return (s.machine.writtenMedia?.() ?? []).map((m) => {
          const drive = (m as { drive?: string }).drive;
          return { ...(drive !== undefined ? { drive } : {}), name: m.name, bytes: m.bytes.slice() };
        });
      case 'option': {
        s.setOption(cmd.id, cmd.value === true);
        return null;
      }
      case 'export': {
        const m = s.exportMedia(cmd.format);
        // A copy, transferred: the machine may keep the buffer it returned.
        const r: ExportResult = { name: m.name, bytes: m.bytes.slice() };
        return r;
      }
    }
  }

  private start(req: StartRequest, def: MachineDef | undefined): StartResult {
    if (def === undefined) {
      const ids = typeof this.machines === 'function' ? '' : ` (machines: ${this.machines.map((m) => m.id).join(', ') || 'none'})`;
      throw new UsageError(`There is no machine "${req.machineId}"${ids}.`);
    }
    this.session = null;
    this.pacer = null;
    this.pending = null;
    this.input.clear();
    this.pageKeys.clear();
    this.writtenPrint = '';
    this.ring = req.audioBuffer !== null ? ringSink(req.audioBuffer)
      : req.audioPort ? new PortSink(req.audioPort, Math.ceil(req.audioRate * 0.5)) : null;
    this.audioRate = req.audioRate;
    this.maxQueuedFrames = Math.round(req.audioRate * this.maxQueuedSeconds);
    const core = this;
    const host: Host = {
      input: this.input,
      video(frame) { core.onVideo(frame); },
      audio(samples, frames) { core.onAudio(samples, frames); },
    };
    // Settings kept from an older version may name options or choices the machine no longer has:
    // keep only what the definition lists, so a stale setting cannot stop the machine starting.
    const options: Record<string, boolean> = {};
    for (const o of def.options ?? []) { const v = req.options?.[o.id]; if (typeof v === 'boolean') options[o.id] = v; }
    const config: Record<string, string> = {};
    for (const c of def.config ?? []) { const v = req.config?.[c.id]; if (v !== undefined && c.choices.some((x) => x.value === v)) config[c.id] = v; }
    const media = [...(req.media !== null ? [req.media] : []), ...(req.drives ?? [])]
      .map((m) => ({ name: m.name, bytes: m.bytes, ...(m.drive !== undefined ? { drive: m.drive } : {}) }));
    const r = Session.start(def, {
      host, roms: new Map(Object.entries(req.roms)), audioRate: req.audioRate, config, options, media, useDefault: req.useDefault,
    });
    const session = r.session;
    const pacer = new Pacer(session, this.nowMs, req.audioRate);
    pacer.speed = req.speed;
    const first = r.inserted[0];
    const failed = r.failed[0];
    this.session = session;
    this.pacer = pacer;
    return {
      title: def.title, roms: [...session.roms], warnings: [...session.warnings],
      media: first === undefined ? null : { name: first.name, format: first.format, sha1: first.sha1, isDefault: first.isDefault },
      mediaError: failed === undefined ? null : toErrorInfo(failed.error),
      inserted: r.inserted.map((m) => ({ ...m })),
      config: { ...session.config },
      ...(first !== undefined && !first.isDefault ? { mediaKind: def.media.find((f) => f.id === first.format)?.kind ?? '' } : {}),
    };
  }

  private setInput(msg: Extract<ToWorker, { t: 'input' }>): void {
    const inp = this.input;
    // Key events in the order the page saw them (KERNEL §4): keyDown/keyUp also keep `keys`.
    for (const e of msg.events ?? []) {
      if (e.down) { inp.keyDown(e.code); this.pageKeys.add(e.code); } else { inp.keyUp(e.code); this.pageKeys.delete(e.code); }
    }
    // Then the held set, for anything the events did not say (focus lost, a message dropped). Only
    // the page's own keys are touched: a key a key script holds (typing) stays held.
    for (const k of [...this.pageKeys]) if (!msg.keys.includes(k)) { inp.keys.delete(k); this.pageKeys.delete(k); }
    for (const k of msg.keys) { this.pageKeys.add(k); inp.keys.add(k); }
    for (let i = 0; i < inp.pads.length; i++) {
      const pad = inp.pads[i]!;
      pad.buttons = (msg.pads[i] ?? 0) | 0;
      const a = msg.axes?.[i];
      if (a !== undefined) { pad.axes[0] = clampAxis(a[0]); pad.axes[1] = clampAxis(a[1]); }
    }
    const m = msg.mouse;
    if (m !== undefined) {
      inp.mouseButtons = m.buttons & 7;
      if (m.dx !== 0 || m.dy !== 0) inp.moveMouse(m.dx, m.dy);
    }
  }

  /**
   * Tell the page when what the machine wrote changed (a SAVE to tape, a disk write), so it can
   * persist it within a moment instead of at the next periodic save. Checked a few times a second
   * by a fingerprint of the written images.
   */
  private checkWritten(now: number): void {
    const s = this.session;
    if (s === null || s.machine.writtenMedia === undefined || now - this.lastWrittenCheckMs < STATS_EVERY_MS) return;
    this.lastWrittenCheckMs = now;
    let print = '';
    for (const m of s.machine.writtenMedia()) print += `${m.name}:${m.bytes.length}:${fnv1a(m.bytes)};`;
    if (print !== this.writtenPrint) {
      this.writtenPrint = print;
      this.post({ t: 'written-changed' });
    }
  }

  private control(msg: { paused?: boolean; speed?: number; fastForward?: boolean }): void {
    const p = this.pacer;
    if (p === null) return;
    if (msg.paused !== undefined) p.paused = msg.paused;
    if (msg.speed !== undefined) p.speed = msg.speed;
    if (msg.fastForward !== undefined && msg.fastForward !== p.fastForward) p.fastForward = msg.fastForward;
    this.sendStats(true);
  }

  /** Run owed time, then send the newest frame and, now and then, the stats line. */
  tick(): void {
    const p = this.pacer;
    if (p === null) return;
    try {
      p.tick();
    } catch (e) {
      // A machine that throws mid-run is a bug; stop it rather than spin on the same exception.
      p.paused = true;
      this.post({ t: 'reply', id: -1, ok: false, error: toErrorInfo(e) });
    }
    this.followAudioClock();
    this.flushFrame();
    this.sendStats(false);
    this.checkWritten(this.nowMs());
  }

  /**
   * Keep sound locked to the audio device's clock, which drifts a little against performance.now():
   * steer the ring towards half of its allowed fill by asking the machine for up to 0.5 % more or
   * fewer samples per emulated second (a pitch change far below hearing), instead of dropping
   * samples or running dry now and then.
   */
  private followAudioClock(): void {
    const ring = this.ring;
    const p = this.pacer;
    const s = this.session;
    if (ring === null || p === null || s === null || p.muted || p.paused || this.maxQueuedFrames === 0) return;
    const target = this.maxQueuedFrames / 2;
    const err = Math.max(-1, Math.min(1, (target - ring.available()) / target));
    // Quantised to 0.1 % so the machine is retuned only when the correction really changes.
    const corr = 1 + Math.round(err * 5) / 1000;
    s.setAudioRate(Math.round((this.audioRate * corr) / p.speed));
  }

  private onVideo(frame: VideoFrame): void {
    const bytes = frame.width * frame.height * 4;
    let pend = this.pending;
    if (pend === null || pend.buf.byteLength !== bytes) {
      let buf = this.pool.pop();
      while (buf !== undefined && buf.byteLength !== bytes) buf = this.pool.pop();
      pend = { buf: buf ?? new ArrayBuffer(bytes), width: frame.width, height: frame.height, pixelAspect: frame.pixelAspect };
      this.pending = pend;
    }
    pend.width = frame.width;
    pend.height = frame.height;
    pend.pixelAspect = frame.pixelAspect;
    new Uint32Array(pend.buf).set(frame.pixels.subarray(0, frame.width * frame.height));
  }

  private onAudio(samples: Float32Array, frames: number): void {
    const ring = this.ring;
    const p = this.pacer;
    if (ring === null || p === null || p.muted || p.paused) return;
    // Keep latency bounded: when the emulation runs ahead of the audio clock, drop the excess.
    const room = this.maxQueuedFrames - ring.available();
    if (room > 0) ring.write(samples, Math.min(frames, room));
  }

  private flushFrame(): void {
    const pend = this.pending;
    const s = this.session;
    if (pend === null || s === null || this.inFlight >= MAX_FRAMES_IN_FLIGHT) return;
    this.pending = null;
    this.inFlight++;
    this.post(
      { t: 'frame', width: pend.width, height: pend.height, pixelAspect: pend.pixelAspect, buffer: pend.buf, frame: s.machine.frameCount },
      [pend.buf],
    );
  }

  private sendStats(force: boolean): void {
    const s = this.session;
    const p = this.pacer;
    if (s === null || p === null) return;
    const now = this.nowMs();
    if (!force && now - this.lastStatsMs < STATS_EVERY_MS) return;
    this.lastStatsMs = now;
    const m = p.measured;
    this.post({
      t: 'stats',
      speed: p.paused ? 0 : m.speed,
      fps: p.paused ? 0 : m.fps,
      paused: p.paused,
      fastForward: p.fastForward,
      frames: s.machine.frameCount,
      seconds: s.seconds,
      typing: s.typing,
    });
  }

  /** For tests: the audio rate the core was started with. */
  get rate(): number {
    return this.audioRate;
  }
}
