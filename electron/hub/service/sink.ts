/**
 * What a data source (the demo feed, central-API sync, the outbox) may do to the hub: write into
 * the cache and tell the hub about it. Sources get this sink, never the hub itself — so a source
 * cannot reach the wall state or the router, and no source module imports the hub.
 */
import type { ApplyResult, Cache } from '../cache/api.js';
import type { SyncHealth } from '../../../shared/sync-health.js';
import type { AsyncDisposable } from '../../../shared/lifecycle.js';

export interface SourceSink {
  /** The hub's cache (the source writes through its applyBatch, reads its region, state, outbox). */
  readonly cache: Cache;
  /** A batch was applied to the cache: refresh the engine incrementally, announce `viewChanged`. */
  ingest(result: ApplyResult): void;
  /** The cache's contents were replaced wholesale (a 410 resync, a new region or reference): derive everything again. */
  reload(): void;
  /** The live sync health of a running source (wins over the copy in the cache); pushes `health`. */
  setSyncHealth(h: SyncHealth | null): void;
  /** Re-read the health from the cache (outbox counts, quarantine) and push `health` if it changed. */
  refreshHealth(): void;
}

/** A running source: disposing it stops it (awaited by the hub's close). */
export type SourceHandle = AsyncDisposable;
