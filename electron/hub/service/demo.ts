/**
 * Demo data source of the hub: fills an empty cache with a generated history and runs the live
 * feed, both through the cache's applyBatch (the demo is a source like sync, not a special case).
 */
import type { ApplyResult, Cache } from '../cache/api.js';
import { demoMeta, demoReference } from '../demo/reference.js';
import { generateHistory } from '../demo/generator.js';
import { createDemoState, liveStep, seedFromMessages } from '../demo/world.js';
import { hashSeed, mulberry32 } from '../demo/rng.js';
import type { RegionId } from '../../../shared/regions.js';

export interface DemoSourceHandle {
  stop(): void | Promise<void>;
}

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
 * The live demo feed: continues the region from the messages held in the cache (new ids, the rest
 * of the open messages' lives) and writes a step every `tickMs` through cache.applyBatch, calling
 * onBatch with each result. `rate` is new messages per second on average (the world model's own
 * volume scaled to it). Steps are bounded: a stalled process catches up at most one minute.
 */
export async function startDemoFeed(
  cache: Cache,
  o: { region: RegionId; seed: number; rate: number; onBatch: (r: ApplyResult) => void; tickMs?: number; now?: () => number },
): Promise<DemoSourceHandle> {
  const now = o.now ?? Date.now;
  const probe = createDemoState({ region: o.region, seed: o.seed });
  const perSecond = probe.dailyRate / 86_400;
  const volumeScale = perSecond > 0 ? Math.max(1e-3, o.rate / perSecond) : 1;
  const state = createDemoState({ region: o.region, seed: o.seed, volumeScale });
  const rng = mulberry32(hashSeed('live', o.seed));
  let last = now();
  seedFromMessages(state, cache.exportMessages(), last, rng);
  const tickMs = o.tickMs ?? 1000;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    const t = now();
    const from = Math.max(last, t - 60_000);
    if (t <= from) return;
    last = t;
    try {
      const items = liveStep(state, from, t, rng);
      if (items.length) o.onBatch(cache.applyBatch(items, { source: 'demo-live' }));
    } catch {
      // a failed step (a closed cache during shutdown) is skipped; the next one goes on
    }
  }, tickMs);
  timer.unref?.();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
