/**
 * The NES / Famicom (NTSC) as data: clocks, the cartridge format, display, input names, the
 * bench workload, our demo shown when nothing is loaded, and the build checklist that wires
 * `Nes` to the Session's Machine interface.
 */
import type { Machine, MachineDef } from '../../cores/kernel/machine.ts';
import { demoCartridge } from '../../roms/nes/demo.ts';
import { inesFormat } from './cartridge.ts';
import { FRAME_TICKS, MASTER_HZ, Nes, PIXEL_ASPECT } from './nes.ts';
import { HEIGHT, WIDTH } from './ppu.ts';

export interface NesMachine extends Machine {
  readonly nes: Nes;
}

export const nes: MachineDef = {
  id: 'nes',
  title: 'NES / Famicom (NTSC)',
  description: 'Nintendo Entertainment System (1983/1985): 2A03 CPU and APU, 2C02 PPU, cartridges with mappers 0-4, 7, 9-11, 66, 71.',
  cpu: 'Ricoh 2A03 (6502) @ 1.79 MHz',
  masterHz: MASTER_HZ,
  frameHz: MASTER_HZ / FRAME_TICKS,
  roms: [],
  media: [inesFormat],
  display: { width: WIDTH, height: HEIGHT, pixelAspect: PIXEL_ASPECT },
  bench: {
    media: 'testdata/nes/other/nestest.nes',
    description: 'nestest.nes (its menu screen, rendering on), video and audio',
  },
  defaultProgram: { name: 'amalgam-demo.nes', load: demoCartridge },
  keyHelp: [
    { keys: 'Arrows', action: 'D-pad (controller 1)' },
    { keys: 'X', action: 'A' },
    { keys: 'Z', action: 'B' },
    { keys: 'Enter', action: 'Start' },
    { keys: 'Right Shift / Tab', action: 'Select' },
  ],
  joysticks: ['Controller 1', 'Controller 2'],
  build(ctx) {
    const n = new Nes(ctx.host);
    const machine: NesMachine = {
      nes: n,
      scheduler: n.scheduler,
      get parts() {
        return { cpu: n.cpu, bus: n.busPart, ppu: n.ppu, apu: n.apu, cart: n.mapper, audio: n.audioPart };
      },
      get frameCount() { return n.frames; },
      frameTicks: FRAME_TICKS,
      setAudioRate: (hz) => n.setAudioRate(hz),
      reset: () => n.reset(),
      insert: (media) => n.insert(media),
      afterStateLoad: () => n.refresh(),
      insertedMedia: () => (n.cartRef ? [n.cartRef] : []),
      writtenMedia: () => n.writtenMedia(),
    };
    return machine;
  },
};
