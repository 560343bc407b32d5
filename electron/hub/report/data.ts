/**
 * The figures of the справка (docs/spec/report.md), gathered from the indicator engine over the
 * same store the `kpi`, `rating` and `queue` commands load (electron/hub/engine/cli.ts): one
 * computeKpi per grouping, the rating from the municipality groups (ratingFromGroups, what
 * computeRating does after its own computeKpi), computeQueue — never computed apart.
 *
 * Two figures have no grouping in the engine (shared/engine is not ours to change): incoming per
 * day/hour (section 3) and incoming per category (section 5). They count kpi.md's `incoming`
 * («messages with createdAt in W») for sub-windows and category groups over the store's hourly
 * index of createdAt; the tests hold them to computeKpi (each bucket equals computeKpi over the
 * bucket's window, and the sums equal `incoming` and `incomingPrev`).
 */
import { DateTime } from 'luxon';
import type { Cache } from '../cache/api.js';
import type { MessageStore } from '../../../shared/engine/store.js';
import { computeKpi, type KpiReference } from '../../../shared/engine/kpi.js';
import { ratingFromGroups, type RatingMunicipality } from '../../../shared/engine/rating.js';
import { computeQueue } from '../../../shared/engine/queue.js';
import type { KpiGroup, KpiResult, QueueResult, RatingResult, Thresholds } from '../../../shared/engine/types.js';
import { REGIONS, type RegionId } from '../../../shared/regions.js';
import { SYNC_HEALTH_KEY, SyncHealthSchema } from '../../../shared/sync-health.js';
import { maskPersonalData } from '../../../shared/mask.js';
import { blockLabel } from '../../../shared/blocks.js';
import { HOUR } from '../../../shared/model.js';
import { engineReference, loadStore } from '../engine/load.js';
import { DEMO_REFERENCE_VERSION } from '../demo/reference.js';
import type { AlertProvider, ReportAlert } from './alerts.js';
import { rfc3339 } from './format.js';

/** Where the data came from, for the title page. */
export interface DataSource {
  kind: 'demo' | 'api' | 'import';
  /** The central API's address (kind 'api'). */
  api: string | null;
  /** Last successful exchange with the API, epoch ms, when known. */
  lastSyncAt: number | null;
}

/** What the справка is made from: the engine's store and the cache's dictionaries. */
export interface ReportSource {
  store: MessageStore;
  reference: KpiReference;
  municipalities: RatingMunicipality[];
  region: { id: RegionId | null; code: string; name: string; timezone: string };
  blockNames: ReadonlyMap<string, string>;
  categoryNames: ReadonlyMap<string, string>;
  source: DataSource;
  /** A message's text (full; the report masks it), or null. */
  text(id: string): string | null;
  thresholds?: Partial<Thresholds>;
}

/**
 * Whether a cache holds demonstration data: it syncs from no API and its dictionaries are the
 * demo generator's (`demo` command, `serve --demo`: electron/hub/demo/reference.ts).
 */
export function isDemoCache(cache: Cache): boolean {
  const ref = cache.getReference();
  return cache.getApiUrl() === null && ref !== null && ref.referenceVersion.split('-')[0] === DEMO_REFERENCE_VERSION.split('-')[0];
}

/** The report's source over an open cache; `store` when the caller holds one already (the hub). */
export function reportSourceFromCache(cache: Cache, store: MessageStore = loadStore(cache), thresholds?: Partial<Thresholds>): ReportSource {
  const { reference, municipalities } = engineReference(cache, store);
  const meta = cache.getRegion();
  const id = meta ? ((Object.values(REGIONS).find((r) => r.code === meta.code)?.id ?? null) as RegionId | null) : null;
  let timezone = meta?.timezone ?? 'UTC';
  if (!DateTime.now().setZone(timezone).isValid) timezone = 'UTC';
  const ref = cache.getReference();
  const api = cache.getApiUrl();
  let lastSyncAt: number | null = null;
  const raw = cache.getState(SYNC_HEALTH_KEY);
  if (raw) {
    try {
      const h = SyncHealthSchema.safeParse(JSON.parse(raw));
      if (h.success && h.data.lastSyncAt) lastSyncAt = Date.parse(h.data.lastSyncAt) || null;
    } catch {
      // unreadable health: freshness unknown
    }
  }
  return {
    store,
    reference,
    municipalities,
    region: { id, code: meta?.code ?? '', name: meta?.name ?? 'Регион не задан', timezone },
    blockNames: new Map(ref?.blocks.map((b) => [b.id, b.name]) ?? []),
    categoryNames: new Map(ref?.categories.map((c) => [c.id, c.name]) ?? []),
    source: { kind: isDemoCache(cache) ? 'demo' : api ? 'api' : 'import', api, lastSyncAt },
    text: (mid) => cache.getMessage(mid)?.text ?? null,
    thresholds,
  };
}

