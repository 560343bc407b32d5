import { afterEach, describe, expect, it } from 'vitest';
import { DataSet } from '../../../../../electron/hub/service/dataset.js';
import { briefingPeriod, computeTrends, TrendsService } from '../../../../../electron/hub/service/trends.js';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import type { Cache } from '../../../../../electron/hub/cache/api.js';
import { computeKpi } from '../../../../../shared/engine/kpi.js';
import { computeRating } from '../../../../../shared/engine/rating.js';
import { DEFAULT_THRESHOLDS } from '../../../../../shared/engine/types.js';
import { TrendsResultSchema, parseParams } from '../../../../../shared/bridge/protocol.js';
import type { Message } from '../../../../../shared/schema.js';
import { makeFixture, buildMessages, NOW, H, type Fixture } from '../../../../support/hub-fixtures.js';

let fx: Fixture | null = null;
let cache: Cache | null = null;
afterEach(() => {
  cache?.close();
  cache = null;
  fx?.cleanup();
  fx = null;
});

const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 24 * H;

function setup(extra: (ref: Fixture['ref']) => Message[] = () => []) {
  fx = makeFixture(0);
  cache = openCache(fx.path);
  const data = new DataSet(cache, { thresholds: DEFAULT_THRESHOLDS, now: () => NOW });
  const msgs = extra(fx.ref);
  if (msgs.length) data.ingest(cache.applyBatch(msgs, { source: 'test' }));
  return { data, ref: fx.ref };
}

/** `n` messages like the fixture's, created at `at(i)`, in the given category and municipality. */
function many(ref: Fixture['ref'], prefix: string, n: number, at: (i: number) => number, over: Partial<Message> = {}): Message[] {
  return buildMessages(ref, n, prefix).map((m, i) => {
    const created = at(i);
    return { ...m, createdAt: iso(created), dueAt: iso(created + 30 * H), ...over } as Message;
  });
}

