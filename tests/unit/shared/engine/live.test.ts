import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LiveModel, SortedMultiset } from '../../../../shared/engine/live.js';
import { MessageStore } from '../../../../shared/engine/store.js';
import { computeKpi, type KpiReference } from '../../../../shared/engine/kpi.js';
import { computeRating } from '../../../../shared/engine/rating.js';
import { computeQueue } from '../../../../shared/engine/queue.js';
import type { NormalizedMessage } from '../../../../shared/model.js';
import type { Status } from '../../../../shared/schema.js';
import { D, H, MIN, T0, msg, rng } from '../../../support/engine-fixtures.js';

const reference: KpiReference = {
  blocks: ['housing', 'roads'],
  channels: ['pos'],
  municipalities: [
    { oktmo: 'M1', population: 50000 },
    { oktmo: 'M2', population: null },
    { oktmo: 'M9', population: 1000 },
  ],
};
const municipalities = [
  { oktmo: 'M1', name: 'Елизово', population: 50000 },
  { oktmo: 'M2', name: 'Ёлкино' },
  { oktmo: 'M9', name: 'Мильково', population: 1000 },
];
const STATUSES: Status[] = ['new', 'in_progress', 'answered', 'rework', 'closed', 'rejected'];

function randomMessage(r: () => number, id: string): NormalizedMessage {
  const createdAt = T0 + Math.floor(r() * 10 * 24) * H + Math.floor(r() * 4) * 15 * MIN;
  const status = STATUSES[Math.floor(r() * STATUSES.length)]!;
  const done = status === 'answered' || status === 'closed';
  return msg({
    id,
    rev: 1,
    block: ['housing', 'roads', 'waste', 'health'][Math.floor(r() * 4)]!,
    municipality: ['M1', 'M2', 'M3', 'M4'][Math.floor(r() * 4)]!,
    category: ['c1', 'c2'][Math.floor(r() * 2)]!,
    channel: ['pos', 'vk'][Math.floor(r() * 2)]!,
    createdAt,
    dueAt: createdAt + Math.floor(r() * 96) * H,
    firstResponseAt: r() < 0.7 ? createdAt + Math.floor(r() * 600) * MIN : null,
    answeredAt: done ? createdAt + Math.floor(r() * 120) * H : null,
    status,
    reworkCount: Math.floor(r() * 3),
    weight: r() < 0.1 ? Math.floor(r() * 1500) : 0,
    satisfaction: done && r() < 0.6 ? 1 + Math.floor(r() * 5) : null,
  });
}

function fresh(truth: Map<string, NormalizedMessage>, view: { from: number; to: number; now: number }) {
  const s = MessageStore.from(truth.values());
  return {
    region: computeKpi(s, { ...view, by: 'region', reference }),
    block: computeKpi(s, { ...view, by: 'block', reference }),
    municipality: computeKpi(s, { ...view, by: 'municipality', reference }),
    rating: computeRating(s, { ...view, municipalities }),
    queue: computeQueue(s, { now: view.now }),
  };
}

describe('SortedMultiset', () => {
  it('keeps the median through additions and removals, duplicates included', () => {
    const m = new SortedMultiset();
    expect(m.medianMinutes()).toBeNull();
    for (const v of [5, 1, 3, 3, 9]) m.add(v * MIN);
    expect(m.medianMinutes()).toBe(3);
    m.delete(3 * MIN);
    expect(m.medianMinutes()).toBe(4); // 1 3 5 9
    m.add(10 * MIN);
    m.delete(1 * MIN);
    m.delete(9 * MIN);
    expect(m.medianMinutes()).toBe(5); // 3 5 10
    expect(m.size).toBe(3);
  });

  it('counts removals made after the values were merged (nothing added since)', () => {
    const m = new SortedMultiset();
    for (let i = 1; i <= 301; i++) m.add(i * MIN);
    expect(m.medianMinutes()).toBe(151); // more than 256 pending: merged
    m.delete(301 * MIN);
    expect(m.medianMinutes()).toBe(150.5); // 1..300
    m.delete(1 * MIN);
    m.delete(2 * MIN);
    expect(m.medianMinutes()).toBe(151.5); // 3..300
    expect(m.size).toBe(298);
  });

  it('agrees with a sorted copy through thousands of random changes (merged and pending paths)', () => {
    const r = rng(5);
    const m = new SortedMultiset();
    const held: number[] = [];
    for (let step = 0; step < 6000; step++) {
      if (held.length && r() < 0.4) {
        const v = held.splice(Math.floor(r() * held.length), 1)[0]!;
        m.delete(v);
      } else {
        const v = Math.floor(r() * 50) * MIN; // many duplicates
        held.push(v);
        m.add(v);
      }
      if (step % 37 === 0 || step > 5900) {
        const s = [...held].sort((a, b) => a - b);
        const n = s.length;
        const want = n === 0 ? null : n % 2 ? s[n >> 1]! / MIN : (s[n / 2 - 1]! + s[n / 2]!) / 2 / MIN;
        expect(m.medianMinutes(), `step ${step}`).toBe(want);
      }
    }
  });
});

