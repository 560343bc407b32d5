import { describe, expect, it } from 'vitest';
import { computeRating } from '../../../../shared/engine/rating.js';
import type { NormalizedMessage } from '../../../../shared/model.js';
import { D, H, T0, msg, storeOf } from '../../../support/engine-fixtures.js';

const W = { from: T0, to: T0 + D, now: T0 + D };
const due = T0 + 10 * H;
/** An answered message of the municipality, created and answered in W. */
const ans = (m: string, over: Partial<NormalizedMessage> = {}) =>
  msg({ municipality: m, status: 'answered', createdAt: T0 + H, answeredAt: T0 + 2 * H, dueAt: due, ...over });

describe('rating', () => {
  // Same data for three municipalities: speed 100, quality 100, completeness 100, satisfaction 50 → 87.5
  const tie = (m: string) => [ans(m, { satisfaction: 5 }), ans(m, { satisfaction: 3 })];
  const data = [
    ...tie('E1'),
    ...tie('E2'),
    ...tie('E3'),
    // speed 0 (late), quality 0 (reworked), completeness 50 (one open), satisfaction none → 50/3
    ans('R', { answeredAt: due + 1, reworkCount: 1 }),
    msg({ municipality: 'R', status: 'in_progress', createdAt: T0 + H }),
    // exactly 75: speed 50, quality 100, completeness 100, satisfaction 50
    ans('G75', { satisfaction: 5 }),
    ans('G75', { satisfaction: 1, answeredAt: due + 1 }),
    // exactly 50: speed 0, quality 100, completeness 100, satisfaction 0
    ans('Y50', { satisfaction: 1, answeredAt: due + 1 }),
    ans('Y50', { satisfaction: 2, answeredAt: due + 1 }),
    // one incoming only: not rated
    ans('U'),
  ];
  const municipalities = [
    { oktmo: 'E1', name: 'Ельцовка', population: 10000 },
    { oktmo: 'E2', name: 'Ёлкино' },
    { oktmo: 'E3', name: 'Елизово' },
    { oktmo: 'R', name: 'Анадырь' },
    { oktmo: 'G75', name: 'Вилючинск' },
    { oktmo: 'Y50', name: 'Быстринский' },
    { oktmo: 'U', name: 'Алеутский' },
    { oktmo: 'Z', name: 'Пустой' },
  ];

  it('ranks by score, ties by Russian collation, unrated last; zones at 75 and 50 inclusive', () => {
    const r = computeRating(storeOf(data), { ...W, municipalities });
    expect(r.rows.map((x) => [x.rank, x.name, x.score, x.zone])).toEqual([
      [1, 'Елизово', 87.5, 'green'],
      [2, 'Ёлкино', 87.5, 'green'],
      [3, 'Ельцовка', 87.5, 'green'],
      [4, 'Вилючинск', 75, 'green'],
      [5, 'Быстринский', 50, 'yellow'],
      [6, 'Анадырь', 50 / 3, 'red'],
      [null, 'Алеутский', null, 'none'],
      [null, 'Пустой', null, 'none'],
    ]);
  });

  it('gives the components ×100 and leaves out those with a null indicator', () => {
    const r = computeRating(storeOf(data), { ...W, municipalities });
    const row = (m: string) => r.rows.find((x) => x.municipality === m)!;
    expect(row('R')).toEqual({
      rank: 6,
      municipality: 'R',
      name: 'Анадырь',
      score: 50 / 3,
      zone: 'red',
      speed: 0,
      quality: 0,
      completeness: 50,
      satisfaction: null,
      incoming: 2,
      per10k: null,
    });
    expect(row('E1')).toMatchObject({ speed: 100, quality: 100, completeness: 100, satisfaction: 50, incoming: 2, per10k: 2 });
    // the unrated one still shows its components and volume
    expect(row('U')).toMatchObject({ rank: null, score: null, zone: 'none', speed: 100, incoming: 1 });
    expect(Object.keys(row('U'))).toEqual([
      'rank',
      'municipality',
      'name',
      'score',
      'zone',
      'speed',
      'quality',
      'completeness',
      'satisfaction',
      'incoming',
      'per10k',
    ]);
  });

  it('follows configured thresholds', () => {
    const r = computeRating(storeOf(data), { ...W, municipalities, thresholds: { zoneGreen: 80, zoneYellow: 10, minIncomingForRating: 1 } });
    const zone = (m: string) => r.rows.find((x) => x.municipality === m)!;
    expect(zone('E1').zone).toBe('green');
    expect(zone('G75').zone).toBe('yellow');
    expect(zone('R').zone).toBe('yellow');
    expect(zone('U')).toMatchObject({ rank: 1, score: 100, zone: 'green' }); // rated now: all components 100 but satisfaction (none)
  });

  it('rates a municipality of the data that the list lacks, named by its code', () => {
    const r = computeRating(storeOf([ans('X'), ans('X')]), { ...W, municipalities: [] });
    expect(r.rows).toEqual([
      expect.objectContaining({ rank: 1, municipality: 'X', name: 'X', score: 100, zone: 'green' }),
    ]);
  });
});
