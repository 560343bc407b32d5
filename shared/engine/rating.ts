/**
 * Rating of municipalities (kpi.md, "Rating of municipalities").
 *
 * Readings chosen:
 * - Rows: every municipality of `municipalities`, plus any municipality present in the data but
 *   missing there (its name is then its OKTMO code).
 * - `rank` is the position (1, 2, 3 …) among rated rows in the order score desc, then name in
 *   Russian collation; ties of score get distinct consecutive ranks. Unrated rows (fewer than
 *   `minIncomingForRating` incoming) come last, ordered by name, with rank null and zone 'none'.
 * - Scores and components are not rounded.
 * The components, the score and the zones are the rules of ./rules.ts.
 * Pure and isomorphic.
 */
import type { KpiGroup, RatingResult, RatingRow, Thresholds } from './types.js';
import { computeKpi } from './kpi.js';
import type { MessageStore } from './store.js';
import type { MunicipalityRef } from '../schema.js';
import { isRated, ratingComponents, ratingScore, withDefaults, zoneOf } from './rules.js';

/** A municipality as the reference dictionaries give it (docs/spec/central-api.md). */
export type RatingMunicipality = MunicipalityRef;

export interface RatingOptions {
  from: number;
  to: number;
  now: number;
  municipalities: readonly RatingMunicipality[];
  thresholds?: Partial<Thresholds>;
}

const collator = new Intl.Collator('ru');

/** The rating from the groups of the `municipality` grouping. */
export function ratingFromGroups(
  groups: readonly KpiGroup[],
  municipalities: readonly RatingMunicipality[],
  thresholds?: Partial<Thresholds>,
): RatingResult {
  const t = withDefaults(thresholds);
  const names = new Map(municipalities.map((m) => [m.oktmo, m.name]));
  const rows: RatingRow[] = [];
  const seen = new Set<string>();
  for (const g of groups) {
    const oktmo = g.municipality;
    if (oktmo === null || seen.has(oktmo)) continue;
    seen.add(oktmo);
    const c = ratingComponents(g);
    const score = isRated(g.incoming, t) ? ratingScore(c) : null;
    rows.push({
      rank: null,
      municipality: oktmo,
      name: names.get(oktmo) ?? oktmo,
      score,
      zone: zoneOf(score, t),
      speed: c.speed,
      quality: c.quality,
      completeness: c.completeness,
      satisfaction: c.satisfaction,
      incoming: g.incoming,
      per10k: g.per10k,
    });
  }
  rows.sort((a, b) => {
    if (a.score !== null && b.score !== null) {
      if (a.score !== b.score) return b.score - a.score;
    } else if (a.score !== null) return -1;
    else if (b.score !== null) return 1;
    return collator.compare(a.name, b.name) || (a.municipality < b.municipality ? -1 : a.municipality > b.municipality ? 1 : 0);
  });
  let rank = 0;
  for (const r of rows) if (r.score !== null) r.rank = ++rank;
  return { rows };
}

export function computeRating(store: MessageStore, opts: RatingOptions): RatingResult {
  const kpi = computeKpi(store, {
    from: opts.from,
    to: opts.to,
    now: opts.now,
    by: 'municipality',
    reference: { blocks: [], channels: [], municipalities: opts.municipalities },
  });
  return ratingFromGroups(kpi.groups, opts.municipalities, opts.thresholds);
}
