import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../../../shared/bridge/client.js';
import { initialWallState, type WallState } from '../../../../shared/bridge/wallState.js';
import { startController } from '../../../../renderer/src/controller.js';
import { createWallStore } from '../../../../renderer/src/store.js';
import { parseWindowOptions } from '../../../../renderer/src/url.js';

/** A hub on the other side of the bridge: answers requests, pushes events when told. */
function fakeHub(opts: { failViews?: number } = {}) {
  let wall: WallState = initialWallState({ now: 0 });
  let dataVersion = 1;
  let failViews = opts.failViews ?? 0;
  const listeners = new Map<string, Set<(d: unknown) => void>>();
  const calls: { method: string; params: unknown }[] = [];
  const pendingViews: (() => void)[] = [];
  let holdViews = false;
  const request = vi.fn(async (method: string, params?: unknown) => {
    calls.push({ method, params });
    switch (method) {
      case 'hello':
        return { serverNow: Date.now() + 5000, dataVersion, thresholds: { satisfiedTarget: 0.6 } };
      case 'getWallState':
        return wall;
      case 'getGeo':
        return { features: [] };
      case 'getView': {
        if (holdViews) await new Promise<void>((r) => pendingViews.push(r));
        if (failViews > 0) {
          failViews--;
          throw new Error('хаб занят');
        }
        return { dataVersion, spec: params };
      }
      case 'getHeatPoints':
        return { dataVersion, count: 0, points: new Float32Array(0) };
      default:
        throw new Error(`unexpected ${method}`);
    }
  });
  const bridge = {
    request,
    subscribe: (event: string, cb: (d: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(cb);
      listeners.set(event, set);
      return () => set.delete(cb);
    },
    close: () => {},
  } as unknown as Bridge;
  return {
    bridge,
    calls,
    views: () => calls.filter((c) => c.method === 'getView'),
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
    push: (event: string, data: unknown) => listeners.get(event)?.forEach((cb) => cb(data)),
    setWall: (w: WallState) => {
      wall = w;
    },
    wall: () => wall,
    bumpData: () => ++dataVersion,
    hold: (on: boolean) => {
      holdViews = on;
      if (!on) pendingViews.splice(0).forEach((r) => r());
    },
  };
}

const settle = async (ms = 0) => {
  await vi.advanceTimersByTimeAsync(ms);
};

describe('the window controller', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  it('boots: hello, wall state and geo, then the view and heat points of the shown scene', async () => {
    const hub = fakeHub();
    const store = createWallStore(parseWindowOptions('http://h/?display=1'));
    const stop = startController(hub.bridge, store);
    await settle(400);
    expect(hub.calls.map((c) => c.method)).toEqual(['hello', 'getWallState', 'getGeo', 'getView', 'getHeatPoints']);
    const s = store.getState();
    expect(s.clockOffsetMs).toBe(5000); // the clock ticks in hub time
    expect(s.view).toMatchObject({ dataVersion: 1 });
    expect(s.viewKey).toBe(JSON.stringify(['operational', 'today', [], [], null, null]));
    expect(s.connection).toBe('open'); // a transport without connection events (IPC) is always open
    stop();
  });

  it('a window pinned by its URL asks for its own scene, whatever the wall shows', async () => {
    const hub = fakeHub();
    const store = createWallStore(parseWindowOptions('http://h/?scene=block:zhkh'));
    const stop = startController(hub.bridge, store);
    await settle(400);
    expect(hub.views()[0]!.params).toMatchObject({ blocks: ['zhkh'], municipality: null });
    expect(store.getState().viewKey).toContain('"block:zhkh"');
    stop();
  });

  it('fetches again when the scene changes, not when only the version does; drops an older wall state', async () => {
    const hub = fakeHub();
    const store = createWallStore(parseWindowOptions('http://h/'));
    const stop = startController(hub.bridge, store);
    await settle(400);
    expect(hub.views()).toHaveLength(1);
    const w = hub.wall();
    hub.push('wallState', { ...w, version: 2, pinned: true });
    await settle(1000);
    expect(hub.views()).toHaveLength(1);
    hub.push('wallState', { ...w, version: 3, scene: 'municipality:30701000' });
    await settle(1000);
    expect(hub.views()).toHaveLength(2);
    expect(hub.views()[1]!.params).toMatchObject({ municipality: '30701000' });
    hub.push('wallState', { ...w, version: 2, scene: 'briefing' });
    await settle(1000);
    expect(store.getState().wall!.scene).toBe('municipality:30701000');
    expect(hub.views()).toHaveLength(2);
    stop();
  });

  it('a busy feed never floods the window: one fetch in flight, at most one pending, spaced out', async () => {
    const hub = fakeHub();
    const store = createWallStore(parseWindowOptions('http://h/'));
    const stop = startController(hub.bridge, store);
    await settle(400);
    hub.hold(true);
    hub.push('viewChanged', { dataVersion: hub.bumpData() });
    await settle(400); // the second fetch starts and hangs
    expect(hub.views()).toHaveLength(2);
    for (let i = 0; i < 50; i++) hub.push('viewChanged', { dataVersion: hub.bumpData() });
    await settle(2000);
    expect(hub.views()).toHaveLength(2); // still the one in flight
    hub.hold(false);
    await settle(2000);
    expect(hub.views()).toHaveLength(3); // the fifty became one
    expect(store.getState().view).toMatchObject({ dataVersion: 52 });
    hub.push('viewChanged', { dataVersion: 10 }); // an older version than held: nothing to do
    await settle(2000);
    expect(hub.views()).toHaveLength(3);
    stop();
  });

  it('a failed fetch shows the error and is tried again', async () => {
    const hub = fakeHub({ failViews: 1 });
    const store = createWallStore(parseWindowOptions('http://h/'));
    const stop = startController(hub.bridge, store);
    await settle(10);
    expect(store.getState().error).toBe('хаб занят');
    expect(store.getState().view).toBeNull();
    await settle(400); // tried again after the fetch gap
    expect(store.getState().error).toBeNull();
    expect(store.getState().view).not.toBeNull();
    stop();
  });

  it('stop() leaves nothing behind: no listener, no later fetch', async () => {
    const hub = fakeHub();
    const store = createWallStore(parseWindowOptions('http://h/'));
    const stop = startController(hub.bridge, store);
    await settle(400);
    stop();
    expect(hub.listenerCount()).toBe(0);
    hub.push('viewChanged', { dataVersion: 99 });
    await settle(2000);
    expect(hub.views()).toHaveLength(1);
  });
});
