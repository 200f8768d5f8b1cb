/**
 * Shareable links: `?machine=ID` opens that machine with its demo program, `&media=URL` loads a
 * file (same origin, or a server that allows CORS), `&speed=` sets the throttle (percent 10..400,
 * or a factor 0.1..4), `&state=URL` restores a save state after start. Pure parsing and building,
 * so a bad link gives a plain message instead of a broken page.
 */
import { MAX_SPEED, MIN_SPEED } from '../../cores/kernel/pacer.ts';

export interface LinkParams {
  machine: string | null;
  media: string | null;
  state: string | null;
  /** Speed factor (1 = 100 %), or null when absent. */
  speed: number | null;
  /** Things in the link we could not use, in plain words. */
  problems: string[];
}

export function parseLink(search: string): LinkParams {
  const q = new URLSearchParams(search);
  const out: LinkParams = { machine: null, media: null, state: null, speed: null, problems: [] };
  const machine = q.get('machine');
  if (machine !== null && machine.trim() !== '') out.machine = machine.trim();
  for (const key of ['media', 'state'] as const) {
    const v = q.get(key);
    if (v === null || v.trim() === '') continue;
    try {
      const u = new URL(v, 'http://base.invalid/');
      if (u.protocol !== 'http:' && u.protocol !== 'https:') out.problems.push(`The link's ${key} address must be http or https.`);
      else out[key] = v.trim();
    } catch {
      out.problems.push(`The link's ${key} address is not a valid URL.`);
    }
  }
  const sp = q.get('speed');
  if (sp !== null && sp.trim() !== '') {
    const n = Number(sp.replace(/%$/, ''));
    // Numbers above 4 are percentages (150 = 150 %); 4 or less are factors (1.5 = 150 %).
    const factor = n > MAX_SPEED ? n / 100 : n;
    if (!Number.isFinite(n) || factor < MIN_SPEED || factor > MAX_SPEED)
      out.problems.push(`The link's speed "${sp}" is not between 10% and 400%.`);
    else out.speed = factor;
  }
  return out;
}

export function buildLink(base: string, p: { machine: string; media?: string | null; speed?: number | null; state?: string | null }): string {
  const q = new URLSearchParams();
  q.set('machine', p.machine);
  if (p.media) q.set('media', p.media);
  if (p.speed !== null && p.speed !== undefined && p.speed !== 1) q.set('speed', String(Math.round(p.speed * 100)));
  if (p.state) q.set('state', p.state);
  return `${base}?${q.toString()}`;
}
