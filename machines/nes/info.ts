/**
 * The NES as the page sees it before loading any of its code: names, clocks, the cartridge
 * format and slot, display, keys. `definition.ts` spreads this and adds the parser, the bench,
 * the demo and the build; test/machines/catalog.test.ts checks the two agree.
 */
import type { MachineInfo } from '../../cores/kernel/machine.ts';

/** NTSC master clock: 6 x the 3.579545 MHz colour subcarrier (CPU /12, PPU /4). */
export const NES_MASTER_HZ = 21_477_272;
/** Average frame: 262 lines x 341 dots less half a dot (odd frames skip one with rendering on). */
export const NES_FRAME_TICKS = Math.round((262 * 341 - 0.5) * 4);
/** The largest cartridge image we take (the biggest boards hold a few MiB). */
export const NES_MAX_CART_BYTES = 16 * 1024 * 1024;

/** Id of the option that puts a Zapper in port 2. */
export const ZAPPER_OPTION = 'input.zapper';

export const nesInfo: MachineInfo = {
  id: 'nes',
  title: 'NES / Famicom (NTSC)',
  description: 'Nintendo Entertainment System (1983/1985): 2A03 CPU and APU, 2C02 PPU, cartridges with mappers 0-4, 7, 9-11, 66, 71.',
  cpu: 'Ricoh 2A03 (6502) @ 1.79 MHz',
  masterHz: NES_MASTER_HZ,
  frameHz: NES_MASTER_HZ / NES_FRAME_TICKS,
  roms: [],
  media: [{ id: 'ines', name: 'iNES / NES 2.0 cartridge image', extensions: ['nes'], kind: 'cartridge', maxBytes: NES_MAX_CART_BYTES }],
  display: { width: 256, height: 240, pixelAspect: 8 / 7 },
  keyHelp: [
    { keys: 'Arrows', action: 'D-pad (controller 1)' },
    { keys: 'X', action: 'A' },
    { keys: 'Z', action: 'B' },
    { keys: 'Enter', action: 'Start' },
    { keys: 'Right Shift / Tab', action: 'Select' },
  ],
  joysticks: ['Controller 1', 'Controller 2'],
  drives: [{ id: 'cart', label: 'Cartridge slot', kinds: ['cartridge'], writable: false, buildInput: true }],
  options: [{
    id: ZAPPER_OPTION,
    label: 'Zapper on port 2',
    description: 'A light gun in the second controller port instead of a pad: the mouse aims (the page locks the ' +
      'pointer), the left button pulls the trigger. For Duck Hunt and other Zapper games.',
    default: false,
  }],
  inputs: { mouse: true },
  hasDefaultProgram: true,
};
