/**
 * The console key in browser mode (docs/threat-model.md): `serve` prints the console URL with
 * `?role=console&token=KEY` once; the page keeps the key in sessionStorage (this tab only, gone
 * when it closes), takes it out of the address bar (no key in screenshots, history or a
 * forwarded link) and sends it on the WebSocket. A reload of the tab finds it again. Pure but
 * for the storage and history handed in.
 */
export const CONSOLE_KEY_STORAGE = 'situationWall.consoleKey';

export interface KeyStorage {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
}

/**
 * The query string for the hub's WebSocket URL: the page's own, with the stored key added for a
 * console window. `replaceUrl` gets the address without the key when it was in it.
 */
export function consoleSearch(
  loc: { search: string; pathname: string; hash: string },
  storage: KeyStorage | null,
  replaceUrl?: (url: string) => void,
): string {
  // Read once: `loc` may be the live `location`, which replaceUrl changes.
  const search = loc.search;
  const q = new URLSearchParams(search);
  if (q.get('role') !== 'console') return search;
  const given = q.get('token');
  try {
    if (given) {
      storage?.setItem(CONSOLE_KEY_STORAGE, given);
      const shown = new URLSearchParams(search);
      shown.delete('token');
      const qs = shown.toString();
      replaceUrl?.(`${loc.pathname}${qs ? `?${qs}` : ''}${loc.hash}`);
      return search;
    }
    const kept = storage?.getItem(CONSOLE_KEY_STORAGE);
    if (kept) q.set('token', kept);
  } catch {
    /* storage refused (private mode): the key in the address still works */
  }
  return `?${q.toString()}`;
}