export interface SeriesBucket {
  /** Start and end of the bucket in the period (epoch ms); the previous period's is L earlier. */
  start: number;
  end: number;
  cur: number;
  prev: number;
}

export interface CategoryRow {
  id: string;
  name: string;
  block: string;
  cur: number;
  prev: number;
}

export interface QueueRow {
  id: string;
  level: 1 | 2 | 3;
  reasons: string[];
  overdueMin: number;
  weight: number;
  block: string;
  municipality: string;
  /** The text, masked as on the wall (shared/mask.ts), or null. */
  text: string | null;
}

export interface ReportData {
  from: number;
  to: number;
  now: number;
  zone: string;
  /** RFC 3339 with the region's offset. */
  fromText: string;
  toText: string;
  nowText: string;
  region: ReportSource['region'];
  source: DataSource;
  /** The latest createdAt / answeredAt at or before `now` (what the data reaches), or null. */
  dataAsOf: number | null;
  kpi: { region: KpiResult; block: KpiResult; municipality: KpiResult };
  /** The previous period of the same length, cut at the same elapsed time (kpi.md `incomingPrev`). */
  prev: { from: number; to: number; now: number; region: KpiGroup | null };
  rating: RatingResult;
  queue: QueueResult;
  /** Queue size per level 1..3 at `now`. */
  queueByLevel: [number, number, number];
  /** The queue's first ten items with their masked texts. */
  queueFirst: QueueRow[];
  series: { unit: 'day' | 'hour'; buckets: SeriesBucket[] };
  categories: { top: CategoryRow[]; grown: CategoryRow[]; all: CategoryRow[] };
  /** Alerts of the period; null when no detector is connected. */
  alerts: ReportAlert[] | null;
  blockNames: ReadonlyMap<string, string>;
  categoryNames: ReadonlyMap<string, string>;
  municipalityNames: ReadonlyMap<string, string>;
  /** Population per OKTMO (for the map). */
  population: ReadonlyMap<string, number>;
  madeAt: number;
}

export interface GatherOptions {
  from: number;
  to: number;
  now: number;
  alerts?: AlertProvider;
  /** When the report is made (default: the clock). */
  madeAt?: number;
}

/** Hour buckets for a period of two days or less, otherwise calendar days in the zone. */
export function seriesBuckets(from: number, to: number, zone: string): { unit: 'day' | 'hour'; edges: number[] } {
  const unit = to - from <= 48 * HOUR ? 'hour' : 'day';
  const edges = [from];
  let t = DateTime.fromMillis(from, { zone }).startOf(unit);
  for (;;) {
    t = t.plus(unit === 'hour' ? { hours: 1 } : { days: 1 });
    const ms = t.toMillis();
    if (ms >= to) break;
    if (ms > from) edges.push(ms);
  }
  edges.push(to);
  return { unit, edges };
}

/** Incoming (createdAt in [lo, hi)) per bucket of `edges`, and per category, over the store's hourly index. */
function countCreated(store: MessageStore, lo: number, hi: number, edges: readonly number[], shift: number, perCategory: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length - 1);
  if (!(hi > lo)) return counts;
  const created = store.createdAt;
  const cat = store.category;
  store.byCreated.forEachCandidate(lo, hi, (r) => {
    const c = created[r]!;
    if (!(c >= lo && c < hi)) return;
    perCategory[cat[r]!]!++;
    const t = c + shift;
    // binary search of the bucket
    let a = 0;
    let b = edges.length - 2;
    while (a < b) {
      const m = (a + b + 1) >> 1;
      if (edges[m]! <= t) a = m;
      else b = m - 1;
    }
    counts[a]!++;
  });
  return counts;
}

const collator = new Intl.Collator('ru');

