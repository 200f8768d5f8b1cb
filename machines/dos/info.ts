/**
 * The `dos` machine as the page sees it before loading its code: a PC whose BIOS and DOS are
 * built in (TypeScript services), so a dropped .COM, .EXE or a ZIP of a game runs without any
 * system disk. Configuration as on `ibm-pc-xt` (CPU clock, memory, video adapter).
 */
import type { MachineInfo } from '../../cores/kernel/machine.ts';
import { PC_CONFIG } from '../ibm-pc-xt/info.ts';

/** 2 x 14.31818 MHz, as the PC board (machines/ibm-pc-xt/board.ts). */
const MASTER_HZ = 28_636_360;

export const dosInfo: MachineInfo = {
  id: 'dos',
  title: 'DOS (built in)',
  description: 'A PC with DOS 5 built in (as DOSBox does it): drop a .COM, .EXE or a ZIP and it runs, no system disk needed.',
  cpu: 'Intel 8088 @ 28.6 MHz (4.77-28.6)',
  masterHz: MASTER_HZ,
  // The VGA's 449 lines of 100 character clocks of 9 master ticks (text mode 03h): about 70.9 Hz
  // (UNVERIFIED against vga.ts's exact line count; a pacing hint only).
  frameHz: MASTER_HZ / (449 * 100 * 9),
  roms: [{ slot: 'font', label: 'IBM character ROM (5788005)', size: 8192, sha1: [], fileName: '5788005.u33', builtIn: true }],
  media: [
    { id: 'dos-floppy', name: 'PC floppy disk image (drive A:)', extensions: ['img', 'ima', 'vfd'], kind: 'disk', maxBytes: 2_949_120 },
    { id: 'dos-program', name: 'DOS program', extensions: ['com', 'exe', 'bat'], kind: 'program', maxBytes: 16 * 1024 * 1024 },
    { id: 'dos-zip', name: 'ZIP of a DOS program and its files (drive C:)', extensions: ['zip'], kind: 'program', maxBytes: 256 * 1024 * 1024 },
  ],
  // The VGA's frame (machines/ibm-pc-xt/video/vga.ts); CGA/MDA configurations send their own sizes.
  display: { width: 720, height: 480, pixelAspect: (4 / 720) / (3 / 480) },
  keyHelp: [
    { keys: 'F1-F12, Esc, Ctrl, Alt, Shift', action: 'the same keys of the PC keyboard' },
  ],
  // As on ibm-pc-xt, but the CPU defaults to 'max' (28.6 MHz, the board's master clock), the
  // nearest the board comes to DOSBox's cycles=max, and the video to the VGA.
  config: PC_CONFIG.filter((c) => c.id !== 'floppies').map((c) =>
    c.id === 'cpu.clock' ? { ...c, default: 'max' } : c.id === 'video' ? { ...c, default: 'vga' } : c),
  drives: [{ id: 'A:', label: 'Floppy drive A:', kinds: ['disk'], writable: true }],
  inputs: { keyboard: 'events', mouse: true },
  exports: [{ format: 'changes-zip', label: 'Files the programs wrote on C: (ZIP)', extension: 'zip' }],
  typing: { bootFrames: 30, holdFrames: 2, gapFrames: 2 },
};
