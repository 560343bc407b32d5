/**
 * The LiveModel's settings and its cache: a change of thresholds, reference, names or queue limit
 * shows in the next snapshot; changes applied before a view is set count once it is; moving `now`
 * within one window keeps the window figures and re-takes the states at `now` (docs/spec/kpi.md:
 * `open` and `overdue` are states at `now`); an empty window is refused with a Russian message.
 */
import { describe, expect, it } from 'vitest';
import { LiveModel } from '../../../../shared/engine/live.js';
import { MessageStore } from '../../../../shared/engine/store.js';
import { computeKpi } from '../../../../shared/engine/kpi.js';
import { D, H, MIN, T0, msg, storeOf } from '../../../support/engine-fixtures.js';

const view = { from: T0, to: T0 + D, now: T0 + 12 * H };
// two answered on time, one late (speed 66.7, quality 100, completeness 100 → score 88.9)
const data = () => [
  msg({ id: 'a', municipality: 'M1', status: 'answered', createdAt: T0 + H, answeredAt: T0 + 2 * H, dueAt: T0 + 3 * H }),
  msg({ id: 'b', municipality: 'M1', status: 'answered', createdAt: T0 + H, answeredAt: T0 + 2 * H, dueAt: T0 + 3 * H }),
  msg({ id: 'c', municipality: 'M1', status: 'closed', createdAt: T0 + H, answeredAt: T0 + 4 * H, dueAt: T0 + 3 * H }),
  msg({ id: 'q1', municipality: 'M1', status: 'new', createdAt: T0 - D, dueAt: T0 + 11 * H, weight: 10 }), // overdue 1 h at 12:00
  msg({ id: 'q2', municipality: 'M1', status: 'new', createdAt: T0 - D, dueAt: T0 + 12 * H + 30 * MIN }), // due soon at 12:00
];
const reference = { blocks: [], channels: [], municipalities: [{ oktmo: 'M1', population: 1000 }] };

