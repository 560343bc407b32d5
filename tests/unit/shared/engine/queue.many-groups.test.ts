/**
 * The escalation queue (docs/spec/kpi.md, "Escalation queue") when municipalities × categories are
 * too many for a dense table of cluster counts (more than 2^20 pairs: the counts go to a map), and
 * the first items of a limited queue, ties included.
 */
import { describe, expect, it } from 'vitest';
import { computeQueue, queueItems, queueRows } from '../../../../shared/engine/queue.js';
import type { NormalizedMessage } from '../../../../shared/model.js';
import { D, H, MIN, T0, msg, storeOf } from '../../../support/engine-fixtures.js';

const NOW = T0 + 10 * D;
const quiet = (over: Partial<NormalizedMessage>) => msg({ status: 'in_progress', createdAt: NOW - 5 * D, dueAt: NOW + 10 * D, ...over });

describe('queue with more municipality × category pairs than a dense table holds', () => {
  it('still finds the cluster of 5 and no cluster of 4', () => {
    // 1 100 municipalities and 1 000 categories: 1.1 million pairs
    const filler: NormalizedMessage[] = [];
    for (let i = 0; i < 1100; i++) filler.push(msg({ id: `fm${i}`, municipality: `M${i}`, category: `C${i % 1000}`, status: 'closed' }));
    const five = [1, 2, 3, 4, 5].map((i) => quiet({ id: `k${i}`, municipality: 'M7', category: 'C3', createdAt: NOW - i * H }));
    const four = [1, 2, 3, 4].map((i) => quiet({ id: `n${i}`, municipality: 'M8', category: 'C3', createdAt: NOW - i * H }));
    // one more of M8 but another category, one more of C3 but another municipality
    const near = [quiet({ id: 'x1', municipality: 'M8', category: 'C4', createdAt: NOW - H }), quiet({ id: 'x2', municipality: 'M9', category: 'C3', createdAt: NOW - H })];
    const q = computeQueue(storeOf([...filler, ...five, ...four, ...near]), { now: NOW }).items;
    expect(q.map((i) => [i.id, i.level, i.reasons])).toEqual([
      // level 2, not overdue, weight 0: by createdAt ascending
      ['k5', 2, ['cluster']],
      ['k4', 2, ['cluster']],
      ['k3', 2, ['cluster']],
      ['k2', 2, ['cluster']],
      ['k1', 2, ['cluster']],
    ]);
  });
});

describe('a limited queue', () => {
  // ties on level, overdue time and weight, broken by createdAt then id
  const ms = [
    quiet({ id: 'b', dueAt: NOW - H, createdAt: NOW - 2 * D }),
    quiet({ id: 'a', dueAt: NOW - H, createdAt: NOW - 2 * D }),
    quiet({ id: 'c', dueAt: NOW - H, createdAt: NOW - 3 * D }),
    quiet({ id: 'd', dueAt: NOW - H, createdAt: NOW - 2 * D, weight: 350 }), // level 2 by resonance
    quiet({ id: 'e', dueAt: NOW - 2 * H, createdAt: NOW - D }),
    quiet({ id: 'f', dueAt: NOW + 30 * MIN }),
    quiet({ id: 'g', dueAt: NOW - H, createdAt: NOW - 2 * D, weight: 10 }),
  ];
  const full = ['d', 'e', 'g', 'c', 'a', 'b', 'f'];

  it('gives the first items of the whole queue for every limit', () => {
    const s = storeOf(ms);
    expect(computeQueue(s, { now: NOW }).items.map((i) => i.id)).toEqual(full);
    for (let limit = 0; limit <= full.length + 1; limit++) {
      const q = queueRows(s, NOW, undefined, limit);
      expect(q.total, `limit ${limit}`).toBe(full.length);
      expect(queueItems(s, q).map((i) => i.id), `limit ${limit}`).toEqual(full.slice(0, limit));
    }
    // the items of the first rows only
    expect(queueItems(s, queueRows(s, NOW), 3).map((i) => i.id)).toEqual(['d', 'e', 'g']);
    expect(queueItems(s, queueRows(s, NOW), 0)).toEqual([]);
  });

  it('whatever order the messages come in', () => {
    for (let k = 0; k < ms.length; k++) {
      const rotated = [...ms.slice(k), ...ms.slice(0, k)].reverse();
      const s = storeOf(rotated);
      for (const limit of [1, 2, 4, 6])
        expect(queueItems(s, queueRows(s, NOW, undefined, limit)).map((i) => i.id), `rotation ${k} limit ${limit}`).toEqual(full.slice(0, limit));
    }
  });

  it('gives each item its level, reasons, overdue minutes, weight, block and municipality', () => {
    const s = storeOf([quiet({ id: 'z', dueAt: NOW - 90 * MIN, weight: 1200, block: 'roads', municipality: 'M5', category: 'roads.pits' })]);
    expect(queueItems(s, queueRows(s, NOW))).toEqual([
      { id: 'z', level: 3, reasons: ['overdue', 'resonance'], overdueMin: 90, weight: 1200, block: 'roads', municipality: 'M5' },
    ]);
  });
});
