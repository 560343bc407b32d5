/**
 * The pull path of the sync client (electron/hub/sync/pages.ts): the meta check, what is left after
 * a page, and one page fetched and applied with its cursor — the next page asked for in advance and
 * used only when it follows the committed cursor, the reference refetched when the page names
 * another version.
 */
import { describe, expect, it } from 'vitest';
import type { Cache } from '../../../../../electron/hub/cache/api.js';
import { SyncStoppedError, TransientError, type JsonResponse } from '../../../../../electron/hub/sync/http.js';
import { createPager, parseMeta, remainingOf } from '../../../../../electron/hub/sync/pages.js';
import { META, REFERENCE } from '../../../../integration/sync/fixture.js';

describe('meta', () => {
  it('accepts the contract meta', () => {
    expect(parseMeta(META)).toEqual(META);
  });
  it('another schema version stops sync and says what to do', () => {
    let e: unknown;
    try {
      parseMeta({ ...META, schemaVersion: 2 });
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(SyncStoppedError);
    expect(e).toMatchObject({ reason: 'schema', message: expect.stringMatching(/версии схемы 2.*Обновите программу/) });
  });
  it('a body not by the contract is transient (retried), with the field named', () => {
    expect(() => parseMeta({ schemaVersion: 1, region: { code: '30' } })).toThrow(TransientError);
    expect(() => parseMeta('<html>502</html>')).toThrow(/\/v1\/meta не по контракту/);
  });
});

describe('remaining after a page', () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it('is head − position from the log headers, never negative', () => {
    expect(remainingOf(h({ 'x-log-head': '1500', 'x-log-position': '1000' }), true)).toBe(500);
    expect(remainingOf(h({ 'x-log-head': '900', 'x-log-position': '1000' }), true)).toBe(0);
  });
  it('without both headers: unknown while there is more, 0 at the end', () => {
    expect(remainingOf(h({ 'x-log-head': '1500' }), true)).toBeNull();
    expect(remainingOf(h({}), false)).toBe(0);
    expect(remainingOf(h({ 'x-log-head': 'many', 'x-log-position': '1' }), true)).toBeNull();
  });
});

/** A cache as the pager sees it: a cursor, a reference, applyBatch committing the cursor. */
function fakeCache(referenceVersion: string | null) {
  let cursor: string | null = null;
  let reference = referenceVersion ? { ...REFERENCE, referenceVersion } : null;
  const batches: { items: unknown[]; cursor: string | undefined }[] = [];
  const cache = {
    getCursor: () => cursor,
    getReference: () => reference,
    setReference: (r: typeof REFERENCE) => {
      reference = r;
    },
    applyBatch: (items: unknown[], o: { cursor?: string }) => {
      batches.push({ items, cursor: o.cursor });
      if (o.cursor) cursor = o.cursor;
      return { applied: items.length, ignored: 0, deleted: 0, quarantined: 0, changed: [], removed: [] };
    },
    db: { pragma: () => 0, open: true },
  };
  return { cache: cache as unknown as Cache, batches, setCursor: (c: string | null) => (cursor = c) };
}

/** A changes feed of `pages` pages of two items; records every request. */
function fakeFeed(pages: number, referenceVersion = REFERENCE.referenceVersion) {
  const requests: string[] = [];
  const get = async (path: string): Promise<JsonResponse> => {
    requests.push(path);
    if (path === '/v1/reference') return { status: 200, body: REFERENCE, headers: new Headers() };
    const cursor = new URLSearchParams(path.split('?')[1]).get('cursor');
    const i = cursor ? Number(cursor.slice(1)) : 0;
    const body = { items: [`a${i}`, `b${i}`], nextCursor: `c${i + 1}`, hasMore: i + 1 < pages, referenceVersion };
    return { status: 200, body, headers: new Headers({ 'x-log-head': String(2 * pages), 'x-log-position': String(2 * (i + 1)) }) };
  };
  return { get, requests };
}

function pager(get: (path: string) => Promise<JsonResponse>) {
  const events: string[] = [];
  const p = createPager({
    get,
    pageSize: 2,
    bulkThreshold: 1000,
    collect: false,
    onApplied: (r, received) => events.push(`applied ${r.applied}/${received}`),
    onRemaining: (rem) => events.push(`remaining ${rem}`),
    onSuccess: () => events.push('success'),
  });
  return { p, events };
}

describe('one page', () => {
  it('applies the items with their cursor, reports progress, and asks for the next page in advance', async () => {
    const feed = fakeFeed(3);
    const { cache, batches } = fakeCache(REFERENCE.referenceVersion);
    const { p, events } = pager(feed.get);
    expect(await p.pullPage(cache)).toBe(true);
    expect(batches).toEqual([{ items: ['a0', 'b0'], cursor: 'c1' }]);
    expect(events).toEqual(['applied 2/2', 'remaining 4', 'success']);
    expect(feed.requests).toEqual(['/v1/messages/changes?limit=2', '/v1/messages/changes?cursor=c1&limit=2']);
    expect(await p.pullPage(cache)).toBe(true);
    expect(await p.pullPage(cache)).toBe(false);
    // Each page was asked for once: the prefetched requests were used.
    expect(feed.requests).toHaveLength(3);
    expect(batches.map((b) => b.cursor)).toEqual(['c1', 'c2', 'c3']);
    expect(events.at(-2)).toBe('remaining 0');
  });

  it('a prefetched page that does not follow the committed cursor is not used', async () => {
    const feed = fakeFeed(5);
    const { cache, batches, setCursor } = fakeCache(REFERENCE.referenceVersion);
    const { p } = pager(feed.get);
    await p.pullPage(cache);
    setCursor('c3'); // the cursor moved another way (the stream applied more)
    await p.pullPage(cache);
    expect(batches.at(-1)).toEqual({ items: ['a3', 'b3'], cursor: 'c4' });
    expect(feed.requests.filter((r) => r.includes('cursor=c3'))).toHaveLength(1);
  });

  it('refetches the reference when the page names another version', async () => {
    const feed = fakeFeed(1);
    const { cache } = fakeCache('old-version');
    const { p } = pager(feed.get);
    await p.pullPage(cache);
    expect(feed.requests).toContain('/v1/reference');
    expect(cache.getReference()?.referenceVersion).toBe(REFERENCE.referenceVersion);
  });

  it('a page not by the contract is transient and applies nothing', async () => {
    const { cache, batches } = fakeCache(REFERENCE.referenceVersion);
    const { p, events } = pager(async () => ({ status: 200, body: { items: [], hasMore: false }, headers: new Headers() }));
    await expect(p.pullPage(cache)).rejects.toThrow(/страница изменений не по контракту/);
    expect(batches).toHaveLength(0);
    expect(events).toHaveLength(0);
  });
});
