/**
 * The as-of engine's whole view (shared/engine/asof.ts) against the batch functions over a store of
 * the states at t found by a naive reading of docs/spec/kpi.md v2 ("The state at an instant"),
 * through every way the engine gets its store: built afresh, refilled in place after forget(),
 * moved forward and back from the previous instant (playback), and held. And the rows it gives by
 * id (its lookup through the message index) after all of them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HistoryStore, type RevisionInput } from '../../../../shared/engine/history.js';
import { AsOfEngine, type AsOfView } from '../../../../shared/engine/asof.js';
import { MessageStore } from '../../../../shared/engine/store.js';
import { computeKpi, computeKpiGroupings, type KpiReference } from '../../../../shared/engine/kpi.js';
import { computeRating } from '../../../../shared/engine/rating.js';
import { computeQueue } from '../../../../shared/engine/queue.js';
import { heatPoints } from '../../../../shared/engine/heat.js';
import { GROUPINGS } from '../../../../shared/engine/types.js';
import type { NormalizedMessage } from '../../../../shared/model.js';
import { D, H, MIN, T0, rng } from '../../../support/engine-fixtures.js';

const reference: KpiReference = {
  blocks: ['housing', 'roads'],
  channels: ['vk', 'pos'],
  municipalities: [{ oktmo: 'M1', population: 50000 }, { oktmo: 'M2', population: null }, { oktmo: 'M3' }],
};
// the names of the rating, with the reference's populations (computeRating takes both from them)
const municipalities = [
  { oktmo: 'M1', name: 'Елизово', population: 50000 },
  { oktmo: 'M2', name: 'Ёлкино', population: null },
  { oktmo: 'M3', name: 'Мильково' },
];

/** Whole lives of n messages over 3 days: created, first response, answered, rework, closed, some deleted. */
function lives(seed: number, n: number): RevisionInput[] {
  const r = rng(seed);
  const out: RevisionInput[] = [];
  for (let i = 0; i < n; i++) {
    const createdAt = T0 + Math.floor(r() * 3 * 24 * 4) * 15 * MIN;
    let cur: NormalizedMessage = {
      id: `h${i}`,
      rev: 1,
      channel: r() < 0.5 ? 'vk' : 'pos',
      municipality: ['M1', 'M2', 'M3', 'M4'][Math.floor(r() * 4)]!,
      block: ['housing', 'roads', 'waste'][Math.floor(r() * 3)]!,
      category: ['c1', 'c2'][Math.floor(r() * 2)]!,
      createdAt,
      dueAt: createdAt + (2 + Math.floor(r() * 40)) * H,
      firstResponseAt: null,
      answeredAt: null,
      status: 'new',
      reworkCount: 0,
      weight: r() < 0.1 ? Math.floor(r() * 1500) : 0,
      satisfaction: null,
      lat: r() < 0.8 ? 53 + r() : null,
      lon: null,
    };
    if (cur.lat !== null) cur.lon = 158 + r();
    let t = createdAt;
    out.push({ id: cur.id, rev: 1, updatedAt: t, message: cur });
    const next = (dt: number, patch: Partial<NormalizedMessage>) => {
      t += dt;
      cur = { ...cur, ...patch, rev: cur.rev + 1 };
      out.push({ id: cur.id, rev: cur.rev, updatedAt: t, message: cur });
    };
    if (r() < 0.9) next(Math.floor(r() * 300) * MIN + MIN, { status: 'in_progress', firstResponseAt: t });
    if (r() < 0.7) {
      next(Math.floor(r() * 30) * H + MIN, { status: 'answered', answeredAt: t });
      if (r() < 0.3) next(Math.floor(r() * 10) * H + MIN, { status: 'rework', reworkCount: cur.reworkCount + 2, answeredAt: null });
      if (r() < 0.4) next(Math.floor(r() * 10) * H + MIN, { status: 'closed', satisfaction: 1 + Math.floor(r() * 5) });
    }
    if (r() < 0.1) out.push({ id: cur.id, rev: cur.rev + 1, updatedAt: t + Math.floor(r() * 10) * H, message: null });
  }
  return out;
}

