/**
 * The sync client's state machine (electron/hub/sync/client.ts, docs/spec/central-api.md) against a
 * scripted central API (a fake fetch): what the caller sees — the requests made, the cache's rows
 * and cursor, the health published and persisted, the stop thrown. Jitter is 0 (`random: () => 0`),
 * so every backoff is a zero-delay timer: nothing waits on the wall clock.
 */
import { describe, expect, it } from 'vitest';
import type { SqliteCache } from '../../../../../electron/hub/cache/cache.js';
import { createSyncClient, type SyncClientOptions } from '../../../../../electron/hub/sync/client.js';
import { SyncStoppedError } from '../../../../../electron/hub/sync/http.js';
import { SYNC_HEALTH_KEY, parseSyncHealth, type SyncHealth } from '../../../../../shared/sync-health.js';
import { META, REFERENCE } from '../../../../integration/sync/fixture.js';
import { msg, tomb, freshCacheEachTest } from'../../../../support/cache-fixtures.js';

const API = 'http://central.test/api';

type Answer = Response | Error;
type Route = (url: URL, n: number, init: RequestInit | undefined) => Answer | Promise<Answer>;

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const page = (items: unknown[], nextCursor: string, hasMore: boolean, referenceVersion = REFERENCE.referenceVersion) =>
  json({ items, nextCursor, hasMore, referenceVersion });
const gone = () => json({ error: 'курсор устарел' }, 410);

/** Messages of the fixture's region (municipalities of REFERENCE). */
const m = (id: string, rev: number, extra: Record<string, unknown> = {}) => msg(id, rev, extra);

/** A scripted central API: routes by path, every request recorded as `path?query`. */
function central(routes: { meta?: Route; reference?: Route; changes?: Route; stream?: Route }) {
  const requests: string[] = [];
  const counts = new Map<string, number>();
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const path = url.pathname.replace(/^\/api/, '');
    requests.push(`${path}${url.search}`);
    const n = (counts.get(path) ?? 0) + 1;
    counts.set(path, n);
    const route =
      path === '/v1/meta'
        ? (routes.meta ?? (() => json(META)))
        : path === '/v1/reference'
          ? (routes.reference ?? (() => json(REFERENCE)))
          : path === '/v1/messages/changes'
            ? routes.changes
            : path === '/v1/messages/stream'
              ? (routes.stream ?? (() => json({ error: 'нет' }, 404)))
              : undefined;
    if (!route) return json({ error: 'нет такого пути' }, 404);
    const a = await route(url, n, init);
    if (a instanceof Error) throw a;
    return a;
  }) as typeof fetch;
  return { fetch: fetchFn, requests, count: (p: string) => counts.get(p) ?? 0 };
}

/** An SSE response whose body is `text`, then ends (the server closed it). */
const sse = (text: string, headers: Record<string, string> = {}) =>
  new Response(text, { status: 200, headers: { 'content-type': 'text/event-stream', ...headers } });

let cache: SqliteCache;
freshCacheEachTest((c) => (cache = c), () => cache, { reference: false });

function client(api: ReturnType<typeof central>, o: Partial<SyncClientOptions> = {}) {
  const healths: SyncHealth[] = [];
  const c = createSyncClient({
    cache,
    api: `${API}/`,
    token: 'wall',
    fetch: api.fetch,
    random: () => 0,
    backoff: { baseMs: 1000, capMs: 1000 },
    pollIntervalMs: 0,
    onHealth: (h) => healths.push(h),
    ...o,
  });
  return { c, healths };
}

const ids = () => [...cache.exportMessages()].map((x) => `${x.id}@${x.rev}`);
const persisted = () => parseSyncHealth(cache.getState(SYNC_HEALTH_KEY) ?? '');

