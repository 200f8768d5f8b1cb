/**
 * What a machine is to the rest of the program: a definition (data: clocks, ROM slots, formats)
 * and, once built, an instance that the Session drives. Machines register themselves in
 * `machines/index.ts`; nothing in the kernel names a machine.
 */
import type { Host } from './host.ts';
import type { LoadedMedia, MediaFormat, MediaFormatInfo, MediaKind, MediaRef } from './media.ts';
import type { Part } from './part.ts';
import type { Scheduler } from './scheduler.ts';
import type { Ticks } from './time.ts';

/** A ROM slot as the page shows it (no image bytes: see RomSlot). */
export interface RomSlotInfo {
  /** Slot name, as in `--rom system=48.rom`. */
  readonly slot: string;
  /** For people: 'Sinclair 48K BASIC ROM'. */
  readonly label: string;
  /** Exact size in bytes (the usual one, when `sizes` lists others). */
  readonly size: number;
  /** Every exact size a good image may have (Kickstart 1.3 is 256 KB, 3.1 is 512 KB). Absent: just `size`. */
  readonly sizes?: readonly number[];
  /** SHA-1 of known good dumps. Another hash still loads, with a warning (as MAME does). */
  readonly sha1: readonly string[];
  /** Usual file name, to tell the user what to look for. */
  readonly fileName: string;
  /** The project has its own replacement (RomSlot.fallback), so the slot is not required. */
  readonly builtIn?: boolean;
}

export interface RomSlot extends RomSlotInfo {
  /**
   * A replacement this project wrote itself, used when the user has none, so that a fresh install
   * shows something. Absent: the slot is required. Present exactly when `builtIn` is true.
   */
  readonly fallback?: () => Uint8Array;
}

/**
 * A user setting a machine offers (the CLI's `--option ID=on|off`, a checkbox in the browser).
 * Options are session settings, like the speed: the frontend keeps them per machine and applies
 * them after every build (`Machine.setOption`), and a save state does not carry them, unless a
 * machine documents otherwise. Booleans only for now; a later `choices` member can add lists.
 */
export interface MachineOption {
  /** Stable id, dotted by area: 'tape.realtime'. */
  readonly id: string;
  /** Short, for a checkbox: 'Load tapes in real time'. */
  readonly label: string;
  /** One or two sentences: what changes and why someone would want it. */
  readonly description: string;
  /** The value a freshly built machine has. */
  readonly default: boolean;
}

/**
 * A hardware configuration choice: which parts exist and the shape of their state (video adapter,
 * RAM size, drives fitted, PAL/NTSC, CPU model). Unlike an option it is fixed for the life of a
 * built machine: the Session passes the complete choice to `build`, records it in save states and
 * refuses a state made with another configuration. Changing it means building the machine again.
 */
export interface ConfigSetting {
  /** Stable id, dotted by area: 'video', 'ram', 'cpu.clock', 'region'. */
  readonly id: string;
  /** Short, for a list box: 'Video adapter'. */
  readonly label: string;
  /** One or two sentences, where the label is not enough. */
  readonly description?: string;
  readonly choices: readonly { readonly value: string; readonly label: string }[];
  /** One of choices[].value. */
  readonly default: string;
}

/** A complete configuration: every ConfigSetting id -> one of its values. */
export type MachineConfig = Readonly<Record<string, string>>;

/**
 * A place media goes (MAME's image devices): a floppy drive, a hard disk, the tape deck, the
 * cartridge slot. Media kinds a machine takes without a drive (snapshots, programs) need none.
 */
export interface DriveDef {
  /** Stable id as people write it: 'A:', 'C:', 'DF0:', 'tape', 'cart'. */
  readonly id: string;
  /** For the drive bar: 'Floppy drive A:'. */
  readonly label: string;
  /** The media kinds it takes. */
  readonly kinds: readonly MediaKind[];
  /** The guest can write to what is in it (the user may still write-protect it). */
  readonly writable: boolean;
  /**
   * A cartridge: part of what the machine is built from. A save state made with another medium in
   * this drive is refused, as one made with another ROM is.
   */
  readonly buildInput?: boolean;
}

