/**
 * The heartbeat watchdog on its own: a stream that goes SILENT without closing (a half-open
 * connection: no change, no heartbeat, no FIN) must be given up after `heartbeatTimeoutMs`; the
 * client resumes from its stored cursor (changes feed, then the stream with Last-Event-ID) and
 * loses nothing that was sent into the silent connection. Also: progress in stream mode.
 */
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCentralServer, type CentralServer } from '../../../electron/hub/central/server.js';
import { seededRandom } from '../../../electron/hub/central/faults.js';
import { openCache } from '../../../electron/hub/cache/cache.js';
import { createSyncClient } from '../../../electron/hub/sync/client.js';
import { META, REFERENCE, makeLog, message } from './fixture.js';
import { tempDir } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function waitFor(cond: () => boolean, ms: number): Promise<number> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - t0;
}

interface StreamRequest {
  lastEventId: string | undefined;
  closedByClient: boolean;
}

/**
 * A loopback proxy in front of the reference server. While `silent` is set, stream bytes from the
 * server are swallowed: the client's connection stays open and says nothing.
 */
async function silencingProxy(upstream: CentralServer) {
  const target = new URL(upstream.url);
  const state = { silent: false, streams: [] as StreamRequest[], changes: [] as string[] };
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const isStream = req.url?.startsWith('/v1/messages/stream') === true;
    if (req.url?.startsWith('/v1/messages/changes')) state.changes.push(req.url);
    const rec: StreamRequest = { lastEventId: req.headers['last-event-id'] as string | undefined, closedByClient: false };
    if (isStream) state.streams.push(rec);
    const up = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        if (isStream) res.flushHeaders();
        ur.on('data', (d: Buffer) => {
          if (!(isStream && state.silent)) res.write(d);
        });
        ur.on('end', () => {
          if (!(isStream && state.silent)) res.end();
        });
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
    res.on('close', () => {
      rec.closedByClient = true;
      up.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return { url, state };
}

describe('heartbeat watchdog', () => {
  it('gives up a silent stream, resumes from its cursor with Last-Event-ID, loses nothing', async () => {
    // Heartbeats every 100 ms upstream, so only the proxy's silence can starve the watchdog.
    const s = await createCentralServer({ data: { meta: META, reference: REFERENCE, items: makeLog(500) }, heartbeatMs: 100 });
    cleanups.push(() => s.close());
    const proxy = await silencingProxy(s);
    const t = tempDir();
    cleanups.push(t.cleanup);
    const c = openCache(join(t.dir, 'c.db'));
    cleanups.push(() => c.close());
    const hb = 400;
    const cl = createSyncClient({ cache: c, api: proxy.url, token: 'wall', backoff: { baseMs: 5, capMs: 20 }, heartbeatTimeoutMs: hb });
    const ac = new AbortController();
    const done = cl.follow(ac.signal);
    cleanups.push(() => {
      ac.abort();
      return done.catch(() => undefined);
    });
    await waitFor(() => cl.health().mode === 'stream' && proxy.state.streams.length === 1, 5000);
    const r = seededRandom(11);

    // Live and talking: changes arrive through the stream.
    s.push([message('im-hb-0', 1, r, 'new'), message('im-hb-1', 1, r, 'new')]);
    await waitFor(() => c.getMessage('im-hb-1') !== null, 2000);
    const cursorBefore = c.getCursor();
    expect(cl.health().progress.remaining).toBe(0);

    // The connection goes silent (open, no bytes). Changes sent into it never reach the client.
    proxy.state.silent = true;
    const changesBefore = proxy.state.changes.length;
    const t0 = performance.now();
    s.push([message('im-hb-2', 1, r, 'new'), { ...message('im-hb-0', 2, r, 'closed') }, { id: 'im-hb-1', rev: 2, deleted: true }]);
    // Only the watchdog can notice: the silent connection is dropped after about `hb` ms, a new one opened.
    await waitFor(() => proxy.state.streams.length >= 2, 5000);
    proxy.state.silent = false;
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(hb - 50);
    expect(waited).toBeLessThan(hb + 2000);
    expect(proxy.state.streams[0]!.closedByClient).toBe(true);
    // It resumed from the cursor it had committed before the silence, first through the feed …
    expect(proxy.state.changes.slice(changesBefore)[0]).toContain(`cursor=${encodeURIComponent(cursorBefore!)}`);
    // … and reconnected the stream with Last-Event-ID = its stored cursor.
    const second = proxy.state.streams[1]!;
    await waitFor(() => c.getMessage('im-hb-2') !== null, 2000);
    expect(second.lastEventId).toBe(c.getCursor());
    expect(second.lastEventId).not.toBe(cursorBefore);

    // Nothing lost, and the new stream carries later changes.
    s.push([message('im-hb-3', 1, r, 'new')]);
    await waitFor(() => c.getMessage('im-hb-3') !== null, 2000);
    expect(proxy.state.streams.length).toBe(2);
    ac.abort();
    await done;
    expect([...c.exportMessages()]).toEqual(s.state());
    expect(c.getMessage('im-hb-0')?.status).toBe('closed');
    expect(c.getMessage('im-hb-1')).toBeNull();
  });

  it('a silent stream with nothing missed reconnects with Last-Event-ID equal to the last event id', async () => {
    const s = await createCentralServer({ data: { meta: META, reference: REFERENCE, items: makeLog(50) }, heartbeatMs: 100 });
    cleanups.push(() => s.close());
    const proxy = await silencingProxy(s);
    const t = tempDir();
    cleanups.push(t.cleanup);
    const c = openCache(join(t.dir, 'c.db'));
    cleanups.push(() => c.close());
    const cl = createSyncClient({ cache: c, api: proxy.url, token: 'wall', backoff: { baseMs: 5, capMs: 20 }, heartbeatTimeoutMs: 300 });
    const ac = new AbortController();
    const done = cl.follow(ac.signal);
    cleanups.push(() => {
      ac.abort();
      return done.catch(() => undefined);
    });
    await waitFor(() => cl.health().mode === 'stream' && proxy.state.streams.length === 1, 5000);
    s.push([message('im-q-0', 1, seededRandom(3), 'new')]);
    await waitFor(() => c.getMessage('im-q-0') !== null, 2000);
    const last = c.getCursor();
    proxy.state.silent = true;
    await waitFor(() => proxy.state.streams.length >= 2, 5000);
    proxy.state.silent = false;
    expect(proxy.state.streams[1]!.lastEventId).toBe(last);
    ac.abort();
    await done;
    expect([...c.exportMessages()]).toEqual(s.state());
  });
});

describe('progress in stream mode', () => {
  it('estimates what is left from the stream headers and heartbeats, 0 when caught up', async () => {
    const s = await createCentralServer({ data: { meta: META, reference: REFERENCE, items: makeLog(100) }, heartbeatMs: 50 });
    cleanups.push(() => s.close());
    const t = tempDir();
    cleanups.push(t.cleanup);
    const c = openCache(join(t.dir, 'c.db'));
    cleanups.push(() => c.close());
    const seen: (number | null)[] = [];
    const cl = createSyncClient({
      cache: c,
      api: s.url,
      token: 'wall',
      heartbeatTimeoutMs: 2000,
      batchMs: 1,
      onHealth: (h) => {
        if (h.mode === 'stream') seen.push(h.progress.remaining);
      },
    });
    const ac = new AbortController();
    const done = cl.follow(ac.signal);
    cleanups.push(() => {
      ac.abort();
      return done.catch(() => undefined);
    });
    await waitFor(() => cl.health().mode === 'stream' && s.stats().streamClients === 1, 5000);
    const r = seededRandom(4);
    s.push(Array.from({ length: 3000 }, (_, i) => message(`im-p-${i}`, 1, r, 'new')));
    await waitFor(() => c.getMessage('im-p-2999') !== null, 5000);
    await new Promise((res) => setTimeout(res, 150)); // a heartbeat or two
    expect(cl.health().progress.remaining).toBe(0);
    // While the 3000 came in batches of at most 1000, something was seen left.
    expect(seen.some((x) => x !== null && x > 0)).toBe(true);
    expect(seen.every((x) => x === null || (x >= 0 && x <= 3000))).toBe(true);
    ac.abort();
    await done;
  });
});

describe('bulk catch-up', () => {
  it('defers WAL checkpoints while far behind and restores the cache settings when caught up', async () => {
    const s = await createCentralServer({ data: { meta: META, reference: REFERENCE, items: makeLog(3000) } });
    cleanups.push(() => s.close());
    const t = tempDir();
    cleanups.push(t.cleanup);
    const c = openCache(join(t.dir, 'c.db'));
    cleanups.push(() => c.close());
    const before = { ckpt: c.db.pragma('wal_autocheckpoint', { simple: true }), size: c.db.pragma('cache_size', { simple: true }) };
    const during: unknown[] = [];
    const cl = createSyncClient({
      cache: c,
      api: s.url,
      token: 'wall',
      pageSize: 500,
      bulkThreshold: 1000,
      onApplied: () => during.push(c.db.pragma('wal_autocheckpoint', { simple: true })),
    });
    await cl.runUntilCaughtUp();
    // The catch-up started far from the head: every page of it ran without automatic checkpoints …
    expect(during.length).toBe(6);
    expect(during.every((x) => x === 0)).toBe(true);
    // … and once caught up the settings are back and the WAL was checkpointed.
    expect(c.db.pragma('wal_autocheckpoint', { simple: true })).toBe(before.ckpt);
    expect(c.db.pragma('cache_size', { simple: true })).toBe(before.size);
    expect([...c.exportMessages()]).toEqual(s.state());
  });
});