describe('TrendsService', () => {
  it('incoming per day equals computeKpi over each local day, for the region and each block', () => {
    const { data } = setup((ref) => many(ref, 'd', 400, (i) => NOW - ((i * 7919) % (20 * DAY)) - 1000));
    const t = computeTrends(data, { period: 'month' }, NOW);
    expect(TrendsResultSchema.parse(t)).toBeTruthy();
    expect(t.daily.days).toHaveLength(30);
    expect(t.daily.region.reduce((a, b) => a + b, 0)).toBeGreaterThan(300);
    for (let i = 0; i < t.daily.days.length; i++) {
      const from = Date.parse(t.daily.days[i]!);
      const to = i + 1 < t.daily.days.length ? Date.parse(t.daily.days[i + 1]!) : NOW;
      const kpi = computeKpi(data.store, { from, to, now: NOW, by: 'region' }).groups[0]!;
      expect(t.daily.region[i], `day ${t.daily.days[i]}`).toBe(kpi.incoming);
      const byBlock = computeKpi(data.store, { from, to, now: NOW, by: 'block', reference: data.kpiRef }).groups;
      for (const b of t.daily.byBlock) expect(b.counts[i]).toBe(byBlock.find((g) => g.block === b.block)?.incoming ?? 0);
    }
    // a day starts at the region's midnight (Камчатка, UTC+12)
    expect(t.daily.days.at(-1)).toBe('2026-11-20T12:00:00.000Z');
  });

  it('the fastest-growing category is the one that grew most against the previous period of the same length', () => {
    const p = briefingPeriod('week', NOW, 'Asia/Kamchatka');
    const { data, ref } = setup((r) => {
      const [a, b] = [r.categories[0]!, r.categories[1]!];
      const inCur = (i: number) => p.from + 3600_000 + i * 60_000;
      const inPrev = (i: number) => p.prevFrom + 3600_000 + i * 60_000;
      return [
        ...many(r, 'a-cur', 9, inCur, { category: a.id, block: a.block }),
        ...many(r, 'a-prev', 2, inPrev, { category: a.id, block: a.block }),
        ...many(r, 'b-cur', 12, inCur, { category: b.id, block: b.block }),
        ...many(r, 'b-prev', 11, inPrev, { category: b.id, block: b.block }),
      ];
    });
    const t = computeTrends(data, { period: 'week' }, NOW);
    const [a, b] = [ref.categories[0]!.id, ref.categories[1]!.id];
    expect(t.categories.top.map((c) => c.category)).toEqual([b, a]);
    expect(t.categories.top[0]).toMatchObject({ count: 12, prev: 11, change: 1 });
    expect(t.categories.growing[0]).toMatchObject({ category: a, count: 9, prev: 2, change: 7 });
    expect(t.week.region.incoming).toBe(21);
    expect(t.week.region.incomingPrev).toBe(13);
  });

  it('rating movement is prevRank − rank against the previous period, and a municipality turning red is named', () => {
    const p = briefingPeriod('week', NOW, 'Asia/Kamchatka');
    const { data, ref } = setup((r) => {
      const [m1, m2] = [r.municipalities[0]!.oktmo, r.municipalities[1]!.oktmo];
      const answered = (prefix: string, mu: string, from: number, late: boolean) =>
        many(r, prefix, 15, (i) => from + 2 * H + i * 600_000).map((m) => {
          const c = Date.parse(m.createdAt);
          return { ...m, municipality: mu, status: 'answered', firstResponseAt: iso(c + H), answeredAt: iso(c + (late ? 40 : 2) * H), satisfaction: late ? 1 : 5, reworkCount: 0 } as Message;
        });
      return [
        ...answered('g-prev', m1, p.prevFrom, false),
        ...answered('b-prev', m2, p.prevFrom, true),
        ...answered('b-cur', m1, p.from, true),
        ...answered('g-cur', m2, p.from, false),
      ];
    });
    const t = computeTrends(data, { period: 'week' }, NOW);
    const rate = (from: number, to: number) =>
      computeRating(data.store, { from, to, now: to, municipalities: data.ratingMunis, thresholds: data.thresholds }).rows;
    const before = new Map(rate(p.prevFrom, p.from).map((r) => [r.municipality, r.rank]));
    const m1 = ref.municipalities[0]!.oktmo;
    const m2 = ref.municipalities[1]!.oktmo;
    const mv1 = t.rating.moved.find((m) => m.municipality === m1)!;
    const mv2 = t.rating.moved.find((m) => m.municipality === m2)!;
    expect(mv1.change).toBeLessThan(0); // fell
    expect(mv2.change).toBeGreaterThan(0); // rose
    expect(mv1.change).toBe(before.get(m1)! - mv1.rank);
    const now = rate(p.from, p.to).find((r) => r.municipality === m1)!;
    if (now.zone === 'red') expect(t.rating.enteredRed.map((e) => e.municipality)).toContain(m1);
    expect(t.rating.enteredRed.map((e) => e.municipality)).not.toContain(m2);
  });

  it('«Главные проблемы» are category × municipality groups of open messages with counts and the oldest date', () => {
    const { data, ref } = setup((r) => {
      const c = r.categories[2]!;
      const mu = r.municipalities[1]!.oktmo;
      return [
        ...many(r, 'p', 5, (i) => NOW - (3 + i) * DAY, { category: c.id, block: c.block, municipality: mu, status: 'new', answeredAt: null }),
        ...many(r, 'q', 1, () => NOW - H, { category: c.id, block: c.block, municipality: r.municipalities[2]!.oktmo, status: 'new', answeredAt: null }),
      ];
    });
    const t = computeTrends(data, {}, NOW);
    expect(t.period).toBe('week');
    expect(t.daily.days).toHaveLength(14);
    expect(t.problems[0]).toMatchObject({ category: ref.categories[2]!.id, municipality: ref.municipalities[1]!.oktmo, open: 5, overdue: 5, oldest: iso(NOW - 7 * DAY) });
    // a lone open message that is not overdue is not a subject
    expect(t.problems.find((g) => g.municipality === ref.municipalities[2]!.oktmo)).toBeUndefined();
  });

  it('answers getTrends through its handler; bad params are refused in Russian', async () => {
    const { data } = setup();
    const svc = new TrendsService({ data, now: () => NOW });
    const r = await svc.handlers().getTrends({ period: 'month' }, { role: 'wall' } as never);
    expect(r.period).toBe('month');
    const bad = parseParams('getTrends', { period: 'year' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toContain('неверные параметры getTrends');
  });

  it('in the time machine a request without `now` is answered at the wall’s archive instant, over the store of then', async () => {
    const { data } = setup((r) => many(r, 'tm', 6, (i) => NOW - 2 * DAY - i * H));
    const at = NOW - 3 * DAY; // before every message of the fixture
    const seen: number[] = [];
    let instant: number | null = at;
    const svc = new TrendsService({
      data,
      now: () => NOW,
      shownInstant: () => instant,
      storeAt: (t) => {
        seen.push(t);
        return data.store;
      },
    });
    const past = svc.get({ period: 'week' });
    expect(past.now).toBe(iso(Math.floor(at / 1000) * 1000));
    expect(seen).toEqual([Math.floor(at / 1000) * 1000]);
    expect(past.daily.region.reduce((a, b) => a + b, 0)).toBe(0);
    // an explicit `now` wins; live again: the present
    expect(svc.get({ period: 'week', now: iso(NOW - DAY) }).now).toBe(iso(NOW - DAY));
    instant = null;
    const live = svc.get({ period: 'week' });
    expect(live.now).toBe(iso(NOW));
    expect(live.daily.region.reduce((a, b) => a + b, 0)).toBe(6);
  });
});
