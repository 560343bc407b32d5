/**
 * Sync of the local cache with the central API (../shared/spec/central-api.md).
 *
 * - start: GET /v1/meta (schema version, region binding), GET /v1/reference;
 * - pull: pages of /v1/messages/changes from the stored cursor, each applied together with its
 *   nextCursor in one transaction; a failure is retried with backoff, a page is never skipped;
 * - 410 Gone: full resync into a fresh file beside the cache, then swapped in (./resync.ts);
 * - live: the SSE stream, events batched for a few ms per transaction; heartbeat watchdog;
 *   fallback to polling the changes feed when the stream is missing (404) or keeps failing.
 * Health (shared/sync-health.ts) is reported through `onHealth` and persisted in the cache.
 */
import { createParser } from 'eventsource-parser';
import { ChangesPageSchema, describeZodError, MetaSchema, ReferenceSchema, SUPPORTED_SCHEMA_VERSION, type Meta } from '../../../shared/schema.js';
import { SYNC_HEALTH_KEY, type SyncHealth } from '../../../shared/sync-health.js';
import type { ApplyResult, Cache } from '../cache/api.js';
import {
  authStop,
  checkToken,
  DEFAULT_BACKOFF,
  describeNetworkError,
  HttpStatusError,
  requestJson,
  retryDelay,
  sleep,
  SyncStoppedError,
  TransientError,
  type Backoff,
} from './http.js';
import { resyncInto, type OpenCacheFn } from './resync.js';

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
/** During a bulk catch-up the WAL is checkpointed after this many items (bounds its size). */
const BULK_CHECKPOINT_ITEMS = 1_000_000;
/** Page cache during a bulk catch-up (KiB, as `PRAGMA cache_size = -N`), as the file import uses. */
const BULK_CACHE_KIB = 262_144;

