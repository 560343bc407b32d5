/**
 * The sync client's timing on a fake clock (electron/hub/sync/client.ts, docs/spec/central-api.md
 * «errors», «stream»): when each request is made after a failure (backoff with jitter, started over
 * after every success), the polling period, the heartbeat watchdog, the stream's batching window
 * and the receive rate — read from the times of the requests a scripted central API records.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openCache, type SqliteCache } from '../../../../../electron/hub/cache/cache.js';
import { createSyncClient, type SyncClientOptions } from '../../../../../electron/hub/sync/client.js';
import type { SyncHealth } from '../../../../../shared/sync-health.js';
import { META, REFERENCE } from '../../../../integration/sync/fixture.js';
import { msg, tempDir } from '../../../../support/cache-fixtures.js';

const API = 'http://central.test';
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const page = (items: unknown[], nextCursor: string, hasMore: boolean) =>
  json({ items, nextCursor, hasMore, referenceVersion: REFERENCE.referenceVersion });
const busy = () => json({ error: 'занят' }, 503);

type Route = (url: URL, n: number, init?: RequestInit) => Response | Promise<Response>;

let t0 = 0;
function central(routes: { meta?: Route; changes?: Route; stream?: Route }) {
  const log: { path: string; at: number }[] = [];
  const counts = new Map<string, number>();
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    log.push({ path: url.pathname, at: Date.now() - t0 });
    const n = (counts.get(url.pathname) ?? 0) + 1;
    counts.set(url.pathname, n);
    if (url.pathname === '/v1/meta') return (routes.meta ?? (() => json(META)))(url, n, init);
    if (url.pathname === '/v1/reference') return json(REFERENCE);
    if (url.pathname === '/v1/messages/changes' && routes.changes) return routes.changes(url, n, init);
    if (url.pathname === '/v1/messages/stream' && routes.stream) return routes.stream(url, n, init);
    return json({ error: 'нет' }, 404);
  }) as typeof fetch;
  const times = (p: string) => log.filter((x) => x.path === p).map((x) => x.at);
  return { fetch: fetchFn, times };
}

/** An event stream that sends `chunks` at their times (ms after the request) and is cut off with the request's signal. */
function sseStream(init: RequestInit | undefined, chunks: [number, string][], endAt?: number): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const enc = new TextEncoder();
      let open = true;
      for (const [at, text] of chunks) setTimeout(() => open && controller.enqueue(enc.encode(text)), at);
      if (endAt !== undefined)
        setTimeout(() => {
          if (open) controller.close();
          open = false;
        }, endAt);
      init?.signal?.addEventListener(
        'abort',
        () => {
          if (open) controller.error(init.signal!.reason);
          open = false;
        },
        { once: true },
      );
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}
const change = (id: string, evId: string) => `event: change\nid: ${evId}\ndata: ${JSON.stringify(msg(id, 1))}\n\n`;

let tmp: ReturnType<typeof tempDir>;
let cache: SqliteCache;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  t0 = Date.now();
  tmp = tempDir();
  cache = openCache(tmp.file('c.sqlite'));
});
afterEach(() => {
  vi.useRealTimers();
  cache.close();
  tmp.cleanup();
});

function client(api: ReturnType<typeof central>, o: Partial<SyncClientOptions> = {}) {
  const healths: SyncHealth[] = [];
  const c = createSyncClient({ cache, api: API, token: 'wall', fetch: api.fetch, onHealth: (h) => healths.push(h), ...o });
  return { c, healths };
}

/** Runs `p` to its end on the fake clock, `step` ms at a time (at most `maxMs`). */
async function settle<T>(p: Promise<T>, maxMs = 120_000, step = 50): Promise<T> {
  let done = false;
  const q = p.finally(() => (done = true));
  for (let t = 0; t < maxMs && !done; t += step) await vi.advanceTimersByTimeAsync(step);
  return q;
}

describe('backoff on the clock', () => {
  it('waits the jittered delay after each failure, and starts from the base again after every success', async () => {
    const api = central({
      meta: (_u, n) => (n === 1 ? busy() : json(META)),
      changes: (_u, n) => {
        if (n === 1 || n === 3 || n === 4) return busy();
        return n === 2 ? page([msg('a', 1)], 'c1', true) : page([msg('b', 1)], 'c2', false);
      },
    });
    const { c } = client(api, { backoff: { baseMs: 1000, capMs: 8000 }, random: () => 0.5 });
    await settle(c.runUntilCaughtUp(), 20_000, 10);
    // meta: failed at 0, again after 500 (attempt 0: half of 1 000).
    expect(api.times('/v1/meta')).toEqual([0, 500]);
    // The meta success started the count over: the first page failure waits 500 again; after a
    // page commits, a failure waits 500, the next one 1 000 (attempt 1: half of 2 000).
    expect(api.times('/v1/messages/changes')).toEqual([500, 1000, 1000, 1500, 2500]);
    expect(c.health().state).toBe('online');
  });

  it('without options: the default backoff (250 ms base) with its own randomness', async () => {
    const api = central({ changes: (_u, n) => (n === 1 ? busy() : page([], 'c1', false)) });
    const { c } = client(api, { random: () => 0.999 });
    await settle(c.runUntilCaughtUp(), 5000, 1);
    expect(api.times('/v1/messages/changes')).toEqual([0, 249]);
  });
});

