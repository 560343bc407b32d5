/**
 * The pull path's decisions against a real cache (electron/hub/sync/pages.ts, docs/spec/central-api.md
 * «changes», docs/sync.md «Пределы»): pages far over the asked limit refused whole, a response over
 * the byte limit answered with a smaller page size (doubled back after), bodies not by the contract
 * never applied, a prefetched page used only for its own target, the reference fetched when the
 * cache has none, and the bulk catch-up's settings restored when it ends.
 */
import { describe, expect, it } from 'vitest';
import { openCache, type SqliteCache } from '../../../../../electron/hub/cache/cache.js';
import { ResponseTooLargeError, TransientError, type JsonResponse } from '../../../../../electron/hub/sync/http.js';
import { createPager, fetchReference, maxItems, parseMeta } from '../../../../../electron/hub/sync/pages.js';
import { REFERENCE } from '../../../../integration/sync/fixture.js';
import { msg, freshCacheEachTest, type TempDir } from'../../../../support/cache-fixtures.js';

let tmp: TempDir;
let cache: SqliteCache;
freshCacheEachTest((c, t) => ((cache = c), (tmp = t)), () => cache, { reference: false });

const ok = (body: unknown, headers: Record<string, string> = {}): JsonResponse => ({ status: 200, body, headers: new Headers(headers) });
const pageBody = (items: unknown[], nextCursor: string, hasMore: boolean) => ({ items, nextCursor, hasMore, referenceVersion: REFERENCE.referenceVersion });
const left = (n: number) => ({ 'x-log-head': String(100 + n), 'x-log-position': '100' });

function pager(get: (path: string) => Promise<JsonResponse>, o: { pageSize?: number; bulkThreshold?: number } = {}) {
  const requests: string[] = [];
  const during: number[] = [];
  const p = createPager({
    get: (path) => {
      requests.push(path);
      return get(path);
    },
    pageSize: o.pageSize ?? 8,
    bulkThreshold: o.bulkThreshold ?? 10,
    collect: false,
    onApplied: () => during.push(cache.db.pragma('wal_autocheckpoint', { simple: true }) as number),
    onRemaining: () => undefined,
    onSuccess: () => undefined,
  });
  return { p, requests, during };
}
const limitOf = (path: string) => Number(new URLSearchParams(path.split('?')[1]).get('limit'));

describe('bodies not by the contract', () => {
  it('meta or a page that is no object at all is a transient failure, never a crash', async () => {
    expect(() => parseMeta(null)).toThrow(TransientError);
    cache.setReference(REFERENCE);
    const { p } = pager(async () => ok(null));
    await expect(p.pullPage(cache)).rejects.toThrow(/страница изменений не по контракту/);
    expect(cache.getCursor()).toBeNull();
  });

  it('a reference not by the contract is transient and leaves the stored one', async () => {
    cache.setReference(REFERENCE);
    const e = await fetchReference(async () => ok({ referenceVersion: 'v2', blocks: 'нет' }), cache).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).toMatch(/^справочники не по контракту: /);
    expect(cache.getReference()).toEqual(REFERENCE);
  });

  it('a page of far more items than asked for is refused whole, named, and nothing of it applied', async () => {
    cache.setReference(REFERENCE);
    expect(maxItems(8)).toBe(116);
    const many = (n: number) => Array.from({ length: n }, (_, i) => msg(`m${i}`, 1));
    const { p } = pager(async () => ok(pageBody(many(117), 'c1', false)));
    const e = await p.pullPage(cache).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).toBe('страница изменений не по контракту: 117 записей при limit=8; не применена, повторю');
    expect(cache.messageCount()).toBe(0);
    expect(cache.getCursor()).toBeNull();
    // Up to twice the limit plus 100 is applied (a server resending some).
    const { p: p2 } = pager(async () => ok(pageBody(many(116), 'c1', false)));
    expect(await p2.pullPage(cache)).toBe(false);
    expect(cache.messageCount()).toBe(116);
  });
});

describe('page size after a response over the byte limit', () => {
  it('is halved (never below 1), said in the error, and doubled back towards the page size after pages that fit', async () => {
    cache.setReference(REFERENCE);
    let n = 0;
    const { p, requests } = pager(async (path) => {
      n++;
      if (n === 1) throw new ResponseTooLargeError('ответ сервера больше 32 МБ', 32 << 20);
      const cursor = new URLSearchParams(path.split('?')[1]).get('cursor');
      const i = cursor ? Number(cursor.slice(1)) : 0;
      return ok(pageBody([msg(`m${i}`, 1)], `c${i + 1}`, i < 3));
    });
    const e = await p.pullPage(cache).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransientError);
    expect((e as Error).message).toBe('ответ сервера больше 32 МБ; следующая страница — по 4 записей');
    while (await p.pullPage(cache)) {
      /* next page */
    }
    // 8 refused → 4; then each page that fitted doubles it back, capped at 8.
    expect(requests.map(limitOf)).toEqual([8, 4, 8, 8, 8]);
  });

  it('a page of one that is still too large is passed on as it is', async () => {
    cache.setReference(REFERENCE);
    const big = new ResponseTooLargeError('ответ сервера больше 32 МБ', 32 << 20);
    const { p } = pager(async () => {
      throw big;
    }, { pageSize: 1 });
    await expect(p.pullPage(cache)).rejects.toBe(big);
  });
});

