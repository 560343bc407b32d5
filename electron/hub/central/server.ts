/**
 * Reference server of the central API contract (../shared/spec/central-api.md, version 1), on
 * node:http. For development, demos and tests: serves meta, reference, the changes feed from an
 * append-only log, the SSE stream and operator actions, with optional fault injection.
 * Choices where the contract is silent are documented in docs/sync.md.
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import {
  ActionSchema,
  describeZodError,
  type Action,
  type Message,
  type Meta,
  type Reference,
} from '../../../shared/schema.js';
import { CentralStore } from './store.js';
import { decideAction } from './actions.js';
import { seededRandom, type FaultSpec } from './faults.js';
import { loadDemoData, startLive, type DemoData } from './demo.js';
import type { RegionId } from '../../../shared/regions.js';

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

export interface ActionStat {
  /** How many times the action was really processed (must be 1). */
  processed: number;
  /** Answers replayed from the idempotency store. */
  replays: number;
  status: number;
}

export interface CentralStats {
  requests: Record<string, number>;
  faults: Record<string, number>;
  /** Per Idempotency-Key. */
  actions: Record<string, ActionStat>;
  /** Idempotency keys in the order the actions were really processed. */
  actionOrder: string[];
  head: number;
  floor: number;
  streamClients: number;
  epoch: string;
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

const CURSOR_PREFIX = 'v1';

/** Cursor: base64url of `v1:<server epoch>:<compaction generation>:<log position>`. */
export function encodeCursor(epoch: string, gen: number, seq: number): string {
  return Buffer.from(`${CURSOR_PREFIX}:${epoch}:${gen}:${seq}`).toString('base64url');
}

export function decodeCursor(c: string): { epoch: string; gen: number; seq: number } | null {
  const s = Buffer.from(c, 'base64url').toString('utf8');
  const m = /^v1:([0-9a-f]+):(\d+):(\d+)$/.exec(s);
  if (!m) return null;
  return { epoch: m[1]!, gen: Number(m[2]), seq: Number(m[3]) };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function createCentralServer(opts: CentralServerOptions): Promise<CentralServer> {
  const wallToken = opts.wallToken ?? 'wall';
  const consoleToken = opts.consoleToken ?? 'console';
  let faults = opts.faults ?? {};
  let rng = seededRandom(faults.seed ?? 1);
  const roll = (rate: number | undefined) => rate !== undefined && rate > 0 && rng() < rate;
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const defaultLimit = opts.defaultLimit ?? 1000;
  const maxLimit = opts.maxLimit ?? 10_000;
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

  const stats: CentralStats = { requests: {}, faults: {}, actions: {}, actionOrder: [], head: 0, floor: 0, streamClients: 0, epoch };
  const count = (o: Record<string, number>, k: string) => (o[k] = (o[k] ?? 0) + 1);
  const idem = new Map<string, { status: number; body: string; fingerprint: string }>();

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
  const streams = new Set<http.ServerResponse>();

  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const error = (res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    json(res, status, { error: message }, headers);

  /** Sends a JSON body, possibly dropped or truncated by the faults. */
  const sendBody = (res: http.ServerResponse, text: string, headers: Record<string, string> = {}) => {
    const buf = Buffer.from(text);
    if (roll(faults.drop)) {
      count(stats.faults, 'drop');
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': buf.length, ...headers });
      res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => res.socket?.destroy());
      return;
    }
    if (roll(faults.truncate)) {
      count(stats.faults, 'truncate');
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(buf.subarray(0, Math.floor(buf.length / 2)));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': buf.length, ...headers });
    res.end(buf);
  };

  /** Resolves a cursor to a log position, or null when it cannot be served (→ 410). */
  const position = (cursor: string | null): number | null => {
    if (cursor === null || cursor === '') return 0;
    const c = decodeCursor(cursor);
    if (!c || c.epoch !== epoch || c.seq > store.head || c.gen > store.generation) return null;
    // Below the compaction floor: only a cursor issued after the compaction (it points at a held
    // entry) is still good; an older one may skip entries that were dropped → 410.
    if (c.seq < store.floor && (c.gen < store.generation || !store.holds(c.seq))) return null;
    return c.seq;
  };

  const gone = (res: http.ServerResponse) =>
    error(res, 410, 'курсор устарел или выдан другим экземпляром сервера: нужна полная пересинхронизация');

  const logHeaders = (pos: number) => ({ 'x-log-position': String(pos), 'x-log-head': String(store.head) });

  function changes(res: http.ServerResponse, url: URL) {
    const pos = position(url.searchParams.get('cursor'));
    if (pos === null) return gone(res);
    const limRaw = url.searchParams.get('limit');
    let limit = defaultLimit;
    if (limRaw !== null) {
      const n = Number(limRaw);
      if (!Number.isInteger(n) || n < 1) return error(res, 400, 'limit: ожидалось целое число ≥ 1');
      limit = Math.min(n, maxLimit);
    }
    let from = pos;
    if (roll(faults.repeat) && pos > store.floor) {
      count(stats.faults, 'repeat');
      from = Math.max(store.floor, pos - Math.max(1, Math.ceil(limit / 2)));
    }
    const page = store.read(from, limit);
    let items = page.jsons;
    if (faults.invalid) {
      const out: string[] = [];
      for (const [k, j] of items.entries()) {
        out.push(j);
        if (roll(faults.invalid)) {
          count(stats.faults, 'invalid');
          out.push(JSON.stringify({ id: `invalid-${page.seqs[k]}-${Math.floor(rng() * 1e9)}`, rev: 1, status: 'испорчено' }));
        }
      }
      items = out;
    }
    const text =
      `{"items":[${items.join(',')}],"nextCursor":${JSON.stringify(encodeCursor(epoch, store.generation, page.next))},` +
      `"hasMore":${page.next < store.head},"referenceVersion":${JSON.stringify(store.reference.referenceVersion)}}`;
    sendBody(res, text, logHeaders(page.next));
  }

  function stream(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    if (opts.stream === false) return error(res, 404, 'поток событий на этом сервере не включён');
    const lastId = req.headers['last-event-id'];
    const cursor = typeof lastId === 'string' && lastId !== '' ? lastId : url.searchParams.get('cursor');
    const start = position(cursor);
    if (start === null) return gone(res);
    let pos = start;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      ...logHeaders(pos),
    });
    res.flushHeaders();
    streams.add(res);
    stats.streamClients = streams.size;
    let writing = false;
    let closed = false;
    const pump = () => {
      if (writing || closed) return;
      writing = true;
      while (pos < store.head && !closed) {
        const page = store.read(pos, 500);
        // A backlog of more than one read: announce the head first (the client's progress estimate).
        let chunk = page.next < store.head ? `event: heartbeat\ndata: {"head":${store.head}}\n\n` : '';
        for (const [k, j] of page.jsons.entries())
          chunk += `event: change\nid: ${encodeCursor(epoch, store.generation, page.seqs[k + 1] ?? page.next)}\ndata: ${j}\n\n`;
        pos = page.next;
        if (!res.write(chunk)) {
          res.once('drain', () => {
            writing = false;
            pump();
          });
          return;
        }
      }
      writing = false;
    };
    const off = store.onAppend(() => pump());
    const hb = setInterval(() => {
      if (!writing) res.write(`event: heartbeat\ndata: {"head":${store.head}}\n\n`);
    }, heartbeatMs);
    let dropTimer: NodeJS.Timeout | undefined;
    if (roll(faults.drop)) {
      count(stats.faults, 'drop');
      dropTimer = setTimeout(() => res.socket?.destroy(), 50 + Math.floor(rng() * 450));
    }
    const cleanup = () => {
      closed = true;
      off();
      clearInterval(hb);
      if (dropTimer) clearTimeout(dropTimer);
      streams.delete(res);
      stats.streamClients = streams.size;
    };
    res.on('close', cleanup);
    pump();
  }

  /** Decides an action against the current message (./actions.ts, shared with the demo's endpoint). */
  function decide(a: Action): [number, unknown, Message | null] {
    const d = decideAction(store.get(a.messageId), a, new Date().toISOString(), store.isDeleted(a.messageId));
    return [d.status, d.body, d.next];
  }

  async function actions(req: http.IncomingMessage, res: http.ServerResponse, token: string) {
    if (token !== consoleToken) return error(res, 403, 'токен только для чтения: действия требуют токен консоли');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > 1 << 20) return error(res, 413, 'тело запроса больше 1 МиБ');
      chunks.push(c as Buffer);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return error(res, 422, 'тело запроса — не JSON');
    }
    const parsed = ActionSchema.safeParse(raw);
    if (!parsed.success) return error(res, 422, describeZodError(parsed.error));
    const a = parsed.data;
    const key = req.headers['idempotency-key'];
    if (key !== a.id) return error(res, 422, 'заголовок Idempotency-Key должен совпадать с id действия');
    const fingerprint = JSON.stringify(a);
    const st = (stats.actions[key] ??= { processed: 0, replays: 0, status: 0 });
    let answer = idem.get(key);
    if (answer) {
      if (answer.fingerprint !== fingerprint)
        return error(res, 422, 'Idempotency-Key уже использован для другого действия');
      st.replays++;
    } else {
      const [status, body, next] = decide(a);
      answer = { status, body: JSON.stringify(body), fingerprint };
      if (status !== 422) idem.set(key, answer);
      st.processed++;
      st.status = status;
      stats.actionOrder.push(key);
      if (next) push([next]);
    }
    if (roll(faults.drop)) {
      // The action is done, the answer is lost: the client must re-send with the same key.
      count(stats.faults, 'drop');
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer.body) });
      res.write(answer.body.slice(0, 3), () => res.socket?.destroy());
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  }

  function push(items: readonly unknown[]) {
    store.append(items);
    maybeCompact();
  }

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
    if (roll(faults['5xx'])) {
      count(stats.faults, '5xx');
      return error(res, [500, 502, 504][Math.floor(rng() * 3)]!, 'внутренняя ошибка (внесённый сбой)');
    }
    const ra = String(faults.retryAfter ?? 1);
    if (roll(faults['429'])) {
      count(stats.faults, '429');
      return error(res, 429, 'слишком много запросов (внесённый сбой)', { 'retry-after': ra });
    }
    if (roll(faults['503'])) {
      count(stats.faults, '503');
      return error(res, 503, 'сервис недоступен (внесённый сбой)', { 'retry-after': ra });
    }
    if (roll(faults.slow)) {
      count(stats.faults, 'slow');
      await sleep(faults.slowMs ?? 200);
    }
    if (req.method === 'GET' && url.pathname === '/v1/meta')
      return sendBody(res, JSON.stringify({ ...meta, serverTime: new Date().toISOString() }));
    if (req.method === 'GET' && url.pathname === '/v1/reference') return sendBody(res, JSON.stringify(store.reference));
    if (req.method === 'GET' && url.pathname === '/v1/messages/changes') return changes(res, url);
    if (req.method === 'GET' && url.pathname === '/v1/messages/stream') return stream(req, res, url);
    if (req.method === 'POST' && url.pathname === '/v1/actions') return actions(req, res, token);
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
      faults = spec;
      if (spec.seed !== undefined) rng = seededRandom(spec.seed);
    },
  };
}
