/**
 * Trends for the briefing (issue 11, "The wall tells the story"): `getTrends` — incoming per local
 * day over the last 14 (week) or 30 (month) days for the region and each block, the week against
 * the week before, the categories with the most messages and the fastest-growing against the
 * previous period of the same length, the rating's movement against that previous period and the
 * municipalities that entered the red zone, and «Главные проблемы» as subjects in places
 * (category × municipality groups of open messages).
 *
 * Numbers come from the engine (computeKpi / computeRating, docs/spec/kpi.md) or, for the day
 * counts, from the store's hourly index of createdAt — which count exactly what computeKpi's
 * `incoming` counts over each day (tests/unit/electron/hub/service/trends.test.ts). Day boundaries
 * are the region's (kpi.md), never the machine's.
 */
import { DateTime } from 'luxon';
import { computeKpi } from '../../../shared/engine/kpi.js';
import { computeRating } from '../../../shared/engine/rating.js';
import { OPEN_MASK, type MessageStore } from '../../../shared/engine/store.js';
import { blockLabel } from '../../../shared/blocks.js';
import type { TrendsParams, TrendsResult, BriefingPeriodName } from '../../../shared/bridge/protocol.js';
import type { ViewData } from './views.js';
import type { Handlers } from './router.js';

/** Rows of each list sent (bounded). */
const TOP = 8;
const PROBLEMS = 12;

export interface TrendsDeps {
  data: ViewData;
  /** The data's present (epoch ms). */
  now: () => number;
  /**
   * The archive instant the wall shows (epoch ms), null when live (as ViewDeps.shownInstant): a
   * request without its own `now` is answered at it — the briefing of the time machine's instant.
   */
  shownInstant?: () => number | null;
  /** The messages as they stood at a past instant (as ViewDeps.storeAt); absent: the live store. */
  storeAt?: (t: number) => MessageStore;
}

/** The briefing's period: [local midnight (days − 1) days ago, now) and the one before it, of the same length. */
export function briefingPeriod(period: BriefingPeriodName, now: number, timezone: string): { from: number; to: number; prevFrom: number; days: number } {
  const days = period === 'month' ? 30 : 7;
  const local = DateTime.fromMillis(now, { zone: timezone });
  if (!local.isValid) throw new Error(`неизвестный часовой пояс «${timezone}»`);
  const from = local.startOf('day').minus({ days: days - 1 }).toMillis();
  return { from, to: now, prevFrom: from - (now - from), days };
}

/** Start of each of the last `n` local days ending with today's (the last day ends at `now`). */
export function dayStarts(n: number, now: number, timezone: string): number[] {
  const today = DateTime.fromMillis(now, { zone: timezone }).startOf('day');
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(today.minus({ days: i }).toMillis());
  return out;
}

/**
 * Incoming per day (created in [start_i, start_{i+1}), the last day up to `now`), for the region
 * and per block id, from the hourly index of createdAt.
 */
export function dailyIncoming(store: MessageStore, starts: readonly number[], now: number): { region: number[]; byBlock: Map<string, number[]> } {
  const n = starts.length;
  const region = new Array<number>(n).fill(0);
  const perBlock = new Map<number, number[]>();
  if (n === 0) return { region, byBlock: new Map() };
  const lo = starts[0]!;
  const created = store.createdAt;
  store.byCreated.forEachCandidate(lo, now, (r) => {
    const t = created[r]!;
    if (!(t >= lo && t < now)) return;
    // binary search for the day
    let a = 0;
    let b = n - 1;
    while (a < b) {
      const m = (a + b + 1) >> 1;
      if (starts[m]! <= t) a = m;
      else b = m - 1;
    }
    region[a]!++;
    const bl = store.block[r]!;
    let arr = perBlock.get(bl);
    if (!arr) perBlock.set(bl, (arr = new Array<number>(n).fill(0)));
    arr[a]!++;
  });
  const byBlock = new Map<string, number[]>();
  for (const [bl, arr] of perBlock) byBlock.set(store.blocks.values[bl]!, arr);
  return { region, byBlock };
}

function countBy(store: MessageStore, col: Uint16Array, from: number, to: number): Map<number, number> {
  const m = new Map<number, number>();
  const created = store.createdAt;
  store.byCreated.forEachCandidate(from, to, (r) => {
    const t = created[r]!;
    if (t >= from && t < to) m.set(col[r]!, (m.get(col[r]!) ?? 0) + 1);
  });
  return m;
}

