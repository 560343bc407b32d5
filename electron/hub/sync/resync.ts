/**
 * Full resync after `410 Gone`, without showing an empty wall in between.
 *
 * Choice (docs/sync.md): the changes are pulled from no cursor into a FRESH cache file beside the
 * old one (`<cache>.resync`, carrying the region, API and reference of the old one); the old cache
 * stays open and readable the whole time. When the fresh copy is complete, it is ATTACHed to the
 * old cache's connection and its `messages`, `quarantine` and cursor replace the old ones in ONE
 * immediate transaction (the history of revisions is kept: the fresh revisions join it): every reader sees either the old data or the new, never a mix or an empty
 * table, and the file keeps its path and inode, so no other connection is left reading a renamed
 * file and no stale -wal can ever be replayed onto another file. Tables of other modules (the
 * outbox) are untouched. Then the fresh file is deleted. A crash anywhere leaves the old cache
 * whole; a leftover fresh file is resumed from its own cursor (or started over on another 410).
 */
import { existsSync, rmSync } from 'node:fs';
import type { Cache } from '../cache/api.js';
import { openCache as defaultOpenCache } from '../cache/cache.js';
import { HttpStatusError } from './http.js';

export type OpenCacheFn = (path: string) => Cache;

export function resyncPath(path: string): string {
  return `${path}.resync`;
}

function removeDb(path: string) {
  for (const p of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) if (existsSync(p)) rmSync(p, { force: true });
}

export async function resyncInto(
  cache: Cache,
  opts: {
    openCache?: OpenCacheFn;
    /** Pulls one page into `target` (with retries); returns hasMore; throws HttpStatusError 410. */
    pull: (target: Cache) => Promise<boolean>;
    onGone?: () => void;
  },
): Promise<void> {
  const open = opts.openCache ?? ((p: string) => defaultOpenCache(p));
  const tmp = resyncPath(cache.path);
  const region = cache.getRegion();
  const api = cache.getApiUrl();
  const ref = cache.getReference();
  for (let round = 0; ; round++) {
    let fresh: Cache | null = null;
    try {
      fresh = open(tmp);
      const freshApi = fresh.getApiUrl();
      const freshRegion = fresh.getRegion();
      if ((freshApi !== null && freshApi !== api) || (freshRegion !== null && freshRegion.code !== region?.code)) {
        fresh.close();
        fresh = null;
        removeDb(tmp);
        fresh = open(tmp);
      }
      if (region) fresh.setRegion(region);
      if (api) fresh.setApiUrl(api);
      if (ref && fresh.getReference() === null) fresh.setReference(ref);
      while (await opts.pull(fresh)) {
        /* next page */
      }
      fresh.db.pragma('wal_checkpoint(TRUNCATE)');
      fresh.close();
      fresh = null;
      swapIn(cache, tmp);
      removeDb(tmp);
      return;
    } catch (e) {
      fresh?.close();
      if (e instanceof HttpStatusError && e.status === 410 && round < 5) {
        removeDb(tmp);
        opts.onGone?.();
        continue;
      }
      throw e;
    }
  }
}

const REVISION_COLUMNS =
  'id, rev, deleted, updated_at, channel, municipality, block, category, created_at, due_at, first_response_at, ' +
  'answered_at, status, rework_count, weight, satisfaction, lat, lon, json';

/**
 * Replaces the contents of `cache` with those of the complete fresh file, in one transaction; the
 * history (revisions) is kept and joined by the fresh copy's.
 */
function swapIn(cache: Cache, freshPath: string) {
  const db = cache.db;
  db.prepare('ATTACH DATABASE ? AS fresh').run(freshPath);
  try {
    db.transaction(() => {
      db.exec(`
        DELETE FROM main.messages;
        INSERT INTO main.messages SELECT * FROM fresh.messages;
        -- The history is kept (central-api.md 1.1): the fresh copy's revisions join it, the first
        -- copy seen (the old one's) winning.
        INSERT OR IGNORE INTO main.revisions (${REVISION_COLUMNS}) SELECT ${REVISION_COLUMNS} FROM fresh.revisions ORDER BY seq;
        DELETE FROM main.quarantine;
        INSERT INTO main.quarantine SELECT * FROM fresh.quarantine;
        INSERT OR REPLACE INTO main.state (key, value)
          SELECT key, value FROM fresh.state WHERE key IN ('cursor', 'reference');
      `);
      // messages changed outside applyBatch: a store snapshot of the old data must not be used.
      cache.bumpDataVersion();
    }).immediate();
  } finally {
    db.exec('DETACH DATABASE fresh');
  }
}
