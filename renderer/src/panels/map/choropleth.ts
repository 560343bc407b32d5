/**
 * Choropleth scales of the region map. Pure.
 *
 * The classes are FIXED PER INDICATOR (FIXED_CLASSES below: the same breaks for every period, every
 * region, every scene), so two screenshots compare and the legend never twitches with a message.
 * (When the indicator registry shared/indicators.ts lands, its map classes replace FIXED_CLASSES.)
 *
 * Colours: five discrete classes of viridis (perceptually uniform, readable for deuteranopia,
 * protanopia and tritanopia); bright = needs attention. Overdue is an alarm: a yellow → red scale
 * (ColorBrewer YlOrRd) with a warning sign on the labels. Zones use their own colours
 * (components/zones.ts) and are always labelled in words too.
 */
import type { KpiGroup } from '../../../../shared/engine/types.js';
import { ZONE_COLOURS } from '../../components/zones.js';

export type ChoroplethIndicator = 'per10k' | 'overdue' | 'onTimeRate' | 'zone';

/** The legend's title: what the colour is, and (with the period, MapPanel) over what time. */
export const INDICATOR_LABELS: Readonly<Record<ChoroplethIndicator, string>> = {
  per10k: 'Обращений на 10 тыс. жителей',
  overdue: 'Просрочено сейчас, обращений',
  onTimeRate: 'Ответы в срок',
  zone: 'Зона рейтинга',
};

/** Whether the indicator's numbers cover the wall's period (overdue is a state at «now»). */
export const INDICATOR_HAS_PERIOD: Readonly<Record<ChoroplethIndicator, boolean>> = { per10k: true, overdue: false, onTimeRate: true, zone: true };

/** The fixed class breaks of each indicator (4 breaks → 5 classes), and the top of the scale. */
export const FIXED_CLASSES: Readonly<Record<Exclude<ChoroplethIndicator, 'zone'>, { breaks: number[]; max: number; reversed: boolean }>> = {
  per10k: { breaks: [5, 10, 20, 40], max: 80, reversed: false },
  overdue: { breaks: [1, 10, 50, 200], max: 500, reversed: false },
  onTimeRate: { breaks: [0.5, 0.7, 0.85, 0.95], max: 1, reversed: true },
};

/** Overdue: none (dark) → few → many, yellow → red (the alarm colour). */
export const OVERDUE_COLOURS = ['#2f3b52', '#fed976', '#fd8d3c', '#e31a1c', '#b10026'] as const;

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

/** The indicator's fixed classes (the values do not move them: the same for every period and region). */
export function sceneDomain(ind: ChoroplethIndicator, _values: readonly (number | null)[] = []): Domain {
  if (ind === 'zone') return { indicator: ind, min: 0, max: 0, breaks: [], reversed: false };
  const c = FIXED_CLASSES[ind];
  return { indicator: ind, min: 0, max: c.max, breaks: [...c.breaks], reversed: c.reversed };
}

/** The same domain object while the indicator stays (the classes are fixed; nothing to widen). */
export function stableDomain(prev: Domain | null, ind: ChoroplethIndicator, values: readonly (number | null)[]): Domain {
  return prev && prev.indicator === ind ? prev : sceneDomain(ind, values);
}

function paletteOf(d: Domain): readonly string[] {
  return d.indicator === 'overdue' ? OVERDUE_COLOURS : SEQ_COLOURS;
}

export function classOf(d: Domain, v: number): number {
  let c = 0;
  while (c < d.breaks.length && v >= d.breaks[c]!) c++;
  return c;
}

export function colourFor(d: Domain, v: number | null): string {
  if (v === null) return NO_DATA_COLOUR;
  const c = classOf(d, v);
  const pal = paletteOf(d);
  return pal[d.reversed ? pal.length - 1 - c : c]!;
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
      { colour: ZONE_COLOURS.red, label: '⚠ красная < 50' },
      { colour: ZONE_COLOURS.none, label: 'мало данных' },
    ];
  }
  const fmt = (x: number) => (d.indicator === 'onTimeRate' ? `${nf.format(x * 100)} %` : nf.format(x));
  const edges = [d.min, ...d.breaks, d.max];
  const pal = paletteOf(d);
  const items: LegendItem[] = [];
  for (let i = 0; i < pal.length; i++) {
    const lo = edges[i]!;
    const hi = edges[i + 1]!;
    const colour = pal[d.reversed ? pal.length - 1 - i : i]!;
    // whole counts (overdue) as «1–9», «нет» for none; shares and rates as ranges
    let label = i === pal.length - 1 ? `≥ ${fmt(lo)}` : `${fmt(lo)}–${fmt(hi)}`;
    if (d.indicator === 'overdue') label = i === 0 ? 'нет' : i === pal.length - 1 ? `⚠ ≥ ${fmt(lo)}` : `${fmt(lo)}–${fmt(hi - 1)}`;
    items.push({ colour, label });
  }
  return d.reversed ? items.reverse() : items;
}
