/**
 * Sync benchmark: full sync of N messages from the reference server on loopback into an empty
 * cache (msgs/s, and as a ratio to the file import of the same data in the same run), and live
 * latency from a change on the server to the row in the cache through the SSE stream.
 * N = BENCH_SYNC_N or BENCH_SCALE × 1 000 000 log items. The server runs in this process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Bench } from './harness.js';
import { createCentralServer } from '../../electron/hub/central/server.js';
import { seededRandom } from '../../electron/hub/central/faults.js';
import { openCache } from '../../electron/hub/cache/cache.js';
import { importJsonl } from '../../electron/hub/cache/import.js';
import { createSyncClient } from '../../electron/hub/sync/client.js';
import { META, REFERENCE, makeLog, message } from '../integration/sync/fixture.js';

export default async function (b: Bench): Promise<void> {
  const n = Number(process.env.BENCH_SYNC_N ?? '') || Math.round(b.scale * 1_000_000);
  b.section(`sync: ${n} log items from the reference server on loopback`);
  const dir = mkdtempSync(join(tmpdir(), 'sw-bench-sync-'));
  try {
    const items = makeLog(n, 1);
    const file = join(dir, 'items.jsonl');
    writeFileSync(file, items.map((x) => JSON.stringify(x)).join('\n') + '\n');

    // Baseline: the file import of the same items.
    const imp = openCache(join(dir, 'import.db'));
    imp.setReference(REFERENCE);
    const t0 = performance.now();
    await importJsonl(imp, file);
    const importMs = performance.now() - t0;
    const importCount = imp.messageCount();
    imp.close();
    b.metric('file import (baseline)', n / (importMs / 1000), 'items/s', `${(importMs / 1000).toFixed(1)} s`);

    const server = await createCentralServer({ data: { meta: META, reference: REFERENCE, items }, heartbeatMs: 1000 });
    try {
      const cache = openCache(join(dir, 'sync.db'));
      const client = createSyncClient({ cache, api: server.url, token: 'wall' });
      const t1 = performance.now();
      await client.runUntilCaughtUp();
      const syncMs = performance.now() - t1;
      if (cache.messageCount() !== importCount) throw new Error(`sync: ${cache.messageCount()} messages, import: ${importCount}`);
      b.metric('full sync, page 1000', n / (syncMs / 1000), 'items/s', `${(syncMs / 1000).toFixed(1)} s`);
      b.ratio('full sync speed / file import speed', importMs / syncMs, 'same items, same machine, this run');

      // Live latency: one change at a time, from push on the server to the row applied in the cache.
      const arrived = new Map<string, number>();
      const live = createSyncClient({
        cache,
        api: server.url,
        token: 'wall',
        onApplied: (r) => {
          const t = performance.now();
          for (const m of r.changed) if (!arrived.has(m.id)) arrived.set(m.id, t);
        },
      });
      const ac = new AbortController();
      const following = live.follow(ac.signal);
      const deadline = performance.now() + 10_000;
      while (server.stats().streamClients < 1 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      const r = seededRandom(3);
      const lat: number[] = [];
      for (let i = 0; i < 200; i++) {
        const id = `im-bench-live-${i}`;
        const ts = performance.now();
        server.push([message(id, 1, r, 'new')]);
        while (!arrived.has(id) && performance.now() - ts < 2000) await new Promise((res) => setImmediate(res));
        const ta = arrived.get(id);
        if (ta !== undefined) lat.push(ta - ts);
        await new Promise((res) => setTimeout(res, 2));
      }
      ac.abort();
      await following;
      cache.close();
      lat.sort((x, y) => x - y);
      const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
      b.metric('live latency p50 (server push → row in cache)', q(0.5), 'ms', `${lat.length}/200 changes, SSE`);
      b.metric('live latency p95', q(0.95), 'ms');
    } finally {
      await server.close();
    }

    // PouchDB peer: only when installed (it is not a dependency of this project).
    try {
      await import(/* @vite-ignore */ ['pouch', 'db'].join(''));
      process.stdout.write('  pouchdb is installed, but the peer comparison is not written yet\n');
    } catch {
      process.stdout.write('  PouchDB peer comparison skipped: the pouchdb package is not installed\n');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
