/**
 * Warm start of a fresh demo: the generated history of a region is kept as a SQLite snapshot in a
 * per-user cache folder, keyed by region, seed, days, volume scale and the demo model's version
 * (DEMO_MODEL_VERSION: bumped whenever the golden output changes), so `serve --demo R` opens in
 * about a second. A snapshot no older than MAX_SNAPSHOT_AGE_MS is copied into the run's cache and
 * the region then lives on from the snapshot's end to now (the same model, `catchUpDemo`), so the
 * wall still shows a history ending now; an older or missing one is generated (and kept).
 *
 * Folder: $SITUATION_WALL_DEMO_CACHE, else $XDG_CACHE_HOME/situation-wall/demo, else
 * ~/.cache/situation-wall/demo; SITUATION_WALL_DEMO_CACHE=off turns the snapshots off.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Cache } from '../cache/api.js';
import { openCache } from '../cache/cache.js';
import { DAY } from '../../../shared/model.js';
import type { RegionId } from '../../../shared/regions.js';
import { generateHistory, DEMO_MODEL_VERSION } from './generator.js';
import { hashSeed, mulberry32 } from './rng.js';
import { createDemoState, liveStep, seedFromMessages } from './world.js';

/** A snapshot older than this is generated again (the catch-up covers at most this much). */
export const MAX_SNAPSHOT_AGE_MS = 2 * DAY;
/** Items per transaction while writing a history. */
const CHUNK = 20_000;

export interface DemoHistoryKey {
  region: RegionId;
  seed: number;
  days: number;
  volumeScale?: number;
}

export function demoSnapshotDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const v = env.SITUATION_WALL_DEMO_CACHE;
  if (v === 'off' || v === '0') return null;
  if (v) return v;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'situation-wall', 'demo');
}

function snapshotName(k: DemoHistoryKey): string {
  return `${k.region}-seed${k.seed}-days${k.days}-scale${k.volumeScale ?? 1}-${DEMO_MODEL_VERSION}`;
}

/** Writes `days` of the region's history ending at `end` into an empty cache (region and reference included). */
export function writeDemoHistory(cache: Cache, k: DemoHistoryKey, end: number): void {
  const h = generateHistory({ region: k.region, days: k.days, seed: k.seed, end, ...(k.volumeScale !== undefined ? { volumeScale: k.volumeScale } : {}) });
  if (!cache.getRegion()) cache.setRegion(h.meta.region);
  if (!cache.getReference()) cache.setReference(h.reference);
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
 * The region goes on living in `cache` from `from` to `to` (simulated instants): open messages get
 * the rest of their lives, new ones arrive — written with source `demo`, as the history was.
 */
export function catchUpDemo(cache: Cache, k: DemoHistoryKey, from: number, to: number): void {
  if (!(to > from)) return;
  const st = createDemoState({ region: k.region, seed: k.seed, ...(k.volumeScale !== undefined ? { volumeScale: k.volumeScale } : {}) });
  const rng = mulberry32(hashSeed(`catch-up:${k.region}:${Math.floor(from / 1000)}`, k.seed));
  seedFromMessages(st, cache.exportMessages(), from, rng);
  for (let t = from; t < to; t += DAY) {
    const items = liveStep(st, t, Math.min(to, t + DAY), rng);
    for (let i = 0; i < items.length; i += CHUNK) cache.applyBatch(items.slice(i, i + CHUNK), { source: 'demo' });
  }
}

/**
 * Fills the (new, not yet opened) cache file `path` with the region's history ending at `now`:
 * copied from a fresh snapshot (then `catchUp` must bring it to now: the snapshot's end is
 * returned) or generated into a new snapshot first. Returns the simulated instant the copied
 * history ends at, `now` when it was generated now, or null without snapshots (the caller
 * generates the history itself).
 */
export function prepareDemoCache(path: string, k: DemoHistoryKey, now: number, env: NodeJS.ProcessEnv = process.env): number | null {
  const dir = demoSnapshotDir(env);
  if (!dir) return null;
  const base = join(dir, snapshotName(k));
  const db = `${base}.db`;
  const sidecar = `${base}.json`;
  try {
    if (existsSync(db) && existsSync(sidecar)) {
      const s = JSON.parse(readFileSync(sidecar, 'utf8')) as { end?: unknown; version?: unknown };
      const end = typeof s.end === 'number' ? s.end : NaN;
      if (s.version === DEMO_MODEL_VERSION && end <= now && now - end <= MAX_SNAPSHOT_AGE_MS) {
        copyFileSync(db, path);
        return end;
      }
    }
    mkdirSync(dir, { recursive: true });
    const tmp = `${base}.${process.pid}.part`;
    rmSync(tmp, { force: true });
    const cache = openCache(tmp);
    try {
      writeDemoHistory(cache, k, now);
    } finally {
      cache.close();
    }
    for (const ext of ['-wal', '-shm']) rmSync(tmp + ext, { force: true });
    renameSync(tmp, db);
    writeFileSync(sidecar, JSON.stringify({ end: now, version: DEMO_MODEL_VERSION }));
    copyFileSync(db, path);
    return now;
  } catch {
    // an unwritable cache folder is no reason not to start: the caller generates into `path`
    rmSync(path, { force: true });
    return null;
  }
}
