/**
 * Output shapes of the indicator engine, exactly as ../shared/spec/kpi.md prints them (`--json`).
 * The wall, the console and the command line all use these.
 */
export type Grouping = 'region' | 'block' | 'municipality' | 'block,municipality' | 'channel';
export const GROUPINGS: readonly Grouping[] = ['region', 'block', 'municipality', 'block,municipality', 'channel'];

export interface KpiGroup {
  block: string | null;
  municipality: string | null;
  /** Present only for the `channel` grouping. */
  channel?: string | null;
  incoming: number;
  open: number;
  overdue: number;
  answered: number;
  onTime: number;
  onTimeRate: number | null;
  medianFirstResponseMin: number | null;
  reworkRate: number | null;
  satisfaction: number | null;
  satisfiedShare: number | null;
  completeness: number | null;
  per10k: number | null;
  incomingPrev: number;
}

export interface KpiResult {
  from: string;
  to: string;
  now: string;
  groups: KpiGroup[];
}

export type Zone = 'green' | 'yellow' | 'red' | 'none';

export interface RatingRow {
  rank: number | null;
  municipality: string;
  name: string;
  score: number | null;
  zone: Zone;
  speed: number | null;
  quality: number | null;
  completeness: number | null;
  satisfaction: number | null;
  incoming: number;
  per10k: number | null;
}

export interface RatingResult {
  rows: RatingRow[];
}

export type ReasonCode = 'overdue' | 'due_soon' | 'resonance' | 'rework' | 'cluster';
export const REASON_ORDER: readonly ReasonCode[] = ['overdue', 'due_soon', 'resonance', 'rework', 'cluster'];

export interface QueueItem {
  id: string;
  level: 1 | 2 | 3;
  reasons: ReasonCode[];
  overdueMin: number;
  weight: number;
  block: string;
  municipality: string;
}

export interface QueueResult {
  now: string;
  items: QueueItem[];
}

/** Thresholds of kpi.md; every one configurable per region. Durations in milliseconds. */
export interface Thresholds {
  zoneGreen: number; // score >= → green (75)
  zoneYellow: number; // score >= → yellow (50)
  minIncomingForRating: number; // 2
  overdueLevel2AfterMs: number; // 24 h
  overdueLevel3AfterMs: number; // 72 h
  dueSoonMs: number; // 2 h
  resonanceLevel2: number; // 300
  resonanceLevel3: number; // 1000
  reworkMin: number; // 2
  clusterMin: number; // 5
  clusterWindowMs: number; // 24 h
  satisfiedTarget: number; // 0.6 (display only)
}

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
