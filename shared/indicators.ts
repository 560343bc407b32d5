/**
 * The registry of indicators: for every field of docs/spec/kpi.md (and the rating's and the queue's
 * figures) its Russian name, a short label for tight places, its unit, its ru-RU format, which
 * direction is better, and — for those the map can colour — fixed map classes with a colour-blind-safe
 * palette. The command line's tables, the map and its legend, the gauges, the briefing scene and
 * the справка read names, formats and classes from here and nowhere else.
 *
 * Formats (Russian typography): shares as percent with one decimal at most («87,5 %», a space
 * before the sign); minutes as «45 мин» / «3 ч 5 мин» (whole minutes); counts and other numbers
 * with a thin no-break space (U+202F) between groups of digits («12 345»), a decimal comma;
 * «—» for a null (kpi.md's "empty").
 *
 * Map classes are fixed per indicator — never per period, region or data — so two screenshots
 * compare (issue 11). Breaks ascend; class i holds values in [breaks[i-1], breaks[i]); `colours`
 * has one colour per class, already oriented so the bad end is the alarming one.
 * Pure and isomorphic.
 */
import type { KpiGroup, Thresholds, Zone } from './engine/types.js';
import { ZONES } from './engine/types.js';
import { ZONE_LABELS } from './blocks.js';

// --- Formats -------------------------------------------------------------------------------------

const DASH = '—';
/** Thin no-break space between groups of digits (Russian typography; ICU's ru-RU gives U+00A0). */
export const GROUP_SEPARATOR = '\u202F';

const formats = new Map<number, Intl.NumberFormat>();
function nf(maxFraction: number, minFraction: number): Intl.NumberFormat {
  const key = maxFraction * 16 + minFraction;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: maxFraction, minimumFractionDigits: minFraction });
    formats.set(key, f);
  }
  return f;
}

const present = (v: number | null | undefined): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** A number in ru-RU with `minFraction`..`maxFraction` decimals, digits grouped by a thin space: «12 345,6». */
export function formatNumber(v: number | null | undefined, maxFraction = 1, minFraction = 0): string {
  if (!present(v)) return DASH;
  return nf(maxFraction, minFraction).format(v).replace(/[\u00A0 ]/g, GROUP_SEPARATOR).replace(/^-/, '−');
}

/** A count: whole, grouped: «12 345». */
export const formatCount = (v: number | null | undefined): string => formatNumber(v, 0);

/** A share 0..1 as percent, one decimal at most: «87,5 %». */
export const formatShare = (v: number | null | undefined): string => (present(v) ? `${formatNumber(v * 100, 1)} %` : DASH);

/** Minutes as «45 мин», «3 ч 5 мин», «27 ч» (whole minutes, no days: «сут» is not a word). */
export function formatMinutes(v: number | null | undefined): string {
  if (!present(v)) return DASH;
  const sign = v < 0 ? '−' : '';
  const m = Math.round(Math.abs(v));
  if (m < 60) return `${sign}${m} мин`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return `${sign}${formatCount(h)} ч${rest ? ` ${rest} мин` : ''}`;
}

// --- Indicator definitions -----------------------------------------------------------------------

/** Which direction of a value is the good one (the map orients its colours by it). */
export type Better = 'higher' | 'lower' | 'neutral';

export type Unit = 'count' | 'share' | 'minutes' | 'rating' | 'per10k' | 'points' | 'weight' | 'level';

export interface IndicatorDef<K extends string = string> {
  key: K;
  /** Russian name, in full words (table headers with room, the справка, tooltips). */
  name: string;
  /** Short label where space is tight (gauges, narrow columns); still whole words. */
  short: string;
  unit: Unit;
  /** The unit as printed beside a bare number («%», «мин»), '' for plain counts. */
  unitLabel: string;
  format: (v: number | null | undefined) => string;
  better: Better;
  /** What docs/spec/kpi.md gives for an empty group: 0 for counts, null for shares and means. */
  empty: 0 | null;
}

/** The indicator fields of a kpi.md group (the group keys `block`, `municipality`, `channel` aside). */
export type KpiField = Exclude<keyof KpiGroup, 'block' | 'municipality' | 'channel'>;

