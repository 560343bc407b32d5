/** Resync on 410, stops (schema, token, binding), live stream and its polling fallback. */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createCentralServer, type CentralServer, type CentralServerOptions } from '../../../electron/hub/central/server.js';
import { openCache, type SqliteCache } from '../../../electron/hub/cache/cache.js';
import { createSyncClient, type SyncClientOptions } from '../../../electron/hub/sync/client.js';
import { SyncStoppedError } from '../../../electron/hub/sync/http.js';
import { createOutboxDeliverer, enqueueAction, listOutbox } from '../../../electron/hub/outbox/outbox.js';
import { SYNC_HEALTH_KEY, parseSyncHealth } from '../../../shared/sync-health.js';
import { META, REFERENCE, makeLog, message } from './fixture.js';
import { runCli, tempDir } from './helpers.js';
import { seededRandom } from '../../../electron/hub/central/faults.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(opts: Partial<CentralServerOptions> = {}, n = 2000): Promise<CentralServer> {
  const s = await createCentralServer({ data: { meta: META, reference: REFERENCE, items: makeLog(n) }, ...opts });
  cleanups.push(() => s.close());
  return s;
}

function cache(name = 'c.db'): SqliteCache {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const c = openCache(join(t.dir, name));
  cleanups.push(() => c.close());
  return c;
}

const client = (c: SqliteCache, s: CentralServer, o: Partial<SyncClientOptions> = {}) =>
  createSyncClient({ cache: c, api: s.url, token: 'wall', backoff: { baseMs: 5, capMs: 50 }, pageSize: 200, ...o });

async function stopOf(p: Promise<unknown>): Promise<SyncStoppedError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SyncStoppedError) return e;
    throw e;
  }
  throw new Error('sync did not stop');
}

describe('410 Gone → full resync', () => {
  it('replaces the cache from a fresh copy; the old data stays readable until the swap', async () => {
    const s = await server();
    const c = cache();
    await client(c, s).runUntilCaughtUp();
    const before = c.messageCount();
    const action = enqueueAction(c, { messageId: 'im-000001', type: 'comment', payload: { comment: 'к брифингу' }, operator: 'duty-1' });

    // The server moves on and compacts its log: the client's cursor is now too old.
    const r = seededRandom(99);
    s.push(Array.from({ length: 300 }, (_, i) => message(`im-new-${i}`, 1, r, 'new')));
    s.push([{ id: 'im-000002', rev: 1000, deleted: true }]);
    s.compact();

    const seenDuringResync: number[] = [];
    let replaced: string | null = null;
    const spy: typeof fetch = async (input, init) => {
      const url = String(input);
      if (url.includes('/v1/messages/changes') && existsSync(`${c.path}.resync`)) {
        // Another reader (the wall) opens the cache now: it still sees the old, full data.
        const reader = openCache(c.path, { readonly: true });
        seenDuringResync.push(reader.messageCount());
        reader.close();
      }
      return fetch(input, init);
    };
    await client(c, s, { fetch: spy, onReplaced: (p) => (replaced = p) }).runUntilCaughtUp();
    expect(seenDuringResync.length).toBeGreaterThan(1);
    expect(seenDuringResync.every((n) => n === before)).toBe(true);
    expect(replaced).toBe(c.path);
    expect([...c.exportMessages()]).toEqual(s.state());
    expect(c.getMessage('im-000002')).toBeNull();
    expect(existsSync(`${c.path}.resync`)).toBe(false);
    // The outbox survived the swap.
    expect(listOutbox(c).map((e) => e.action.id)).toEqual([action.id]);
    // And the cursor is good again: the next run has nothing to fetch and no 410.
    const again = client(c, s);
    await again.runUntilCaughtUp();
    expect(again.health().progress.received).toBe(0);
  });
});

