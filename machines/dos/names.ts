/**
 * DOS file names: the 8.3 form (up to 8 characters, a dot, up to 3), upper case, in the character
 * set FAT allows, and the shortening of long host names to `LONGNA~1.EXE` as Windows 95's VFAT
 * does for its short aliases (first six usable characters, `~n`, first three of the last
 * extension; Microsoft "FAT: General Overview of On-Disk Format" 1.03, "The Basis-Name Generation
 * Algorithm"). Also the 11-byte FCB/directory form ("NAME    EXT") and DOS wildcard matching.
 */

/** Characters FAT allows in a short name besides A-Z and 0-9 (and any byte >= 80h). */
const SPECIAL = "!#$%&'()-@^_`{}~";

export function isShortNameChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code >= 0x80 || SPECIAL.includes(c);
}

/** True when `name` (already upper case) is a valid 8.3 name as it stands. */
export function isValidShortName(name: string): boolean {
  if (name === '.' || name === '..') return true;
  const dot = name.indexOf('.');
  const base = dot < 0 ? name : name.slice(0, dot);
  const ext = dot < 0 ? '' : name.slice(dot + 1);
  if (base.length === 0 || base.length > 8 || ext.length > 3 || ext.includes('.')) return false;
  return [...base, ...ext].every(isShortNameChar);
}

/**
 * The short name for a host name, unique among `taken` (upper-case short names already used in
 * the same directory; the result is not added). Valid 8.3 names keep their letters, upper-cased.
 */
export function shortNameFor(longName: string, taken: ReadonlySet<string>): string {
  const upper = longName.toUpperCase();
  if (isValidShortName(upper) && !taken.has(upper)) return upper;
  const clean = (s: string): string => [...s.replace(/[ .]/g, '')].map((c) => (isShortNameChar(c) ? c : '_')).join('');
  const lastDot = upper.lastIndexOf('.');
  const base = clean(lastDot > 0 ? upper.slice(0, lastDot) : upper) || '_';
  const ext = lastDot > 0 ? clean(upper.slice(lastDot + 1)).slice(0, 3) : '';
  for (let n = 1; n < 1_000_000; n++) {
    const tail = '~' + n;
    const cand = base.slice(0, 8 - tail.length) + tail + (ext ? '.' + ext : '');
    if (!taken.has(cand)) return cand;
  }
  throw new Error('names: no free short name'); // a million names in one directory: not reachable
}

/** "README.TXT" -> "README  TXT" (11 bytes, space padded), as directory entries and FCBs hold it. */
export function toFcbName(name: string): string {
  if (name === '.' || name === '..') return name.padEnd(11, ' ');
  const dot = name.indexOf('.');
  const base = dot < 0 ? name : name.slice(0, dot);
  const ext = dot < 0 ? '' : name.slice(dot + 1);
  return base.slice(0, 8).padEnd(8, ' ') + ext.slice(0, 3).padEnd(3, ' ');
}

/** "README  TXT" -> "README.TXT". */
export function fromFcbName(fcb: string): string {
  const base = fcb.slice(0, 8).trimEnd();
  const ext = fcb.slice(8, 11).trimEnd();
  return ext ? base + '.' + ext : base;
}

/**
 * A pattern in FCB form ("*" expanded to '?' up to the end of its field) for DOS matching:
 * "*.COM" -> "????????COM".
 */
export function patternToFcb(pattern: string): string {
  const dot = pattern.indexOf('.');
  const base = dot < 0 ? pattern : pattern.slice(0, dot);
  const ext = dot < 0 ? '' : pattern.slice(dot + 1);
  const field = (s: string, len: number): string => {
    let out = '';
    for (const c of s) {
      if (out.length >= len) break;
      if (c === '*') return out.padEnd(len, '?');
      out += c;
    }
    return out.padEnd(len, ' ');
  };
  return field(base.toUpperCase(), 8) + field(ext.toUpperCase(), 3);
}

/** DOS wildcard match in FCB form: '?' matches any character, including the padding blank. */
export function matchFcb(pattern11: string, name11: string): boolean {
  for (let i = 0; i < 11; i++) {
    const p = pattern11[i]!;
    if (p !== '?' && p !== name11[i]) return false;
  }
  return true;
}

/** Match an 8.3 name against a DOS pattern such as "*.*", "A?C.BAT" or "*". */
export function matchName(pattern: string, name: string): boolean {
  if (pattern === '*.*') return true;
  return matchFcb(patternToFcb(pattern), toFcbName(name));
}