/** How the machine reads the user's keyboard and pointer (see InputState). */
export interface MachineInputs {
  /**
   * 'matrix' (default): the machine scans `InputState.keys` (Spectrum, NES pads). 'events': its
   * keyboard sends codes, so it drains `InputState.takeKeyEvent()` in order (PC, Amiga).
   */
  readonly keyboard?: 'matrix' | 'events';
  /** It reads relative mouse motion and buttons (the page offers pointer lock). */
  readonly mouse?: boolean;
  /** It reads analog stick axes (`PadState.axes`, a PC game port). */
  readonly analog?: boolean;
}

/** A file the running machine can write out of its current state (`Machine.exports`). */
export interface MachineExport {
  /** Format id passed to exportMedia: 'z80'. */
  readonly format: string;
  /** For a button: 'Z80 snapshot'. */
  readonly label: string;
  /** File extension without the dot, lower case: 'z80'. */
  readonly extension: string;
}

/** ROM images for a build: slot name -> bytes, after the Session checked sizes. */
export type RomSet = ReadonlyMap<string, Uint8Array>;

/** Everything a machine's build function gets. */
export interface BuildContext {
  readonly host: Host;
  readonly roms: RomSet;
  /** True for each slot where the project's replacement stands in for the real ROM. */
  readonly fallbackRoms: ReadonlySet<string>;
  /** The complete, checked configuration: every MachineDef.config id -> its chosen value. */
  readonly config: MachineConfig;
}

/** A standard workload for `bench`, with paths relative to the shared folder (`../shared`). */
export interface MachineBench {
  /** Media to insert, e.g. 'bench-kernels/sievez80-100.z80'. */
  readonly media?: string;
  /** ROMs to use when present, e.g. { system: 'testdata/spectrum/rom/48.rom' }. */
  readonly roms?: Readonly<Record<string, string>>;
  /** What to report besides speed, if the workload can tell (e.g. passes completed). */
  readonly description: string;
  /**
   * True once the workload has finished (its program sits in its end loop). With it, `bench`
   * times only the work: it inserts the media again each time it finishes, so an idle end loop
   * (often much cheaper to emulate) does not inflate the figure.
   */
  isDone?(machine: Machine): boolean;
}

/**
 * What the page needs to know about a machine without loading its code (the picker, the ROM dialog,
 * the drive bar, key help): `machines/<id>/info.ts` exports one, `machines/catalog.ts` lists them
 * with a lazy loader of the definition, and the definition spreads it. A test checks that each
 * info agrees with its definition.
 */
export interface MachineInfo {
  /** Stable id, used in states, links and the CLI: 'zx-spectrum-48k'. */
  readonly id: string;
  readonly title: string;
  /** One or two sentences for the machine picker. */
  readonly description: string;
  /** CPU as people say it: 'Zilog Z80 @ 3.5 MHz'. */
  readonly cpu: string;
  readonly masterHz: number;
  /** Nominal frames per second (50.08 for a Spectrum); used for pacing read-outs. */
  readonly frameHz: number;
  readonly roms: readonly RomSlotInfo[];
  /** Formats it takes (the definition has the parsers; this only names them). */
  readonly media: readonly MediaFormatInfo[];
  /** Default display: size of the frames it emits and their pixel aspect. */
  readonly display: { readonly width: number; readonly height: number; readonly pixelAspect: number };
  /**
   * Optional help for the browser's key panel: host keys as people name them and what they do on
   * this machine, e.g. { keys: 'Shift', action: 'CAPS SHIFT' }. Absent: the frontend only says
   * that keys map by position.
   */
  readonly keyHelp?: readonly { readonly keys: string; readonly action: string }[];
  /**
   * Optional names of the joysticks the machine reads from InputState.pads, by index
   * (e.g. ['Kempston joystick']); the frontend maps gamepads to them. Absent: no joystick.
   */
  readonly joysticks?: readonly string[];
  /**
   * How to type on this machine (for --type and paste): frames after power-on before the machine
   * reads keys, and how long a key is held and released. Absent: 0, 3 and 3 frames.
   */
  readonly typing?: { readonly bootFrames: number; readonly holdFrames: number; readonly gapFrames: number };
  /** Optional user settings (see MachineOption); the built machine's `options` capability applies them. */
  readonly options?: readonly MachineOption[];
  /** Optional files the built machine can write (see MachineExport) through its `exports` capability. */
  readonly exports?: readonly MachineExport[];
  /** Hardware configuration choices (see ConfigSetting); the chosen values reach `build`. */
  readonly config?: readonly ConfigSetting[];
  /** Where media go (see DriveDef), in the order the drive bar shows them. */
  readonly drives?: readonly DriveDef[];
  /** Keyboard model, mouse, analog sticks. Absent: a key matrix, no mouse, no analog axes. */
  readonly inputs?: MachineInputs;
  /** It shows a program of the project's own (MachineDef.defaultProgram) when nothing is loaded. */
  readonly hasDefaultProgram?: boolean;
}

