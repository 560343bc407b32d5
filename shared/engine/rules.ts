/**
 * The counting rules of docs/spec/kpi.md, written once. The batch engine (kpi.ts, rating.ts,
 * queue.ts) and the live model (live.ts) both count with these and nothing else, so the wall, the
 * console, the report and the command line cannot drift apart.
 *
 * The rules work on column values as the store holds them (shared/engine/store.ts): instants are
 * epoch milliseconds with NaN for "absent" (every comparison with NaN is false, so an absent
 * `answeredAt` is in no window and never on time), `satisfaction` is 0 for "none", statuses are
 * tested with the store's OPEN_MASK / DONE_MASK (built from docs/spec/kpi.md's open and done
 * statuses). They are small functions over numbers that the JIT inlines into the hot loops: no
 * allocation, no per-message overhead.
 *
 * Where a new indicator of a group goes (see the recipe in docs/architecture.md): an accumulator
 * slot below if it counts messages (listed in NOW_SLOTS if it is a state at `now`), its contribution
 * in addCreated / addAnswered / addOpen, its formula in finishGroup.
 * Pure and isomorphic.
 */
import { DEFAULT_THRESHOLDS, type KpiGroup, type Level, type Thresholds, type Zone } from './types.js';

// --- Windows and instants ------------------------------------------------------------------------

/** `t` in the window [from, to) (false for an absent instant, NaN). */
export const inWindow = (t: number, from: number, to: number): boolean => t >= from && t < to;

/** Start of the previous window of the same length: `from - (to - from)`. */
export const prevWindowFrom = (from: number, to: number): number => from - (to - from);

/**
 * The window `incomingPrev` counts (docs/spec/kpi.md v2): the previous window of the same length
 * cut at the same elapsed time, `[from − L, from − L + e)` with `L = to − from` and
 * `e = min(max(now − from, 0), L)` — the live "today" at 13:00 compares with yesterday until 13:00;
 * a window that ended before `now` compares with the whole previous one.
 */
export function prevWindow(from: number, to: number, now: number): [from: number, to: number] {
  const L = to - from;
  const e = Math.min(Math.max(now - from, 0), L);
  return [from - L, from - L + e];
}

/** `incomingPrev` counts a message created in the previous window `[prevFrom, prevTo)` (prevWindow). */
export const inPrevWindow = (createdAt: number, prevFrom: number, prevTo: number): boolean => inWindow(createdAt, prevFrom, prevTo);

/** A message created after `now` is not there yet (`open`, `overdue` and the queue test this). */
export const createdBy = (createdAt: number, now: number): boolean => createdAt <= now;

// --- Rules of one message ------------------------------------------------------------------------

/** `onTime`: answered no later than due. */
export const isOnTime = (answeredAt: number, dueAt: number): boolean => answeredAt <= dueAt;

/** `reworkRate`: returned for rework at least once. */
export const isReworked = (reworkCount: number): boolean => reworkCount >= 1;

/** The message carries a rating (the store keeps 0 for none; ratings are 1..5). */
export const hasSatisfaction = (satisfaction: number): boolean => satisfaction > 0;

/** `satisfiedShare`: rated 4 or 5. */
export const isSatisfied = (satisfaction: number): boolean => satisfaction >= 4;

/** `overdue` (open messages) and the queue's `overdue` rule: `dueAt < now`. */
export const isOverdue = (dueAt: number, now: number): boolean => dueAt < now;

/** `medianFirstResponseMin` counts messages that have a first response (NaN = none). */
export const hasFirstResponse = (firstResponseAt: number): boolean => firstResponseAt === firstResponseAt;

// The resonance weight (`likes + 3*reposts + 2*comments + views/100`) is computed once per message
// when it is normalised: resonanceWeight in shared/model.ts; the store keeps it as a column.

// --- Aggregates ----------------------------------------------------------------------------------

