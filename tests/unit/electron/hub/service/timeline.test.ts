import { afterEach, describe, expect, it } from 'vitest';
import { DataSet } from '../../../../../electron/hub/service/dataset.js';
import { ViewService } from '../../../../../electron/hub/service/views.js';
import { TimelineService } from '../../../../../electron/hub/service/timeline.js';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import type { Cache } from '../../../../../electron/hub/cache/api.js';
import { computeKpi } from '../../../../../shared/engine/kpi.js';
import { computeQueue } from '../../../../../shared/engine/queue.js';
import { resolveWindow } from '../../../../../shared/bridge/window.js';
import { DEFAULT_THRESHOLDS } from '../../../../../shared/engine/types.js';
import { TimelineResultSchema, type Freshness } from '../../../../../shared/bridge/protocol.js';
import { makeFixture, NOW, H, type Fixture } from '../../../../support/hub-fixtures.js';

let fx: Fixture | null = null;
let cache: Cache | null = null;
afterEach(() => {
  cache?.close();
  cache = null;
  fx?.cleanup();
  fx = null;
});

const FRESH: Freshness = { dataAsOf: null, lastSyncAt: null, sync: { state: 'idle', progress: null, offlineSince: null, lastError: null, quarantined: 0 } };

function setup(instant: { t: number | null }) {
  fx = makeFixture(80);
  cache = openCache(fx.path);
  const data = new DataSet(cache, { thresholds: DEFAULT_THRESHOLDS, now: () => NOW });
  const views = new ViewService({ data, messages: cache, freshness: () => FRESH, now: () => NOW, appVersion: 't', shownInstant: () => instant.t });
  const timeline = new TimelineService({ data, cache, now: () => NOW });
  return { data, views, timeline };
}

describe('TimelineService (getTimeline)', () => {
  it('counts the messages created in each hour of the last 30 days, ending with the present hour', () => {
    const { data, timeline } = setup({ t: null });
    const r = TimelineResultSchema.parse(timeline.timeline(30));
    expect(r.incoming).toHaveLength(30 * 24 + 1);
    const from = Date.parse(r.from);
    expect(from % H).toBe(0);
    expect(Date.parse(r.to)).toBe(Math.floor(NOW / H) * H + H);
    // each hour's count = the messages whose createdAt falls in it
    const s = data.store;
    const naive = new Array<number>(r.incoming.length).fill(0);
    for (let row = 0; row < s.size; row++) {
      const i = Math.floor((s.createdAt[row]! - from) / H);
      if (i >= 0 && i < naive.length) naive[i]!++;
    }
    expect(r.incoming).toEqual(naive);
    expect(r.incoming.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(r.incidents).toEqual([]);
    expect(timeline.timeline(1).incoming).toHaveLength(25);
  });
});

describe('ViewService at the wall state\'s instant', () => {
  it('a view without `now` is answered at the archive instant: kpi and queue equal the batch functions there', () => {
    const instant = { t: null as number | null };
    const { data, views } = setup(instant);
    const live = views.getView({ window: 'today' }, 'wall');
    expect(live.now).toBe(new Date(Math.floor(NOW / 1000) * 1000).toISOString());

    const t = NOW - 5 * H - 17 * 60_000;
    instant.t = t;
    const v = views.getView({ window: 'today' }, 'wall');
    expect(v.now).toBe(new Date(t).toISOString());
    const w = resolveWindow('today', t, data.region.timezone);
    expect(v.from).toBe(new Date(w.from).toISOString());
    const kpi = computeKpi(data.store, { from: w.from, to: w.to, now: t, by: 'block', reference: data.kpiRef });
    expect(v.kpi.byBlock).toEqual(kpi.groups);
    expect(kpi.groups.some((g) => g.open > 0)).toBe(true);
    const q = computeQueue(data.store, { now: t, thresholds: data.thresholds });
    expect(v.queue.total).toBe(q.items.length);
    expect(v.queue.items.map((i) => i.id)).toEqual(q.items.slice(0, 50).map((i) => i.id));
    // the ticker holds nothing created after the instant
    expect(v.ticker.every((i) => Date.parse(i.at) <= t)).toBe(true);
    // heat points of the archive window: the messages created in it
    const heat = views.getHeatPoints({ window: 'today' });
    const created = [...Array(data.store.size).keys()].filter((r) => data.store.createdAt[r]! >= w.from && data.store.createdAt[r]! < w.to);
    expect(heat.count).toBe(created.filter((r) => Number.isFinite(data.store.lat[r]!)).length);

    // back live: the present again
    instant.t = null;
    expect(views.getView({ window: 'today' }, 'wall').now).toBe(live.now);
  });

  it('an explicit `now` in the spec wins over the wall\'s instant', () => {
    const instant = { t: NOW - 2 * H };
    const { views } = setup(instant);
    const own = new Date(NOW - 7 * H).toISOString();
    expect(views.getView({ window: '24h', now: own }, 'console').now).toBe(own);
  });
});
