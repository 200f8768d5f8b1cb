/**
 * The Amiga 500 (OCS, PAL) as data plus the build checklist: `info.ts` (names, ROM slots,
 * configuration) with Amalgam's own boot ROM as the Kickstart fallback, wiring `Amiga` to the
 * Session's Machine interface.
 *
 * Disks: ADF/ADZ images in DF0:-DF3: (as many drives as the 'drives' setting fits).
 */
import type { Machine, MachineDef } from '../../cores/kernel/machine.ts';
import { bootRom } from '../../roms/amiga-500/images.ts';
import { UsageError } from '../../cores/kernel/errors.ts';
import { type AdfDisk, adfFormat } from './adf.ts';
import { Amiga } from './amiga.ts';
import { Floppy } from './floppy.ts';
import { FRAME_HEIGHT, FRAME_WIDTH, LINE_TICKS, PAL_LINES_LONG } from './constants.ts';
import { amiga500Info } from './info.ts';

/** The running machine as the Session sees it, plus the Amiga itself for tests and tools. */
export interface AmigaMachine extends Machine {
  readonly amiga: Amiga;
}

const [kickSlot, extSlot] = amiga500Info.roms;

export const amiga500: MachineDef = {
  ...amiga500Info,
  roms: [{ ...kickSlot!, fallback: bootRom }, { ...extSlot!, fallback: () => new Uint8Array(0) }],
  media: [adfFormat],
  display: { width: FRAME_WIDTH, height: FRAME_HEIGHT, pixelAspect: 1 },
  build(ctx) {
    const cfg = ctx.config;
    const ext = ctx.fallbackRoms.has('ext') ? null : ctx.roms.get('ext') ?? null;
    const a = new Amiga({
      host: ctx.host,
      rom: ctx.roms.get('kickstart')!,
      ext: ext !== null && ext.length > 0 ? ext : null,
      config: { chipKb: Number(cfg.chip ?? '512'), slowKb: Number(cfg.slow ?? '512'), drives: Number(cfg.drives ?? '1') },
    });
    const machine: AmigaMachine = {
      amiga: a,
      scheduler: a.scheduler,
      parts: { cpu: a.cpu, mem: a.memPart, chipset: a.chipsetPart, ciaa: a.ciaA, ciab: a.ciaB },
      get frameCount() { return a.frames; },
      frameTicks: LINE_TICKS * PAL_LINES_LONG,
      setAudioRate: (hz) => a.setAudioRate(hz),
      reset: () => a.reset(),
      insert: (media, drive) => {
        if (media.format.id !== 'adf') throw new UsageError(`The Amiga 500 cannot take ${media.format.name}.`);
        a.floppy.insert(Floppy.driveIndex(drive ?? 'DF0:'), (media.data as AdfDisk).bytes, media.ref);
      },
      eject: (drive) => a.floppy.eject(Floppy.driveIndex(drive)),
      setWriteProtect: (drive, on) => a.floppy.setWriteProtect(Floppy.driveIndex(drive), on),
      insertedMedia: () => a.floppy.refs(),
      writtenMedia: () => a.floppy.written(),
      afterStateLoad: () => a.afterStateLoad(),
    };
    return machine;
  },
};
