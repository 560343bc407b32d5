/**
 * A municipality that received messages in W but answered none of them (docs/spec/kpi.md,
 * "Rating of municipalities"): `onTimeRate` and `reworkRate` are null ("empty: null" — nothing
 * answered), so speed and quality are left out of the score — not rated as 0 and 100.
 */
import { describe, expect, it } from 'vitest';
import { computeRating } from '../../../../shared/engine/rating.js';
import { ratingComponents } from '../../../../shared/engine/rules.js';
import { D, H, T0, msg, storeOf } from '../../../support/engine-fixtures.js';

const W = { from: T0, to: T0 + D, now: T0 + D };
const municipalities = [
  { oktmo: 'A', name: 'Алеутский' },
  { oktmo: 'B', name: 'Быстринский' },
];

describe('rating: a municipality with nothing answered in the window', () => {
  it('leaves speed and quality out: the score is completeness alone', () => {
    const s = storeOf([
      // A: three incoming, one of them closed (answered before W), none answered in W → completeness 1/3
      msg({ municipality: 'A', status: 'new', createdAt: T0 + H }),
      msg({ municipality: 'A', status: 'in_progress', createdAt: T0 + 2 * H }),
      msg({ municipality: 'A', status: 'closed', createdAt: T0 + 3 * H, answeredAt: T0 - H }),
      // B: two incoming, both open, nothing answered → completeness 0, score 0
      msg({ municipality: 'B', status: 'new', createdAt: T0 + H }),
      msg({ municipality: 'B', status: 'rework', createdAt: T0 + H, reworkCount: 1 }),
    ]);
    const r = computeRating(s, { ...W, municipalities });
    expect(r.rows).toEqual([
      { rank: 1, municipality: 'A', name: 'Алеутский', score: (1 / 3) * 100, zone: 'red', speed: null, quality: null, completeness: (1 / 3) * 100, satisfaction: null, incoming: 3, per10k: null },
      { rank: 2, municipality: 'B', name: 'Быстринский', score: 0, zone: 'red', speed: null, quality: null, completeness: 0, satisfaction: null, incoming: 2, per10k: null },
    ]);
  });

  it('gives null components for null indicators, not 0 and 100', () => {
    expect(ratingComponents({ onTimeRate: null, reworkRate: null, completeness: null, satisfiedShare: null })).toEqual({
      speed: null,
      quality: null,
      completeness: null,
      satisfaction: null,
    });
    expect(ratingComponents({ onTimeRate: 0, reworkRate: 0, completeness: 0, satisfiedShare: 0 })).toEqual({
      speed: 0,
      quality: 100,
      completeness: 0,
      satisfaction: 0,
    });
  });
});
