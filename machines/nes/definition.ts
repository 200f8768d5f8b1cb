/**
 * The NES / Famicom (NTSC) as data: clocks, the cartridge format, display, input names, the
 * bench workload, our demo shown when nothing is loaded, and the build checklist that wires
 * `Nes` to the Session's Machine interface.
 */
import type { Machine, MachineDef } from '../../cores/kernel/machine.ts';
import { demoCartridge } from '../../roms/nes/demo.ts';
import { inesFormat } from './cartridge.ts';
import { nesInfo } from './info.ts';
import { FRAME_TICKS, Nes } from './nes.ts';

export interface NesMachine extends Machine {
  readonly nes: Nes;
}

export const nes: MachineDef = {
  ...nesInfo,
  roms: [],
  media: [inesFormat],
  bench: {
    media: 'testdata/nes/other/nestest.nes',
    description: 'nestest.nes (its menu screen, rendering on), video and audio; jsnes 3.0.0 runs it beside',
  },
  defaultProgram: { name: 'amalgam-demo.nes', load: demoCartridge },
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
      eject: () => n.eject(),
      afterStateLoad: () => n.refresh(),
      insertedMedia: () => (n.cartRef ? [{ ...n.cartRef, drive: 'cart' }] : []),
      writtenMedia: () => n.writtenMedia().map((w) => ({ ...w, drive: 'cart' })),
      // A session setting: the Session validated the id (the only one is ZAPPER_OPTION).
      options: { set: (_id, value) => { n.controllers.zapper = value; } },
    };
    return machine;
  },
};