describe('prefetch and reference', () => {
  it('a page asked for in advance is used only for the cache it was asked for', async () => {
    cache.setReference(REFERENCE);
    const other = openCache(tmp.file('other.sqlite'));
    try {
      other.setReference(REFERENCE);
      other.applyBatch([], { cursor: 'c1' });
      const { p, requests } = pager(async (path) => {
        const cursor = new URLSearchParams(path.split('?')[1]).get('cursor');
        return ok(pageBody([msg(cursor ?? 'first', 1)], cursor ? `${cursor}x` : 'c1', true));
      });
      await p.pullPage(cache); // prefetches cursor c1 for `cache`
      await p.pullPage(other); // `other` is at c1 too, but asks for itself
      expect(requests.filter((r) => new URLSearchParams(r.split('?')[1]).get('cursor') === 'c1')).toHaveLength(2);
      expect(other.getCursor()).toBe('c1x');
    } finally {
      other.close();
    }
  });

  it('a prefetch that fails and is never used raises no unhandled rejection', async () => {
    cache.setReference(REFERENCE);
    const unhandled: unknown[] = [];
    const on = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', on);
    try {
      const { p } = pager(async (path) =>
        path.includes('cursor=') ? Promise.reject(new TransientError('сеть')) : ok(pageBody([msg('a', 1)], 'c1', true)),
      );
      await p.pullPage(cache);
      cache.applyBatch([], { cursor: 'elsewhere' }); // the cursor moved: the prefetch is dropped
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', on);
    }
  });

  it('a cache without a reference fetches it before applying', async () => {
    const { p, requests } = pager(async (path) => (path === '/v1/reference' ? ok(REFERENCE) : ok(pageBody([msg('a', 1)], 'c1', false))));
    expect(await p.pullPage(cache)).toBe(false);
    expect(requests).toContain('/v1/reference');
    expect(cache.getReference()).toEqual(REFERENCE);
    expect(cache.messageCount()).toBe(1);
  });

  it('quarantined items of a page are marked as coming from sync', async () => {
    cache.setReference(REFERENCE);
    const { p } = pager(async () => ok(pageBody([{ id: 'bad', rev: 1 }], 'c1', false)));
    await p.pullPage(cache);
    expect(cache.listQuarantine()[0]).toMatchObject({ itemId: 'bad', source: 'sync' });
  });
});

describe('bulk catch-up', () => {
  const settings = () => [cache.db.pragma('wal_autocheckpoint', { simple: true }), cache.db.pragma('cache_size', { simple: true })];

  it('on while far behind (at the threshold, or of unknown size), its settings restored at the last page', async () => {
    cache.setReference(REFERENCE);
    const normal = settings();
    const heads = [left(10), {}, left(3)];
    let i = 0;
    const { p, during } = pager(async () => {
      const h = heads[i]!;
      i++;
      return ok(pageBody([msg(`m${i}`, 1)], `c${i}`, i < 3), h);
    });
    expect(await p.pullPage(cache)).toBe(true); // 10 left = the threshold: bulk
    expect(await p.pullPage(cache)).toBe(true); // unknown: still bulk
    expect(await p.pullPage(cache)).toBe(false);
    expect(during).toEqual([0, 0, 0]);
    expect(settings()).toEqual(normal);
    expect(normal[0]).toBeGreaterThan(0);
  });

  it('a first page of unknown size with more to come is a bulk catch-up', async () => {
    cache.setReference(REFERENCE);
    const { p, during } = pager(async () => ok(pageBody([msg('a', 1)], 'c1', true)));
    await p.pullPage(cache);
    expect(during).toEqual([0]);
    p.leaveBulk();
    expect(settings()[0]).toBeGreaterThan(0);
  });

  it('moving to another cache (a resync’s fresh file) restores the first one’s settings', async () => {
    cache.setReference(REFERENCE);
    const normal = settings();
    const other = openCache(tmp.file('other.sqlite'));
    try {
      other.setReference(REFERENCE);
      const { p } = pager(async () => ok(pageBody([msg('a', 1)], 'c1', true), left(50)));
      await p.pullPage(cache);
      expect(settings()[0]).toBe(0);
      await p.pullPage(other);
      expect(settings()).toEqual(normal);
      expect(other.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      p.leaveBulk();
      expect(other.db.pragma('wal_autocheckpoint', { simple: true })).toBe(normal[0]);
    } finally {
      other.close();
    }
  });
});