const count = { unit: 'count', unitLabel: '', format: formatCount, empty: 0 } as const;
const share = { unit: 'share', unitLabel: '%', format: formatShare, empty: null } as const;

/**
 * One entry per field of docs/spec/kpi.md, IN ITS ORDER (the compiler refuses a field without an
 * entry or an entry without a field; a test checks the order against kpi.md's table).
 */
export const KPI_INDICATORS: { readonly [K in KpiField]: IndicatorDef<K> } = {
  incoming: { key: 'incoming', name: 'Поступило обращений', short: 'Поступило', ...count, better: 'neutral' },
  open: { key: 'open', name: 'Открытых обращений', short: 'Открыто', ...count, better: 'lower' },
  overdue: { key: 'overdue', name: 'Просроченных обращений', short: 'Просрочено', ...count, better: 'lower' },
  answered: { key: 'answered', name: 'Отвечено обращений', short: 'Отвечено', ...count, better: 'neutral' },
  onTime: { key: 'onTime', name: 'Ответов в срок', short: 'В срок', ...count, better: 'higher' },
  onTimeRate: { key: 'onTimeRate', name: 'Доля ответов в срок', short: 'В срок, доля', ...share, better: 'higher' },
  medianFirstResponseMin: {
    key: 'medianFirstResponseMin',
    name: 'Медиана времени до первого ответа',
    short: 'Первый ответ',
    unit: 'minutes',
    unitLabel: 'мин',
    format: formatMinutes,
    empty: null,
    better: 'lower',
  },
  reworkRate: { key: 'reworkRate', name: 'Доля ответов, возвращённых на доработку', short: 'Доработка', ...share, better: 'lower' },
  satisfaction: {
    key: 'satisfaction',
    name: 'Средняя оценка ответов',
    short: 'Оценка',
    unit: 'rating',
    unitLabel: 'из 5',
    format: (v) => formatNumber(v, 1, 1),
    empty: null,
    better: 'higher',
  },
  satisfiedShare: { key: 'satisfiedShare', name: 'Доля довольных ответом (оценка 4 или 5)', short: 'Довольны', ...share, better: 'higher' },
  completeness: { key: 'completeness', name: 'Доля завершённых обращений', short: 'Завершено', ...share, better: 'higher' },
  per10k: {
    key: 'per10k',
    name: 'Обращений на 10 тысяч жителей',
    short: 'На 10 тысяч жителей',
    unit: 'per10k',
    unitLabel: 'на 10 тысяч жителей',
    format: (v) => formatNumber(v, 2),
    empty: null,
    better: 'neutral',
  },
  incomingPrev: { key: 'incomingPrev', name: 'Поступило за предыдущий период', short: 'Предыдущий период', ...count, better: 'neutral' },
};

/**
 * The fields of docs/spec/kpi.md's table, in its order: the order of `--json`, of the tables and of
 * the справка's columns («one column per field of kpi.md, in its order, headed by its Russian name»).
 */
export const KPI_FIELDS: readonly KpiField[] = Object.keys(KPI_INDICATORS) as KpiField[];

/** The registry entries in kpi.md's order. */
export const KPI_INDICATOR_LIST: readonly IndicatorDef<KpiField>[] = KPI_FIELDS.map((k) => KPI_INDICATORS[k]);

// --- Rating and queue figures ---------------------------------------------------------------------

const points = { unit: 'points', unitLabel: 'из 100', format: (v: number | null | undefined) => formatNumber(v, 1), empty: null } as const;

export type RatingField = 'score' | 'speed' | 'quality' | 'completeness' | 'satisfaction';

/** The rating's figures (docs/spec/kpi.md, "Rating of municipalities"), 0..100, in the order of `rating --json`. */
export const RATING_INDICATORS: { readonly [K in RatingField]: IndicatorDef<K> } = {
  score: { key: 'score', name: 'Балл рейтинга', short: 'Балл', ...points, better: 'higher' },
  speed: { key: 'speed', name: 'Скорость: ответы в срок', short: 'Скорость', ...points, better: 'higher' },
  quality: { key: 'quality', name: 'Качество: без возврата на доработку', short: 'Качество', ...points, better: 'higher' },
  completeness: { key: 'completeness', name: 'Полнота: завершённые обращения', short: 'Полнота', ...points, better: 'higher' },
  satisfaction: { key: 'satisfaction', name: 'Удовлетворённость: оценки 4 и 5', short: 'Удовлетворённость', ...points, better: 'higher' },
};
export const RATING_FIELDS: readonly RatingField[] = Object.keys(RATING_INDICATORS) as RatingField[];

