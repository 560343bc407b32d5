/**
 * The window's incidents (docs/spec/alerts.md): the hub's active alerts and those of the shown
 * period, kept in step by `alertRaised` / `alertsChanged` (the WebSocket, or the Electron shell's
 * snapshot), `viewChanged` (data arrived) and a slow poll; and the banner's queue of new
 * level 2–3 incidents. One small zustand store, bounded lists (the hub's).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Bridge } from '../../shared/bridge/client.js';
import type { GetAlertsResult, Incident } from '../../shared/bridge/protocol.js';
import type { WallStoreApi } from './store.js';

/** How long a banner stays on the wall after the hub raised its incident. */
export const BANNER_MS = 60_000;
const POLL_MS = 20_000;
const MIN_GAP_MS = 400;

export interface AlertsState {
  data: GetAlertsResult | null;
  /** The period the `period` list is of (the shown view's window), as its key. */
  periodKey: string | null;
  /** New incidents of level 2 or 3 still on the banner: id → hub time until which it shows. */
  banner: Record<string, number>;
  /** Ids heard raised since this window opened (the console's sound). */
  heard: string[];
}

export const alertsStore = createStore<AlertsState>()(() => ({ data: null, periodKey: null, banner: {}, heard: [] }));

export function useAlerts<T>(sel: (s: AlertsState) => T): T {
  return useStore(alertsStore, sel);
}

/** Should this incident be on the banner at hub time `now`? (level 2–3, raised live within BANNER_MS) */
export function bannerUntil(i: Incident): number | null {
  if (i.alert.level < 2 || i.detectedAt === null || i.alert.state === 'ended') return null;
  return i.detectedAt + BANNER_MS;
}

export function startAlerts(bridge: Bridge, wall: WallStoreApi): () => void {
  let stopped = false;
  let inFlight = false;
  let again = false;
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const hubNow = () => Date.now() + wall.getState().clockOffsetMs;
  const noteBanner = (list: readonly Incident[]) => {
    const b = { ...alertsStore.getState().banner };
    let changed = false;
    const now = hubNow();
    for (const i of list) {
      const until = bannerUntil(i);
      if (until !== null && until > now && b[i.alert.id] !== until) {
        b[i.alert.id] = until;
        changed = true;
      }
    }
    for (const [id, until] of Object.entries(b))
      if (until <= now) {
        delete b[id];
        changed = true;
      }
    if (changed) alertsStore.setState({ banner: b });
  };

  async function fetchNow(): Promise<void> {
    if (stopped) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    again = false;
    last = Date.now();
    const v = wall.getState().view;
    const params = v ? { from: v.from, to: v.to } : {};
    try {
      const data = await bridge.request('getAlerts', params);
      alertsStore.setState({ data, periodKey: v ? `${v.from}|${v.to}` : null });
      noteBanner(data.active);
    } catch {
      again = true; // the hub is away: the poll or the next event tries again
    } finally {
      inFlight = false;
      if (again && !stopped) schedule();
    }
  }
  function schedule(): void {
    if (timer || stopped) return;
    timer = setTimeout(() => {
      timer = null;
      void fetchNow();
    }, Math.max(0, last + MIN_GAP_MS - Date.now()));
  }

  const offs: (() => void)[] = [
    bridge.subscribe('alertRaised', (d) => {
      const s = alertsStore.getState();
      alertsStore.setState({ heard: [...s.heard, d.incident.alert.id].slice(-50) });
      noteBanner([d.incident]);
      schedule();
    }),
    bridge.subscribe('alertsChanged', () => schedule()),
    bridge.subscribe('viewChanged', () => schedule()),
  ];
  // the shown period changed (scene, window): re-fetch its list
  offs.push(
    wall.subscribe((s, prev) => {
      if (s.view?.from !== prev.view?.from || s.view?.to !== prev.view?.to || (s.hello && !prev.hello)) schedule();
    }),
  );
  const poll = setInterval(() => {
    noteBanner(alertsStore.getState().data?.active ?? []);
    void fetchNow();
  }, POLL_MS);
  const sweep = setInterval(() => noteBanner([]), 1000);
  void fetchNow();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    clearInterval(poll);
    clearInterval(sweep);
    for (const f of offs) f();
  };
}
