/**
 * Sync of the local cache with the central API (docs/spec/central-api.md).
 *
 * - start: GET /v1/meta (schema version, region binding), GET /v1/reference;
 * - pull: pages of /v1/messages/changes from the stored cursor, each applied together with its
 *   nextCursor in one transaction; a failure is retried with backoff, a page is never skipped;
 * - 410 Gone: full resync into a fresh file beside the cache, then swapped in (./resync.ts);
 * - live: the SSE stream, events batched for a few ms per transaction; heartbeat watchdog;
 *   fallback to polling the changes feed when the stream is missing (404) or keeps failing.
 * Health (shared/sync-health.ts) is reported through `onHealth` and persisted in the cache.
 *
 * This file composes the client from its units: ./pages.ts (meta, reference, one page fetched and
 * applied, bulk mode), ./stream.ts (one SSE connection), ./retry.ts (what each failure means:
 * stop, back off, resync, poll), ./health.ts (the health object, its publication and
 * persistence), ./resync.ts (410), ./http.ts (requests, error classes, backoff delays).
 */
import type { Meta } from '../../../shared/schema.js';
import type { SyncHealth } from '../../../shared/sync-health.js';
import type { ApplyResult, Cache } from '../cache/api.js';
import { createHealthReporter } from './health.js';
import { DEFAULT_BACKOFF, requestJson, sleep, SyncStoppedError, TransientError, type Backoff } from './http.js';
import { createPager, fetchReference, parseMeta, type GetFn } from './pages.js';
import { resyncInto, type OpenCacheFn } from './resync.js';
import { backoffSleep, pullErrorAction, requestError, RetryCounter, retrying, streamFailureAction } from './retry.js';
import { streamOnce } from './stream.js';

export interface SyncClientOptions {
  cache: Cache;
  /** Base URL of the central API, e.g. `https://cur.example/api` (paths /v1/… are appended). */
  api: string;
  token: string;
  fetch?: typeof fetch;
  onHealth?: (h: SyncHealth) => void;
  /** Called after every applied batch (for an incremental engine refresh). */
  onApplied?: (r: ApplyResult) => void;
  /** Called after a 410 resync has replaced the cache's contents: the hub reloads its stores. */
  onReplaced?: (path: string) => void;
  /** Opens the fresh cache file of a resync (default: the cache module's openCache). */
  openCache?: OpenCacheFn;
  random?: () => number;
  /** Polling period when there is no stream (default 1000 ms). */
  pollIntervalMs?: number;
  /**
   * Page size asked of the changes feed (default 5000; the server may cap it — the reference
   * server at 10 000). Larger pages cost fewer requests and transactions during a bulk catch-up.
   */
  pageSize?: number;
  /** Timeout of one request, body included (default 30 000 ms). */
  requestTimeoutMs?: number;
  /** No byte on the stream for this long → reconnect (default 40 000 ms; heartbeats come every ≤ 15 s). */
  heartbeatTimeoutMs?: number;
  /** After falling back to polling, try the stream again after this long (default 60 000 ms). */
  streamRetryMs?: number;
  /** Stream events arriving within this window are applied in one transaction (default 5 ms). */
  batchMs?: number;
  backoff?: Backoff;
  /**
   * A pull at least this many log entries behind (or of unknown size) is a bulk catch-up: WAL
   * checkpoints deferred, larger page cache (default 50 000).
   */
  bulkThreshold?: number;
  /** Outbox counts for the health object (the CLI passes the outbox's). */
  outboxCounts?: () => { pending: number; failed: number };
  /** Use the SSE stream in follow() (default true). */
  stream?: boolean;
}

export interface SyncClient {
  /** Current health. */
  health(): SyncHealth;
  /** Pulls until the feed says hasMore: false. Throws SyncStoppedError when sync must stop. */
  runUntilCaughtUp(signal?: AbortSignal): Promise<void>;
  /** Catches up, then follows live changes until `signal` aborts (resolves then). Throws SyncStoppedError. */
  follow(signal: AbortSignal): Promise<void>;
}

const trimUrl = (u: string) => u.trim().replace(/\/+$/, '');

export const DEFAULT_PAGE_SIZE = 5000;