describe('LiveModel settings', () => {
  it('a new thresholds object changes the zone and the queue of the next snapshot', () => {
    const live = new LiveModel(storeOf(data()), { reference, view });
    const before = live.snapshot();
    expect(before.rating.rows[0]).toMatchObject({ municipality: 'M1', name: 'M1', zone: 'green' });
    expect(before.queue.items.map((i) => [i.id, i.level, i.reasons])).toEqual([
      ['q1', 1, ['overdue']],
      ['q2', 1, ['due_soon']],
    ]);
    live.setThresholds({ zoneGreen: 95, zoneYellow: 90, dueSoonMs: 10 * MIN });
    const after = live.snapshot();
    expect(after.rating.rows[0]!.zone).toBe('red');
    expect(after.queue.items.map((i) => i.id)).toEqual(['q1']);
    live.setThresholds(undefined);
    expect(live.snapshot().rating.rows[0]!.zone).toBe('green');
  });

  it('a new reference and names show in the next snapshot', () => {
    const live = new LiveModel(storeOf(data()), { reference, view });
    expect(live.snapshot().municipality.groups.map((g) => [g.municipality, g.per10k])).toEqual([['M1', 30]]);
    live.setReference(
      { blocks: ['roads'], channels: [], municipalities: [{ oktmo: 'M1', population: 3000 }, { oktmo: 'M7', population: 10 }] },
      [{ oktmo: 'M1', name: 'Елизово' }, { oktmo: 'M7', name: 'Усть-Камчатский' }],
    );
    const s = live.snapshot();
    expect(s.municipality.groups.map((g) => [g.municipality, g.incoming, g.per10k])).toEqual([
      ['M1', 3, 10],
      ['M7', 0, 0],
    ]);
    expect(s.block.groups.map((g) => g.block)).toEqual(['housing', 'roads']);
    expect(s.rating.rows.map((r) => [r.name, r.rank])).toEqual([
      ['Елизово', 1],
      ['Усть-Камчатский', null],
    ]);
    // without names: the reference's municipalities named by their code
    live.setReference({ blocks: [], channels: [], municipalities: [{ oktmo: 'M1' }] });
    expect(live.snapshot().rating.rows.map((r) => r.name)).toEqual(['M1']);
  });

  it('a new queue limit shows in the next snapshot, the total kept', () => {
    const live = new LiveModel(storeOf(data()), { reference, view, queueLimit: 1 });
    expect(live.snapshot().queue.items.map((i) => i.id)).toEqual(['q1']);
    expect(live.snapshot().queueTotal).toBe(2);
    live.setQueueLimit(5);
    expect(live.snapshot().queue.items.map((i) => i.id)).toEqual(['q1', 'q2']);
    live.setQueueLimit(0);
    expect(live.snapshot().queue.items).toEqual([]);
    expect(live.snapshot().queueTotal).toBe(2);
  });

  it('gives the same snapshot until something changes', () => {
    const live = new LiveModel(storeOf(data()), { reference, view });
    const s = live.snapshot();
    expect(live.snapshot()).toBe(s);
    live.setView({ ...view });
    const s2 = live.snapshot();
    expect(s2).toEqual(s);
    live.applyChanges([], ['never-held']);
    expect(live.snapshot()).toEqual(s2);
  });

  it('a new window at the same now shows the new window', () => {
    const live = new LiveModel(storeOf(data()), { reference, view });
    expect(live.snapshot().region.groups[0]!.incoming).toBe(3);
    live.setView({ from: T0 - D, to: T0, now: view.now }); // the day before: q1 and q2
    expect(live.snapshot().region.groups[0]).toMatchObject({ incoming: 2, answered: 0, open: 2, overdue: 1 });
    expect(live.snapshot().region.from).toBe('2026-11-19T00:00:00.000Z');
  });

  it('a new start with the same end, and a new end with the same start, show the new window', () => {
    const live = new LiveModel(storeOf(data()), { reference, view });
    expect(live.snapshot().region.groups[0]!.incoming).toBe(3);
    live.setView({ ...view, from: T0 - D }); // two days: a, b, c and q1, q2
    expect(live.snapshot().region.groups[0]).toMatchObject({ incoming: 5, answered: 3 });
    live.setView({ ...view, from: T0 - D, to: T0 + 90 * MIN }); // a, b, c created at 01:00, none answered yet
    expect(live.snapshot().region.groups[0]).toMatchObject({ incoming: 5, answered: 0 });
    live.setView({ ...view, from: T0 + 30 * MIN, to: T0 + 90 * MIN });
    expect(live.snapshot().region.groups[0]).toMatchObject({ incoming: 3, answered: 0 });
  });

  it('moving now in the same window re-takes open and overdue at now and cuts incomingPrev there', () => {
    const ms = [...data(), msg({ id: 'p', createdAt: T0 - D + 13 * H })]; // 13 h into the previous day
    const live = new LiveModel(storeOf(ms), { reference, view });
    expect(live.snapshot().region.groups[0]).toMatchObject({ incoming: 3, open: 2, overdue: 1, incomingPrev: 2 }); // q1, q2 (created at 00:00 of the day before)
    live.setView({ ...view, now: T0 + 14 * H });
    expect(live.snapshot().region.groups[0]).toMatchObject({ incoming: 3, open: 2, overdue: 2, incomingPrev: 3 }); // and p
    expect(live.snapshot().queue.items.map((i) => i.id)).toEqual(['q1', 'q2']);
    expect(live.snapshot().view).toEqual({ ...view, now: T0 + 14 * H });
    expect(live.getView()).toEqual({ ...view, now: T0 + 14 * H });
  });

  it('counts changes applied before any view once a view is set', () => {
    const live = new LiveModel(new MessageStore(), { reference });
    expect(live.getView()).toBeNull();
    expect(() => live.snapshot()).toThrow('LiveModel: окно не задано (setView)');
    live.applyChanges(data(), []);
    live.applyChanges([{ ...data()[0]!, rev: 2, status: 'closed' }], []); // a new revision, still before any view
    live.applyChanges([], ['c']);
    live.setView(view);
    const want = computeKpi(storeOf([{ ...data()[0]!, rev: 2, status: 'closed' as const }, ...data().slice(1).filter((m) => m.id !== 'c')]), {
      ...view,
      by: 'region',
      reference,
    });
    expect(live.snapshot().region).toEqual(want);
    expect(live.snapshot().region.groups[0]).toMatchObject({ incoming: 2, answered: 2, onTime: 2, open: 2 });
  });

  it('refuses an empty window in Russian and keeps the view it had', () => {
    const live = new LiveModel(storeOf(data()), { reference, view });
    expect(() => live.setView({ from: T0, to: T0, now: T0 })).toThrow('окно пустое: from должно быть раньше to');
    expect(() => live.setView({ from: T0 + H, to: T0, now: T0 })).toThrow(RangeError);
    expect(() => new LiveModel(new MessageStore(), { view: { from: T0, to: T0 - 1, now: T0 } })).toThrow('окно пустое');
    expect(live.getView()).toEqual(view);
    expect(live.snapshot().region.groups[0]!.incoming).toBe(3);
  });

  it('names the window and now in UTC in each grouping', () => {
    const live = new LiveModel(storeOf(data()), { reference, view });
    const s = live.snapshot();
    for (const r of [s.region, s.block, s.municipality])
      expect([r.from, r.to, r.now]).toEqual(['2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z', '2026-11-20T12:00:00.000Z']);
    expect(s.queue.now).toBe('2026-11-20T12:00:00.000Z');
  });
});
