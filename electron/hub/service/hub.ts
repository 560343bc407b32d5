/**
 * The hub: the composition root of its services. It opens the cache, builds one service per job
 * and wires them; everything it acquires goes on one cleanup list (shared/lifecycle.ts), released
 * last-acquired-first by `close()`:
 *
 *   dataset.ts    the data set: store, live model, filtered stores, reference, load / reload / ingest
 *   wallstate.ts  the wall state: intents, playlist timer, persistence
 *   health.ts     health and freshness (the `health` event)
 *   changes.ts    `viewChanged`, throttled, after every change of the data set
 *   views.ts      view composition: hello, views, ticker, queue enrichment, masking, heat, geo
 *                 (at the wall state's archive instant when the wall shows the archive)
 *   timeline.ts   the console's timeline: incoming per hour over 30 days, incident marks
 *   outbox.ts     the console's `act` (operator actions to the outbox)
 *   console.ts    the console's own queue (filters, pages), a message's card, `outboxChanged`
 *   router.ts     the protocol router: one typed handler per method (shared/bridge/protocol.ts)
 *   events.ts     the typed event emitter
 *   demo.ts, sync.ts  the data sources, given only a narrow sink (./sink.ts), never the hub
 *
 * Adding a service: its module (a class taking narrow deps, a Disposable if it holds anything),
 * one line here that builds it and adds it to the cleanup list, and its handlers spread into the
 * router's (the compiler insists every protocol method has exactly one). E.g. an alert detector
 * that follows arriving messages (`data.events` 'changed' carries each batch) and emits its own
 * protocol event:
 *
 *   const alerts = cleanup.add(new AlertService({ data, events, cache, now }));
 *   const handlers: Handlers = { ...views.handlers(), ...wall.handlers(), ...alerts.handlers(), … };
 *
 *   const hub = await createHub({ demo: { region: 'kamchatka' } });
 *   const hub = await createHub({ cachePath: 'wall.db', api: { url: 'https://…', token } });
 *   const res = await hub.handle('wall', { id: 1, method: 'getView', params: { window: 'today' } });
 *   const off = hub.on('viewChanged', (d) => …);
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache } from '../cache/cache.js';
import type { ApplyResult, Cache } from '../cache/api.js';
import type { MessageStore } from '../../../shared/engine/store.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../../../shared/engine/types.js';
import type { RegionId } from '../../../shared/regions.js';
import type { SyncHealth } from '../../../shared/sync-health.js';
import type { BridgeRegionInfo, EventData, EventName, Freshness, Response, Role } from '../../../shared/bridge/protocol.js';
import type { Intent, SceneId, WallState, WindowPreset } from '../../../shared/bridge/wallState.js';
import { AsyncDisposableStore, toAsyncDisposable, toDisposable, type Disposable } from '../../../shared/lifecycle.js';
import { HubError } from './errors.js';
import { TypedEmitter, type HubEventMap } from './events.js';
import { DataSet } from './dataset.js';
import { HealthService } from './health.js';
import { ChangeNotifier } from './changes.js';
import { WallStateService } from './wallstate.js';
import { ViewService, filterStore } from './views.js';
import { TimelineService } from './timeline.js';
import { AsOfService } from './asof.js';
import { isArchive, shownInstant } from '../../../shared/bridge/wallState.js';
import { TrendsService } from './trends.js';
import { operatorActions } from './outbox.js';
import { AlertService } from './alerts.js';
import { ConsoleService } from './console.js';
import { ReportService } from './report.js';
import { Router, type Handlers } from './router.js';
import { ensureDemoHistory, speedForMessageRate, startDemoDelivery, startDemoFeed } from './demo.js';
import { speedClock } from '../demo/live.js';
import { catchUpDemo, prepareDemoCache } from '../demo/snapshot.js';
import { startSyncSource, type ApiSourceOptions } from './sync.js';
import type { SourceHandle, SourceSink } from './sink.js';

export { HubError } from './errors.js';
export type { SourceHandle, SourceSink } from './sink.js';

export const APP_VERSION = '0.1.0';

export interface DemoOptions {
  region: RegionId;
  seed?: number;
  /** Days of history generated into an empty cache (default 30). */
  days?: number;
  /**
   * Live demo as a time speed-up of the region (1: real time, 60: an hour a minute; 0 or absent: no
   * live feed). Above 1 the data's clock (what the views and the comparisons read) runs that fast.
   */
  liveSpeed?: number;
  /** Multiplies the demo region's volumes (stress and benchmarks; default 1: the calibrated region). */
  volumeScale?: number;
  /**
   * With no cache path: start from the per-user cached history of this region, seed, days and scale
   * (electron/hub/demo/snapshot.ts), caught up to now — a warm start (`serve --demo` sets it).
   */
  snapshot?: boolean;
  /** Legacy: live messages per second, turned into the equivalent speed-up (`liveSpeed` wins). */
  liveRate?: number;
}

