/** How an incident reads on the wall (docs/spec/alerts.md) and where the map marks it. */
import { describe, expect, it } from 'vitest';
import { countText, sinceText, STATE_LABELS } from '../../../../../../renderer/src/components/incidentText.js';
import { sceneIncidents } from '../../../../../../renderer/src/panels/incidents/IncidentsPanel.js';
import { incidentMarks, ringScreenBoxes } from '../../../../../../renderer/src/panels/map/incidentRings.js';
import { bannerUntil, BANNER_MS } from '../../../../../../renderer/src/alerts.js';
import { sceneContext } from '../../../../../../renderer/src/scene.js';
import type { Incident } from '../../../../../../shared/bridge/protocol.js';

const TZ = 'Asia/Kamchatka';
const NOW = Date.parse('2026-11-21T09:15:00+12:00');

function inc(over: Partial<Incident['alert']> = {}, extra: Partial<Incident> = {}): Incident {
  return {
    alert: {
      id: 'al-1', municipality: '30701000', block: 'housing', category: 'housing.heating', messageIds: ['a', 'b', 'c'], count: 3, expected: 0.4,
      firstAt: '2026-11-20T20:05:00Z', raisedAt: '2026-11-20T20:40:00Z', lastAt: '2026-11-20T21:00:00Z', endedAt: null, state: 'growing', level: 2,
      center: { lat: 53.05, lon: 158.65 }, radiusKm: 0.4, ...over,
    },
    blockName: 'ЖКХ', categoryName: 'Отопление', municipalityName: 'Петропавловск-Камчатский городской округ', mark: null, detectedAt: NOW, ...extra,
  };
}

describe('incident texts', () => {
  it('how many against how many usual, in Russian plural forms', () => {
    expect(countText(23, 2.2)).toBe('23 обращения при обычных 2');
    expect(countText(5, 0.3)).toBe('5 обращений при обычных меньше 1');
    expect(countText(21, 14.6)).toBe('21 обращение при обычных 15');
  });
  it('since when in the region zone as «МСК+N», with the date when not today', () => {
    expect(sinceText('2026-11-20T22:05:00Z', NOW, TZ)).toBe('с 10:05 МСК+9');
    expect(sinceText('2026-11-19T22:05:00Z', NOW, TZ)).toBe('с 20 ноября 10:05 МСК+9');
  });
  it('every state has its word', () => {
    expect(Object.values(STATE_LABELS)).toEqual(['растёт', 'держится', 'затухает', 'завершён']);
  });
});

describe('which incidents a scene shows, the banner and the map marks', () => {
  const a = inc();
  const b = inc({ id: 'al-2', block: 'roads', municipality: '30607000', center: null, radiusKm: null });
  it('a block or municipality scene shows only its own', () => {
    expect(sceneIncidents([a, b], sceneContext('operational', null)).map((i) => i.alert.id)).toEqual(['al-1', 'al-2']);
    expect(sceneIncidents([a, b], sceneContext('block:roads', null)).map((i) => i.alert.id)).toEqual(['al-2']);
    expect(sceneIncidents([a, b], sceneContext('municipality:30701000', null)).map((i) => i.alert.id)).toEqual(['al-1']);
  });
  it('the banner is for a new incident of level 2 or 3 raised live, for a minute', () => {
    expect(bannerUntil(a)).toBe(NOW + BANNER_MS);
    expect(bannerUntil(inc({ level: 1 }))).toBeNull();
    expect(bannerUntil(inc({}, { detectedAt: null }))).toBeNull();
  });
  it('a ring at the centre (never under 600 m), the municipality outline without one, nothing for an ended alert', () => {
    const feature = { type: 'Feature' as const, geometry: { type: 'Polygon', coordinates: [] }, properties: { kind: 'municipality' as const, oktmo: '30607000', name: 'x', population: null } };
    const marks = incidentMarks([a, b, inc({ id: 'al-3', state: 'ended', endedAt: '2026-11-21T03:00:00Z' })], { type: 'FeatureCollection', features: [feature], bbox: null, attribution: [] });
    expect(marks).toEqual([
      { kind: 'ring', id: 'al-1', level: 2, position: [158.65, 53.05], radiusM: 600 },
      { kind: 'outline', id: 'al-2', level: 2, feature },
    ]);
  });
  it('the highest level is drawn last, on top of a lower one at the same place', () => {
    const marks = incidentMarks([inc({ id: 'al-3', level: 3 }), inc({ id: 'al-1', level: 1 }), inc({ id: 'al-2', level: 2 })], null);
    expect(marks.map((m) => `${m.id}:${m.level}`)).toEqual(['al-1:1', 'al-2:2', 'al-3:3']);
  });
  it('a ring\'s box on screen holds its radius (never under the smallest) and its stroke', () => {
    const ring = incidentMarks([inc({ id: 'al-1', level: 3 })], null);
    // 1 px per 100 m north-south around the centre
    const project = ([lon, lat]: [number, number]) => ({ x: 500 + (lon - 158.65) * 1000, y: 300 - (lat - 53.05) * 111_320 / 100 });
    const [box] = ringScreenBoxes(ring, project, 4, 5);
    // 600 m → 6 px, plus 5.5 px of stroke and halo
    expect(box!.right - box!.left).toBeCloseTo(2 * (6 + 5.5), 5);
    expect((box!.left + box!.right) / 2).toBeCloseTo(500, 5);
    const [small] = ringScreenBoxes(ring, project, 30, 5);
    expect(small!.bottom - small!.top).toBeCloseTo(2 * (30 + 5.5), 5);
  });
});
