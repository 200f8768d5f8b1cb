/**
 * Writes a ZIP archive (stored entries, no compression) of what a program wrote to a drive, so the
 * user can take the overlay away (PKWARE APPNOTE.TXT 6.3.10: local headers §4.3.7, central
 * directory §4.3.12, end record §4.3.16; CRC-32 §4.4.7). Deleted files cannot be expressed in a
 * ZIP and are listed in a `DELETED.TXT` entry instead.
 */
import { crc32 } from '../../cores/kernel/archive/index.ts';

export interface ZipInput { readonly name: string; readonly bytes: Uint8Array; readonly dosDate?: number; readonly dosTime?: number }

export function writeZip(files: readonly ZipInput[]): Uint8Array {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const header = (size: number): [Uint8Array, DataView] => { const b = new Uint8Array(size); return [b, new DataView(b.buffer)]; };
  for (const f of files) {
    const name = enc.encode(f.name);
    const crc = crc32(f.bytes);
    const [lh, l] = header(30);
    l.setUint32(0, 0x04034b50, true); l.setUint16(4, 10, true); l.setUint16(6, 0x0800, true); l.setUint16(8, 0, true);
    l.setUint16(10, f.dosTime ?? 0, true); l.setUint16(12, f.dosDate ?? 0x2821, true);
    l.setUint32(14, crc, true); l.setUint32(18, f.bytes.length, true); l.setUint32(22, f.bytes.length, true);
    l.setUint16(26, name.length, true); l.setUint16(28, 0, true);
    const [ch, c] = header(46);
    c.setUint32(0, 0x02014b50, true); c.setUint16(4, 20, true); c.setUint16(6, 10, true); c.setUint16(8, 0x0800, true);
    c.setUint16(10, 0, true); c.setUint16(12, f.dosTime ?? 0, true); c.setUint16(14, f.dosDate ?? 0x2821, true);
    c.setUint32(16, crc, true); c.setUint32(20, f.bytes.length, true); c.setUint32(24, f.bytes.length, true);
    c.setUint16(28, name.length, true); c.setUint32(42, offset, true);
    chunks.push(lh, name, f.bytes);
    central.push(ch, name);
    offset += 30 + name.length + f.bytes.length;
  }
  const cdSize = central.reduce((n, b) => n + b.length, 0);
  const [eh, e] = header(22);
  e.setUint32(0, 0x06054b50, true); e.setUint16(8, files.length, true); e.setUint16(10, files.length, true);
  e.setUint32(12, cdSize, true); e.setUint32(16, offset, true);
  const all = [...chunks, ...central, eh];
  const out = new Uint8Array(all.reduce((n, b) => n + b.length, 0));
  let p = 0;
  for (const b of all) { out.set(b, p); p += b.length; }
  return out;
}
