/**
 * Validation of a partial Thresholds object (a region's own thresholds, e.g. `--thresholds FILE`).
 * Pure and isomorphic.
 */
import { z } from 'zod';
import { DEFAULT_THRESHOLDS, type Thresholds } from './types.js';
import { describeZodError } from '../schema.js';

const nonneg = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();

export const ThresholdsSchema = z
  .object({
    zoneGreen: nonneg,
    zoneYellow: nonneg,
    minIncomingForRating: count,
    overdueLevel2AfterMs: nonneg,
    overdueLevel3AfterMs: nonneg,
    dueSoonMs: nonneg,
    resonanceLevel2: nonneg,
    resonanceLevel3: nonneg,
    reworkMin: count,
    clusterMin: count.min(1),
    clusterWindowMs: nonneg,
    satisfiedTarget: z.number().min(0).max(1),
  })
  .partial()
  .strict();

export type ThresholdsResult = { ok: true; value: Partial<Thresholds> } | { ok: false; reason: string };

/** Checks a raw partial Thresholds object; the merged result must keep green >= yellow and level 3 >= level 2. */
export function checkThresholds(raw: unknown): ThresholdsResult {
  const r = ThresholdsSchema.safeParse(raw);
  if (!r.success) return { ok: false, reason: describeZodError(r.error) };
  const t = { ...DEFAULT_THRESHOLDS, ...r.data };
  if (t.zoneGreen < t.zoneYellow) return { ok: false, reason: 'zoneGreen: должен быть не меньше zoneYellow' };
  if (t.overdueLevel3AfterMs < t.overdueLevel2AfterMs)
    return { ok: false, reason: 'overdueLevel3AfterMs: должен быть не меньше overdueLevel2AfterMs' };
  if (t.resonanceLevel3 < t.resonanceLevel2) return { ok: false, reason: 'resonanceLevel3: должен быть не меньше resonanceLevel2' };
  return { ok: true, value: r.data };
}
