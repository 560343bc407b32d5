/**
 * A region's own thresholds (docs/spec/kpi.md: "the thresholds are configurable"): a partial
 * object, merged over the defaults, must keep green >= yellow and each level 3 >= its level 2;
 * anything else is refused with the field named and a Russian reason.
 */
import { describe, expect, it } from 'vitest';
import { checkThresholds } from '../../../../shared/engine/thresholds.js';

describe('checkThresholds', () => {
  it('takes a partial object as given, and an empty one', () => {
    expect(checkThresholds({})).toEqual({ ok: true, value: {} });
    expect(checkThresholds({ zoneGreen: 80, dueSoonMs: 3_600_000 })).toEqual({ ok: true, value: { zoneGreen: 80, dueSoonMs: 3_600_000 } });
    // equal bounds are allowed
    expect(checkThresholds({ zoneGreen: 60, zoneYellow: 60 }).ok).toBe(true);
    expect(checkThresholds({ overdueLevel2AfterMs: 5, overdueLevel3AfterMs: 5 }).ok).toBe(true);
    expect(checkThresholds({ resonanceLevel2: 700, resonanceLevel3: 700 }).ok).toBe(true);
  });

  it('refuses green below yellow, merged over the defaults (green 75, yellow 50)', () => {
    expect(checkThresholds({ zoneGreen: 40 })).toEqual({ ok: false, reason: 'zoneGreen: должен быть не меньше zoneYellow' });
    expect(checkThresholds({ zoneYellow: 76 })).toEqual({ ok: false, reason: 'zoneGreen: должен быть не меньше zoneYellow' });
    expect(checkThresholds({ zoneGreen: 74, zoneYellow: 74.5 }).ok).toBe(false);
  });

  it('refuses a level 3 below its level 2, each named', () => {
    // default level 2 after 24 h
    expect(checkThresholds({ overdueLevel3AfterMs: 23 * 3_600_000 })).toEqual({
      ok: false,
      reason: 'overdueLevel3AfterMs: должен быть не меньше overdueLevel2AfterMs',
    });
    // default level 3 at 1000
    expect(checkThresholds({ resonanceLevel2: 1001 })).toEqual({ ok: false, reason: 'resonanceLevel3: должен быть не меньше resonanceLevel2' });
    // two at once: both named
    const r = checkThresholds({ zoneGreen: 10, resonanceLevel3: 100 });
    expect(r).toEqual({
      ok: false,
      reason: 'zoneGreen: должен быть не меньше zoneYellow; resonanceLevel3: должен быть не меньше resonanceLevel2',
    });
  });

  it('refuses unknown fields and values out of range', () => {
    const unknown = checkThresholds({ zoneGreen: 80, zoneRed: 10 });
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.reason).toContain('zoneRed');
    const negative = checkThresholds({ dueSoonMs: -1 });
    expect(negative.ok).toBe(false);
    expect(!negative.ok && negative.reason).toMatch(/^dueSoonMs: /);
    expect(checkThresholds(null).ok).toBe(false);
  });
});
