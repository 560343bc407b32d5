/** The registry of indicators (shared/indicators.ts): complete against docs/spec/kpi.md, Russian, fixed map classes. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GROUP_SEPARATOR,
  KPI_FIELDS,
  KPI_INDICATORS,
  KPI_INDICATOR_LIST,
  MAP_INDICATORS,
  PALETTES,
  QUEUE_INDICATORS,
  RATING_FIELDS,
  RATING_INDICATORS,
  ZONE_COLOURS,
  formatCount,
  formatMinutes,
  formatNumber,
  formatShare,
  mapClassOf,
  mapColourOf,
  mapLegend,
  type IndicatorDef,
} from '../../../shared/indicators.js';
import { KpiGroupSchema, RatingRowSchema, ZONES } from '../../../shared/engine/types.js';

const kpiMd = readFileSync(join(import.meta.dirname, '../../../docs/spec/kpi.md'), 'utf8');
/** Rows of kpi.md's table of group indicators: [name, empty]. */
function specFields(): Array<[string, string]> {
  const section = kpiMd.slice(kpiMd.indexOf('## Indicators of a group'), kpiMd.indexOf('## Rating of municipalities'));
  return [...section.matchAll(/^\| `(\w+)` \|.*\| (0|null) \|$/gm)].map((m) => [m[1]!, m[2]!]);
}

const all: IndicatorDef[] = [...KPI_INDICATOR_LIST, ...Object.values(RATING_INDICATORS), ...Object.values(QUEUE_INDICATORS)];

describe('the registry against docs/spec/kpi.md', () => {
  it('has one entry per field of the table, in its order, with its empty value', () => {
    const spec = specFields();
    expect(spec.length).toBeGreaterThan(10);
    expect([...KPI_FIELDS]).toEqual(spec.map(([k]) => k));
    for (const [k, empty] of spec) {
      const def = KPI_INDICATORS[k as keyof typeof KPI_INDICATORS];
      expect(def.key).toBe(k);
      expect(String(def.empty), k).toBe(empty);
    }
    expect(KPI_INDICATOR_LIST.map((d) => d.key)).toEqual([...KPI_FIELDS]);
  });

  it('covers exactly the fields a group carries (the group keys aside), in the order of --json', () => {
    const keys = Object.keys(KpiGroupSchema.shape).filter((k) => !['block', 'municipality', 'channel'].includes(k));
    expect(keys).toEqual([...KPI_FIELDS]);
  });

  it('covers the rating components and the score of a rating row', () => {
    const rowKeys = Object.keys(RatingRowSchema.shape);
    for (const k of RATING_FIELDS) expect(rowKeys).toContain(k);
    expect(Object.keys(RATING_INDICATORS).sort()).toEqual([...RATING_FIELDS].sort());
  });
});

describe('names are Russian words', () => {
  it('in full: Cyrillic, no clipped abbreviation («обращ.», «тыс.»), ё where due', () => {
    for (const d of all)
      for (const text of [d.name, d.short]) {
        expect(text, d.key).toMatch(/^[А-ЯЁ][а-яёА-ЯЁ0-9 ,:()–-]*$/u);
        expect(text, d.key).not.toMatch(/\./);
        expect(text, d.key).not.toMatch(/заверш[е]нн|возвращ[е]нн|удовлетвор[е]нн|зел[е]н|ж[е]лт/i);
      }
    expect(KPI_INDICATORS.completeness.name).toContain('завершённых');
    expect(RATING_INDICATORS.satisfaction.short).toBe('Удовлетворённость');
  });

  it('short labels are distinct within a table', () => {
    const shorts = KPI_INDICATOR_LIST.map((d) => d.short);
    expect(new Set(shorts).size).toBe(shorts.length);
  });

  it('every figure says which direction is better', () => {
    for (const d of all) expect(['higher', 'lower', 'neutral'], d.key).toContain(d.better);
    expect(KPI_INDICATORS.overdue.better).toBe('lower');
    expect(KPI_INDICATORS.onTimeRate.better).toBe('higher');
    expect(KPI_INDICATORS.medianFirstResponseMin.better).toBe('lower');
  });
});

describe('formats are ru-RU', () => {
  it('counts are whole, grouped by a thin no-break space', () => {
    expect(GROUP_SEPARATOR).toBe('\u202F');
    expect(formatCount(12345)).toBe('12\u202F345');
    expect(formatCount(1234567)).toBe('1\u202F234\u202F567');
    expect(formatCount(7)).toBe('7');
    expect(KPI_INDICATORS.incoming.format(2250)).toBe('2\u202F250');
  });

  it('shares are percent with a decimal comma and a space before the sign', () => {
    expect(formatShare(0.875)).toBe('87,5 %');
    expect(formatShare(1)).toBe('100 %');
    expect(formatShare(0)).toBe('0 %');
    expect(formatShare(2 / 3)).toBe('66,7 %');
    expect(KPI_INDICATORS.onTimeRate.format(0.888889)).toBe('88,9 %');
  });

  it('minutes read as «N мин» and «N ч M мин», rounded to the minute', () => {
    expect(formatMinutes(45)).toBe('45 мин');
    expect(formatMinutes(42.5)).toBe('43 мин');
    expect(formatMinutes(185)).toBe('3 ч 5 мин');
    expect(formatMinutes(120)).toBe('2 ч');
    expect(formatMinutes(59.6)).toBe('1 ч');
    expect(formatMinutes(42390)).toBe('706 ч 30 мин');
    expect(formatMinutes(-5)).toBe('−5 мин');
    expect(KPI_INDICATORS.medianFirstResponseMin.format(225)).toBe('3 ч 45 мин');
    expect(QUEUE_INDICATORS.overdueMin.format(0)).toBe('—');
  });

  it('other numbers use a decimal comma; the mean rating keeps one decimal', () => {
    expect(formatNumber(131.2834, 2)).toBe('131,28');
    expect(KPI_INDICATORS.per10k.format(0.7)).toBe('0,7');
    expect(KPI_INDICATORS.satisfaction.format(4)).toBe('4,0');
    expect(RATING_INDICATORS.score.format(87.5)).toBe('87,5');
    expect(formatNumber(-1.5)).toBe('−1,5');
  });

  it('an empty value (null) is a dash in every format', () => {
    for (const d of all) {
      expect(d.format(null), d.key).toBe('—');
      expect(d.format(undefined), d.key).toBe('—');
    }
  });
});

