/**
 * `medianFirstResponseMin` (docs/spec/kpi.md: the median in minutes of `firstResponseAt −
 * createdAt` over messages created in W with a first response; an even count takes the mean of
 * the two middle values) for groups large enough for the engine's quickselect (16 values and
 * more; smaller groups are sorted by insertion), against the median of a sorted copy.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeKpi, medianMinutes, medianMinutesSorted } from '../../../../shared/engine/kpi.js';
import { D, H, MIN, T0, msg, storeOf } from '../../../support/engine-fixtures.js';

const W = { from: T0, to: T0 + D, now: T0 + D };

/** The definition written out: sort, take the middle (odd) or the mean of the two middles (even). */
function naiveMedianMin(valuesMs: readonly number[]): number | null {
  const s = [...valuesMs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return null;
  return (n % 2 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2) / MIN;
}

describe('medianFirstResponseMin of large groups', () => {
  it('is the middle of 17 responses and the mean of the middles of 18, whatever their order', () => {
    // 1..17 minutes, shuffled; median 9
    const mins = [9, 17, 1, 16, 2, 15, 3, 14, 4, 13, 5, 12, 6, 11, 7, 10, 8];
    const of = (ms: number[]) => storeOf(ms.map((m, i) => msg({ createdAt: T0 + i * MIN, firstResponseAt: T0 + i * MIN + m * MIN })));
    expect(computeKpi(of(mins), { ...W, by: 'region' }).groups[0]!.medianFirstResponseMin).toBe(9);
    // plus 100 minutes: 1..17 and 100 → middles 9 and 10 → 9.5
    expect(computeKpi(of([...mins, 100]), { ...W, by: 'region' }).groups[0]!.medianFirstResponseMin).toBe(9.5);
    // descending 40..1 (worst case for a naive pivot): middles 20 and 21 → 20.5
    const desc = Array.from({ length: 40 }, (_, i) => 40 - i);
    expect(computeKpi(of(desc), { ...W, by: 'region' }).groups[0]!.medianFirstResponseMin).toBe(20.5);
  });

  it('per group: each block its own median, groups of every size side by side', () => {
    // block b has 5 * b + 1 responses of b, b + 1, …: sizes 1, 6, 11, … 46
    const ms = [];
    const want = new Map<string, number>();
    for (let b = 0; b < 10; b++) {
      const vals: number[] = [];
      for (let i = 0; i < 5 * b + 1; i++) {
        const m = ((i * 7919) % 53) + b; // a scrambled order with repeats
        vals.push(m * MIN);
        ms.push(msg({ block: `b${b}`, category: 'c', createdAt: T0 + H, firstResponseAt: T0 + H + m * MIN }));
      }
      want.set(`b${b}`, naiveMedianMin(vals)!);
    }
    // and one block with responses only outside W: median null
    ms.push(msg({ block: 'zz', category: 'c', createdAt: T0 - H, firstResponseAt: T0 }));
    const groups = computeKpi(storeOf(ms), { ...W, by: 'block' }).groups;
    for (const g of groups) expect(g.medianFirstResponseMin, g.block!).toBe(g.block === 'zz' ? null : want.get(g.block!));
  });

  it('equals the median of a sorted copy for any values and counts (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 100_000 })), { maxLength: 120, size: 'max' }),
        fc.integer({ min: 1, max: 4 }),
        (secs, groups) => {
          const ms = secs.map((sec, i) =>
            msg({ municipality: `m${i % groups}`, createdAt: T0 + i * MIN, firstResponseAt: T0 + i * MIN + sec * 1000 }),
          );
          const got = computeKpi(storeOf(ms), { ...W, by: 'municipality' }).groups;
          for (let g = 0; g < groups; g++) {
            const vals = secs.filter((_, i) => i % groups === g).map((s) => s * 1000);
            if (vals.length === 0) continue;
            expect(got.find((x) => x.municipality === `m${g}`)!.medianFirstResponseMin).toBe(naiveMedianMin(vals));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('medianMinutes over a part of an array', () => {
  it('reads only [lo, hi): values either side do not move the median', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5000 }), { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 90 }), { maxLength: 80, size: 'max' }),
        fc.array(fc.integer({ min: -5, max: 5000 }), { maxLength: 30 }),
        (left, mid, right) => {
          const arr = Float64Array.from([...left, ...mid, ...right].map((m) => m * MIN));
          const lo = left.length;
          const hi = lo + mid.length;
          expect(medianMinutes(arr, lo, hi)).toBe(naiveMedianMin(mid.map((m) => m * MIN)));
          // the values outside the range are left where they were
          expect([...arr.subarray(0, lo)]).toEqual(left.map((m) => m * MIN));
          expect([...arr.subarray(hi)]).toEqual(right.map((m) => m * MIN));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('of a sorted prefix: the middle, or the mean of the two middles; null when empty', () => {
    const a = Float64Array.from([1, 2, 4, 8, 16, 99].map((m) => m * MIN));
    expect(medianMinutesSorted(a, 0)).toBeNull();
    expect(medianMinutesSorted(a, 1)).toBe(1);
    expect(medianMinutesSorted(a, 2)).toBe(1.5);
    expect(medianMinutesSorted(a, 5)).toBe(4);
    expect(medianMinutesSorted(a, 4)).toBe(3);
    expect(medianMinutes(a, 3, 3)).toBeNull();
    expect(medianMinutes(a, 4, 2)).toBeNull();
  });
});
