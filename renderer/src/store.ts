/**
 * The window's store: a mirror of the hub's wall state plus the latest view data. Zustand, flat:
 * only the latest view, heat array and geo are held (old typed arrays are dropped on replacement, so
 * memory stays flat); no list grows without bound (the ticker and queue are the hub's bounded lists).
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { Freshness, GeoResult, HelloResult, HeatPointsResult, TrendsResult, ViewResult } from '../../shared/bridge/protocol.js';
import type { WallState } from '../../shared/bridge/wallState.js';
import type { ConnectionState } from '../../shared/bridge/client.js';
import type { PanelId } from '../../shared/wall/panels.js';
import type { WindowOptions } from './url.js';

export interface WallStore {
  options: WindowOptions;
  connection: ConnectionState;
  hello: HelloResult | null;
  /** Hub clock minus local clock (ms), from hello: the clock and ticking use hub time. */
  clockOffsetMs: number;
  wall: WallState | null;
  view: ViewResult | null;
  /** Local time (ms, hub-corrected) at which `view` arrived: queue overdue ticks from it. */
  viewAt: number;
  /** The scene the view was computed for (key of its spec). */
  viewKey: string | null;
  heat: HeatPointsResult | null;
  /** The briefing's trends (getTrends), fetched with the briefing scene's view; null elsewhere. */
  trends: TrendsResult | null;
  geo: GeoResult | null;
  health: Freshness | null;
  error: string | null;
  /**
   * What each panel has put on screen, in its own words (the map: the heat data version drawn; the
   * gauges: the view key drawn). The ready flag (ready.ts) asks each shown panel's `ready` check of
   * the registry (panels/registry.ts) whether that is the current data. No entry: nothing drawn yet.
   */
  drawn: Partial<Record<PanelId, string>>;
}

export function createWallStore(options: WindowOptions) {
  return createStore<WallStore>()(() => ({
    options,
    connection: 'connecting',
    hello: null,
    clockOffsetMs: 0,
    wall: null,
    view: null,
    viewAt: 0,
    viewKey: null,
    heat: null,
    trends: null,
    geo: null,
    health: null,
    error: null,
    drawn: {},
  }));
}

export type WallStoreApi = ReturnType<typeof createWallStore>;

let current: WallStoreApi | null = null;
export function setCurrentStore(s: WallStoreApi): void {
  current = s;
}
export function storeApi(): WallStoreApi {
  if (!current) throw new Error('store not initialised');
  return current;
}
export function useWall<T>(sel: (s: WallStore) => T): T {
  return useStore(storeApi(), sel);
}

/**
 * A panel reports what it has drawn (null: nothing, e.g. its canvas is gone). Setting the same
 * mark again changes nothing, so a panel may report on every frame without re-rendering the wall.
 */
export function markDrawn(store: WallStoreApi, panel: PanelId, mark: string | null): void {
  const drawn = store.getState().drawn;
  if ((drawn[panel] ?? null) === mark) return;
  const next = { ...drawn };
  if (mark === null) delete next[panel];
  else next[panel] = mark;
  store.setState({ drawn: next });
}
