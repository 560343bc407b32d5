/**
 * Crash safety: a `sync` child process is killed with SIGKILL at random moments, many times, then
 * run to the end: the cache holds exactly the server's state — nothing missing, doubled or stale.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createCentralServer } from '../../../electron/hub/central/server.js';
import { parseFaultSpec, seededRandom } from '../../../electron/hub/central/faults.js';
import { openCache } from '../../../electron/hub/cache/cache.js';
import { META, REFERENCE, makeLog } from './fixture.js';
import { runCli, tempDir } from './helpers.js';

const t = tempDir();
afterAll(() => t.cleanup());

describe('sync killed at random moments', () => {
  it('resumes after every SIGKILL and ends with exactly the server state', { timeout: 60_000 }, async () => {
    const s = await createCentralServer({
      data: { meta: META, reference: REFERENCE, items: makeLog(4000, 7) },
      faults: parseFaultSpec('5xx=0.05,drop=0.03,truncate=0.03,slow=0.3:30ms,repeat=0.05,invalid=0.005,retryAfter=0,seed=5'),
    });
    try {
      const db = join(t.dir, 'kill.db');
      const args = ['sync', '--api', s.url, '--token', 'wall', '--cache', db, '--until-caught-up', '--quiet', '--page-size', '25'];
      const r = seededRandom(11);
      let kills = 0;
      const progress: number[] = [];
      // Kill moments are random; when a killed run made no progress at all (a slow start on a
      // busy machine), the next one is given longer.
      let base = 250;
      for (let i = 0; i < 15; i++) {
        const res = await runCli(args, { killAfterMs: base + Math.floor(r() * 700) });
        if (res.signal === 'SIGKILL') kills++;
        else expect(res.code, res.stderr).toBe(0);
        // The file is a consistent cache after every kill.
        const c = openCache(db);
        const count = c.messageCount();
        c.close();
        if (count === (progress.at(-1) ?? 0)) base += 300;
        progress.push(count);
        if (res.code === 0) break;
      }
      const last = await runCli(args);
      expect(last.code, last.stderr).toBe(0);
      expect(kills).toBeGreaterThanOrEqual(5);
      const cache = openCache(db);
      try {
        const got = [...cache.exportMessages()];
        expect(got.length).toBe(s.state().length);
        expect(got).toEqual(s.state());
        expect(cache.quarantineCount()).toBe(cache.listQuarantine(100_000).filter((q) => q.itemId?.startsWith('invalid-')).length);
      } finally {
        cache.close();
      }
      // Killed runs did make progress (the test is not vacuous).
      expect(progress.some((n) => n > 0 && n < s.state().length)).toBe(true);
    } finally {
      await s.close();
    }
  });
});
