/**
 * The escalation queue (docs/spec/kpi.md): the level is the highest of the fired rules, whatever
 * their order in the table; a cluster is counted per (municipality, category) pair — pairs never
 * mix — and only its members created in the last 24 h are "each of them"; every item has its own
 * list of reasons; full ties are ordered by id.
 */
import { describe, expect, it } from 'vitest';
import { computeQueue } from '../../../../shared/engine/queue.js';
import type { NormalizedMessage } from '../../../../shared/model.js';
import { D, H, T0, msg, storeOf } from '../../../support/engine-fixtures.js';

const NOW = T0 + 10 * D;
const quiet = (over: Partial<NormalizedMessage>) => msg({ status: 'in_progress', createdAt: NOW - 5 * D, dueAt: NOW + 10 * D, ...over });
const queue = (ms: NormalizedMessage[]) => computeQueue(storeOf(ms), { now: NOW }).items;

describe('queue levels and clusters', () => {
  it('an overdue of level 3 stays level 3 with a resonance, a rework or a cluster of level 2', () => {
    const late = NOW - 73 * H; // overdue beyond 72 h: level 3
    const q = queue([
      quiet({ id: 'r', dueAt: late, weight: 500 }),
      quiet({ id: 'w', dueAt: late, reworkCount: 2 }),
      ...[1, 2, 3, 4, 5].map((i) => quiet({ id: `c${i}`, dueAt: i === 1 ? late : NOW + 5 * D, createdAt: NOW - i * H, municipality: 'K', category: 'k' })),
    ]);
    const byId = new Map(q.map((i) => [i.id, i]));
    expect(byId.get('r')).toMatchObject({ level: 3, reasons: ['overdue', 'resonance'] });
    expect(byId.get('w')).toMatchObject({ level: 3, reasons: ['overdue', 'rework'] });
    expect(byId.get('c1')).toMatchObject({ level: 3, reasons: ['overdue', 'cluster'] });
    expect(byId.get('c2')).toMatchObject({ level: 2, reasons: ['cluster'] });
  });

  it('counts each municipality × category pair on its own: 3 + 2 in two pairs is no cluster', () => {
    // two municipalities × two categories; M0·C1 has 3, M1·C0 has 2, M1·C1 has 4 (none reaches 5)
    const ms = [
      quiet({ id: 'seed', municipality: 'M0', category: 'C0', status: 'closed' }),
      quiet({ id: 'seed2', municipality: 'M1', category: 'C1', status: 'closed' }),
      ...[1, 2, 3].map((i) => quiet({ id: `a${i}`, municipality: 'M0', category: 'C1', createdAt: NOW - i * H })),
      ...[1, 2].map((i) => quiet({ id: `b${i}`, municipality: 'M1', category: 'C0', createdAt: NOW - i * H })),
      ...[1, 2, 3, 4].map((i) => quiet({ id: `d${i}`, municipality: 'M1', category: 'C1', createdAt: NOW - i * H })),
    ];
    expect(queue(ms)).toEqual([]);
    // one more in M1·C1: those 5 are a cluster, nothing else
    const q = queue([...ms, quiet({ id: 'd5', municipality: 'M1', category: 'C1', createdAt: NOW - 5 * H })]);
    expect(q.map((i) => i.id).sort()).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
  });

  it('an older open message of a clustered pair is not part of the cluster', () => {
    const q = queue([
      ...[1, 2, 3, 4, 5].map((i) => quiet({ id: `k${i}`, municipality: 'M', category: 'C', createdAt: NOW - i * H })),
      quiet({ id: 'old', municipality: 'M', category: 'C', createdAt: NOW - 24 * H }),
    ]);
    expect(q.map((i) => i.id)).toEqual(['k5', 'k4', 'k3', 'k2', 'k1']);
  });

  it('a cluster member that is closed no longer counts: 4 left open are no cluster', () => {
    const five = [1, 2, 3, 4, 5].map((i) => quiet({ id: `k${i}`, municipality: 'M', category: 'C', createdAt: NOW - i * H }));
    const s = storeOf(five);
    expect(computeQueue(s, { now: NOW }).items).toHaveLength(5);
    s.upsert({ ...five[0]!, rev: 2, status: 'closed' });
    expect(computeQueue(s, { now: NOW }).items).toEqual([]);
    s.remove('k2');
    expect(computeQueue(s, { now: NOW }).items).toEqual([]);
  });

  it('a limited queue never gives a message that fires no rule, however heavy', () => {
    const ms = [quiet({ id: 'calm', weight: 299 }), quiet({ id: 'late', dueAt: NOW - 2 * H }), quiet({ id: 'later', dueAt: NOW - 3 * H })];
    for (const limit of [1, 2])
      expect(computeQueue(storeOf(ms), { now: NOW, limit }).items.map((i) => i.id), `limit ${limit}`).toEqual(['later', 'late'].slice(0, limit));
  });

  it('orders full ties by id, whatever order the messages come in', () => {
    const ids = ['q', 'b', 'z', 'a', 'm'];
    for (let k = 0; k < ids.length; k++) {
      const order = [...ids.slice(k), ...ids.slice(0, k)];
      expect(queue(order.map((id) => quiet({ id, dueAt: NOW - H }))).map((i) => i.id), order.join()).toEqual(['a', 'b', 'm', 'q', 'z']);
    }
  });

  it('gives every item a list of reasons of its own', () => {
    const s = storeOf([quiet({ id: 'x', dueAt: NOW - H }), quiet({ id: 'y', dueAt: NOW - 2 * H })]);
    const first = computeQueue(s, { now: NOW }).items;
    first[0]!.reasons.push('cluster');
    expect(first[1]!.reasons).toEqual(['overdue']);
    expect(computeQueue(s, { now: NOW }).items.map((i) => i.reasons)).toEqual([['overdue'], ['overdue']]);
  });
});
