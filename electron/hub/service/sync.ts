/**
 * The central API as a data source of the hub (docs/sync.md): the sync client follows the feed
 * live and the outbox deliverer sends operator actions, both on the hub's own cache.
 *
 * It talks to the hub only through its sink (./sink.ts):
 *   - every applied batch → sink.ingest(result): the engine refreshes incrementally, the windows get
 *     `viewChanged` (throttled) and re-fetch their view;
 *   - a batch that arrived with a new region or reference (the first sync of an empty cache, a new
 *     referenceVersion) and a 410 resync that replaced the cache's contents (`onReplaced`) →
 *     sink.reload(): store, reference, scenes are derived again;
 *   - sync health → sink.setSyncHealth(): the `health` event (online, catching up with progress,
 *     offline since, stopped with the reason);
 *   - without a token, sync does not start: health says «stopped» with what to do, and the wall
 *     still shows the cached data.
 * A stop (token refused, unknown schema, cache of another region/API) leaves the hub up with the
 * cached data; the shell restarts the hub when the console sets a new token.
 */
import type { ApplyResult } from '../cache/api.js';
import { createSyncClient, type SyncClientOptions } from '../sync/client.js';
import { SyncStoppedError } from '../sync/http.js';
import { createOutboxDeliverer, outboxCounts } from '../outbox/outbox.js';
import { SYNC_HEALTH_KEY, parseSyncHealth, type SyncHealth } from '../../../shared/sync-health.js';
import type { AsyncDisposable } from '../../../shared/lifecycle.js';
import type { SourceSink } from './sink.js';

export interface ApiSourceOptions {
  /** Base URL of the central API (paths /v1/… are appended). */
  url: string;
  /** Access token; null: not configured yet (sync stays stopped with a clear reason). */
  token: string | null;
  fetch?: typeof fetch;
  /** Passed through to the sync client (poll interval, page size, backoff … — tests tune them). */
  sync?: Partial<Omit<SyncClientOptions, 'cache' | 'api' | 'token' | 'fetch' | 'onHealth' | 'onApplied' | 'onReplaced'>>;
  /** Period of the outbox deliverer's check for new actions (default 1000 ms). */
  outboxIntervalMs?: number;
  /** Every sync health, after the hub has it (the CLI prints state changes). */
  onHealth?: (h: SyncHealth) => void;
  log?: { info(m: string): void; warn(m: string): void };
}

export interface SyncSourceHandle extends AsyncDisposable {
  /** Resolves when sync and delivery have ended (stopped for a reason, or by dispose()). */
  readonly done: Promise<void>;
  /** Stop sync and delivery; resolves when both have ended. */
  dispose(): Promise<void>;
}

export const NO_TOKEN_MESSAGE = 'не задан токен центрального API: задайте его на пульте оператора';

/** Health of a sync that cannot start for a reason a person must fix. */
export function stoppedHealth(sink: Pick<SourceSink, 'cache'>, url: string, reason: SyncHealth['stopReason'], message: string): SyncHealth {
  const cache = sink.cache;
  const prev = parseSyncHealth(cache.getState(SYNC_HEALTH_KEY));
  return {
    state: 'stopped',
    region: cache.getRegion(),
    api: url.trim().replace(/\/+$/, ''),
    mode: 'pull',
    progress: { received: 0, applied: 0, remaining: null, rate: null },
    offlineSince: null,
    lastError: message,
    quarantined: cache.quarantineCount(),
    lastSyncAt: prev?.lastSyncAt ?? null,
    stopReason: reason,
    outbox: outboxCounts(cache),
    updatedAt: new Date().toISOString(),
  };
}

export function startSyncSource(sink: SourceSink, o: ApiSourceOptions): SyncSourceHandle {
  const cache = sink.cache;
  const log = o.log ?? { info: () => undefined, warn: () => undefined };
  const report = (h: SyncHealth) => {
    sink.setSyncHealth(h);
    o.onHealth?.(h);
  };
  if (!o.token) {
    report(stoppedHealth(sink, o.url, 'auth', NO_TOKEN_MESSAGE));
    log.warn(`синхронизация не запущена: ${NO_TOKEN_MESSAGE}`);
    return { dispose: () => Promise.resolve(), done: Promise.resolve() };
  }

  // What the hub's derived data was built from: a batch arriving under another region or
  // reference means a reload rather than an incremental refresh.
  const stamp = () => `${cache.getRegion()?.code ?? ''}\u0000${cache.getReference()?.referenceVersion ?? ''}`;
  let loaded = stamp();
  const onApplied = (r: ApplyResult) => {
    const now = stamp();
    if (now !== loaded) {
      loaded = now;
      sink.reload();
    } else sink.ingest(r);
  };

  const ac = new AbortController();
  const client = createSyncClient({
    ...o.sync,
    cache,
    api: o.url,
    token: o.token,
    ...(o.fetch ? { fetch: o.fetch } : {}),
    outboxCounts: o.sync?.outboxCounts ?? (() => outboxCounts(cache)),
    onHealth: report,
    onApplied,
    onReplaced: () => {
      loaded = stamp();
      log.info('синхронизация: кэш заменён после полной пересинхронизации, данные стены перечитаны');
      sink.reload();
    },
  });
  const outbox = createOutboxDeliverer({
    cache,
    api: o.url,
    token: o.token,
    ...(o.fetch ? { fetch: o.fetch } : {}),
    ...(o.sync?.random ? { random: o.sync.random } : {}),
    ...(o.sync?.backoff ? { backoff: o.sync.backoff } : {}),
  });

  const syncDone = client.follow(ac.signal).catch((e: unknown) => {
    if (ac.signal.aborted) return;
    if (e instanceof SyncStoppedError) log.warn(`синхронизация остановлена: ${e.message}`);
    else {
      const msg = ((e as Error)?.message ?? String(e)).split('\n')[0]!;
      log.warn(`синхронизация прервалась: ${msg}`);
      report({ ...client.health(), state: 'stopped', lastError: `сбой синхронизации: ${msg}` });
    }
  });
  const outboxDone = outbox.run(ac.signal, o.outboxIntervalMs ?? 1000).catch((e: unknown) => {
    if (ac.signal.aborted) return;
    log.warn(`отправка действий остановлена: ${((e as Error)?.message ?? String(e)).split('\n')[0]}`);
  });
  const done = Promise.all([syncDone, outboxDone]).then(() => undefined);
  return {
    done,
    async dispose() {
      ac.abort(new Error('хаб остановлен'));
      await done;
    },
  };
}
