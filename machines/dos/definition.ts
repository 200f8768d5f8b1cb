/**
 * The `dos` machine: the PC board of `ibm-pc-xt` (8088, 8253, 8259, 8255, keyboard, speaker,
 * the configured video card) with Amalgam's own ROM in place of a BIOS (rom.ts: trap slots) and
 * the built-in DOS (kernel.ts) answering the BIOS and DOS interrupts in TypeScript. Port E0h
 * writes from a slot reach `DosKernel.trap`.
 *
 * Start-up: the CPU leaves reset through F000:FFF0 into the boot slot; the boot service sets up
 * what a BIOS POST would (8259 at vector 08h, 8253 channel 0 at 18.2 Hz, the keyboard enabled,
 * the BIOS data area, the video mode), then DOS's data, and runs the inserted program from C:.
 * Inserting a program or a ZIP restarts the machine with it (a dropped program runs at once,
 * typed to the built-in shell as its first command); when it ends, the shell's prompt is back.
 *
 * Save states: the board's parts as on the PC, plus `dos`: DOS's private tables, the shell, and
 * the overlays of C: and A: (what the guest wrote; the media themselves are referenced by hash).
 * The host mouse feeds INT 33h once a frame. VGA (the default): our TypeScript INT 10h is the
 * "system BIOS" under the board's VGA option ROM (roms/ibm-pc-xt/vgabios.asm), which the boot
 * calls at C000:0003 (slots optionRom/postDone) and which chains to us through INT 42h.
 * Not yet: sector writes through INT 13h are not in save states.
 */
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import type { Machine, MachineDef } from '../../cores/kernel/machine.ts';
import type { Part } from '../../cores/kernel/part.ts';
import type { LoadedMedia } from '../../cores/kernel/media.ts';
import { amalgamCharRom } from '../../roms/ibm-pc-xt/font8.ts';
import { amalgamVgaBios } from '../../roms/ibm-pc-xt/images.ts';
import { CPU_DIVIDERS, PcBoard, type VideoKind } from '../ibm-pc-xt/board.ts';
import { keysForChar } from '../ibm-pc-xt/keys.ts';
import { dosInfo } from './info.ts';
import { DosKernel, type DosKernelState } from './kernel.ts';
import { type DosFilesMedia, type DosProgramMedia, dosFloppyFormat, dosProgramFormat, dosZipFormat } from './media.ts';
import { TRAP_PORT, buildRom } from './rom.ts';
import { Shell, type ShellState } from './shell.ts';
import { floppyFromImage } from './int13.ts';
import { writeZip } from './zip-writer.ts';
import type { MouseState } from './mouse.ts';
import { Volume } from './vfs.ts';

interface DosMachineState {
  kernel: DosKernelState;
  shell: ShellState;
  mouse: MouseState;
  program: string | null;
  overlayC: ReturnType<Volume['overlayState']>;
  overlayA: ReturnType<Volume['overlayState']> | null;
}

export interface DosMachine extends Machine {
  readonly board: PcBoard;
  readonly dos: DosKernel;
  /** Exit codes of the programs the machine started, in order. */
  readonly exits: readonly number[];
  /** Messages from DOS (unimplemented functions, load errors), each once. */
  readonly messages: readonly string[];
  /** Throw away what programs wrote to C: and A: (the originals were never changed). */
  discardChanges(): void;
}

/** The overlay of a drive as a ZIP under the host's names; deletions listed in DELETED.TXT. */
export function changesZip(vol: Volume): Uint8Array {
  const ch = vol.changes();
  const files = ch.filter((c) => c.kind === 'file').map((c) => ({ name: c.hostPath, bytes: c.bytes! }));
  const deleted = ch.filter((c) => c.kind === 'deleted').map((c) => c.hostPath);
  if (deleted.length > 0) files.push({ name: 'DELETED.TXT', bytes: new TextEncoder().encode(deleted.join('\r\n') + '\r\n') });
  return writeZip(files);
}

/** What a BIOS POST leaves in the chips, done from TypeScript (IBM PC/XT Technical Reference, BIOS). */
function initChips(board: PcBoard): void {
  const out = (p: number, v: number) => board.out8(p, v);
  out(0x20, 0x13); out(0x21, 0x08); out(0x21, 0x09); out(0x21, 0xbc); // 8259: edge, single, vector 08h, 8086 buffered; IRQ 0, 1, 6 open
  out(0x43, 0x36); out(0x40, 0x00); out(0x40, 0x00);                  // 8253 channel 0: mode 3, count 65536 (18.2 Hz)
  out(0x63, 0x99);                                                      // 8255: A in, B out, C in
  out(0x61, 0xcc); out(0x61, 0x4c);                                     // keyboard clock on, register cleared then enabled
}

