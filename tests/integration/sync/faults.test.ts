import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createCentralServer, type CentralServer } from '../../../electron/hub/central/server.js';
import { parseFaultSpec } from '../../../electron/hub/central/faults.js';
import { openCache } from '../../../electron/hub/cache/cache.js';
import { createSyncClient } from '../../../electron/hub/sync/client.js';
import { SYNC_HEALTH_KEY, parseSyncHealth, type SyncHealth } from '../../../shared/sync-health.js';
import { META, REFERENCE, makeLog } from './fixture.js';
import { tempDir } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(opts: Partial<Parameters<typeof createCentralServer>[0]> = {}): Promise<CentralServer> {
  const s = await createCentralServer({ data: { meta: META, reference: REFERENCE, items: makeLog(3000) }, ...opts });
  cleanups.push(() => s.close());
  return s;
}

describe('sync under every fault', () => {
  it('ends with exactly the server state; invalid records quarantined and counted', async () => {
    const faults = parseFaultSpec('5xx=0.1,429=0.05,503=0.05,drop=0.08,truncate=0.08,slow=0.08:20ms,repeat=0.15,stale=0.05,invalid=0.01,retryAfter=0,seed=42');
    const s = await server({ faults });
    const t = tempDir();
    cleanups.push(t.cleanup);
    const cache = openCache(join(t.dir, 'c.db'));
    cleanups.push(() => cache.close());
    const healths: SyncHealth[] = [];
    const client = createSyncClient({
      cache,
      api: s.url,
      token: 'wall',
      pageSize: 50,
      backoff: { baseMs: 5, capMs: 50 },
      onHealth: (h) => healths.push(h),
    });
    await client.runUntilCaughtUp();
    expect([...cache.exportMessages()]).toEqual(s.state());
    const st = s.stats();
    for (const k of ['5xx', '429', '503', 'drop', 'truncate', 'slow', 'repeat', 'stale', 'invalid']) expect(st.faults[k] ?? 0).toBeGreaterThan(0);
    // Every quarantined item is an injected one, and the health panel counts them.
    const q = cache.listQuarantine(10_000);
    expect(q.length).toBeGreaterThan(0);
    expect(q.every((e) => e.itemId?.startsWith('invalid-'))).toBe(true);
    const h = client.health();
    expect(h.state).toBe('online');
    expect(h.quarantined).toBe(cache.quarantineCount());
    expect(h.progress.remaining).toBe(0);
    expect(healths.some((x) => x.state === 'offline' && x.lastError && x.offlineSince)).toBe(true);
    // Persisted for the wall after a restart.
    expect(parseSyncHealth(cache.getState(SYNC_HEALTH_KEY))?.state).toBe('online');
  });
});

describe('highest revision wins over stale resends (docs/spec/central-api.md: the server may resend older items)', () => {
  it('older revisions served after newer ones — live rows and tombstones — never replace them', async () => {
    const s = await server({ faults: parseFaultSpec('stale=0.3,seed=11') });
    const t = tempDir();
    cleanups.push(t.cleanup);
    const cache = openCache(join(t.dir, 'c.db'));
    cleanups.push(() => cache.close());
    await createSyncClient({ cache, api: s.url, token: 'wall', pageSize: 100, backoff: { baseMs: 5, capMs: 50 } }).runUntilCaughtUp();
    // Many stale resends happened, some of them of an id's LAST revision (a last-write-wins cache
    // would end on the older copy) and some after a tombstone (it would resurrect the message).
    expect(s.stats().faults.stale ?? 0).toBeGreaterThan(100);
    expect(cache.messageCount()).toBe(s.state().length);
    expect([...cache.exportMessages()]).toEqual(s.state());
  });
});
