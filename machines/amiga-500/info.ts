/**
 * The Amiga 500 as the page sees it before loading any of its code: names, ROM slots, formats,
 * configuration, joysticks. `definition.ts` spreads this and adds the fallback ROM and the build.
 */
import type { MachineInfo } from '../../cores/kernel/machine.ts';

/** PAL master clock; a long frame is 313 lines of 227 colour clocks (8 ticks each). */
const MASTER_HZ = 28_375_160;
const FRAME_TICKS = 313 * 227 * 8;

/**
 * Kickstart and replacement ROMs known by SHA-1: the AROS builds and DiagROM in
 * ../shared/testdata/amiga/rom (SOURCE.md), and Kickstart 3.1 (40.068) for the A500/A600/A2000
 * as MAME's amiga ROM list names it. 256 KB Kickstarts (1.2, 1.3) load too.
 */
export const KNOWN_KICKSTARTS: Readonly<Record<string, string>> = {
  'aros-20250219-rom.bin': '3dfd2891b796e59543492d4f47dfbee2df8fdb78',
  'aros-svn55696-rom.bin': 'af9a5c5c0c25b20c1ad95b4433c0553c46b5065b',
  'diagrom-13.bin': 'bb1e8a7976eb97bb9d837b79747d7fb36b2e850d',
  'kick40068.a500': 'e21545723fe8374e91342617604f1b3d703094f1',
};

/** Extension ROMs known by SHA-1 (AROS, matching the main ROMs above). */
export const KNOWN_EXT_ROMS: Readonly<Record<string, string>> = {
  'aros-20250219-ext.bin': '6152b27f2b08bd74f3f2079e91e41030c2604182',
  'aros-svn55696-ext.bin': '1a7b79b62930bc97887ce37c3ff0368e57a27f7d',
};

export const amiga500Info: MachineInfo = {
  id: 'amiga-500',
  title: 'Amiga 500',
  description: 'Commodore Amiga 500 (1987), PAL, original chip set: 68000, Agnus, Denise, Paula, two 8520 CIAs.',
  cpu: 'Motorola 68000 @ 7.09 MHz',
  masterHz: MASTER_HZ,
  frameHz: MASTER_HZ / FRAME_TICKS,
  roms: [
    {
      slot: 'kickstart', label: 'Kickstart ROM (1.2/1.3: 256 KB; 2.04/3.1 or AROS: 512 KB)', size: 0x80000,
      sizes: [0x40000, 0x80000], sha1: Object.values(KNOWN_KICKSTARTS), fileName: 'kick.rom', builtIn: true,
    },
    {
      // Optional: without it the slot is empty (the fallback is no ROM at all).
      slot: 'ext', label: 'Extension ROM at $E00000 (AROS only)', size: 0x80000,
      sha1: Object.values(KNOWN_EXT_ROMS), fileName: 'aros-ext.bin', builtIn: true,
    },
  ],
  media: [{ id: 'adf', name: 'Amiga disk image (ADF/ADZ)', extensions: ['adf', 'adz'], kind: 'disk', maxBytes: 4 * 901_120 }],
  display: { width: 768, height: 572, pixelAspect: 1 },
  config: [
    {
      id: 'chip', label: 'Chip RAM', description: 'Memory the custom chips reach (the A500 has 512 KB; 1 MB with a later Agnus).',
      choices: [{ value: '512', label: '512 KB' }, { value: '1024', label: '1 MB' }], default: '512',
    },
    {
      id: 'slow', label: 'Slow RAM', description: 'The trapdoor expansion at $C00000 (A501).',
      choices: [{ value: '512', label: '512 KB' }, { value: '0', label: 'none' }], default: '512',
    },
    {
      id: 'drives', label: 'Floppy drives', description: 'DF0: is the internal drive; DF1:-DF3: are external drives.',
      choices: [1, 2, 3, 4].map((n) => ({ value: String(n), label: n === 1 ? 'DF0: only' : `DF0:-DF${n - 1}:` })), default: '1',
    },
  ],
  drives: [0, 1, 2, 3].map((i) => ({ id: `DF${i}:`, label: `Floppy drive DF${i}:`, kinds: ['disk'] as const, writable: true })),
  joysticks: ['Joystick (port 2)'],
  inputs: { keyboard: 'events', mouse: true },
  keyHelp: [
    { keys: 'Windows / Meta keys', action: 'left and right Amiga keys' },
    { keys: 'F11', action: 'Help' },
    { keys: 'Mouse', action: 'mouse in port 1 (click the screen to capture it)' },
  ],
};
