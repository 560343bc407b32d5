/**
 * What every route of the reference server (./server.ts) shares: the log (CentralStore), the
 * server epoch that cursors carry, the statistics, the open streams, the current fault spec with
 * its seeded RNG, and the answers every route gives (JSON, errors, a body the faults may drop or
 * truncate, 410 Gone, the log headers).
 */
import type http from 'node:http';
import { seededRandom, type FaultSpec } from './faults.js';
import type { CentralStore } from './store.js';

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

/** One route: the request, its response, the parsed URL and the bearer token (already checked). */
export type RouteHandler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, token: string) => void | Promise<void>;

export interface ServerContext {
  readonly store: CentralStore;
  /** This server instance: cursors of another instance get 410. */
  readonly epoch: string;
  readonly stats: CentralStats;
  /** Open stream responses. */
  readonly streams: Set<http.ServerResponse>;
  /** The current fault spec. */
  readonly faults: FaultSpec;
  /** The fault RNG (seeded: runs are reproducible). */
  rng(): number;
  /** True with probability `rate` (never when absent or 0; no RNG draw then). */
  roll(rate: number | undefined): boolean;
  /** Counts one more of `k` in `o`. */
  count(o: Record<string, number>, k: string): void;
  /** Replaces the fault spec; a new seed restarts the RNG. */
  setFaults(spec: FaultSpec): void;
}

export function createContext(store: CentralStore, epoch: string, initialFaults: FaultSpec): ServerContext {
  let faults = initialFaults;
  let rng = seededRandom(faults.seed ?? 1);
  const stats: CentralStats = { requests: {}, faults: {}, actions: {}, actionOrder: [], head: 0, floor: 0, streamClients: 0, epoch };
  return {
    store,
    epoch,
    stats,
    streams: new Set(),
    get faults() {
      return faults;
    },
    rng: () => rng(),
    roll: (rate) => rate !== undefined && rate > 0 && rng() < rate,
    count: (o, k) => {
      o[k] = (o[k] ?? 0) + 1;
    },
    setFaults(spec) {
      faults = spec;
      if (spec.seed !== undefined) rng = seededRandom(spec.seed);
    },
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** An error answer `{ error: message }` (docs/spec/central-api.md: errors). */
export function error(res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  json(res, status, { error: message }, headers);
}

/** Sends a JSON body, possibly dropped or truncated by the faults. */
export function sendBody(ctx: ServerContext, res: http.ServerResponse, text: string, headers: Record<string, string> = {}): void {
  const buf = Buffer.from(text);
  if (ctx.roll(ctx.faults.drop)) {
    ctx.count(ctx.stats.faults, 'drop');
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': buf.length, ...headers });
    res.write(buf.subarray(0, Math.floor(buf.length / 2)), () => res.socket?.destroy());
    return;
  }
  if (ctx.roll(ctx.faults.truncate)) {
    ctx.count(ctx.stats.faults, 'truncate');
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(buf.subarray(0, Math.floor(buf.length / 2)));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': buf.length, ...headers });
  res.end(buf);
}

/** 410 Gone: the cursor cannot be served. */
export function gone(res: http.ServerResponse): void {
  error(res, 410, 'курсор устарел или выдан другим экземпляром сервера: нужна полная пересинхронизация');
}

/** X-Log-Position / X-Log-Head of a position (the client's progress estimate). */
export function logHeaders(store: CentralStore, pos: number): Record<string, string> {
  return { 'x-log-position': String(pos), 'x-log-head': String(store.head) };
}