describe('map classes', () => {
  const scales = [MAP_INDICATORS.per10k, MAP_INDICATORS.overdueShare, MAP_INDICATORS.onTimeRate];

  it('are fixed, strictly ascending, one colour per class from a named palette', () => {
    for (const ind of scales) {
      for (let i = 1; i < ind.breaks.length; i++) expect(ind.breaks[i]!, ind.id).toBeGreaterThan(ind.breaks[i - 1]!);
      expect(ind.colours).toHaveLength(ind.breaks.length + 1);
      expect([...ind.colours].sort()).toEqual([...PALETTES[ind.palette]].sort());
      expect(new Set(ind.colours).size).toBe(ind.colours.length);
    }
    expect(MAP_INDICATORS.per10k.breaks).toEqual([0.5, 1, 2, 4]);
    expect(MAP_INDICATORS.overdueShare.breaks).toEqual([0.02, 0.05, 0.1, 0.2]);
    expect(MAP_INDICATORS.onTimeRate.breaks).toEqual([0.5, 0.7, 0.85, 0.95]);
  });

  it('put a value on a break into the class above it', () => {
    const ind = MAP_INDICATORS.overdueShare;
    expect([0, 0.0199, 0.02, 0.05, 0.1, 0.2, 0.9].map((v) => mapClassOf(ind, v))).toEqual([0, 0, 1, 2, 3, 4, 4]);
  });

  it('colour the bad end alarming: many overdue deep red, few on time bright', () => {
    expect(mapColourOf(MAP_INDICATORS.overdueShare, 0.5)).toBe('#bd0026');
    expect(mapColourOf(MAP_INDICATORS.overdueShare, 0)).toBe(PALETTES.ylOrRd[0]);
    expect(mapColourOf(MAP_INDICATORS.onTimeRate, 0.2)).toBe('#fde725');
    expect(mapColourOf(MAP_INDICATORS.onTimeRate, 1)).toBe('#3b528b');
    expect(mapColourOf(MAP_INDICATORS.onTimeRate, null)).toMatch(/^#/);
  });

  it('compare across periods: the same daily rate per 10 000 residents is one class for a day and for a month', () => {
    const day = 86_400_000;
    const now = Date.UTC(2026, 10, 25, 12);
    const ind = MAP_INDICATORS.per10k;
    const today = ind.value({ per10k: 6, open: 0, overdue: 0, onTimeRate: null }, { from: now - day / 2, to: now + day / 2, now });
    const month = ind.value({ per10k: 360, open: 0, overdue: 0, onTimeRate: null }, { from: now - 30 * day, to: now, now });
    expect(today).toBeCloseTo(12);
    expect(month).toBeCloseTo(12);
    expect(mapClassOf(ind, today!)).toBe(mapClassOf(ind, month!));
    expect(ind.value({ per10k: null, open: 0, overdue: 0, onTimeRate: null }, { from: now - day, to: now, now })).toBeNull();
  });

  it('the overdue share is of the open messages, none without open ones', () => {
    const w = { from: 0, to: 1, now: 1 };
    expect(MAP_INDICATORS.overdueShare.value({ per10k: null, open: 40, overdue: 4, onTimeRate: null }, w)).toBe(0.1);
    expect(MAP_INDICATORS.overdueShare.value({ per10k: null, open: 0, overdue: 0, onTimeRate: null }, w)).toBeNull();
  });

  it('legends read in Russian, classes ascending', () => {
    expect(mapLegend(MAP_INDICATORS.per10k).map((i) => i.label)).toEqual(['менее 0,5', '0,5–1', '1–2', '2–4', '4 и более']);
    expect(mapLegend(MAP_INDICATORS.overdueShare).map((i) => i.label)).toEqual(['менее 2 %', '2 %–5 %', '5 %–10 %', '10 %–20 %', '20 % и более']);
    expect(mapLegend(MAP_INDICATORS.zone, { zoneGreen: 80, zoneYellow: 55 })).toEqual([
      { colour: ZONE_COLOURS.green, label: 'зелёная: 80 и более' },
      { colour: ZONE_COLOURS.yellow, label: 'жёлтая: 55–80' },
      { colour: ZONE_COLOURS.red, label: 'красная: менее 55' },
      { colour: ZONE_COLOURS.none, label: 'мало данных' },
    ]);
    expect(Object.keys(ZONE_COLOURS).sort()).toEqual([...ZONES].sort());
  });
});