/** The rule written out: per id, the highest rev among revisions made at or before t; absent if a tombstone. */
function naiveStore(revs: readonly RevisionInput[], t: number): MessageStore {
  const best = new Map<string, RevisionInput>();
  for (const x of revs) {
    if (x.updatedAt! > t) continue;
    const b = best.get(x.id);
    if (!b || x.rev > b.rev) best.set(x.id, x);
  }
  return MessageStore.from([...best.values()].filter((x) => x.message !== null).map((x) => x.message!));
}

const heatSorted = (h: Float32Array) => {
  const pts: string[] = [];
  for (let i = 0; i < h.length; i += 3) pts.push(`${h[i]},${h[i + 1]},${h[i + 2]}`);
  return pts.sort();
};

function expectBatch(v: AsOfView, naive: MessageStore, step: string): void {
  const base = { from: v.from, to: v.to, now: v.now };
  for (const by of GROUPINGS) expect(v.kpi[by], `${step}: kpi --by ${by}`).toEqual(computeKpi(naive, { ...base, by, reference }));
  expect(v.rating, `${step}: rating`).toEqual(computeRating(naive, { ...base, municipalities }));
  const queue = computeQueue(naive, { now: v.now });
  expect(v.queue, `${step}: queue`).toEqual({ ...queue, items: queue.items.slice(0, 7) });
  expect(v.queueTotal).toBe(queue.items.length);
  expect(heatSorted(v.heat), `${step}: heat`).toEqual(heatSorted(heatPoints(naive, base)));
}

describe('AsOfEngine: the whole view equals the batch functions at t, however the store was got', () => {
  it('through builds, refills, forward and backward moves and holds, at random instants and windows', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(
          fc.record({
            // steps of playback (minutes, back or forth), or a jump anywhere in the 4 days
            step: fc.oneof(fc.integer({ min: -90, max: 90 }), fc.constant(0)),
            jump: fc.option(fc.integer({ min: -12, max: 4 * 24 + 12 }), { freq: 4 }),
            forget: fc.boolean(),
            dayWindow: fc.boolean(),
          }),
          { minLength: 1, maxLength: 14 },
        ),
        (seed, moves) => {
          const revs = lives(seed, 500);
          const h = new HistoryStore();
          h.addAll(revs);
          const engine = new AsOfEngine(h, { reference, municipalities, queueLimit: 7 });
          let t = T0 + 3 * D;
          moves.forEach((mv, i) => {
            if (mv.jump !== null) t = T0 + mv.jump * H + (seed % 60) * MIN;
            else t += mv.step * MIN;
            if (mv.forget) engine.forget();
            const from = mv.dayWindow ? Math.floor(t / D) * D : t - 6 * H;
            const v = engine.viewAt(t, { from, to: from + (mv.dayWindow ? D : 6 * H) });
            seen.add(v.via);
            const naive = naiveStore(revs, t);
            expectBatch(v, naive, `move ${i} (${v.via})`);
            // the rows by id: every message that exists at t, and none that does not
            const { store } = engine.storeAt(t);
            expect(store.size).toBe(naive.size);
            for (const id of naive.ids) expect(store.rev[store.getRow(id)!], id).toBe(naive.rev[naive.getRow(id)!]);
            for (const x of revs) if (!naive.has(x.id)) expect(store.getRow(x.id), x.id).toBeUndefined();
          });
        },
      ),
      { numRuns: 30 },
    );
    // every way of getting the store was taken
    expect([...seen].sort()).toEqual(['build', 'held', 'move']);
  });

  it('moves a store in playback steps (not rebuilt), and refills it after forget()', () => {
    const revs = lives(7, 3000);
    const h = new HistoryStore();
    h.addAll(revs);
    const engine = new AsOfEngine(h, { reference, municipalities, queueLimit: 7 });
    const vias: string[] = [];
    for (let i = 0; i < 12; i++) {
      // late in the data: most messages exist, few change an hour (the engine moves rather than builds)
      const t = T0 + 3 * D + i * 24 * MIN;
      const v = engine.viewAt(t, { from: T0 + 3 * D, to: T0 + 4 * D });
      vias.push(v.via);
      expectBatch(v, naiveStore(revs, t), `step ${i}`);
    }
    expect(vias[0]).toBe('build');
    expect(vias.slice(1)).toEqual(Array(11).fill('move'));
    // back in time by a few steps: moved back
    const back = engine.viewAt(T0 + 3 * D + 3 * 24 * MIN, { from: T0 + 3 * D, to: T0 + 4 * D });
    expect(back.via).toBe('move');
    expectBatch(back, naiveStore(revs, T0 + 3 * D + 3 * 24 * MIN), 'back');
    const store = engine.storeAt(T0 + 3 * D + 3 * 24 * MIN).store;
    engine.forget();
    const again = engine.storeAt(T0 + 2 * D);
    expect(again.via).toBe('build');
    expect(again.store).toBe(store); // the same columns, refilled
    expectBatch(engine.viewAt(T0 + 2 * D, { from: T0 + D, to: T0 + 2 * D }), naiveStore(revs, T0 + 2 * D), 'refilled');
  });

  it('drops its lookup by message index when changed by id (the store then finds rows by its own map)', () => {
    const revs = lives(3, 50);
    const h = new HistoryStore();
    h.addAll(revs);
    const t = T0 + 2 * D;
    const store = h.storeAt(t, 16, undefined, new Int32Array(h.messageCount));
    const naive = naiveStore(revs, t);
    expect(store.size).toBe(naive.size);
    const newcomer = { ...naive.toNormalized(0), id: 'not-in-history' };
    const row = store.upsert(newcomer);
    expect(store.getRow('not-in-history')).toBe(row);
    store.remove(naive.ids[1]!);
    expect(store.getRow(naive.ids[1]!)).toBeUndefined();
    for (const id of naive.ids.slice(2)) expect(store.rev[store.getRow(id)!]).toBe(naive.rev[naive.getRow(id)!]);
  });
});

