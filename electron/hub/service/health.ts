/**
 * Health and freshness: how current the wall's data is (`Freshness` of the protocol: the newest
 * instant the data speaks of, the last batch received, the sync state with progress, offline
 * since, last error, quarantine) and the `health` event that carries it to the windows.
 *
 * The sync health comes from a running source (`setSyncHealth`) or, failing that, from the copy
 * the sync client persisted in the cache. `health` is pushed when the sync part changed: a change
 * of state (online → offline …) at once, progress ticks at most once per HEALTH_MIN_INTERVAL_MS;
 * the cache is re-read every HEALTH_POLL_MS (outbox counts, quarantine written by others).
 */
import type { Cache } from '../cache/api.js';
import { SYNC_HEALTH_KEY, parseSyncHealth, type SyncHealth } from '../../../shared/sync-health.js';
import type { Freshness } from '../../../shared/bridge/protocol.js';
import { DisposableStore, MutableDisposable, disposableInterval, disposableTimeout, type Disposable } from '../../../shared/lifecycle.js';
import type { EventSink, HubEventMap } from './events.js';

/** `health` is sent at most once per this many ms, except when the sync state itself changes. */
export const HEALTH_MIN_INTERVAL_MS = 250;
/** The cache's health is re-read this often. */
export const HEALTH_POLL_MS = 5_000;

/** What freshness needs to know of the data set. */
export interface FreshnessInputs {
  readonly dataAsOf: number | null;
  readonly lastBatchAt: number | null;
}

export interface HealthDeps {
  cache: Pick<Cache, 'getState' | 'quarantineCount'>;
  data: FreshnessInputs;
  events: EventSink<Pick<HubEventMap, 'health'>>;
  /** Without a sync health: 'demo' for the demo source, else 'idle'. */
  demo: boolean;
}

export class HealthService implements Disposable {
  private readonly disposables = new DisposableStore();
  private readonly pushTimer = this.disposables.add(new MutableDisposable());
  private liveSync: SyncHealth | null = null;
  private lastJson = '';
  private lastState = '';
  private lastAt = -Infinity;

  constructor(private readonly deps: HealthDeps) {
    const f = this.freshness();
    this.lastJson = JSON.stringify(f.sync);
    this.lastState = f.sync.state;
    this.disposables.add(disposableInterval(() => this.refresh(), HEALTH_POLL_MS, { unref: true }));
  }

  freshness(): Freshness {
    const { cache, data } = this.deps;
    const h = this.liveSync ?? parseSyncHealth(cache.getState(SYNC_HEALTH_KEY));
    const quarantined = cache.quarantineCount();
    const lastSync = Math.max(data.lastBatchAt ?? -Infinity, h?.lastSyncAt ? Date.parse(h.lastSyncAt) || -Infinity : -Infinity);
    let sync: Freshness['sync'];
    if (h) {
      const p = h.progress;
      const progress =
        h.state === 'catching_up' && p.remaining !== null && p.applied + p.remaining > 0
          ? p.applied / (p.applied + p.remaining)
          : null;
      sync = { state: h.state, progress, offlineSince: isoOrNull(h.offlineSince), lastError: h.lastError, quarantined };
    } else {
      sync = { state: this.deps.demo ? 'demo' : 'idle', progress: null, offlineSince: null, lastError: null, quarantined };
    }
    return {
      dataAsOf: data.dataAsOf === null ? null : new Date(data.dataAsOf).toISOString(),
      lastSyncAt: Number.isFinite(lastSync) ? new Date(lastSync).toISOString() : null,
      sync,
    };
  }

  setSyncHealth(h: SyncHealth | null): void {
    if (this.disposables.isDisposed) return;
    this.liveSync = h;
    this.refresh();
  }

  /** Push `health` if the sync part changed since the last push (throttled). */
  refresh(): void {
    if (this.disposables.isDisposed) return;
    let f: Freshness;
    try {
      f = this.freshness();
    } catch {
      return;
    }
    const j = JSON.stringify(f.sync);
    if (j === this.lastJson) return;
    // A change of state (online → offline …) goes out at once; progress ticks at most 4 a second.
    const wait = f.sync.state !== this.lastState ? 0 : this.lastAt + HEALTH_MIN_INTERVAL_MS - performance.now();
    if (wait > 0) {
      if (!this.pushTimer.value) {
        this.pushTimer.value = disposableTimeout(
          () => {
            this.pushTimer.value = undefined;
            this.refresh();
          },
          wait,
          { unref: true },
        );
      }
      return;
    }
    this.pushTimer.clear();
    this.send(f);
  }

  /** Push the current freshness now (after `viewChanged`: the windows see the new data's age). */
  pushNow(): void {
    if (this.disposables.isDisposed) return;
    this.send(this.freshness());
  }

  private send(f: Freshness): void {
    this.lastJson = JSON.stringify(f.sync);
    this.lastState = f.sync.state;
    this.lastAt = performance.now();
    this.deps.events.emit('health', f);
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

function isoOrNull(s: string | null): string | null {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