export type QueueField = 'level' | 'overdueMin' | 'weight';

/** The queue's figures (docs/spec/kpi.md, "Escalation queue"). */
export const QUEUE_INDICATORS: { readonly [K in QueueField]: IndicatorDef<K> } = {
  level: { key: 'level', name: 'Уровень эскалации', short: 'Уровень', unit: 'level', unitLabel: '', format: formatCount, empty: 0, better: 'lower' },
  overdueMin: {
    key: 'overdueMin',
    name: 'Просрочено на',
    short: 'Просрочено на',
    unit: 'minutes',
    unitLabel: 'мин',
    format: (v) => (present(v) && v > 0 ? formatMinutes(v) : DASH),
    empty: 0,
    better: 'lower',
  },
  weight: {
    key: 'weight',
    name: 'Вес резонанса',
    short: 'Резонанс',
    unit: 'weight',
    unitLabel: '',
    format: (v) => formatNumber(v, 1),
    empty: 0,
    better: 'lower',
  },
};

// --- Map classes and palettes ---------------------------------------------------------------------

/**
 * Colour-blind-safe palettes, colours in ascending order of value.
 * - viridis: five classes of viridis (perceptually uniform; readable with deuteranopia, protanopia
 *   and tritanopia), dark → bright.
 * - ylOrRd: ColorBrewer YlOrRd, five classes (marked colour-blind safe by ColorBrewer), pale → deep
 *   red: the alarm ramp for what is overdue.
 * - zones: Okabe–Ito bluish green and yellow, a true red for the red zone (issue 11: the red chip
 *   red, not orange), grey for «мало данных». Red and green differ in lightness too; the wall must
 *   still add a companion cue (pattern or icon) to the red zone and to what is overdue.
 */
export const PALETTES = {
  viridis: ['#3b528b', '#21918c', '#5ec962', '#addc30', '#fde725'],
  ylOrRd: ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'],
} as const satisfies Record<string, readonly string[]>;
export type PaletteId = keyof typeof PALETTES | 'zones';

export const ZONE_COLOURS: Readonly<Record<Zone, string>> = {
  green: '#009E73',
  yellow: '#F0E442',
  red: '#D62728',
  none: '#6B7280',
};
/** Colour of a municipality without a value (no population, nothing answered …). */
export const NO_DATA_COLOUR = '#3A4150';

/** The window the map shows (epoch ms), for indicators whose map value depends on its length. */
export interface MapWindow {
  from: number;
  to: number;
  now: number;
}

export type MapIndicatorId = 'per10k' | 'overdueShare' | 'onTimeRate' | 'zone';

export interface ScaleMapIndicator {
  id: Exclude<MapIndicatorId, 'zone'>;
  kind: 'scale';
  /** Legend title: the indicator and what it is counted over. */
  title: string;
  short: string;
  better: Better;
  /** Ascending, fixed. */
  breaks: readonly number[];
  palette: keyof typeof PALETTES;
  /** One colour per class (breaks.length + 1), ascending by value, bad end alarming. */
  colours: readonly string[];
  /** The value coloured, from a municipality's group and the window shown; null: no data. */
  value: (g: Pick<KpiGroup, 'per10k' | 'open' | 'overdue' | 'onTimeRate'>, w: MapWindow) => number | null;
  /** A bare value as the legend prints it. */
  format: (v: number) => string;
}

export interface ZoneMapIndicator {
  id: 'zone';
  kind: 'zones';
  title: string;
  short: string;
  better: 'higher';
  palette: 'zones';
  colours: Readonly<Record<Zone, string>>;
}

export type MapIndicator = ScaleMapIndicator | ZoneMapIndicator;

const DAY_MS = 86_400_000;
/** Elapsed part of the window at `now`: min(max(now - from, 0), to - from) (as in docs/spec/kpi.md's incomingPrev). */
const elapsedDays = (w: MapWindow): number => Math.min(Math.max(w.now - w.from, 0), w.to - w.from) / DAY_MS;