describe('computeKpiGroupings', () => {
  it('gives each grouping what computeKpi gives for it alone, in any combination', () => {
    const revs = lives(11, 300);
    for (const t of [T0 + 20 * H, T0 + 2 * D + 7 * H + 13 * MIN]) {
      const store = naiveStore(revs, t);
      const opts = { from: T0 + D, to: T0 + 2 * D, now: t, reference };
      const all = computeKpiGroupings(store, opts, GROUPINGS);
      const some = computeKpiGroupings(store, opts, ['channel', 'region']);
      for (const by of GROUPINGS) expect(all[by]).toEqual(computeKpi(store, { ...opts, by }));
      expect(some.channel).toEqual(all.channel);
      expect(some.region).toEqual(all.region);
      expect(some.block).toBeUndefined();
    }
  });

  it('counts each grouping directly when there are too many cells (block × municipality × channel) to sum through', () => {
    const base = naiveStore(lives(5, 200), T0 + 2 * D);
    const ms = Array.from({ length: base.size }, (_, r) => base.toNormalized(r));
    // 60 blocks × 60 municipalities × 30 channels = 108,000 cells
    const wide = MessageStore.from(ms.map((m, i) => ({ ...m, block: `b${i % 60}`, municipality: `m${(i * 7) % 60}`, channel: `c${i % 30}` })));
    expect(wide.blocks.size * wide.municipalities.size * wide.channels.size).toBeGreaterThan(1 << 16);
    const opts = { from: T0 + D, to: T0 + 2 * D, now: T0 + 2 * D, reference };
    const all = computeKpiGroupings(wide, opts, GROUPINGS);
    for (const by of GROUPINGS) expect(all[by]).toEqual(computeKpi(wide, { ...opts, by }));
    expect(all['block,municipality']!.groups.length).toBeGreaterThan(50);
  });
});
