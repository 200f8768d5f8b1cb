/**
 * The Display and Sound panels: scaling, smoothing, scanlines, volume and mute, each applied at
 * once and kept in settings.
 */
import type { AudioOutput } from '../audio/audio-output.ts';
import type { Settings } from '../storage/settings.ts';
import type { AppContext } from './context.ts';
import { el } from './dom.ts';

export interface Viewable {
  setOptions(o: { scale: Settings['scale']; smooth: boolean; scanlines: boolean }): void;
}

export function wireViewSettings(ctx: AppContext, view: Viewable, audio: AudioOutput): void {
  const s = ctx.settings;
  const apply = () => {
    view.setOptions({ scale: s.scale, smooth: s.smooth, scanlines: s.scanlines });
    void ctx.persistSettings();
  };
  for (const r of document.querySelectorAll<HTMLInputElement>('input[name="scale"]')) {
    r.checked = r.value === s.scale;
    r.addEventListener('change', () => { if (r.checked) { s.scale = r.value as Settings['scale']; apply(); } });
  }
  const smooth = el<HTMLInputElement>('smooth');
  smooth.checked = s.smooth;
  smooth.addEventListener('change', () => { s.smooth = smooth.checked; apply(); });
  const scan = el<HTMLInputElement>('scanlines');
  scan.checked = s.scanlines;
  scan.addEventListener('change', () => { s.scanlines = scan.checked; apply(); });
  const vol = el<HTMLInputElement>('volume');
  vol.value = String(Math.round(s.volume * 100));
  vol.addEventListener('input', () => { s.volume = Number(vol.value) / 100; audio.setVolume(s.volume); void ctx.persistSettings(); });
  const mute = el<HTMLInputElement>('mute');
  mute.checked = s.muted;
  mute.addEventListener('change', () => { s.muted = mute.checked; audio.setMuted(mute.checked); void ctx.persistSettings(); });
}
