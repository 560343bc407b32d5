/**
 * Validation of a partial Thresholds object (a region's own thresholds: the configuration file,
 * `--thresholds FILE`). The fields and their ranges are those of ThresholdsSchema (./types.ts);
 * merged with the defaults, green must stay >= yellow and each level 3 >= its level 2.
 * Pure and isomorphic.
 */
import { DEFAULT_THRESHOLDS, ThresholdsSchema, type Thresholds } from './types.js';
import { describeZodError } from '../schema.js';

/** The order relations kept by any merged Thresholds: [field, field it must not be below]. */
const ORDERED: ReadonlyArray<readonly [keyof Thresholds, keyof Thresholds]> = [
  ['zoneGreen', 'zoneYellow'],
  ['overdueLevel3AfterMs', 'overdueLevel2AfterMs'],
  ['resonanceLevel3', 'resonanceLevel2'],
];

export const PartialThresholdsSchema = ThresholdsSchema.partial()
  .strict()
  .superRefine((v, ctx) => {
    const t = { ...DEFAULT_THRESHOLDS, ...v };
    for (const [hi, lo] of ORDERED)
      if (t[hi] < t[lo]) ctx.addIssue({ code: 'custom', path: [hi], message: `должен быть не меньше ${lo}` });
  });

export type ThresholdsResult = { ok: true; value: Partial<Thresholds> } | { ok: false; reason: string };

/** Checks a raw partial Thresholds object; the merged result must keep green >= yellow and level 3 >= level 2. */
export function checkThresholds(raw: unknown): ThresholdsResult {
  const r = PartialThresholdsSchema.safeParse(raw);
  if (!r.success) return { ok: false, reason: describeZodError(r.error) };
  return { ok: true, value: r.data };
}
