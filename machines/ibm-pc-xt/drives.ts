/**
 * The PC's drives as the machine holds them: floppy drives A: and B: and the hard disk C:, each
 * with the inserted image behind a copy-on-write layer (media/disk-image.ts), a write-protect
 * switch and the reference the save-state envelope records. The FDC and the paravirtual disk port
 * read and write sectors through `disk(unit)`.
 *
 * Saved: per drive, the written sectors (so a state restores what the guest wrote) and the
 * write-protect switch; which medium is inserted is the envelope's business (by name and hash).
 */
import { CorruptStateError } from '../../cores/kernel/errors.ts';
import type { LoadedMedia, MediaRef } from '../../cores/kernel/media.ts';
import type { Part } from '../../cores/kernel/part.ts';
import type { FloppyMedia } from '../../cores/chips/upd765/upd765.ts';
import { CowDisk, type CowDiskState, type DiskImage } from './media/disk-image.ts';

/** A drive's disk as the floppy controller reads it. */
class FloppyView implements FloppyMedia {
  constructor(private readonly disk: CowDisk, private readonly bay: DriveBay, private readonly id: string) {}
  get cylinders(): number { return this.disk.geometry.cylinders; }
  get heads(): number { return this.disk.geometry.heads; }
  get sectorsPerTrack(): number { return this.disk.geometry.sectors; }
  get writeProtected(): boolean { return this.bay.writeProtected(this.id); }
  readSector(c: number, h: number, r: number, into: Uint8Array, at: number): boolean {
    const lba = this.disk.lba(c, h, r);
    if (lba < 0) return false;
    this.disk.read(lba, into, at);
    return true;
  }
  writeSector(c: number, h: number, r: number, from: Uint8Array, at: number): boolean {
    const lba = this.disk.lba(c, h, r);
    if (lba < 0) return false;
    this.disk.write(lba, from, at);
    return true;
  }
}

export const DRIVE_IDS = ['A:', 'B:', 'C:'] as const;
export type DriveId = (typeof DRIVE_IDS)[number];

interface Slot {
  disk: CowDisk | null;
  ref: MediaRef | null;
  writeProtected: boolean;
  /** Changes each time a medium goes in or out (the FDC's disk-change line). */
  changes: number;
}

export interface DrivesState {
  drives: { id: string; written: CowDiskState | null; writeProtected: boolean; changes: number }[];
}

export class DriveBay {
  private readonly slots = new Map<string, Slot>(DRIVE_IDS.map((id) => [id, { disk: null, ref: null, writeProtected: false, changes: 0 }]));

  /** Disk in drive `id` (A:, B:, C:), or null. */
  disk(id: string): CowDisk | null {
    return this.slots.get(id)?.disk ?? null;
  }

  writeProtected(id: string): boolean {
    return this.slots.get(id)?.writeProtected ?? true;
  }

  /** Counts media changes in a drive (the FDC latches disk-change from it). */
  changes(id: string): number {
    return this.slots.get(id)?.changes ?? 0;
  }

  insert(media: LoadedMedia, id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) throw new RangeError(`no drive ${id}`);
    slot.disk = new CowDisk(media.data as DiskImage);
    slot.ref = { ...media.ref, drive: id };
    slot.changes++;
  }

  eject(id: string): void {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    slot.disk = null;
    slot.ref = null;
    slot.changes++;
  }

  setWriteProtect(id: string, on: boolean): void {
    const slot = this.slots.get(id);
    if (slot !== undefined) slot.writeProtected = on;
  }

  refs(): MediaRef[] {
    return [...this.slots.values()].flatMap((s) => (s.ref === null ? [] : [{ ...s.ref }]));
  }

  /** Changed disks as complete images, in the format they came in (raw). */
  written(): { drive: string; name: string; bytes: Uint8Array }[] {
    const out: { drive: string; name: string; bytes: Uint8Array }[] = [];
    for (const [id, s] of this.slots) if (s.disk !== null && s.ref !== null && s.disk.changed) out.push({ drive: id, name: s.ref.name, bytes: s.disk.image() });
    return out;
  }

  /** The disk in floppy drive `id` as the FDC sees it, or null when empty (or for C:). */
  floppyMedia(id: string): FloppyMedia | null {
    const d = this.disk(id);
    return d === null || id === 'C:' ? null : new FloppyView(d, this, id);
  }

  readonly part: Part<DrivesState> = {
    stateVersion: 1,
    getState: () => ({
      drives: [...this.slots].map(([id, s]) => ({
        id, written: s.disk === null ? null : s.disk.getState(), writeProtected: s.writeProtected, changes: s.changes,
      })),
    }),
    setState: (st) => {
      if (typeof st !== 'object' || st === null || !Array.isArray(st.drives)) throw new CorruptStateError('drives state: malformed');
      for (const d of st.drives) {
        const slot = this.slots.get(d?.id);
        if (slot === undefined) throw new CorruptStateError('drives state: unknown drive');
        // A state saved with a disk in a drive that is empty now keeps nothing (the Session has
        // already refused a state whose media differ from what is inserted).
        if (slot.disk !== null) slot.disk.setState(d.written ?? { lbas: [], data: new Uint8Array(0) });
        slot.writeProtected = d.writeProtected === true;
        slot.changes = Number.isInteger(d.changes) ? d.changes : 0;
      }
    },
  };
}
