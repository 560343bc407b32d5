import { describe, expect, it } from 'vitest';
import { parsePanels, parseWindowOptions } from '../../../../renderer/src/url.js';
import { panelGrid } from '../../../../renderer/src/layout.js';
import { ratingFit } from '../../../../renderer/src/components/RatingTable.js';
import { tableName, shortName } from '../../../../renderer/src/names.js';
import { emptiestCorner, containsPoint } from '../../../../renderer/src/panels/map/geo.js';
import { heatPeak, stableHeatDomain, mercatorPx, KDE_PEAK } from '../../../../renderer/src/panels/map/heatScale.js';

describe('per-display panel sets', () => {
  it('parses ?panels=, drops unknown names and repeats, keeps the order', () => {
    expect(parseWindowOptions('http://h/?panels=map,gauges').panels).toEqual(['map', 'gauges']);
    expect(parsePanels('rating, MAP,map,bogus')).toEqual(['rating', 'map']);
    expect(parsePanels('bogus')).toBeNull();
    expect(parseWindowOptions('http://h/?scene=briefing').panels).toBeNull();
  });
  it('lays panels out in a grid', () => {
    expect(panelGrid(1)).toEqual({ cols: 1, rows: 1 });
    expect(panelGrid(2)).toEqual({ cols: 2, rows: 1 });
    expect(panelGrid(4)).toEqual({ cols: 2, rows: 2 });
    expect(panelGrid(5)).toEqual({ cols: 3, rows: 2 });
  });
});

describe('rating fit', () => {
  it('shows every row when they fit, in as few columns as needed', () => {
    expect(ratingFit(10, 600, 400, 30, 20, 40, 500, false)).toMatchObject({ cols: 1, shown: 10, pages: 1 });
    expect(ratingFit(20, 1200, 400, 30, 20, 40, 500, false)).toMatchObject({ cols: 2, rowsPerCol: 12, shown: 20 });
  });
  it('leaves room for «+N ещё» when it does not fit', () => {
    const f = ratingFit(30, 600, 400, 30, 20, 40, 500, false);
    expect(f.shown).toBe(11); // (400 - 40 - 20) / 30
    expect(f.pages).toBe(1);
  });
  it('paginates on the briefing so every row is reachable', () => {
    const f = ratingFit(30, 600, 400, 30, 20, 40, 500, true);
    expect(f.perPage).toBe(12);
    expect(f.pages).toBe(3);
  });
  it('short table names', () => {
    expect(tableName('Петропавловск-Камчатский городской округ')).toBe('Петропавловск-Камчатский');
    expect(tableName('Усть-Большерецкий муниципальный район')).toBe('Усть-Большерецкий');
    expect(shortName('Елизовский муниципальный район')).toBe('Елизовский район');
    expect(shortName('поселок Палана')).toBe('посёлок Палана');
    expect(shortName('город-герой Волгоград')).toBe('Волгоград');
  });
});

describe('map placement', () => {
  it('puts the legend in the corner with the least land', () => {
    // land: the left half of a 100 × 100 box
    expect(emptiestCorner(100, 100, 30, 30, (x) => x < 50).corner).toBe('tr');
    // land everywhere but the bottom right
    expect(emptiestCorner(100, 100, 30, 30, (x, y) => !(x > 60 && y > 60)).corner).toBe('br');
  });
  it('point in polygon with holes', () => {
    const sq = (a: number, b: number) => [[a, a], [b, a], [b, b], [a, b], [a, a]];
    const g = { type: 'Polygon', coordinates: [sq(0, 10), sq(4, 6)] };
    expect(containsPoint(g, [1, 1])).toBe(true);
    expect(containsPoint(g, [5, 5])).toBe(false);
    expect(containsPoint(g, [11, 5])).toBe(false);
  });
});

describe('heat colour scale fixed per scene', () => {
  const pts = (xs: [number, number][]) => new Float32Array(xs.flatMap(([lon, lat]) => [lon, lat, 1]));
  it('a stack of N points peaks at N × K(0)', () => {
    const p = pts(Array.from({ length: 10 }, () => [158.65, 53.02] as [number, number]));
    expect(heatPeak(p, 10, 6, 30)).toBeCloseTo(10 * KDE_PEAK, 5);
  });
  it('far-apart points do not add up', () => {
    const p = pts([[150, 50], [160, 60]]);
    expect(heatPeak(p, 2, 6, 30)).toBeCloseTo(KDE_PEAK, 5);
  });
  it('is kept for the scene, widens on overflow, resets with the scene', () => {
    const d0 = stableHeatDomain(null, 's|6', 17);
    expect(d0.domain[1]).toBe(20);
    expect(stableHeatDomain(d0, 's|6', 12)).toBe(d0);
    expect(stableHeatDomain(d0, 's|6', 33).domain[1]).toBe(50);
    expect(stableHeatDomain(d0, 't|6', 4).domain[1]).toBe(5);
  });
  it('mercator pixels', () => {
    expect(mercatorPx(0, 0, 0)).toEqual([256, 256]);
  });
});
