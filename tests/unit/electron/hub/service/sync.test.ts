import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_TOKEN_MESSAGE, startSyncSource } from '../../../../../electron/hub/service/sync.js';
import type { SourceSink } from '../../../../../electron/hub/service/sink.js';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import type { Cache } from '../../../../../electron/hub/cache/api.js';
import { createCentralServer } from '../../../../../electron/hub/central/server.js';
import type { SyncHealth } from '../../../../../shared/sync-health.js';
import { META, REFERENCE, makeLog } from '../../../../integration/sync/fixture.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function emptyCache(): Cache {
  const dir = mkdtempSync(join(tmpdir(), 'sw-sync-src-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const c = openCache(join(dir, 'wall.db'));
  cleanups.push(() => c.close());
  return c;
}

/** A sink recording what the source told the hub. */
function recordingSink(cache: Cache) {
  const calls: string[] = [];
  const health: SyncHealth[] = [];
  const sink: SourceSink = {
    cache,
    ingest: (r) => void calls.push(`ingest ${r.changed.length}`),
    reload: () => void calls.push('reload'),
    setSyncHealth: (h) => void (h && health.push(h)),
    refreshHealth: () => void calls.push('refreshHealth'),
  };
  return { sink, calls, health };
}

async function waitFor(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`не дождались: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('central-API source', () => {
  it('without a token it does not start: the sink hears «stopped» with what to do', async () => {
    const { sink, health, calls } = recordingSink(emptyCache());
    const onHealth = vi.fn();
    const src = startSyncSource(sink, { url: 'http://central.example/', token: null, onHealth, log: { info: () => undefined, warn: () => undefined } });
    expect(health).toHaveLength(1);
    expect(health[0]).toMatchObject({ state: 'stopped', stopReason: 'auth', lastError: NO_TOKEN_MESSAGE, api: 'http://central.example' });
    expect(onHealth).toHaveBeenCalledWith(health[0]);
    await src.dispose();
    await src.done;
    expect(calls).toEqual([]);
  });

  it('the first batch of an empty cache brings the region: the sink reloads, later batches are ingested; dispose ends it', async () => {
    const s = await createCentralServer({ data: { meta: META, reference: REFERENCE, items: makeLog(120) } });
    cleanups.push(() => s.close());
    const cache = emptyCache();
    const { sink, calls, health } = recordingSink(cache);
    const src = startSyncSource(sink, { url: s.url, token: 'console', sync: { backoff: { baseMs: 20, capMs: 200 }, pageSize: 50 }, log: { info: () => undefined, warn: () => undefined } });
    await waitFor('догнать сервер', () => cache.messageCount() === s.state().length);
    expect(calls[0]).toBe('reload');
    expect(calls.slice(1).every((c) => c.startsWith('ingest'))).toBe(true);
    expect(health.length).toBeGreaterThan(0);
    await src.dispose();
    await src.done;
    const after = calls.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(calls.length).toBe(after);
  });
});
