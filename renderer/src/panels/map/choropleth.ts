/**
 * Choropleth scales of the region map: a thin adapter over the indicator registry
 * (shared/indicators.ts, MAP_INDICATORS), where each map indicator's title, fixed class breaks,
 * colour-blind-safe palette (bad end alarming) and value are defined once — the same for every
 * period, every region, every scene, so two screenshots compare and the legend never twitches.
 *
 * The window's `?indicator=` names: `per10k` (messages per 10 000 residents per day of the elapsed
 * window), `overdue` (the share of open messages that are overdue, a state at «now»), `onTimeRate`,
 * `zone` (the rating zone, with the region's thresholds). The alarm classes (overdue, the red zone)
 * carry a warning sign in words too: never colour alone.
 */
import type { KpiGroup, Thresholds } from '../../../../shared/engine/types.js';
import {
  MAP_INDICATORS,
  NO_DATA_COLOUR as REGISTRY_NO_DATA,
  mapColourOf,
  mapLegend,
  type MapIndicator,
  type MapIndicatorId,
  type MapWindow,
  type ScaleMapIndicator,
} from '../../../../shared/indicators.js';

export type ChoroplethIndicator = 'per10k' | 'overdue' | 'onTimeRate' | 'zone';

const REGISTRY_ID: Readonly<Record<ChoroplethIndicator, MapIndicatorId>> = { per10k: 'per10k', overdue: 'overdueShare', onTimeRate: 'onTimeRate', zone: 'zone' };

/** The registry's definition behind a window's indicator. */
export function mapDef(ind: ChoroplethIndicator): MapIndicator {
  return MAP_INDICATORS[REGISTRY_ID[ind]];
}

/** The legend's title: what the colour is (the period is added by the panel where it applies). */
export const INDICATOR_LABELS: Readonly<Record<ChoroplethIndicator, string>> = {
  per10k: MAP_INDICATORS.per10k.title,
  overdue: MAP_INDICATORS.overdueShare.title,
  onTimeRate: MAP_INDICATORS.onTimeRate.title,
  zone: MAP_INDICATORS.zone.title,
};

/** Whether the indicator's numbers cover the wall's period (overdue is a state at «now»). */
export const INDICATOR_HAS_PERIOD: Readonly<Record<ChoroplethIndicator, boolean>> = { per10k: true, overdue: false, onTimeRate: true, zone: true };

export const NO_DATA_COLOUR = REGISTRY_NO_DATA;

export interface Domain {
  indicator: ChoroplethIndicator;
  def: MapIndicator;
}

type Group = Pick<KpiGroup, 'per10k' | 'open' | 'overdue' | 'onTimeRate'>;

/** The value a municipality is coloured by, for the window shown; null: no data. */
export function indicatorValue(g: Group, ind: Exclude<ChoroplethIndicator, 'zone'>, w: MapWindow): number | null {
  const v = (MAP_INDICATORS[REGISTRY_ID[ind]] as ScaleMapIndicator).value(g, w);
  return v === null || !Number.isFinite(v) ? null : v;
}

/** The indicator's fixed classes (values never move them). */
export function sceneDomain(ind: ChoroplethIndicator): Domain {
  return { indicator: ind, def: mapDef(ind) };
}

/** The same domain object while the indicator stays (nothing to widen: the classes are fixed). */
export function stableDomain(prev: Domain | null, ind: ChoroplethIndicator): Domain {
  return prev && prev.indicator === ind ? prev : sceneDomain(ind);
}

export function colourFor(d: Domain, v: number | null): string {
  if (d.def.kind === 'zones') return NO_DATA_COLOUR;
  return mapColourOf(d.def, v);
}

export interface LegendItem {
  colour: string;
  label: string;
}

/** The legend, in the registry's words; the alarm end (overdue's top classes, the red zone) marked «⚠». */
export function legend(d: Domain, thresholds?: Pick<Thresholds, 'zoneGreen' | 'zoneYellow'>): LegendItem[] {
  const items = mapLegend(d.def, thresholds);
  if (d.def.kind === 'zones') return items.map((it) => (it.label.startsWith('красная') ? { ...it, label: `⚠ ${it.label}` } : it));
  const alarm = d.def.better === 'lower' ? [items.length - 2, items.length - 1] : d.def.better === 'higher' ? [0] : [];
  // classes in ascending order of value, as the registry gives them
  return items.map((it, i) => (alarm.includes(i) ? { ...it, label: `⚠ ${it.label}` } : it));
}
