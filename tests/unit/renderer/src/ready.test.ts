import { describe, expect, it } from 'vitest';
import { createWallStore, markDrawn, type WallStore } from '../../../../renderer/src/store.js';
import { parseWindowOptions } from '../../../../renderer/src/url.js';
import { isWallReady } from '../../../../renderer/src/ready.js';
import { layoutFor } from '../../../../renderer/src/layout.js';

const VIEW_KEY = `${JSON.stringify(['operational', 'today', [], [], null])}|7`;

function store(heatVersion: number | null) {
  const s = createWallStore(parseWindowOptions('http://h/'));
  if (heatVersion !== null) s.setState({ heat: { dataVersion: heatVersion, count: 1, points: new Float32Array(3) } as WallStore['heat'] });
  return s;
}

describe('the ready flag (data-wall-ready)', () => {
  it('is never up before the view of the scene is in', () => {
    expect(isWallReady(store(null).getState(), layoutFor('briefing', null).panels, null)).toBe(false);
  });

  it('the briefing is ready with its view: none of its panels draws on its own', () => {
    expect(isWallReady(store(null).getState(), layoutFor('briefing', null).panels, VIEW_KEY)).toBe(true);
  });

  it('the operational scene waits for the map to draw the current heat points and the gauges the current view', () => {
    const s = store(7);
    const panels = layoutFor('operational', null).panels;
    expect(isWallReady(s.getState(), panels, VIEW_KEY)).toBe(false);
    markDrawn(s, 'map', '6'); // an older heat array
    markDrawn(s, 'gauges', VIEW_KEY);
    expect(isWallReady(s.getState(), panels, VIEW_KEY)).toBe(false);
    markDrawn(s, 'map', '7');
    expect(isWallReady(s.getState(), panels, VIEW_KEY)).toBe(true);
    markDrawn(s, 'gauges', `${JSON.stringify(['briefing', 'today', [], [], null])}|7`); // rings of another scene
    expect(isWallReady(s.getState(), panels, VIEW_KEY)).toBe(false);
  });

  it('a panel set waits only for the panels it shows', () => {
    const s = store(7);
    expect(isWallReady(s.getState(), layoutFor('operational', ['queue', 'rating', 'ticker']).panels, VIEW_KEY)).toBe(true);
    expect(isWallReady(s.getState(), layoutFor('operational', ['queue', 'map']).panels, VIEW_KEY)).toBe(false);
    markDrawn(s, 'map', '7');
    expect(isWallReady(s.getState(), layoutFor('operational', ['queue', 'map']).panels, VIEW_KEY)).toBe(true);
  });

  it('a map without heat points is ready once it has drawn at all', () => {
    const s = store(null);
    expect(isWallReady(s.getState(), ['map'], VIEW_KEY)).toBe(false);
    markDrawn(s, 'map', '0');
    expect(isWallReady(s.getState(), ['map'], VIEW_KEY)).toBe(true);
  });
});
