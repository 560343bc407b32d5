/**
 * The hub service: owns the cache, the engine's store and live model, the authoritative wall state
 * (with its playlist timer), the data sources (the demo feed, or sync with the central API: see
 * `attachSource`, `ingest`, `reload` and ./sync.ts), and answers the bridge protocol
 * (shared/bridge/protocol.ts) for any transport.
 *
 *   const hub = await createHub({ demo: { region: 'kamchatka' } });
 *   const hub = await createHub({ cachePath: 'wall.db', api: { url: 'https://…', token } });
 *   const res = await hub.handle('wall', { id: 1, method: 'getView', params: { window: 'today' } });
 *   const off = hub.on('viewChanged', (d) => …);
 *
 * The numbers are those of the `kpi`, `rating` and `queue` commands for the same data, window and
 * `now`: the same engine (LiveModel, whose results equal computeKpi/computeRating/computeQueue, or
 * those functions directly for a filtered view) over the same reference (engineReference).
 *
 * Texts of messages: masked with maskPersonalData for wall clients, full for console clients.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCache } from '../cache/cache.js';
import type { ApplyResult, Cache } from '../cache/api.js';
import { engineReference, loadStoreFromCache, saveStoreSnapshot } from '../engine/load.js';
import { LiveModel } from '../../../shared/engine/live.js';
import { computeKpi } from '../../../shared/engine/kpi.js';
import type { KpiReference } from '../../../shared/engine/kpi.js';
import { computeRating, type RatingMunicipality } from '../../../shared/engine/rating.js';
import { computeQueue } from '../../../shared/engine/queue.js';
import { heatPoints } from '../../../shared/engine/heat.js';
import type { MessageStore } from '../../../shared/engine/store.js';
import { DEFAULT_THRESHOLDS, type KpiGroup, type QueueItem, type Thresholds } from '../../../shared/engine/types.js';
import { REGIONS, isRegionId, OSM_ATTRIBUTION, POPULATION_ATTRIBUTION, type RegionId } from '../../../shared/regions.js';
import { blockLabel, channelLabel } from '../../../shared/blocks.js';
import { STATUSES, type Reference } from '../../../shared/schema.js';
import { SYNC_HEALTH_KEY, parseSyncHealth, type SyncHealth } from '../../../shared/sync-health.js';
import { maskPersonalData } from '../../../shared/mask.js';
import {
  CONSOLE_ONLY,
  PROTOCOL_VERSION,
  RequestSchema,
  isMethod,
  parseParams,
  type ActParamsSchema,
  type BridgeRegionInfo,
  type ErrorCode,
  type EventData,
  type EventName,
  type Freshness,
  type GeoResult,
  type GetMessageResult,
  type HeatPointsResult,
  type HelloResult,
  type Method,
  type ParsedParams,
  type Response,
  type Role,
  type TickerItem,
  type ViewQueueItem,
  type ViewResult,
  type ViewSpec,
} from '../../../shared/bridge/protocol.js';
import {
  BASE_SCENES,
  WallStateSchema,
  applyIntent,
  blockScene,
  initialWallState,
  municipalityScene,
  parseScene,
  sceneTitle,
  tickPlaylist,
  type Intent,
  type SceneId,
  type WallState,
} from '../../../shared/bridge/wallState.js';
import { resolveWindow } from '../../../shared/bridge/window.js';
import { FilteredStores } from './filtered.js';
import { loadGeo } from './geo.js';
import { ensureDemoHistory, startDemoFeed, type DemoSourceHandle } from './demo.js';
import { enqueueOperatorAction } from './outbox.js';
import { startSyncSource, type ApiSourceOptions } from './sync.js';
import type { z } from 'zod';

export const APP_VERSION = '0.1.0';
/** viewChanged is sent at most once per this many ms. */
export const VIEW_CHANGED_MIN_INTERVAL_MS = 250;
/** `health` is sent at most once per this many ms, except when the sync state itself changes. */
export const HEALTH_MIN_INTERVAL_MS = 250;
const WALL_STATE_KEY = 'hub.wallState';
const EXCERPT_CHARS = 200;
const HOUR = 3_600_000;