export interface HubOptions {
  /**
   * The cache file. With `demo` and no path: a fresh file in a new folder under
   * <SITUATION_WALL_DEMO_DIR or tmp>, removed at close — so a demo always shows a history ending now,
   * never the stale one of an earlier run.
   */
  cachePath?: string;
  demo?: DemoOptions;
  thresholds?: Partial<Thresholds>;
  /** The hub's clock (epoch ms); default Date.now. */
  now?: () => number;
  /** Run the playlist timer (default true). */
  playlistTimer?: boolean;
  /** Operator id recorded with console actions (default 'console'). */
  operator?: string;
  /** Initial playlist interval in seconds (default 60). */
  intervalSec?: number;
  /** Initial playlist scenes (a fresh wall state only: a restored one keeps the operator's choice). */
  playlistScenes?: readonly SceneId[];
  /** The wall's period on a fresh start (default «today»; a restored state keeps its own). */
  window?: WindowPreset;
  /** Sync the cache with the central API (needs `cachePath`); see ./sync.ts. */
  api?: ApiSourceOptions;
  /** Version reported by `hello` (default APP_VERSION; the Electron shell passes its own). */
  appVersion?: string;
}

/** A listener's subscription: call it or dispose it (so it goes into a DisposableStore). */
export type Subscription = (() => void) & Disposable;

/** The hub is also the sink of its sources (they get a narrow view of it: ./sink.ts). */
export interface Hub extends SourceSink {
  readonly cache: Cache;
  readonly region: BridgeRegionInfo;
  readonly store: MessageStore;
  readonly thresholds: Thresholds;
  /** Increases whenever the hub's data changed (batches ingested, reloads). */
  readonly dataVersion: number;
  /** Answer one request of the protocol. Never throws: errors are `{ ok: false }` responses. */
  handle(role: Role, request: unknown): Promise<Response>;
  /** Listen to an event of the protocol; returns what stops listening (call it, or dispose it). */
  on<E extends EventName>(event: E, cb: (data: EventData<E>) => void): Subscription;
  getWallState(): WallState;
  /** Apply an intent as a console would (also used by the Electron shell). */
  dispatch(intent: Intent): WallState;
  /** Run the playlist timer once now (the timer calls it; tests may too). */
  tick(): void;
  /** Write raw items through the cache (same path as sync) and refresh the engine. */
  applyBatch(items: readonly unknown[], opts?: { cursor?: string | null; source?: string }): ApplyResult;
  /**
   * Reload everything derived from the cache (store, live model, reference, region, scenes) after
   * someone replaced its contents wholesale (a 410 resync, a new region or reference) and push
   * `viewChanged` (and `wallState` when the shown scene no longer exists).
   */
  reload(): void;
  /** Keep a data source running until the hub closes (then it is disposed, before the cache closes). */
  attachSource(src: SourceHandle): void;
  freshness(): Freshness;
  /**
   * The data's present (epoch ms): the wall clock, or, in a demo run faster (`--live K`), the
   * simulated clock its messages are stamped by. Views, actions and the early warning count by it.
   */
  dataNow(): number;
  /** Stop the sources, timers and listeners, leave a store snapshot, close the cache. Idempotent. */
  close(): Promise<void>;
}

/** A new, empty folder for a demo cache of this run (see HubOptions.cachePath). */
function freshDemoDir(): string {
  const parent = process.env.SITUATION_WALL_DEMO_DIR ?? tmpdir();
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, 'situation-wall-demo-'));
}

