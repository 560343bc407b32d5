import { describe, expect, it } from 'vitest';
import { MessageStore } from '../../../../shared/engine/store.js';
import { heatPoints } from '../../../../shared/engine/heat.js';
import { D, H, T0, msg, openIdsChecked, rng } from '../../../support/engine-fixtures.js';

describe('MessageStore', () => {
  it('round-trips a message, nulls included', () => {
    const s = new MessageStore();
    const a = msg({ id: 'a', firstResponseAt: T0 + 2 * H, answeredAt: T0 + 3 * H, satisfaction: 4, reworkCount: 2, weight: 12.5, lat: 53, lon: 158.5 });
    const b = msg({ id: 'b', status: 'new' });
    s.upsert(a);
    s.upsert(b);
    expect(s.size).toBe(2);
    expect(s.toNormalized(s.getRow('a')!)).toEqual(a);
    expect(s.toNormalized(s.getRow('b')!)).toEqual(b);
  });

  it('replaces the row of the same id and swap-removes, keeping every index right', () => {
    const s = new MessageStore(16);
    const truth = new Map<string, ReturnType<typeof msg>>();
    const r = rng(7);
    const statuses = ['new', 'in_progress', 'answered', 'rework', 'closed', 'rejected'] as const;
    for (let step = 0; step < 3000; step++) {
      const id = `id${Math.floor(r() * 200)}`;
      if (r() < 0.3) {
        expect(s.remove(id)).toBe(truth.delete(id));
      } else {
        const m = msg({
          id,
          status: statuses[Math.floor(r() * 6)]!,
          createdAt: T0 + Math.floor(r() * 48) * H,
          answeredAt: r() < 0.5 ? null : T0 + Math.floor(r() * 48) * H,
          block: `b${Math.floor(r() * 3)}`,
          weight: Math.floor(r() * 5),
          reworkCount: Math.floor(r() * 3),
        });
        s.upsert(m);
        truth.set(id, m);
      }
    }
    expect(s.size).toBe(truth.size);
    for (const [id, m] of truth) expect(s.toNormalized(s.getRow(id)!)).toEqual(m);
    // open index
    // the dense copy of the open rows' fields follows the columns
    const open = new Set(openIdsChecked(s));
    expect([...open].sort()).toEqual(
      [...truth.values()].filter((m) => ['new', 'in_progress', 'rework'].includes(m.status)).map((m) => m.id).sort(),
    );
    // hour buckets hold every row once, in the bucket of its hour
    const seen = new Set<string>();
    s.byCreated.forEachCandidate(T0 - D, T0 + 3 * D, (row) => {
      const id = s.ids[row]!;
      expect(seen.has(id)).toBe(false);
      seen.add(id);
    });
    expect(seen.size).toBe(truth.size);
    let answered = 0;
    s.byAnswered.forEachCandidate(T0, T0 + H, (row) => {
      expect(Math.floor(s.answeredAt[row]! / H)).toBe(T0 / H);
      answered++;
    });
    expect(answered).toBe([...truth.values()].filter((m) => m.answeredAt === T0).length);
    // use counts of the dictionaries
    expect(s.blocks.present().sort()).toEqual([...new Set([...truth.values()].map((m) => m.block))].sort());
    expect(s.remove('nope')).toBe(false);
  });
});

describe('heatPoints', () => {
  it('gives [lon, lat, 1] of located messages created in the window, filtered', () => {
    const s = MessageStore.from([
      msg({ id: 'a', createdAt: T0, lat: 53, lon: 158, block: 'housing', channel: 'vk', municipality: 'M1' }),
      msg({ id: 'b', createdAt: T0 + H, lat: 54, lon: 159, block: 'roads', channel: 'pos', municipality: 'M2' }),
      msg({ id: 'c', createdAt: T0 + D, lat: 55, lon: 160 }), // == to
      msg({ id: 'd', createdAt: T0 + H }), // no location
    ]);
    const w = { from: T0, to: T0 + D };
    expect([...heatPoints(s, w)]).toEqual([158, 53, 1, 159, 54, 1]);
    expect([...heatPoints(s, { ...w, blocks: ['roads'] })]).toEqual([159, 54, 1]);
    expect([...heatPoints(s, { ...w, channels: ['vk'] })]).toEqual([158, 53, 1]);
    expect([...heatPoints(s, { ...w, municipality: 'M2' })]).toEqual([159, 54, 1]);
    expect(heatPoints(s, { ...w, municipality: 'nowhere' }).length).toBe(0);
    expect(heatPoints(s, { ...w, blocks: [] }).length).toBe(0);
  });
});
