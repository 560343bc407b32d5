import { afterEach, describe, expect, it } from 'vitest';
import { DataSet } from '../../../../../electron/hub/service/dataset.js';
import { ViewService } from '../../../../../electron/hub/service/views.js';
import { HubError } from '../../../../../electron/hub/service/errors.js';
import { openCache } from '../../../../../electron/hub/cache/cache.js';
import type { Cache } from '../../../../../electron/hub/cache/api.js';
import { DEFAULT_THRESHOLDS } from '../../../../../shared/engine/types.js';
import type { Freshness } from '../../../../../shared/bridge/protocol.js';
import { makeFixture, buildMessages, NOW, PHONE, type Fixture } from '../../../../support/hub-fixtures.js';

let fx: Fixture | null = null;
let cache: Cache | null = null;
afterEach(() => {
  cache?.close();
  cache = null;
  fx?.cleanup();
  fx = null;
});

const FRESH: Freshness = { dataAsOf: null, lastSyncAt: null, sync: { state: 'idle', progress: null, offlineSince: null, lastError: null, quarantined: 0 } };

function setup() {
  fx = makeFixture(40);
  cache = openCache(fx.path);
  const data = new DataSet(cache, { thresholds: DEFAULT_THRESHOLDS, now: () => NOW });
  const views = new ViewService({ data, messages: cache, freshness: () => FRESH, now: () => NOW, appVersion: '9.9.9' });
  return { data, views, cache, fx };
}

describe('ViewService', () => {
  it('hello names the app version, the region and each scene in Russian', () => {
    const { views } = setup();
    const h = views.hello('console');
    expect(h).toMatchObject({ appVersion: '9.9.9', role: 'console', serverNow: NOW, dataVersion: 0, region: { name: 'Камчатский край' } });
    expect(h.scenes.find((s) => s.id === 'briefing')?.title).toBeTruthy();
    expect(h.scenes.every((s) => s.title.length > 0)).toBe(true);
  });

  it('a view is composed once per data version: the same answer until the data changes', () => {
    const { views, data, cache, fx } = setup();
    const spec = { window: '7d' as const, tickerLimit: 5 };
    const a = views.getView(spec, 'wall');
    expect(views.getView(spec, 'wall')).toBe(a);
    data.ingest(cache.applyBatch(buildMessages(fx.ref, 2, 'im-v').map((m) => ({ ...m, createdAt: new Date(NOW - 60_000).toISOString() }))));
    expect(views.getView(spec, 'wall')).toBe(a); // not invalidated yet: the root wires that
    views.invalidate({ reloaded: false });
    const b = views.getView(spec, 'wall');
    expect(b).not.toBe(a);
    expect(b.kpi.region.incoming).toBe(a.kpi.region.incoming + 2);
    expect(b.dataVersion).toBe(1);
  });

  it('texts are masked for the wall and full for the console, in the ticker and the queue', () => {
    const { views } = setup();
    const spec = { window: '7d' as const, tickerLimit: 40, queueLimit: 500 };
    const wall = views.getView(spec, 'wall');
    const con = views.getView(spec, 'console');
    const wallTexts = [...wall.ticker.map((t) => t.text), ...wall.queue.items.map((q) => q.excerpt)];
    expect(wallTexts.some((t) => t.startsWith('Нет отопления'))).toBe(true);
    expect(wallTexts.every((t) => !t.includes('123-45-67'))).toBe(true);
    expect(con.ticker.some((t) => t.text.includes(PHONE))).toBe(true);
  });

  it('geometry is loaded once and again only after a reload; a message not held is not_found', () => {
    const { views } = setup();
    const g = views.getGeo();
    expect(views.getGeo()).toBe(g);
    views.invalidate({ reloaded: false });
    expect(views.getGeo()).toBe(g);
    views.invalidate({ reloaded: true });
    expect(views.getGeo()).not.toBe(g);
    expect(() => views.getMessage('nope')).toThrow(HubError);
    expect(() => views.getMessage('nope')).toThrow('сообщение «nope» не найдено');
  });

  it('heat points are [lon, lat, weight] triples of the window', () => {
    const { views } = setup();
    const r = views.getHeatPoints({ window: '7d' });
    expect(r.points.length).toBe(r.count * 3);
    expect(r.count).toBeGreaterThan(0);
    expect(views.getHeatPoints({ window: '7d', municipality: '00000000' }).count).toBe(0);
  });
});