/** Bad end bright: a palette read ascending for "lower is better" or neutral, reversed for "higher is better". */
const oriented = (p: readonly string[], better: Better): readonly string[] => (better === 'higher' ? [...p].reverse() : p);

export const MAP_INDICATORS: { readonly [K in MapIndicatorId]: K extends 'zone' ? ZoneMapIndicator : ScaleMapIndicator & { id: K } } = {
  per10k: {
    id: 'per10k',
    kind: 'scale',
    // per day, so that a day, a week and a month share one set of classes
    title: 'Обращений на 10 тысяч жителей в сутки',
    short: 'На 10 тысяч жителей в сутки',
    better: 'neutral',
    // real regions write about 1–3 messages per 10 000 residents a day (docs/demo.md)
    breaks: [0.5, 1, 2, 4],
    palette: 'viridis',
    colours: oriented(PALETTES.viridis, 'neutral'),
    value: (g, w) => {
      const days = elapsedDays(w);
      return g.per10k === null || !(days > 0) ? null : g.per10k / days;
    },
    format: (v) => formatNumber(v, 1),
  },
  overdueShare: {
    id: 'overdueShare',
    kind: 'scale',
    title: 'Доля просроченных среди открытых обращений',
    short: 'Просрочено, доля открытых',
    better: 'lower',
    breaks: [0.02, 0.05, 0.1, 0.2],
    palette: 'ylOrRd',
    colours: oriented(PALETTES.ylOrRd, 'lower'),
    value: (g) => (g.open > 0 ? g.overdue / g.open : null),
    format: (v) => formatShare(v),
  },
  onTimeRate: {
    id: 'onTimeRate',
    kind: 'scale',
    title: 'Доля ответов в срок',
    short: 'Ответы в срок',
    better: 'higher',
    breaks: [0.5, 0.7, 0.85, 0.95],
    palette: 'viridis',
    colours: oriented(PALETTES.viridis, 'higher'),
    value: (g) => g.onTimeRate,
    format: (v) => formatShare(v),
  },
  zone: {
    id: 'zone',
    kind: 'zones',
    title: 'Зона рейтинга',
    short: 'Зона рейтинга',
    better: 'higher',
    palette: 'zones',
    colours: ZONE_COLOURS,
  },
};

/** Class of a value: the number of breaks at or below it (0 .. breaks.length). */
export function mapClassOf(ind: ScaleMapIndicator, v: number): number {
  let c = 0;
  while (c < ind.breaks.length && v >= ind.breaks[c]!) c++;
  return c;
}

export function mapColourOf(ind: ScaleMapIndicator, v: number | null): string {
  return v === null || !Number.isFinite(v) ? NO_DATA_COLOUR : ind.colours[mapClassOf(ind, v)]!;
}

export interface MapLegendItem {
  colour: string;
  label: string;
}

const ZONE_WORDS: Readonly<Record<Zone, string>> = { green: 'зелёная', yellow: 'жёлтая', red: 'красная', none: ZONE_LABELS.none };

/** The legend, classes in ascending order of value («менее 2», «2–5», …, «20 и более»); zones from the region's thresholds. */
export function mapLegend(ind: MapIndicator, t?: Pick<Thresholds, 'zoneGreen' | 'zoneYellow'>): MapLegendItem[] {
  if (ind.kind === 'zones') {
    const g = formatNumber(t?.zoneGreen ?? 75, 1);
    const y = formatNumber(t?.zoneYellow ?? 50, 1);
    const label: Record<Zone, string> = {
      green: `${ZONE_WORDS.green}: ${g} и более`,
      yellow: `${ZONE_WORDS.yellow}: ${y}–${g}`,
      red: `${ZONE_WORDS.red}: менее ${y}`,
      none: ZONE_WORDS.none,
    };
    return ZONES.map((z) => ({ colour: ind.colours[z], label: label[z] }));
  }
  const b = ind.breaks;
  return ind.colours.map((colour, i) => ({
    colour,
    label: i === 0 ? `менее ${ind.format(b[0]!)}` : i === b.length ? `${ind.format(b[i - 1]!)} и более` : `${ind.format(b[i - 1]!)}–${ind.format(b[i]!)}`,
  }));
}
