/**
 * View composition: what a window asks for, composed from the data set — `hello` (region,
 * reference, thresholds, scenes), `getView` (KPI by region / block / municipality, rating, the
 * enriched queue, the ticker, freshness), `getHeatPoints`, `getGeo` and `getMessage`.
 *
 * The numbers are those of the `kpi`, `rating` and `queue` commands for the same data, window and
 * `now`: the same engine (LiveModel, whose results equal computeKpi/computeRating/computeQueue, or
 * those functions directly over a filtered store) over the same reference (engineReference).
 * Texts of messages are masked with maskPersonalData for wall clients, full for console clients.
 * A few recent views are kept until the data changes (`invalidate`).
 *
 * At an instant (issue 10): a spec without `now` is answered at the wall state's instant when the
 * wall shows the archive (`shownInstant`), so every window and every method — view, queue,
 * rating, ticker, heat points — follows the archive. A past `now` is computed by the batch
 * functions over `storeAt(now)`, the ONE seam of the data as it stood at an instant (see
 * ViewDeps.storeAt: which implementation is in use is said there and in hub.ts).
 */
import type { Cache } from '../cache/api.js';
import type { LiveModel } from '../../../shared/engine/live.js';
import { computeKpi, computeKpiGroupings, type KpiReference } from '../../../shared/engine/kpi.js';
import { computeRating, type RatingMunicipality } from '../../../shared/engine/rating.js';
import { computeQueue } from '../../../shared/engine/queue.js';
import { heatPoints } from '../../../shared/engine/heat.js';
import { MessageStore } from '../../../shared/engine/store.js';
import type { KpiGroup, QueueItem, Thresholds } from '../../../shared/engine/types.js';
import { isRegionId, OSM_ATTRIBUTION, POPULATION_ATTRIBUTION } from '../../../shared/regions.js';
import { blockLabel, channelLabel } from '../../../shared/blocks.js';
import { STATUSES, type Reference } from '../../../shared/schema.js';
import { maskPersonalData } from '../../../shared/mask.js';
import {
  PROTOCOL_VERSION,
  type BridgeRegionInfo,
  type Freshness,
  type GeoResult,
  type GetMessageResult,
  type HeatPointsResult,
  type HelloResult,
  type Role,
  type TickerItem,
  type ViewQueueItem,
  type ViewResult,
  type ViewSpec,
} from '../../../shared/bridge/protocol.js';
import { sceneTitle, type SceneId } from '../../../shared/bridge/wallState.js';
import { resolveWindow } from '../../../shared/bridge/window.js';
import type { FilteredStores } from './filtered.js';
import type { Names } from './dataset.js';
import { loadGeo } from './geo.js';
import { HubError } from './errors.js';
import type { Handlers } from './router.js';

const EXCERPT_CHARS = 200;
const HOUR = 3_600_000;
/** Views kept until the data changes. */
const VIEW_CACHE_SIZE = 16;

/** What views read of the data set. */
export interface ViewData {
  readonly region: BridgeRegionInfo;
  readonly store: MessageStore;
  readonly live: LiveModel;
  readonly filtered: FilteredStores;
  readonly reference: Reference | null;
  readonly kpiRef: KpiReference;
  readonly ratingMunis: readonly RatingMunicipality[];
  readonly names: Names;
  readonly scenes: readonly SceneId[];
  readonly thresholds: Thresholds;
  readonly dataVersion: number;
}

/** The data as it stood at instant `t` (docs/spec/kpi.md v2), narrowed to blocks / channels. */
export type StoreAt = (t: number, filter: { blocks: readonly string[]; channels: readonly string[] }) => MessageStore;

export interface ViewDeps {
  data: ViewData;
  /**
   * The instant the wall shows when archived (epoch ms), null when live: a spec without `now` is
   * answered at it.
   */
  shownInstant?: () => number | null;
  /**
   * The store of the states at a past instant. The hub gives the history's as-of store
   * (./asof.ts AsOfService.storeAt: exact, kpi.md v2). Absent (unit tests): the version-1 approximation
   * (`storeAtApprox`: today's states, the batch functions run with `now = t` — exact for
   * messages created after t, wrong for messages answered or deleted since t).
   */
  storeAt?: StoreAt;
  /** Full texts of messages (masked here for the wall). */
  messages: Pick<Cache, 'getMessage'>;
  freshness: () => Freshness;
  now: () => number;
  appVersion: string;
}

export class ViewService {
  private readonly viewCache = new Map<string, ViewResult>();
  private geo: GeoResult | null = null;

  constructor(private readonly deps: ViewDeps) {}

  /** The data changed: views are composed afresh (after a reload, the geometry too). */
  invalidate(opts: { reloaded: boolean }): void {
    this.viewCache.clear();
    if (opts.reloaded) this.geo = null;
  }

