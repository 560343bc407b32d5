/**
 * Choropleth scales of the region map. Pure.
 *
 * The colour domain is fixed per SCENE, computed from every municipality of the region in the
 * scene's data (never from what a viewport happens to show), rounded up to a "nice" bound, so every
 * window of a span wall and every console agrees, and the legend does not twitch with each message.
 * It only widens (to the next nice bound) when a live value would fall off the top; it resets when the
 * scene changes.
 *
 * Colours: five discrete classes of viridis (perceptually uniform, readable for deuteranopia,
 * protanopia and tritanopia); bright = needs attention. Zones use Okabe–Ito colours (components/zones.ts)
 * and are always labelled in words too.
 */
import type { KpiGroup } from '../../../../shared/engine/types.js';
import { ZONE_COLOURS } from '../../components/zones.js';

export type ChoroplethIndicator = 'per10k' | 'overdue' | 'onTimeRate' | 'zone';

export const INDICATOR_LABELS: Readonly<Record<ChoroplethIndicator, string>> = {
  per10k: 'Обращений на 10 тыс. жителей',
  overdue: 'Просрочено',
  onTimeRate: 'Ответы в срок',
  zone: 'Зона рейтинга',
};

/** Five viridis classes, dark → bright. */
export const SEQ_COLOURS = ['#3b528b', '#21918c', '#5ec962', '#addc30', '#fde725'] as const;
export const NO_DATA_COLOUR = '#3a4150';

export interface Domain {
  indicator: ChoroplethIndicator;
  min: number;
  max: number;
  /** Class breaks (length 4 → 5 classes). */
  breaks: number[];
  /** True when low values are the bad ones (colours reversed so bad = bright). */
  reversed: boolean;
}

/** Nice upper bound: 1, 2, 2.5, 5 × 10^k, ≥ x. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x - 1e-12) return m * p;
  return 10 * p;
}

export function indicatorValue(g: Pick<KpiGroup, 'per10k' | 'overdue' | 'onTimeRate'>, ind: Exclude<ChoroplethIndicator, 'zone'>): number | null {
  const v = g[ind];
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

/** Domain of a scene from ALL municipality values of the scene's data. */
export function sceneDomain(ind: ChoroplethIndicator, values: readonly (number | null)[]): Domain {
  if (ind === 'zone') return { indicator: ind, min: 0, max: 0, breaks: [], reversed: false };
  if (ind === 'onTimeRate') return { indicator: ind, min: 0, max: 1, breaks: [0.5, 0.7, 0.85, 0.95], reversed: true };
  let max = 0;
  for (const v of values) if (v !== null && v > max) max = v;
  const top = niceCeil(max);
  return { indicator: ind, min: 0, max: top, breaks: [0.2, 0.4, 0.6, 0.8].map((f) => f * top), reversed: false };
}

/** Keep the scene's domain unless a new value exceeds it (then widen to the next nice bound). */
export function stableDomain(prev: Domain | null, ind: ChoroplethIndicator, values: readonly (number | null)[]): Domain {
  const next = sceneDomain(ind, values);
  if (!prev || prev.indicator !== ind) return next;
  return next.max > prev.max ? next : prev;
}

export function classOf(d: Domain, v: number): number {
  let c = 0;
  while (c < d.breaks.length && v >= d.breaks[c]!) c++;
  return c;
}

export function colourFor(d: Domain, v: number | null): string {
  if (v === null) return NO_DATA_COLOUR;
  const c = classOf(d, v);
  return SEQ_COLOURS[d.reversed ? SEQ_COLOURS.length - 1 - c : c]!;
}

export interface LegendItem {
  colour: string;
  label: string;
}

const nf = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 });

export function legend(d: Domain): LegendItem[] {
  if (d.indicator === 'zone') {
    return [
      { colour: ZONE_COLOURS.green, label: 'зелёная ≥ 75' },
      { colour: ZONE_COLOURS.yellow, label: 'жёлтая 50–75' },
      { colour: ZONE_COLOURS.red, label: 'красная < 50' },
      { colour: ZONE_COLOURS.none, label: 'мало данных' },
    ];
  }
  const fmt = (x: number) => (d.indicator === 'onTimeRate' ? `${nf.format(x * 100)} %` : nf.format(x));
  const edges = [d.min, ...d.breaks, d.max];
  const items: LegendItem[] = [];
  for (let i = 0; i < SEQ_COLOURS.length; i++) {
    const lo = edges[i]!;
    const hi = edges[i + 1]!;
    const colour = SEQ_COLOURS[d.reversed ? SEQ_COLOURS.length - 1 - i : i]!;
    items.push({ colour, label: i === SEQ_COLOURS.length - 1 ? `≥ ${fmt(lo)}` : `${fmt(lo)}–${fmt(hi)}` });
  }
  return d.reversed ? items.reverse() : items;
}
