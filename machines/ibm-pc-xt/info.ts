/**
 * The IBM PC/XT as the page sees it before loading its code: names, ROM slots, formats, drives,
 * configuration, options, keys. `definition.ts` spreads this and adds the parsers and the build.
 */
import type { ConfigSetting, MachineInfo, MachineOption } from '../../cores/kernel/machine.ts';

/** SHA-1 of the third-party XT BIOSes known to work (../shared/testdata/pc/bios). */
export const GLABIOS_025_SHA1 = '0f38c6579808e58b8401247946e6b4db0fed9ed6';
export const TURBO_XT_BIOS_31_SHA1 = 'f7b73e441fd7b582a493837658fa17407e851d7c';

/** 2 x 14.31818 MHz (board.ts says why twice). */
const MASTER_HZ = 28_636_360;

export const TURBO_OPTION = 'cpu.turbo';

export const PC_CONFIG: readonly ConfigSetting[] = [
  {
    id: 'cpu.clock', label: 'CPU clock',
    description: 'The 8088 at the IBM PC/XT\'s 4.77 MHz, at a turbo XT clone\'s 7.16 or 9.54 MHz, ' +
      'or unlimited: 28.6 MHz, the master clock, six times an XT (the rest of the PC keeps its speed).',
    choices: [
      { value: '4.77', label: '4.77 MHz (IBM)' }, { value: '7.16', label: '7.16 MHz (turbo)' },
      { value: '9.54', label: '9.54 MHz (turbo)' }, { value: 'max', label: 'Unlimited (28.6 MHz)' },
    ],
    default: '4.77',
  },
  {
    id: 'ram', label: 'Memory',
    choices: [{ value: '256', label: '256 KB' }, { value: '512', label: '512 KB' }, { value: '640', label: '640 KB' }],
    default: '640',
  },
  {
    id: 'video', label: 'Video adapter',
    choices: [
      { value: 'cga', label: 'CGA (colour)' }, { value: 'mda', label: 'MDA (monochrome text)' },
      { value: 'hercules', label: 'Hercules (monochrome graphics)' },
      { value: 'vga', label: 'VGA (8-bit ISA card, with its own BIOS)' },
    ],
    default: 'cga',
  },
  {
    id: 'floppy.timing', label: 'Floppy timing',
    description: 'Fast (default, like the Spectrum\'s instant tape loading): the floppy controller answers at once. ' +
      'Real: seeks, rotation and the data rate take the time they took on the hardware (for programs that time the drive).',
    choices: [{ value: 'fast', label: 'Fast' }, { value: 'real', label: 'Real' }],
    default: 'fast',
  },
  {
    id: 'floppies', label: 'Floppy drives',
    choices: [{ value: '1', label: 'A: only' }, { value: '2', label: 'A: and B:' }],
    default: '2',
  },
];

const OPTIONS: readonly MachineOption[] = [{
  id: TURBO_OPTION,
  label: 'Turbo (9.54 MHz)',
  description: 'Run the 8088 at 9.54 MHz, as a turbo XT clone\'s turbo switch did; off returns to the configured clock.',
  default: false,
}];

export const ibmPcXtInfo: MachineInfo = {
  id: 'ibm-pc-xt',
  title: 'IBM PC/XT',
  description: 'IBM PC/XT-class DOS PC (1983): 8088, CGA, MDA or Hercules video, floppy and hard disks, PC speaker.',
  cpu: 'Intel 8088 @ 4.77 MHz',
  masterHz: MASTER_HZ,
  // The CGA's 262 lines of 912 dots: 59.92 Hz (the MDA runs at about 49.4 Hz).
  frameHz: MASTER_HZ / (912 * 262 * 2),
  roms: [
    {
      slot: 'bios', label: 'PC/XT BIOS (8 KB)', size: 8192, sha1: [GLABIOS_025_SHA1, TURBO_XT_BIOS_31_SHA1],
      fileName: 'GLABIOS.ROM', builtIn: true,
    },
    {
      slot: 'font', label: 'IBM character ROM (5788005)', size: 8192, sha1: [], fileName: '5788005.u33', builtIn: true,
    },
  ],
  media: [
    { id: 'pc-floppy', name: 'PC floppy disk image', extensions: ['img', 'ima', 'dsk', 'vfd'], kind: 'disk', maxBytes: 1_474_560 },
    { id: 'pc-hard-disk', name: 'PC hard-disk image', extensions: ['hdd', 'hd', 'img'], kind: 'hard-disk', maxBytes: 1024 * 16 * 63 * 512 },
  ],
  display: { width: 720, height: 240, pixelAspect: 5 / 12 },
  keyHelp: [
    { keys: 'F1-F10, Esc, Ctrl, Alt, Shift', action: 'the same keys of the PC keyboard' },
    { keys: 'Numpad (Num Lock off)', action: 'cursor keys, Home, End, PgUp, PgDn, Ins, Del' },
  ],
  config: PC_CONFIG,
  drives: [
    { id: 'A:', label: 'Floppy drive A:', kinds: ['disk'], writable: true },
    { id: 'B:', label: 'Floppy drive B:', kinds: ['disk'], writable: true },
    { id: 'C:', label: 'Hard disk C:', kinds: ['hard-disk'], writable: true },
  ],
  inputs: { keyboard: 'events', mouse: true, analog: true },
  joysticks: ['Game port joystick A', 'Game port joystick B'],
  options: OPTIONS,
  // FreeDOS reaches its prompt after about 12 s with our BIOS and the default (fast) floppy timing;
  // text typed earlier waits in the BIOS's 15-key buffer, and longer text would be lost.
  typing: { bootFrames: 720, holdFrames: 2, gapFrames: 2 },
  hasDefaultProgram: true,
};
