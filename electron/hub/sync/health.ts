/**
 * Health reporting of the sync client (shared/sync-health.ts): one live health object that the
 * client's units update, handed out as copies through `onHealth` and persisted in the cache
 * (at most once a second unless forced: a state change, a stop, the end of a catch-up).
 * What the last run knew (its last success) is kept until this run learns better.
 */
import { SYNC_HEALTH_KEY, type SyncHealth } from '../../../shared/sync-health.js';
import type { ApplyResult, Cache } from '../cache/api.js';
import type { SyncStoppedError, TransientError } from './http.js';

/** What the reporter needs of the cache. */
export type HealthCache = Pick<Cache, 'getRegion' | 'quarantineCount' | 'getState' | 'setState'>;

export interface HealthReporterOptions {
  cache: HealthCache;
  /** The API's base URL as the health shows it. */
  api: string;
  onHealth?: (h: SyncHealth) => void;
  /** Outbox counts for the health object. */
  outboxCounts?: () => { pending: number; failed: number };
  /** Clock (default Date.now, read at each call). */
  now?: () => number;
}

export interface HealthReporter {
  /** The live object: the client's units write its fields; `emit` publishes them. */
  readonly h: SyncHealth;
  /** A copy of the current health. */
  snapshot(): SyncHealth;
  /** Publishes a copy through onHealth; persists it when forced or a second after the last time. */
  emit(force?: boolean): void;
  /** Sets the state; a change is persisted at once. */
  setState(state: SyncHealth['state']): void;
  /** A request succeeded: last success now; an offline spell (and its error) ends. */
  success(): void;
  /** A transient failure: offline since the first of them, with its message. */
  failure(e: TransientError): void;
  /** Sync stops until a person acts: state, reason and message persisted, then `e` thrown. */
  stop(e: SyncStoppedError): never;
  /** Counts a batch received and what of it was applied. */
  counted(r: ApplyResult, received: number): void;
  /** Notes `n` items received now, for the rate (items per second over the last 5 s). */
  noteRate(n: number): void;
}

/** Items per second over a sliding window of the last 5 s (null until half a second has passed). */
export class RateMeter {
  private readonly window: { t: number; n: number }[] = [];
  /** Notes n items at t (ms); returns the rate, or undefined while the window is too short. */
  note(n: number, t: number): number | undefined {
    const w = this.window;
    w.push({ t, n });
    while (w.length > 1 && w[0]!.t < t - 5000) w.shift();
    const first = w[0]!;
    const span = (t - first.t) / 1000;
    if (span >= 0.5) return Math.round(w.slice(1).reduce((s, x) => s + x.n, 0) / span);
    return undefined;
  }
}

/** The health at the start of a run: catching up, the last success of the previous run kept. */
export function initialHealth(cache: HealthCache, api: string, outbox: { pending: number; failed: number } | null, nowIso: string): SyncHealth {
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
    outbox,
    updatedAt: nowIso,
  };
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
  return h;
}

export function createHealthReporter(opts: HealthReporterOptions): HealthReporter {
  const { cache } = opts;
  const now = opts.now ?? (() => Date.now());
  const iso = () => new Date(now()).toISOString();
  const h = initialHealth(cache, opts.api, opts.outboxCounts?.() ?? null, iso());
  const rate = new RateMeter();
  let lastPersist = 0;

  function emit(force = false) {
    h.updatedAt = iso();
    h.quarantined = cache.quarantineCount();
    if (opts.outboxCounts) h.outbox = opts.outboxCounts();
    const snapshot = structuredClone(h);
    opts.onHealth?.(snapshot);
    const t = now();
    if (force || t - lastPersist >= 1000) {
      lastPersist = t;
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

  return {
    h,
    snapshot: () => structuredClone(h),
    emit,
    setState,
    success() {
      h.lastSyncAt = iso();
      if (h.offlineSince !== null) {
        h.offlineSince = null;
        h.lastError = null;
      }
    },
    failure(e) {
      h.lastError = e.message;
      h.offlineSince ??= iso();
      setState('offline');
    },
    stop(e) {
      h.state = 'stopped';
      h.stopReason = e.reason;
      h.lastError = e.message;
      emit(true);
      throw e;
    },
    counted(r, received) {
      h.progress.received += received;
      h.progress.applied += r.applied;
    },
    noteRate(n) {
      const r = rate.note(n, now());
      if (r !== undefined) h.progress.rate = r;
    },
  };
}