describe('start and catch-up', () => {
  it('binds the cache to the API and region, fetches the reference once, pulls every page from the cursor', async () => {
    const api = central({
      changes: (url) =>
        url.searchParams.get('cursor') === null
          ? page([m('a', 1), m('b', 1)], 'c1', true)
          : url.searchParams.get('cursor') === 'c1'
            ? page([m('a', 2, { status: 'in_progress' }), tomb('b', 2)], 'c2', false)
            : page([], 'c2', false),
    });
    const applied: number[] = [];
    const { c, healths } = client(api, { pageSize: 7, onApplied: (r) => applied.push(r.applied) });
    await c.runUntilCaughtUp();
    expect(api.requests).toEqual([
      '/v1/meta',
      '/v1/reference',
      '/v1/messages/changes?limit=7',
      '/v1/messages/changes?cursor=c1&limit=7',
    ]);
    expect(cache.getApiUrl()).toBe(API);
    expect(cache.getRegion()).toEqual(META.region);
    expect(cache.getReference()).toEqual(REFERENCE);
    expect(ids()).toEqual(['a@2']);
    expect(cache.getCursor()).toBe('c2');
    expect(applied).toEqual([2, 2]);
    const h = c.health();
    expect(h).toMatchObject({ state: 'online', mode: 'pull', region: META.region, api: API, lastError: null, stopReason: null });
    expect(h.progress).toMatchObject({ received: 4, applied: 4, remaining: 0 });
    expect(h.lastSyncAt).not.toBeNull();
    expect(healths.map((x) => x.state)).toContain('catching_up');
    expect(healths.at(-1)!.state).toBe('online');
    expect(persisted()).toMatchObject({ state: 'online', region: META.region });

    // Started once: the next run asks no meta, and resumes from the stored cursor.
    await c.runUntilCaughtUp();
    expect(api.requests.slice(4)).toEqual(['/v1/messages/changes?cursor=c2&limit=7']);
  });

  it('a cache that holds a reference is not asked for it again', async () => {
    cache.setReference(REFERENCE);
    const api = central({ changes: () => page([m('a', 1)], 'c1', false) });
    await client(api).c.runUntilCaughtUp();
    expect(api.count('/v1/reference')).toBe(0);
    expect(ids()).toEqual(['a@1']);
  });

  it('meta failing (5xx, then a page not by the contract) is retried; health goes offline, then back', async () => {
    const api = central({
      meta: (_u, n) => (n === 1 ? json({ error: 'занят' }, 503) : n === 2 ? json({ schemaVersion: 1 }) : json(META)),
      changes: () => page([m('a', 1)], 'c1', false),
    });
    const { c, healths } = client(api);
    await c.runUntilCaughtUp();
    expect(api.count('/v1/meta')).toBe(3);
    const offline = healths.filter((x) => x.state === 'offline');
    expect(offline.map((x) => x.lastError)).toEqual([expect.stringContaining('503'), expect.stringContaining('/v1/meta не по контракту')]);
    expect(offline[0]!.offlineSince).not.toBeNull();
    expect(c.health()).toMatchObject({ state: 'online', offlineSince: null, lastError: null });
  });

  it('a cache of another region stops sync with the binding named, and applies nothing', async () => {
    cache.setRegion({ code: '59', name: 'Пермский край', timezone: 'Asia/Yekaterinburg' });
    const api = central({ changes: () => page([m('a', 1)], 'c1', false) });
    const { c } = client(api);
    const e = await c.runUntilCaughtUp().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SyncStoppedError);
    expect(e).toMatchObject({ reason: 'binding', message: expect.stringMatching(/этот кэш нельзя синхронизировать с http:\/\/central\.test\/api: .*59/) });
    expect(api.count('/v1/messages/changes')).toBe(0);
    expect(c.health()).toMatchObject({ state: 'stopped', stopReason: 'binding' });
    expect(persisted()).toMatchObject({ state: 'stopped', stopReason: 'binding' });
  });

  it('401 on the changes feed stops sync at once (no retry), the cursor kept', async () => {
    cache.setReference(REFERENCE);
    const api = central({ changes: () => json({ error: 'токен' }, 401) });
    const { c } = client(api);
    const e = await c.runUntilCaughtUp().catch((x: unknown) => x);
    expect(e).toMatchObject({ reason: 'auth' });
    expect(api.count('/v1/messages/changes')).toBe(1);
    expect(c.health().state).toBe('stopped');
  });

  it('an unexpected status of the feed is a failure to retry after backoff, never a skipped page', async () => {
    cache.setReference(REFERENCE);
    const api = central({
      changes: (url, n) =>
        n === 1 ? page([m('a', 1)], 'c1', true) : n === 2 ? json({ error: 'конфликт' }, 409) : page([m('b', 1)], 'c2', false),
    });
    const { c, healths } = client(api);
    await c.runUntilCaughtUp();
    expect(api.requests.filter((r) => r.startsWith('/v1/messages'))).toEqual([
      '/v1/messages/changes?limit=5000',
      '/v1/messages/changes?cursor=c1&limit=5000',
      '/v1/messages/changes?cursor=c1&limit=5000',
    ]);
    expect(healths.find((x) => x.state === 'offline')?.lastError).toBe('неожиданный ответ 409 на запрос изменений: конфликт');
    expect(ids()).toEqual(['a@1', 'b@1']);
    expect(c.health().state).toBe('online');
  });

  it('410 resyncs into a fresh copy, says so while it runs, and tells the hub the cache was replaced', async () => {
    cache.setReference(REFERENCE);
    cache.applyBatch([m('old', 1)], { cursor: 'stale' });
    const replaced: string[] = [];
    const during: SyncHealth[] = [];
    const api = central({
      changes: (url) => {
        if (url.searchParams.get('cursor') === 'stale') return gone();
        return url.searchParams.get('cursor') === null ? page([m('fresh', 1)], 'f1', true) : page([m('fresh2', 1)], 'f2', false);
      },
    });
    const { c } = client(api, {
      onReplaced: (p) => replaced.push(p),
      onHealth: (h) => during.push(h),
    });
    await c.runUntilCaughtUp();
    expect(ids()).toEqual(['fresh@1', 'fresh2@1']);
    expect(cache.getCursor()).toBe('f2');
    expect(replaced).toEqual([cache.path]);
    expect(during.some((h) => h.state === 'catching_up' && /410.*прежние данные/.test(h.lastError ?? ''))).toBe(true);
    expect(c.health()).toMatchObject({ state: 'online', lastError: null });
  });

  it('410 again during the resync starts it over and says so', async () => {
    cache.setReference(REFERENCE);
    cache.applyBatch([m('old', 1)], { cursor: 'stale' });
    let fresh = 0;
    const errors: (string | null)[] = [];
    const api = central({
      changes: (url) => {
        if (url.searchParams.get('cursor') === 'stale') return gone();
        if (url.searchParams.get('cursor') === null) return page([m(`f${++fresh}`, 1)], `f${fresh}`, true);
        return fresh < 2 ? gone() : page([], 'end', false);
      },
    });
    const { c } = client(api, { onHealth: (h) => errors.push(h.lastError) });
    await c.runUntilCaughtUp();
    expect(ids()).toEqual(['f2@1']);
    expect(errors).toContain('курсор снова устарел во время пересинхронизации: начинаю заново');
  });
});

