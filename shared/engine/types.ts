/**
 * Output shapes of the indicator engine, exactly as docs/spec/kpi.md prints them (`--json`), and the
 * thresholds of docs/spec/kpi.md. Each shape is defined once, as a zod schema; its type is derived
 * (z.infer). The wall, the console, the bridge protocol and the command line all use these.
 * Pure and isomorphic.
 */
import { z } from 'zod';

export const GROUPINGS = ['region', 'block', 'municipality', 'block,municipality', 'channel'] as const;
export const GroupingSchema = z.enum(GROUPINGS);
export type Grouping = z.infer<typeof GroupingSchema>;

const Num = z.number();
const NumOrNull = z.number().nullable();

/** One group of `kpi` (docs/spec/kpi.md, "Indicators of a group"), keys in the contract's order. */
export const KpiGroupSchema = z.object({
  block: z.string().nullable(),
  municipality: z.string().nullable(),
  /** Present only for the `channel` grouping. */
  channel: z.string().nullable().optional(),
  incoming: Num,
  open: Num,
  overdue: Num,
  answered: Num,
  onTime: Num,
  onTimeRate: NumOrNull,
  medianFirstResponseMin: NumOrNull,
  reworkRate: NumOrNull,
  satisfaction: NumOrNull,
  satisfiedShare: NumOrNull,
  completeness: NumOrNull,
  per10k: NumOrNull,
  incomingPrev: Num,
});
export type KpiGroup = z.infer<typeof KpiGroupSchema>;

export const KpiResultSchema = z.object({
  from: z.string(),
  to: z.string(),
  now: z.string(),
  groups: z.array(KpiGroupSchema),
});
export type KpiResult = z.infer<typeof KpiResultSchema>;

/** Rating zones (docs/spec/kpi.md, "Rating of municipalities"). */
export const ZONES = ['green', 'yellow', 'red', 'none'] as const;
export const ZoneSchema = z.enum(ZONES);
export type Zone = z.infer<typeof ZoneSchema>;

export const RatingRowSchema = z.object({
  rank: z.number().int().nullable(),
  municipality: z.string(),
  name: z.string(),
  score: NumOrNull,
  zone: ZoneSchema,
  speed: NumOrNull,
  quality: NumOrNull,
  completeness: NumOrNull,
  satisfaction: NumOrNull,
  incoming: Num,
  per10k: NumOrNull,
});
export type RatingRow = z.infer<typeof RatingRowSchema>;

export const RatingResultSchema = z.object({ rows: z.array(RatingRowSchema) });
export type RatingResult = z.infer<typeof RatingResultSchema>;

/** Reason codes of the escalation queue, in the order of docs/spec/kpi.md's table (the order reasons are listed in). */
export const REASON_CODES = ['overdue', 'due_soon', 'resonance', 'rework', 'cluster'] as const;
export const ReasonCodeSchema = z.enum(REASON_CODES);
export type ReasonCode = z.infer<typeof ReasonCodeSchema>;
export const REASON_ORDER: readonly ReasonCode[] = REASON_CODES;

/** Escalation levels: 1 head of the block, 2 the official responsible for it, 3 the curator. */
export const LevelSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);
export type Level = z.infer<typeof LevelSchema>;

export const QueueItemSchema = z.object({
  id: z.string(),
  level: LevelSchema,
  reasons: z.array(ReasonCodeSchema),
  overdueMin: Num,
  weight: Num,
  block: z.string(),
  municipality: z.string(),
});
export type QueueItem = z.infer<typeof QueueItemSchema>;

export const QueueResultSchema = z.object({ now: z.string(), items: z.array(QueueItemSchema) });
export type QueueResult = z.infer<typeof QueueResultSchema>;

const nonneg = z.number().finite().nonnegative();
const count = z.number().int().nonnegative();

/**
 * Thresholds of docs/spec/kpi.md; every one configurable per region. Durations in milliseconds.
 * The partial form a region (config file, `--thresholds FILE`) gives is in ./thresholds.ts.
 */
export const ThresholdsSchema = z.object({
  /** score >= → green (75) */
  zoneGreen: nonneg,
  /** score >= → yellow (50) */
  zoneYellow: nonneg,
  /** fewer incoming in W → not rated (2) */
  minIncomingForRating: count,
  /** overdue by more → level 2 (24 h) */
  overdueLevel2AfterMs: nonneg,
  /** overdue by more → level 3 (72 h) */
  overdueLevel3AfterMs: nonneg,
  /** due within → `due_soon` (2 h) */
  dueSoonMs: nonneg,
  /** resonance weight >= → level 2 (300) */
  resonanceLevel2: nonneg,
  /** resonance weight >= → level 3 (1000) */
  resonanceLevel3: nonneg,
  /** reworkCount >= → `rework` (2) */
  reworkMin: count,
  /** open messages of one municipality and category >= → `cluster` (5) */
  clusterMin: count.min(1),
  /** … created within (24 h) */
  clusterWindowMs: nonneg,
  /** satisfied share target, display only (0.6) */
  satisfiedTarget: z.number().min(0).max(1),
});
export type Thresholds = z.infer<typeof ThresholdsSchema>;

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = {
  zoneGreen: 75,
  zoneYellow: 50,
  minIncomingForRating: 2,
  overdueLevel2AfterMs: 24 * 3_600_000,
  overdueLevel3AfterMs: 72 * 3_600_000,
  dueSoonMs: 2 * 3_600_000,
  resonanceLevel2: 300,
  resonanceLevel3: 1000,
  reworkMin: 2,
  clusterMin: 5,
  clusterWindowMs: 24 * 3_600_000,
  satisfiedTarget: 0.6,
};
