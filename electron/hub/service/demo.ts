/**
 * Demo data source of the hub: fills an empty cache with a generated history and runs the demo
 * generator's live feed (electron/hub/demo/live.ts `startLiveFeed`), both through the cache's
 * applyBatch (the demo is a source like sync, not a special case).
 */
import type { Cache } from '../cache/api.js';
import { demoMeta, demoReference } from '../demo/reference.js';
import { generateHistory } from '../demo/generator.js';
import { startLiveFeed } from '../demo/live.js';
import { createDemoState } from '../demo/world.js';
import type { RegionId } from '../../../shared/regions.js';
import { toDisposable, type Disposable } from '../../../shared/lifecycle.js';
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
export async function startDemoFeed(
  sink: Pick<SourceSink, 'cache' | 'ingest'>,
  o: { region: RegionId; seed: number; rate: number; tickMs?: number; now?: () => number },
): Promise<Disposable> {
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
  return toDisposable(() => feed.stop());
}
