/**
 * The IBM PC/XT as data plus the build checklist: the configuration picks the CPU clock, RAM,
 * video card and floppy drives of a `PcBoard` (board.ts); the drives (drives.ts) hold the disk
 * images; the result is wrapped as the Session's Machine.
 */
import type { Machine, MachineDef } from '../../cores/kernel/machine.ts';
import type { LoadedMedia } from '../../cores/kernel/media.ts';
import { amalgamCharRom } from '../../roms/ibm-pc-xt/font8.ts';
import { demoDisk } from '../../roms/ibm-pc-xt/demo-disk.ts';
import { amalgamBios, amalgamDemoCode, amalgamVgaBios } from '../../roms/ibm-pc-xt/images.ts';
import { CPU_DIVIDERS, PcBoard, type VideoKind } from './board.ts';
import { DriveBay } from './drives.ts';
import { ibmPcXtInfo, TURBO_OPTION } from './info.ts';
import { keysForChar } from './keys.ts';
import { floppyFormat, hardDiskFormat } from './media/disk-image.ts';
import { GamePort } from './game-port.ts';
import { PvDisk } from './pv-disk.ts';
import { SerialMouse } from './serial-mouse.ts';

/** The running PC as the Session sees it, plus the board and drives for tests and tools. */
export interface PcMachine extends Machine {
  readonly board: PcBoard;
  readonly drives: DriveBay;
}

const TURBO_DIVIDER = 3;

export const ibmPcXt: MachineDef = {
  ...ibmPcXtInfo,
  roms: [
    { ...ibmPcXtInfo.roms[0]!, fallback: amalgamBios },
    { ...ibmPcXtInfo.roms[1]!, fallback: amalgamCharRom },
  ],
  media: [floppyFormat, hardDiskFormat],
  defaultProgram: { name: 'amalgam-demo.img', load: () => demoDisk(amalgamDemoCode()) },
  bench: {
    media: 'bench-kernels/bootbench-10000.img.gz',
    description: 'boots bootbench-10000 (10,000 sieve passes, 8086 code) from floppy A: with Amalgam\'s BIOS ' +
      'at 4.77 MHz, CGA and speaker on; done at its final CLI; HLT',
    // The program ends in CLI; HLT after writing its result (bench-kernels/README.md).
    isDone: (m) => {
      const cpu = (m as PcMachine).board.cpu;
      return cpu.halted && (cpu.flags & 0x200) === 0;
    },
  },
  build(ctx) {
    const cfg = ctx.config;
    const cpuDivider = CPU_DIVIDERS[cfg['cpu.clock'] ?? '4.77'] ?? 6;
    const floppies = Number(cfg.floppies ?? '2');
    const board = new PcBoard({
      host: ctx.host,
      bios: ctx.roms.get('bios')!,
      ramKB: Number(cfg.ram ?? '640'),
      video: (cfg.video ?? 'cga') as VideoKind,
      charRom: ctx.roms.get('font')!,
      cpuDivider,
      floppyDrives: floppies,
      fastFloppy: (cfg['floppy.timing'] ?? 'fast') === 'fast',
      videoRom: cfg.video === 'vga' ? amalgamVgaBios() : undefined,
    });
    const drives = new DriveBay();
    // The paravirtual disk port answers only our BIOS's INT 13h (pv-disk.ts).
    board.addIo(new PvDisk(board, drives, floppies));
    const mouse = new SerialMouse(board.com1, ctx.host.input);
    const gamePort = new GamePort(board.scheduler, ctx.host.input, ibmPcXtInfo.masterHz);
    board.addIo(gamePort);
    board.video.onFrame = (frame) => {
      board.flushAudio(board.scheduler.now);
      board.keyboard.poll();
      mouse.frame();
      ctx.host.video(frame);
    };
    const machine: PcMachine = {
      board,
      drives,
      scheduler: board.scheduler,
      parts: { ...board.parts(), drives: drives.part, mouse, gamePort },
      get frameCount() { return board.frames; },
      frameTicks: (board.video as { nominalFrame?: number }).nominalFrame,
      setAudioRate: (hz) => board.setAudioRate(hz),
      reset: () => board.reset(),
      insert: (media: LoadedMedia, drive?: string) => {
        const id = drive ?? (media.format.kind === 'hard-disk' ? 'C:' : 'A:');
        drives.insert(media, id);
        if (id !== 'C:') board.setFloppy(id === 'A:' ? 0 : 1, drives.floppyMedia(id));
      },
      eject: (drive) => {
        drives.eject(drive);
        if (drive !== 'C:') board.setFloppy(drive === 'A:' ? 0 : 1, null);
      },
      setWriteProtect: (drive, on) => drives.setWriteProtect(drive, on),
      insertedMedia: () => drives.refs(),
      writtenMedia: () => drives.written(),
      screenText: () => board.video.screenText(),
      keysForChar,
      afterStateLoad: () => board.video.afterStateLoad?.(),
      options: {
        set: (id, value) => {
          if (id === TURBO_OPTION) board.scheduler.setDivider(board.cpu, value ? TURBO_DIVIDER : cpuDivider);
        },
      },
    };
    return machine;
  },
};