export async function createHub(opts: HubOptions): Promise<Hub> {
  const now = opts.now ?? Date.now;
  const demo = opts.demo;
  const seed = demo?.seed ?? 1;
  if (demo && opts.api) throw new HubError('bad_request', 'демо-данные и центральный API несовместимы: выберите один источник');
  if (!opts.cachePath && !demo) throw new HubError('bad_request', 'не задан кэш: укажите --cache ФАЙЛ или --demo РЕГИОН');

  // The hub's cleanup list: released last-acquired-first by close() (or when opening fails).
  const cleanup = new AsyncDisposableStore();
  try {
    // The demo's speed-up: the data's clock (views, comparisons, actions) follows the simulated one.
    const liveSpeed = !demo ? 0 : demo.liveSpeed ?? (demo.liveRate ? speedForMessageRate(demo.region, seed, demo.liveRate) : 0);
    let dataClock = liveSpeed > 1 ? speedClock(liveSpeed, now) : now;
    const dataNow = () => dataClock();
    const historyEnd = dataNow();
    let path = opts.cachePath;
    let snapshotEnd: number | null = null;
    const demoKey = demo && { region: demo.region, seed, days: demo.days ?? 30, ...(demo.volumeScale !== undefined ? { volumeScale: demo.volumeScale } : {}) };
    if (!path && demo) {
      const dir = freshDemoDir();
      cleanup.add(toDisposable(() => rmSync(dir, { recursive: true, force: true })));
      path = join(dir, `demo-${demo.region}-${seed}.db`);
      if (demo.snapshot && demoKey) snapshotEnd = prepareDemoCache(path, demoKey, historyEnd);
    }
    const cache = openCache(path!);
    cleanup.add(toDisposable(() => cache.close()));
    if (demoKey && snapshotEnd !== null) catchUpDemo(cache, demoKey, snapshotEnd, historyEnd);
    if (demo) await ensureDemoHistory(cache, { region: demo.region, seed, days: demo.days ?? 30, now: historyEnd, ...(demo.volumeScale !== undefined ? { volumeScale: demo.volumeScale } : {}) });

    const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...opts.thresholds };
    const data = cleanup.add(new DataSet(cache, { thresholds, now: dataNow, ...(demo ? { regionId: demo.region } : {}) }));
    // A demo cache an earlier accelerated run took ahead of now: the data clock goes on from there.
    let feedFrom = historyEnd;
    if (demo && liveSpeed > 0 && data.dataAsOf !== null && data.dataAsOf > historyEnd) {
      const base = dataClock;
      const shift = data.dataAsOf - historyEnd;
      dataClock = () => base() + shift;
      feedFrom = data.dataAsOf;
    }
    const events = cleanup.add(new TypedEmitter<HubEventMap>());
    // Sources are stopped after the timers below and before the listeners, the data set and the cache.
    const sources = cleanup.add(new AsyncDisposableStore());
    const health = cleanup.add(new HealthService({ cache, data, events, demo: !!demo }));
    const notifier = cleanup.add(new ChangeNotifier({ events, dataVersion: () => data.dataVersion, afterAnnounce: () => health.pushNow() }));
    const wall = cleanup.add(
      new WallStateService({
        cache,
        catalog: data,
        events,
        now,
        ...(opts.playlistTimer !== undefined ? { playlistTimer: opts.playlistTimer } : {}),
        ...(opts.intervalSec !== undefined ? { intervalSec: opts.intervalSec } : {}),
        ...(opts.playlistScenes ? { playlistScenes: opts.playlistScenes } : {}),
        ...(opts.window ? { window: opts.window } : {}),
      }),
    );
    // The data as it stood at any instant (kpi.md v2), from the history of revisions (./asof.ts).
    const asof = cleanup.add(new AsOfService(cache, data));
    const views = new ViewService({
      data,
      // The wall's archive instant: every view without its own `now` is answered at it.
      shownInstant: () => (isArchive(wall.state) ? shownInstant(wall.state, now()) : null),
      // A past instant is computed over the history's states at it (the exact as-of store).
      storeAt: (t, filter) => filterStore(asof.storeAt(t), filter),
      messages: cache,
      freshness: () => health.freshness(),
      now: dataNow,
      appVersion: opts.appVersion ?? APP_VERSION,
    });
    const timeline = new TimelineService({ data, cache, now });
    cleanup.add(
      data.events.on('changed', (c) => {
        views.invalidate({ reloaded: c.kind === 'reload' });
        timeline.invalidate();
        if (c.kind === 'reload') wall.revalidate();
        notifier.schedule();
      }),
    );

    let closed = false;
    const hub: Hub = {
      cache,
      get region() {
        return data.region;
      },
      get store() {
        return data.store;
      },
      thresholds,
      get dataVersion() {
        return data.dataVersion;
      },
      handle: (role, request) => router.handle(role, request),
      on(event, cb) {
        const sub = events.on(event, cb);
        return Object.assign(() => sub.dispose(), { dispose: () => sub.dispose() });
      },
      getWallState: () => wall.state,
      dispatch: (intent) => wall.dispatch(intent),
      tick: () => wall.tick(),
      applyBatch(items, o) {
        const r = cache.applyBatch(items, o);
        hub.ingest(r);
        return r;
      },
      ingest(r) {
        if (closed) return;
        // a batch of quarantined items only changes the health (its quarantine count)
        if (!data.ingest(r) && r.quarantined > 0) health.refresh();
      },
      reload() {
        if (!closed) data.reload();
      },
      refreshHealth: () => health.refresh(),
      setSyncHealth: (h: SyncHealth | null) => health.setSyncHealth(h),
      attachSource(src) {
        // stopping a source must not keep the hub open
        sources.add(toAsyncDisposable(() => Promise.resolve(src.dispose()).catch(() => undefined)));
      },
      freshness: () => health.freshness(),
      dataNow,
      close() {
        closed = true;
        return cleanup.dispose();
      },
    };
    // What the sources may do: forwarded to the hub (so the sources never hold the hub itself).
    const sink: SourceSink = {
      cache,
      ingest: (r) => hub.ingest(r),
      reload: () => hub.reload(),
      setSyncHealth: (h) => hub.setSyncHealth(h),
      refreshHealth: () => hub.refreshHealth(),
    };
    // The detector reads the messages' own clock: in an accelerated demo that is the simulated one.
    const alerts = cleanup.add(
      new AlertService({
        data,
        events,
        cache,
        now: dataNow,
        operator: opts.operator ?? 'console',
        // at the wall's archive instant the incidents are those of the instant
        archive: { instant: () => (isArchive(wall.state) ? shownInstant(wall.state, now()) : null), incidentsAt: (t) => asof.incidentsAt(t) },
      }),
    );
    const handlers: Handlers = {
      ...alerts.handlers(),
      ...views.handlers(),
      ...new TrendsService({
        data,
        now: dataNow,
        // the time machine: the briefing of the archive instant (as the views)
        shownInstant: () => (isArchive(wall.state) ? shownInstant(wall.state, now()) : null),
        storeAt: (t) => asof.storeAt(t),
      }).handlers(),
      ...wall.handlers(),
      ...timeline.handlers(),
      ...operatorActions(sink, { operator: opts.operator ?? 'console', now: dataNow }),
      ...cleanup.add(new ConsoleService({ data, cache, events, now: dataNow })).handlers(),
      ...new ReportService({
        data,
        cache,
        wallState: () => wall.state,
        now: dataNow,
        // the time machine: the справка of the archive instant, over the messages as they stood then
        shownInstant: () => (isArchive(wall.state) ? shownInstant(wall.state, now()) : null),
        storeAt: (t) => asof.storeAt(t),
      }).handlers(),
    };
    // Added last: released first, so a request during close() is answered «хаб остановлен».
    const router = cleanup.add(new Router(handlers));

    const feed =
      demo && liveSpeed > 0
        ? await startDemoFeed(sink, { region: demo.region, seed, speed: liveSpeed, simClock: dataNow, from: feedFrom, ...(demo.volumeScale !== undefined ? { volumeScale: demo.volumeScale } : {}) })
        : null;
    if (feed) hub.attachSource(feed);
    // The demo plays the central API for the outbox (with or without a live feed), on the data's clock.
    if (demo) hub.attachSource(startDemoDelivery(sink, { feed, now: dataNow }));
    if (opts.api) hub.attachSource(startSyncSource(sink, opts.api));
    return hub;
  } catch (e) {
    await cleanup.dispose().catch(() => undefined);
    throw e;
  }
}
