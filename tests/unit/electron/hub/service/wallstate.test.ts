import { afterEach, describe, expect, it, vi } from 'vitest';
import { WallStateService, WALL_STATE_KEY, type SceneCatalog } from '../../../../../electron/hub/service/wallstate.js';
import { TypedEmitter, type HubEventMap } from '../../../../../electron/hub/service/events.js';
import type { SceneId, WallState, WindowPreset } from '../../../../../shared/bridge/wallState.js';

afterEach(() => vi.useRealTimers());

const T0 = Date.parse('2026-11-20T21:00:00Z');

function setup(o: { stored?: WallState | string; playlistScenes?: SceneId[]; scenes?: SceneId[]; timer?: boolean; window?: WindowPreset } = {}) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let now = T0;
  const state = new Map<string, string>();
  if (o.stored) state.set(WALL_STATE_KEY, typeof o.stored === 'string' ? o.stored : JSON.stringify(o.stored));
  const catalog: SceneCatalog & { scenes: SceneId[] } = {
    scenes: o.scenes ?? ['operational', 'briefing', 'block:housing', 'block:roads', 'municipality:30701000'],
    hasMunicipality: (m) => m === '30701000',
    defaultPlaylist: () => ['operational', 'briefing', 'block:housing', 'block:roads'],
  };
  const events = new TypedEmitter<HubEventMap>();
  const heard: WallState[] = [];
  events.on('wallState', (s) => heard.push(s));
  const w = new WallStateService({
    cache: { getState: (k) => state.get(k) ?? null, setState: (k, v) => void (v === null ? state.delete(k) : state.set(k, v)) },
    catalog,
    events,
    now: () => now,
    intervalSec: 30,
    ...(o.timer === false ? { playlistTimer: false } : {}),
    ...(o.playlistScenes ? { playlistScenes: o.playlistScenes } : {}),
    ...(o.window ? { window: o.window } : {}),
  });
  const saved = () => JSON.parse(state.get(WALL_STATE_KEY) ?? 'null') as WallState | null;
  return { w, heard, catalog, saved, advance: (ms: number) => ((now += ms), vi.advanceTimersByTime(ms)) };
}

describe('WallStateService', () => {
  it('a fresh state plays the default playlist; configured scenes that do not exist are left out', () => {
    expect(setup().w.state.playlist.scenes).toEqual(['operational', 'briefing', 'block:housing', 'block:roads']);
    expect(setup({ playlistScenes: ['block:roads', 'block:nosuch'] }).w.state.playlist.scenes).toEqual(['block:roads']);
  });

  it('a fresh state starts on the configured period; a restored one keeps the operator\'s', () => {
    expect(setup().w.state.filters.window).toBe('today');
    const fresh = setup({ window: '24h' }).w;
    expect(fresh.state.filters.window).toBe('24h');
    const changed = fresh.dispatch({ type: 'setFilters', window: '7d' });
    expect(setup({ stored: changed, window: '24h' }).w.state.filters.window).toBe('7d');
  });

  it('an intent changes, persists and announces the state; unknown scenes and municipalities are refused in Russian', () => {
    const { w, heard, saved } = setup();
    const s = w.dispatch({ type: 'setScene', scene: 'block:roads' });
    expect(s.scene).toBe('block:roads');
    expect(heard.at(-1)).toBe(s);
    expect(saved()).toEqual(s);
    expect(() => w.dispatch({ type: 'setScene', scene: 'block:nosuch' })).toThrow('неизвестная сцена «block:nosuch»');
    expect(() => w.dispatch({ type: 'selectMunicipality', oktmo: '99999999' })).toThrow('неизвестный муниципалитет «99999999»');
    expect(w.dispatch({ type: 'selectMunicipality', oktmo: '30701000' }).selectedMunicipality).toBe('30701000');
    expect(w.state.scene).toBe('block:roads');
  });

  it('the playlist timer rotates the scene when due', () => {
    const { w, advance, heard } = setup();
    expect(w.state.scene).toBe('operational');
    advance(30_000);
    expect(w.state.scene).toBe('briefing');
    advance(30_000);
    expect(w.state.scene).toBe('block:housing');
    expect(heard.map((s) => s.scene)).toEqual(['briefing', 'block:housing']);
  });

  it('a restart restores the operator’s choice with its timer restarted from now; a stale one is dropped', () => {
    const first = setup();
    first.w.dispatch({ type: 'setScene', scene: 'block:roads' });
    const stored = first.saved()!;
    const again = setup({ stored });
    expect(again.w.state.scene).toBe('block:roads');
    expect(again.w.state.version).toBe(stored.version + 1);
    expect(again.w.state.playlist.nextAt).toBe(T0 + 30_000);
    expect(setup({ stored: { ...stored, scene: 'block:gone' } }).w.state.scene).toBe('operational');
    expect(setup({ stored: '{not json' }).w.state.scene).toBe('operational');
  });

  it('after a reload that removed the shown scene, the state starts afresh (version continues)', () => {
    const { w, catalog, heard } = setup();
    w.dispatch({ type: 'setScene', scene: 'block:roads' });
    const v = w.state.version;
    w.revalidate();
    expect(heard).toHaveLength(1); // still valid: nothing changes
    catalog.scenes = ['operational', 'briefing', 'block:housing'];
    catalog.defaultPlaylist = () => ['operational', 'briefing', 'block:housing'];
    w.revalidate();
    expect(w.state.scene).toBe('operational');
    expect(w.state.playlist.scenes).toEqual(['operational', 'briefing', 'block:housing']);
    expect(w.state.version).toBe(v + 1);
    expect(heard.at(-1)).toBe(w.state);
  });

  it('without the timer nothing rotates; dispose clears the timer and stops persisting', () => {
    const off = setup({ timer: false });
    expect(vi.getTimerCount()).toBe(0);
    off.advance(120_000);
    expect(off.w.state.scene).toBe('operational');

    const { w, saved, advance } = setup();
    expect(vi.getTimerCount()).toBe(1);
    w.dispose();
    expect(vi.getTimerCount()).toBe(0);
    advance(120_000);
    expect(w.state.scene).toBe('operational');
    w.dispatch({ type: 'setScene', scene: 'briefing' });
    expect(saved()).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('its handlers answer getWallState and intent', async () => {
    const { w } = setup();
    const h = w.handlers();
    expect(await h.intent({ type: 'pin', scene: 'briefing' }, { role: 'console' })).toMatchObject({ scene: 'briefing', pinned: true });
    expect(await h.getWallState(undefined, { role: 'wall' })).toBe(w.state);
  });
});