export function createSyncClient(opts: SyncClientOptions): SyncClient {
  const api = trimUrl(opts.api);
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const timeoutMs = opts.requestTimeoutMs ?? 30_000;
  const pollMs = opts.pollIntervalMs ?? 1000;
  const streamRetryMs = opts.streamRetryMs ?? 60_000;
  const cache = opts.cache;
  const collect = opts.onApplied !== undefined;

  let started = false;
  const health = createHealthReporter({ cache, api, onHealth: opts.onHealth, outboxCounts: opts.outboxCounts });
  const h = health.h;
  const counter = new RetryCounter(opts.backoff ?? DEFAULT_BACKOFF, opts.random ?? Math.random);
  const { emit, setState, failure } = health;
  const hooks = { counter, onTransient: failure, onStop: stop };

  function stop(e: SyncStoppedError): never {
    return health.stop(e);
  }

  function success() {
    counter.reset();
    health.success();
  }

  function applied(r: ApplyResult, received: number) {
    health.counted(r, received);
    opts.onApplied?.(r);
  }

  const get: GetFn = (path, signal) =>
    requestJson(fetchFn, api + path, { token: opts.token, timeoutMs: timeoutMs, signal }).catch((e: unknown) => {
      throw requestError(e, path);
    });

  async function start(signal?: AbortSignal) {
    if (started) return;
    await retrying(
      async () => {
        const { body } = await get('/v1/meta', signal);
        bind(parseMeta(body));
        if (cache.getReference() === null) await fetchReference(get, cache, signal);
        success();
      },
      hooks,
      signal,
    );
    started = true;
  }

  function bind(meta: Meta) {
    try {
      cache.setApiUrl(api);
      cache.setRegion(meta.region);
    } catch (e) {
      throw new SyncStoppedError('binding', `этот кэш нельзя синхронизировать с ${api}: ${(e as Error).message}`);
    }
    h.region = meta.region;
  }

  const pager = createPager({
    get,
    pageSize: opts.pageSize ?? DEFAULT_PAGE_SIZE,
    bulkThreshold: opts.bulkThreshold ?? 50_000,
    collect,
    onApplied(r, received) {
      applied(r, received);
      health.noteRate(received);
    },
    onRemaining(remaining) {
      h.progress.remaining = remaining;
    },
    onSuccess: success,
  });
  const pullPage = (target: Cache, signal?: AbortSignal) => retrying(() => pager.pullPage(target, signal), hooks, signal);

  async function resync(signal?: AbortSignal) {
    h.lastError = 'курсор устарел на сервере (410): полная пересинхронизация в новый файл, стена пока показывает прежние данные';
    h.progress.remaining = null;
    setState('catching_up');
    await resyncInto(cache, {
      openCache: opts.openCache,
      pull: (target) => pullPage(target, signal),
      onGone: () => {
        h.lastError = 'курсор снова устарел во время пересинхронизации: начинаю заново';
        emit(true);
      },
    });
    h.lastError = null;
    emit(true);
    opts.onReplaced?.(cache.path);
  }

  /** Pulls until hasMore is false, handling 410. */
  async function catchUp(signal?: AbortSignal, mode: 'pull' | 'poll' = 'pull') {
    h.mode = mode;
    try {
      await catchUpPages(signal);
    } finally {
      pager.leaveBulk();
    }
  }

  async function catchUpPages(signal?: AbortSignal) {
    for (;;) {
      try {
        const more = await pullPage(cache, signal);
        setState(more ? 'catching_up' : 'online');
        if (!more) return;
      } catch (e) {
        const action = pullErrorAction(e);
        if (action.kind === 'resync') {
          await resync(signal);
          continue;
        }
        throw action.error;
      }
    }
  }

  async function runUntilCaughtUp(signal?: AbortSignal) {
    await start(signal);
    for (;;) {
      try {
        await catchUp(signal);
        emit(true);
        return;
      } catch (e) {
        if (e instanceof TransientError) {
          failure(e);
          await backoffSleep(counter, e, signal);
          continue;
        }
        throw e;
      }
    }
  }

  let connected = false;
  const stream = {
    fetch: fetchFn,
    api,
    token: opts.token,
    cache,
    heartbeatTimeoutMs: opts.heartbeatTimeoutMs ?? 40_000,
    batchMs: opts.batchMs ?? 5,
    collect,
    onOpen(remaining: number) {
      h.progress.remaining = remaining;
      h.mode = 'stream';
      connected = true;
      success();
      setState('online');
    },
    onBatch(r: ApplyResult, received: number, remaining: number) {
      applied(r, received);
      h.progress.remaining = remaining;
      success();
      emit();
    },
    onRemaining(remaining: number) {
      h.progress.remaining = remaining;
    },
    onAlive: success,
  };

  async function follow(signal: AbortSignal) {
    try {
      await runUntilCaughtUp(signal);
      let streamFailures = 0;
      let pollUntil = opts.stream === false ? Infinity : 0;
      while (!signal.aborted) {
        if (Date.now() < pollUntil) {
          // Polling mode.
          h.mode = 'poll';
          try {
            await catchUp(signal, 'poll');
          } catch (e) {
            if (!(e instanceof TransientError)) throw e;
            failure(e);
          }
          await sleep(pollMs, signal);
          continue;
        }
        connected = false;
        try {
          await streamOnce(stream, signal);
        } catch (e) {
          if (signal.aborted) break;
          const action = streamFailureAction(e, streamFailures, connected);
          if (action.kind === 'stop') stop(action.error);
          if (action.kind === 'catch-up') {
            await catchUp(signal); // the pull path handles 410 with a resync
            continue;
          }
          if (action.kind === 'no-stream') {
            h.lastError = action.message;
            pollUntil = Date.now() + streamRetryMs;
            emit(true);
            continue;
          }
          failure(action.error);
          streamFailures = action.failures;
          if (action.poll) {
            pollUntil = Date.now() + streamRetryMs;
            continue;
          }
          await backoffSleep(counter, action.error, signal);
          // Whatever the stream missed, the pull path fetches before reconnecting.
          await catchUp(signal).catch((x: unknown) => {
            if (!(x instanceof TransientError)) throw x;
          });
          continue;
        }
      }
    } catch (e) {
      if (signal.aborted) {
        emit(true);
        return;
      }
      throw e;
    }
    emit(true);
  }

  return {
    health: () => health.snapshot(),
    runUntilCaughtUp,
    follow,
  };
}