describe('polling', () => {
  for (const [what, o, period] of [
    ['the given period', { pollIntervalMs: 300 }, 300],
    ['1 s by default', {}, 1000],
  ] as const) {
    it(`polls the feed at ${what}`, async () => {
      const ac = new AbortController();
      const api = central({
        changes: (_u, n) => {
          if (n === 4) ac.abort();
          return page([], `c${n}`, false);
        },
      });
      const { c } = client(api, { stream: false, ...o });
      await settle(c.follow(ac.signal), 10_000, 10);
      expect(api.times('/v1/messages/changes')).toEqual([0, 0, period, 2 * period]);
    });
  }
});

describe('the stream on the clock', () => {
  it('a stream without any event for the heartbeat timeout is given up and reconnected', async () => {
    const ac = new AbortController();
    const errors: (string | null)[] = [];
    const api = central({
      changes: (u) => page([], u.searchParams.get('cursor') ?? 'c0', false),
      stream: (_u, n, init) => {
        if (n === 2) setTimeout(() => ac.abort(), 0);
        return sseStream(init, []);
      },
    });
    const { c } = client(api, { heartbeatTimeoutMs: 2000, random: () => 0, onHealth: (h) => errors.push(h.lastError) });
    await settle(c.follow(ac.signal), 60_000, 100);
    const [first, second] = api.times('/v1/messages/stream');
    expect(first).toBe(0);
    expect(second).toBeGreaterThanOrEqual(2000);
    expect(second).toBeLessThan(2100); // not the default 40 s
    expect(errors).toContain('поток: ни события, ни heartbeat 2 с (сервер обещает heartbeat каждые 15 с): переподключаюсь');
  });

  for (const [what, o, batches] of [
    ['within the given window are applied together', { batchMs: 50 }, [2]],
    ['further apart than the default 5 ms are applied one by one', {}, [1, 1]],
  ] as const) {
    it(`change events ${what}`, async () => {
      const ac = new AbortController();
      const applied: number[] = [];
      const api = central({
        changes: (u) => page([], u.searchParams.get('cursor') ?? 'c0', false),
        stream: (_u, n, init) => {
          if (n === 2) setTimeout(() => ac.abort(), 0);
          return n === 1 ? sseStream(init, [[0, change('a', 's1')], [20, change('b', 's2')]], 200) : sseStream(init, []);
        },
      });
      cache.setReference(REFERENCE);
      const { c } = client(api, { random: () => 0, onApplied: (r) => r.applied > 0 && applied.push(r.applied), ...o });
      await settle(c.follow(ac.signal), 10_000, 5);
      expect(applied).toEqual(batches);
      expect(cache.getCursor()).toBe('s2');
    });
  }
});

describe('the stream between its batches', () => {
  it('each batch is a success at its time; a later heartbeat alone moves what is left', async () => {
    const ac = new AbortController();
    const healths: SyncHealth[] = [];
    const api = central({
      changes: (u) => page([], u.searchParams.get('cursor') ?? 'c0', false),
      stream: (_u, n, init) => {
        if (n === 2) setTimeout(() => ac.abort(), 0);
        if (n > 1) return sseStream(init, []);
        const r = sseStream(init, [[0, change('a', 's1')], [20, change('b', 's2')], [40, 'event: heartbeat\ndata: {"head": 12}\n\n']], 100);
        return new Response(r.body, { status: 200, headers: { 'content-type': 'text/event-stream', 'x-log-position': '8', 'x-log-head': '10' } });
      },
    });
    cache.setReference(REFERENCE);
    const { c } = client(api, { random: () => 0, onHealth: (h) => healths.push(h) });
    await settle(c.follow(ac.signal), 10_000, 5);
    const second = healths.find((h) => h.mode === 'stream' && h.progress.received === 2)!;
    expect(Date.parse(second.lastSyncAt!) - t0).toBeGreaterThanOrEqual(20);
    const closed = healths.find((h) => h.state === 'offline' && h.lastError === 'сервер закрыл поток')!;
    expect(closed.progress.remaining).toBe(2);
  });
});

describe('receive rate', () => {
  it('is measured once pages have come in for half a second', async () => {
    const api = central({
      changes: async (_u, n) => {
        await new Promise((r) => setTimeout(r, 400));
        return page([msg(`m${n}`, 1), msg(`n${n}`, 1)], `c${n}`, n < 4);
      },
    });
    const { c } = client(api);
    await settle(c.runUntilCaughtUp(), 10_000, 10);
    const rate = c.health().progress.rate;
    expect(rate).not.toBeNull();
    // 2 items a page, a page every 400 ms or so (the next page is asked for in advance): about 5 a second.
    expect(rate!).toBeGreaterThan(2);
    expect(rate!).toBeLessThan(20);
  });
});
