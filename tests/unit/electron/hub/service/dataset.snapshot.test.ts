/**
 * The wall opens from the cache fast because the hub leaves a snapshot of its store at close and
 * reads it back at the next start — as long as it mirrors the cache's current data. These tests
 * check the behaviour a user sees: after a restart the wall shows exactly the same numbers, and a
 * batch written behind the hub's back is never hidden by a stale snapshot.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../../../../electron/hub/service/hub.js';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import type { Response, ViewResult } from '../../../../../shared/bridge/protocol.js';
import { makeFixture, buildMessages, NOW, type Fixture } from '../../../../support/hub-fixtures.js';

let fx: Fixture | null = null;
afterEach(() => {
  fx?.cleanup();
  fx = null;
});

async function view(hub: Hub): Promise<ViewResult> {
  const r: Response = await hub.handle('wall', { id: 1, method: 'getView', params: { from: '2026-11-19T12:00:00.000Z', to: '2026-11-20T21:15:00.000Z', now: '2026-11-20T21:15:00.000Z', queueLimit: 500 } });
  if (!r.ok) throw new Error(r.error.message);
  return r.result as ViewResult;
}

describe('hub start from the store snapshot', () => {
  it('leaves a current snapshot at close and shows the same numbers after a restart', async () => {
    fx = makeFixture(60);
    const first = await createHub({ cachePath: fx.path, now: () => NOW, playlistTimer: false });
    first.applyBatch(buildMessages(fx.ref, 5, 'late'));
    const before = await view(first);
    await first.close();

    const cache = openCache(fx.path);
    const snap = cache.readSnapshot();
    expect(snap?.dataVersion).toBe(cache.dataVersion());
    cache.close();

    const second = await createHub({ cachePath: fx.path, now: () => NOW, playlistTimer: false });
    const after = await view(second);
    await second.close();
    expect(after.kpi).toEqual(before.kpi);
    expect(after.rating).toEqual(before.rating);
    expect(after.queue.items.map((i) => i.id)).toEqual(before.queue.items.map((i) => i.id));
  });

  it('a batch written while the hub was down is shown after the restart (stale snapshot ignored)', async () => {
    fx = makeFixture(60);
    const first = await createHub({ cachePath: fx.path, now: () => NOW, playlistTimer: false });
    const before = await view(first);
    await first.close();

    const cache = openCache(fx.path);
    cache.applyBatch(buildMessages(fx!.ref, 7, 'offline'));
    cache.close();

    const second = await createHub({ cachePath: fx.path, now: () => NOW, playlistTimer: false });
    const after = await view(second);
    await second.close();
    expect(after.kpi.region.incoming + after.kpi.region.incomingPrev).toBeGreaterThan(before.kpi.region.incoming + before.kpi.region.incomingPrev);
  });
});