export function createSyncClient(opts: SyncClientOptions): SyncClient {
  const api = trimUrl(opts.api);
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const random = opts.random ?? Math.random;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const timeoutMs = opts.requestTimeoutMs ?? 30_000;
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const pollMs = opts.pollIntervalMs ?? 1000;
  const hbTimeout = opts.heartbeatTimeoutMs ?? 40_000;
  const streamRetryMs = opts.streamRetryMs ?? 60_000;
  const batchMs = opts.batchMs ?? 5;
  const bulkThreshold = opts.bulkThreshold ?? 50_000;
  const cache = opts.cache;
  const collect = opts.onApplied !== undefined;

  let started = false;
  let attempt = 0;
  let lastPersist = 0;
  const rateWindow: { t: number; n: number }[] = [];

  const h: SyncHealth = {
    state: 'catching_up',
    region: cache.getRegion(),
    api,
    mode: 'pull',
    progress: { received: 0, applied: 0, remaining: null, rate: null },
    offlineSince: null,
    lastError: null,
    quarantined: cache.quarantineCount(),
    lastSyncAt: null,
    stopReason: null,
    outbox: opts.outboxCounts?.() ?? null,
    updatedAt: new Date().toISOString(),
  };
  {
    // Keep what the last run knew (last success, offline spell) until this run learns better.
    const prev = cache.getState(SYNC_HEALTH_KEY);
    if (prev) {
      try {
        const p = JSON.parse(prev) as Partial<SyncHealth>;
        h.lastSyncAt = typeof p.lastSyncAt === 'string' ? p.lastSyncAt : null;
      } catch {
        /* ignore */
      }
    }
  }

  function emit(force = false) {
    h.updatedAt = new Date().toISOString();
    h.quarantined = cache.quarantineCount();
    if (opts.outboxCounts) h.outbox = opts.outboxCounts();
    const snapshot = structuredClone(h);
    opts.onHealth?.(snapshot);
    const now = Date.now();
    if (force || now - lastPersist >= 1000) {
      lastPersist = now;
      try {
        cache.setState(SYNC_HEALTH_KEY, JSON.stringify(snapshot));
      } catch {
        /* a busy or closing cache never breaks sync */
      }
    }
  }

  function setState(state: SyncHealth['state']) {
    const changed = h.state !== state;
    h.state = state;
    emit(changed);
  }

  function success() {
    attempt = 0;
    h.lastSyncAt = new Date().toISOString();
    if (h.offlineSince !== null) {
      h.offlineSince = null;
      h.lastError = null;
    }
  }

  function failure(e: TransientError) {
    h.lastError = e.message;
    h.offlineSince ??= new Date().toISOString();
    setState('offline');
  }

  function stop(e: SyncStoppedError): never {
    h.state = 'stopped';
    h.stopReason = e.reason;
    h.lastError = e.message;
    emit(true);
    throw e;
  }

  async function backoffSleep(e: TransientError, signal?: AbortSignal) {
    const d = retryDelay(attempt++, backoff, random, e.retryAfterMs);
    await sleep(d, signal);
  }

  /** Runs `fn` until it succeeds; transient failures back off; stops propagate. */
  async function retrying<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (;;) {
      try {
        return await fn();
      } catch (e) {
        if (signal?.aborted) throw signal.reason;
        if (e instanceof SyncStoppedError) stop(e);
        if (e instanceof TransientError) {
          failure(e);
          await backoffSleep(e, signal);
          continue;
        }
        throw e;
      }
    }
  }

  const get = (path: string, signal?: AbortSignal) =>
    requestJson(fetchFn, api + path, { token: opts.token, timeoutMs: timeoutMs, signal }).catch((e: unknown) => {
      if (e instanceof HttpStatusError) throw authStop(e.status, path) ?? e;
      throw e;
    });

  async function fetchReference(target: Cache, signal?: AbortSignal) {
    const { body } = await get('/v1/reference', signal);
    const r = ReferenceSchema.safeParse(body);
    if (!r.success) throw new TransientError(`справочники не по контракту: ${describeZodError(r.error)}`);
    target.setReference(r.data);
  }

  async function start(signal?: AbortSignal) {
    if (started) return;
    await retrying(async () => {
      const { body } = await get('/v1/meta', signal);
      const version = (body as { schemaVersion?: unknown })?.schemaVersion;
      if (typeof version === 'number' && version !== SUPPORTED_SCHEMA_VERSION)
        throw new SyncStoppedError(
          'schema',
          `центральный API отдаёт данные версии схемы ${version}, а эта программа понимает только версию ${SUPPORTED_SCHEMA_VERSION}: ` +
            'синхронизация остановлена, стена показывает последние сохранённые данные. Обновите программу',
        );
      const m = MetaSchema.safeParse(body);
      if (!m.success) throw new TransientError(`ответ /v1/meta не по контракту: ${describeZodError(m.error)}`);
      bind(m.data);
      if (cache.getReference() === null) await fetchReference(cache, signal);
      success();
    }, signal);
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

  function noteRate(n: number) {
    const t = Date.now();
    rateWindow.push({ t, n });
    while (rateWindow.length > 1 && rateWindow[0]!.t < t - 5000) rateWindow.shift();
    const first = rateWindow[0]!;
    const span = (t - first.t) / 1000;
    if (span >= 0.5) h.progress.rate = Math.round(rateWindow.slice(1).reduce((s, x) => s + x.n, 0) / span);
  }

  function applied(r: ApplyResult, received: number) {
    h.progress.received += received;
    h.progress.applied += r.applied;
    opts.onApplied?.(r);
  }

  /**
   * Bulk catch-up (far behind): like the file import, the WAL is not checkpointed after every
   * 1000 pages written (that costs about as much as the writes themselves) but once every
   * BULK_CHECKPOINT_ITEMS and when caught up, with a larger page cache. Readers are unaffected
   * (WAL); a crash only leaves a longer WAL, replayed on the next open.
   */
  let bulk: { target: Cache; autoCheckpoint: number; cacheSize: number; sinceCheckpoint: number } | null = null;

  function enterBulk(target: Cache) {
    if (bulk?.target === target) return;
    leaveBulk();
    try {
      const db = target.db;
      const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
      const cacheSize = db.pragma('cache_size', { simple: true }) as number;
      db.pragma('wal_autocheckpoint = 0');
      db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
      bulk = { target, autoCheckpoint, cacheSize, sinceCheckpoint: 0 };
    } catch {
      /* a cache without these pragmas syncs the ordinary way */
    }
  }

  function bulkApplied(n: number) {
    if (!bulk) return;
    bulk.sinceCheckpoint += n;
    if (bulk.sinceCheckpoint < BULK_CHECKPOINT_ITEMS) return;
    bulk.sinceCheckpoint = 0;
    try {
      bulk.target.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      /* busy or closed: the next one or leaveBulk does it */
    }
  }

  function leaveBulk() {
    const b = bulk;
    bulk = null;
    if (!b) return;
    try {
      const db = b.target.db;
      if (!db.open) return;
      db.pragma(`wal_autocheckpoint = ${b.autoCheckpoint}`);
      db.pragma(`cache_size = ${b.cacheSize}`);
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      /* a busy or closing cache never breaks sync */
    }
  }

  /** The request for the next page, started while the current one is being applied. */
  let prefetch: { target: Cache; cursor: string | null; p: ReturnType<typeof get> } | null = null;

  function fetchPage(cursor: string | null, signal?: AbortSignal) {
    const q = new URLSearchParams();
    if (cursor) q.set('cursor', cursor);
    q.set('limit', String(pageSize));
    return get(`/v1/messages/changes?${q}`, signal);
  }

  /** One page into `target`. Returns hasMore. */
  async function pullPage(target: Cache, signal?: AbortSignal): Promise<boolean> {
    const cursor = target.getCursor();
    const pre = prefetch;
    prefetch = null;
    const req = pre && pre.target === target && pre.cursor === cursor ? pre.p : fetchPage(cursor, signal);
    const { body, headers } = await req;
    const p = ChangesPageSchema.safeParse(body);
    if (!p.success) throw new TransientError(`страница изменений не по контракту: ${describeZodError(p.error)}`);
    const page = p.data;
    if (page.hasMore) {
      // Pipelining: ask for the next page now; it is used only if this page commits its cursor.
      const next = fetchPage(page.nextCursor, signal);
      next.catch(() => undefined);
      prefetch = { target, cursor: page.nextCursor, p: next };
    }
    if (page.referenceVersion !== target.getReference()?.referenceVersion) await fetchReference(target, signal);
    const head = Number(headers.get('x-log-head'));
    const pos = Number(headers.get('x-log-position'));
    const remaining =
      headers.has('x-log-head') && headers.has('x-log-position') && Number.isFinite(head) && Number.isFinite(pos)
        ? Math.max(0, head - pos)
        : page.hasMore
          ? null
          : 0;
    if (page.hasMore && (remaining === null || remaining >= bulkThreshold)) enterBulk(target);
    const o = { cursor: page.nextCursor, source: 'sync', collect };
    const r = target.applyBatch(page.items, o);
    applied(r, page.items.length);
    noteRate(page.items.length);
    h.progress.remaining = remaining;
    bulkApplied(page.items.length);
    if (!page.hasMore) leaveBulk();
    success();
    return page.hasMore;
  }

  async function resync(signal?: AbortSignal) {
    h.lastError = 'курсор устарел на сервере (410): полная пересинхронизация в новый файл, стена пока показывает прежние данные';
    h.progress.remaining = null;
    setState('catching_up');
    await resyncInto(cache, {
      openCache: opts.openCache,
      pull: (target) => retrying(() => pullPage(target, signal), signal),
      onGone: () => {
        h.lastError = 'курсор снова устарел во время пересинхронизации: начинаю заново';
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
      leaveBulk();
    }
  }

  async function catchUpPages(signal?: AbortSignal) {
    for (;;) {
      try {
        const more = await retrying(() => pullPage(cache, signal), signal);
        setState(more ? 'catching_up' : 'online');
        if (!more) return;
      } catch (e) {
        if (e instanceof HttpStatusError && e.status === 410) {
          await resync(signal);
          continue;
        }
        if (e instanceof HttpStatusError)
          throw new TransientError(`неожиданный ответ ${e.status} на запрос изменений: ${e.serverMessage}`);
        throw e;
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
          await backoffSleep(e, signal);
          continue;
        }
        throw e;
      }
    }
  }

  /** One stream connection; returns when it ends. Throws HttpStatusError (404, 410 …) or TransientError. */
  async function streamOnce(signal: AbortSignal) {
    const ac = new AbortController();
    const onAbort = () => ac.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    let watchdog: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => ac.abort(new TransientError('поток молчит дольше допустимого: переподключаюсь')), hbTimeout);
    };
    let pending: unknown[] = [];
    let pendingCursor: string | undefined;
    let flushTimer: NodeJS.Timeout | undefined;
    const flush = () => {
      clearTimeout(flushTimer);
      flushTimer = undefined;
      if (pending.length === 0) return;
      const items = pending;
      pending = [];
      const o = { cursor: pendingCursor, source: 'sync', collect };
      const r = cache.applyBatch(items, o);
      applied(r, items.length);
      h.progress.remaining = streamRemaining();
      success();
      emit();
    };
    // Progress in stream mode: the log position and head come with the response headers and the
    // head again with each heartbeat; every change event moves the position by (about) one entry.
    let streamPos = NaN;
    let streamHead = NaN;
    const streamRemaining = () => (Number.isFinite(streamPos) && Number.isFinite(streamHead) ? Math.max(0, streamHead - streamPos) : 0);
    try {
      const bad = checkToken(opts.token);
      if (bad) throw bad;
      arm();
      const cursor = cache.getCursor();
      const q = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
      let res: Response;
      try {
        res = await fetchFn(`${api}/v1/messages/stream${q}`, {
          headers: {
            authorization: `Bearer ${opts.token}`,
            accept: 'text/event-stream',
            ...(cursor ? { 'last-event-id': cursor } : {}),
          },
          signal: ac.signal,
        });
      } catch (e) {
        if (signal.aborted) throw e;
        if (ac.signal.reason instanceof TransientError) throw ac.signal.reason;
        throw new TransientError(describeNetworkError(e));
      }
      if (!res.ok) {
        const text = await res.text().catch(() => '');
        if (res.status >= 500 || res.status === 429)
          throw new TransientError(`поток: сервер ответил ${res.status}`, null, res.status);
        throw authStop(res.status, '/v1/messages/stream') ?? new HttpStatusError(res.status, text.slice(0, 200));
      }
      const hp = res.headers.get('x-log-position');
      const hh = res.headers.get('x-log-head');
      if (hp !== null && hh !== null) {
        streamPos = Number(hp);
        streamHead = Number(hh);
      }
      h.progress.remaining = streamRemaining();
      h.mode = 'stream';
      connected = true;
      success();
      setState('online');
      const parser = createParser({
        onEvent(ev) {
          if (ev.event === 'change') {
            let item: unknown;
            try {
              item = JSON.parse(ev.data);
            } catch {
              item = ev.data; // not JSON: the cache quarantines it, the stream goes on
            }
            pending.push(item);
            streamPos++;
            if (ev.id) pendingCursor = ev.id;
            if (pending.length >= 1000) flush();
            else flushTimer ??= setTimeout(flush, batchMs);
          } else {
            if (ev.event === 'heartbeat' && Number.isFinite(streamPos)) {
              try {
                const head = (JSON.parse(ev.data) as { head?: unknown })?.head;
                if (typeof head === 'number' && Number.isFinite(head)) {
                  streamHead = Math.max(Number.isFinite(streamHead) ? streamHead : 0, head);
                  h.progress.remaining = streamRemaining();
                }
              } catch {
                /* a heartbeat without a head is fine */
              }
            }
            success();
          }
        },
      });
      const decoder = new TextDecoder();
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          arm();
          parser.feed(decoder.decode(chunk, { stream: true }));
        }
      } catch (e) {
        if (signal.aborted) throw e;
        if (ac.signal.reason instanceof TransientError) throw ac.signal.reason;
        throw new TransientError(`поток оборвался: ${describeNetworkError(e)}`);
      } finally {
        flush();
      }
      throw new TransientError('сервер закрыл поток');
    } finally {
      clearTimeout(watchdog);
      clearTimeout(flushTimer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  let connected = false;

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
          await streamOnce(signal);
        } catch (e) {
          if (signal.aborted) break;
          if (e instanceof SyncStoppedError) stop(e);
          if (e instanceof HttpStatusError && e.status === 410) {
            await catchUp(signal); // the pull path handles 410 with a resync
            continue;
          }
          if (e instanceof HttpStatusError && e.status === 404) {
            h.lastError = 'поток событий недоступен (404): опрашиваю ленту изменений';
            pollUntil = Date.now() + streamRetryMs;
            emit(true);
            continue;
          }
          const err = e instanceof TransientError ? e : new TransientError(String((e as Error)?.message ?? e));
          failure(err);
          if (connected) streamFailures = 0;
          if (++streamFailures >= 3) {
            streamFailures = 0;
            pollUntil = Date.now() + streamRetryMs;
            continue;
          }
          await backoffSleep(err, signal);
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
    health: () => structuredClone(h),
    runUntilCaughtUp,
    follow,
  };
}
