import { describe, expect, it } from 'vitest';
import { applyIntent, initialWallState, tickPlaylist, sceneTitle, parseScene, shownWindow, WallStateSchema } from '../../../../shared/bridge/wallState.js';
import { parseParams } from '../../../../shared/bridge/protocol.js';
import { resolveWindow } from '../../../../shared/bridge/window.js';

const T0 = 1_000_000;
const scenes = ['operational', 'briefing', 'block:housing'];

describe('wall state reducer', () => {
  it('changes scene and moves the playlist to it, bumping the version', () => {
    const s = initialWallState({ now: T0, scenes, intervalSec: 30 });
    const s2 = applyIntent(s, { type: 'setScene', scene: 'block:housing' }, T0 + 5000);
    expect(s2.scene).toBe('block:housing');
    expect(s2.playlist.index).toBe(2);
    expect(s2.version).toBe(s.version + 1);
    expect(s2.playlist.nextAt).toBe(T0 + 5000 + 30_000);
    expect(s.scene).toBe('operational'); // pure
  });

  it('pinning stops rotation, unpinning restarts it', () => {
    let s = initialWallState({ now: T0, scenes, intervalSec: 30 });
    s = applyIntent(s, { type: 'pin', scene: 'briefing' }, T0);
    expect(s.pinned).toBe(true);
    expect(s.scene).toBe('briefing');
    expect(s.playlist.nextAt).toBeNull();
    expect(tickPlaylist(s, T0 + 10 * 60_000)).toBe(s);
    s = applyIntent(s, { type: 'unpin' }, T0 + 1000);
    expect(s.pinned).toBe(false);
    expect(s.playlist.nextAt).toBe(T0 + 31_000);
  });

  it('playlist next wraps around, prev wraps back, and the timer rotates', () => {
    let s = initialWallState({ now: T0, scenes });
    s = applyIntent(s, { type: 'playlistNext' }, T0);
    s = applyIntent(s, { type: 'playlistNext' }, T0);
    expect(s.scene).toBe('block:housing');
    s = applyIntent(s, { type: 'playlistNext' }, T0);
    expect(s.scene).toBe('operational');
    expect(s.playlist.index).toBe(0);
    s = applyIntent(s, { type: 'playlistPrev' }, T0);
    expect(s.scene).toBe('block:housing');
    const due = s.playlist.nextAt!;
    expect(tickPlaylist(s, due - 1)).toBe(s);
    const t = tickPlaylist(s, due);
    expect(t.scene).toBe('operational');
    expect(t.version).toBe(s.version + 1);
  });

  it('pause holds the scene; resume restarts the timer', () => {
    let s = initialWallState({ now: T0, scenes });
    s = applyIntent(s, { type: 'playlistPause' }, T0);
    expect(s.playlist.paused).toBe(true);
    expect(tickPlaylist(s, T0 + 3_600_000)).toBe(s);
    expect(applyIntent(s, { type: 'playlistPause' }, T0)).toBe(s);
    s = applyIntent(s, { type: 'playlistResume' }, T0 + 100);
    expect(s.playlist.nextAt).toBe(T0 + 100 + 60_000);
  });

  it('filters replace given fields, de-duplicated and sorted; no-op keeps the version', () => {
    let s = initialWallState({ now: T0, scenes });
    s = applyIntent(s, { type: 'setFilters', window: '7d', blocks: ['roads', 'housing', 'roads'] }, T0);
    expect(s.filters).toEqual({ window: '7d', blocks: ['housing', 'roads'], channels: [] });
    const same = applyIntent(s, { type: 'setFilters', blocks: ['roads', 'housing'] }, T0);
    expect(same).toBe(s);
    s = applyIntent(s, { type: 'setFilters', channels: ['vk'] }, T0);
    expect(s.filters).toEqual({ window: '7d', blocks: ['housing', 'roads'], channels: ['vk'] });
  });

  it('selects a municipality and sets the camera', () => {
    let s = initialWallState({ now: T0, scenes });
    s = applyIntent(s, { type: 'selectMunicipality', oktmo: '30701000' }, T0);
    expect(s.selectedMunicipality).toBe('30701000');
    const cam = { lon: 158.6, lat: 53, zoom: 7, bearing: 0, pitch: 30 };
    s = applyIntent(s, { type: 'setCamera', camera: cam }, T0);
    expect(s.camera).toEqual(cam);
    expect(applyIntent(s, { type: 'setCamera', camera: { ...cam } }, T0)).toBe(s);
  });

  it('the briefing period: a week by default, a month when set; the same period again changes nothing', () => {
    let s = initialWallState({ now: T0, scenes });
    expect(s.briefingPeriod ?? 'week').toBe('week');
    expect(applyIntent(s, { type: 'setBriefingPeriod', period: 'week' }, T0)).toBe(s);
    const m = applyIntent(s, { type: 'setBriefingPeriod', period: 'month' }, T0);
    expect(m.briefingPeriod).toBe('month');
    expect(m.version).toBe(s.version + 1);
    expect(m.scene).toBe(s.scene); // the scene, playlist and filters stay
    expect(m.filters).toEqual(s.filters);
    expect(m.playlist).toEqual(s.playlist);
    expect(applyIntent(m, { type: 'setBriefingPeriod', period: 'month' }, T0)).toBe(m);
    s = applyIntent(m, { type: 'setBriefingPeriod', period: 'week' }, T0);
    expect(s.briefingPeriod).toBe('week');
    // persisted and broadcast: the state with it passes the schema
    expect(WallStateSchema.parse(m).briefingPeriod).toBe('month');
  });

  it('a bad briefing period is refused in Russian and never applied', () => {
    for (const period of ['year', 'Week', '', 7, null]) {
      const r = parseParams('intent', { type: 'setBriefingPeriod', period });
      expect(r.ok, String(period)).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/period: период брифинга — неделя \(week\) или месяц \(month\)/);
    }
    expect(parseParams('intent', { type: 'setBriefingPeriod' }).ok).toBe(false);
    expect(parseParams('intent', { type: 'setBriefingPeriod', period: 'month' })).toEqual({ ok: true, params: { type: 'setBriefingPeriod', period: 'month' } });
  });

  it('the period the wall shows: the briefing’s week or month on the briefing, the wall’s period elsewhere', () => {
    let s = initialWallState({ now: T0, scenes, window: 'today' });
    expect(shownWindow(s)).toBe('today');
    s = applyIntent(s, { type: 'setScene', scene: 'briefing' }, T0);
    expect(shownWindow(s)).toBe('7d');
    s = applyIntent(s, { type: 'setBriefingPeriod', period: 'month' }, T0);
    expect(shownWindow(s)).toBe('30d');
    s = applyIntent(s, { type: 'setScene', scene: 'block:housing' }, T0);
    expect(shownWindow(s)).toBe('today');
  });

  it('scene titles are Russian', () => {
    expect(sceneTitle('operational')).toBe('Оперативная обстановка');
    expect(sceneTitle('briefing')).toBe('Брифинг');
    expect(sceneTitle('block:housing')).toBe('Блок «ЖКХ»');
    expect(sceneTitle('municipality:30701000', { municipalities: new Map([['30701000', 'Петропавловск-Камчатский']]) })).toBe(
      'Петропавловск-Камчатский',
    );
    expect(parseScene('block:')).toBeNull();
  });
});

describe('window presets in the region time zone', () => {
  it('today starts at local midnight, not UTC midnight', () => {
    const now = Date.parse('2026-11-21T09:15:00+12:00');
    const w = resolveWindow('today', now, 'Asia/Kamchatka');
    expect(new Date(w.from).toISOString()).toBe('2026-11-20T12:00:00.000Z');
    expect(w.to).toBe(now);
    expect(w.prevFrom).toBe(w.from - (now - w.from));
    const w7 = resolveWindow('7d', now, 'Asia/Kamchatka');
    expect(new Date(w7.from).toISOString()).toBe('2026-11-14T12:00:00.000Z');
    expect(resolveWindow('24h', now, 'Asia/Kamchatka').from).toBe(now - 24 * 3_600_000);
  });
});
