/**
 * A hostile central API of our own on loopback (docs/sync.md, «Пределы»): the contract's routes
 * serve a small good log, and each route can be handed a hostile answer for its next requests
 * (an endless body, a huge Content-Length, an oversized page, an endless SSE line …). Plus a
 * memory meter: the peak of rss and heapUsed above the baseline while a test runs, sampled
 * every few milliseconds.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCache, type SqliteCache } from '../../../electron/hub/cache/cache.js';
import { createSyncClient, type SyncClient, type SyncClientOptions } from '../../../electron/hub/sync/client.js';
import type { SyncHealth } from '../../../shared/sync-health.js';
import { META, REFERENCE, makeLog } from '../sync/fixture.js';
import { tempDir } from '../sync/helpers.js';

/** A hostile answer: writes (or never finishes) the response itself. */
export type Hostile = (req: IncomingMessage, res: ServerResponse) => void;

export interface HostileApi {
  url: string;
  log: unknown[];
  /** Answers for the next requests of a route ('changes' | 'stream'), used up in order. */
  queue: { changes: Hostile[]; stream: Hostile[] };
  /** Requests per route so far. */
  hits: { changes: number; stream: number };
  /** With no hostile answer queued, the stream route: a good stream (heartbeats) or a 404. */
  goodStream: boolean;
  /**
   * Appends items to the log (sent to open good streams); `texts[i]`, when given, is the JSON
   * text sent for item i (a record the server's own JSON.stringify could not write), the item
   * then standing for what the cache should end with.
   */
  append(items: unknown[], texts?: (string | undefined)[]): void;
  close(): Promise<void>;
}

export async function hostileApi(logSize = 120): Promise<HostileApi> {
  const log = makeLog(logSize, 3);
  const texts = new Map<number, string>();
  const text = (i: number) => texts.get(i) ?? JSON.stringify(log[i]);
  const sockets = new Set<Socket>();
  const streams = new Set<ServerResponse>();
  const api: HostileApi = {
    url: '',
    log,
    queue: { changes: [], stream: [] },
    hits: { changes: 0, stream: 0 },
    goodStream: true,
    append(items, raw = []) {
      items.forEach((it, k) => {
        log.push(it);
        if (raw[k] !== undefined) texts.set(log.length - 1, raw[k]);
        for (const s of streams) s.write(`event: change\nid: ${log.length}\ndata: ${text(log.length - 1)}\n\n`);
      });
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    res.on('error', () => undefined);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/v1/meta') return json(res, META);
    if (url.pathname === '/v1/reference') return json(res, REFERENCE);
    if (url.pathname === '/v1/messages/changes') {
      api.hits.changes++;
      const h = api.queue.changes.shift();
      if (h) return h(req, res);
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 1000);
      const next = Math.min(log.length, from + limit);
      const items: string[] = [];
      for (let i = from; i < next; i++) items.push(text(i));
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(
        `{"items":[${items.join(',')}],"nextCursor":"${next}","hasMore":${next < log.length},"referenceVersion":"${REFERENCE.referenceVersion}"}`,
      );
    }
    if (url.pathname === '/v1/messages/stream') {
      api.hits.stream++;
      const h = api.queue.stream.shift();
      if (h) return h(req, res);
      if (!api.goodStream) {
        res.writeHead(404);
        return void res.end();
      }
      const from = Number(url.searchParams.get('cursor') ?? 0);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = from; i < log.length; i++) res.write(`event: change\nid: ${i + 1}\ndata: ${text(i)}\n\n`);
      res.write('event: heartbeat\ndata: {}\n\n');
      streams.add(res);
      const t = setInterval(() => res.write('event: heartbeat\ndata: {}\n\n'), 50);
      res.on('close', () => {
        clearInterval(t);
        streams.delete(res);
      });
      return;
    }
    res.writeHead(404);
    res.end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}

/** Writes `chunk` again and again, as fast as the socket takes it, until the client goes away. */
export function endless(res: ServerResponse, chunk: string | Buffer): void {
  const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  let closed = false;
  res.on('close', () => (closed = true));
  const pump = () => {
    while (!closed && res.write(buf));
    if (!closed) res.once('drain', pump);
  };
  pump();
}

export interface MemoryMeter {
  /** Peak growth above the baseline so far, MiB. */
  stop(): { rssMb: number; heapMb: number };
}

/** Samples rss and heapUsed every 5 ms (and at stop); the baseline is taken now. */
export function meterMemory(): MemoryMeter {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage();
  let rss = base.rss;
  let heap = base.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const t = setInterval(sample, 5);
  return {
    stop() {
      sample();
      clearInterval(t);
      return { rssMb: (rss - base.rss) / 2 ** 20, heapMb: (heap - base.heapUsed) / 2 ** 20 };
    },
  };
}

/** The bound the hub's memory stays under whatever the server sends (docs/sync.md): growth in MiB. */
export const MEMORY_BOUND_MB = { rss: 256, heap: 160 };

export interface Rig {
  api: HostileApi;
  cache: SqliteCache;
  client: SyncClient;
  healths: SyncHealth[];
  /** Every lastError the health reported. */
  errors(): string[];
  close(): Promise<void>;
}

export async function rig(opts: Partial<SyncClientOptions> = {}, logSize?: number): Promise<Rig> {
  const api = await hostileApi(logSize);
  const t = tempDir('sw-hostile-');
  const cache = openCache(join(t.dir, 'c.db'));
  const healths: SyncHealth[] = [];
  const client = createSyncClient({
    cache,
    api: api.url,
    token: 'wall',
    pageSize: 50,
    backoff: { baseMs: 5, capMs: 40 },
    pollIntervalMs: 20,
    streamRetryMs: 300,
    onHealth: (h) => healths.push(h),
    ...opts,
  });
  return {
    api,
    cache,
    client,
    healths,
    errors: () => [...new Set(healths.map((h) => h.lastError).filter((e): e is string => e !== null))],
    close: async () => {
      cache.close();
      await api.close();
      t.cleanup();
    },
  };
}

export async function waitFor(cond: () => boolean, ms = 20_000): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) throw new Error(`не дождались за ${ms} мс`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Ids and revs the good log ends with (tombstones removed), to compare the cache with. */
export function expectedState(log: readonly unknown[]): Map<string, number> {
  const m = new Map<string, { rev: number; deleted: boolean }>();
  for (const it of log as { id: string; rev: number; deleted?: boolean }[]) {
    const held = m.get(it.id);
    if (!held || it.rev > held.rev) m.set(it.id, { rev: it.rev, deleted: it.deleted === true });
  }
  return new Map([...m].filter(([, v]) => !v.deleted).map(([k, v]) => [k, v.rev]));
}

export function cacheState(cache: SqliteCache): Map<string, number> {
  return new Map([...cache.exportMessages()].map((m) => [m.id, m.rev]));
}
