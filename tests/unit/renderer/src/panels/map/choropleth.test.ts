import { describe, expect, it } from 'vitest';
import { colourFor, indicatorValue, legend, sceneDomain, stableDomain, NO_DATA_COLOUR, INDICATOR_LABELS } from '../../../../../../renderer/src/panels/map/choropleth.js';
import { niceCeil } from '../../../../../../renderer/src/panels/map/heatScale.js';
import { MAP_INDICATORS, ZONE_COLOURS } from '../../../../../../shared/indicators.js';
import { moreText, queueFit } from '../../../../../../renderer/src/queueFit.js';
import { parseWindowOptions } from '../../../../../../renderer/src/url.js';

const DAY = 86_400_000;
const WEEK = { from: 0, to: 7 * DAY, now: 7 * DAY };
const TODAY_NOON = { from: 0, to: DAY, now: DAY / 2 };
const g = (x: Partial<{ per10k: number | null; open: number; overdue: number; onTimeRate: number | null }>) => ({ per10k: null, open: 0, overdue: 0, onTimeRate: null, ...x });

describe('choropleth classes: the indicator registry’s, fixed per indicator', () => {
  it('nice bounds (heat scale)', () => {
    expect(niceCeil(7.3)).toBe(10);
    expect(niceCeil(23)).toBe(25);
    expect(niceCeil(0.18)).toBeCloseTo(0.2);
    expect(niceCeil(0)).toBe(1);
  });
  it('the map reads its titles, classes and colours from shared/indicators.ts', () => {
    expect(INDICATOR_LABELS.per10k).toBe(MAP_INDICATORS.per10k.title);
    expect(INDICATOR_LABELS.overdue).toBe(MAP_INDICATORS.overdueShare.title);
    const d = sceneDomain('per10k');
    const reg = MAP_INDICATORS.per10k;
    expect(legend(d).map((l) => l.colour)).toEqual(reg.colours);
    expect(colourFor(d, reg.breaks[0]! / 2)).toBe(reg.colours[0]);
    expect(colourFor(d, reg.breaks.at(-1)! * 2)).toBe(reg.colours.at(-1));
    expect(colourFor(d, null)).toBe(NO_DATA_COLOUR);
  });
  it('a day and a week at the same daily rate land in the same class (per 10 000 residents per day)', () => {
    const d = sceneDomain('per10k');
    const week = indicatorValue(g({ per10k: 14 }), 'per10k', WEEK); // 2 a day
    const halfDay = indicatorValue(g({ per10k: 1 }), 'per10k', TODAY_NOON); // 2 a day, half of today elapsed
    expect(week).toBeCloseTo(2);
    expect(halfDay).toBeCloseTo(2);
    expect(colourFor(d, week)).toBe(colourFor(d, halfDay));
  });
  it('keeps the same domain object while the indicator stays', () => {
    const d0 = sceneDomain('overdue');
    expect(stableDomain(d0, 'overdue')).toBe(d0);
    expect(stableDomain(d0, 'per10k').indicator).toBe('per10k');
  });
  it('overdue: the share of open messages; 9 of 500 and 300 of 500 are different colours, the top one the alarm red, with a warning sign', () => {
    const d = sceneDomain('overdue');
    const low = indicatorValue(g({ open: 500, overdue: 9 }), 'overdue', WEEK);
    const high = indicatorValue(g({ open: 500, overdue: 300 }), 'overdue', WEEK);
    expect(colourFor(d, low)).not.toBe(colourFor(d, high));
    expect(colourFor(d, high)).toBe(MAP_INDICATORS.overdueShare.colours.at(-1));
    expect(indicatorValue(g({ open: 0, overdue: 0 }), 'overdue', WEEK)).toBeNull();
    const labels = legend(d).map((l) => l.label);
    expect(labels[0]).toMatch(/^менее /);
    expect(labels.at(-1)).toMatch(/^⚠ .* и более$/);
  });
  it('on-time share: the bad (lowest) class carries a warning sign; zones name the region’s thresholds and the red one is red', () => {
    const d = sceneDomain('onTimeRate');
    expect(colourFor(d, 0.2)).not.toBe(colourFor(d, 0.99));
    expect(legend(d)[0]!.label).toMatch(/^⚠ менее 50/);
    const zone = legend(sceneDomain('zone'), { zoneGreen: 80, zoneYellow: 55 });
    expect(zone.map((l) => l.label)).toContain('мало данных');
    const red = zone.find((l) => l.label.includes('красная'))!;
    expect(red.label).toMatch(/^⚠ красная: менее 55/);
    expect(red.colour).toBe(ZONE_COLOURS.red);
    expect(zone.find((l) => l.label.includes('зелёная'))!.label).toContain('80 и более');
  });
});

describe('queue «+N ещё»', () => {
  it('counts what does not fit, leaving room for the footer', () => {
    expect(queueFit(5, 500, 100, 40)).toEqual({ shown: 5, more: 0 });
    expect(queueFit(6, 500, 100, 40)).toEqual({ shown: 4, more: 2 });
    expect(queueFit(100, 1000, 100, 60)).toEqual({ shown: 9, more: 91 });
    expect(queueFit(0, 1000, 100, 60)).toEqual({ shown: 0, more: 0 });
    expect(moreText(91)).toBe('+91 ещё');
    expect(moreText(1234).replace(/[\u00a0\u202f]/g, ' ')).toBe('+1 234 ещё');
    expect(moreText(0)).toBe('');
  });
});

describe('window options', () => {
  it('span slice and console', () => {
    const o = parseWindowOptions('http://h/?scene=briefing&slice=1920,0,1920,1080&canvas=3840,1080');
    expect(o.slice).toEqual({ x: 1920, y: 0, w: 1920, h: 1080 });
    expect(o.canvas).toEqual({ w: 3840, h: 1080 });
    expect(o.scene).toBe('briefing');
    expect(parseWindowOptions('http://h/console').role).toBe('console');
    expect(parseWindowOptions('http://h/?role=console').role).toBe('console');
    expect(parseWindowOptions('http://h/?slice=1,2').slice).toBeNull();
  });
});
