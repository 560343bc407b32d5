import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureDemoHistory, startDemoFeed } from '../../../../../electron/hub/service/demo.js';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import type { ApplyResult, Cache } from '../../../../../electron/hub/cache/api.js';
import { makeFixture, NOW, type Fixture } from '../../../../support/hub-fixtures.js';

let fx: Fixture | null = null;
let cache: Cache | null = null;
afterEach(() => {
  vi.useRealTimers();
  cache?.close();
  cache = null;
  fx?.cleanup();
  fx = null;
});

describe('demo source', () => {
  it('an empty cache gets the region, the reference and a history ending now; a filled one is left as it is', async () => {
    fx = makeFixture(0);
    cache = openCache(fx.path);
    await ensureDemoHistory(cache, { region: 'kamchatka', seed: 2, days: 1, now: NOW });
    const n = cache.messageCount();
    expect(n).toBeGreaterThan(0);
    expect(cache.getRegion()?.name).toBe('Камчатский край');
    const newest = Math.max(...[...cache.exportMessages()].map((m) => Date.parse(m.createdAt)));
    expect(NOW - newest).toBeLessThan(3 * 3_600_000);
    await ensureDemoHistory(cache, { region: 'kamchatka', seed: 2, days: 1, now: NOW + 86_400_000 });
    expect(cache.messageCount()).toBe(n);
  });

  it('the live feed writes into the sink’s cache and hands each batch to sink.ingest, until disposed', async () => {
    fx = makeFixture(5);
    cache = openCache(fx.path);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let now = NOW;
    const batches: ApplyResult[] = [];
    const feed = await startDemoFeed({ cache, ingest: (r) => batches.push(r) }, { region: 'kamchatka', seed: 1, speed: 600, tickMs: 100, now: () => now });
    now += 60_000;
    vi.advanceTimersByTime(100);
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.every((b) => b.applied > 0)).toBe(true);
    expect(cache.messageCount()).toBeGreaterThan(5);
    feed.dispose();
    expect(vi.getTimerCount()).toBe(0);
    const seen = batches.length;
    now += 60_000;
    vi.advanceTimersByTime(1_000);
    expect(batches.length).toBe(seen);
  });
});
