/**
 * A sync client in a process of its own (for tests/integration/hostile/rss.test.ts): follows the
 * API given as argv[2] for argv[3] ms with a fresh cache, then prints one JSON line: its peak RSS
 * (process.resourceUsage().maxRSS), the messages it holds and the errors health reported.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache } from '../../../electron/hub/cache/cache.js';
import { createSyncClient } from '../../../electron/hub/sync/client.js';

const [api, ms] = [process.argv[2]!, Number(process.argv[3] ?? 3000)];
const dir = mkdtempSync(join(tmpdir(), 'sw-child-'));
const cache = openCache(join(dir, 'c.db'));
const errors = new Set<string>();
const client = createSyncClient({
  cache,
  api,
  token: 'wall',
  pageSize: 50,
  backoff: { baseMs: 5, capMs: 40 },
  pollIntervalMs: 20,
  streamRetryMs: 200,
  onHealth: (h) => {
    if (h.lastError) errors.add(h.lastError);
  },
});
const stop = new AbortController();
setTimeout(() => stop.abort(), ms);
await client.follow(stop.signal).catch((e: unknown) => errors.add(`follow: ${(e as Error).message}`));
const out = { maxRssMb: process.resourceUsage().maxRSS / 1024, messages: cache.messageCount(), errors: [...errors] };
cache.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write(JSON.stringify(out) + '\n');
