/**
 * The groups of `block,municipality` (docs/spec/kpi.md: "every pair that at least one message
 * existing at `now` has") after messages moved to another block and municipality, and across calls
 * on stores of different shapes (the engine reuses its buffers between calls); a cell that only
 * has answers counted among several groupings at once; `now` echoed as given or in UTC.
 */
import { describe, expect, it } from 'vitest';
import { computeKpi, computeKpiGroupings } from '../../../../shared/engine/kpi.js';
import { D, H, T0, msg, storeOf } from '../../../support/engine-fixtures.js';

const W = { from: T0, to: T0 + D, now: T0 + D };
const pairs = (s: ReturnType<typeof storeOf>) =>
  computeKpi(s, { ...W, by: 'block,municipality' }).groups.map((g) => [g.block, g.municipality, g.incoming]);

describe('block,municipality pairs', () => {
  it('lists no pair that no message has any more, though both its values are still there', () => {
    const s = storeOf([msg({ id: 'm1', block: 'A', municipality: 'Y' })]);
    s.upsert(msg({ id: 'm1', rev: 2, block: 'B', municipality: 'X' })); // moved: (A, Y) has no message now
    s.upsert(msg({ id: 'm2', block: 'A', municipality: 'X' }));
    s.upsert(msg({ id: 'm3', block: 'B', municipality: 'Y' }));
    expect(pairs(s)).toEqual([
      ['A', 'X', 1],
      ['B', 'X', 1],
      ['B', 'Y', 1],
    ]);
    // and with (A, Y) only moved away
    const t = storeOf([msg({ id: 'n1', block: 'A', municipality: 'Y' })]);
    t.upsert(msg({ id: 'n1', rev: 2, block: 'B', municipality: 'X' }));
    expect(pairs(t)).toEqual([['B', 'X', 1]]);
  });

  it('gives each store its own pairs, whatever was computed before', () => {
    const blocks = ['b0', 'b1', 'b2', 'b3', 'b4', 'b5'];
    const munis = ['m0', 'm1', 'm2', 'm3', 'm4', 'm5'];
    // every one of the 36 pairs
    const big = storeOf(blocks.flatMap((b) => munis.map((m) => msg({ block: b, municipality: m, category: 'c' }))));
    expect(pairs(big)).toHaveLength(36);
    // then a 2 × 2 store with two of its four pairs
    const small = storeOf([msg({ block: 'b0', municipality: 'm1', category: 'c' }), msg({ block: 'b1', municipality: 'm0', category: 'c' })]);
    expect(pairs(small)).toEqual([
      ['b0', 'm1', 1],
      ['b1', 'm0', 1],
    ]);
    // and a 2 × 3 store after the big one again
    expect(pairs(big)).toHaveLength(36);
    const mid = storeOf([
      msg({ block: 'b0', municipality: 'm0', category: 'c' }),
      msg({ block: 'b1', municipality: 'm1', category: 'c' }),
      msg({ block: 'b1', municipality: 'm2', category: 'c' }),
    ]);
    expect(pairs(mid)).toEqual([
      ['b0', 'm0', 1],
      ['b1', 'm1', 1],
      ['b1', 'm2', 1],
    ]);
  });
});

describe('several groupings: a group with only answers', () => {
  it('counts the answers of a municipality whose messages were all created before W', () => {
    const s = storeOf([
      msg({ id: 'x', block: 'A', municipality: 'X', createdAt: T0 - 30 * D, status: 'closed' }), // counts nowhere
      msg({ id: 'y', block: 'A', municipality: 'Y', createdAt: T0 - 30 * D, status: 'answered', answeredAt: T0 + H, dueAt: T0 + 2 * H, satisfaction: 4 }),
    ]);
    const all = computeKpiGroupings(s, W, ['block', 'municipality']);
    expect(all.municipality!.groups.map((g) => [g.municipality, g.incoming, g.answered, g.onTime, g.satisfaction])).toEqual([
      ['X', 0, 0, 0, null],
      ['Y', 0, 1, 1, 4],
    ]);
    expect(all.block!.groups.map((g) => [g.block, g.answered, g.satisfiedShare])).toEqual([['A', 1, 1]]);
  });
});

describe('the instants of the result', () => {
  it('echoes now as given, or gives it in UTC', () => {
    const s = storeOf([]);
    expect(computeKpi(s, { ...W, by: 'region' })).toMatchObject({ from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z', now: '2026-11-21T00:00:00.000Z' });
    const r = computeKpi(s, { ...W, by: 'region', nowText: '2026-11-21T12:00:00+12:00', toText: 'до' });
    expect([r.from, r.to, r.now]).toEqual(['2026-11-20T00:00:00.000Z', 'до', '2026-11-21T12:00:00+12:00']);
  });

  it('cuts the previous window at the elapsed time when now is inside W (incomingPrev)', () => {
    // W = the 20th; at 13:00 the previous window is the 19th until 13:00
    const s = storeOf([
      msg({ createdAt: T0 - D }), // 00:00 of the 19th: in
      msg({ createdAt: T0 - D + 13 * H - 1 }), // 12:59:59.999: in
      msg({ createdAt: T0 - D + 13 * H }), // 13:00 of the 19th: out
      msg({ createdAt: T0 - H }), // 23:00 of the 19th: out
    ]);
    const at = (now: number) => computeKpi(s, { ...W, now, by: 'region' }).groups[0]!.incomingPrev;
    expect(at(T0 + 13 * H)).toBe(2);
    expect(at(T0 + D)).toBe(4); // the whole previous day
    expect(at(T0 + 5 * D)).toBe(4); // a window that ended before now: the whole previous one
    expect(at(T0)).toBe(0); // nothing of W elapsed: nothing to compare with
    expect(at(T0 - H)).toBe(0);
  });
});