  handlers(): Pick<Handlers, 'hello' | 'getView' | 'getHeatPoints' | 'getGeo' | 'getMessage'> {
    return {
      hello: (_p, { role }) => this.hello(role),
      getView: (spec, { role }) => this.getView(spec, role),
      getHeatPoints: (spec) => this.getHeatPoints(spec),
      getGeo: () => this.getGeo(),
      getMessage: ({ id }) => this.getMessage(id),
    };
  }

  hello(role: Role): HelloResult {
    const d = this.deps.data;
    const names = { blocks: d.names.blocks, municipalities: d.names.municipalities };
    return {
      protocol: PROTOCOL_VERSION,
      appVersion: this.deps.appVersion,
      role,
      region: d.region,
      reference: d.reference,
      thresholds: d.thresholds,
      attribution: [OSM_ATTRIBUTION, POPULATION_ATTRIBUTION],
      scenes: d.scenes.map((id) => ({ id, title: sceneTitle(id, names) })),
      dataVersion: d.dataVersion,
      serverNow: this.deps.now(),
    };
  }

  /** The present as views see it (whole seconds of the hub's clock). */
  private present(): number {
    return Math.floor(this.deps.now() / 1000) * 1000;
  }

  /** The instant, window and filter of a view spec: its own `now`, else the wall's, else the present. */
  private resolve(spec: ViewSpec): { from: number; to: number; now: number; prevFrom: number } {
    const archived = spec.now === undefined ? (this.deps.shownInstant?.() ?? null) : null;
    const now = spec.now !== undefined ? Date.parse(spec.now) : archived !== null ? archived : this.present();
    if (spec.from !== undefined && spec.to !== undefined) {
      const from = Date.parse(spec.from);
      const to = Date.parse(spec.to);
      return { from, to, now, prevFrom: from - (to - from) };
    }
    const w = resolveWindow(spec.window ?? 'today', now, this.deps.data.region.timezone);
    if (!(w.to > w.from)) {
      // exactly at local midnight: a one-second window rather than an empty one
      return { from: w.from, to: w.from + 1000, now, prevFrom: w.from - 1000 };
    }
    return { ...w, now };
  }

  getView(spec: ViewSpec, role: Role): ViewResult {
    const d = this.deps.data;
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
    // A past instant: the batch functions over the states at that instant (never the live model).
    const past = now < this.present();
    const store = past ? this.storeAt(now, { blocks, channels }) : d.filtered.get({ blocks, channels });
    let region: KpiGroup;
    let byBlock: KpiGroup[];
    let byMunicipality: KpiGroup[];
    let queueItems: QueueItem[];
    let byBlockMunicipality: KpiGroup[];
    let rating;
    const ref: KpiReference = filtered
      ? {
          blocks: blocks.length ? d.kpiRef.blocks.filter((b) => blocks.includes(b)) : d.kpiRef.blocks,
          channels: channels.length ? d.kpiRef.channels.filter((c) => channels.includes(c)) : d.kpiRef.channels,
          municipalities: d.kpiRef.municipalities,
        }
      : d.kpiRef;
    if (!filtered && !past) {
      d.live.setView({ from, to, now });
      const snap = d.live.snapshot();
      region = snap.region.groups[0]!;
      byBlock = snap.block.groups;
      byMunicipality = snap.municipality.groups;
      rating = snap.rating;
      queueItems = snap.queue.items;
      byBlockMunicipality = computeKpi(store, { from, to, now, by: 'block,municipality', reference: ref }).groups;
    } else {
      // a past instant or a filter: every grouping in one pass over the rows
      const g = computeKpiGroupings(store, { from, to, now, reference: ref }, ['region', 'block', 'municipality', 'block,municipality']);
      region = g.region!.groups[0]!;
      byBlock = g.block!.groups;
      byMunicipality = g.municipality!.groups;
      byBlockMunicipality = g['block,municipality']!.groups;
      rating = computeRating(store, { from, to, now, municipalities: d.ratingMunis, thresholds: d.thresholds });
      queueItems = computeQueue(store, { now, thresholds: d.thresholds }).items;
    }

    const inMuni = municipality === null ? queueItems : queueItems.filter((q) => q.municipality === municipality);
    const byLevel = { 1: 0, 2: 0, 3: 0 };
    for (const q of inMuni) byLevel[q.level]++;
    const view: ViewResult = {
      from: iso(from),
      to: iso(to),
      now: iso(now),
      prevFrom: iso(prevFrom),
      dataVersion: d.dataVersion,
      kpi: { region, byBlock, byMunicipality, byBlockMunicipality },
      rating,
      queue: {
        now: iso(now),
        items: inMuni.slice(0, queueLimit).map((q) => this.enrichQueueItem(store, q, role)),
        total: inMuni.length,
        byLevel,
      },
      ticker: this.ticker(store, now, tickerLimit, municipality, role),
      freshness: this.deps.freshness(),
    };
    this.viewCache.set(key, view);
    if (this.viewCache.size > VIEW_CACHE_SIZE) this.viewCache.delete(this.viewCache.keys().next().value as string);
    return view;
  }