export async function gatherReport(src: ReportSource, opts: GatherOptions): Promise<ReportData> {
  const { from, to, now } = opts;
  if (!(from < to)) throw new Error('начало периода должно быть раньше конца');
  const zone = src.region.timezone;
  const store = src.store;
  const fromText = rfc3339(from, zone);
  const toText = rfc3339(to, zone);
  const nowText = rfc3339(now, zone);
  const base = { from, to, now, reference: src.reference, fromText, toText, nowText };
  const region = computeKpi(store, { ...base, by: 'region' });
  const block = computeKpi(store, { ...base, by: 'block' });
  const municipality = computeKpi(store, { ...base, by: 'municipality' });
  // computeRating's own pass is the municipality grouping above: the rating from its groups
  const rating = ratingFromGroups(municipality.groups, src.municipalities, src.thresholds);
  const queue = computeQueue(store, { now, thresholds: src.thresholds, nowText });

  // kpi.md incomingPrev: [from - L, from - L + e), e = min(max(now - from, 0), L)
  const L = to - from;
  const e = Math.min(Math.max(now - from, 0), L);
  const prevFrom = from - L;
  const prevTo = prevFrom + e;
  const prevNow = now - L;
  let prevRegion: KpiGroup | null = null;
  if (e > 0) prevRegion = computeKpi(store, { from: prevFrom, to: prevTo, now: prevNow, reference: src.reference, by: 'region' }).groups[0] ?? null;

  const { unit, edges } = seriesBuckets(from, to, zone);
  const nCat = Math.max(1, store.categories.size);
  const catCur = new Float64Array(nCat);
  const catPrev = new Float64Array(nCat);
  const cur = countCreated(store, from, to, edges, 0, catCur);
  const prev = countCreated(store, prevFrom, prevTo, edges, L, catPrev);
  const buckets: SeriesBucket[] = [];
  for (let i = 0; i < edges.length - 1; i++) buckets.push({ start: edges[i]!, end: edges[i + 1]!, cur: cur[i]!, prev: prev[i]! });

  const catBlock = new Map<string, string>();
  for (let r = 0; r < store.size; r++) {
    const c = store.categories.values[store.category[r]!]!;
    if (!catBlock.has(c)) catBlock.set(c, store.blocks.values[store.block[r]!]!);
    if (catBlock.size === store.categories.size) break;
  }
  const all: CategoryRow[] = [];
  for (let i = 0; i < store.categories.size; i++) {
    const id = store.categories.values[i]!;
    if (catCur[i] === 0 && catPrev[i] === 0) continue;
    all.push({ id, name: src.categoryNames.get(id) ?? id, block: catBlock.get(id) ?? '', cur: catCur[i]!, prev: catPrev[i]! });
  }
  all.sort((a, b) => b.cur - a.cur || collator.compare(a.name, b.name));
  const top = all.slice(0, 10);
  const grown = all
    .filter((c) => c.cur - c.prev > 0)
    .sort((a, b) => b.cur - b.prev - (a.cur - a.prev) || collator.compare(a.name, b.name))
    .slice(0, 5);

  const queueByLevel: [number, number, number] = [0, 0, 0];
  for (const it of queue.items) queueByLevel[it.level - 1]!++;
  const queueFirst: QueueRow[] = queue.items.slice(0, 10).map((it) => {
    const t = src.text(it.id);
    return { ...it, text: t === null || t === '' ? null : maskPersonalData(t) };
  });

  let dataAsOf = -Infinity;
  const ca = store.createdAt;
  const aa = store.answeredAt;
  for (let r = 0; r < store.size; r++) {
    const c = ca[r]!;
    const a = aa[r]!;
    if (c <= now && c > dataAsOf) dataAsOf = c;
    if (a <= now && a > dataAsOf) dataAsOf = a; // NaN compares false
  }

  // last: the store is read before this (an as-of store is only ours until the first await)
  let alerts: ReportAlert[] | null = null;
  if (opts.alerts) alerts = [...(await opts.alerts(from, to))];

  const population = new Map<string, number>();
  for (const m of src.municipalities) if (m.population) population.set(m.oktmo, m.population);
  const blockNames = new Map<string, string>();
  for (const g of block.groups) if (g.block !== null) blockNames.set(g.block, blockLabel(g.block, src.blockNames.get(g.block)));

  return {
    from,
    to,
    now,
    zone,
    fromText,
    toText,
    nowText,
    region: src.region,
    source: src.source,
    dataAsOf: Number.isFinite(dataAsOf) ? dataAsOf : null,
    kpi: { region, block, municipality },
    prev: { from: prevFrom, to: prevTo, now: prevNow, region: prevRegion },
    rating,
    queue,
    queueByLevel,
    queueFirst,
    series: { unit, buckets },
    categories: { top, grown, all },
    alerts,
    blockNames,
    categoryNames: src.categoryNames,
    municipalityNames: new Map(rating.rows.map((r) => [r.municipality, r.name])),
    population,
    madeAt: opts.madeAt ?? Date.now(),
  };
}