describe('highest revision wins above the unit (docs/spec/central-api.md: the changes feed)', () => {
  it('an older revision logged after a newer one, by page and by stream, never replaces it', async () => {
    const s = await server({ heartbeatMs: 100 }, 200);
    const c = cache();
    const r = seededRandom(31);
    // Pages: rev 3 (closed) then its rev 2 (open) resent; a tombstone then an older live copy.
    s.push([message('im-ooo-1', 3, r, 'closed'), message('im-ooo-1', 2, r, 'new')]);
    s.push([message('im-ooo-2', 1, r, 'new'), { id: 'im-ooo-2', rev: 4, deleted: true }, message('im-ooo-2', 3, r, 'in_progress')]);
    // An older tombstone after a newer live revision does not delete it.
    s.push([message('im-ooo-5', 5, r, 'in_progress'), { id: 'im-ooo-5', rev: 2, deleted: true }]);
    await client(c, s).runUntilCaughtUp();
    expect(c.getMessage('im-ooo-5')?.rev).toBe(5);
    expect(c.getMessage('im-ooo-1')?.rev).toBe(3);
    expect(c.getMessage('im-ooo-1')?.status).toBe('closed');
    expect(c.getMessage('im-ooo-2')).toBeNull();
    // Stream: the same, live.
    const ac = new AbortController();
    const cl = client(c, s, { heartbeatTimeoutMs: 1000 });
    const done = cl.follow(ac.signal);
    cleanups.push(() => {
      ac.abort();
      return done;
    });
    await waitFor(() => cl.health().mode === 'stream' && s.stats().streamClients === 1, 5000);
    s.push([message('im-ooo-3', 5, r, 'answered'), message('im-ooo-3', 4, r, 'rework')]);
    s.push([{ id: 'im-ooo-1', rev: 6, deleted: true }, message('im-ooo-1', 5, r, 'new')]);
    s.push([message('im-ooo-4', 1, r, 'new')]);
    await waitFor(() => c.getMessage('im-ooo-4') !== null, 2000);
    ac.abort();
    await done;
    expect(c.getMessage('im-ooo-3')?.rev).toBe(5);
    expect(c.getMessage('im-ooo-3')?.status).toBe('answered');
    expect(c.getMessage('im-ooo-1')).toBeNull();
    expect([...c.exportMessages()]).toEqual(s.state());
  });
});

describe('sync stops and says so plainly', () => {
  it('an unknown schemaVersion stops sync and keeps the cache', async () => {
    const s = await server();
    const c = cache();
    await client(c, s).runUntilCaughtUp();
    const before = [...c.exportMessages()];
    s.setMeta({ ...META, schemaVersion: 2 });
    const e = await stopOf(client(c, s).runUntilCaughtUp());
    expect(e.reason).toBe('schema');
    expect(e.message).toMatch(/версии схемы 2/);
    expect([...c.exportMessages()]).toEqual(before);
    const h = parseSyncHealth(c.getState(SYNC_HEALTH_KEY))!;
    expect(h.state).toBe('stopped');
    expect(h.stopReason).toBe('schema');
    expect(h.lastError).toMatch(/понимает только версию 1/);
  });

  it('a wrong token (401) stops with a plain message; the CLI exits 3 with one line', async () => {
    const s = await server();
    const c = cache();
    const e = await stopOf(client(c, s, { token: 'wrong-token' }).runUntilCaughtUp());
    expect(e.reason).toBe('auth');
    expect(e.message).toMatch(/401.*--token/);
    // A token that cannot even be sent is a stop too, not an endless retry.
    const e2 = await stopOf(client(c, s, { token: 'чужой токен' }).runUntilCaughtUp());
    expect(e2.reason).toBe('auth');
    expect(c.messageCount()).toBe(0);
    const res = await runCli(['sync', '--api', s.url, '--token', 'bad', '--cache', join(c.path + '-cli.db'), '--until-caught-up']);
    expect(res.code).toBe(3);
    const lines = res.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^situation-wall sync: центральный API не принял токен \(401\)/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('a read-only wall token posting an action (403) stops delivery; the action waits', async () => {
    const s = await server();
    const c = cache();
    await client(c, s).runUntilCaughtUp();
    enqueueAction(c, { messageId: 'im-000001', type: 'escalate', payload: { level: 2 }, operator: 'duty-1' });
    const d = createOutboxDeliverer({ cache: c, api: s.url, token: 'wall' });
    const e = await stopOf(d.deliverPending());
    expect(e.reason).toBe('forbidden');
    expect(e.message).toMatch(/403/);
    const [entry] = listOutbox(c);
    expect(entry!.state).toBe('pending');
    expect(s.stats().actions[entry!.action.id]).toBeUndefined();
  });

  it('a cache bound to another region or another API is refused', async () => {
    const s = await server();
    const other = cache('other-region.db');
    other.setRegion({ code: '57', name: 'Пермский край', timezone: 'Asia/Yekaterinburg' });
    const e1 = await stopOf(client(other, s).runUntilCaughtUp());
    expect(e1.reason).toBe('binding');
    expect(e1.message).toMatch(/регион/);
    expect(other.messageCount()).toBe(0);

    const otherApi = cache('other-api.db');
    otherApi.setApiUrl('https://cur.example.ru/api');
    const e2 = await stopOf(client(otherApi, s).runUntilCaughtUp());
    expect(e2.reason).toBe('binding');
    expect(e2.message).toMatch(/cur\.example\.ru/);
  });
});

async function waitFor(cond: () => boolean, ms: number): Promise<number> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error(`не дождался за ${ms} мс`);
    await new Promise((r) => setTimeout(r, 2));
  }
  return performance.now() - t0;
}