describe('follow', () => {
  it('without the stream it polls the feed in poll mode until aborted, then resolves with health persisted', async () => {
    cache.setReference(REFERENCE);
    const ac = new AbortController();
    const api = central({
      changes: (_u, n) => {
        if (n >= 4) ac.abort();
        return page(n === 3 ? [m('late', 1)] : [], `c${n}`, false);
      },
    });
    const { c, healths } = client(api, { stream: false });
    await c.follow(ac.signal);
    expect(api.count('/v1/messages/stream')).toBe(0);
    expect(api.count('/v1/messages/changes')).toBeGreaterThanOrEqual(4);
    expect(ids()).toEqual(['late@1']);
    expect(healths.some((h) => h.mode === 'poll')).toBe(true);
    expect(persisted()?.mode).toBe('poll');
  });

  it('a failing poll goes offline and polls on; the next good poll is back online', async () => {
    cache.setReference(REFERENCE);
    const ac = new AbortController();
    const api = central({
      changes: (_u, n) => {
        if (n === 2) return json({ error: 'занят' }, 503);
        if (n >= 4) ac.abort();
        return page([], `c${n}`, false);
      },
    });
    const { c, healths } = client(api, { stream: false });
    await c.follow(ac.signal);
    const states = healths.map((h) => h.state);
    expect(states).toContain('offline');
    expect(states.lastIndexOf('online')).toBeGreaterThan(states.indexOf('offline'));
  });

  it('a stop while polling ends follow with the stop', async () => {
    cache.setReference(REFERENCE);
    const ac = new AbortController();
    const api = central({ changes: (_u, n) => (n === 1 ? page([], 'c1', false) : json({ error: 'нет прав' }, 403)) });
    const { c } = client(api, { stream: false });
    await expect(c.follow(ac.signal)).rejects.toMatchObject({ reason: 'forbidden' });
    expect(c.health().state).toBe('stopped');
  });

  it('applies the stream from the stored cursor (query and Last-Event-ID); the cursor follows the events', async () => {
    cache.setReference(REFERENCE);
    const ac = new AbortController();
    const seen: { url: string; lastEventId: string | null }[] = [];
    const api = central({
      changes: (url) => page([], url.searchParams.get('cursor') ?? 'c0', false),
      stream: (url, n, init) => {
        seen.push({ url: url.search, lastEventId: new Headers(init?.headers).get('last-event-id') });
        if (n === 1)
          return sse(
            `event: change\nid: s1\ndata: ${JSON.stringify(m('a', 1))}\n\n` +
              `event: change\nid: s2\ndata: ${JSON.stringify(m('b', 1))}\n\n` +
              'event: heartbeat\ndata: {"head": 12}\n\n',
            { 'x-log-position': '8', 'x-log-head': '10' },
          );
        ac.abort();
        return sse('');
      },
    });
    const modes: string[] = [];
    const { c } = client(api, { batchMs: 0, onHealth: (h) => modes.push(`${h.state}/${h.mode}`) });
    await c.follow(ac.signal);
    expect(seen[0]).toEqual({ url: '?cursor=c0', lastEventId: 'c0' });
    expect(ids()).toEqual(['a@1', 'b@1']);
    expect(cache.getCursor()).toBe('s2');
    expect(modes).toContain('online/stream');
    expect(c.health().progress.received).toBe(2);
  });

  it('404 on the stream: says there is no stream and polls the feed instead', async () => {
    cache.setReference(REFERENCE);
    const ac = new AbortController();
    const api = central({
      changes: (_u, n) => {
        if (n >= 3) ac.abort();
        return page([], `c${n}`, false);
      },
    });
    const { c, healths } = client(api);
    await c.follow(ac.signal);
    expect(api.count('/v1/messages/stream')).toBe(1);
    expect(api.count('/v1/messages/changes')).toBeGreaterThanOrEqual(3);
    expect(healths.some((h) => h.lastError === 'поток событий недоступен (404): опрашиваю ленту изменений')).toBe(true);
    expect(healths.some((h) => h.mode === 'poll')).toBe(true);
  });

  it('a stream that keeps failing is retried with a catch-up in between, then polled after three failures', async () => {
    cache.setReference(REFERENCE);
    const ac = new AbortController();
    const api = central({
      changes: (_u, n) => {
        if (api.count('/v1/messages/stream') >= 3 && n >= 5) ac.abort();
        return page([], `c${n}`, false);
      },
      stream: () => json({ error: 'занят' }, 503),
    });
    const { c, healths } = client(api, { streamRetryMs: 60_000 });
    await c.follow(ac.signal);
    const seq = api.requests.filter((r) => r.startsWith('/v1/messages')).map((r) => r.split('?')[0]!.replace('/v1/messages/', ''));
    // catch-up, then stream → fail → catch-up, twice; the third failure polls (no more stream).
    expect(seq.slice(0, 6)).toEqual(['changes', 'stream', 'changes', 'stream', 'changes', 'stream']);
    expect(seq.slice(6).every((s) => s === 'changes')).toBe(true);
    expect(api.count('/v1/messages/stream')).toBe(3);
    expect(healths.some((h) => h.state === 'offline' && h.lastError === 'поток: сервер ответил 503')).toBe(true);
    expect(healths.some((h) => h.mode === 'poll')).toBe(true);
  });

  it('410 on the stream catches up by pages, which resyncs', async () => {
    cache.setReference(REFERENCE);
    cache.applyBatch([m('old', 1)], { cursor: 'c0' });
    const ac = new AbortController();
    let resynced = false;
    const api = central({
      changes: (url) => {
        const cur = url.searchParams.get('cursor');
        if (cur === 'c0') return resynced ? gone() : page([], 'c0', false);
        if (cur === null) return page([m('fresh', 1)], 'f1', false);
        ac.abort();
        return page([], 'f1', false);
      },
      stream: (_u, n) => {
        if (n === 1) {
          resynced = true;
          return gone();
        }
        ac.abort();
        return sse('');
      },
    });
    const replaced: string[] = [];
    const { c } = client(api, { onReplaced: (p) => replaced.push(p) });
    await c.follow(ac.signal);
    expect(replaced).toEqual([cache.path]);
    expect(ids()).toEqual(['fresh@1']);
  });

  it('401 on the stream stops follow with the stop persisted', async () => {
    cache.setReference(REFERENCE);
    const api = central({ changes: () => page([], 'c0', false), stream: () => json({ error: 'токен' }, 401) });
    const { c } = client(api);
    await expect(c.follow(new AbortController().signal)).rejects.toMatchObject({ reason: 'auth' });
    expect(persisted()).toMatchObject({ state: 'stopped', stopReason: 'auth' });
  });

  it('an abort during catch-up resolves follow (no error), health persisted', async () => {
    cache.setReference(REFERENCE);
    const ac = new AbortController();
    const api = central({
      changes: () => {
        ac.abort(new Error('стоп'));
        return json({ error: 'занят' }, 503);
      },
    });
    const { c } = client(api);
    await expect(c.follow(ac.signal)).resolves.toBeUndefined();
    expect(persisted()).not.toBeNull();
  });
});