/** `part / whole`, null for an empty whole (every share and mean of kpi.md). */
export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** `incoming / population * 10000`; null without a population (absent, null or 0). */
export const per10k = (incoming: number, population: number | null | undefined): number | null =>
  population ? (incoming / population) * 10000 : null;

/** The median from its middle values: the upper middle for an odd count, the mean of the two for an even one. */
export const medianOfMiddles = (lower: number, upper: number, count: number): number =>
  count & 1 ? upper : (lower + upper) / 2;

/**
 * Layout of a group's accumulator: F numbers per group. Every window indicator is additive per
 * group, so the live model adds a message's contribution and later subtracts it (sign -1).
 */
export const A_INCOMING = 0;
export const A_OPEN = 1;
export const A_OVERDUE = 2;
export const A_ANSWERED = 3;
export const A_ONTIME = 4;
export const A_REWORKED = 5;
export const A_SATSUM = 6;
export const A_SATCOUNT = 7;
export const A_SATISFIED = 8;
export const A_DONE = 9;
export const A_PREV = 10;
export const F = 11;
/** The slots that are states at `now` (filled by addOpen from the open index, never by the window). */
export const NOW_SLOTS: readonly number[] = [A_OPEN, A_OVERDUE];

/** A message created in W: `incoming`, and `completeness` when its status is a done one. */
export function addCreated(acc: Float64Array, o: number, sign: number, done: boolean): void {
  acc[o + A_INCOMING]! += sign;
  if (done) acc[o + A_DONE]! += sign;
}

/** A message answered in W: `answered`, `onTime`, `reworkRate`, `satisfaction`, `satisfiedShare`. */
export function addAnswered(
  acc: Float64Array,
  o: number,
  sign: number,
  answeredAt: number,
  dueAt: number,
  reworkCount: number,
  satisfaction: number,
): void {
  acc[o + A_ANSWERED]! += sign;
  if (isOnTime(answeredAt, dueAt)) acc[o + A_ONTIME]! += sign;
  if (isReworked(reworkCount)) acc[o + A_REWORKED]! += sign;
  if (hasSatisfaction(satisfaction)) {
    acc[o + A_SATSUM]! += sign * satisfaction;
    acc[o + A_SATCOUNT]! += sign;
    if (isSatisfied(satisfaction)) acc[o + A_SATISFIED]! += sign;
  }
}

/** An open message existing at `now`: `open`, and `overdue` when past due. */
export function addOpen(acc: Float64Array, o: number, dueAt: number, now: number): void {
  acc[o + A_OPEN]!++;
  if (isOverdue(dueAt, now)) acc[o + A_OVERDUE]!++;
}

/** One group of the output from its accumulator (key order as in docs/spec/kpi.md). */
export function finishGroup(
  keys: { block: string | null; municipality: string | null; channel?: string | null },
  acc: Float64Array,
  o: number,
  medianMin: number | null,
  population: number | null,
): KpiGroup {
  const incoming = acc[o + A_INCOMING]!;
  const answered = acc[o + A_ANSWERED]!;
  const satCount = acc[o + A_SATCOUNT]!;
  const g = { block: keys.block, municipality: keys.municipality } as KpiGroup;
  if (keys.channel !== undefined) g.channel = keys.channel;
  g.incoming = incoming;
  g.open = acc[o + A_OPEN]!;
  g.overdue = acc[o + A_OVERDUE]!;
  g.answered = answered;
  g.onTime = acc[o + A_ONTIME]!;
  g.onTimeRate = ratio(g.onTime, answered);
  g.medianFirstResponseMin = medianMin;
  g.reworkRate = ratio(acc[o + A_REWORKED]!, answered);
  g.satisfaction = ratio(acc[o + A_SATSUM]!, satCount);
  g.satisfiedShare = ratio(acc[o + A_SATISFIED]!, satCount);
  g.completeness = ratio(acc[o + A_DONE]!, incoming);
  g.per10k = per10k(incoming, population);
  g.incomingPrev = acc[o + A_PREV]!;
  return g;
}

