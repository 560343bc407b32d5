/**
 * The pull path of the sync client (docs/spec/central-api.md: /v1/meta, /v1/reference,
 * /v1/messages/changes): the meta check, the reference, and one page of changes fetched and
 * applied together with its nextCursor in one transaction — the next page asked for while this
 * one is applied (used only if this one commits), the reference refetched when the page names
 * another version, what is left estimated from the log headers, and the bulk catch-up mode
 * (WAL checkpoints deferred, a larger page cache) while far behind.
 */
import { ChangesPageSchema, describeZodError, MetaSchema, ReferenceSchema, SUPPORTED_SCHEMA_VERSION, type Meta } from '../../../shared/schema.js';
import type { ApplyResult, Cache } from '../cache/api.js';
import { ResponseTooLargeError, SyncStoppedError, TransientError, type JsonResponse } from './http.js';

/** GET of a path under the API (auth statuses already turned into stops). */
export type GetFn = (path: string, signal?: AbortSignal) => Promise<JsonResponse>;

/** During a bulk catch-up the WAL is checkpointed after this many items (bounds its size). */
export const BULK_CHECKPOINT_ITEMS = 1_000_000;
/** Page cache during a bulk catch-up (KiB, as `PRAGMA cache_size = -N`), as the file import uses. */
export const BULK_CACHE_KIB = 262_144;

/**
 * The body of /v1/meta as the contract's Meta. An unknown schemaVersion stops sync (the wall keeps
 * its last data); a body not by the contract is transient (a proxy's error page, a half deploy).
 */
export function parseMeta(body: unknown): Meta {
  const version = (body as { schemaVersion?: unknown })?.schemaVersion;
  if (typeof version === 'number' && version !== SUPPORTED_SCHEMA_VERSION)
    throw new SyncStoppedError(
      'schema',
      `центральный API отдаёт данные версии схемы ${version}, а эта программа понимает только версию ${SUPPORTED_SCHEMA_VERSION}: ` +
        'синхронизация остановлена, стена показывает последние сохранённые данные. Обновите программу',
    );
  const m = MetaSchema.safeParse(body);
  if (!m.success) throw new TransientError(`ответ /v1/meta не по контракту: ${describeZodError(m.error)}`);
  return m.data;
}

/** GET /v1/reference into `target`. */
export async function fetchReference(get: GetFn, target: Cache, signal?: AbortSignal): Promise<void> {
  const { body } = await get('/v1/reference', signal);
  const r = ReferenceSchema.safeParse(body);
  if (!r.success) throw new TransientError(`справочники не по контракту: ${describeZodError(r.error)}`);
  target.setReference(r.data);
}

/**
 * Log entries left after a page: head − position from the X-Log-Head / X-Log-Position headers;
 * without them, unknown while there is more and 0 at the end.
 */
export function remainingOf(headers: Headers, hasMore: boolean): number | null {
  const head = Number(headers.get('x-log-head'));
  const pos = Number(headers.get('x-log-position'));
  return headers.has('x-log-head') && headers.has('x-log-position') && Number.isFinite(head) && Number.isFinite(pos)
    ? Math.max(0, head - pos)
    : hasMore
      ? null
      : 0;
}

/**
 * Bulk catch-up (far behind): like the file import, the WAL is not checkpointed after every
 * 1000 pages written (that costs about as much as the writes themselves) but once every
 * BULK_CHECKPOINT_ITEMS and when caught up, with a larger page cache. Readers are unaffected
 * (WAL); a crash only leaves a longer WAL, replayed on the next open.
 */
export class BulkMode {
  private bulk: { target: Cache; autoCheckpoint: number; cacheSize: number; sinceCheckpoint: number } | null = null;

  enter(target: Cache): void {
    if (this.bulk?.target === target) return;
    this.leave();
    try {
      const db = target.db;
      const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number;
      const cacheSize = db.pragma('cache_size', { simple: true }) as number;
      db.pragma('wal_autocheckpoint = 0');
      db.pragma(`cache_size = -${BULK_CACHE_KIB}`);
      this.bulk = { target, autoCheckpoint, cacheSize, sinceCheckpoint: 0 };
    } catch {
      /* a cache without these pragmas syncs the ordinary way */
    }
  }

  applied(n: number): void {
    const bulk = this.bulk;
    if (!bulk) return;
    bulk.sinceCheckpoint += n;
    if (bulk.sinceCheckpoint < BULK_CHECKPOINT_ITEMS) return;
    bulk.sinceCheckpoint = 0;
    try {
      bulk.target.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      /* busy or closed: the next one or leave() does it */
    }
  }

