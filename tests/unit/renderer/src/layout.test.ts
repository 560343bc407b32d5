import { describe, expect, it } from 'vitest';
import { PANEL_IDS } from '../../../../shared/wall/panels.js';
import { SCENE_LAYOUTS, layoutFor, panelGrid, panelSetLayout } from '../../../../renderer/src/layout.js';
import { PANELS } from '../../../../renderer/src/panels/registry.js';

describe('scene layouts', () => {
  it('the operational scene: the map on the left over the incidents, gauges over queue and rating, the ticker under them', () => {
    const l = layoutFor('operational', null);
    expect(l.boxes).toEqual(['map', 'gauges', 'incidents', 'queue', 'rating']);
    expect(l.strips).toEqual(['ticker']);
    expect(l.grid).toEqual({
      columns: '35fr 31fr 34fr',
      rows: '47fr 25fr 28fr',
      areas: ['map gauges gauges', 'map queue rating', 'incidents queue rating'],
    });
    expect(l.panelSet).toBe(false);
  });

  it('block and municipality scenes are the operational layout', () => {
    expect(layoutFor('block', null)).toEqual(layoutFor('operational', null));
    expect(layoutFor('municipality', null)).toEqual(layoutFor('operational', null));
  });

  it('the briefing brings its own grid, the period\'s incidents under it, and the ticker', () => {
    const l = layoutFor('briefing', null);
    expect(l.boxes).toEqual(['briefing', 'incidents']);
    expect(l.strips).toEqual(['ticker']);
    expect(l.grid?.areas).toEqual(['briefing', 'incidents']);
  });

  it('every grid area of a layout is one of its boxes\' areas, and every box has its area in the grid', () => {
    for (const [kind, l] of Object.entries(SCENE_LAYOUTS)) {
      const r = layoutFor(kind as keyof typeof SCENE_LAYOUTS, null);
      for (const id of l.panels) expect(PANELS[id], `${kind}: ${id}`).toBeDefined();
      if (!l.grid?.areas) {
        expect(r.boxes.length, kind).toBe(1);
        continue;
      }
      const areas = new Set(l.grid.areas.flatMap((row) => row.split(/\s+/)));
      expect(areas, kind).toEqual(new Set(r.boxes.map((id) => PANELS[id].area)));
      const widths = l.grid.areas.map((row) => row.split(/\s+/).length);
      expect(new Set(widths).size, `${kind}: rows of one width`).toBe(1);
      expect(widths[0], kind).toBe(l.grid.columns.split(/\s+/).length);
      expect(l.grid.areas.length, kind).toBe(l.grid.rows.split(/\s+/).length);
    }
  });
});

describe('per-display panel sets', () => {
  it('just the panels asked for, in that order; the ticker only when asked for, as a strip', () => {
    const l = layoutFor('briefing', ['queue', 'ticker', 'map']);
    expect(l.panelSet).toBe(true);
    expect(l.boxes).toEqual(['queue', 'map']);
    expect(l.strips).toEqual(['ticker']);
    expect(l.grid).toEqual({ columns: 'repeat(2, 1fr)', rows: 'repeat(1, 1fr)' });
    expect(layoutFor('operational', ['rating']).strips).toEqual([]);
  });

  it('boxes fill a grid: 1, 2 or 3 in a row, 4 as 2×2, 5–6 as 3×2', () => {
    expect(panelGrid(1)).toEqual({ cols: 1, rows: 1 });
    expect(panelGrid(3)).toEqual({ cols: 3, rows: 1 });
    expect(panelGrid(4)).toEqual({ cols: 2, rows: 2 });
    expect(panelGrid(6)).toEqual({ cols: 3, rows: 2 });
    const all = PANEL_IDS.filter((id) => PANELS[id].place === 'box');
    expect(panelSetLayout(all).grid).toEqual({ columns: 'repeat(3, 1fr)', rows: 'repeat(2, 1fr)' });
  });
});
