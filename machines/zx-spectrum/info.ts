/**
 * The ZX Spectrum 48K as the page sees it before loading any of its code: names, ROM slot, formats,
 * drives, options, keys. `definition.ts` spreads this and adds the parsers and the build; a test
 * (test/machines/catalog.test.ts) checks the two agree.
 */
import type { MachineInfo, MachineOption } from '../../cores/kernel/machine.ts';

/** SHA-1 of the Sinclair 48K ROM (the one in ../shared/testdata/spectrum/rom/48.rom). */
export const SINCLAIR_48K_ROM_SHA1 = '5ea7c2b824672e914525d1d5c419d71b84a426a2';

/** Id of the real-time tape option (`Spectrum.realTimeTape`). */
export const REALTIME_TAPE_OPTION = 'tape.realtime';

/** 14 MHz master (the ULA's pixel clock x 2), 69,888 T-states of 4 ticks a frame. */
const MASTER_HZ = 14_000_000;
const FRAME_TICKS = 69_888 * 4;

const OPTIONS: readonly MachineOption[] = [{
  id: REALTIME_TAPE_OPTION,
  label: 'Load tapes in real time',
  description: 'Turn off the instant ROM loader trap: tapes play through the EAR bit at their real speed, ' +
    'with the loading stripes in the border and the tape sound (a 48K game takes minutes).',
  default: false,
}];

export const spectrum48kInfo: MachineInfo = {
  id: 'zx-spectrum-48k',
  title: 'ZX Spectrum 48K',
  description: 'Sinclair ZX Spectrum 48K (1982): Z80, ULA with contended memory, beeper, tape, Kempston joystick.',
  cpu: 'Zilog Z80 @ 3.5 MHz',
  masterHz: MASTER_HZ,
  frameHz: MASTER_HZ / FRAME_TICKS,
  roms: [{
    slot: 'system', label: 'Sinclair 48K BASIC ROM', size: 16384, sha1: [SINCLAIR_48K_ROM_SHA1],
    fileName: '48.rom', builtIn: true,
  }],
  media: [
    { id: 'tzx', name: 'TZX tape image', extensions: ['tzx'], kind: 'tape', maxBytes: 32 * 1024 * 1024 },
    { id: 'tap', name: 'TAP tape image', extensions: ['tap'], kind: 'tape', maxBytes: 16 * 1024 * 1024 },
    { id: 'csw', name: 'CSW tape recording', extensions: ['csw'], kind: 'tape', maxBytes: 64 * 1024 * 1024 },
    { id: 'z80', name: 'Z80 snapshot', extensions: ['z80'], kind: 'snapshot', maxBytes: 256 * 1024 },
    { id: 'sna', name: 'SNA snapshot', extensions: ['sna'], kind: 'snapshot', maxBytes: 147487 },
  ],
  display: { width: 320, height: 240, pixelAspect: 1 },
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
  exports: [
    { format: 'z80', label: 'Z80 snapshot', extension: 'z80' },
    { format: 'sna', label: 'SNA snapshot', extension: 'sna' },
  ],
  // The 48K ROM reads no keys until its RAM test and set-up are done (about 1.5 s), and ignores a
  // key pressed again before it has been up for 5 frames (KEY-SCAN's repeat/debounce, ROM 0x02bf).
  typing: { bootFrames: 100, holdFrames: 3, gapFrames: 6 },
  hasDefaultProgram: true,
};
