/**
 * Demo data source of the hub: fills an empty cache with a generated history, runs the demo
 * generator's live feed (electron/hub/demo/live.ts `startLiveFeed`), and plays the central API
 * for the outbox (`startDemoDelivery`: electron/hub/outbox/local.ts) — all through the cache's
 * applyBatch and the sink (the demo is a source like sync, not a special case).
 */
import type { Cache } from '../cache/api.js';
import { demoMeta, demoReference } from '../demo/reference.js';
import { generateHistory } from '../demo/generator.js';
import { startLiveFeed } from '../demo/live.js';
import { createDemoState } from '../demo/world.js';
import type { RegionId } from '../../../shared/regions.js';
import { toAsyncDisposable, toDisposable, type AsyncDisposable, type Disposable } from '../../../shared/lifecycle.js';
import { createOutboxDeliverer, watchOutbox } from '../outbox/outbox.js';
import { localActionTransport } from '../outbox/local.js';
import type { SourceSink } from './sink.js';

/** Items per transaction while writing the history. */
const CHUNK = 20_000;

/** Binds an empty cache to the demo region and writes `days` of history ending at `now`. */
export async function ensureDemoHistory(
  cache: Cache,
  o: { region: RegionId; seed: number; days: number; now: number },
): Promise<void> {
  if (!cache.getRegion()) cache.setRegion(demoMeta(o.region, o.now).region);
  if (!cache.getReference()) cache.setReference(demoReference(o.region));
  if (cache.messageCount() > 0) return;
  const h = generateHistory({ region: o.region, days: o.days, seed: o.seed, end: o.now });
  let chunk: unknown[] = [];
  for (const batch of h.batches()) {
    for (const it of batch) chunk.push(it);
    if (chunk.length >= CHUNK) {
      cache.applyBatch(chunk, { source: 'demo' });
      chunk = [];
    }
  }
  if (chunk.length) cache.applyBatch(chunk, { source: 'demo' });
}

/**
 * The live demo feed of the hub: the region goes on living in real time (the wall's clock and the
 * data's stay together), with the world model's volumes scaled so that about `rate` new messages
 * arrive per second. It writes into the sink's cache and hands each applied batch to `sink.ingest`;
 * a failed step (a closed cache during shutdown) is skipped and the next one goes on. Disposing
 * the handle stops the feed.
 */
/** The running live feed: disposing stops it; `takeOver` leaves a message to the operator. */
export interface DemoFeedHandle extends Disposable {
  takeOver(id: string): void;
}

export async function startDemoFeed(
  sink: Pick<SourceSink, 'cache' | 'ingest'>,
  o: { region: RegionId; seed: number; rate: number; tickMs?: number; now?: () => number },
): Promise<DemoFeedHandle> {
  const perSecond = createDemoState({ region: o.region, seed: o.seed }).dailyRate / 86_400;
  const volumeScale = perSecond > 0 ? Math.max(1e-3, o.rate / perSecond) : 1;
  const feed = startLiveFeed({
    cache: sink.cache,
    seed: o.seed,
    rate: 1,
    volumeScale,
    onBatch: (r) => sink.ingest(r),
    ...(o.tickMs !== undefined ? { tickMs: o.tickMs } : {}),
    ...(o.now ? { now: o.now } : {}),
  });
  return Object.assign(toDisposable(() => feed.stop()), { takeOver: (id: string) => feed.takeOver(id) });
}

/** The demo API's answer time: long enough to see «отправляется» on the console, short enough not to wait. */
export const DEMO_API_LATENCY_MS = 600;

export interface DemoDeliveryOptions {
  /** The live feed, if one runs: a message an action changed is left to the operator. */
  feed?: Pick<DemoFeedHandle, 'takeOver'> | null;
  /** Check for new actions every … ms (default 1000; a queued action wakes it at once). */
  intervalMs?: number;
  /** How long the demo API takes to answer (default DEMO_API_LATENCY_MS). */
  latencyMs?: number;
  now?: () => number;
  onError?: (e: unknown) => void;
}

/**
 * The demo plays the central API for the outbox: the outbox deliverer (the same states, order
 * and idempotency key as with a real API) delivers every pending action — including those queued
 * by `act` from another process on the same cache — to the local endpoint, whose answering
 * revision comes back through `sink.ingest` like a sync batch. Disposing it stops delivery.
 */
export function startDemoDelivery(sink: Pick<SourceSink, 'cache' | 'ingest' | 'refreshHealth'>, o: DemoDeliveryOptions = {}): AsyncDisposable {
  const deliverer = createOutboxDeliverer({
    cache: sink.cache,
    transport: localActionTransport({
      cache: sink.cache,
      ingest: (r) => sink.ingest(r),
      onRevision: (m) => o.feed?.takeOver(m.id),
      latencyMs: o.latencyMs ?? DEMO_API_LATENCY_MS,
      ...(o.now ? { now: o.now } : {}),
    }),
    onChange: () => sink.refreshHealth(),
  });
  // A newly queued action is delivered at once, not at the end of the interval.
  const unwatch = watchOutbox(sink.cache, (e) => {
    if (e.state === 'pending' && e.attempts === 0) deliverer.wake();
  });
  const ac = new AbortController();
  const done = deliverer.run(ac.signal, o.intervalMs ?? 1000).catch((e: unknown) => o.onError?.(e));
  return toAsyncDisposable(async () => {
    unwatch();
    ac.abort(new Error('демо остановлено'));
    await done;
  });
}
