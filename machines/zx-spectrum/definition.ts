/**
 * The ZX Spectrum 48K as data: clocks, the ROM slot (user-supplied Sinclair ROM, checked by hash,
 * with our replacement ROM as the fallback), media formats, display, bench workload, the demo shown
 * when nothing is loaded, and the build checklist that wires `Spectrum` to the Session's Machine
 * interface.
 */
import type { Machine, MachineDef, MachineExport, MachineOption } from '../../cores/kernel/machine.ts';
import { demoSnapshot, replacementRom } from '../../roms/zx-spectrum-48k/images.ts';
import { keysForChar } from './keyboard.ts';
import { snaFormat } from './snapshot/sna.ts';
import { z80Format } from './snapshot/z80.ts';
import { FRAME_TICKS, MASTER_HZ, Spectrum } from './spectrum.ts';
import { cswFormat } from './tape/csw.ts';
import { tapFormat } from './tape/tap.ts';
import { tzxFormat } from './tape/tzx.ts';
import { SCREEN_HEIGHT, SCREEN_WIDTH } from './ula.ts';

/** SHA-1 of the Sinclair 48K ROM (the one in ../shared/testdata/spectrum/rom/48.rom). */
export const SINCLAIR_48K_ROM_SHA1 = '5ea7c2b824672e914525d1d5c419d71b84a426a2';

/** The running machine as the Session sees it, plus Spectrum extras (snapshot saving, tape mode). */
export interface SpectrumMachine extends Machine {
  readonly spectrum: Spectrum;
}

/** Id of the real-time tape option (`Spectrum.realTimeTape`). */
export const REALTIME_TAPE_OPTION = 'tape.realtime';

const OPTIONS: readonly MachineOption[] = [{
  id: REALTIME_TAPE_OPTION,
  label: 'Load tapes in real time',
  description: 'Turn off the instant ROM loader trap: tapes play through the EAR bit at their real speed, ' +
    'with the loading stripes in the border and the tape sound (a 48K game takes minutes).',
  default: false,
}];

const EXPORTS: readonly MachineExport[] = [
  { format: 'z80', label: 'Z80 snapshot', extension: 'z80' },
  { format: 'sna', label: 'SNA snapshot', extension: 'sna' },
];

export const spectrum48k: MachineDef = {
  id: 'zx-spectrum-48k',
  title: 'ZX Spectrum 48K',
  description: 'Sinclair ZX Spectrum 48K (1982): Z80, ULA with contended memory, beeper, tape, Kempston joystick.',
  cpu: 'Zilog Z80 @ 3.5 MHz',
  masterHz: MASTER_HZ,
  frameHz: MASTER_HZ / FRAME_TICKS,
  roms: [{
    slot: 'system', label: 'Sinclair 48K BASIC ROM', size: 16384, sha1: [SINCLAIR_48K_ROM_SHA1],
    fileName: '48.rom', fallback: replacementRom,
  }],
  media: [tzxFormat, tapFormat, cswFormat, z80Format, snaFormat],
  display: { width: SCREEN_WIDTH, height: SCREEN_HEIGHT, pixelAspect: 1 },
  bench: {
    media: 'bench-kernels/sievez80-100.z80',
    roms: { system: 'testdata/spectrum/rom/48.rom' },
    description: 'sieve x100 snapshot (68 s of emulated work, timed up to its JR $ end loop), full video and audio',
    // The program ends in `JR $` at 8003h (bench-kernels/README.md); 8005h would be a wrong count.
    isDone: (m) => (m as SpectrumMachine).spectrum.cpu.pc === 0x8003,
  },
  defaultProgram: { name: 'amalgam-demo.z80', load: demoSnapshot },
  keyHelp: [
    { keys: 'Shift', action: 'CAPS SHIFT' },
    { keys: 'Ctrl / AltGr', action: 'SYMBOL SHIFT' },
    { keys: 'Backspace', action: 'DELETE (CAPS SHIFT+0)' },
    { keys: 'Arrows', action: 'CAPS SHIFT+5/6/7/8' },
    { keys: 'Esc', action: 'BREAK (CAPS SHIFT+SPACE)' },
    { keys: 'Tab', action: 'extended mode (CAPS+SYMBOL)' },
    { keys: ', . / ; \' - = (and with Shift)', action: 'the same symbols, through SYMBOL SHIFT' },
  ],
  joysticks: ['Kempston joystick'],
  drives: [{ id: 'tape', label: 'Tape deck', kinds: ['tape'], writable: true }],
  options: OPTIONS,
  exports: EXPORTS,
  // The 48K ROM reads no keys until its RAM test and set-up are done (about 1.5 s), and ignores a
  // key pressed again before it has been up for 5 frames (KEY-SCAN's repeat/debounce, ROM 0x02bf).
  typing: { bootFrames: 100, holdFrames: 3, gapFrames: 6 },
  build(ctx) {
    const rom = ctx.roms.get('system')!;
    const s = new Spectrum({ host: ctx.host, rom, fallbackRom: ctx.fallbackRoms.has('system') });
    s.refresh();
    const machine: SpectrumMachine = {
      spectrum: s,
      scheduler: s.scheduler,
      parts: { cpu: s.cpu, ram: s.ramPart, ula: s.ulaPart, audio: s.audioPart, tape: s.tapePart },
      get frameCount() { return s.frames; },
      frameTicks: FRAME_TICKS,
      setAudioRate: (hz) => s.setAudioRate(hz),
      reset: () => s.reset(),
      insert: (media) => s.insert(media),
      eject: () => { s.ejectTape(); s.refresh(); },
      setWriteProtect: (_drive, on) => { s.tapeWriteProtected = on; },
      afterStateLoad: () => s.refresh(),
      screenText: () => s.screenText(),
      keysForChar,
      insertedMedia: () => (s.tapeRef ? [{ ...s.tapeRef, drive: 'tape' }] : []),
      writtenMedia: () => {
        const img = s.recorder.image();
        return img === null ? [] : [{ drive: 'tape', name: img.name, bytes: img.bytes }];
      },
      // A session setting, not save-state content: a state loads the same way whichever mode the
      // user has chosen, and the deck's position and motor are in the state either way. The
      // Session checks ids and formats against the definition before calling.
      options: { set: (id, value) => { if (id === REALTIME_TAPE_OPTION) s.realTimeTape = value; } },
      exports: {
        export: (format) => ({ name: `spectrum.${format}`, bytes: s.saveSnapshot(format === 'sna' ? 'sna' : 'z80') }),
      },
    };
    return machine;
  },
};
