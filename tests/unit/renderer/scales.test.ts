import { describe, expect, it } from 'vitest';
import { colourFor, legend, niceCeil, sceneDomain, stableDomain, SEQ_COLOURS, NO_DATA_COLOUR, OVERDUE_COLOURS } from '../../../renderer/src/panels/map/choropleth.js';
import { moreText, queueFit } from '../../../renderer/src/queueFit.js';
import { parseWindowOptions } from '../../../renderer/src/url.js';

describe('choropleth classes fixed per indicator', () => {
  it('nice bounds', () => {
    expect(niceCeil(7.3)).toBe(10);
    expect(niceCeil(23)).toBe(25);
    expect(niceCeil(0.18)).toBeCloseTo(0.2);
    expect(niceCeil(0)).toBe(1);
  });
  it('the classes do not depend on the values (two periods, two regions compare)', () => {
    const a = sceneDomain('per10k', [1, 5, 42, null, 3]);
    const b = sceneDomain('per10k', [0.2, 0.4]);
    expect(a).toEqual(b);
    expect(colourFor(a, 0.5)).toBe(SEQ_COLOURS[0]);
    expect(colourFor(a, 42)).toBe(SEQ_COLOURS[4]);
    expect(colourFor(a, null)).toBe(NO_DATA_COLOUR);
    expect(sceneDomain('overdue', [3])).toEqual(sceneDomain('overdue', [521]));
  });
  it('keeps the same domain object while the indicator stays', () => {
    const d0 = sceneDomain('overdue', [3, 8]);
    expect(stableDomain(d0, 'overdue', [2, 4])).toBe(d0);
    expect(stableDomain(d0, 'overdue', [900])).toBe(d0);
    expect(stableDomain(d0, 'per10k', [12]).indicator).toBe('per10k'); // new indicator: its own classes
  });
  it('overdue: 9 and 521 are different colours, the top one red, with a warning sign', () => {
    const d = sceneDomain('overdue');
    expect(colourFor(d, 9)).not.toBe(colourFor(d, 521));
    expect(colourFor(d, 521)).toBe(OVERDUE_COLOURS[4]);
    expect(colourFor(d, 0)).toBe(OVERDUE_COLOURS[0]);
    const labels = legend(d).map((l) => l.label);
    expect(labels[0]).toBe('нет');
    expect(labels[1]).toBe('1–9');
    expect(labels[4]).toMatch(/^⚠ ≥ 200$/);
  });
  it('on-time rate is fixed 0..1 with bad = bright', () => {
    const d = sceneDomain('onTimeRate', [0.99]);
    expect([d.min, d.max]).toEqual([0, 1]);
    expect(colourFor(d, 0.2)).toBe(SEQ_COLOURS[4]);
    expect(colourFor(d, 0.99)).toBe(SEQ_COLOURS[0]);
    expect(legend(d)).toHaveLength(5);
    const zone = legend(sceneDomain('zone', [])).map((l) => l.label);
    expect(zone).toContain('мало данных');
    expect(zone.find((l) => l.includes('красная'))).toMatch(/^⚠/);
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