describe('LiveModel', () => {
  it('after random batches of upserts and removes equals a fresh full computation', () => {
    const r = rng(20261121);
    const truth = new Map<string, NormalizedMessage>();
    for (let i = 0; i < 400; i++) {
      const m = randomMessage(r, `i${i}`);
      truth.set(m.id, m);
    }
    let view = { from: T0 + 3 * D, to: T0 + 6 * D, now: T0 + 5 * D + 7 * H };
    const live = new LiveModel(MessageStore.from(truth.values()), { reference, municipalities, view });
    expect(stripView(live.snapshot())).toEqual(fresh(truth, view));
    let next = 400;
    for (let batch = 0; batch < 40; batch++) {
      const changed: NormalizedMessage[] = [];
      const removed: string[] = [];
      const k = 1 + Math.floor(r() * 40);
      const ids = [...truth.keys()];
      for (let j = 0; j < k; j++) {
        const p = r();
        if (p < 0.3) {
          // new message
          changed.push(randomMessage(r, `n${next++}`));
        } else if (p < 0.75 && ids.length) {
          // a new revision of a held message: same createdAt, new state
          const old = truth.get(ids[Math.floor(r() * ids.length)]!) ?? randomMessage(r, `n${next++}`);
          const upd = randomMessage(r, old.id);
          changed.push({ ...upd, rev: old.rev + 1, createdAt: r() < 0.7 ? old.createdAt : upd.createdAt });
        } else if (ids.length) {
          removed.push(ids[Math.floor(r() * ids.length)]!);
        }
      }
      if (r() < 0.2) removed.push('never-held');
      live.applyChanges(changed, removed);
      // the cache's batch: final state per id, removed ids applied after (as ApplyResult gives them)
      for (const m of changed) truth.set(m.id, m);
      for (const id of removed) truth.delete(id);
      if (batch % 7 === 3) {
        view = { ...view, now: view.now + Math.floor(r() * 20) * H };
        live.setView(view);
      } else if (batch % 11 === 5) {
        const from = T0 + Math.floor(r() * 8) * D + Math.floor(r() * 24) * H;
        view = { from, to: from + (1 + Math.floor(r() * 3)) * D, now: from + D };
        live.setView(view);
      }
      expect(stripView(live.snapshot()), `batch ${batch}`).toEqual(fresh(truth, view));
    }
    expect(live.store.size).toBe(truth.size);
  });

  it('with a queue limit gives the first items of the full queue, and its total', () => {
    const r = rng(99);
    const truth = new Map<string, NormalizedMessage>();
    for (let i = 0; i < 600; i++) {
      // many ties: few distinct weights and due times
      const m = randomMessage(r, `q${i}`);
      truth.set(m.id, { ...m, weight: [0, 300, 300, 1200][Math.floor(r() * 4)]!, dueAt: T0 + Math.floor(r() * 6) * D });
    }
    const view = { from: T0, to: T0 + 10 * D, now: T0 + 9 * D };
    const full = computeQueue(MessageStore.from(truth.values()), { now: view.now }).items;
    expect(full.length).toBeGreaterThan(60);
    for (const limit of [0, 1, 7, 50]) {
      const live = new LiveModel(MessageStore.from(truth.values()), { reference, municipalities, view, queueLimit: limit });
      const snap = live.snapshot();
      expect(snap.queue.items).toEqual(full.slice(0, limit));
      expect(snap.queueTotal).toBe(full.length);
      expect(computeQueue(MessageStore.from(truth.values()), { now: view.now, limit }).items).toEqual(full.slice(0, limit));
    }
  });

  it('sees a message answered in the window even when created long before it', () => {
    const view = { from: T0 + 10 * D, to: T0 + 11 * D, now: T0 + 11 * D };
    const live = new LiveModel(new MessageStore(), { reference, municipalities, view });
    live.applyChanges([msg({ id: 'a', status: 'in_progress', createdAt: T0, dueAt: T0 + D })], []);
    expect(live.snapshot().region.groups[0]).toMatchObject({ incoming: 0, open: 1, overdue: 1, answered: 0 });
    live.applyChanges([msg({ id: 'a', rev: 2, status: 'answered', createdAt: T0, dueAt: T0 + D, answeredAt: T0 + 10 * D + H, satisfaction: 5 })], []);
    expect(live.snapshot().region.groups[0]).toMatchObject({ incoming: 0, open: 0, overdue: 0, answered: 1, onTime: 0, satisfaction: 5 });
    live.applyChanges([], ['a']);
    expect(live.snapshot().region.groups[0]).toMatchObject({ answered: 0, satisfaction: null });
  });
});

