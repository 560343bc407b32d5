/**
 * The live demo feed: the demonstration region goes on living in a cache. New messages arrive by
 * the same daily rhythm as the history, and the open ones get their first responses, answers,
 * returns for rework and closings — every change a contract item with a higher rev, written through
 * `cache.applyBatch(items, { source: 'demo-live' })`, the very path sync uses (the demo is a
 * source, not a special case).
 *
 * `speed` is a time speed-up of the same model, never a message rate: ×60 plays an hour of the
 * region in a real minute, with the region's own volumes, so a wall whose clock follows the
 * simulated one (`speedClock`, the hub does this) compares a day with a day. So that a
 * demonstration shows an incident rising, growing and fading within minutes, the feed also starts
 * a mass incident about every `incidentEveryMs` of real time (default 8 minutes) — at low speeds
 * the model's own rate (a few a week) is the larger one and applies.
 */
import type { ApplyResult, Cache } from '../cache/api.js';
import { REGIONS, REGION_IDS, type RegionId } from '../../../shared/regions.js';
import { demoReference } from './reference.js';
import { hashSeed, mulberry32 } from './rng.js';
import { DAY } from '../../../shared/model.js';
import { createDemoState, liveStep, seedFromMessages, setLiveIncidentRate, type DemoItem, type DemoState } from './world.js';

export { liveStep } from './world.js';

export interface LiveFeedOptions {
  cache: Cache;
  seed: number;
  /** Speed-up of simulated time against real time (default 1: real time; 60 = an hour a minute). */
  speed?: number;
  /**
   * The simulated clock to follow instead of `now × speed` (the hub passes the clock its wall
   * reads, `speedClock`); `speed` then only paces the demonstration incidents.
   */
  simClock?: () => number;
  /** Simulated instant to go on from (default: the clock's first reading), e.g. the history's end. */
  from?: number;
  /** Real milliseconds between demonstration incidents on average (default 8 minutes; 0 = the model's rate only). */
  incidentEveryMs?: number;
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

/** The default real time between demonstration incidents of a live feed. */
export const DEMO_INCIDENT_EVERY_MS = 8 * 60_000;
/** The fastest speed-up the live demo runs at (×3600: an hour a second). */
export const MAX_LIVE_SPEED = 3600;

/**
 * A simulated clock running `speed` times faster than `real`, from `real`'s first reading (which
 * it shares with the real clock at that instant).
 */
export function speedClock(speed: number, real: () => number = Date.now): () => number {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error('ускорение времени должно быть положительным числом');
  const r0 = real();
  return speed === 1 ? real : () => r0 + (real() - r0) * speed;
}

/** Longest simulated span one step covers (a stalled process catches up in several steps). */
const MAX_STEP_MS = 6 * 3_600_000;

export function startLiveFeed(opts: LiveFeedOptions): LiveFeed {
  const { cache, seed } = opts;
  const speed = opts.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error('ускорение времени (speed) должно быть положительным числом');
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
  const sim = opts.simClock ?? speedClock(speed, opts.now ?? Date.now);
  const state = createDemoState({ region, seed, volumeScale: opts.volumeScale });
  const every = opts.incidentEveryMs ?? DEMO_INCIDENT_EVERY_MS;
  if (every > 0) setLiveIncidentRate(state, Math.max(state.incidentsPerDay, DAY / (every * speed)));
  const rng = mulberry32(hashSeed(`live:${region}`, seed));
  const simStart = Math.min(opts.from ?? Infinity, sim());
  seedFromMessages(state, cache.exportMessages(), simStart, rng);
  let simFrom = simStart;
  const taken = new Set<string>();

  const tick = (): ApplyResult | null => {
    const simTo = sim();
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
