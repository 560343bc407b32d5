import { describe, expect, it } from 'vitest';
import { legendSide, outerRings, rectClearOf } from '../../../../../../renderer/src/panels/map/geo.js';
import { labelVariants, shortName, tableName } from '../../../../../../renderer/src/names.js';

describe('the legend never covers the region', () => {
  // a triangle of land in a 100 × 100 box: its top-right corner is sea
  const land: [number, number][][] = [
    [
      [0, 0],
      [0, 100],
      [100, 100],
      [0, 0],
    ],
  ];
  it('a rectangle in measured empty space is clear; one over land, across an edge or inside is not', () => {
    expect(rectClearOf({ left: 60, top: 5, right: 95, bottom: 30 }, land)).toBe(true);
    expect(rectClearOf({ left: 5, top: 60, right: 30, bottom: 95 }, land)).toBe(false); // wholly inside
    expect(rectClearOf({ left: 30, top: 20, right: 60, bottom: 50 }, land)).toBe(false); // across the edge
    expect(rectClearOf({ left: -10, top: 90, right: 10, bottom: 110 }, land)).toBe(false); // a vertex inside
  });
  it('a strip on the side that costs the least zoom', () => {
    // a tall region in a wide box: a strip at the left or right costs nothing, one at the top does
    const zoomFor = (p: { top: number; bottom: number; left: number; right: number }) => -Math.max((p.top + p.bottom) / 500, (p.left + p.right) / 1000);
    const c = legendSide(200, 150, 10, zoomFor);
    expect(['left', 'right']).toContain(c.side);
    expect(c.padding.left + c.padding.right).toBe(10 + 10 + 200);
    // a wide region in a tall box: the top
    expect(legendSide(200, 150, 10, (p) => -Math.max((p.left + p.right) / 300, (p.top + p.bottom) / 2000)).side).toBe('top');
  });
  it('outer rings of polygons and multipolygons', () => {
    expect(outerRings({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]], [[0.2, 0.2], [0.3, 0.2], [0.3, 0.3]]] })).toHaveLength(1);
    expect(outerRings({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1]]], [[[2, 2], [3, 2], [3, 3]]]] })).toHaveLength(2);
    expect(outerRings({ type: 'Point', coordinates: [0, 0] })).toEqual([]);
  });
});

describe('names on the wall: whole words, ё, shorter forms only on collision', () => {
  it('the full short name first, then the bare adjective', () => {
    expect(labelVariants('Петропавловск-Камчатский городской округ')).toEqual(['Петропавловск-Камчатский']);
    expect(labelVariants('Елизовский муниципальный район')).toEqual(['Елизовский район', 'Елизовский']);
    expect(labelVariants('поселок Палана')).toEqual(['посёлок Палана', 'Палана']);
    expect(shortName('Вилючинский городской округ')).toBe('Вилючинский');
    expect(tableName('Соболевский муниципальный округ')).toBe('Соболевский');
  });
});