// --- Rating --------------------------------------------------------------------------------------

export interface RatingComponents {
  speed: number | null;
  quality: number | null;
  completeness: number | null;
  satisfaction: number | null;
}

/** The four components on 0..100; null where the indicator is null. */
export function ratingComponents(g: Pick<KpiGroup, 'onTimeRate' | 'reworkRate' | 'completeness' | 'satisfiedShare'>): RatingComponents {
  return {
    speed: g.onTimeRate === null ? null : g.onTimeRate * 100,
    quality: g.reworkRate === null ? null : (1 - g.reworkRate) * 100,
    completeness: g.completeness === null ? null : g.completeness * 100,
    satisfaction: g.satisfiedShare === null ? null : g.satisfiedShare * 100,
  };
}

/** A municipality is rated with at least `minIncomingForRating` incoming messages in W. */
export const isRated = (incoming: number, t: Pick<Thresholds, 'minIncomingForRating'>): boolean => incoming >= t.minIncomingForRating;

/** The mean of the components present; null when none is. */
export function ratingScore(c: RatingComponents): number | null {
  let sum = 0;
  let k = 0;
  for (const v of [c.speed, c.quality, c.completeness, c.satisfaction])
    if (v !== null) {
      sum += v;
      k++;
    }
  return k > 0 ? sum / k : null;
}

export function zoneOf(score: number | null, t: Pick<Thresholds, 'zoneGreen' | 'zoneYellow'>): Zone {
  if (score === null) return 'none';
  if (score >= t.zoneGreen) return 'green';
  if (score >= t.zoneYellow) return 'yellow';
  return 'red';
}

// --- Escalation queue ----------------------------------------------------------------------------

/** Level of the `overdue` rule: 1 while overdue by at most 24 h, 2 up to 72 h, 3 beyond. */
export const overdueLevel = (overdueMs: number, t: Pick<Thresholds, 'overdueLevel2AfterMs' | 'overdueLevel3AfterMs'>): Level =>
  overdueMs <= t.overdueLevel2AfterMs ? 1 : overdueMs <= t.overdueLevel3AfterMs ? 2 : 3;

/** `due_soon`: `0 < dueAt - now <= 2 h`. */
export const isDueSoon = (dueAt: number, now: number, t: Pick<Thresholds, 'dueSoonMs'>): boolean => {
  const ahead = dueAt - now;
  return ahead > 0 && ahead <= t.dueSoonMs;
};
export const DUE_SOON_LEVEL = 1;

/** Level of the `resonance` rule: 0 (does not fire), 2 at `>= 300`, 3 at `>= 1000`. */
export const resonanceLevel = (weight: number, t: Pick<Thresholds, 'resonanceLevel2' | 'resonanceLevel3'>): 0 | 2 | 3 =>
  weight >= t.resonanceLevel2 ? (weight >= t.resonanceLevel3 ? 3 : 2) : 0;

/** `rework`: `reworkCount >= 2`. */
export const isRepeatedRework = (reworkCount: number, t: Pick<Thresholds, 'reworkMin'>): boolean => reworkCount >= t.reworkMin;
export const REWORK_LEVEL = 2;

/** `cluster` counts open messages created in `(now - 24 h, now]`. */
export const inClusterWindow = (createdAt: number, now: number, t: Pick<Thresholds, 'clusterWindowMs'>): boolean =>
  createdAt > now - t.clusterWindowMs && createdAt <= now;
/** … at least 5 of them with the same municipality and category. */
export const isCluster = (count: number, t: Pick<Thresholds, 'clusterMin'>): boolean => count >= t.clusterMin;
export const CLUSTER_LEVEL = 2;

/** Thresholds of a region merged over the defaults. */
export const withDefaults = (t?: Partial<Thresholds>): Thresholds => ({ ...DEFAULT_THRESHOLDS, ...t });