export interface DemoOptions {
  region: RegionId;
  seed?: number;
  /** Days of history generated into an empty cache (default 30). */
  days?: number;
  /** Live messages per second (0 or absent: no live feed). */
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
  /** Sync the cache with the central API (needs `cachePath`); see ./sync.ts. */
  api?: ApiSourceOptions;
  /** Version reported by `hello` (default APP_VERSION; the Electron shell passes its own). */
  appVersion?: string;
}

/** A data source writing into the cache (demo feed, sync). */
export interface SourceHandle {
  stop(): void | Promise<void>;
}

export interface Hub {
  readonly cache: Cache;
  readonly region: BridgeRegionInfo;
  readonly store: MessageStore;
  readonly thresholds: Thresholds;
  /** Answer one request of the protocol. Never throws: errors are `{ ok: false }` responses. */
  handle(role: Role, request: unknown): Promise<Response>;
  on<E extends EventName>(event: E, cb: (data: EventData<E>) => void): () => void;
  getWallState(): WallState;
  /** Apply an intent as a console would (also used by the Electron shell). */
  dispatch(intent: Intent): WallState;
  /** Run the playlist timer once now (the timer calls it; tests may too). */
  tick(): void;
  /** Write raw items through the cache (same path as sync) and refresh the engine. */
  applyBatch(items: readonly unknown[], opts?: { cursor?: string | null; source?: string }): ApplyResult;
  /** Tell the hub that someone else applied a batch to the cache (sync, demo feed). */
  ingest(result: ApplyResult): void;
  /** Keep a data source running until the hub closes (sync attaches itself here). */
  attachSource(src: SourceHandle): void;
  /** Re-read the sync health from the cache and push `health` if it changed. */
  refreshHealth(): void;
  /**
   * The live sync health from a running source (sync client's onHealth); wins over the copy
   * persisted in the cache. Pushes `health` (throttled, immediately when the state changes).
   */
  setSyncHealth(h: SyncHealth | null): void;
  /**
   * Reload everything derived from the cache (store, live model, reference, region, scenes) after
   * someone replaced its contents wholesale (a 410 resync, a new region or reference) and push
   * `viewChanged` (and `wallState` when the shown scene no longer exists).
   */
  reload(): void;
  readonly dataVersion: number;
  freshness(): Freshness;
  close(): Promise<void>;
}

export class HubError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A new, empty folder for a demo cache of this run (see HubOptions.cachePath). */
function freshDemoDir(): string {
  const parent = process.env.SITUATION_WALL_DEMO_DIR ?? tmpdir();
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, 'situation-wall-demo-'));
}

