/**
 * The composition root: closing the hub releases everything it holds — no timer pending, no
 * listener or other disposable left — in an order that lets sources finish on an open cache.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHub } from '../../../../../electron/hub/service/hub.js';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import { DisposableStore, LeakTracker, setDisposableTracker, toAsyncDisposable } from '../../../../../shared/lifecycle.js';
import { makeFixture, buildMessages, NOW, type Fixture } from '../../../../support/hub-fixtures.js';
import { catchingUp } from './support.js';

let fx: Fixture | null = null;
afterEach(() => {
  setDisposableTracker(null);
  vi.useRealTimers();
  fx?.cleanup();
  fx = null;
});

describe('createHub / close', () => {
  it('close() leaves no timer pending and no listener or other disposable behind', async () => {
    fx = makeFixture(40);
    const tracker = new LeakTracker();
    setDisposableTracker(tracker);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
    vi.setSystemTime(NOW);
    // Every timer the hub can hold: the playlist, the health poll, the demo feed, a throttled
    // viewChanged, a throttled health push.
    const hub = await createHub({ cachePath: fx.path, demo: { region: 'kamchatka', liveRate: 5 }, intervalSec: 30 });
    const heard: string[] = [];
    hub.on('viewChanged', () => heard.push('viewChanged'));
    hub.on('health', () => heard.push('health'));
    hub.on('wallState', () => heard.push('wallState'));
    hub.applyBatch(buildMessages(fx.ref, 2, 'im-a'));
    hub.applyBatch(buildMessages(fx.ref, 2, 'im-b')); // within the throttle interval: a timer
    hub.setSyncHealth(catchingUp(1));
    hub.setSyncHealth(catchingUp(2)); // a progress tick within the throttle interval: a timer
    expect(vi.getTimerCount()).toBeGreaterThanOrEqual(5);
    expect(tracker.undisposed().length).toBeGreaterThan(0);

    await hub.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(tracker.undisposed()).toEqual([]);
    const before = heard.length;
    vi.advanceTimersByTime(120_000);
    expect(heard.length).toBe(before);
  });

  it('a subscription is a function and a disposable: a DisposableStore can hold it', async () => {
    fx = makeFixture(10);
    const hub = await createHub({ cachePath: fx.path, now: () => NOW, playlistTimer: false });
    const store = new DisposableStore();
    const heard: string[] = [];
    store.add(hub.on('wallState', (s) => heard.push(s.scene)));
    const off = hub.on('wallState', (s) => heard.push(`2:${s.scene}`));
    hub.dispatch({ type: 'setScene', scene: 'briefing' });
    store.dispose();
    off();
    hub.dispatch({ type: 'setScene', scene: 'operational' });
    expect(heard).toEqual(['briefing', '2:briefing']);
    await hub.close();
  });

  it('a request during close is refused «хаб остановлен»; a second close is the same close', async () => {
    fx = makeFixture(10);
    const hub = await createHub({ cachePath: fx.path, now: () => NOW, playlistTimer: false });
    const closing = hub.close();
    const r = await hub.handle('wall', { id: 3, method: 'getWallState' });
    expect(r).toEqual({ id: 3, ok: false, error: { code: 'unavailable', message: 'хаб остановлен' } });
    expect(hub.close()).toBe(closing);
    await closing;
  });

  it('sources are stopped before the cache closes, and a failing one does not keep the hub open', async () => {
    fx = makeFixture(10);
    const hub = await createHub({ cachePath: fx.path, now: () => NOW, playlistTimer: false });
    const seen: number[] = [];
    hub.attachSource(toAsyncDisposable(async () => {
      await new Promise((ok) => setTimeout(ok, 5));
      seen.push(hub.cache.messageCount()); // the cache is still open here
    }));
    hub.attachSource(toAsyncDisposable(() => Promise.reject(new Error('источник не остановился'))));
    await expect(hub.close()).resolves.toBeUndefined();
    expect(seen).toEqual([10]);
    expect(() => hub.cache.messageCount()).toThrow();
    // the snapshot was left for the next start, on the still-open cache
    const c = openCache(fx.path);
    expect(c.readSnapshot()?.dataVersion).toBe(c.dataVersion());
    c.close();
  });

  it('a batch arriving after close is ignored (the data set is frozen with its snapshot)', async () => {
    fx = makeFixture(10);
    const hub = await createHub({ cachePath: fx.path, now: () => NOW, playlistTimer: false });
    const size = hub.store.size;
    const version = hub.dataVersion;
    await hub.close();
    const other = makeFixture(0);
    const c = openCache(other.path);
    const late = c.applyBatch(buildMessages(fx.ref, 3, 'late'));
    c.close();
    other.cleanup();
    expect(late.changed).toHaveLength(3);
    hub.ingest(late);
    hub.reload();
    expect(hub.store.size).toBe(size);
    expect(hub.dataVersion).toBe(version);
  });

  it('a cache that cannot be opened leaves nothing behind', async () => {
    fx = makeFixture(1);
    const tracker = new LeakTracker();
    setDisposableTracker(tracker);
    const dir = join(fx.dir, 'a-folder.db');
    mkdirSync(dir);
    await expect(createHub({ cachePath: dir, playlistTimer: false })).rejects.toThrow();
    expect(tracker.undisposed()).toEqual([]);
  });

  it('refuses two sources at once, and no source at all, in Russian', async () => {
    await expect(createHub({ demo: { region: 'kamchatka' }, api: { url: 'http://x', token: null } })).rejects.toThrow(/несовместимы/);
    await expect(createHub({})).rejects.toThrow(/не задан кэш/);
  });
});
