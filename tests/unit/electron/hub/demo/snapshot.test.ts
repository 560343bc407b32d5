/**
 * The warm start of `serve --demo` (electron/hub/demo/snapshot.ts): the first start keeps the
 * generated history in the snapshot folder; a later one copies it and the region lives on to now,
 * so the wall still shows a history ending now; a stale or foreign snapshot is not reused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import { catchUpDemo, demoSnapshotDir, prepareDemoCache, MAX_SNAPSHOT_AGE_MS } from '../../../../../electron/hub/demo/snapshot.js';
import { HOUR } from '../../../../../shared/model.js';

const NOW = Date.parse('2026-11-21T09:15:00+12:00');
const KEY = { region: 'kamchatka' as const, seed: 4, days: 3 };
let dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'sw-snap-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function newest(path: string): { count: number; newest: number } {
  const c = openCache(path, { readonly: true });
  try {
    let n = 0;
    for (const m of c.exportMessages()) n = Math.max(n, Date.parse(m.createdAt));
    return { count: c.messageCount(), newest: n };
  } finally {
    c.close();
  }
}

describe('demo snapshots: a warm start caught up to now', () => {
  it('the first start generates and keeps the history; the next copies it and lives on to now', () => {
    const env = { SITUATION_WALL_DEMO_CACHE: tmp() };
    const a = join(tmp(), 'a.db');
    expect(prepareDemoCache(a, KEY, NOW, env)).toBe(NOW);
    expect(readdirSync(env.SITUATION_WALL_DEMO_CACHE).some((f) => f.endsWith('.db'))).toBe(true);
    const first = newest(a);
    expect(first.count).toBeGreaterThan(100);

    const later = NOW + 5 * HOUR;
    const b = join(tmp(), 'b.db');
    expect(prepareDemoCache(b, KEY, later, env)).toBe(NOW); // copied: it ends where the snapshot ended
    const cache = openCache(b);
    try {
      catchUpDemo(cache, KEY, NOW, later);
      expect(cache.quarantineCount()).toBe(0);
    } finally {
      cache.close();
    }
    const caught = newest(b);
    expect(caught.count).toBeGreaterThan(first.count);
    expect(later - caught.newest).toBeLessThan(3 * HOUR);
  });

  it('a stale snapshot, another key, or snapshots off: generated anew (or left to the caller)', () => {
    const env = { SITUATION_WALL_DEMO_CACHE: tmp() };
    prepareDemoCache(join(tmp(), 'a.db'), KEY, NOW, env);
    const stale = NOW + MAX_SNAPSHOT_AGE_MS + HOUR;
    expect(prepareDemoCache(join(tmp(), 'b.db'), KEY, stale, env)).toBe(stale);
    expect(prepareDemoCache(join(tmp(), 'c.db'), { ...KEY, seed: 5 }, stale, env)).toBe(stale);
    const off = join(tmp(), 'd.db');
    expect(prepareDemoCache(off, KEY, NOW, { SITUATION_WALL_DEMO_CACHE: 'off' })).toBeNull();
    expect(existsSync(off)).toBe(false);
    expect(demoSnapshotDir({ XDG_CACHE_HOME: '/x' })).toBe(join('/x', 'situation-wall', 'demo'));
  });
});
