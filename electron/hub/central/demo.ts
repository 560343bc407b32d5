/**
 * Demo data for the reference server: a generated region history (electron/hub/demo) and a live
 * feed of new changes (the demo's pure live step) pushed into the server's log.
 */
import type { RegionId } from '../../../shared/regions.js';
import { generateHistory } from '../demo/generator.js';
import { liveStep, type DemoState } from '../demo/world.js';
import { hashSeed, mulberry32 } from '../demo/rng.js';
import type { Meta, Reference } from '../../../shared/schema.js';

export interface DemoData {
  meta: Meta;
  reference: Reference;
  items: unknown[];
  /** Simulation state at `end`, for the live feed. */
  state: DemoState | null;
  end: number;
  region: RegionId;
  seed: number;
}

export function loadDemoData(region: RegionId, opts: { seed?: number; days?: number; end?: number; volumeScale?: number } = {}): DemoData {
  const seed = opts.seed ?? 1;
  const end = opts.end ?? Date.now();
  const h = generateHistory({ region, days: opts.days ?? 30, seed, end, volumeScale: opts.volumeScale });
  const items: unknown[] = [...h.items];
  return { meta: h.meta, reference: h.reference, items, state: h.finalState, end, region, seed };
}

/**
 * Pushes live demo changes: every `tickMs` of real time, `tickMs × speed` of simulated time goes
 * by from `demo.end`. Returns a stop function.
 */
export function startLive(push: (items: readonly unknown[]) => void, demo: DemoData, speed: number, tickMs = 200): () => void {
  const state = demo.state;
  if (!state) throw new Error('демо-история не сгенерирована до конца: живой поток невозможен');
  const rng = mulberry32(hashSeed(demo.region, demo.seed + 7919));
  let sim = demo.end + 1;
  const timer = setInterval(() => {
    const to = sim + Math.max(1, Math.round(tickMs * speed));
    const out = liveStep(state, sim, to, rng);
    sim = to;
    if (out.length) push(out);
  }, tickMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
