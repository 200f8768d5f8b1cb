/**
 * `run`: build a machine headless, run it unthrottled, write a screenshot / audio / state / an
 * exported file (`--export`, format from the extension), with machine options set by `--option`.
 */
import { existsSync } from 'node:fs';
import { readEntry, unpackArchive } from '../../../cores/kernel/archive/index.ts';
import { parseConfigPairs } from '../../../cores/kernel/config.ts';
import { UsageError } from '../../../cores/kernel/errors.ts';
import { InputState, type Host } from '../../../cores/kernel/host.ts';
import type { MachineDef, MachineExport } from '../../../cores/kernel/machine.ts';
import { extensionOf } from '../../../cores/kernel/media.ts';
import { Session } from '../../../cores/kernel/session.ts';
import { sha1Hex } from '../../../cores/kernel/sha1.ts';
import { optionNumber, optionOne, parseArgs } from '../args.ts';
import { readInput, writeOutput } from '../files.ts';
import { encodePng } from '../png.ts';
import { WavRecorder } from '../wav.ts';

const AUDIO_RATE = 48000;
/** Emulated seconds a run may go on past --seconds/--frames to finish typing. */
const MAX_TYPING_EXTRA_SECONDS = 60;

/** `A:=disk.img` names a drive of the machine; anything else is a plain file name. */
function splitDrive(spec: string, def: MachineDef): { drive?: string; file: string } {
  const eq = spec.indexOf('=');
  if (eq > 0) {
    const id = spec.slice(0, eq);
    const d = (def.drives ?? []).find((x) => x.id.toLowerCase() === id.toLowerCase() || x.id.toLowerCase() === id.toLowerCase() + ':');
    if (d !== undefined) return { drive: d.id, file: spec.slice(eq + 1) };
    if (!existsSync(spec))
      throw new UsageError(`run: ${def.title} has no drive "${id}"` +
        ((def.drives ?? []).length ? ` (drives: ${def.drives!.map((x) => x.id).join(', ')})` : ' (it has none)'));
  }
  return { file: spec };
}

/**
 * Read a media file, opening ZIP and gzip archives: `game.zip` when the choice inside is clear,
 * `game.zip#disk2.adf` to name the entry.
 */
function readMediaFile(spec: string, accept: readonly string[]): { name: string; bytes: Uint8Array } {
  const hash = spec.lastIndexOf('#');
  const path = hash > 0 && !existsSync(spec) ? spec.slice(0, hash) : spec;
  const entry = path === spec ? undefined : spec.slice(hash + 1);
  const bytes = readInput(path, 'media');
  const r = unpackArchive(path, bytes, { accept });
  if (r.kind === 'file') {
    if (entry !== undefined) throw new UsageError(`run: ${path} is not a ZIP archive, so it has no entry "${entry}"`);
    return { name: r.name, bytes: r.bytes };
  }
  if (entry === undefined)
    throw new UsageError(`run: ${path} holds several files; pick one with --media ${path}#NAME (${r.entries.map((e) => e.name).join(', ')})`);
  const chosen = r.entries.find((e) => e.name === entry || e.name.split('/').pop() === entry);
  if (chosen === undefined) throw new UsageError(`run: ${path} has no entry "${entry}"`);
  return readEntry(chosen);
}

/** `--option ID=on|off` values, checked against the machine's options. */
function parseOptions(specs: readonly string[], def: MachineDef): Map<string, boolean> {
  const known = def.options ?? [];
  const list = known.length > 0 ? `options: ${known.map((o) => `${o.id}=on|off`).join(', ')}` : 'it has no options';
  const out = new Map<string, boolean>();
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const id = eq < 0 ? spec : spec.slice(0, eq);
    if (!known.some((o) => o.id === id)) throw new UsageError(`run: ${def.id} has no option "${id}" (${list})`);
    const v = eq < 0 ? '' : spec.slice(eq + 1).toLowerCase();
    if (v !== 'on' && v !== 'off') throw new UsageError(`run: --option takes ID=on|off (got ${JSON.stringify(spec)}; ${list})`);
    out.set(id, v === 'on');
  }
  return out;
}

/** The export format for `--export FILE`, from FILE's extension. */
function exportFor(path: string, def: MachineDef): MachineExport {
  const ext = extensionOf(path);
  const known = def.exports ?? [];
  const found = known.find((e) => e.extension === ext);
  if (found === undefined) {
    const list = known.length > 0 ? `it exports ${known.map((e) => '.' + e.extension).join(', ')}` : 'it exports nothing';
    throw new UsageError(`run: ${def.id} cannot export ${ext === '' ? `"${path}" (no file extension)` : `.${ext} files`} (${list})`);
  }
  return found;
}

