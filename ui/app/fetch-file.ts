/**
 * Fetching a file named in a link, with progress. Failures become plain messages (no network,
 * blocked by CORS, 404, too large) instead of a console exception.
 */
export const MAX_FETCH_BYTES = 64 * 1024 * 1024;

export class FetchError extends Error {}

export async function fetchFile(url: string, onProgress: (loaded: number, total: number | null) => void): Promise<{ name: string; bytes: Uint8Array }> {
  let res: Response;
  try {
    res = await fetch(url, { mode: 'cors', credentials: 'omit' });
  } catch {
    throw new FetchError(`Could not download ${url}: the network failed, or the server does not allow other sites to load it (CORS).`);
  }
  if (!res.ok) throw new FetchError(`Could not download ${url}: the server answered ${res.status} ${res.statusText}.`);
  const len = Number(res.headers.get('content-length'));
  const total = Number.isFinite(len) && len > 0 ? len : null;
  if (total !== null && total > MAX_FETCH_BYTES) throw new FetchError(`${url} is ${total} bytes, too large to load.`);
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  const reader = res.body?.getReader();
  if (reader === undefined) {
    const buf = new Uint8Array(await res.arrayBuffer());
    onProgress(buf.length, buf.length);
    chunks.push(buf);
    loaded = buf.length;
  } else {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      if (loaded > MAX_FETCH_BYTES) {
        void reader.cancel();
        throw new FetchError(`${url} is too large to load (over ${MAX_FETCH_BYTES} bytes).`);
      }
      onProgress(loaded, total);
    }
  }
  const bytes = new Uint8Array(loaded);
  let o = 0;
  for (const c of chunks) { bytes.set(c, o); o += c.length; }
  let name = 'download';
  try {
    const path = new URL(url, location.href).pathname;
    name = decodeURIComponent(path.split('/').pop() || 'download');
  } catch { /* keep the generic name */ }
  return { name, bytes };
}