export interface MachineDef extends Omit<MachineInfo, 'roms' | 'media'> {
  readonly roms: readonly RomSlot[];
  readonly media: readonly MediaFormat[];
  readonly bench?: MachineBench;
  /**
   * A program this project wrote (from `roms/`), inserted as media when the user loads nothing, so
   * a fresh install shows something. `load` returns the file's bytes; `name` carries the extension
   * used for format detection.
   */
  readonly defaultProgram?: { readonly name: string; load(): Uint8Array };
  /** Create parts, load ROMs, wire, power on (ares `system.cpp`'s ordered checklist). */
  build(ctx: BuildContext): Machine;
}

/** A built, powered-on machine. */
export interface Machine {
  readonly scheduler: Scheduler;
  /**
   * Every part whose state is saved, by stable name ('cpu', 'ula', 'ram', 'tape'). The scheduler
   * is saved separately by the Session.
   */
  readonly parts: Readonly<Record<string, Part>>;
  /** Count of frames emitted through Host.video since power-on (the Session paces frames by it). */
  readonly frameCount: number;
  /** Output audio at this many sample frames per (emulated) second from now on. */
  setAudioRate(hz: number): void;
  /** Press the reset button (a warm reset where the machine has one). */
  reset(): void;
  /**
   * Insert a medium the format registry recognised. Snapshots and programs load at once; tapes,
   * disks and cartridges go in `drive` (an id from MachineDef.drives; the Session always passes the
   * drive for media kinds a drive takes, choosing the first one that takes the kind when the user
   * named none).
   */
  insert(media: LoadedMedia, drive?: string): void;
  /** Take the medium out of a drive (present when MachineDef.drives lists any). */
  eject?(drive: string): void;
  /** Write-protect (or allow writes to) the medium in a drive; a writable drive has this. */
  setWriteProtect?(drive: string, on: boolean): void;
  /** Rebuild state derived from saved state (page tables, cached pointers) after a state load. */
  afterStateLoad?(): void;
  /** Text a person would read on the screen now, rows joined by '\n'; for character screens. */
  screenText?(): string;
  /**
   * Keys (KeyboardEvent.code values) to hold together to type `ch`, or null if it cannot be typed.
   * Used by the CLI's --type and by paste.
   */
  keysForChar?(ch: string): readonly string[] | null;
  /** Media currently inserted, for the save-state envelope (with `drive` set for media in a drive). */
  insertedMedia?(): MediaRef[];
  /**
   * Optional: writable media (disks, tapes saved to, battery RAM) whose contents changed since they
   * were inserted, each as a complete image file in the format it was loaded in, so the browser
   * can keep the user's changes across reloads. Empty when nothing changed. Absent: the machine
   * has no writable media.
   */
  writtenMedia?(): { readonly drive?: string; readonly name: string; readonly bytes: Uint8Array }[];
  /**
   * The options capability: present exactly when MachineDef.options lists any (the Session checks
   * this at build). The Session validates ids before calling. Takes effect from now on; not part
   * of save states unless the machine says so.
   */
  readonly options?: { set(id: string, value: boolean): void };
  /**
   * The export capability: present exactly when MachineDef.exports lists any. Writes the machine's
   * current state as a file in one of those formats (the Session validates the id); `name` is a
   * suggestion ('snapshot.z80'). Throws a typed error when the state cannot be written so.
   */
  readonly exports?: { export(formatId: string): { readonly name: string; readonly bytes: Uint8Array } };
  /** Extra ticks-per-frame hint for pacing when frames are irregular; defaults to masterHz / frameHz. */
  readonly frameTicks?: Ticks;
}
