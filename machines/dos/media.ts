/**
 * What the `dos` machine takes: a program (.COM, .EXE, .BAT) that becomes drive C: on its own, a
 * ZIP whose files become drive C:, and a floppy image (FAT12) mounted as drive A:. Parsing is
 * pure and gives typed errors (a damaged MZ header, a FAT image that is not one, a bad ZIP).
 */
import { isZip, listZip } from '../../cores/kernel/archive/index.ts';
import type { MediaFormat } from '../../cores/kernel/media.ts';
import { parseProgram } from './exe.ts';
import { readFat } from './fat.ts';
import type { HostFile } from './vfs.ts';
import { dosInfo } from './info.ts';

export interface DosProgramMedia { readonly name: string; readonly bytes: Uint8Array }
export interface DosFilesMedia {
  readonly name: string;
  readonly files: readonly HostFile[];
  readonly label: string;
  /** A floppy's raw sectors and geometry (for INT 13h); absent for a ZIP. */
  readonly image?: Uint8Array;
  readonly sectorsPerTrack?: number;
  readonly heads?: number;
}

const info = (id: string) => dosInfo.media.find((m) => m.id === id)!;

/** The file name a host name gets on drive C: (its last component, upper case). */
export function baseName(name: string): string { return (name.split(/[\\/]/).pop() ?? name).split('#').pop()!; }

export const dosProgramFormat: MediaFormat<DosProgramMedia> = {
  ...info('dos-program'),
  parse(bytes, name) {
    if (!/\.bat$/i.test(name)) parseProgram(bytes, name); // typed errors now, not at run time
    return { name: baseName(name), bytes };
  },
};

export const dosZipFormat: MediaFormat<DosFilesMedia> = {
  ...info('dos-zip'),
  sniff: isZip,
  parse(bytes, name) {
    const files: HostFile[] = listZip(bytes, name).map((e) => ({ path: e.name, size: e.size, read: () => e.read() }));
    return { name: baseName(name), files, label: '' };
  },
};

export const dosFloppyFormat: MediaFormat<DosFilesMedia> = {
  ...info('dos-floppy'),
  parse(bytes, name) {
    const r = readFat(bytes, name);
    return { name: baseName(name), files: r.files, label: r.label, image: bytes, sectorsPerTrack: r.geometry.sectorsPerTrack, heads: r.geometry.heads };
  },
};
