import { afterEach, describe, expect, it, vi } from 'vitest';
import { PLAYBACK_TICK_MS, WallStateService, WALL_STATE_KEY, type SceneCatalog } from '../../../../../electron/hub/service/wallstate.js';
import { TypedEmitter, type HubEventMap } from '../../../../../electron/hub/service/events.js';
import type { WallState } from '../../../../../shared/bridge/wallState.js';

afterEach(() => vi.useRealTimers());

const T0 = Date.parse('2026-11-30T10:00:00.000Z');
const H = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();

function setup(stored?: WallState) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let now = T0;
  const state = new Map<string, string>();
  if (stored) state.set(WALL_STATE_KEY, JSON.stringify(stored));
  const catalog: SceneCatalog = { scenes: ['operational', 'briefing'], hasMunicipality: () => false, defaultPlaylist: () => ['operational', 'briefing'] };
  const events = new TypedEmitter<HubEventMap>();
  const heard: WallState[] = [];
  events.on('wallState', (s) => heard.push(s));
  const w = new WallStateService({
    cache: { getState: (k) => state.get(k) ?? null, setState: (k, v) => void (v === null ? state.delete(k) : state.set(k, v)) },
    catalog,
    events,
    now: () => now,
    playlistTimer: false,
  });
  return { w, heard, saved: () => JSON.parse(state.get(WALL_STATE_KEY)!) as WallState, advance: (ms: number) => ((now += ms), vi.advanceTimersByTime(ms)) };
}

describe('WallStateService: the archive and its playback timer', () => {
  it('the hub timer plays the archive: ×600 moves ten minutes of the region per second, each step announced', () => {
    const { w, heard, advance } = setup();
    w.dispatch({ type: 'setInstant', instant: iso(T0 - 6 * H) });
    w.dispatch({ type: 'playbackPlay', speed: 600 });
    const n = heard.length;
    advance(PLAYBACK_TICK_MS);
    expect(heard.length).toBe(n + 1);
    expect(w.state.instant).toBe(iso(T0 - 6 * H + (PLAYBACK_TICK_MS / 1000) * 600_000));
    advance(3000);
    expect(w.state.instant).toBe(iso(T0 - 6 * H + ((PLAYBACK_TICK_MS + 3000) / 1000) * 600_000));
    // paused: the timer stops, nothing more is announced
    w.dispatch({ type: 'playbackPause' });
    const held = w.state.instant;
    const m = heard.length;
    advance(10_000);
    expect(w.state.instant).toBe(held);
    expect(heard.length).toBe(m);
  });

  it('playback reaching the present goes live by itself', () => {
    const { w, advance } = setup();
    w.dispatch({ type: 'setInstant', instant: iso(T0 - 30 * 60_000) });
    w.dispatch({ type: 'playbackPlay', speed: 3600 });
    advance(PLAYBACK_TICK_MS);
    expect(w.state.instant).toBeNull();
    expect(w.state.playback.playing).toBe(false);
  });

  it('refuses an instant in the future or older than the archive, in Russian; nothing is applied', () => {
    const { w } = setup();
    const v = w.state.version;
    expect(() => w.dispatch({ type: 'setInstant', instant: iso(T0 + 60_000) })).toThrow(/ещё не наступил.*«В эфир»/);
    expect(() => w.dispatch({ type: 'setInstant', instant: iso(T0 - 31 * 24 * H) })).toThrow(/последние 30 дней/);
    expect(w.state.version).toBe(v);
    expect(w.state.instant).toBeNull();
  });

  it('a restarted hub comes back live, never in an unannounced archive', () => {
    const a = setup();
    a.w.dispatch({ type: 'setInstant', instant: iso(T0 - 2 * H) });
    a.w.dispatch({ type: 'playbackPlay', speed: 3600 });
    const stored = a.saved();
    expect(stored.instant).not.toBeNull();
    a.w.dispatch({ type: 'playbackPause' });
    a.w.dispose();
    const b = setup(stored);
    expect(b.w.state.instant).toBeNull();
    expect(b.w.state.playback).toEqual({ speed: 3600, playing: false, since: null });
    expect(b.w.state.version).toBeGreaterThan(stored.version);
    b.w.dispose();
  });
});