export async function createHub(opts: HubOptions): Promise<Hub> {
  const nowFn = opts.now ?? Date.now;
  const demo = opts.demo;
  const seed = demo?.seed ?? 1;
  if (demo && opts.api) throw new HubError('bad_request', 'демо-данные и центральный API несовместимы: выберите один источник');
  const tempDir = !opts.cachePath && demo ? freshDemoDir() : null;
  const path = opts.cachePath ?? (tempDir && demo ? join(tempDir, `demo-${demo.region}-${seed}.db`) : undefined);
  if (!path) throw new HubError('bad_request', 'не задан кэш: укажите --cache ФАЙЛ или --demo РЕГИОН');
  const removeTemp = () => {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  let cache: Cache;
  try {
    cache = openCache(path);
  } catch (e) {
    removeTemp();
    throw e;
  }
  try {
    if (demo) await ensureDemoHistory(cache, { region: demo.region, seed, days: demo.days ?? 30, now: nowFn() });
    const hub = new HubImpl(cache, opts, nowFn);
    if (demo?.liveRate && demo.liveRate > 0) {
      const h: DemoSourceHandle = await startDemoFeed(cache, {
        region: demo.region,
        seed,
        rate: demo.liveRate,
        onBatch: (r) => hub.ingest(r),
      });
      hub.attachSource(h);
    }
    if (opts.api) hub.attachSource(startSyncSource(hub, opts.api));
    if (tempDir) {
      const close = hub.close.bind(hub);
      hub.close = async () => {
        await close();
        removeTemp();
      };
    }
    return hub;
  } catch (e) {
    cache.close();
    removeTemp();
    throw e;
  }
}

type Listener = (data: unknown) => void;

interface Names {
  blocks: Map<string, string>;
  categories: Map<string, string>;
  municipalities: Map<string, string>;
  channels: Map<string, string>;
}

class HubImpl implements Hub {
  // Derived from the cache; replaced together by load() (at start and on reload()).
  region!: BridgeRegionInfo;
  store!: MessageStore;
  private live!: LiveModel;
  private filtered!: FilteredStores;
  private reference!: Reference | null;
  private kpiRef!: KpiReference;
  private ratingMunis!: RatingMunicipality[];
  private names!: Names;
  private scenes!: SceneId[];
  readonly thresholds: Thresholds;
  private readonly listeners = new Map<EventName, Set<Listener>>();
  private readonly sources: SourceHandle[] = [];
  private state: WallState;
  private version = 0;
  private lastBatchAt: number | null = null;
  private dataAsOf: number | null = null;
  private lastViewChangedAt = -Infinity;
  private viewChangedTimer: ReturnType<typeof setTimeout> | null = null;
  private playlistTimer: ReturnType<typeof setTimeout> | null = null;
  private healthTimer: ReturnType<typeof setInterval> | null = null;
  private lastHealthJson = '';
  private lastHealthState = '';
  private lastHealthAt = -Infinity;
  private healthPushTimer: ReturnType<typeof setTimeout> | null = null;
  private liveSync: SyncHealth | null = null;
  private readonly viewCache = new Map<string, ViewResult>();
  private geo: GeoResult | null = null;
  private closed = false;
  /** The cache's data_version that `store` mirrors (advanced by every ingested batch). */
  private storeDataVersion = 0;

  constructor(
    readonly cache: Cache,
    private readonly opts: HubOptions,
    private readonly nowFn: () => number,
  ) {
    this.thresholds = { ...DEFAULT_THRESHOLDS, ...opts.thresholds };
    this.load();
    const blocks = this.reference ? this.reference.blocks.map((b) => b.id) : this.store.blocks.present().sort();
    const configured = (opts.playlistScenes ?? []).filter((s) => this.sceneKnown(s));
    this.state =
      this.restoreState() ??
      initialWallState({
        now: nowFn(),
        scenes: configured.length ? configured : [...BASE_SCENES, ...blocks.map(blockScene)],
        intervalSec: opts.intervalSec,
      });
    this.schedulePlaylist();
    const f = this.freshness();
    this.lastHealthJson = JSON.stringify(f.sync);
    this.lastHealthState = f.sync.state;
    this.healthTimer = setInterval(() => this.refreshHealth(), 5_000);
    this.healthTimer.unref?.();
  }

  /** (Re)derive everything the hub keeps from the cache's contents. */
  private load(): void {
    const cache = this.cache;
    const opts = this.opts;
    const regionMeta = cache.getRegion();
    const regionId = opts.demo?.region ?? (regionMeta ? regionIdByCode(regionMeta.code) : null);
    const fallback = regionId ? REGIONS[regionId] : null;
    this.region = {
      id: regionId,
      code: regionMeta?.code ?? fallback?.code ?? '',
      name: regionMeta?.name ?? fallback?.name ?? 'Регион не задан',
      timezone: regionMeta?.timezone ?? fallback?.timezone ?? 'UTC',
    };
    // From the cache's store snapshot when it is current (the wall opens in well under a second on
    // a million messages), else by a scan that stores a fresh snapshot.
    const loaded = loadStoreFromCache(cache);
    this.store = loaded.store;
    this.storeDataVersion = loaded.dataVersion;
    const { reference, municipalities } = engineReference(cache, this.store);
    this.kpiRef = reference;
    this.ratingMunis = municipalities;
    this.reference = cache.getReference();
    this.live = new LiveModel(this.store, { reference, municipalities, thresholds: this.thresholds });
    this.filtered = new FilteredStores(this.store);
    this.names = {
      blocks: new Map(this.reference?.blocks.map((b) => [b.id, b.name]) ?? []),
      categories: new Map(this.reference?.categories.map((c) => [c.id, c.name]) ?? []),
      municipalities: new Map(municipalities.map((m) => [m.oktmo, m.name])),
      channels: new Map(this.reference?.channels.map((c) => [c.id, c.name]) ?? []),
    };
    const blocks = this.reference ? this.reference.blocks.map((b) => b.id) : this.store.blocks.present().sort();
    this.scenes = [
      ...BASE_SCENES,
      ...blocks.map(blockScene),
      ...municipalities.map((m) => municipalityScene(m.oktmo)),
    ];
    this.dataAsOf = this.scanDataAsOf();
    this.geo = null;
    this.viewCache.clear();
  }

  reload(): void {
    if (this.closed) return;
    this.filtered.clear();
    this.load();
    const s = this.state;
    if (!this.sceneKnown(s.scene) || !s.playlist.scenes.every((x) => this.sceneKnown(x))) {
      const blocks = this.reference ? this.reference.blocks.map((b) => b.id) : this.store.blocks.present().sort();
      const next = initialWallState({ now: this.nowFn(), scenes: [...BASE_SCENES, ...blocks.map(blockScene)], intervalSec: s.playlist.intervalSec });
      this.setState({ ...next, version: s.version + 1 });
    }
    this.lastBatchAt = this.nowFn();
    this.version++;
    this.scheduleViewChanged();
  }

  get dataVersion(): number {
    return this.version;
  }

  // ----------------------------------------------------------------------------- events

  on<E extends EventName>(event: E, cb: (data: EventData<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(cb as Listener);
    return () => void set.delete(cb as Listener);
  }

  private emit<E extends EventName>(event: E, data: EventData<E>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const cb of [...set]) {
      try {
        cb(data);
      } catch {
        // a broken listener never stops the hub
      }
    }
  }

  // ----------------------------------------------------------------------------- wall state

  getWallState(): WallState {
    return this.state;
  }

  private restoreState(): WallState | null {
    try {
      const raw = this.cache.getState(WALL_STATE_KEY);
      if (!raw) return null;
      const r = WallStateSchema.safeParse(JSON.parse(raw));
      if (!r.success) return null;
      const s = r.data;
      if (!this.sceneKnown(s.scene) || !s.playlist.scenes.every((x) => this.sceneKnown(x))) return null;
      // A restored playlist restarts its timer from now; the version continues (monotonic).
      const nextAt = s.pinned || s.playlist.paused ? null : this.nowFn() + s.playlist.intervalSec * 1000;
      return { ...s, version: s.version + 1, playlist: { ...s.playlist, nextAt } };
    } catch {
      return null;
    }
  }

  private sceneKnown(id: string): boolean {
    const p = parseScene(id);
    if (!p) return false;
    if (p.kind === 'block' || p.kind === 'municipality') return this.scenes.includes(id);
    return true;
  }

  private setState(next: WallState): void {
    if (next === this.state) return;
    this.state = next;
    try {
      if (!this.closed) this.cache.setState(WALL_STATE_KEY, JSON.stringify(next));
    } catch {
      // persisting the scene is a convenience; a read-only or busy cache does not stop the wall
    }
    this.schedulePlaylist();
    this.emit('wallState', next);
  }

  dispatch(intent: Intent): WallState {
    const check = (s: string | undefined) => {
      if (s !== undefined && !this.sceneKnown(s)) throw new HubError('bad_request', `неизвестная сцена «${s}»`);
    };
    if (intent.type === 'setScene' || intent.type === 'pin') check(intent.scene);
    if (intent.type === 'setPlaylist') intent.scenes?.forEach(check);
    if (intent.type === 'selectMunicipality' && intent.oktmo !== null && !this.names.municipalities.has(intent.oktmo))
      throw new HubError('bad_request', `неизвестный муниципалитет «${intent.oktmo}»`);
    this.setState(applyIntent(this.state, intent, this.nowFn()));
    return this.state;
  }

  tick(): void {
    if (this.closed) return;
    const next = tickPlaylist(this.state, this.nowFn());
    if (next !== this.state) this.setState(next);
    else this.schedulePlaylist();
  }

  private schedulePlaylist(): void {
    if (this.playlistTimer) clearTimeout(this.playlistTimer);
    this.playlistTimer = null;
    if (this.closed || this.opts.playlistTimer === false) return;
    const at = this.state.playlist.nextAt;
    if (at === null) return;
    const delay = Math.min(60_000, Math.max(0, at - this.nowFn()));
    this.playlistTimer = setTimeout(() => this.tick(), delay);
    this.playlistTimer.unref?.();
  }

  // ----------------------------------------------------------------------------- data

  applyBatch(items: readonly unknown[], opts?: { cursor?: string | null; source?: string }): ApplyResult {
    const r = this.cache.applyBatch(items, opts);
    this.ingest(r);
    return r;
  }

  ingest(result: ApplyResult): void {
    if (this.closed) return;
    this.lastBatchAt = this.nowFn();
    if (result.changed.length === 0 && result.removed.length === 0) {
      if (result.quarantined > 0) this.refreshHealth();
      return;
    }
    this.live.applyChanges(result.changed, result.removed);
    this.filtered.apply(result.changed, result.removed);
    if (result.dataVersion !== undefined) this.storeDataVersion = result.dataVersion;
    for (const m of result.changed) {
      const t = Math.max(m.createdAt, m.answeredAt ?? -Infinity, m.firstResponseAt ?? -Infinity);
      if (this.dataAsOf === null || t > this.dataAsOf) this.dataAsOf = t;
    }
    this.version++;
    this.viewCache.clear();
    this.scheduleViewChanged();
  }

  attachSource(src: SourceHandle): void {
    this.sources.push(src);
  }

  private scheduleViewChanged(): void {
    if (this.viewChangedTimer) return;
    const wait = this.lastViewChangedAt + VIEW_CHANGED_MIN_INTERVAL_MS - performance.now();
    const fire = () => {
      this.viewChangedTimer = null;
      if (this.closed) return;
      this.lastViewChangedAt = performance.now();
      this.emit('viewChanged', { dataVersion: this.version });
      const f = this.freshness();
      this.lastHealthJson = JSON.stringify(f.sync);
      this.lastHealthState = f.sync.state;
      this.lastHealthAt = performance.now();
      this.emit('health', f);
    };
    if (wait <= 0) fire();
    else {
      this.viewChangedTimer = setTimeout(fire, wait);
      this.viewChangedTimer.unref?.();
    }
  }

  private scanDataAsOf(): number | null {
    const s = this.store;
    let max = -Infinity;
    for (let r = 0; r < s.size; r++) {
      const c = s.createdAt[r]!;
      const a = s.answeredAt[r]!;
      if (c > max) max = c;
      if (a > max) max = a; // NaN compares false
    }
    return max === -Infinity ? null : max;
  }

  freshness(): Freshness {
    const h = this.liveSync ?? parseSyncHealth(this.cache.getState(SYNC_HEALTH_KEY));
    const quarantined = this.cache.quarantineCount();
    const lastSync = Math.max(this.lastBatchAt ?? -Infinity, h?.lastSyncAt ? Date.parse(h.lastSyncAt) || -Infinity : -Infinity);
    let sync: Freshness['sync'];
    if (h) {
      const p = h.progress;
      const progress =
        h.state === 'catching_up' && p.remaining !== null && p.applied + p.remaining > 0
          ? p.applied / (p.applied + p.remaining)
          : null;
      sync = { state: h.state, progress, offlineSince: isoOrNull(h.offlineSince), lastError: h.lastError, quarantined };
    } else {
      sync = { state: this.opts.demo ? 'demo' : 'idle', progress: null, offlineSince: null, lastError: null, quarantined };
    }
    return {
      dataAsOf: this.dataAsOf === null ? null : new Date(this.dataAsOf).toISOString(),
      lastSyncAt: Number.isFinite(lastSync) ? new Date(lastSync).toISOString() : null,
      sync,
    };
  }

  refreshHealth(): void {
    if (this.closed) return;
    let f: Freshness;
    try {
      f = this.freshness();
    } catch {
      return;
    }
    const j = JSON.stringify(f.sync);
    if (j === this.lastHealthJson) return;
    // A change of state (online → offline …) goes out at once; progress ticks at most 4 a second.
    const wait = f.sync.state !== this.lastHealthState ? 0 : this.lastHealthAt + HEALTH_MIN_INTERVAL_MS - performance.now();
    if (wait > 0) {
      if (!this.healthPushTimer) {
        this.healthPushTimer = setTimeout(() => {
          this.healthPushTimer = null;
          this.refreshHealth();
        }, wait);
        this.healthPushTimer.unref?.();
      }
      return;
    }
    if (this.healthPushTimer) clearTimeout(this.healthPushTimer);
    this.healthPushTimer = null;
    this.lastHealthJson = j;
    this.lastHealthState = f.sync.state;
    this.lastHealthAt = performance.now();
    this.emit('health', f);
  }

  setSyncHealth(h: SyncHealth | null): void {
    if (this.closed) return;
    this.liveSync = h;
    this.refreshHealth();
  }

  // ----------------------------------------------------------------------------- protocol

  async handle(role: Role, raw: unknown): Promise<Response> {
    const env = RequestSchema.safeParse(raw);
    if (!env.success) {
      const id = (raw as { id?: unknown })?.id;
      const method = (raw as { method?: unknown })?.method;
      const safeId = typeof id === 'number' && Number.isInteger(id) && id >= 0 && id <= 0xffff_ffff ? id : 0;
      const message =
        typeof method === 'string' && !isMethod(method)
          ? `неизвестный метод «${method.slice(0, 60)}»`
          : 'неверный запрос: ожидалось { id, method, params }';
      return { id: safeId, ok: false, error: { code: 'bad_request', message } };
    }
    const { id, method } = env.data;
    if (this.closed) return { id, ok: false, error: { code: 'unavailable', message: 'хаб остановлен' } };
    if (CONSOLE_ONLY.has(method) && role !== 'console')
      return { id, ok: false, error: { code: 'forbidden', message: `«${method}» доступно только пульту оператора` } };
    const p = parseParams(method, env.data.params);
    if (!p.ok) return { id, ok: false, error: { code: 'bad_request', message: p.message } };
    try {
      const result = await this.call(role, method, p.params);
      return { id, ok: true, result };
    } catch (e) {
      if (e instanceof HubError) return { id, ok: false, error: { code: e.code, message: e.message } };
      const msg = ((e as Error)?.message ?? String(e)).split('\n')[0]!;
      return { id, ok: false, error: { code: 'internal', message: `внутренняя ошибка хаба: ${msg}` } };
    }
  }

  private async call(role: Role, method: Method, params: unknown): Promise<unknown> {
    switch (method) {
      case 'hello':
        return this.hello(role);
      case 'getWallState':
        return this.state;
      case 'intent':
        return this.dispatch(params as Intent);
      case 'getView':
        return this.getView(params as ViewSpec, role);
      case 'getHeatPoints':
        return this.getHeatPoints(params as ViewSpec);
      case 'getGeo':
        return this.getGeo();
      case 'getMessage':
        return this.getMessage((params as ParsedParams<'getMessage'>).id);
      case 'act':
        return this.act(params as z.output<typeof ActParamsSchema>);
    }
  }

  private hello(role: Role): HelloResult {
    const names = { blocks: this.names.blocks, municipalities: this.names.municipalities };
    return {
      protocol: PROTOCOL_VERSION,
      appVersion: this.opts.appVersion ?? APP_VERSION,
      role,
      region: this.region,
      reference: this.reference,
      thresholds: this.thresholds,
      attribution: [OSM_ATTRIBUTION, POPULATION_ATTRIBUTION],
      scenes: this.scenes.map((id) => ({ id, title: sceneTitle(id, names) })),
      dataVersion: this.version,
      serverNow: this.nowFn(),
    };
  }

  /** The instant, window and filter of a view spec. */
  private resolve(spec: ViewSpec): { from: number; to: number; now: number; prevFrom: number } {
    const now = spec.now !== undefined ? Date.parse(spec.now) : Math.floor(this.nowFn() / 1000) * 1000;
    if (spec.from !== undefined && spec.to !== undefined) {
      const from = Date.parse(spec.from);
      const to = Date.parse(spec.to);
      return { from, to, now, prevFrom: from - (to - from) };
    }
    const w = resolveWindow(spec.window ?? 'today', now, this.region.timezone);
    if (!(w.to > w.from)) {
      // exactly at local midnight: a one-second window rather than an empty one
      return { from: w.from, to: w.from + 1000, now, prevFrom: w.from - 1000 };
    }
    return { ...w, now };
  }

  private getView(spec: ViewSpec, role: Role): ViewResult {
    const { from, to, now, prevFrom } = this.resolve(spec);
    const blocks = [...new Set(spec.blocks ?? [])].sort();
    const channels = [...new Set(spec.channels ?? [])].sort();
    const municipality = spec.municipality ?? null;
    const tickerLimit = spec.tickerLimit ?? 20;
    const queueLimit = spec.queueLimit ?? 50;
    const key = JSON.stringify([role, from, to, now, blocks, channels, municipality, tickerLimit, queueLimit]);
    const hit = this.viewCache.get(key);
    if (hit) return hit;

    const filtered = blocks.length > 0 || channels.length > 0;
    const store = this.filtered.get({ blocks, channels });
    let region: KpiGroup;
    let byBlock: KpiGroup[];
    let byMunicipality: KpiGroup[];
    let queueItems: QueueItem[];
    let rating;
    const ref: KpiReference = filtered
      ? {
          blocks: blocks.length ? this.kpiRef.blocks.filter((b) => blocks.includes(b)) : this.kpiRef.blocks,
          channels: channels.length ? this.kpiRef.channels.filter((c) => channels.includes(c)) : this.kpiRef.channels,
          municipalities: this.kpiRef.municipalities,
        }
      : this.kpiRef;
    if (!filtered) {
      this.live.setView({ from, to, now });
      const snap = this.live.snapshot();
      region = snap.region.groups[0]!;
      byBlock = snap.block.groups;
      byMunicipality = snap.municipality.groups;
      rating = snap.rating;
      queueItems = snap.queue.items;
    } else {
      const kpi = (by: 'region' | 'block' | 'municipality') => computeKpi(store, { from, to, now, by, reference: ref }).groups;
      region = kpi('region')[0]!;
      byBlock = kpi('block');
      byMunicipality = kpi('municipality');
      rating = computeRating(store, { from, to, now, municipalities: this.ratingMunis, thresholds: this.thresholds });
      queueItems = computeQueue(store, { now, thresholds: this.thresholds }).items;
    }
    const byBlockMunicipality = computeKpi(store, { from, to, now, by: 'block,municipality', reference: ref }).groups;

    const inMuni = municipality === null ? queueItems : queueItems.filter((q) => q.municipality === municipality);
    const byLevel = { 1: 0, 2: 0, 3: 0 };
    for (const q of inMuni) byLevel[q.level]++;
    const view: ViewResult = {
      from: iso(from),
      to: iso(to),
      now: iso(now),
      prevFrom: iso(prevFrom),
      dataVersion: this.version,
      kpi: { region, byBlock, byMunicipality, byBlockMunicipality },
      rating,
      queue: {
        now: iso(now),
        items: inMuni.slice(0, queueLimit).map((q) => this.enrichQueueItem(store, q, role)),
        total: inMuni.length,
        byLevel,
      },
      ticker: this.ticker(store, now, tickerLimit, municipality, role),
      freshness: this.freshness(),
    };
    this.viewCache.set(key, view);
    if (this.viewCache.size > 16) this.viewCache.delete(this.viewCache.keys().next().value as string);
    return view;
  }

  private text(id: string, role: Role): string {
    const t = this.cache.getMessage(id)?.text ?? '';
    if (!t) return '';
    const shown = role === 'console' ? t : maskPersonalData(t);
    return shown.length > EXCERPT_CHARS ? shown.slice(0, EXCERPT_CHARS - 1).trimEnd() + '…' : shown;
  }

  private blockName(id: string): string {
    return blockLabel(id, this.names.blocks.get(id));
  }

  private enrichQueueItem(store: MessageStore, q: QueueItem, role: Role): ViewQueueItem {
    const r = store.getRow(q.id)!;
    const category = store.categories.values[store.category[r]!]!;
    return {
      ...q,
      blockName: this.blockName(q.block),
      municipalityName: this.names.municipalities.get(q.municipality) ?? q.municipality,
      category,
      categoryName: this.names.categories.get(category) ?? category,
      channel: store.channels.values[store.channel[r]!]!,
      status: STATUSES[store.status[r]!]!,
      createdAt: iso(store.createdAt[r]!),
      dueAt: iso(store.dueAt[r]!),
      excerpt: this.text(q.id, role),
    };
  }

  /** The latest `limit` messages created at or before `now` (newest first). */
  private ticker(store: MessageStore, now: number, limit: number, municipality: string | null, role: Role): TickerItem[] {
    if (limit <= 0 || store.size === 0) return [];
    const muni = municipality === null ? -1 : (store.municipalities.lookup(municipality) ?? -2);
    if (muni === -2) return [];
    let minKey = Infinity;
    for (const k of store.byCreated.buckets.keys()) if (k < minKey) minKey = k;
    const created = store.createdAt;
    const rows: number[] = [];
    let hi = now + 1;
    const span = 6 * HOUR;
    // Walk back six hours at a time until enough rows or the oldest bucket is passed (bounded).
    while (rows.length < limit && hi > minKey * HOUR) {
      const lo = hi - span;
      store.byCreated.forEachCandidate(lo, hi, (r) => {
        const t = created[r]!;
        if (t >= lo && t < hi && (muni < 0 || store.municipality[r] === muni)) rows.push(r);
      });
      hi = lo;
    }
    rows.sort((a, b) => created[b]! - created[a]! || (store.ids[a]! < store.ids[b]! ? 1 : -1));
    return rows.slice(0, limit).map((r) => {
      const id = store.ids[r]!;
      const block = store.blocks.values[store.block[r]!]!;
      const mu = store.municipalities.values[store.municipality[r]!]!;
      const channel = store.channels.values[store.channel[r]!]!;
      const category = store.categories.values[store.category[r]!]!;
      return {
        id,
        at: iso(created[r]!),
        block,
        blockName: this.blockName(block),
        municipality: mu,
        municipalityName: this.names.municipalities.get(mu) ?? mu,
        channel,
        channelName: channelLabel(channel, this.names.channels.get(channel)),
        category,
        categoryName: this.names.categories.get(category) ?? category,
        status: STATUSES[store.status[r]!]!,
        text: this.text(id, role),
      };
    });
  }

  private getHeatPoints(spec: ViewSpec): HeatPointsResult {
    const { from, to } = this.resolve(spec);
    const points = heatPoints(this.store, {
      from,
      to,
      blocks: spec.blocks?.length ? spec.blocks : undefined,
      channels: spec.channels?.length ? spec.channels : undefined,
      municipality: spec.municipality ?? undefined,
    });
    return { points, count: Math.floor(points.length / 3), dataVersion: this.version };
  }

  private getGeo(): GeoResult {
    if (this.geo) return this.geo;
    if (!this.region.id || !isRegionId(this.region.id))
      throw new HubError('not_found', `нет границ муниципалитетов для региона «${this.region.name}»`);
    this.geo = loadGeo(this.region.id, this.names.municipalities);
    return this.geo;
  }

  private getMessage(id: string): GetMessageResult {
    const m = this.cache.getMessage(id);
    if (!m) throw new HubError('not_found', `сообщение «${id}» не найдено`);
    return {
      message: m,
      blockName: this.blockName(m.block),
      categoryName: this.names.categories.get(m.category) ?? m.category,
      municipalityName: this.names.municipalities.get(m.municipality) ?? m.municipality,
      channelName: channelLabel(m.channel, this.names.channels.get(m.channel)),
    };
  }

  private async act(p: z.output<typeof ActParamsSchema>): Promise<{ actionId: string; queued: true }> {
    if (!this.cache.getMessage(p.messageId)) throw new HubError('not_found', `сообщение «${p.messageId}» не найдено`);
    const r = await enqueueOperatorAction(this.cache, {
      messageId: p.messageId,
      type: p.type,
      payload: p.payload,
      operator: p.operator ?? this.opts.operator ?? 'console',
      at: new Date(this.nowFn()).toISOString(),
    });
    if (!r.ok) throw new HubError('unavailable', r.message);
    this.refreshHealth();
    return { actionId: r.actionId, queued: true };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of [this.viewChangedTimer, this.playlistTimer, this.healthPushTimer]) if (t) clearTimeout(t);
    if (this.healthTimer) clearInterval(this.healthTimer);
    for (const s of this.sources.splice(0)) {
      try {
        await s.stop();
      } catch {
        // stopping a source must not keep the hub open
      }
    }
    this.listeners.clear();
    this.filtered.clear();
    // Leave a snapshot of the store for the next start (only written if the store mirrors the
    // cache's current data_version: a batch the hub never saw means the next start scans).
    saveStoreSnapshot(this.cache, this.store, this.storeDataVersion);
    this.cache.close();
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isoOrNull(s: string | null): string | null {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function regionIdByCode(code: string): RegionId | null {
  for (const r of Object.values(REGIONS)) if (r.code === code) return r.id;
  return null;
}
