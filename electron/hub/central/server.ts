/**
 * Reference server of the central API contract (docs/spec/central-api.md, version 1), on
 * node:http. For development, demos and tests: serves meta, reference, the changes feed from an
 * append-only log, the SSE stream and operator actions, with optional fault injection.
 * Choices where the contract is silent are documented in docs/sync.md.
 *
 * This file composes the server: data, log and compaction, the gate every request passes (token,
 * injected 5xx/429/503/slow faults), the route table, listening and the test/CLI handle. The
 * routes live in ./routes/ (meta.ts: meta and reference, changes.ts: the changes feed,
 * stream.ts: SSE, actions.ts: operator actions), what they share in ./context.ts, cursors in
 * ./cursor.ts, the log in ./store.ts, faults in ./faults.ts, the demo region in ./demo.ts.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import type { Message, Meta, Reference } from '../../../shared/schema.js';
import type { RegionId } from '../../../shared/regions.js';
import { createContext, error, type CentralStats, type RouteHandler } from './context.js';
import { loadDemoData, startLive, type DemoData } from './demo.js';
import type { FaultSpec } from './faults.js';
import { actionsRoute } from './routes/actions.js';
import { changesRoute } from './routes/changes.js';
import { metaRoute, referenceRoute } from './routes/meta.js';
import { streamRoute } from './routes/stream.js';
import { CentralStore } from './store.js';

export type { ActionStat, CentralStats } from './context.js';
export { decodeCursor, encodeCursor } from './cursor.js';

export interface CentralData {
  meta: Meta;
  reference: Reference;
  /** Raw items in log order (several revs per id allowed; invalid ones are served as they are). */
  items: readonly unknown[];
}

export interface CentralServerOptions {
  /** Data from files, or a generated demo region (electron/hub/demo). */
  data: CentralData | { demo: RegionId; seed?: number; days?: number; end?: number; volumeScale?: number };
  /** Live demo feed (with `data.demo`): simulated time runs `live` × real time. */
  live?: number;
  faults?: FaultSpec;
  /** Read-only token (default `wall`). */
  wallToken?: string;
  /** Read-write token (default `console`). */
  consoleToken?: string;
  host?: string;
  port?: number;
  /** Cursor expiry horizon: positions older than head − retainItems are compacted (410 Gone). */
  retainItems?: number;
  /** SSE heartbeat period (default 15 000 ms). */
  heartbeatMs?: number;
  /** false → the stream endpoint answers 404 (a server without live push). */
  stream?: boolean;
  /** Default and maximum page size of the changes feed (1000 / 10 000). */
  defaultLimit?: number;
  maxLimit?: number;
}

export interface CentralServer {
  url: string;
  close(): Promise<void>;
  /** Current messages sorted by id, no tombstones. */
  state(): Message[];
  /** What /v1/meta answers (serverTime aside). */
  meta(): Meta;
  stats(): CentralStats;
  /** Append raw items to the log (they reach the feed and open streams). */
  push(items: readonly unknown[]): void;
  /** Compact the log up to `upTo` (default: head): older cursors get 410. */
  compact(upTo?: number): void;
  setReference(ref: Reference): void;
  /** Cut every open stream connection (as a network failure would). */
  dropStreams(): void;
  /** Replace what /v1/meta answers (e.g. another schemaVersion). */
  setMeta(meta: Meta): void;
  /** Replace the fault spec at run time (a new seed restarts the fault RNG). */
  setFaults(spec: FaultSpec): void;
  readonly store: CentralStore;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function createCentralServer(opts: CentralServerOptions): Promise<CentralServer> {
  const wallToken = opts.wallToken ?? 'wall';
  const consoleToken = opts.consoleToken ?? 'console';
  const epoch = randomBytes(6).toString('hex');
  let demo: DemoData | null = null;
  let data: CentralData;
  if ('demo' in opts.data) {
    const d = opts.data;
    demo = loadDemoData(d.demo, { seed: d.seed, days: d.days, end: d.end, volumeScale: d.volumeScale });
    data = demo;
  } else data = opts.data;
  if (opts.live !== undefined && !demo) throw new Error('живой поток (live) работает только с демо-данными');
  let meta = data.meta;
  const store = new CentralStore(data.reference);
  store.append(data.items);

  const ctx = createContext(store, epoch, opts.faults ?? {});
  const { stats, streams, count } = ctx;

  const retain = opts.retainItems;
  const maybeCompact = () => {
    if (retain === undefined) return;
    // Amortised: compact when the horizon has moved by at least retainItems/4 (min 1).
    const horizon = store.head - retain;
    if (horizon > store.floor + Math.max(1, Math.floor(retain / 4)) || (horizon > store.floor && retain < 4))
      store.compact(horizon);
  };
  maybeCompact();

  const sockets = new Set<Socket>();

  function push(items: readonly unknown[]) {
    store.append(items);
    maybeCompact();
  }

  const routes = new Map<string, RouteHandler>([
    ['GET /v1/meta', metaRoute(ctx, () => meta)],
    ['GET /v1/reference', referenceRoute(ctx)],
    ['GET /v1/messages/changes', changesRoute(ctx, { defaultLimit: opts.defaultLimit ?? 1000, maxLimit: opts.maxLimit ?? 10_000 })],
    ['GET /v1/messages/stream', streamRoute(ctx, { enabled: opts.stream !== false, heartbeatMs: opts.heartbeatMs ?? 15_000 })],
    ['POST /v1/actions', actionsRoute(ctx, { consoleToken, push })],
  ]);

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    count(stats.requests, route);
    const auth = req.headers.authorization;
    const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    if (token !== wallToken && token !== consoleToken)
      return error(res, 401, token ? 'неверный токен' : 'нет заголовка Authorization: Bearer <токен>', {
        'www-authenticate': 'Bearer',
      });
    if (ctx.roll(ctx.faults['5xx'])) {
      count(stats.faults, '5xx');
      return error(res, [500, 502, 504][Math.floor(ctx.rng() * 3)]!, 'внутренняя ошибка (внесённый сбой)');
    }
    const ra = String(ctx.faults.retryAfter ?? 1);
    if (ctx.roll(ctx.faults['429'])) {
      count(stats.faults, '429');
      return error(res, 429, 'слишком много запросов (внесённый сбой)', { 'retry-after': ra });
    }
    if (ctx.roll(ctx.faults['503'])) {
      count(stats.faults, '503');
      return error(res, 503, 'сервис недоступен (внесённый сбой)', { 'retry-after': ra });
    }
    if (ctx.roll(ctx.faults.slow)) {
      count(stats.faults, 'slow');
      await sleep(ctx.faults.slowMs ?? 200);
    }
    const handler = routes.get(route);
    if (handler) return handler(req, res, url, token);
    return error(res, 404, `нет такого ресурса: ${route}`);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) error(res, 500, String((e as Error)?.message ?? e));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const stopLive = demo && opts.live !== undefined ? startLive((items) => push(items), demo, opts.live) : null;
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  return {
    url: `http://${host}:${addr.port}`,
    store,
    async close() {
      stopLive?.();
      for (const r of streams) r.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
    state: () => store.state(),
    meta: () => meta,
    stats: () => ({ ...stats, head: store.head, floor: store.floor }),
    push,
    compact: (upTo?: number) => store.compact(upTo),
    setReference: (ref) => store.setReference(ref),
    dropStreams() {
      for (const r of streams) r.socket?.destroy();
    },
    setMeta(m) {
      meta = m;
    },
    setFaults(spec) {
      ctx.setFaults(spec);
    },
  };
}
