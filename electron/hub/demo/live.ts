/**
 * The live demo feed: the demonstration region goes on living in a cache. New messages arrive by
 * the same daily rhythm as the history, and the open ones get their first responses, answers,
 * returns for rework and closings — every change a contract item with a higher rev, written through
 * `cache.applyBatch(items, { source: 'demo-live' })`, the very path sync uses (the demo is a
 * source, not a special case). `rate` speeds simulated time up (60 = an hour per minute).
 */
import type { ApplyResult, Cache } from '../cache/api.js';
import { REGIONS, REGION_IDS, type RegionId } from '../../../shared/regions.js';
import { demoReference } from './reference.js';
import { hashSeed, mulberry32 } from './rng.js';
import { createDemoState, liveStep, seedFromMessages, type DemoItem, type DemoState } from './world.js';

export { liveStep } from './world.js';

export interface LiveFeedOptions {
  cache: Cache;
  seed: number;
  /** Speed-up of simulated time against real time (default 1: real time). */
  rate?: number;
  /** Real milliseconds between steps (default 1000). */
  tickMs?: number;
  /** Real clock (default Date.now). Simulated time starts at its first reading. */
  now?: () => number;
  /** Called with the result of each applied batch. */
  onBatch?: (r: ApplyResult, items: readonly DemoItem[]) => void;
  /** Called when a step fails (a closed cache at shutdown); the feed goes on with the next step. */
  onError?: (e: unknown) => void;
  /** Multiplies the region's volumes (as in the history). */
  volumeScale?: number;
}

export interface LiveFeed {
  stop(): void;
  /** Runs one step now (up to the current simulated time); null when nothing was due. */
  tick(): ApplyResult | null;
  /** The simulated instant the feed has reached. */
  readonly simNow: number;
  readonly state: DemoState;
  /**
   * An operator's action has given this message a revision of its own (the demo's action
   * endpoint, electron/hub/outbox/local.ts): from now on the feed leaves it to the operator
   * instead of writing its own planned changes over the operator's.
   */
  takeOver(id: string): void;
}

/** The demo region a cache is bound to (by region code), or null. */
export function demoRegionOf(cache: Cache): RegionId | null {
  const r = cache.getRegion();
  if (!r) return null;
  return REGION_IDS.find((id) => REGIONS[id].code === r.code) ?? null;
}

/** Longest simulated span one step covers (a stalled process catches up in several steps). */
const MAX_STEP_MS = 6 * 3_600_000;

export function startLiveFeed(opts: LiveFeedOptions): LiveFeed {
  const { cache, seed } = opts;
  const rate = opts.rate ?? 1;
  if (!(rate > 0)) throw new Error('rate должен быть положительным');
  const region = demoRegionOf(cache);
  if (!region) {
    const r = cache.getRegion();
    throw new Error(
      r
        ? `кэш привязан к региону ${r.code} ${r.name}, для которого нет демонстрационных данных`
        : 'кэш не привязан к региону: сначала выполните situation-wall demo --cache …',
    );
  }
  if (!cache.getReference()) cache.setReference(demoReference(region));
  const clock = opts.now ?? Date.now;
  const state = createDemoState({ region, seed, volumeScale: opts.volumeScale });
  const rng = mulberry32(hashSeed(`live:${region}`, seed));
  const realStart = clock();
  const simStart = realStart;
  seedFromMessages(state, cache.exportMessages(), simStart, rng);
  let simFrom = simStart;
  const taken = new Set<string>();

  const tick = (): ApplyResult | null => {
    const simTo = simStart + (clock() - realStart) * rate;
    let last: ApplyResult | null = null;
    while (simTo > simFrom) {
      const to = Math.min(simTo, simFrom + MAX_STEP_MS);
      const stepped = liveStep(state, simFrom, to, rng);
      const items = taken.size ? stepped.filter((it) => !taken.has(it.id)) : stepped;
      simFrom = to;
      if (items.length === 0) continue;
      last = cache.applyBatch(items, { source: 'demo-live' });
      opts.onBatch?.(last, items);
    }
    return last;
  };

  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    try {
      tick();
    } catch (e) {
      opts.onError?.(e);
    }
  }, opts.tickMs ?? 1000);
  timer.unref?.();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
    tick,
    takeOver(id) {
      taken.add(id);
      // bounded: an operator's day is far below this
      if (taken.size > 100_000) taken.delete(taken.values().next().value as string);
    },
    get simNow() {
      return simFrom;
    },
    state,
  };
}
