/**
 * Full resync after 410 Gone (electron/hub/sync/resync.ts, docs/sync.md, docs/spec/central-api.md
 * «410»): the fresh copy is pulled into `<cache>.resync` with the old cache's bindings, swapped in
 * whole (messages, quarantine, cursor; history joined), the fresh file removed; a leftover fresh
 * file of the same binding is resumed, one of another binding started over; 410 during the pull
 * starts over (at most five times), any other error leaves the old cache as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { openCache, type SqliteCache } from '../../../../../electron/hub/cache/cache.js';
import type { Cache } from '../../../../../electron/hub/cache/api.js';
import { HttpStatusError } from '../../../../../electron/hub/sync/http.js';
import { resyncInto, resyncPath } from '../../../../../electron/hub/sync/resync.js';
import { REF, REGION, msg, tempDir, tomb } from '../../../../support/cache-fixtures.js';

let tmp: ReturnType<typeof tempDir>;
let cache: SqliteCache;
const API = 'http://127.0.0.1:8080';

beforeEach(() => {
  tmp = tempDir();
  cache = openCache(tmp.file('c.sqlite'));
  cache.setRegion(REGION);
  cache.setApiUrl(API);
  cache.setReference(REF);
  cache.applyBatch([msg('old', 1), msg('gone', 1), { id: 'bad', rev: 1, status: 'lost' }], { cursor: 'old-cursor' });
  cache.setState('sync.lastOk', '2026-11-21T09:00:00Z');
});
afterEach(() => {
  cache.close();
  tmp.cleanup();
});

const ids = (c: Cache) => [...c.exportMessages()].map((m) => `${m.id}@${m.rev}`);

describe('resync', () => {
  it('pulls every page into a fresh file with the old bindings, then swaps it in whole and deletes it', async () => {
    const seen: { region: unknown; api: unknown; ref: unknown; during: string[] }[] = [];
    let page = 0;
    const before = cache.dataVersion();
    await resyncInto(cache, {
      pull: async (fresh) => {
        seen.push({ region: fresh.getRegion(), api: fresh.getApiUrl(), ref: fresh.getReference(), during: ids(cache) });
        page++;
        if (page === 1) fresh.applyBatch([msg('old', 2, { status: 'in_progress' }), { id: 'worse', rev: 1 }], { cursor: 'p1' });
        else fresh.applyBatch([msg('new', 1), tomb('gone', 2)], { cursor: 'p2' });
        return page < 2;
      },
    });
    expect(page).toBe(2);
    expect(seen.map((s) => [s.region, s.api, s.ref])).toEqual([
      [REGION, API, REF],
      [REGION, API, REF],
    ]);
    // While the pull runs the old cache is whole and readable.
    expect(seen.map((s) => s.during)).toEqual([
      ['gone@1', 'old@1'],
      ['gone@1', 'old@1'],
    ]);
    expect(ids(cache)).toEqual(['new@1', 'old@2']);
    expect(cache.getCursor()).toBe('p2');
    expect(cache.listQuarantine().map((q) => q.itemId)).toEqual(['worse']);
    // Other state is the old cache's own: bindings and free keys kept.
    expect(cache.getRegion()).toEqual(REGION);
    expect(cache.getApiUrl()).toBe(API);
    expect(cache.getState('sync.lastOk')).toBe('2026-11-21T09:00:00Z');
    // The history keeps the old revisions and gains the fresh ones.
    expect(cache.history('old').map((h) => h.rev)).toEqual([1, 2]);
    expect(cache.history('gone').map((h) => [h.rev, h.message === null])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(cache.dataVersion()).toBeGreaterThan(before);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.resync'))).toEqual([]);
    // The cache stays usable on its own connection (the fresh file was detached).
    cache.applyBatch([msg('after', 1)], { cursor: 'p3' });
    expect(cache.getCursor()).toBe('p3');
    expect(cache.db.prepare('PRAGMA database_list').all().map((d) => (d as { name: string }).name)).toEqual(['main']);
  });

  it('a leftover fresh file of the same binding is resumed from its own rows and reference', async () => {
    const left = openCache(resyncPath(cache.path));
    left.setRegion(REGION);
    left.setApiUrl(API);
    const ref2 = { ...REF, referenceVersion: 't2' };
    left.setReference(ref2);
    left.applyBatch([msg('half', 1)], { cursor: 'half-cursor' });
    left.close();
    let cursorSeen: string | null = null;
    await resyncInto(cache, {
      pull: async (fresh) => {
        cursorSeen = fresh.getCursor();
        expect(fresh.getReference()).toEqual(ref2);
        fresh.applyBatch([msg('rest', 1)], { cursor: 'done' });
        return false;
      },
    });
    expect(cursorSeen).toBe('half-cursor');
    expect(ids(cache)).toEqual(['half@1', 'rest@1']);
    expect(cache.getReference()).toEqual(ref2);
    expect(existsSync(resyncPath(cache.path))).toBe(false);
  });

  for (const [what, bind] of [
    ['another API', (c: Cache) => { c.setRegion(REGION); c.setApiUrl('http://other:1'); }],
    ['another region', (c: Cache) => { c.setRegion({ code: '59', name: 'Пермский край', timezone: 'Asia/Yekaterinburg' }); c.setApiUrl(API); }],
  ] as const) {
    it(`a leftover fresh file of ${what} is deleted and started over`, async () => {
      const left = openCache(resyncPath(cache.path));
      bind(left);
      left.applyBatch([msg('foreign', 1)], { cursor: 'foreign-cursor' });
      left.close();
      await resyncInto(cache, {
        pull: async (fresh) => {
          expect(fresh.getCursor()).toBeNull();
          expect(fresh.getRegion()).toEqual(REGION);
          expect(fresh.getApiUrl()).toBe(API);
          fresh.applyBatch([msg('mine', 1)], { cursor: 'mine' });
          return false;
        },
      });
      expect(ids(cache)).toEqual(['mine@1']);
    });
  }

  it('a leftover fresh file without bindings is taken over and bound', async () => {
    const left = openCache(resyncPath(cache.path));
    left.applyBatch([msg('unbound', 1)]);
    left.close();
    await resyncInto(cache, {
      pull: async (fresh) => {
        expect(fresh.getRegion()).toEqual(REGION);
        expect(fresh.getApiUrl()).toBe(API);
        return false;
      },
    });
    expect(ids(cache)).toEqual(['unbound@1']);
  });

  it('410 during the pull starts over from an empty fresh file, telling the caller each time', async () => {
    let round = 0;
    let gone = 0;
    await resyncInto(cache, {
      onGone: () => gone++,
      pull: async (fresh) => {
        round++;
        expect(ids(fresh)).toEqual([]);
        fresh.applyBatch([msg(`r${round}`, 1)], { cursor: `c${round}` });
        if (round < 3) throw new HttpStatusError(410, 'курсор устарел');
        return false;
      },
    });
    expect(gone).toBe(2);
    expect(ids(cache)).toEqual(['r3@1']);
    expect(cache.getCursor()).toBe('c3');
  });

  it('gives up after five restarts on 410, leaving the old cache whole', async () => {
    let rounds = 0;
    let gone = 0;
    const p = resyncInto(cache, {
      onGone: () => gone++,
      pull: async () => {
        rounds++;
        throw new HttpStatusError(410, 'курсор устарел');
      },
    });
    await expect(p).rejects.toMatchObject({ status: 410 });
    expect(rounds).toBe(6);
    expect(gone).toBe(5);
    expect(ids(cache)).toEqual(['gone@1', 'old@1']);
    expect(cache.getCursor()).toBe('old-cursor');
  });

  it('another error is passed on; the old cache stays as it was and the fresh file is kept to resume', async () => {
    const p = resyncInto(cache, {
      onGone: () => { throw new Error('onGone must not be called'); },
      pull: async (fresh) => {
        fresh.applyBatch([msg('half', 1)], { cursor: 'half' });
        throw new HttpStatusError(503, 'занят');
      },
    });
    await expect(p).rejects.toMatchObject({ status: 503 });
    expect(ids(cache)).toEqual(['gone@1', 'old@1']);
    expect(cache.getCursor()).toBe('old-cursor');
    const left = openCache(resyncPath(cache.path));
    try {
      expect(ids(left)).toEqual(['half@1']);
      expect(left.getCursor()).toBe('half');
    } finally {
      left.close();
    }
  });

  it('every fresh connection it opens is closed again, on success, on a start-over and on an error', async () => {
    const opened: Cache[] = [];
    const openCacheSpy = (p: string) => {
      const c = openCache(p);
      opened.push(c);
      return c;
    };
    const left = openCache(resyncPath(cache.path));
    left.setApiUrl('http://other:1');
    left.close();
    let round = 0;
    await resyncInto(cache, {
      openCache: openCacheSpy,
      // no onGone: a 410 starts over all the same
      pull: async () => {
        if (++round === 1) throw new HttpStatusError(410, 'курсор устарел');
        return false;
      },
    });
    await expect(
      resyncInto(cache, { openCache: openCacheSpy, pull: async () => { throw new HttpStatusError(503, 'занят'); } }),
    ).rejects.toMatchObject({ status: 503 });
    // the foreign leftover, the round lost to 410, the good one, the failed one
    expect(opened).toHaveLength(4);
    expect(opened.map((c) => c.db.open)).toEqual([false, false, false, false]);
  });

  it('a fresh file that cannot be opened fails with its own error', async () => {
    const err = new Error('диск полон');
    await expect(resyncInto(cache, { openCache: () => { throw err; }, pull: async () => false })).rejects.toBe(err);
    expect(ids(cache)).toEqual(['gone@1', 'old@1']);
  });

  it('a cache without bindings or reference resyncs into an unbound fresh copy', async () => {
    const bare = openCache(tmp.file('bare.sqlite'));
    try {
      // A leftover fresh file bound to a region the cache does not name is not taken as its own.
      const left = openCache(resyncPath(bare.path));
      left.setRegion(REGION);
      left.applyBatch([msg('foreign', 1)]);
      left.close();
      await resyncInto(bare, {
        pull: async (fresh) => {
          expect([fresh.getRegion(), fresh.getApiUrl(), fresh.getReference()]).toEqual([null, null, null]);
          expect(ids(fresh)).toEqual([]);
          return false;
        },
      });
      expect(bare.getRegion()).toBeNull();
      expect(bare.getReference()).toBeNull();
    } finally {
      bare.close();
    }
  });
});
