/**
 * The one object that owns a running machine (STYLE §8): builds it from its definition with ROMs,
 * inserts media, runs it by frames or emulated time, takes and restores save states, and replays
 * typed text and key scripts. The Web Worker, the CLI and the tests all drive machines through it,
 * so nothing about running a machine is written twice. It is deterministic: it never reads a
 * wall clock (real-time pacing is the Pacer's job, above it).
 */
import { describeConfigDifference, resolveConfig } from './config.ts';
import {
  AmalgamError,
  BadRomError,
  ConfigMismatchError,
  CorruptStateError,
  MediaMismatchError,
  MissingRomError,
  UsageError,
} from './errors.ts';
import type { Host, InputState, VideoFrame } from './host.ts';
import { KeyScript } from './key-script.ts';
import type { DriveDef, Machine, MachineConfig, MachineDef } from './machine.ts';
import { type LoadedMedia, type MediaRef, loadMedia } from './media.ts';
import {
  type SaveState,
  STATE_FORMAT,
  STATE_VERSION,
  assertMachine,
  checkEnvelope,
  decodeState,
  encodeState,
  migratePart,
} from './save-state.ts';
import { sha1Hex } from './sha1.ts';
import type { Ticks } from './time.ts';

export interface RomInfo {
  slot: string;
  sha1: string;
  /** The hash is one of the slot's known good dumps. */
  known: boolean;
  /** The project's replacement ROM stands in. */
  fallback: boolean;
}

export interface SessionOptions {
  host: Host;
  /** User-supplied ROMs by slot. Slots left out use the machine's fallback, if it has one. */
  roms?: ReadonlyMap<string, Uint8Array>;
  /** Initial audio output rate in Hz (default 48000). */
  audioRate?: number;
  /** Hardware configuration (MachineDef.config id -> value); settings left out take their default. */
  config?: Readonly<Record<string, string>>;
  /** Machine options (MachineDef.options id -> value) set right after the build, before any media. */
  options?: Readonly<Record<string, boolean>>;
}

/** A file to insert when a session starts: `drive` names a MachineDef.drives id, or is left out. */
export interface StartMedia {
  name: string;
  bytes: Uint8Array;
  drive?: string;
}

export interface StartOptions extends SessionOptions {
  /** Inserted in order, after the options. */
  media?: readonly StartMedia[];
  /** With no media given (or none that loaded), insert MachineDef.defaultProgram if there is one. */
  useDefault?: boolean;
}

export interface StartResult {
  session: Session;
  /** What went in, in order; `isDefault` for the project's own default program. */
  inserted: (MediaRef & { isDefault: boolean })[];
  /** Media that did not load, with the typed error (the session still runs). */
  failed: { name: string; error: AmalgamError }[];
}

export class Session {
  /**
   * Build and power on, in the one order every face uses (configuration -> ROMs -> options ->
   * media -> default program), so the worker, the CLI and the tests never write it again. A bad
   * configuration, ROM or option throws; a medium that does not load is reported in `failed`.
   */
  static start(def: MachineDef, opts: StartOptions): StartResult {
    const session = new Session(def, opts);
    const inserted: StartResult['inserted'] = [];
    const failed: StartResult['failed'] = [];
    for (const m of opts.media ?? []) {
      try {
        const media = session.insertMedia(m.name, m.bytes, m.drive);
        inserted.push({ ...media.ref, isDefault: false });
      } catch (e) {
        if (!(e instanceof AmalgamError)) throw e;
        failed.push({ name: m.name, error: e });
      }
    }
    if (inserted.length === 0 && opts.useDefault && def.defaultProgram !== undefined) {
      const media = session.insertMedia(def.defaultProgram.name, def.defaultProgram.load());
      inserted.push({ ...media.ref, isDefault: true });
    }
    return { session, inserted, failed };
  }

  readonly machine: Machine;
  readonly roms: readonly RomInfo[];
  /** The complete hardware configuration the machine was built with. */
  readonly config: MachineConfig;
  /** Things the user should know that did not stop us (an unknown ROM dump, say). */
  readonly warnings: string[] = [];
  /** The last frame the machine emitted, or null before the first. */
  lastFrame: VideoFrame | null = null;
  private readonly script = new KeyScript();
  private audioRate: number;
  /** The machine drains ordered key events itself; otherwise they are dropped each frame. */
  private readonly keyEvents: boolean;

