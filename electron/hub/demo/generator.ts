/**
 * The demonstration region's history: a seeded, realistic month (or any span) of citizens'
 * messages, as the contract's items in log order — what a central API's changes feed would have
 * served from `end - days` to `end`. Same seed, same history, on every machine.
 *
 * See world.ts and its units in ./world/ for the model (volumes by population, daily rhythm in
 * local time, seasons, channels, due times, answer quality per municipality, incidents, texts with
 * personal data).
 */
import type { Meta, Reference } from '../../../shared/schema.js';
import { DAY, HOUR } from '../../../shared/model.js';
import type { RegionId } from '../../../shared/regions.js';
import { demoMeta, demoReference } from './reference.js';
import { mulberry32, hashSeed } from './rng.js';
import { createDemoState, planHistoryIncidents, stepInto, type DemoItem, type DemoState } from './world.js';

/**
 * Version of the demo model's output: part of the key of the cached demo histories (snapshot.ts).
 * Bump it whenever tests/unit/electron/hub/demo/world.golden.test.ts's hashes change.
 */
export const DEMO_MODEL_VERSION = 'm3';

export interface GenerateHistoryOptions {
  region: RegionId;
  /** Length of the history in days (may be fractional). */
  days: number;
  seed: number;
  /** "Now": epoch ms. Nothing after it is emitted. */
  end: number;
  /** Multiplies every volume (1 = realistic; ~8 for Perm gives about a million messages a month). */
  volumeScale?: number;
}

export interface History {
  meta: Meta;
  reference: Reference;
  /** Items in log order. Each iteration replays the same history from the seed (lazy, streaming). */
  items: Iterable<DemoItem>;
  /** Iterates in batches of one simulated hour (convenient for chunked writes). */
  batches(): Iterable<DemoItem[]>;
  /**
   * The simulation state after a full iteration (pending future changes included), so a live
   * feed can go on from exactly there. Null before the first complete iteration.
   */
  readonly finalState: DemoState | null;
}

export function generateHistory(opts: GenerateHistoryOptions): History {
  const { region, days, seed, end } = opts;
  if (!(days > 0)) throw new Error('days должно быть положительным');
  if (!Number.isFinite(end)) throw new Error('end должен быть моментом времени (мс)');
  const start = end - days * DAY;
  let finalState: DemoState | null = null;

  function* batches(): Generator<DemoItem[]> {
    const st = createDemoState({ region, seed, volumeScale: opts.volumeScale });
    const rng = mulberry32(hashSeed(region, seed));
    planHistoryIncidents(st, start, end, rng);
    let from = start;
    while (from <= end) {
      const to = Math.min(end + 1, (Math.floor(from / HOUR) + 1) * HOUR);
      const out: DemoItem[] = [];
      stepInto(st, from, to, rng, out);
      if (out.length) yield out;
      from = to;
    }
    finalState = st;
  }

  return {
    meta: demoMeta(region, end),
    reference: demoReference(region),
    items: {
      *[Symbol.iterator]() {
        for (const b of batches()) yield* b;
      },
    },
    batches: () => ({ [Symbol.iterator]: batches }),
    get finalState() {
      return finalState;
    },
  };
}
