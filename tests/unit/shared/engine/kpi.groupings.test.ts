/**
 * Several groupings at once (computeKpiGroupings, which the as-of engine and the hub use): the
 * numbers of each grouping equal those of computeKpi for it alone (docs/spec/kpi.md, "Indicators
 * of a group"), both when the rows are summed through block × municipality × channel cells and when
 * there are too many cells for that and each grouping counts its rows directly.
 */
import { describe, expect, it } from 'vitest';
import { computeKpi, computeKpiGroupings, type KpiReference } from '../../../../shared/engine/kpi.js';
import { GROUPINGS, type Grouping } from '../../../../shared/engine/types.js';
import type { NormalizedMessage } from '../../../../shared/model.js';
import type { Status } from '../../../../shared/schema.js';
import { D, H, MIN, T0, msg, rng, storeOf } from '../../../support/engine-fixtures.js';

const W = { from: T0 + D, to: T0 + 2 * D, now: T0 + D + 15 * H };
const STATUSES: Status[] = ['new', 'in_progress', 'answered', 'rework', 'closed', 'rejected'];

function data(n: number, blocks: number, munis: number, channels: number, seed: number): NormalizedMessage[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const createdAt = T0 + Math.floor(r() * 3 * 24) * H;
    const status = STATUSES[Math.floor(r() * STATUSES.length)]!;
    const done = status === 'answered' || status === 'closed';
    return msg({
      id: `g${i}`,
      block: `b${i % blocks}`,
      municipality: `m${Math.floor(r() * munis)}`,
      channel: `c${Math.floor(r() * channels)}`,
      category: 'c',
      createdAt,
      dueAt: createdAt + Math.floor(r() * 48) * H,
      firstResponseAt: r() < 0.7 ? createdAt + Math.floor(r() * 300) * MIN : null,
      answeredAt: done ? createdAt + Math.floor(r() * 40) * H : null,
      status,
      reworkCount: Math.floor(r() * 3),
      satisfaction: done && r() < 0.6 ? 1 + Math.floor(r() * 5) : null,
    });
  });
}

const reference: KpiReference = {
  blocks: ['b0', 'b_only_ref'],
  channels: ['c0', 'c_only_ref'],
  municipalities: [{ oktmo: 'm0', population: 20000 }, { oktmo: 'm_only_ref', population: 5 }],
};

function expectSameAsAlone(ms: NormalizedMessage[], groupings: readonly Grouping[]): void {
  const s = storeOf(ms);
  const all = computeKpiGroupings(s, { ...W, reference }, groupings);
  expect(Object.keys(all).sort()).toEqual([...groupings].sort());
  for (const by of groupings) expect(all[by], by).toEqual(computeKpi(s, { ...W, by, reference }));
}