  constructor(readonly def: MachineDef, private readonly opts: SessionOptions) {
    this.config = resolveConfig(def, opts.config);
    const roms = new Map<string, Uint8Array>();
    const fallbacks = new Set<string>();
    const infos: RomInfo[] = [];
    for (const slot of def.roms) {
      let bytes = opts.roms?.get(slot.slot);
      let fallback = false;
      if (bytes === undefined) {
        if (slot.fallback === undefined)
          throw new MissingRomError(
            `${def.title} needs its ${slot.label} (${slot.fileName}, ${slot.size} bytes` +
              (slot.sha1.length ? `, SHA-1 ${slot.sha1[0]}` : '') + `) in ROM slot "${slot.slot}".`,
          );
        bytes = slot.fallback();
        fallback = true;
        fallbacks.add(slot.slot);
      } else if (!(slot.sizes ?? [slot.size]).includes(bytes.length)) {
        const sizes = slot.sizes ?? [slot.size];
        throw new BadRomError(
          `The ${slot.label} must be ${sizes.join(' or ')} bytes; the file given is ${bytes.length} bytes` +
            (bytes.length < Math.min(...sizes) ? ' (truncated?).' : '.'),
        );
      }
      const sha1 = sha1Hex(bytes);
      const known = fallback || slot.sha1.includes(sha1);
      if (!known) this.warnings.push(`${slot.label}: unknown dump (SHA-1 ${sha1}); it may not work correctly.`);
      roms.set(slot.slot, bytes);
      infos.push({ slot: slot.slot, sha1, known, fallback });
    }
    for (const name of opts.roms?.keys() ?? [])
      if (!def.roms.some((r) => r.slot === name))
        throw new BadRomError(`${def.title} has no ROM slot "${name}" (it has: ${def.roms.map((r) => r.slot).join(', ') || 'none'}).`);
    this.roms = infos;
    this.audioRate = opts.audioRate ?? 48000;
    const session = this;
    const host: Host = {
      input: opts.host.input,
      video(frame) {
        session.lastFrame = frame;
        opts.host.video(frame);
        // End the slice at the frame boundary, so runFrames stops exactly here.
        session.machine.scheduler.stop();
      },
      audio(samples, frames) {
        opts.host.audio(samples, frames);
      },
    };
    this.machine = def.build({ host, roms, fallbackRoms: fallbacks, config: this.config });
    checkCapabilities(def, this.machine);
    if (def.typing) { this.script.hold = def.typing.holdFrames; this.script.gap = def.typing.gapFrames; }
    this.keyEvents = def.inputs?.keyboard === 'events';
    this.machine.setAudioRate(this.audioRate);
    for (const [id, value] of Object.entries(opts.options ?? {})) this.setOption(id, value);
  }

  /** Set one of MachineDef.options on the running machine. UsageError for an unknown id. */
  setOption(id: string, value: boolean): void {
    const known = this.def.options ?? [];
    if (!known.some((o) => o.id === id) || this.machine.options === undefined)
      throw new UsageError(
        `${this.def.title} has no option "${id}"` +
          (known.length ? ` (options: ${known.map((o) => o.id).join(', ')}).` : ' (it has none).'),
      );
    this.machine.options.set(id, value === true);
  }

  /** Write the running machine as a file in one of MachineDef.exports. UsageError for an unknown format. */
  exportMedia(format: string): { readonly name: string; readonly bytes: Uint8Array } {
    const known = this.def.exports ?? [];
    if (!known.some((e) => e.format === format) || this.machine.exports === undefined)
      throw new UsageError(
        `${this.def.title} cannot export "${format}"` +
          (known.length ? ` (formats: ${known.map((e) => e.format).join(', ')}).` : ' (it exports nothing).'),
      );
    return this.machine.exports.export(format);
  }

  /** The drive a medium of this format goes in: the one named (checked), else the first that takes its kind. */
  private driveFor(media: LoadedMedia, drive: string | undefined): DriveDef | undefined {
    const drives = this.def.drives ?? [];
    if (drive !== undefined) {
      const d = drives.find((x) => x.id.toLowerCase() === drive.toLowerCase());
      if (d === undefined)
        throw new UsageError(
          `${this.def.title} has no drive "${drive}"` +
            (drives.length ? ` (drives: ${drives.map((x) => x.id).join(', ')}).` : ' (it has none).'),
        );
      if (!d.kinds.includes(media.format.kind))
        throw new UsageError(`${d.label} does not take a ${media.format.name}.`);
      return d;
    }
    return drives.find((x) => x.kinds.includes(media.format.kind));
  }