/**
 * incomingPrev (docs/spec/kpi.md v2) is the one indicator of the live model that depends on `now`
 * through a cut of the previous window: the live model keeps it by bins of whole hours and counts
 * the bin of the cut from the store. This drives it at the edges where a drift would show — a
 * message exactly at the cut (now − L), a millisecond either side of it, of from − L, from, to and
 * of the hour boundaries; windows not on the hour, shorter than an hour, and long enough for bins
 * wider than an hour; `now` before, at, inside and after the window, moving back and forth — and
 * compares every figure with a fresh batch computation after each step.
 */
describe('LiveModel incomingPrev at the edges of the cut previous window (property)', () => {
  const LENGTHS = [30 * MIN, H, D + 17 * MIN, 7 * D, 100 * D]; // 100 days: 2,400 hours, bins of 2 h
  type Op =
    | { kind: 'now'; anchor: number; delta: number }
    | { kind: 'upsert'; target: number; anchor: number; delta: number }
    | { kind: 'remove'; target: number };
  const DELTAS = [-1, 0, 1, -H, H, -7 * MIN, 59 * MIN + 59_999];
  const deltaArb = fc.oneof(fc.constantFrom(...DELTAS), fc.integer({ min: -3 * H, max: 3 * H }));
  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('now' as const), anchor: fc.nat(), delta: deltaArb }),
    fc.record({ kind: fc.constant('upsert' as const), target: fc.nat(), anchor: fc.nat(), delta: deltaArb }),
    fc.record({ kind: fc.constant('remove' as const), target: fc.nat() }),
  );

  it('equals the batch engine after every change and every move of now', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LENGTHS),
        fc.integer({ min: 0, max: 3 * 60 }),
        fc.integer({ min: 0, max: 999 }),
        fc.array(fc.tuple(fc.nat(), deltaArb), { minLength: 1, maxLength: 30 }),
        fc.array(opArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (L, fromMin, fromMs, seeds, ops, seed) => {
          const from = T0 + 200 * D + fromMin * MIN + fromMs;
          const to = from + L;
          const nowAnchors = [from, to, from + Math.floor(L / 2), from - H, to + D, from + Math.floor(L / 3)];
          const nowOf = (anchor: number, delta: number) => nowAnchors[anchor % nowAnchors.length]! + delta;
          let now = nowOf(seed, 0);
          // instants of createdAt: the edges of both windows, the cuts of every now anchor, hours
          const hourAfterPrev = Math.ceil((from - L) / H) * H;
          const createdAnchors = () => [from - L, from, to, now - L, ...nowAnchors.map((t) => t - L), hourAfterPrev, hourAfterPrev + 2 * H, from - 2 * L];
          const createdOf = (anchor: number, delta: number) => {
            const a = createdAnchors();
            return a[anchor % a.length]! + delta;
          };
          const r = rng(seed);
          const truth = new Map<string, NormalizedMessage>();
          seeds.forEach(([anchor, delta], i) => {
            const m = randomMessage(r, `p${i}`);
            truth.set(m.id, { ...m, createdAt: createdOf(anchor, delta) });
          });
          const live = new LiveModel(MessageStore.from(truth.values()), { reference, municipalities, view: { from, to, now } });
          const check = (step: string) => expect(stripView(live.snapshot()), step).toEqual(fresh(truth, { from, to, now }));
          check('start');
          let next = seeds.length;
          ops.forEach((op, i) => {
            const ids = [...truth.keys()];
            if (op.kind === 'now') {
              now = nowOf(op.anchor, op.delta);
              live.setView({ from, to, now });
            } else if (op.kind === 'upsert') {
              const old = ids.length && op.target % 3 !== 0 ? truth.get(ids[op.target % ids.length]!)! : null;
              const m = randomMessage(r, old ? old.id : `p${next++}`);
              const upd = { ...m, rev: old ? old.rev + 1 : 1, createdAt: createdOf(op.anchor, op.delta) };
              live.applyChanges([upd], []);
              truth.set(upd.id, upd);
            } else if (ids.length) {
              const id = ids[op.target % ids.length]!;
              live.applyChanges([], [id]);
              truth.delete(id);
            }
            check(`op ${i} (${op.kind})`);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});

function stripView<T extends { view: unknown; queueTotal: number; queue: { items: unknown[] } }>(s: T): Omit<T, 'view' | 'queueTotal'> {
  const { view: _view, queueTotal, ...rest } = s;
  expect(queueTotal).toBe(s.queue.items.length);
  return rest;
}
