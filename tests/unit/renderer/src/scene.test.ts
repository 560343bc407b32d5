import { describe, expect, it } from 'vitest';
import { initialWallState } from '../../../../shared/bridge/wallState.js';
import { effectiveScene, sceneContext, specKey, viewIsFor, viewSpecFor } from '../../../../renderer/src/scene.js';

const wall = { ...initialWallState({ now: 0 }), selectedMunicipality: '30701000' };

describe('the scene a window shows', () => {
  it('a valid URL pin wins over the wall state; an invalid one is ignored', () => {
    expect(effectiveScene(wall, 'briefing')).toBe('briefing');
    expect(effectiveScene({ ...wall, scene: 'block:zhkh' }, 'nonsense')).toBe('block:zhkh');
    expect(effectiveScene(null, null)).toBe('operational');
  });

  it('focus: a municipality scene\'s own municipality, else the one selected on the console', () => {
    expect(sceneContext('municipality:30605000', wall)).toEqual({ scene: 'municipality:30605000', parsed: { kind: 'municipality', oktmo: '30605000' }, focus: '30605000' });
    expect(sceneContext('operational', wall).focus).toBe('30701000');
    expect(sceneContext('block:zhkh', null)).toEqual({ scene: 'block:zhkh', parsed: { kind: 'block', block: 'zhkh' }, focus: null });
  });

  it('a block scene asks for its block only; the console gets a longer queue', () => {
    const w = { ...wall, filters: { window: '7d' as const, blocks: ['roads'], channels: [] } };
    expect(viewSpecFor('block:zhkh', w, 'wall')).toMatchObject({ window: '7d', blocks: ['zhkh'], municipality: null, queueLimit: 50 });
    expect(viewSpecFor('operational', w, 'console')).toMatchObject({ blocks: ['roads'], queueLimit: 200 });
  });

  it('a view belongs to the scene it was computed for', () => {
    const key = specKey('block:zhkh', viewSpecFor('block:zhkh', wall, 'wall'));
    expect(viewIsFor(key, 'block:zhkh')).toBe(true);
    expect(viewIsFor(key, 'block:zh')).toBe(false);
    expect(viewIsFor(key, 'operational')).toBe(false);
    expect(viewIsFor(null, 'operational')).toBe(false);
  });

  it('an archive wall: every window asks for the wall state\'s instant, and a new instant is a new view', () => {
    const archived = { ...wall, instant: '2026-11-24T02:00:00.000Z' };
    expect(viewSpecFor('operational', archived, 'wall').now).toBe('2026-11-24T02:00:00.000Z');
    expect(viewSpecFor('operational', wall, 'wall').now).toBeUndefined();
    const k1 = specKey('operational', viewSpecFor('operational', archived, 'wall'));
    const k2 = specKey('operational', viewSpecFor('operational', { ...archived, instant: '2026-11-24T03:00:00.000Z' }, 'wall'));
    expect(k1).not.toBe(k2);
    expect(viewIsFor(k1, 'operational')).toBe(true);
  });
});
