/**
 * The as-of engine (shared/engine/asof.ts) at one million messages with their full histories
 * (≈ 3.5 revisions each) over 30 days: the hub's whole view (all five groupings, rating, queue,
 * heat points of the day's window) at 50 random past instants (median and worst), and playback
 * through a day in 24-minute steps (views a second); before it, what the history costs in the
 * cache (file size with history against the current-state cache, import and sync-apply throughput
 * with history against without, in the same run).
 */
import { performance } from 'node:perf_hooks';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache } from '../../electron/hub/cache/cache.js';
import type { Bench } from './harness.js';
import { HistoryStore, type RevisionInput } from '../../shared/engine/history.js';
import { AsOfEngine } from '../../shared/engine/asof.js';
import { mulberry32 as rng } from '../../electron/hub/demo/rng.js';
import { BLOCKS, CHANNELS, generateHistory, HISTORY_END, MUNIS } from './history-gen.js';

const H = 3_600_000;
const D = 24 * H;

export default async function asofBench(b: Bench): Promise<void> {
  await historyCostBench(b);
  await asOfViewBench(b);
}

export async function asOfViewBench(b: Bench): Promise<void> {
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
  const cpuTimes: number[] = [];
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
    const c0 = process.cpuUsage();
    engine.viewAt(t, dayOf(t));
    const c = process.cpuUsage(c0);
    times.push(performance.now() - v0);
    cpuTimes.push((c.user + c.system) / 1000);
  }
  times.sort((a, c) => a - c);
  cpuTimes.sort((a, c) => a - c);
  b.metric('whole view at a random past instant, median of 50', times[25]!, 'ms', 'store at t built afresh + 5 groupings + rating + queue + heat; target < 300 ms');
  b.metric('whole view at a random past instant, worst of 50', times[49]!, 'ms');
  b.metric('  of which: the store of the states at t, mean', viewStore / 50, 'ms');
  b.metric('whole view at a random past instant, CPU median of 50', cpuTimes[25]!, 'ms', 'user + system of this process (less noisy on a shared machine)');
  b.metric('whole view at a random past instant, CPU worst of 50', cpuTimes[49]!, 'ms');

  // playback: one day in 24-minute steps (60 views), the store moved step by step
  const day0 = HISTORY_END - 5 * D;
  const steps = 60;
  engine.viewAt(day0, dayOf(day0));
  const p0 = performance.now();
  const pc0 = process.cpuUsage();
  for (let i = 1; i <= steps; i++) {
    const t = day0 + i * 24 * 60_000;
    engine.viewAt(t, dayOf(t));
  }
  const pms = performance.now() - p0;
  const pc = process.cpuUsage(pc0);
  const pcpu = (pc.user + pc.system) / 1000;
  b.metric('playback: a day in 24-minute steps', (steps * 1000) / pms, 'views/s', `${(pms / steps).toFixed(0)} ms a view; target ≥ 5`);
  b.metric('playback: the same, by CPU time', (steps * 1000) / pcpu, 'views/s', `${(pcpu / steps).toFixed(0)} ms CPU a view`);
}

// ---- what the history costs in the cache -----------------------------------------------------

function toItem(r: RevisionInput): Record<string, unknown> {
  const m = r.message;
  const u = r.updatedAt === null ? null : new Date(r.updatedAt).toISOString();
  if (m === null) return { id: r.id, rev: r.rev, deleted: true, updatedAt: u };
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    id: m.id,
    rev: m.rev,
    channel: m.channel,
    municipality: m.municipality,
    location: m.lat === null ? null : { lat: m.lat, lon: m.lon },
    block: m.block,
    category: m.category,
    createdAt: iso(m.createdAt),
    dueAt: iso(m.dueAt),
    firstResponseAt: iso(m.firstResponseAt),
    answeredAt: iso(m.answeredAt),
    status: m.status,
    reworkCount: m.reworkCount,
    resonance: { views: m.weight * 100, likes: 0, reposts: 0, comments: 0 },
    satisfaction: m.satisfaction,
    assignee: 'Администрация муниципального образования',
    updatedAt: u,
    text: 'Прошу разобраться: во дворе дома третий день не вывозят мусор, контейнеры переполнены.',
  };
}

function fileBytes(path: string): number {
  let n = 0;
  for (const p of [path, `${path}-wal`]) if (existsSync(p)) n += statSync(p).size;
  return n;
}

export async function historyCostBench(b: Bench): Promise<void> {
  const n = Math.round(200_000 * b.scale);
  b.section(`cache with history: ${n.toLocaleString('en')} messages with full histories, 30 days (server order)`);
  const lines: string[] = [];
  generateHistory(n, 30, 5, (r) => lines.push(JSON.stringify(toItem(r))), true);
  b.metric('revisions', lines.length, 'items', `${(lines.length / n).toFixed(2)} a message`);
  const dir = mkdtempSync(join(tmpdir(), 'sw-bench-history-'));
  try {
    const run = (label: string, history: boolean, mode: 'import' | 'sync') => {
      const path = join(dir, `${label}.sqlite`);
      const cache = openCache(path);
      const t0 = performance.now();
      if (mode === 'import') {
        const bytes = lines.map((l) => Buffer.from(l));
        for (let i = 0; i < bytes.length; i += 20_000)
          cache.applyJsonLines(bytes.slice(i, i + 20_000), { firstLine: i + 1, collect: false, history });
      } else {
        for (let i = 0; i < lines.length; i += 1000)
          cache.applyBatch(lines.slice(i, i + 1000).map((l) => JSON.parse(l) as unknown), { cursor: `c${i}`, history });
      }
      const ms = performance.now() - t0;
      cache.db.pragma('wal_checkpoint(TRUNCATE)');
      const size = fileBytes(path);
      cache.close();
      return { ms, size, perS: (lines.length / ms) * 1000 };
    };
    const impWith = run('import-with', true, 'import');
    const impWithout = run('import-without', false, 'import');
    b.metric('import (JSONL chunks of 20,000), with history', impWith.perS, 'items/s');
    b.metric('import, current state only (as before issue 10)', impWithout.perS, 'items/s');
    b.ratio('import throughput: with history / without', impWith.perS / impWithout.perS, 'same run, same items');
    const syncWith = run('sync-with', true, 'sync');
    const syncWithout = run('sync-without', false, 'sync');
    b.metric('sync apply (pages of 1,000 with cursor), with history', syncWith.perS, 'items/s');
    b.metric('sync apply, current state only', syncWithout.perS, 'items/s');
    b.ratio('sync apply throughput: with history / without', syncWith.perS / syncWithout.perS, 'same run, same pages');
    b.metric('cache file with history', impWith.size / 2 ** 20, 'MiB');
    b.metric('cache file, current state only', impWithout.size / 2 ** 20, 'MiB');
    b.ratio('history cost: size with history / current-state cache', impWith.size / impWithout.size, 'same data');
    b.metric('history per revision', (impWith.size - impWithout.size) / lines.length, 'bytes');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