  /** Take the medium out of a drive. */
  eject(drive: string): void {
    const d = (this.def.drives ?? []).find((x) => x.id.toLowerCase() === drive.toLowerCase());
    if (d === undefined || this.machine.eject === undefined)
      throw new UsageError(`${this.def.title} has no drive "${drive}".`);
    this.machine.eject(d.id);
  }

  /** Write-protect the medium in a writable drive (or allow writes again). */
  setWriteProtect(drive: string, on: boolean): void {
    const d = (this.def.drives ?? []).find((x) => x.id.toLowerCase() === drive.toLowerCase());
    if (d === undefined || !d.writable || this.machine.setWriteProtect === undefined)
      throw new UsageError(`${this.def.title} has no writable drive "${drive}".`);
    this.machine.setWriteProtect(d.id, on);
  }

  /** Text on the machine's character screen now. UsageError when it has none. */
  screenText(): string {
    if (this.machine.screenText === undefined) throw new UsageError(`${this.def.title} has no character screen to read.`);
    return this.machine.screenText();
  }

  get input(): InputState {
    return this.opts.host.input;
  }

  get now(): Ticks {
    return this.machine.scheduler.now;
  }

  /** Emulated seconds since power-on. */
  get seconds(): number {
    return this.machine.scheduler.now / this.def.masterHz;
  }

  get frameTicks(): Ticks {
    return this.machine.frameTicks ?? Math.round(this.def.masterHz / this.def.frameHz);
  }

  setAudioRate(hz: number): void {
    if (hz !== this.audioRate) {
      this.audioRate = hz;
      this.machine.setAudioRate(hz);
    }
  }

  /** Run until `n` more frames have been emitted (or, with video off, as long as n frames take). */
  runFrames(n: number): void {
    for (let i = 0; i < n; i++) this.runOneFrame();
  }

  /** Run for `ticks` master ticks, stopping at each frame boundary to feed scripted input. */
  runTicks(ticks: Ticks): void {
    const s = this.machine.scheduler;
    const target = s.now + ticks;
    while (s.now < target) {
      this.beforeFrame();
      s.runUntil(target);
    }
  }

  runSeconds(seconds: number): void {
    this.runTicks(Math.round(seconds * this.def.masterHz));
  }

  private runOneFrame(): void {
    const m = this.machine;
    const start = m.frameCount;
    this.beforeFrame();
    const s = m.scheduler;
    // A frame normally ends with Host.video stopping the slice; the limit only matters for a
    // machine whose video is off.
    const limit = s.now + 2 * this.frameTicks;
    while (m.frameCount === start && s.now < limit) s.runUntil(limit);
  }

  private beforeFrame(): void {
    const input = this.opts.host.input;
    this.script.beforeFrame(this.machine.frameCount, input);
    // A matrix machine reads `keys`; keep the queue it never drains from growing stale.
    if (!this.keyEvents) input.dropKeyEvents();
  }

  /**
   * Detect the format, parse and insert (into `drive`, or the first drive that takes the medium's
   * kind). Throws MediaError (nothing changes) on a bad file, UsageError for a wrong drive.
   */
  insertMedia(name: string, bytes: Uint8Array, drive?: string): LoadedMedia {
    const media = loadMedia(this.def.media, name, bytes);
    const d = this.driveFor(media, drive);
    if (d !== undefined) media.ref.drive = d.id;
    this.machine.insert(media, d?.id);
    return media;
  }

  /** Queue text to type, one character per few frames (machine-specific key combinations). */
  typeText(text: string): void {
    const k = this.machine.keysForChar?.bind(this.machine);
    if (k === undefined) throw new AmalgamError('Usage', `${this.def.title} cannot type text.`);
    // A machine still booting would drop the keys: start typing once it reads the keyboard.
    const boot = (this.def.typing?.bootFrames ?? 0) - this.machine.frameCount;
    if (this.script.idle && boot > 0) this.script.queueWait(boot);
    this.script.queueText(text, k);
  }

  /** Queue a key script (see KeyScript.parse for the syntax). */
  runKeyScript(script: string): void {
    this.script.queueScript(script, this.machine.keysForChar?.bind(this.machine));
  }

  /** True while typed text or a key script is still being played. */
  get typing(): boolean {
    return !this.script.idle;
  }