/** `store`: the messages as they stood at the request's `now` when that is past (default: the live store). */
export function computeTrends(data: ViewData, params: TrendsParams, nowMs: number, store: MessageStore = data.store): TrendsResult {
  const tz = data.region.timezone;
  const now = params.now !== undefined ? Date.parse(params.now) : Math.floor(nowMs / 1000) * 1000;
  const period = params.period ?? 'week';
  const p = briefingPeriod(period, now, tz);
  const names = data.names;
  const iso = (ms: number) => new Date(ms).toISOString();

  // (a) incoming per day
  const nDays = params.days ?? (period === 'month' ? 30 : 14);
  const starts = dayStarts(nDays, now, tz);
  const daily = dailyIncoming(store, starts, now);
  const blockIds = [...new Set([...data.kpiRef.blocks, ...daily.byBlock.keys()])].sort();

  // (b) the week against the week before
  const week = briefingPeriod('week', now, tz);
  const wk = (by: 'region' | 'block', from: number, to: number) => computeKpi(store, { from, to, now: to, by, reference: data.kpiRef }).groups;
  const curR = wk('region', week.from, week.to)[0]!;
  const prevR = wk('region', week.prevFrom, week.from)[0]!;
  const curB = new Map(wk('block', week.from, week.to).map((g) => [g.block, g]));
  const prevB = new Map(wk('block', week.prevFrom, week.from).map((g) => [g.block, g]));
  const cmp = (c: (typeof curR) | undefined, pr: (typeof curR) | undefined) => ({
    incoming: c?.incoming ?? 0,
    incomingPrev: pr?.incoming ?? 0,
    onTimeRate: c?.onTimeRate ?? null,
    onTimeRatePrev: pr?.onTimeRate ?? null,
    answered: c?.answered ?? 0,
    answeredPrev: pr?.answered ?? 0,
  });

  // (c) categories: most messages, and the fastest-growing against the previous period
  const cur = countBy(store, store.category, p.from, p.to);
  const prev = countBy(store, store.category, p.prevFrom, p.from);
  const cats = [...new Set([...cur.keys(), ...prev.keys()])].map((ci) => {
    const id = store.categories.values[ci]!;
    const count = cur.get(ci) ?? 0;
    const prevCount = prev.get(ci) ?? 0;
    return { category: id, name: names.categories.get(id) ?? id, count, prev: prevCount, change: count - prevCount };
  });
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'ru');
  const top = cats.filter((c) => c.count > 0).sort((a, b) => b.count - a.count || byName(a, b)).slice(0, TOP);
  const growing = cats.filter((c) => c.change > 0).sort((a, b) => b.change - a.change || b.count - a.count || byName(a, b)).slice(0, TOP);

  // (d) the rating against the previous period
  const rate = (from: number, to: number) => computeRating(store, { from, to, now: to, municipalities: data.ratingMunis, thresholds: data.thresholds }).rows;
  const rNow = rate(p.from, p.to);
  const rPrev = new Map(rate(p.prevFrom, p.from).map((r) => [r.municipality, r]));
  const moved: TrendsResult['rating']['moved'] = [];
  const enteredRed: TrendsResult['rating']['enteredRed'] = [];
  for (const r of rNow) {
    const before = rPrev.get(r.municipality);
    if (r.rank !== null && before?.rank !== null && before?.rank !== undefined && before.rank !== r.rank)
      moved.push({ municipality: r.municipality, name: r.name, rank: r.rank, prevRank: before.rank, change: before.rank - r.rank });
    if (r.zone === 'red' && before?.zone !== 'red') enteredRed.push({ municipality: r.municipality, name: r.name, rank: r.rank, prevZone: before?.zone ?? 'none' });
  }
  moved.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.rank - b.rank);

  // (e) «Главные проблемы»: open messages grouped by category × municipality
  const groups = new Map<number, { ca: number; mu: number; open: number; overdue: number; oldest: number }>();
  const ol = store.openList;
  for (let i = 0; i < ol.n; i++) {
    const r = ol.rows[i]!;
    if (!OPEN_MASK[store.status[r]!]) continue;
    const t = store.createdAt[r]!;
    if (!(t <= now)) continue;
    const ca = store.category[r]!;
    const mu = store.municipality[r]!;
    const key = ca * 65536 + mu;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ca, mu, open: 0, overdue: 0, oldest: t }));
    g.open++;
    if (store.dueAt[r]! < now) g.overdue++;
    if (t < g.oldest) g.oldest = t;
  }
  const problems = [...groups.values()]
    .filter((g) => g.open >= 2 || g.overdue > 0)
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.oldest - b.oldest)
    .slice(0, PROBLEMS)
    .map((g) => {
      const category = store.categories.values[g.ca]!;
      const municipality = store.municipalities.values[g.mu]!;
      return {
        category,
        categoryName: names.categories.get(category) ?? category,
        municipality,
        municipalityName: names.municipalities.get(municipality) ?? municipality,
        open: g.open,
        overdue: g.overdue,
        oldest: iso(g.oldest),
      };
    });

  return {
    period,
    from: iso(p.from),
    to: iso(p.to),
    prevFrom: iso(p.prevFrom),
    now: iso(now),
    dataVersion: data.dataVersion,
    daily: {
      days: starts.map(iso),
      region: daily.region,
      byBlock: blockIds.map((b) => ({
        block: b,
        name: blockLabel(b, names.blocks.get(b)),
        counts: daily.byBlock.get(b) ?? new Array<number>(nDays).fill(0),
      })),
    },
    week: {
      from: iso(week.from),
      prevFrom: iso(week.prevFrom),
      region: cmp(curR, prevR),
      byBlock: blockIds.map((b) => ({ block: b, name: blockLabel(b, names.blocks.get(b)), ...cmp(curB.get(b), prevB.get(b)) })),
    },
    categories: { top, growing },
    rating: { moved: moved.slice(0, 2 * TOP), enteredRed: enteredRed.slice(0, TOP) },
    problems,
  };
}

export class TrendsService {
  constructor(private readonly deps: TrendsDeps) {}

  handlers(): Pick<Handlers, 'getTrends'> {
    return { getTrends: (params) => this.get(params) };
  }

  get(params: TrendsParams): TrendsResult {
    const present = this.deps.now();
    const instant = params.now === undefined ? (this.deps.shownInstant?.() ?? null) : null;
    const at = params.now !== undefined ? Date.parse(params.now) : instant !== null && instant < present ? Math.floor(instant / 1000) * 1000 : null;
    if (at === null || !(at < present)) return computeTrends(this.deps.data, params, present);
    const store = this.deps.storeAt ? this.deps.storeAt(at) : this.deps.data.store;
    return computeTrends(this.deps.data, { ...params, now: new Date(at).toISOString() }, present, store);
  }
}
