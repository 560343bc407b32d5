/**
 * Demo data source of the hub: fills an empty cache with a generated history and runs the live
 * feed, both through the cache's applyBatch (the demo is a source like sync, not a special case).
 */
import type { ApplyResult, Cache } from '../cache/api.js';
import { demoMeta, demoReference } from '../demo/reference.js';
import { generateHistory } from '../demo/generator.js';
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

export async function startDemoFeed(
  _cache: Cache,
  _o: { region: RegionId; seed: number; rate: number; onBatch: (r: ApplyResult) => void },
): Promise<DemoSourceHandle> {
  return { stop() {} };
}
