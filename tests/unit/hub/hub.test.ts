import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHub, type Hub } from '../../../electron/hub/service/hub.js';
import { loadFromCache } from '../../../electron/hub/engine/cli.js';
import { computeKpi } from '../../../shared/engine/kpi.js';
import { computeRating } from '../../../shared/engine/rating.js';
import { computeQueue } from '../../../shared/engine/queue.js';
import { listOutbox } from '../../../electron/hub/outbox/outbox.js';
import type { Response, ViewResult, HelloResult, GetMessageResult, HeatPointsResult } from '../../../shared/bridge/protocol.js';
import { ViewResultSchema, HelloResultSchema } from '../../../shared/bridge/protocol.js';
import type { WallState } from '../../../shared/bridge/wallState.js';
import { makeFixture, buildMessages, NOW, H, PHONE, EMAIL, type Fixture } from './fixtures.js';

let fx: Fixture;
let hub: Hub;
let clock = NOW;
let nextId = 1;

async function call<T>(role: 'wall' | 'console', method: string, params?: unknown): Promise<T> {
  const r: Response = await hub.handle(role, { id: nextId++, method, params });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.result as T;
}

beforeAll(async () => {
  fx = makeFixture(60);
  hub = await createHub({ cachePath: fx.path, now: () => clock, playlistTimer: false });
});
afterAll(async () => {
  await hub.close();
  fx.cleanup();
});

