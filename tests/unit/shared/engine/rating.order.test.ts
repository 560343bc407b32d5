/**
 * The order of the rating (docs/spec/kpi.md, "Rating of municipalities"): score descending,
 * unrated last, ties by name in Russian collation (ё after е, capitals with their lower case),
 * and — for two rows of one name — by code; ranks 1, 2, 3 … over rated rows only.
 * ratingFromGroups takes the groups of the `municipality` grouping; a group without a
 * municipality (the region's) is not a row, and a municipality is one row however often it comes.
 */
import { describe, expect, it } from 'vitest';
import { ratingFromGroups } from '../../../../shared/engine/rating.js';
import type { KpiGroup } from '../../../../shared/engine/types.js';

/** A group with the indicators that make a given score: all four components equal to it. */
const g = (municipality: string | null, score: number | null, incoming = 10): KpiGroup => {
  const share = score === null ? null : score / 100;
  return {
    block: null,
    municipality,
    incoming,
    open: 0,
    overdue: 0,
    answered: 0,
    onTime: 0,
    onTimeRate: share,
    medianFirstResponseMin: null,
    reworkRate: share === null ? null : 1 - share,
    satisfaction: null,
    satisfiedShare: share,
    completeness: share,
    per10k: null,
    incomingPrev: 0,
  };
};

describe('rating order', () => {
  it('score descending, then name in Russian collation, then code; unrated by name at the end', () => {
    const names = [
      { oktmo: '05', name: 'Ёлизово' },
      { oktmo: '04', name: 'елизово' },
      { oktmo: '03', name: 'Елизово' },
      { oktmo: '02', name: 'Мильково' },
      { oktmo: '01', name: 'Мильково' },
      { oktmo: '06', name: 'Анадырь' },
      { oktmo: '07', name: 'Быстрое' },
      { oktmo: '08', name: 'Алеутский' },
    ];
    const groups = [
      g('07', 60),
      g('05', 80),
      g('04', 80),
      g('03', 80),
      g('02', 90),
      g('01', 90),
      g('06', null, 1), // unrated: one incoming
      g('08', 100, 1), // unrated although its components are 100
    ];
    const rows = ratingFromGroups(groups, names).rows;
    expect(rows.map((r) => [r.rank, r.municipality, r.name, r.score, r.zone])).toEqual([
      [1, '01', 'Мильково', 90, 'green'],
      [2, '02', 'Мильково', 90, 'green'],
      [3, '04', 'елизово', 80, 'green'],
      [4, '03', 'Елизово', 80, 'green'],
      [5, '05', 'Ёлизово', 80, 'green'],
      [6, '07', 'Быстрое', 60, 'yellow'],
      [null, '08', 'Алеутский', null, 'none'],
      [null, '06', 'Анадырь', null, 'none'],
    ]);
  });

  it('gives the same order whatever order the groups come in', () => {
    const names = [
      { oktmo: 'a', name: 'Пенжино' },
      { oktmo: 'b', name: 'Пенжино' },
      { oktmo: 'c', name: 'Оссора' },
      { oktmo: 'd', name: 'Тиличики' },
    ];
    const groups = [g('a', 70), g('b', 70), g('c', null, 0), g('d', 20)];
    const want = [
      ['a', 1],
      ['b', 2],
      ['d', 3],
      ['c', null],
    ];
    for (let k = 0; k < groups.length; k++) {
      const rotated = [...groups.slice(k), ...groups.slice(0, k)];
      expect(ratingFromGroups(rotated, names).rows.map((r) => [r.municipality, r.rank]), `rotation ${k}`).toEqual(want);
      expect(ratingFromGroups([...rotated].reverse(), names).rows.map((r) => [r.municipality, r.rank]), `reversed ${k}`).toEqual(want);
    }
  });

  it('skips a group without a municipality and takes a municipality once (its first group)', () => {
    const rows = ratingFromGroups([g(null, 90), g('X', 40), g('X', 95), g('Y', 50)], [{ oktmo: 'Y', name: 'Пахачи' }]).rows;
    expect(rows.map((r) => [r.municipality, r.name, r.score, r.rank])).toEqual([
      ['Y', 'Пахачи', 50, 1],
      ['X', 'X', 40, 2],
    ]);
  });

  it('follows the minimum incoming of the thresholds', () => {
    const rows = ratingFromGroups([g('A', 80, 3), g('B', 90, 2)], [], { minIncomingForRating: 3 }).rows;
    expect(rows.map((r) => [r.municipality, r.rank, r.score])).toEqual([
      ['A', 1, 80],
      ['B', null, null],
    ]);
  });
});

describe('rating: a rated score of 0 against unrated rows', () => {
  it('a score of 0 is rated and ranks above every unrated row, whatever their names', () => {
    const names = [
      { oktmo: 'A', name: 'Алеутский' },
      { oktmo: 'B', name: 'Быстринский' },
      { oktmo: 'C', name: 'Вилючинск' },
    ];
    for (const groups of [
      [g('A', null, 1), g('B', 0), g('C', null, 0)],
      [g('B', 0), g('C', null, 0), g('A', null, 1)],
      [g('C', null, 0), g('A', null, 1), g('B', 0)],
    ])
      expect(ratingFromGroups(groups, names).rows.map((r) => [r.municipality, r.rank, r.score, r.zone])).toEqual([
        ['B', 1, 0, 'red'],
        ['A', null, null, 'none'],
        ['C', null, null, 'none'],
      ]);
  });
});
