import { describe, expect, it } from 'vitest';
import { CONSOLE_KEY_STORAGE, consoleSearch } from '../../../../renderer/src/consoleKey.js';
import { hubSocketUrl } from '../../../../shared/bridge/client.js';

function storage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('the console key in browser mode', () => {
  it('is taken from the printed URL once, kept for the tab, removed from the address bar, sent on the WebSocket', () => {
    const s = storage();
    const shown: string[] = [];
    const first = consoleSearch({ search: '?role=console&token=K3y&scene=briefing', pathname: '/', hash: '' }, s, (u) => shown.push(u));
    expect(shown).toEqual(['/?role=console&scene=briefing']);
    expect(s.m.get(CONSOLE_KEY_STORAGE)).toBe('K3y');
    expect(hubSocketUrl({ protocol: 'http:', host: '127.0.0.1:8787', search: first })).toBe('ws://127.0.0.1:8787/ws?role=console&token=K3y');
    // A reload: the address has no key any more, the tab still has it.
    const again = consoleSearch({ search: '?role=console&scene=briefing', pathname: '/', hash: '' }, s, (u) => shown.push(u));
    expect(hubSocketUrl({ protocol: 'http:', host: '127.0.0.1:8787', search: again })).toBe('ws://127.0.0.1:8787/ws?role=console&token=K3y');
    expect(shown).toHaveLength(1);
  });

  it('with the live location object (changed by replaceUrl) the key still goes on the WebSocket', () => {
    const loc = { search: '?role=console&token=K3y', pathname: '/', hash: '' };
    const q = consoleSearch(loc, storage(), (u) => (loc.search = u.slice(1)));
    expect(loc.search).toBe('?role=console');
    expect(hubSocketUrl({ protocol: 'http:', host: 'h:1', search: q })).toBe('ws://h:1/ws?role=console&token=K3y');
  });

  it('a wall window never sends a key, even one kept in the tab', () => {
    const s = storage();
    s.setItem(CONSOLE_KEY_STORAGE, 'K3y');
    const q = consoleSearch({ search: '?scene=operational&display=1', pathname: '/', hash: '' }, s);
    expect(hubSocketUrl({ protocol: 'http:', host: 'h:1', search: q })).toBe('ws://h:1/ws');
  });

  it('storage refused: the key in the address still works', () => {
    const bad = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    const q = consoleSearch({ search: '?role=console&token=K', pathname: '/', hash: '' }, bad);
    expect(hubSocketUrl({ protocol: 'http:', host: 'h:1', search: q })).toBe('ws://h:1/ws?role=console&token=K');
  });
});