  saveState(): SaveState {
    const parts: SaveState['parts'] = {};
    for (const [name, part] of Object.entries(this.machine.parts))
      parts[name] = { v: part.stateVersion, s: part.getState() };
    return {
      format: STATE_FORMAT,
      version: STATE_VERSION,
      machine: this.def.id,
      roms: Object.fromEntries(this.roms.map((r) => [r.slot, r.sha1])),
      media: this.machine.insertedMedia?.() ?? [],
      ...(this.def.config?.length ? { config: { ...this.config } } : {}),
      scheduler: this.machine.scheduler.getState(),
      parts,
    };
  }

  saveStateBytes(): Uint8Array {
    return encodeState(this.saveState());
  }

  /**
   * Restore a state. Everything is checked before anything changes; if a part still refuses its
   * state, every part is put back as it was, so a failed load changes nothing. Returns warnings
   * (media the state ran with that is not inserted now).
   */
  loadState(input: Uint8Array | SaveState): string[] {
    const state = input instanceof Uint8Array ? decodeState(input) : checkEnvelope(input);
    assertMachine(state, this.def.id, this.def.title);
    for (const r of this.roms) {
      const saved = state.roms[r.slot];
      if (saved !== r.sha1)
        throw new BadRomError(
          `This save state was made with a different ${r.slot} ROM` +
            (r.fallback ? ' (the built-in replacement is loaded now)' : '') + '; load that ROM first.',
        );
    }
    const configDiff = describeConfigDifference(this.def, state.config ?? {}, this.config);
    if (configDiff !== null)
      throw new ConfigMismatchError(`This save state was made with another hardware configuration (${configDiff}); choose that configuration first.`);
    const inNow = this.machine.insertedMedia?.() ?? [];
    for (const d of this.def.drives ?? []) {
      if (!d.buildInput) continue;
      const saved = state.media.find((m) => m.drive === d.id);
      const now = inNow.find((m) => m.drive === d.id);
      if (saved?.sha1 !== now?.sha1)
        throw new MediaMismatchError(
          `This save state was made with ${saved ? saved.name : 'nothing'} in the ${d.label}; ` +
            `${now ? now.name : 'nothing'} is in it now. Insert that one first.`,
        );
    }
    const parts = this.machine.parts;
    for (const name of Object.keys(state.parts))
      if (!(name in parts)) throw new CorruptStateError(`The save state has a part "${name}" this machine does not have.`);
    const incoming: [string, unknown][] = [];
    for (const [name, part] of Object.entries(parts)) {
      const saved = state.parts[name];
      if (saved === undefined) throw new CorruptStateError(`The save state lacks the part "${name}".`);
      incoming.push([name, migratePart(name, part, saved)]);
    }
    const before = this.saveState();
    try {
      this.machine.scheduler.setState(state.scheduler);
      for (const [name, s] of incoming) parts[name]!.setState(s);
      this.machine.afterStateLoad?.();
    } catch (e) {
      this.machine.scheduler.setState(before.scheduler);
      for (const [name, p] of Object.entries(before.parts)) parts[name]!.setState(p.s);
      this.machine.afterStateLoad?.();
      if (e instanceof AmalgamError) throw e;
      throw new CorruptStateError(`The save state is damaged (${e instanceof Error ? e.message : String(e)}).`);
    }
    this.script.clear();
    const now = this.machine.insertedMedia?.() ?? [];
    return state.media
      .filter((m) => !now.some((n) => n.sha1 === m.sha1))
      .map((m) => `The state was saved with ${m.name} inserted; it is not inserted now.`);
  }
}

/** A definition and its built machine must agree on which capabilities exist (a programming error otherwise). */
function checkCapabilities(def: MachineDef, m: Machine): void {
  const pairs: [string, boolean, boolean][] = [
    ['options', (def.options?.length ?? 0) > 0, m.options !== undefined],
    ['exports', (def.exports?.length ?? 0) > 0, m.exports !== undefined],
    ['drives (eject)', (def.drives?.length ?? 0) > 0, m.eject !== undefined],
  ];
  for (const [what, declared, built] of pairs)
    if (declared !== built)
      throw new Error(`${def.id}: the definition ${declared ? 'declares' : 'does not declare'} ${what} but the machine ${built ? 'has' : 'lacks'} it`);
  const writable = (def.drives ?? []).some((d) => d.writable);
  if (writable && m.setWriteProtect === undefined)
    throw new Error(`${def.id}: a writable drive needs Machine.setWriteProtect`);
}
