/** The counting rules of docs/spec/kpi.md (shared/engine/rules.ts), shared by the batch engine and the live model. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  A_ANSWERED,
  A_INCOMING,
  F,
  addAnswered,
  addCreated,
  addOpen,
  createdBy,
  finishGroup,
  hasFirstResponse,
  hasSatisfaction,
  inClusterWindow,
  inPrevWindow,
  inWindow,
  isCluster,
  isDueSoon,
  isOnTime,
  isOverdue,
  isRated,
  isRepeatedRework,
  isReworked,
  isSatisfied,
  medianOfMiddles,
  overdueLevel,
  per10k,
  prevWindowFrom,
  ratingComponents,
  ratingScore,
  ratio,
  resonanceLevel,
  withDefaults,
  zoneOf,
} from '../../../../shared/engine/rules.js';
import { DEFAULT_THRESHOLDS } from '../../../../shared/engine/types.js';

const H = 3_600_000;
const T = DEFAULT_THRESHOLDS;

describe('rules of one message', () => {
  it('satisfied means rated 4 or 5; a message without a rating (0) has none', () => {
    expect([1, 2, 3, 4, 5].map(isSatisfied)).toEqual([false, false, false, true, true]);
    expect(hasSatisfaction(0)).toBe(false);
    expect([1, 5].map(hasSatisfaction)).toEqual([true, true]);
  });

  it('reworked means returned at least once', () => {
    expect([0, 1, 2, 7].map(isReworked)).toEqual([false, true, true, true]);
  });

  it('on time is answered no later than due; an absent answer (NaN) is never on time', () => {
    expect(isOnTime(100, 100)).toBe(true);
    expect(isOnTime(101, 100)).toBe(false);
    expect(isOnTime(NaN, 100)).toBe(false);
  });

  it('overdue is strictly past due at now', () => {
    expect(isOverdue(99, 100)).toBe(true);
    expect(isOverdue(100, 100)).toBe(false);
  });

  it('a first response is there unless absent (NaN)', () => {
    expect(hasFirstResponse(0)).toBe(true);
    expect(hasFirstResponse(NaN)).toBe(false);
  });

  it('a message created after now is not there yet', () => {
    expect(createdBy(100, 100)).toBe(true);
    expect(createdBy(101, 100)).toBe(false);
  });
});

describe('windows', () => {
  it('W is half-open [from, to) and an absent instant is in no window', () => {
    expect(inWindow(10, 10, 20)).toBe(true);
    expect(inWindow(19.999, 10, 20)).toBe(true);
    expect(inWindow(20, 10, 20)).toBe(false);
    expect(inWindow(9, 10, 20)).toBe(false);
    expect(inWindow(NaN, 10, 20)).toBe(false);
  });

  it('the previous window has the same length and ends where W starts', () => {
    expect(prevWindowFrom(100, 130)).toBe(70);
    expect([69, 70, 99, 100].map((c) => inPrevWindow(c, prevWindowFrom(100, 130), 100))).toEqual([false, true, true, false]);
  });
});

describe('aggregates', () => {
  it('a share of an empty whole is null, not 0', () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(0, 4)).toBe(0);
    expect(ratio(3, 4)).toBe(0.75);
  });

  it('per 10 000 residents needs a population', () => {
    expect(per10k(3, 30000)).toBe(1);
    expect(per10k(3, 0)).toBeNull();
    expect(per10k(3, null)).toBeNull();
    expect(per10k(3, undefined)).toBeNull();
  });

  it('an even count takes the mean of the two middle values, an odd one the middle', () => {
    expect(medianOfMiddles(2, 4, 2)).toBe(3);
    expect(medianOfMiddles(2, 4, 3)).toBe(4);
  });

  it('a contribution added and then subtracted leaves the accumulator as it was', () => {
    const msg = fc.record({
      answeredAt: fc.integer({ min: 0, max: 1000 }),
      dueAt: fc.integer({ min: 0, max: 1000 }),
      rework: fc.integer({ min: 0, max: 3 }),
      sat: fc.integer({ min: 0, max: 5 }),
      done: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(msg, { maxLength: 20 }), fc.array(msg, { maxLength: 20 }), (keep, drop) => {
        const a = new Float64Array(F);
        const b = new Float64Array(F);
        for (const m of keep) {
          addCreated(a, 0, 1, m.done);
          addAnswered(a, 0, 1, m.answeredAt, m.dueAt, m.rework, m.sat);
          addCreated(b, 0, 1, m.done);
          addAnswered(b, 0, 1, m.answeredAt, m.dueAt, m.rework, m.sat);
        }
        for (const m of drop) {
          addCreated(b, 0, 1, m.done);
          addAnswered(b, 0, 1, m.answeredAt, m.dueAt, m.rework, m.sat);
        }
        for (const m of drop) {
          addCreated(b, 0, -1, m.done);
          addAnswered(b, 0, -1, m.answeredAt, m.dueAt, m.rework, m.sat);
        }
        expect([...b]).toEqual([...a]);
      }),
    );
  });

  it('finishes a group with the indicators of kpi.md from its counts', () => {
    const acc = new Float64Array(F);
    // four created in W, two of them done; three answered: on time + reworked + rated 5,
    // late + rated 3, on time + unrated; one open and overdue
    addCreated(acc, 0, 1, true);
    addCreated(acc, 0, 1, true);
    addCreated(acc, 0, 1, false);
    addCreated(acc, 0, 1, false);
    addAnswered(acc, 0, 1, 10, 20, 1, 5);
    addAnswered(acc, 0, 1, 30, 20, 0, 3);
    addAnswered(acc, 0, 1, 10, 20, 0, 0);
    addOpen(acc, 0, 5, 10);
    addOpen(acc, 0, 50, 10);
    const g = finishGroup({ block: 'roads', municipality: '30701000' }, acc, 0, 42.5, 20000);
    expect(g).toEqual({
      block: 'roads',
      municipality: '30701000',
      incoming: 4,
      open: 2,
      overdue: 1,
      answered: 3,
      onTime: 2,
      onTimeRate: 2 / 3,
      medianFirstResponseMin: 42.5,
      reworkRate: 1 / 3,
      satisfaction: 4,
      satisfiedShare: 0.5,
      completeness: 0.5,
      per10k: 2,
      incomingPrev: 0,
    });
    expect(Object.keys(g).indexOf('per10k')).toBeLessThan(Object.keys(g).indexOf('incomingPrev'));
    expect(acc[A_INCOMING]).toBe(4);
    expect(acc[A_ANSWERED]).toBe(3);
  });

  it('an empty group gives 0 counts and null shares', () => {
    const g = finishGroup({ block: null, municipality: null, channel: 'vk' }, new Float64Array(F), 0, null, null);
    expect(g.channel).toBe('vk');
    expect([g.incoming, g.open, g.overdue, g.answered, g.onTime, g.incomingPrev]).toEqual([0, 0, 0, 0, 0, 0]);
    expect([g.onTimeRate, g.reworkRate, g.satisfaction, g.satisfiedShare, g.completeness, g.per10k]).toEqual([null, null, null, null, null, null]);
  });
});

describe('rating', () => {
  it('components on 0..100, the score their mean, null components left out', () => {
    const c = ratingComponents({ onTimeRate: 0.9, reworkRate: 0.1, completeness: null, satisfiedShare: 0.6 });
    expect(c.speed).toBeCloseTo(90);
    expect(c.quality).toBeCloseTo(90);
    expect(c.completeness).toBeNull();
    expect(c.satisfaction).toBeCloseTo(60);
    expect(ratingScore(c)).toBeCloseTo(80);
    expect(ratingScore({ speed: null, quality: null, completeness: null, satisfaction: null })).toBeNull();
  });

  it('needs at least two incoming messages', () => {
    expect(isRated(1, T)).toBe(false);
    expect(isRated(2, T)).toBe(true);
    expect(isRated(1, withDefaults({ minIncomingForRating: 1 }))).toBe(true);
  });

  it('zones at 75 and 50, none when unrated', () => {
    expect([100, 75, 74.99, 50, 49.99, 0].map((s) => zoneOf(s, T))).toEqual(['green', 'green', 'yellow', 'yellow', 'red', 'red']);
    expect(zoneOf(null, T)).toBe('none');
    expect(zoneOf(74, withDefaults({ zoneGreen: 70 }))).toBe('green');
  });
});

describe('escalation rules', () => {
  it('overdue: level 1 up to 24 h, 2 up to 72 h, 3 beyond', () => {
    expect([1, 24 * H, 24 * H + 1, 72 * H, 72 * H + 1].map((ms) => overdueLevel(ms, T))).toEqual([1, 1, 2, 2, 3]);
  });

  it('due soon: due in more than 0 and at most 2 h', () => {
    const now = 1000 * H;
    expect([now, now + 1, now + 2 * H, now + 2 * H + 1, now - 1].map((d) => isDueSoon(d, now, T))).toEqual([false, true, true, false, false]);
  });

  it('resonance: level 2 at 300, 3 at 1000', () => {
    expect([0, 299.99, 300, 999, 1000].map((w) => resonanceLevel(w, T))).toEqual([0, 0, 2, 2, 3]);
  });

  it('rework: returned at least twice', () => {
    expect([0, 1, 2, 3].map((n) => isRepeatedRework(n, T))).toEqual([false, false, true, true]);
  });

  it('cluster: five or more created in (now - 24 h, now]', () => {
    const now = 1000 * H;
    expect([now - 24 * H, now - 24 * H + 1, now, now + 1].map((c) => inClusterWindow(c, now, T))).toEqual([false, true, true, false]);
    expect([4, 5].map((k) => isCluster(k, T))).toEqual([false, true]);
  });
});