export function runCommand(
  argv: readonly string[], print: (line: string) => void, machines: readonly MachineDef[],
  warn: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): number {
  const a = parseArgs(argv, {
    machine: { value: true }, rom: { value: true, repeat: true }, media: { value: true, repeat: true },
    frames: { value: true }, seconds: { value: true }, type: { value: true }, keys: { value: true },
    screenshot: { value: true }, audio: { value: true }, 'save-state': { value: true },
    'load-state': { value: true }, 'screen-text': {}, option: { value: true, repeat: true }, export: { value: true },
    config: { value: true, repeat: true },
  }, 'run');
  if (a.positional.length) throw new UsageError(`run: unexpected argument ${a.positional[0]}`);
  const id = optionOne(a, 'machine');
  if (id === undefined) throw new UsageError(`run: --machine is required (one of ${machines.map((m) => m.id).join(', ') || 'none registered'})`);
  const def = machines.find((m) => m.id === id);
  if (def === undefined) throw new UsageError(`run: unknown machine "${id}" (see the machines command)`);
  const frames = optionNumber(a, 'frames', 0, 1e7);
  const seconds = optionNumber(a, 'seconds', 0, 1e5);
  if (frames !== undefined && seconds !== undefined) throw new UsageError('run: give --frames or --seconds, not both');
  if (a.options.has('type') && a.options.has('keys')) throw new UsageError('run: give --type or --keys, not both');

  const options = parseOptions(a.options.get('option') ?? [], def);
  const exportPath = optionOne(a, 'export');
  const exportFormat = exportPath === undefined ? undefined : exportFor(exportPath, def);

  const roms = new Map<string, Uint8Array>();
  for (const spec of a.options.get('rom') ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`run: --rom takes SLOT=FILE (got ${JSON.stringify(spec)})`);
    roms.set(spec.slice(0, eq), readInput(spec.slice(eq + 1), 'ROM'));
  }

  const wav = a.options.has('audio') ? new WavRecorder(AUDIO_RATE) : null;
  const host: Host = {
    input: new InputState(),
    video() {},
    audio(samples, n) { wav?.add(samples, n); },
  };
  // Configuration, then ROMs, then options (settings of the session, not of the media), then media:
  // the Session's start order.
  const config = parseConfigPairs(a.options.get('config') ?? []);
  const session = new Session(def, { host, roms, audioRate: AUDIO_RATE, config, options: Object.fromEntries(options) });
  for (const w of session.warnings) warn(`warning: ${w}`);
  for (const spec of a.options.get('media') ?? []) {
    const { drive, file } = splitDrive(spec, def);
    const { name, bytes } = readMediaFile(file, def.media.flatMap((f) => f.extensions));
    session.insertMedia(name, bytes, drive);
  }
  const stateIn = optionOne(a, 'load-state');
  if (stateIn !== undefined)
    for (const w of session.loadState(readInput(stateIn, 'save state'))) warn(`warning: ${w}`);
  const text = optionOne(a, 'type');
  if (text !== undefined) session.typeText(text.replace(/\\n/g, '\n'));
  const keys = optionOne(a, 'keys');
  if (keys !== undefined) session.runKeyScript(keys);

  const start = session.machine.frameCount;
  if (frames !== undefined) session.runFrames(frames);
  else session.runSeconds(seconds ?? 3);
  // Typed input that has not finished yet would be cut off: finish it, then let the machine react.
  // ...but within a bound, so `--keys @100000000` or a novel given to --type cannot run for ever:
  // at most a minute of emulated time more.
  if (session.typing) {
    const limit = session.now + MAX_TYPING_EXTRA_SECONDS * def.masterHz;
    while (session.typing && session.now < limit) session.runFrames(1);
    if (session.typing)
      warn('warning: the typed input was cut off when the run ended (give a longer --seconds or --frames)');
    else session.runSeconds(1);
  }

  const frame = session.lastFrame;
  const ran = session.machine.frameCount - start;
  if (frame === null) {
    print(`ran ${ran} frames (${session.seconds.toFixed(3)} s emulated); no frame was emitted`);
  } else {
    const px = new Uint8Array(frame.pixels.buffer, frame.pixels.byteOffset, frame.width * frame.height * 4);
    print(`ran ${ran} frames (${session.seconds.toFixed(3)} s emulated); last frame ${frame.width}x${frame.height} sha1 ${sha1Hex(px)}`);
  }
  const shot = optionOne(a, 'screenshot');
  if (shot !== undefined) {
    if (frame === null) throw new UsageError('run: no frame to write as a screenshot');
    writeOutput(shot, encodePng(frame));
  }
  const audioOut = optionOne(a, 'audio');
  if (audioOut !== undefined && wav !== null) writeOutput(audioOut, wav.encode());
  const stateOut = optionOne(a, 'save-state');
  if (stateOut !== undefined) writeOutput(stateOut, session.saveStateBytes());
  if (exportPath !== undefined && exportFormat !== undefined)
    writeOutput(exportPath, session.exportMedia(exportFormat.format).bytes);
  if (a.flags.has('screen-text')) print(session.screenText());
  return 0;
}