describe('what the caller is handed and what is persisted', () => {
  it('an API address with spaces and trailing slashes is used and shown trimmed', async () => {
    const api = central({ changes: () => page([m('a', 1)], 'c1', false) });
    const { c } = client(api, { api: `  ${API}//  ` });
    await c.runUntilCaughtUp();
    expect(api.requests[0]).toBe('/v1/meta');
    expect(c.health().api).toBe(API);
    expect(cache.getApiUrl()).toBe(API);
  });

  it('onApplied is handed the changed messages of each batch', async () => {
    const api = central({ changes: () => page([m('a', 1), m('b', 1)], 'c1', false) });
    const changed: string[][] = [];
    await client(api, { onApplied: (r) => changed.push(r.changed.map((x) => x.id)) }).c.runUntilCaughtUp();
    expect(changed).toEqual([['a', 'b']]);
  });

  it('far behind (at least bulkThreshold left) WAL checkpoints are deferred, and restored when done or stopped', async () => {
    cache.setReference(REFERENCE);
    const during: number[] = [];
    const auto = () => cache.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    const normal = auto();
    const head = (left: number) => ({ 'x-log-head': String(1000 + left), 'x-log-position': '1000' });
    const api = central({
      changes: (_u, n) =>
        n === 1
          ? json({ items: [m('a', 1)], nextCursor: 'c1', hasMore: true, referenceVersion: REFERENCE.referenceVersion }, 200, head(20))
          : n === 2
            ? json({ items: [m('b', 1)], nextCursor: 'c2', hasMore: true, referenceVersion: REFERENCE.referenceVersion }, 200, head(5))
            : json({ error: 'токен' }, 401),
    });
    const { c } = client(api, { bulkThreshold: 10, onApplied: () => during.push(auto()) });
    await expect(c.runUntilCaughtUp()).rejects.toMatchObject({ reason: 'auth' });
    // 20 left ≥ 10: bulk from the first page on; the stop ends it.
    expect(during[0]).toBe(0);
    expect(auto()).toBe(normal);
    expect(normal).toBeGreaterThan(0);
  });

  it('below the default threshold (50 000 left) a pull is no bulk catch-up', async () => {
    cache.setReference(REFERENCE);
    const during: number[] = [];
    const api = central({
      changes: (_u, n) =>
        json({ items: [m(`a${n}`, 1)], nextCursor: `c${n}`, hasMore: n < 2, referenceVersion: REFERENCE.referenceVersion }, 200, {
          'x-log-head': String(n === 1 ? 40_000 : 1),
          'x-log-position': '1',
        }),
    });
    await client(api, { onApplied: () => during.push(cache.db.pragma('wal_autocheckpoint', { simple: true }) as number) }).c.runUntilCaughtUp();
    expect(during[0]).toBeGreaterThan(0);
  });

  it('a second catch-up persists its progress at its end', async () => {
    cache.setReference(REFERENCE);
    const api = central({ changes: (u) => (u.searchParams.get('cursor') === null ? page([m('a', 1)], 'c1', false) : page([m('b', 1)], 'c2', false)) });
    const { c } = client(api);
    await c.runUntilCaughtUp();
    await c.runUntilCaughtUp();
    expect(persisted()?.progress.applied).toBe(2);
  });

  it('the resync messages are persisted as they happen, and cleared when it is over', async () => {
    cache.setReference(REFERENCE);
    cache.applyBatch([m('old', 1)], { cursor: 'stale' });
    let fresh = 0;
    const seen: (string | null | undefined)[] = [];
    const api = central({
      changes: (url) => {
        const cur = url.searchParams.get('cursor');
        if (cur === 'stale') return gone();
        seen.push(persisted()?.lastError);
        if (cur === null) return page([m(`f${++fresh}`, 1)], `f${fresh}`, true);
        if (fresh < 2) return gone();
        return page([], 'end', false);
      },
    });
    const { c } = client(api);
    await c.runUntilCaughtUp();
    expect(seen[0]).toMatch(/410/);
    expect(seen).toContain('курсор снова устарел во время пересинхронизации: начинаю заново');
    // After the swap the next page of the replaced cache's feed is asked with no error persisted.
    expect(seen.at(-1)).toBeNull();
  });
});

