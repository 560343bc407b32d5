/**
 * The as-of engine's own decisions (shared/engine/asof.ts): an empty window refused in Russian;
 * revisions added to the history after a view show in the next view at the same instant (the held
 * store is not reused across a change of the history); forget() makes the next call build afresh;
 * new options show in the next view; without names the rating names municipalities by their code;
 * every message is found after the history grew past the slack of the last build, and in a history of 17 000.
 */
import { describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../../shared/engine/history.js';
import { AsOfEngine } from '../../../../shared/engine/asof.js';
import { D, H, T0, msg } from '../../../support/engine-fixtures.js';

const reference = { blocks: [], channels: [], municipalities: [{ oktmo: 'M1' }] };
const W = { from: T0, to: T0 + D };

function history() {
  const h = new HistoryStore();
  h.addAll([
    { id: 'a', rev: 1, updatedAt: T0 + H, message: msg({ id: 'a', municipality: 'M1', status: 'new', createdAt: T0 + H, dueAt: T0 + 2 * H }) },
    { id: 'b', rev: 1, updatedAt: T0 + H, message: msg({ id: 'b', municipality: 'M1', status: 'new', createdAt: T0 + H, dueAt: T0 + 20 * H }) },
  ]);
  return h;
}

describe('AsOfEngine', () => {
  it('refuses an empty window in Russian', () => {
    const e = new AsOfEngine(history(), { reference });
    expect(() => e.viewAt(T0 + 3 * H, { from: T0, to: T0 })).toThrow('окно пустое: from должно быть раньше to');
    expect(() => e.viewAt(T0 + 3 * H, { from: T0 + 1, to: T0 })).toThrow(RangeError);
  });

  it('shows revisions added to the history since, at the same instant', () => {
    const h = history();
    const e = new AsOfEngine(h, { reference });
    const t = T0 + 3 * H;
    expect(e.viewAt(t, W).kpi.region.groups[0]).toMatchObject({ incoming: 2, open: 2, overdue: 1 });
    h.add({ id: 'a', rev: 2, updatedAt: T0 + 2 * H + 30 * 60_000, message: msg({ id: 'a', municipality: 'M1', status: 'answered', createdAt: T0 + H, dueAt: T0 + 2 * H, answeredAt: T0 + 2 * H + 30 * 60_000 }) });
    const v = e.viewAt(t, W);
    expect(v.via).toBe('build');
    expect(v.kpi.region.groups[0]).toMatchObject({ incoming: 2, open: 1, overdue: 0, answered: 1, onTime: 0 });
    expect(e.viewAt(t, W).via).toBe('held');
  });

  it('builds afresh after forget(), even at the same instant', () => {
    const e = new AsOfEngine(history(), { reference });
    expect(e.viewAt(T0 + 3 * H, W).via).toBe('build');
    expect(e.viewAt(T0 + 3 * H, W).via).toBe('held');
    e.forget();
    expect(e.viewAt(T0 + 3 * H, W).via).toBe('build');
  });

  it('uses new options from the next view on; without names the rating names by code', () => {
    const e = new AsOfEngine(history(), { reference });
    const v = e.viewAt(T0 + 3 * H, W);
    expect(v.rating.rows.map((r) => [r.municipality, r.name])).toEqual([['M1', 'M1']]);
    expect([v.queue.items.length, v.queueTotal]).toEqual([1, 1]);
    e.setOptions({ reference, municipalities: [{ oktmo: 'M1', name: 'Елизово' }], queueLimit: 0, thresholds: { dueSoonMs: 0 } });
    const w = e.viewAt(T0 + 3 * H, W);
    expect(w.rating.rows.map((r) => r.name)).toEqual(['Елизово']);
    expect([w.queue.items.length, w.queueTotal]).toEqual([0, 1]);
  });

  it('keeps finding every message after the history grew by thousands since the last build', () => {
    const h = history();
    const e = new AsOfEngine(h, { reference });
    const t = T0 + 10 * H;
    expect(e.viewAt(t, W).kpi.region.groups[0]!.incoming).toBe(2);
    const more = Array.from({ length: 2000 }, (_, i) => ({
      id: `n${i}`,
      rev: 1,
      updatedAt: T0 + 2 * H,
      message: msg({ id: `n${i}`, municipality: 'M1', status: 'new' as const, createdAt: T0 + 2 * H, dueAt: T0 + 30 * H }),
    }));
    h.addAll(more);
    // n1500 is answered a minute after t
    h.add({ id: 'n1500', rev: 2, updatedAt: t + 60_000, message: msg({ id: 'n1500', municipality: 'M1', status: 'answered', createdAt: T0 + 2 * H, dueAt: T0 + 30 * H, answeredAt: t + 60_000 }) });
    const v = e.viewAt(t, W);
    expect(v.via).toBe('build');
    expect(v.kpi.region.groups[0]).toMatchObject({ incoming: 2002, open: 2002, answered: 0 });
    const { store } = e.storeAt(t);
    expect(store.rev[store.getRow('n1999')!]).toBe(1);
    expect(store.rev[store.getRow('n1500')!]).toBe(1);
    const w = e.viewAt(t + 2 * 60_000, W);
    expect(w.kpi.region.groups[0]).toMatchObject({ incoming: 2002, open: 2001, answered: 1 });
    const moved = e.storeAt(t + 2 * 60_000).store;
    expect(moved.rev[moved.getRow('n1500')!]).toBe(2);
  });

  it('finds every message of a history of 17 000', () => {
    const h = new HistoryStore();
    h.addAll(
      Array.from({ length: 17_000 }, (_, i) => ({
        id: `k${i}`,
        rev: 1,
        updatedAt: T0 + H,
        message: msg({ id: `k${i}`, municipality: 'M1', status: 'new' as const, createdAt: T0 + H, dueAt: T0 + 30 * H }),
      })),
    );
    const e = new AsOfEngine(h, { reference });
    expect(e.viewAt(T0 + 2 * H, W).kpi.region.groups[0]!.open).toBe(17_000);
    const { store } = e.storeAt(T0 + 2 * H);
    for (const id of ['k0', 'k16000', 'k16990', 'k16999']) expect(store.ids[store.getRow(id)!], id).toBe(id);
  });
});