describe('live', () => {
  it('a change on the server reaches the cache through the SSE stream within a second', async () => {
    const s = await server({ heartbeatMs: 100 });
    const c = cache();
    const ac = new AbortController();
    const cl = client(c, s, { heartbeatTimeoutMs: 1000 });
    const done = cl.follow(ac.signal);
    cleanups.push(() => {
      ac.abort();
      return done;
    });
    await waitFor(() => cl.health().mode === 'stream' && s.stats().streamClients === 1, 5000);
    const r = seededRandom(5);
    for (let i = 0; i < 5; i++) {
      const m = message(`im-live-${i}`, 1, r, 'new');
      s.push([m]);
      const ms = await waitFor(() => c.getMessage(`im-live-${i}`) !== null, 1000);
      expect(ms).toBeLessThan(1000);
    }
    // An update and a tombstone too.
    s.push([{ ...message('im-live-0', 2, r, 'closed') }, { id: 'im-live-1', rev: 2, deleted: true }]);
    await waitFor(() => c.getMessage('im-live-0')?.status === 'closed' && c.getMessage('im-live-1') === null, 1000);
    ac.abort();
    await done;
    expect([...c.exportMessages()]).toEqual(s.state());
    expect(cl.health().state).toBe('online');
  });

  it('reconnects with its cursor when the stream is cut, nothing lost', async () => {
    const s = await server({ heartbeatMs: 50 });
    const c = cache();
    const ac = new AbortController();
    const cl = client(c, s, { heartbeatTimeoutMs: 500 });
    const done = cl.follow(ac.signal);
    cleanups.push(() => {
      ac.abort();
      return done;
    });
    await waitFor(() => s.stats().streamClients === 1, 5000);
    const r = seededRandom(6);
    for (let round = 0; round < 3; round++) {
      s.dropStreams();
      s.push([message(`im-cut-${round}`, 1, r, 'new')]);
      await waitFor(() => c.getMessage(`im-cut-${round}`) !== null, 3000);
      await waitFor(() => s.stats().streamClients === 1, 3000);
    }
    ac.abort();
    await done;
    expect(s.stats().requests['GET /v1/messages/stream']).toBeGreaterThanOrEqual(4);
    expect([...c.exportMessages()]).toEqual(s.state());
  });

  it('falls back to polling when the stream is missing (404)', async () => {
    const s = await server({ stream: false });
    const c = cache();
    const ac = new AbortController();
    const cl = client(c, s, { pollIntervalMs: 50 });
    const done = cl.follow(ac.signal);
    cleanups.push(() => {
      ac.abort();
      return done;
    });
    await waitFor(() => cl.health().mode === 'poll', 5000);
    expect(s.stats().requests['GET /v1/messages/stream']).toBe(1);
    s.push([message('im-poll-1', 1, seededRandom(1), 'new')]);
    const ms = await waitFor(() => c.getMessage('im-poll-1') !== null, 1000);
    expect(ms).toBeLessThan(1000);
    ac.abort();
    await done;
    expect([...c.exportMessages()]).toEqual(s.state());
  });
});
