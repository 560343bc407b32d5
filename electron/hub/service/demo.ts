/**
 * Demo data source of the hub: fills an empty cache with a generated history and runs the demo
 * generator's live feed (electron/hub/demo/live.ts `startLiveFeed`), both through the cache's
 * applyBatch (the demo is a source like sync, not a special case).
 */
import type { Cache } from '../cache/api.js';
import { demoMeta, demoReference } from '../demo/reference.js';
import { generateHistory } from '../demo/generator.js';
import { MAX_LIVE_SPEED, startLiveFeed } from '../demo/live.js';
import { createDemoState } from '../demo/world.js';
import type { RegionId } from '../../../shared/regions.js';
import { toDisposable, type Disposable } from '../../../shared/lifecycle.js';
import type { SourceSink } from './sink.js';

/** Items per transaction while writing the history. */
const CHUNK = 20_000;

/** Binds an empty cache to the demo region and writes `days` of history ending at `now`. */
export async function ensureDemoHistory(
  cache: Cache,
  o: { region: RegionId; seed: number; days: number; now: number; volumeScale?: number },
): Promise<void> {
  if (!cache.getRegion()) cache.setRegion(demoMeta(o.region, o.now).region);
  if (!cache.getReference()) cache.setReference(demoReference(o.region));
  if (cache.messageCount() > 0) return;
  const h = generateHistory({ region: o.region, days: o.days, seed: o.seed, end: o.now, ...(o.volumeScale !== undefined ? { volumeScale: o.volumeScale } : {}) });
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
 * The live demo feed of the hub: the region goes on living at `speed` times real time (1: real
 * time, 60: an hour a minute) with its own calibrated volumes — a speed-up of the same model, never
 * a message rate — following `simClock`, the clock the hub's data set and views read, so the wall's
 * comparisons always compare a region's day with a day. It writes into the sink's cache and hands
 * each applied batch to `sink.ingest`; a failed step (a closed cache during shutdown) is skipped and
 * the next one goes on. Disposing the handle stops the feed.
 */
export async function startDemoFeed(
  sink: Pick<SourceSink, 'cache' | 'ingest'>,
  o: {
    region: RegionId;
    seed: number;
    speed: number;
    /** The simulated clock (default: `speed` × the real clock `now`, from now). */
    simClock?: () => number;
    /** Simulated instant the history ended at (the feed goes on from there). */
    from?: number;
    /** Multiplies the region's volumes (as the history's). */
    volumeScale?: number;
    tickMs?: number;
    now?: () => number;
  },
): Promise<Disposable> {
  const feed = startLiveFeed({
    cache: sink.cache,
    seed: o.seed,
    speed: o.speed,
    ...(o.simClock ? { simClock: o.simClock } : {}),
    ...(o.from !== undefined ? { from: o.from } : {}),
    ...(o.volumeScale !== undefined ? { volumeScale: o.volumeScale } : {}),
    onBatch: (r) => sink.ingest(r),
    ...(o.tickMs !== undefined ? { tickMs: o.tickMs } : {}),
    ...(o.now ? { now: o.now } : {}),
  });
  return toDisposable(() => feed.stop());
}

/**
 * The speed-up equivalent to a legacy live rate in messages per second (the desktop shell's
 * `liveRate` setting until it says `liveSpeed`): the speed at which the region's calibrated volume
 * brings about that many messages a real second, within ×1…×3600.
 */
export function speedForMessageRate(region: RegionId, seed: number, perSecond: number): number {
  const perSimSecond = createDemoState({ region, seed }).dailyRate / 86_400;
  if (!(perSecond > 0) || !(perSimSecond > 0)) return 1;
  return Math.min(MAX_LIVE_SPEED, Math.max(1, perSecond / perSimSecond));
}
