/**
 * Detection quality as docs/spec/alerts.md judges it ("How detection is judged"), on a world the
 * detector has never been tuned against in the demo (tests/support/alerts-world.ts): three regions,
 * 14 days of learning then 42 scored days each, about 30 incidents per region, fixed seeds.
 */
import { describe, expect, it } from 'vitest';
import { replay } from '../../../shared/alerts/detector.js';
import { AlertSchema } from '../../../shared/alerts/schema.js';
import { WORLD_REGIONS, generateWorld, mergeScores, scoreAlerts, type Score } from '../../support/alerts-world.js';

describe('early warning quality (alerts.md judging rules)', () => {
  it('finds ≥95% of incidents within 60 min of their 5th message, ≤1 false alarm per 5 region-days, ≤10% split', () => {
    const scores: Score[] = [];
    for (const [i, region] of WORLD_REGIONS.entries()) {
      const w = generateWorld(region, 20261201 + i);
      const alerts = replay(w.messages, w.scoredFrom, w.end, { timeZone: region.timeZone });
      for (const a of alerts) AlertSchema.parse(a);
      const createdAt = new Map(w.messages.map((m) => [m.id, m.createdAt]));
      scores.push(scoreAlerts(alerts, w.incidents, createdAt, (w.end - w.scoredFrom) / 86_400_000));
    }
    const s = mergeScores(scores);
    expect(s.incidents).toBeGreaterThanOrEqual(60);
    expect(s.foundInTime / s.incidents).toBeGreaterThanOrEqual(0.95);
    expect(s.falseAlarms / (s.regionDays / 5)).toBeLessThanOrEqual(1);
    expect(s.split / s.found).toBeLessThanOrEqual(0.1);
  }, 120_000);
});
