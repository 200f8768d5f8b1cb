/**
 * The ZX Spectrum 48K as data: clocks, the ROM slot (user-supplied Sinclair ROM, checked by hash,
 * with our replacement ROM as the fallback), media formats, display, bench workload, the demo shown
 * when nothing is loaded, and the build checklist that wires `Spectrum` to the Session's Machine
 * interface.
 */
import type { Machine, MachineDef } from '../../cores/kernel/machine.ts';
import { demoSnapshot, replacementRom } from '../../roms/zx-spectrum-48k/images.ts';
import { keysForChar } from './keyboard.ts';
import { snaFormat } from './snapshot/sna.ts';
import { z80Format } from './snapshot/z80.ts';
import { REALTIME_TAPE_OPTION, spectrum48kInfo } from './info.ts';
import { FRAME_TICKS, Spectrum } from './spectrum.ts';
import { cswFormat } from './tape/csw.ts';
import { tapFormat } from './tape/tap.ts';
import { tzxFormat } from './tape/tzx.ts';

/** The running machine as the Session sees it, plus Spectrum extras (snapshot saving, tape mode). */
export interface SpectrumMachine extends Machine {
  readonly spectrum: Spectrum;
}

export { REALTIME_TAPE_OPTION, SINCLAIR_48K_ROM_SHA1 } from './info.ts';

export const spectrum48k: MachineDef = {
  ...spectrum48kInfo,
  roms: [{ ...spectrum48kInfo.roms[0]!, fallback: replacementRom }],
  media: [tzxFormat, tapFormat, cswFormat, z80Format, snaFormat],
  bench: {
    media: 'bench-kernels/sievez80-100.z80',
    roms: { system: 'testdata/spectrum/rom/48.rom' },
    description: 'sieve x100 snapshot (68 s of emulated work, timed up to its JR $ end loop), full video and audio',
    // The program ends in `JR $` at 8003h (bench-kernels/README.md); 8005h would be a wrong count.
    isDone: (m) => (m as SpectrumMachine).spectrum.cpu.pc === 0x8003,
  },
  defaultProgram: { name: 'amalgam-demo.z80', load: demoSnapshot },
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
      setWriteProtect: (_drive, on) => { s.traps.writeProtected = on; },
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
      options: { set: (id, value) => { if (id === REALTIME_TAPE_OPTION) s.traps.realTimeTape = value; } },
      exports: {
        export: (format) => ({ name: `spectrum.${format}`, bytes: s.saveSnapshot(format === 'sna' ? 'sna' : 'z80') }),
      },
    };
    return machine;
  },
};