export const dosMachine: MachineDef = {
  ...dosInfo,
  roms: [{ ...dosInfo.roms[0]!, fallback: amalgamCharRom }],
  media: [dosFloppyFormat, dosProgramFormat, dosZipFormat],
  bench: {
    media: 'bench-kernels/SIEVE10K.COM',
    description: 'SIEVE10K.COM under the built-in DOS (10,000 sieve passes = 12.8 G 8088 clocks), 8088 at the configured clock (max: 28.6 MHz), VGA',
    isDone: (m) => (m as DosMachine).exits.length > 0,
  },
  build(ctx) {
    const cfg = ctx.config;
    const ramKB = Number(cfg.ram ?? '640');
    const video = (cfg.video ?? 'vga') as VideoKind;
    const board = new PcBoard({
      host: ctx.host, bios: buildRom(), ramKB, video, charRom: ctx.roms.get('font')!,
      videoRom: video === 'vga' ? amalgamVgaBios() : undefined,
      cpuDivider: CPU_DIVIDERS[cfg['cpu.clock'] ?? 'max'] ?? 1, floppyDrives: 1,
    });
    const messages: string[] = [];
    const exits: number[] = [];
    const dos = new DosKernel(board.cpu, board, { memKb: ramKB, mono: video === 'mda' || video === 'hercules', log: (m) => messages.push(m) });
    dos.bios.vga = video === 'vga';
    board.addIo({ read: () => -1, write: (port) => { if ((port & 0xffff) !== TRAP_PORT) return false; dos.trap(); return true; } });
    dos.mouseEnabled = true;
    board.video.onFrame = (frame) => {
      const mv = ctx.host.input.takeMouseMotion();
      dos.mouse.update(mv.dx, mv.dy, ctx.host.input.mouseButtons);
      board.flushAudio(board.scheduler.now);
      board.keyboard.poll();
      ctx.host.video(frame);
    };
    let driveC: Volume = new Volume([], 'AMALGAM');
    let driveA: Volume | null = null;
    let protectA = false;
    let program: string | null = null;
    const inserted: LoadedMedia[] = [];
    dos.onProgramExit = (code) => { exits.push(code); };
    dos.onBoot = () => {
      initChips(board);
      dos.install();
      // A card with an option ROM (our VGA BIOS) hooks INT 10h and sets its mode; then postDone.
      if (board.read8(0xc0000) === 0x55 && board.read8(0xc0001) === 0xaa) dos.callOptionRom(); else startDos();
    };
    dos.onPostDone = () => startDos();
    const startDos = (): void => {
      dos.mount(2, driveC);
      if (driveA !== null) dos.mount(0, driveA);
      dos.curDrive = 2;
      shell = new Shell(dos);
      dos.startShell(() => shell.step());
      if (program === null) {
        for (const ch of 'Amalgam DOS 5.0 (built in). Drop a .COM, .EXE or a ZIP to run it.\r\n') dos.conOut(ch.charCodeAt(0));
      } else {
        shell.queueCommand(program);
      }
    };
    let shell = new Shell(dos);
    const restart = () => { board.reset(); };
    /** DOS's own tables, the shell, and what the guest wrote to C: and A: (the overlays). */
    const dosPart: Part<DosMachineState> = {
      stateVersion: 1,
      getState: () => ({
        kernel: dos.getState(), shell: shell.getState(), mouse: dos.mouse.getState(), program,
        overlayC: driveC.overlayState(), overlayA: driveA?.overlayState() ?? null,
      }),
      setState: (st) => {
        if (typeof st !== 'object' || st === null || !Array.isArray(st.overlayC) || (st.program !== null && typeof st.program !== 'string')) {
          throw new CorruptStateError('DOS machine state: malformed');
        }
        dos.setState(st.kernel);
        dos.mouse.setState(st.mouse);
        shell = new Shell(dos);
        shell.setState(st.shell);
        dos.onShell = () => shell.step();
        program = st.program;
        driveC.setOverlayState(st.overlayC);
        dos.drives[2] = driveC;
        if (driveA !== null && Array.isArray(st.overlayA)) driveA.setOverlayState(st.overlayA);
        dos.drives[0] = driveA;
      },
    };
    const machine: DosMachine = {
      board, dos, exits, messages,
      scheduler: board.scheduler,
      parts: { ...board.parts(), dos: dosPart },
      get frameCount() { return board.frames; },
      frameTicks: (board.video as { nominalFrame?: number }).nominalFrame,
      setAudioRate: (hz) => board.setAudioRate(hz),
      reset: restart,
      insert: (media: LoadedMedia) => {
        if (media.format.id === 'dos-floppy') {
          const d = media.data as DosFilesMedia;
          driveA = new Volume(d.files, d.label);
          driveA.writeProtected = protectA;
          dos.disk.floppy = d.image !== undefined ? floppyFromImage(d.image, d.sectorsPerTrack ?? 0, d.heads ?? 0) : null;
          dos.mount(0, driveA);
          inserted.push(media);
          return;
        }
        if (media.format.id === 'dos-program') {
          const d = media.data as DosProgramMedia;
          const name = d.name.toUpperCase();
          driveC = new Volume([{ path: name, size: d.bytes.length, bytes: d.bytes }], 'AMALGAM');
          program = driveC.list('')[0]![0];
        } else {
          const d = media.data as DosFilesMedia;
          driveC = new Volume(d.files, d.label || 'AMALGAM');
          const progs = driveC.list('').filter(([n]) => /\.(COM|EXE|BAT)$/.test(n)).map(([n]) => n);
          program = progs.length === 1 ? progs[0]! : null;
        }
        inserted.length = 0;
        inserted.push(media);
        exits.length = 0;
        restart();
      },
      eject: (drive) => { if (drive === 'A:') { driveA = null; dos.mount(0, null); dos.disk.floppy = null; } },
      setWriteProtect: (drive, on) => { if (drive === 'A:') { protectA = on; if (driveA !== null) driveA.writeProtected = on; } },
      insertedMedia: () => inserted.map((m) => ({ ...m.ref, ...(m.format.kind === 'disk' ? { drive: 'A:' } : {}) })),
      screenText: () => board.video.screenText(),
      keysForChar,
      afterStateLoad: () => board.video.afterStateLoad?.(),
      exports: { export: () => ({ name: 'dos-changes.zip', bytes: changesZip(driveC) }) },
      discardChanges: () => { driveC.discard(); driveA?.discard(); },
    };
    return machine;
  },
};