describe('hub over a small cache', () => {
  it('says hello with the region, reference, thresholds and scenes', async () => {
    const h = await call<HelloResult>('wall', 'hello', { client: 'test' });
    expect(HelloResultSchema.safeParse(h).success).toBe(true);
    expect(h.region).toMatchObject({ id: 'kamchatka', name: 'Камчатский край', timezone: 'Asia/Kamchatka' });
    expect(h.role).toBe('wall');
    expect(h.reference?.municipalities.length).toBeGreaterThan(5);
    expect(h.scenes.map((s) => s.id)).toContain('block:housing');
    expect(h.scenes.find((s) => s.id === 'operational')?.title).toBe('Оперативная обстановка');
    expect(h.attribution.join(' ')).toMatch(/OpenStreetMap/);
  });

  it('getView gives the same numbers as the kpi, rating and queue commands for the same window and now', async () => {
    const from = '2026-11-19T12:00:00.000Z';
    const to = '2026-11-20T21:15:00.000Z';
    const now = '2026-11-20T21:15:00.000Z';
    const v = await call<ViewResult>('wall', 'getView', { from, to, now, queueLimit: 500 });
    expect(ViewResultSchema.safeParse(v).success).toBe(true);
    const cli = loadFromCache(fx.path);
    try {
      const o = { from: Date.parse(from), to: Date.parse(to), now: Date.parse(now), reference: cli.reference };
      expect(v.kpi.region).toEqual(computeKpi(cli.store, { ...o, by: 'region' }).groups[0]);
      expect(v.kpi.byBlock).toEqual(computeKpi(cli.store, { ...o, by: 'block' }).groups);
      expect(v.kpi.byMunicipality).toEqual(computeKpi(cli.store, { ...o, by: 'municipality' }).groups);
      expect(v.kpi.byBlockMunicipality).toEqual(computeKpi(cli.store, { ...o, by: 'block,municipality' }).groups);
      expect(v.rating).toEqual(computeRating(cli.store, { ...o, municipalities: cli.municipalities }));
      const q = computeQueue(cli.store, { now: o.now });
      expect(v.queue.total).toBe(q.items.length);
      expect(v.queue.items.map(({ id, level, reasons, overdueMin, weight, block, municipality }) => ({
        id, level, reasons, overdueMin, weight, block, municipality,
      }))).toEqual(q.items);
      expect(v.kpi.region.incoming).toBeGreaterThan(0);
    } finally {
      cli.cache.close();
    }
  });

  it("resolves 'today' from local midnight in the region's zone", async () => {
    const v = await call<ViewResult>('wall', 'getView', { window: 'today' });
    expect(v.from).toBe('2026-11-20T12:00:00.000Z');
    expect(v.now).toBe(new Date(NOW).toISOString());
    expect(v.to).toBe(v.now);
  });

  it('filters by block give the block-only numbers', async () => {
    const v = await call<ViewResult>('wall', 'getView', { window: '7d', blocks: ['housing'] });
    const all = await call<ViewResult>('wall', 'getView', { window: '7d' });
    const housing = all.kpi.byBlock.find((g) => g.block === 'housing')!;
    expect(v.kpi.region.incoming).toBe(housing.incoming);
    expect(v.kpi.region.open).toBe(housing.open);
    expect(v.queue.items.every((q) => q.block === 'housing')).toBe(true);
    expect(v.ticker.every((t) => t.block === 'housing')).toBe(true);
  });

  it('masks personal data for the wall, not for the console', async () => {
    const wall = await call<ViewResult>('wall', 'getView', { window: '7d', tickerLimit: 60, queueLimit: 500 });
    const texts = [...wall.ticker.map((t) => t.text), ...wall.queue.items.map((q) => q.excerpt)];
    expect(texts.some((t) => t.startsWith('Нет отопления'))).toBe(true);
    for (const t of texts) {
      expect(t).not.toContain('123-45-67');
      expect(t).not.toContain(EMAIL);
      expect(t).not.toContain('Петров');
    }
    const con = await call<ViewResult>('console', 'getView', { window: '7d', tickerLimit: 60 });
    expect(con.ticker.some((t) => t.text.includes(PHONE))).toBe(true);
    expect(wall.ticker.length).toBeGreaterThan(0);
    // newest first
    const at = wall.ticker.map((t) => Date.parse(t.at));
    expect([...at].sort((a, b) => b - a)).toEqual(at);
  });

  it('gives the full text to a console through getMessage, and refuses it to the wall', async () => {
    const id = fx.messages[0]!.id;
    const m = await call<GetMessageResult>('console', 'getMessage', { id });
    expect(m.message.text).toContain(PHONE);
    const r = await hub.handle('wall', { id: 77, method: 'getMessage', params: { id } });
    expect(r).toMatchObject({ id: 77, ok: false, error: { code: 'forbidden' } });
    const nf = await hub.handle('console', { id: 78, method: 'getMessage', params: { id: 'nope' } });
    expect(nf).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses intents and actions from wall clients', async () => {
    for (const method of ['intent', 'act']) {
      const r = await hub.handle('wall', { id: 5, method, params: { type: 'playlistNext' } });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('forbidden');
    }
  });

  it('answers malformed requests with a clear error, never throwing', async () => {
    expect(await hub.handle('wall', { id: 9, method: 'nuke' })).toMatchObject({ id: 9, ok: false, error: { code: 'bad_request' } });
    expect(await hub.handle('wall', null)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const r = await hub.handle('wall', { id: 10, method: 'getView', params: { window: 'year' } });
    expect(r).toMatchObject({ id: 10, ok: false, error: { code: 'bad_request' } });
  });

  it('a console intent changes the authoritative state and every listener hears it', async () => {
    const seen: WallState[] = [];
    const off = hub.on('wallState', (s) => seen.push(s));
    const before = hub.getWallState().version;
    const s = await call<WallState>('console', 'intent', { type: 'setScene', scene: 'block:roads' });
    expect(s.scene).toBe('block:roads');
    expect(s.version).toBe(before + 1);
    expect(seen.at(-1)).toEqual(s);
    const bad = await hub.handle('console', { id: 1, method: 'intent', params: { type: 'setScene', scene: 'block:nosuch' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect((await call<WallState>('wall', 'getWallState')).scene).toBe('block:roads');
    off();
  });

  it('the playlist timer (run by the hub) rotates the scene when due', async () => {
    await call('console', 'intent', { type: 'setScene', scene: 'operational' });
    const due = hub.getWallState().playlist.nextAt!;
    clock = due;
    hub.tick();
    expect(hub.getWallState().scene).toBe('briefing');
    clock = NOW;
  });

  it('heat points are a Float32Array of [lon, lat, weight]', async () => {
    const r = await call<HeatPointsResult>('wall', 'getHeatPoints', { window: '7d' });
    expect(r.points).toBeInstanceOf(Float32Array);
    expect(r.points.length).toBe(r.count * 3);
    expect(r.count).toBeGreaterThan(0);
    expect(r.points[0]).toBeGreaterThan(150);
    expect(r.points[1]).toBeGreaterThan(50);
  });

  it('getGeo gives the outline and the municipalities with OKTMO and population', async () => {
    const g = await call<{ features: Array<{ properties: { kind: string; oktmo: string; population: number | null } }> }>('wall', 'getGeo');
    expect(g.features.filter((f) => f.properties.kind === 'region')).toHaveLength(1);
    const munis = g.features.filter((f) => f.properties.kind === 'municipality');
    expect(munis.length).toBe(fx.ref.municipalities.length);
    expect(munis.every((f) => /^\d{8}$/.test(f.properties.oktmo))).toBe(true);
  });

  it('act queues an operator action in the outbox', async () => {
    const id = fx.messages[1]!.id;
    const r = await call<{ actionId: string; queued: boolean }>('console', 'act', { messageId: id, type: 'comment', payload: { comment: 'Взято в работу' } });
    expect(r.queued).toBe(true);
    const entry = listOutbox(hub.cache).find((e) => e.action.id === r.actionId);
    expect(entry?.action).toMatchObject({ messageId: id, type: 'comment', payload: { comment: 'Взято в работу' } });
  });

  it('an applied batch updates the view and sends viewChanged (throttled)', async () => {
    const events: number[] = [];
    const off = hub.on('viewChanged', (d) => events.push(d.dataVersion));
    const before = await call<ViewResult>('wall', 'getView', { window: 'today' });
    const fresh = buildMessages(fx.ref, 3, 'im-new').map((m, i) => ({
      ...m,
      createdAt: new Date(NOW - (i + 1) * 20_000).toISOString(),
      dueAt: new Date(NOW + 5 * H).toISOString(),
    }));
    hub.applyBatch(fresh);
    for (let rev = 2; rev <= 11; rev++) hub.applyBatch([{ ...fresh[0]!, rev, status: rev % 2 ? 'new' : 'in_progress' }]);
    const after = await call<ViewResult>('wall', 'getView', { window: 'today' });
    expect(after.kpi.region.incoming).toBe(before.kpi.region.incoming + 3);
    expect(after.dataVersion).toBeGreaterThan(before.dataVersion);
    expect(after.ticker[0]!.id).toBe('im-new-0000');
    await new Promise<void>((ok) => {
      const check = () => (events.at(-1) === hub.dataVersion ? ok() : setTimeout(check, 20));
      check();
    });
    // eleven batches in a burst (well within a few throttle intervals): a handful of events, not
    // one per batch, the last one current. The exact rule (one per 250 ms, spaced batches one each)
    // is tested on a fake clock in tests/unit/electron/hub/service/changes.test.ts.
    expect(events.length).toBeLessThanOrEqual(3);
    off();
  });
});
