import { describe, expect, it } from 'vitest';
import {
  arcForHeight,
  DEFAULT_WALL_GEOMETRY,
  gaugeCellMin,
  GAUGE_PAGE_MS,
  gaugeGrid,
  wallPageAt,
  heightForArc,
  msToNextWallPage,
  tickerDelayMs,
  legibility,
  minTextPx,
  queueRowPx,
  tickerItems,
  WallGeometrySchema,
} from '../../../../shared/wall/legibility.js';
import { WallConfigSchema } from '../../../../shared/wall/plan.js';

describe('minimum text height from the wall geometry', () => {
  it('h = 2·d·tan(θ/2): 16′ at 6 m is 27.9 mm, 20′ is 34.9 mm', () => {
    expect(heightForArc(6, 16) * 1000).toBeCloseTo(27.93, 2);
    expect(heightForArc(6, 20) * 1000).toBeCloseTo(34.91, 2);
    expect(arcForHeight(6, heightForArc(6, 16))).toBeCloseTo(16, 9);
  });
  it('in CSS px through px per metre: a 2.4 m wall at 1920 px is 800 px/m', () => {
    const g = DEFAULT_WALL_GEOMETRY;
    expect(minTextPx(g, 1920, 'text')).toBeCloseTo(22.34, 2);
    expect(minTextPx(g, 1920, 'figure')).toBeCloseTo(27.93, 2);
    // the same wall at 4K: twice the px (the same physical size)
    expect(minTextPx(g, 3840, 'text')).toBeCloseTo(44.68, 2);
    // a wider wall, or a nearer back row, asks for fewer px
    expect(minTextPx({ widthM: 4.8, distanceM: 6 }, 1920)).toBeCloseTo(11.17, 2);
    expect(minTextPx({ widthM: 2.4, distanceM: 3 }, 1920)).toBeCloseTo(11.17, 2);
    expect(minTextPx(g, 0)).toBe(0);
  });
  it('rounds up, so a size set to the minimum never measures under it', () => {
    const l = legibility(DEFAULT_WALL_GEOMETRY, 1920);
    expect(l.text).toBe(22.4);
    expect(l.figure).toBe(28);
    expect(l.text).toBeGreaterThanOrEqual(minTextPx(DEFAULT_WALL_GEOMETRY, 1920));
  });
  it('the wall configuration carries the geometry, with defaults and Russian errors', () => {
    expect(WallConfigSchema.parse({}).geometry).toBeUndefined(); // the default geometry applies
    expect(WallConfigSchema.parse({ geometry: {} }).geometry).toEqual({ widthM: 2.4, distanceM: 6 });
    expect(WallConfigSchema.parse({ geometry: { widthM: 5 } }).geometry).toEqual({ widthM: 5, distanceM: 6 });
    const bad = WallGeometrySchema.safeParse({ widthM: 0.1 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/ширина стены/);
    expect(WallGeometrySchema.safeParse({ distanceM: 'far' }).success).toBe(false);
    expect(WallGeometrySchema.safeParse({ widthM: 2, extra: 1 }).success).toBe(false);
  });
});

describe('reflow decisions: fewer, larger items', () => {
  const at = (w: number) => legibility(DEFAULT_WALL_GEOMETRY, w);
  it('a gauge cell grows with the minimum', () => {
    const a = gaugeCellMin(at(1920));
    const b = gaugeCellMin(at(960));
    expect(a.w).toBeCloseTo(2 * b.w, 0);
    expect(a.h).toBeGreaterThan(5 * at(1920).figure);
  });
  it('nine gauges in the operational box: what fits at the legible size, the rest on pages', () => {
    // the operational gauges box at 1920×1080 is about 1215 × 330 px
    const g = gaugeGrid(9, 1215, 330, at(1920));
    expect(g.detail).toBe('compact');
    expect(g.cols * gaugeCellMin(at(1920), g.detail).w).toBeLessThanOrEqual(1215);
    expect(g.rows * gaugeCellMin(at(1920), g.detail).h).toBeLessThanOrEqual(330);
    expect(g.perPage).toBeLessThan(9);
    expect(g.cols * g.rows).toBeGreaterThanOrEqual(4);
    expect(g.pages * g.perPage).toBeGreaterThanOrEqual(9);
    // spread evenly: every page but the last as full as the others, the last short by less than a page's share
    expect(g.perPage * (g.pages - 1)).toBeLessThan(9);
  });
  it('the gauges are spread evenly over the pages (9 in cells of 4: 3, 3, 3, never 4, 4, 1)', () => {
    const l = at(1920);
    const c = gaugeCellMin(l, 'compact');
    const g = gaugeGrid(9, 2 * c.w + 1, 2 * c.h + 1, l, 2);
    expect(g).toMatchObject({ cols: 2, rows: 2, pages: 3, perPage: 3 });
    const g2 = gaugeGrid(10, 2 * c.w + 1, 2 * c.h + 1, l, 2);
    expect(g2).toMatchObject({ pages: 3, perPage: 4 });
    const g3 = gaugeGrid(5, 2 * c.w + 1, 2 * c.h + 1, l, 2);
    expect(g3).toMatchObject({ pages: 2, perPage: 3 });
  });
  it('a nearer back row (smaller minimum) fits all nine on one page', () => {
    const near = legibility({ widthM: 2.4, distanceM: 2.5 }, 1920);
    const g = gaugeGrid(9, 1215, 330, near);
    expect(g.pages).toBe(1);
    expect(g.perPage).toBeGreaterThanOrEqual(9);
    // one block (a block scene): the full gauge
    expect(gaugeGrid(1, 1215, 330, at(1920)).detail).toBe('full');
  });
  it('the same wall at 4K lays out the same number of items as at 1080p, at twice the px', () => {
    expect(gaugeGrid(9, 2430, 660, at(3840))).toEqual(gaugeGrid(9, 1215, 330, at(1920)));
    expect(queueRowPx(at(3840))).toBeCloseTo(2 * queueRowPx(at(1920)), 0);
  });
  it('few gauges: the fewest rows, as few columns as needed', () => {
    expect(gaugeGrid(1, 1215, 330, at(1920))).toEqual({ cols: 1, rows: 1, perPage: 1, pages: 1, detail: 'full' });
    expect(gaugeGrid(0, 1215, 330, at(1920)).pages).toBe(1);
  });
  it('a tiny box still shows one gauge a page', () => {
    const g = gaugeGrid(9, 10, 10, at(1920));
    expect(g.perPage).toBe(1);
    expect(g.pages).toBe(9);
  });
  it('the ticker holds about two screens of items at large type', () => {
    expect(tickerItems(20, 1920, at(1920))).toBeLessThan(20);
    expect(tickerItems(20, 1920, at(1920))).toBeGreaterThanOrEqual(3);
    expect(tickerItems(2, 1920, at(1920))).toBe(2);
    expect(tickerItems(20, 1920, legibility({ widthM: 2.4, distanceM: 1 }, 1920))).toBe(20);
  });
});

describe('gauge pages and the ticker follow the wall clock (every window of a wall in step)', () => {
  const t = Date.parse('2026-12-01T10:00:00Z');
  it('two windows opened at different moments show the same gauge page and turn it at the same instant', () => {
    expect(wallPageAt(t, 3)).toBe(wallPageAt(t + GAUGE_PAGE_MS - 1 - (t % GAUGE_PAGE_MS), 3));
    const seq = Array.from({ length: 7 }, (_, i) => wallPageAt(t + i * GAUGE_PAGE_MS, 3));
    // every page in turn, one step per GAUGE_PAGE_MS
    for (let i = 1; i < seq.length; i++) expect(seq[i]).toBe((seq[i - 1]! + 1) % 3);
    expect(new Set(seq)).toEqual(new Set([0, 1, 2]));
    expect(wallPageAt(t, 1)).toBe(0);
    expect(wallPageAt(t, 0)).toBe(0);
    expect(wallPageAt(Number.NaN, 3)).toBe(0);
    // the next turn is at the next multiple of GAUGE_PAGE_MS
    const at = t + 5_000 - (t % GAUGE_PAGE_MS);
    expect(msToNextWallPage(at)).toBe(GAUGE_PAGE_MS - 5_000);
    expect(wallPageAt(at + msToNextWallPage(at), 3)).toBe((wallPageAt(at, 3) + 1) % 3);
    expect(msToNextWallPage(t - (t % GAUGE_PAGE_MS))).toBe(GAUGE_PAGE_MS);
  });
  it('the ticker\'s delay puts its loop where the wall clock says, whenever a window starts it', () => {
    const d = 54_000;
    expect(tickerDelayMs(t, d)).toBeLessThanOrEqual(0);
    expect(tickerDelayMs(t, d)).toBeGreaterThan(-d);
    // a window started 20 s later is 20 s further into the same loop: it shows the same frame
    const a = -tickerDelayMs(t, d);
    const b = -tickerDelayMs(t + 20_000, d);
    expect((b - a + d) % d).toBe(20_000);
    expect(tickerDelayMs(t, 0)).toBe(0);
  });
});
