/**
 * The bulk catch-up's WAL checkpoints (electron/hub/sync/pages.ts, BulkMode): while far behind,
 * the cache's automatic checkpoint is off and the WAL is checkpointed once every
 * BULK_CHECKPOINT_ITEMS items applied and when bulk mode ends; a checkpoint that fails (the WAL
 * busy, the cache closing) never breaks sync. On a recording stand-in for the cache's database, so
 * that a million items are a count, not a million rows.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Cache } from '../../../../../electron/hub/cache/api.js';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import { BULK_CACHE_KIB, BULK_CHECKPOINT_ITEMS, BulkMode, createPager } from '../../../../../electron/hub/sync/pages.js';
import type { JsonResponse } from '../../../../../electron/hub/sync/http.js';
import { REFERENCE } from '../../../../integration/sync/fixture.js';
import { msg, tempDir } from '../../../../support/cache-fixtures.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A cache whose database records the pragmas it is given; `failCheckpoint` makes checkpoints throw. */
function recording(o: { failCheckpoint?: boolean } = {}) {
  const calls: string[] = [];
  const db = {
    open: true,
    pragma(s: string) {
      calls.push(s);
      if (s === 'wal_autocheckpoint') return 1000;
      if (s === 'cache_size') return -2000;
      if (s.startsWith('wal_checkpoint') && o.failCheckpoint) throw new Error('database is locked');
      return undefined;
    },
  };
  return { cache: { db } as unknown as Cache, calls, db };
}
const checkpoints = (calls: string[]) => calls.filter((c) => c === 'wal_checkpoint(PASSIVE)').length;

describe('bulk mode', () => {
  it('turns the automatic checkpoint off and the page cache up while on, and restores both when it ends, with a checkpoint', () => {
    const { cache, calls } = recording();
    const b = new BulkMode();
    b.enter(cache);
    expect(calls).toEqual(['wal_autocheckpoint', 'cache_size', 'wal_autocheckpoint = 0', `cache_size = -${BULK_CACHE_KIB}`]);
    b.leave();
    expect(calls.slice(4)).toEqual(['wal_autocheckpoint = 1000', 'cache_size = -2000', 'wal_checkpoint(PASSIVE)']);
    b.leave(); // a second leave does nothing
    expect(calls).toHaveLength(7);
  });

  it('checkpoints once every million items applied, counting across pages, and not before', () => {
    expect(BULK_CHECKPOINT_ITEMS).toBe(1_000_000);
    const { cache, calls } = recording();
    const b = new BulkMode();
    b.enter(cache);
    b.applied(BULK_CHECKPOINT_ITEMS - 1);
    expect(checkpoints(calls)).toBe(0);
    b.applied(1);
    expect(checkpoints(calls)).toBe(1);
    // the count starts again from nothing after a checkpoint
    for (let i = 0; i < 199; i++) b.applied(5000);
    expect(checkpoints(calls)).toBe(1);
    b.applied(4999);
    expect(checkpoints(calls)).toBe(1);
    b.applied(1);
    expect(checkpoints(calls)).toBe(2);
  });

  it('outside bulk mode applied items never checkpoint', () => {
    const { cache, calls } = recording();
    const b = new BulkMode();
    b.applied(2 * BULK_CHECKPOINT_ITEMS);
    b.enter(cache);
    b.leave();
    b.applied(2 * BULK_CHECKPOINT_ITEMS);
    expect(checkpoints(calls)).toBe(1); // the one of leave()
  });

  it('a checkpoint that fails (the WAL busy) is no failure of sync; the count starts again', () => {
    const { cache, calls } = recording({ failCheckpoint: true });
    const b = new BulkMode();
    b.enter(cache);
    expect(() => b.applied(BULK_CHECKPOINT_ITEMS)).not.toThrow();
    expect(() => b.applied(BULK_CHECKPOINT_ITEMS - 1)).not.toThrow();
    expect(calls.filter((c) => c.startsWith('wal_checkpoint'))).toHaveLength(1);
    expect(() => b.leave()).not.toThrow();
  });

  it('a cache closed in the meantime is left as it is', () => {
    const { cache, calls, db } = recording();
    const b = new BulkMode();
    b.enter(cache);
    db.open = false;
    b.leave();
    expect(calls).toHaveLength(4);
  });
});

describe('the pull counts every page’s items into bulk mode', () => {
  it('each applied page’s item count, in order', async () => {
    const tmp = tempDir();
    const cache = openCache(tmp.file('c.sqlite'));
    try {
      cache.setReference(REFERENCE);
      const counted = vi.spyOn(BulkMode.prototype, 'applied');
      const sizes = [3, 5, 2];
      let i = 0;
      const p = createPager({
        get: async (): Promise<JsonResponse> => {
          const n = sizes[i]!;
          i++;
          const items = Array.from({ length: n }, (_, k) => msg(`p${i}-${k}`, 1));
          return { status: 200, body: { items, nextCursor: `c${i}`, hasMore: i < sizes.length, referenceVersion: REFERENCE.referenceVersion }, headers: new Headers() };
        },
        pageSize: 8,
        bulkThreshold: 10,
        collect: false,
        onApplied: () => undefined,
        onRemaining: () => undefined,
        onSuccess: () => undefined,
      });
      while (await p.pullPage(cache));
      expect(counted.mock.calls.map((c) => c[0])).toEqual(sizes);
    } finally {
      cache.close();
      tmp.cleanup();
    }
  });
});