  /** The data as it stood at `t` (see ViewDeps.storeAt). */
  private storeAt(t: number, filter: { blocks: readonly string[]; channels: readonly string[] }): MessageStore {
    return this.deps.storeAt ? this.deps.storeAt(t, filter) : storeAtApprox(this.deps.data, filter);
  }

  /** A message's text for this role (masked for the wall), cut to an excerpt. */
  private text(id: string, role: Role): string {
    const t = this.deps.messages.getMessage(id)?.text ?? '';
    if (!t) return '';
    const shown = role === 'console' ? t : maskPersonalData(t);
    return shown.length > EXCERPT_CHARS ? shown.slice(0, EXCERPT_CHARS - 1).trimEnd() + '…' : shown;
  }

  private blockName(id: string): string {
    return blockLabel(id, this.deps.data.names.blocks.get(id));
  }

  private enrichQueueItem(store: MessageStore, q: QueueItem, role: Role): ViewQueueItem {
    const names = this.deps.data.names;
    const r = store.getRow(q.id)!;
    const category = store.categories.values[store.category[r]!]!;
    return {
      ...q,
      blockName: this.blockName(q.block),
      municipalityName: names.municipalities.get(q.municipality) ?? q.municipality,
      category,
      categoryName: names.categories.get(category) ?? category,
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
    const names = this.deps.data.names;
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
        municipalityName: names.municipalities.get(mu) ?? mu,
        channel,
        channelName: channelLabel(channel, names.channels.get(channel)),
        category,
        categoryName: names.categories.get(category) ?? category,
        status: STATUSES[store.status[r]!]!,
        text: this.text(id, role),
      };
    });
  }

  getHeatPoints(spec: ViewSpec): HeatPointsResult {
    const d = this.deps.data;
    const { from, to, now } = this.resolve(spec);
    const store = now < this.present() ? this.storeAt(now, { blocks: [], channels: [] }) : d.store;
    const points = heatPoints(store, {
      from,
      to,
      blocks: spec.blocks?.length ? spec.blocks : undefined,
      channels: spec.channels?.length ? spec.channels : undefined,
      municipality: spec.municipality ?? undefined,
    });
    return { points, count: Math.floor(points.length / 3), dataVersion: d.dataVersion };
  }

  getGeo(): GeoResult {
    if (this.geo) return this.geo;
    const region = this.deps.data.region;
    if (!region.id || !isRegionId(region.id))
      throw new HubError('not_found', `нет границ муниципалитетов для региона «${region.name}»`);
    this.geo = loadGeo(region.id, this.deps.data.names.municipalities);
    return this.geo;
  }

  getMessage(id: string): GetMessageResult {
    const names = this.deps.data.names;
    const m = this.deps.messages.getMessage(id);
    if (!m) throw new HubError('not_found', `сообщение «${id}» не найдено`);
    return {
      message: m,
      blockName: this.blockName(m.block),
      categoryName: names.categories.get(m.category) ?? m.category,
      municipalityName: names.municipalities.get(m.municipality) ?? m.municipality,
      channelName: channelLabel(m.channel, names.channels.get(m.channel)),
    };
  }
}

/**
 * The rows of `store` in the given blocks / channels, as a new store (the store itself when the
 * filter is empty). For the as-of store, whose filtered copies are not kept.
 */
export function filterStore(store: MessageStore, filter: { blocks: readonly string[]; channels: readonly string[] }): MessageStore {
  if (filter.blocks.length === 0 && filter.channels.length === 0) return store;
  const blocks = filter.blocks.length ? new Set(filter.blocks) : null;
  const channels = filter.channels.length ? new Set(filter.channels) : null;
  const out = new MessageStore();
  for (let r = 0; r < store.size; r++) {
    if (blocks && !blocks.has(store.blocks.values[store.block[r]!]!)) continue;
    if (channels && !channels.has(store.channels.values[store.channel[r]!]!)) continue;
    out.upsert(store.toNormalized(r));
  }
  return out;
}

/**
 * The version-1 approximation of the data at an instant: today's states (filtered). The batch
 * functions run over it with `now = t`, which is exact for messages created after t (they are left
 * out) and wrong for those answered, reworked or deleted since. Replaced by the history's as-of
 * store (ViewDeps.storeAt) where the hub has one.
 */
export function storeAtApprox(data: Pick<ViewData, 'filtered'>, filter: { blocks: readonly string[]; channels: readonly string[] }): MessageStore {
  return data.filtered.get(filter);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
