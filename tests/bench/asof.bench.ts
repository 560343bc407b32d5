/**
 * The as-of engine (shared/engine/asof.ts) at one million messages with their full histories
 * (≈ 3.5 revisions each) over 30 days: the hub's whole view (all five groupings, rating, queue,
 * heat points of the day's window) at 50 random past instants (median and worst), and playback
 * through a day in 24-minute steps (views a second). The history cost in SQLite and the ingest
 * with history against without are in cache.bench.ts.
 */
import { performance } from 'node:perf_hooks';
import type { Bench } from './harness.js';
import { HistoryStore } from '../../shared/engine/history.js';
import { AsOfEngine } from '../../shared/engine/asof.js';
import { mulberry32 as rng } from '../../electron/hub/demo/rng.js';
import { BLOCKS, CHANNELS, generateHistory, HISTORY_END, MUNIS } from './history-gen.js';

const H = 3_600_000;
const D = 24 * H;

export default async function asofBench(b: Bench): Promise<void> {
  const n = Math.round(1_000_000 * b.scale);
  const days = 30;
  b.section(`as-of engine: ${n.toLocaleString('en')} messages with full histories, ${days} days`);
  const history = new HistoryStore();
  const t0 = performance.now();
  generateHistory(n, days, 7, (r) => history.add(r));
  b.metric('generate + add revisions to the HistoryStore', performance.now() - t0, 'ms');
  b.metric('revisions', history.revisionCount, 'rows', `${(history.revisionCount / history.messageCount).toFixed(2)} a message`);
  const tb = performance.now();
  history.stateAt(0, HISTORY_END); // builds the runs
  b.metric('build the runs (CSR, prefix best rev, hourly index)', performance.now() - tb, 'ms');

  const reference = { blocks: BLOCKS, channels: CHANNELS, municipalities: MUNIS.map((oktmo) => ({ oktmo, population: 50_000 })) };
  const engine = new AsOfEngine(history, { reference, queueLimit: 100 });
  const dayOf = (t: number) => ({ from: Math.floor(t / D) * D, to: Math.floor(t / D) * D + D });
  const r = rng(11);
  const span = (days - 2) * D;
  const times: number[] = [];
  let viewStore = 0;
  for (let i = 0; i < 50; i++) {
    const t = HISTORY_END - Math.floor(r() * span);
    // a jump: never moved from the previous instant
    engine.forget();
    const s0 = performance.now();
    engine.storeAt(t);
    viewStore += performance.now() - s0;
    engine.forget();
    const v0 = performance.now();
    engine.viewAt(t, dayOf(t));
    times.push(performance.now() - v0);
  }
  times.sort((a, c) => a - c);
  b.metric('whole view at a random past instant, median of 50', times[25]!, 'ms', 'store at t built afresh + 5 groupings + rating + queue + heat; target < 300 ms');
  b.metric('whole view at a random past instant, worst of 50', times[49]!, 'ms');
  b.metric('  of which: the store of the states at t, mean', viewStore / 50, 'ms');

  // playback: one day in 24-minute steps (60 views), the store moved step by step
  const day0 = HISTORY_END - 5 * D;
  const steps = 60;
  engine.viewAt(day0, dayOf(day0));
  const p0 = performance.now();
  for (let i = 1; i <= steps; i++) {
    const t = day0 + i * 24 * 60_000;
    engine.viewAt(t, dayOf(t));
  }
  const pms = performance.now() - p0;
  b.metric('playback: a day in 24-minute steps', (steps * 1000) / pms, 'views/s', `${(pms / steps).toFixed(0)} ms a view; target ≥ 5`);
}
