/**
 * Keeps the store in step with the hub: hello, wall state, geo once; the view and heat points of the
 * shown scene whenever the scene/filters change or the hub says the data changed (`viewChanged`).
 * Fetches are coalesced: one in flight, at most one pending, and no more often than every
 * MIN_FETCH_GAP_MS — a busy feed never floods the window.
 */
import type { Bridge } from '../../shared/bridge/client.js';
import type { WallStoreApi } from './store.js';
import { effectiveScene, specKey, viewSpecFor } from './scene.js';

const MIN_FETCH_GAP_MS = 350;

export function startController(bridge: Bridge, store: WallStoreApi): () => void {
  const st = () => store.getState();
  let inFlight = false;
  let pending = false;
  let lastFetch = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let latestDataVersion = -1;
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    if (inFlight) {
      pending = true;
      return;
    }
    if (timer) return;
    const wait = Math.max(0, lastFetch + MIN_FETCH_GAP_MS - Date.now());
    timer = setTimeout(() => {
      timer = null;
      void fetchView();
    }, wait);
  };

  async function fetchView(): Promise<void> {
    const s = st();
    if (!s.hello) return;
    inFlight = true;
    pending = false;
    lastFetch = Date.now();
    const scene = effectiveScene(s.wall, s.options.scene);
    const spec = viewSpecFor(scene, s.wall, s.options.role);
    const key = specKey(scene, spec);
    try {
      const briefing = scene === 'briefing' ? { period: s.wall?.briefingPeriod ?? 'week' } : null;
      const [view, heat, trends] = await Promise.all([
        bridge.request('getView', spec),
        bridge.request('getHeatPoints', spec),
        briefing ? bridge.request('getTrends', briefing) : Promise.resolve(null),
      ]);
      latestDataVersion = Math.max(latestDataVersion, view.dataVersion);
      // Drop the old arrays: only the latest view and heat array are referenced.
      store.setState({ view, heat, trends, viewKey: key, viewAt: Date.now() + st().clockOffsetMs, error: null });
    } catch (e) {
      store.setState({ error: e instanceof Error ? e.message : String(e) });
      pending = true;
    } finally {
      inFlight = false;
      if (pending) schedule();
    }
  }

  async function boot(): Promise<void> {
    try {
      const hello = await bridge.request('hello', { client: st().options.display ?? st().options.role, protocol: 1 });
      store.setState({ hello, clockOffsetMs: hello.serverNow - Date.now(), health: st().health });
      const [wall, geo] = await Promise.all([bridge.request('getWallState', {}), bridge.request('getGeo', {})]);
      store.setState({ wall, geo });
      latestDataVersion = hello.dataVersion;
      schedule();
    } catch (e) {
      store.setState({ error: e instanceof Error ? e.message : String(e) });
      if (!stopped) setTimeout(() => void boot(), 2000);
    }
  }

  const offs: (() => void)[] = [];
  offs.push(
    bridge.subscribe('wallState', (w) => {
      const prev = st().wall;
      if (prev && w.version < prev.version) return;
      store.setState({ wall: w });
      const before = effectiveScene(prev, st().options.scene);
      const after = effectiveScene(w, st().options.scene);
      const changed =
        before !== after ||
        !prev ||
        specKey(before, viewSpecFor(before, prev, st().options.role)) !== specKey(after, viewSpecFor(after, w, st().options.role));
      if (changed) schedule();
    }),
  );
  offs.push(
    bridge.subscribe('viewChanged', (d) => {
      if (d.dataVersion > latestDataVersion) {
        latestDataVersion = d.dataVersion;
        schedule();
      }
    }),
  );
  offs.push(bridge.subscribe('health', (h) => store.setState({ health: h })));
  if (bridge.onConnection) {
    offs.push(
      bridge.onConnection((c) => {
        store.setState({ connection: c });
        if (c === 'open' && st().hello) schedule();
      }),
    );
  } else store.setState({ connection: 'open' });

  void boot();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    for (const f of offs) f();
  };
}

/** Re-fetch after the URL pin changes (console preview etc.). */
export function sceneOf(store: WallStoreApi): string {
  const s = store.getState();
  return effectiveScene(s.wall, s.options.scene);
}