describe('computeKpiGroupings', () => {
  it('gives each grouping the numbers of computeKpi (summed through cells)', () => {
    expectSameAsAlone(data(600, 4, 5, 3, 7), GROUPINGS);
    expectSameAsAlone(data(300, 3, 4, 2, 8), ['channel', 'region']);
    expectSameAsAlone(data(300, 3, 4, 2, 9), ['municipality', 'block']);
    expectSameAsAlone(data(300, 3, 4, 2, 10), ['block,municipality', 'channel']);
    expectSameAsAlone(data(300, 3, 4, 2, 13), ['region', 'block']);
    expectSameAsAlone(data(300, 3, 4, 2, 14), ['region', 'municipality']);
    expectSameAsAlone(data(300, 3, 4, 2, 15), ['region', 'channel']);
    expectSameAsAlone(data(300, 3, 4, 2, 16), ['region', 'block,municipality']);
  });

  it('gives each grouping the numbers of computeKpi when there are too many cells to sum through', () => {
    // 300 blocks × 300 municipalities × 2 channels = 180 000 cells (more than 65 536)
    expectSameAsAlone(data(1200, 300, 300, 2, 11), GROUPINGS);
    expectSameAsAlone(data(1200, 300, 300, 2, 12), ['block', 'municipality']);
  });

  it('counts one hand-made dataset right in every grouping at once', () => {
    // c is created 1 h into the previous day: inside its cut at 15 h (incomingPrev), answered in W
    const s = storeOf([
      msg({ id: 'a', block: 'housing', municipality: 'A', channel: 'vk', createdAt: W.from + H, status: 'new', dueAt: W.now - 1 }),
      msg({ id: 'b', block: 'roads', municipality: 'A', channel: 'pos', createdAt: W.from + H, status: 'closed', answeredAt: W.from + 2 * H, dueAt: W.from + 3 * H, satisfaction: 5, firstResponseAt: W.from + H + 10 * MIN }),
      msg({ id: 'c', block: 'roads', municipality: 'B', channel: 'vk', createdAt: W.from - D + H, status: 'answered', answeredAt: W.from + H, dueAt: W.from, reworkCount: 1, satisfaction: 2 }),
    ]);
    const all = computeKpiGroupings(s, W, ['region', 'block', 'municipality', 'channel', 'block,municipality']);
    const pick = (by: Grouping) =>
      all[by]!.groups.map((g) => [g.block ?? g.municipality ?? g.channel ?? null, g.incoming, g.open, g.overdue, g.answered, g.onTime, g.medianFirstResponseMin, g.satisfaction, g.incomingPrev]);
    expect(pick('region')).toEqual([[null, 2, 1, 1, 2, 1, 10, 3.5, 1]]);
    expect(pick('block')).toEqual([
      ['housing', 1, 1, 1, 0, 0, null, null, 0],
      ['roads', 1, 0, 0, 2, 1, 10, 3.5, 1],
    ]);
    expect(pick('municipality')).toEqual([
      ['A', 2, 1, 1, 1, 1, 10, 5, 0],
      ['B', 0, 0, 0, 1, 0, null, 2, 1],
    ]);
    expect(pick('channel')).toEqual([
      ['pos', 1, 0, 0, 1, 1, 10, 5, 0],
      ['vk', 1, 1, 1, 1, 0, null, 2, 1],
    ]);
    expect(all['block,municipality']!.groups.map((g) => [g.block, g.municipality, g.incoming, g.answered, g.incomingPrev])).toEqual([
      ['housing', 'A', 1, 0, 0],
      ['roads', 'A', 1, 1, 0],
      ['roads', 'B', 0, 1, 1],
    ]);
  });

  it('counts a group in which every indicator is non-zero', () => {
    // one block, municipality and channel: created in W open and overdue; answered in W on time,
    // reworked, rated 5, done; created in the previous window's cut
    const s = storeOf([
      msg({ id: 'o', createdAt: W.from + H, status: 'new', dueAt: W.from + 2 * H }),
      msg({ id: 'a', createdAt: W.from + H, status: 'answered', answeredAt: W.from + 3 * H, dueAt: W.from + 4 * H, reworkCount: 1, satisfaction: 5 }),
      msg({ id: 'p', createdAt: W.from - D + H, status: 'closed' }),
    ]);
    const all = computeKpiGroupings(s, W, ['region', 'block', 'municipality']);
    const want = {
      incoming: 2,
      open: 1,
      overdue: 1,
      answered: 1,
      onTime: 1,
      onTimeRate: 1,
      reworkRate: 1,
      satisfaction: 5,
      satisfiedShare: 1,
      completeness: 0.5,
      incomingPrev: 1,
    };
    for (const by of ['region', 'block', 'municipality'] as const) expect(all[by]!.groups, by).toEqual([expect.objectContaining(want)]);
  });

  it('without a reference lists only the values of the data', () => {
    const s = storeOf([msg({ block: 'roads', municipality: 'M4', channel: 'tg', category: 'r' })]);
    expect(computeKpi(s, { ...W, by: 'block' }).groups.map((g) => g.block)).toEqual(['roads']);
    expect(computeKpi(s, { ...W, by: 'municipality' }).groups.map((g) => g.municipality)).toEqual(['M4']);
    expect(computeKpi(s, { ...W, by: 'channel' }).groups.map((g) => g.channel)).toEqual(['tg']);
    const all = computeKpiGroupings(s, W, ['block', 'municipality', 'channel']);
    expect([all.block!.groups.length, all.municipality!.groups.length, all.channel!.groups.length]).toEqual([1, 1, 1]);
  });
});