describe('follow: the stream and its failures', () => {
  it('a stream that opens and is closed by the server is reconnected each time, never left for polling', async () => {
    cache.setReference(REFERENCE);
    const ac = new AbortController();
    const api = central({
      changes: (url, n) => {
        if (n > 50) ac.abort(); // a runaway poll ends the test
        return page([], url.searchParams.get('cursor') ?? 'c0', false);
      },
      stream: (_u, n) => {
        if (n === 5) ac.abort();
        return sse('event: heartbeat\ndata: {}\n\n');
      },
    });
    const { c, healths } = client(api);
    await c.follow(ac.signal);
    expect(api.count('/v1/messages/stream')).toBe(5);
    expect(healths.some((h) => h.mode === 'poll')).toBe(false);
  });

  it('after a failed connection the stream opening is back online: offline spell and error cleared', async () => {
    cache.setReference(REFERENCE);
    const ac = new AbortController();
    const api = central({
      changes: (url) => page([], url.searchParams.get('cursor') ?? 'c0', false),
      stream: (_u, n) => {
        if (n === 1) return json({ error: 'занят' }, 503);
        if (n >= 3) ac.abort();
        return sse(
          `event: change\nid: s1\ndata: ${JSON.stringify(m('a', 1))}\n\nevent: change\nid: s2\ndata: ${JSON.stringify(m('b', 1))}\n\n` +
            'event: heartbeat\ndata: {"head": 12}\n\n',
          { 'x-log-position': '8', 'x-log-head': '10' },
        );
      },
    });
    const { c, healths } = client(api, { batchMs: 0 });
    await c.follow(ac.signal);
    const open = healths.find((h) => h.mode === 'stream' && h.state === 'online');
    expect(open).toMatchObject({ offlineSince: null, lastError: null });
    // Each applied batch is published while the stream is open, before the connection ends.
    const batch = healths.findIndex((h) => h.mode === 'stream' && h.state === 'online' && h.progress.received === 2);
    const end = healths.findIndex((h) => h.state === 'offline' && h.lastError === 'сервер закрыл поток');
    expect(batch).toBeGreaterThanOrEqual(0);
    expect(batch).toBeLessThan(end);
    // The heartbeat's head moved what is left: 12 − 10 after the two changes.
    const closed = healths.find((h) => h.state === 'offline' && h.lastError === 'сервер закрыл поток');
    expect(closed?.progress.remaining).toBe(2);
  });

  it('an abort while the stream is open ends follow without reporting a failure', async () => {
    cache.setReference(REFERENCE);
    const ac = new AbortController();
    const api = central({
      changes: (url) => page([], url.searchParams.get('cursor') ?? 'c0', false),
      stream: (_u, _n, init) =>
        new Response(
          new ReadableStream({
            start(controller) {
              init?.signal?.addEventListener('abort', () => controller.error(init.signal!.reason), { once: true });
              setTimeout(() => ac.abort(new Error('стоп')), 0);
            },
          }),
          { status: 200, headers: { 'content-type': 'text/event-stream' } },
        ),
    });
    const { c } = client(api);
    await c.follow(ac.signal);
    expect(c.health()).toMatchObject({ state: 'online', lastError: null, offlineSince: null });
    expect(persisted()).toMatchObject({ state: 'online', mode: 'stream' });
  });

  it('404 on the stream: the reason is persisted before the polling starts', async () => {
    cache.setReference(REFERENCE);
    const ac = new AbortController();
    const seen: (string | null | undefined)[] = [];
    const api = central({
      changes: (_u, n) => {
        if (n >= 2) {
          seen.push(persisted()?.lastError);
          ac.abort();
        }
        return page([], `c${n}`, false);
      },
    });
    await client(api).c.follow(ac.signal);
    expect(seen[0]).toBe('поток событий недоступен (404): опрашиваю ленту изменений');
  });

  it('a stop in the catch-up after a failed stream connection ends follow with the stop', async () => {
    cache.setReference(REFERENCE);
    const api = central({
      changes: (_u, n) => (n === 1 ? page([], 'c0', false) : json({ error: 'токен' }, 401)),
      stream: () => json({ error: 'занят' }, 503),
    });
    await expect(client(api).c.follow(new AbortController().signal)).rejects.toMatchObject({ reason: 'auth' });
    // At once: no second connection, no polling first.
    expect(api.count('/v1/messages/stream')).toBe(1);
    expect(api.count('/v1/messages/changes')).toBe(2);
  });

  it('a stream opening after a failed connection and a failed catch-up is back online at once', async () => {
    cache.setReference(REFERENCE);
    const ac = new AbortController();
    const api = central({
      changes: (url, n) => (n === 2 ? json({ error: 'конфликт' }, 409) : page([], url.searchParams.get('cursor') ?? 'c0', false)),
      stream: (_u, n) => {
        if (n === 1) return json({ error: 'занят' }, 503);
        ac.abort();
        return sse('');
      },
    });
    const { c, healths } = client(api);
    await c.follow(ac.signal);
    expect(healths.find((h) => h.mode === 'stream' && h.state === 'online')).toMatchObject({ offlineSince: null, lastError: null });
  });

  it('an unexpected answer in that catch-up is let pass, and follow goes on to the stream', async () => {
    cache.setReference(REFERENCE);
    const ac = new AbortController();
    const api = central({
      changes: (_u, n) => (n === 2 ? json({ error: 'конфликт' }, 409) : page([], `c${n}`, false)),
      stream: (_u, n) => {
        if (n === 2) ac.abort();
        return json({ error: 'занят' }, 503);
      },
    });
    const { c } = client(api);
    await c.follow(ac.signal);
    expect(api.count('/v1/messages/stream')).toBe(2);
    expect(api.count('/v1/messages/changes')).toBe(2);
  });

  it('an unexpected answer while polling is a failure, and the polling goes on', async () => {
    cache.setReference(REFERENCE);
    const ac = new AbortController();
    const api = central({
      changes: (_u, n) => {
        if (n === 2) return json({ error: 'конфликт' }, 409);
        if (n >= 3) ac.abort();
        return page(n === 3 ? [m('late', 1)] : [], `c${n}`, false);
      },
    });
    const { c, healths } = client(api, { stream: false });
    await c.follow(ac.signal);
    expect(healths.some((h) => h.state === 'offline' && h.lastError === 'неожиданный ответ 409 на запрос изменений: конфликт')).toBe(true);
    expect(ids()).toEqual(['late@1']);
    // The end of follow persists the last progress.
    expect(persisted()?.progress.applied).toBe(c.health().progress.applied);
    expect(c.health().progress.applied).toBe(1);
  });
});
