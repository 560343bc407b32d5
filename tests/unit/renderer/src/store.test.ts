import { describe, expect, it, vi } from 'vitest';
import { createWallStore, markDrawn } from '../../../../renderer/src/store.js';
import { parseWindowOptions } from '../../../../renderer/src/url.js';

describe('the window store', () => {
  it('starts empty and connecting, with the window\'s own options', () => {
    const s = createWallStore(parseWindowOptions('http://h/?scene=briefing&display=2')).getState();
    expect(s).toMatchObject({ connection: 'connecting', hello: null, wall: null, view: null, heat: null, geo: null, error: null, drawn: {} });
    expect(s.options).toMatchObject({ scene: 'briefing', display: '2', role: 'wall' });
  });

  it('a panel reporting the same drawing again wakes nobody (the map reports after every frame)', () => {
    const store = createWallStore(parseWindowOptions('http://h/'));
    const seen = vi.fn();
    store.subscribe(seen);
    markDrawn(store, 'map', '3');
    markDrawn(store, 'map', '3');
    markDrawn(store, 'map', '3');
    expect(seen).toHaveBeenCalledTimes(1);
    markDrawn(store, 'gauges', 'k|3');
    expect(store.getState().drawn).toEqual({ map: '3', gauges: 'k|3' });
    expect(seen).toHaveBeenCalledTimes(2);
  });

  it('a panel whose canvas is gone takes its mark back', () => {
    const store = createWallStore(parseWindowOptions('http://h/'));
    markDrawn(store, 'map', '3');
    markDrawn(store, 'map', null);
    expect(store.getState().drawn).toEqual({});
    const seen = vi.fn();
    store.subscribe(seen);
    markDrawn(store, 'map', null);
    expect(seen).not.toHaveBeenCalled();
  });
});