  leave(): void {
    const b = this.bulk;
    this.bulk = null;
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
}

/** Items a page asked for with `limit` may carry before it is refused: twice the limit (+ 100). */
export function maxItems(limit: number): number {
  return 2 * limit + 100;
}

export interface PagerOptions {
  get: GetFn;
  /** Page size asked of the changes feed. */
  pageSize: number;
  /** A pull at least this many entries behind (or of unknown size) is a bulk catch-up. */
  bulkThreshold: number;
  /** Ask applyBatch for the applied messages (someone listens to onApplied). */
  collect: boolean;
  /** A page was applied: `received` items of it. */
  onApplied(r: ApplyResult, received: number): void;
  /** What is left after the page (null: unknown). */
  onRemaining(remaining: number | null): void;
  /** The page and its cursor are committed. */
  onSuccess(): void;
}

export interface Pager {
  /** One page into `target`; returns hasMore. Throws HttpStatusError (410 …), TransientError, SyncStoppedError. */
  pullPage(target: Cache, signal?: AbortSignal): Promise<boolean>;
  /** Ends a bulk catch-up, if one is on (settings restored, WAL checkpointed). */
  leaveBulk(): void;
}

export function createPager(opts: PagerOptions): Pager {
  const { get, pageSize, bulkThreshold, collect } = opts;
  const bulk = new BulkMode();
  /** The request for the next page, started while the current one is being applied. */
  let prefetch: { target: Cache; cursor: string | null; limit: number; p: ReturnType<GetFn> } | null = null;
  /**
   * The page size asked now: halved after a response over the byte limit (a page of long texts),
   * doubled back towards `pageSize` after each page that fitted.
   */
  let size = pageSize;

  function fetchPage(cursor: string | null, signal?: AbortSignal) {
    const q = new URLSearchParams();
    if (cursor) q.set('cursor', cursor);
    q.set('limit', String(size));
    return { limit: size, p: get(`/v1/messages/changes?${q}`, signal) };
  }

  async function pullPage(target: Cache, signal?: AbortSignal): Promise<boolean> {
    const cursor = target.getCursor();
    const pre = prefetch;
    prefetch = null;
    const req = pre && pre.target === target && pre.cursor === cursor ? pre : fetchPage(cursor, signal);
    let res: JsonResponse;
    try {
      res = await req.p;
    } catch (e) {
      if (e instanceof ResponseTooLargeError && req.limit > 1) {
        size = Math.max(1, Math.floor(req.limit / 2));
        throw new TransientError(`${e.message}; следующая страница — по ${size.toLocaleString('ru-RU')} записей`);
      }
      throw e;
    }
    const { body, headers } = res;
    // More items than asked for is against the contract ("server may return fewer"). A few more
    // (a server resending some, the fault injector's extra records) are applied; a page of many
    // times the limit is refused whole — its cursor covers every item, so no part of it can be —
    // and asked again (the byte limit has already bounded what it holds).
    const n = (body as { items?: unknown } | null)?.items;
    if (Array.isArray(n) && n.length > maxItems(req.limit))
      throw new TransientError(
        `страница изменений не по контракту: ${n.length.toLocaleString('ru-RU')} записей при limit=${req.limit.toLocaleString('ru-RU')}; не применена, повторю`,
      );
    const p = ChangesPageSchema.safeParse(body);
    if (!p.success) throw new TransientError(`страница изменений не по контракту: ${describeZodError(p.error)}`);
    const page = p.data;
    if (page.hasMore) {
      // Pipelining: ask for the next page now; it is used only if this page commits its cursor.
      size = Math.min(pageSize, size * 2);
      const next = fetchPage(page.nextCursor, signal);
      next.p.catch(() => undefined);
      prefetch = { target, cursor: page.nextCursor, ...next };
    }
    if (page.referenceVersion !== target.getReference()?.referenceVersion) await fetchReference(get, target, signal);
    const remaining = remainingOf(headers, page.hasMore);
    if (page.hasMore && (remaining === null || remaining >= bulkThreshold)) bulk.enter(target);
    const o = { cursor: page.nextCursor, source: 'sync', collect };
    const r = target.applyBatch(page.items, o);
    opts.onApplied(r, page.items.length);
    opts.onRemaining(remaining);
    bulk.applied(page.items.length);
    if (!page.hasMore) bulk.leave();
    opts.onSuccess();
    return page.hasMore;
  }

  return { pullPage, leaveBulk: () => bulk.leave() };
}
