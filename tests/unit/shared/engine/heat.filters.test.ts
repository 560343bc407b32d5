/**
 * The heat map's points (shared/engine/heat.ts): messages created in [from, to) with a location,
 * each weighing 1, narrowed by blocks, channels and a municipality together; values the data has
 * never seen match nothing.
 */
import { describe, expect, it } from 'vitest';
import { heatPoints } from '../../../../shared/engine/heat.js';
import { D, H, T0, msg, storeOf } from '../../../support/engine-fixtures.js';

const w = { from: T0, to: T0 + D };
const at = (id: string, over: Parameters<typeof msg>[0]) => msg({ id, createdAt: T0 + H, lat: 53, lon: 158, ...over });
const s = storeOf([
  at('a', { block: 'housing', channel: 'vk', municipality: 'M1', lat: 53.1, lon: 158.1 }),
  at('b', { block: 'roads', channel: 'vk', municipality: 'M1', lat: 53.2, lon: 158.2, weight: 900 }),
  at('c', { block: 'roads', channel: 'pos', municipality: 'M2', lat: 53.3, lon: 158.3 }),
  at('d', { block: 'roads', channel: 'vk', municipality: 'M2', lat: 53.4, lon: 158.4 }),
  at('early', { createdAt: T0 - 1, lat: 50, lon: 150 }), // a millisecond before from
  at('nolat', { lat: null, lon: null }),
]);
const lats = (f: Partial<Parameters<typeof heatPoints>[1]>) => {
  const p = heatPoints(s, { ...w, ...f });
  const out: number[] = [];
  for (let i = 0; i < p.length; i += 3) {
    expect(p[i + 2]).toBe(1); // every message weighs 1, whatever its resonance
    out.push(Math.round(p[i + 1]! * 10) / 10);
  }
  return out;
};

describe('heatPoints filters', () => {
  it('the window alone: located messages created in it', () => {
    expect(lats({})).toEqual([53.1, 53.2, 53.3, 53.4]);
    expect(lats({ from: T0 - 1 })).toEqual([53.1, 53.2, 53.3, 53.4, 50]);
  });

  it('blocks, channels and a municipality narrow together', () => {
    expect(lats({ blocks: ['roads'], channels: ['vk'] })).toEqual([53.2, 53.4]);
    expect(lats({ blocks: ['roads'], channels: ['vk'], municipality: 'M2' })).toEqual([53.4]);
    expect(lats({ channels: ['pos', 'vk'], municipality: 'M1' })).toEqual([53.1, 53.2]);
    expect(lats({ blocks: ['housing', 'roads'], channels: ['pos'] })).toEqual([53.3]);
  });

  it('a value the data lacks matches nothing; known ones beside it still match', () => {
    expect(lats({ blocks: ['nothing'] })).toEqual([]);
    expect(lats({ blocks: ['nothing', 'housing'] })).toEqual([53.1]);
    expect(lats({ channels: ['nothing'] })).toEqual([]);
    expect(lats({ channels: [] })).toEqual([]);
  });

  it('gives lon, lat, weight in that order', () => {
    const p = heatPoints(s, { ...w, blocks: ['housing'] });
    expect(p.length).toBe(3);
    expect([p[0], p[1], p[2]]).toEqual([Math.fround(158.1), Math.fround(53.1), 1]);
  });

  it('a removed message is no point any more', () => {
    const t = storeOf([at('x', { lat: 51 }), at('far', { createdAt: T0 - D, lat: 54 }), at('y', { lat: 52 }), at('z', { lat: 53 })]);
    t.remove('x');
    const p = heatPoints(t, w);
    expect([...p].filter((_, i) => i % 3 === 1).sort()).toEqual([52, 53]);
  });
});
