import { describe, expect, it } from 'vitest';
import {
  ARCHIVE_SPAN_MS,
  IntentSchema,
  WallStateSchema,
  applyIntent,
  initialWallState,
  isArchive,
  shownInstant,
  tickPlayback,
  type Intent,
  type WallState,
} from '../../../../shared/bridge/wallState.js';

const NOW = Date.parse('2026-11-30T10:00:00.000Z');
const H = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();
const fresh = () => initialWallState({ now: NOW, scenes: ['operational', 'briefing'] });
const apply = (s: WallState, i: Intent, now = NOW) => applyIntent(s, IntentSchema.parse(i), now);

describe('wall state: the archive instant', () => {
  it('a fresh state is live; a state persisted before the time machine reads as live', () => {
    const s = fresh();
    expect(s.instant).toBeNull();
    expect(s.playback).toEqual({ speed: 60, playing: false, since: null });
    const { instant: _i, playback: _p, ...old } = s;
    expect(WallStateSchema.parse(old)).toMatchObject({ instant: null, playback: { playing: false } });
  });

  it('setInstant shows a past instant (new version); the present or later is live; before the archive it is held at its start', () => {
    const s = apply(fresh(), { type: 'setInstant', instant: iso(NOW - 26 * H) });
    expect(s.instant).toBe(iso(NOW - 26 * H));
    expect(s.version).toBe(2);
    expect(isArchive(s)).toBe(true);
    expect(apply(s, { type: 'setInstant', instant: iso(NOW - 26 * H) })).toBe(s);
    expect(apply(s, { type: 'setInstant', instant: iso(NOW) }).instant).toBeNull();
    expect(apply(s, { type: 'setInstant', instant: iso(NOW - 40 * 24 * H) }).instant).toBe(iso(NOW - ARCHIVE_SPAN_MS));
  });

  it('stepInstant moves by whole minutes, from live back from the present; stepping past the present goes live', () => {
    const back = apply(fresh(), { type: 'stepInstant', minutes: -60 });
    expect(back.instant).toBe(iso(NOW - H));
    expect(apply(back, { type: 'stepInstant', minutes: 10 }).instant).toBe(iso(NOW - 50 * 60_000));
    expect(apply(back, { type: 'stepInstant', minutes: 61 }).instant).toBeNull();
  });

  it('intents are validated: a bad instant, speed or step is refused in Russian', () => {
    const bad = (x: unknown) => IntentSchema.safeParse(x);
    expect(bad({ type: 'setInstant', instant: 'вчера' }).success).toBe(false);
    expect(bad({ type: 'setInstant', instant: '2026-11-24T14:00:00' }).success).toBe(false); // no zone
    const speed = bad({ type: 'playbackPlay', speed: 100 });
    expect(speed.success).toBe(false);
    expect(speed.error!.issues[0]!.message).toMatch(/×60, ×600 или ×3600/);
    expect(bad({ type: 'stepInstant', minutes: 0 }).error!.issues[0]!.message).toMatch(/нулевым/);
    expect(bad({ type: 'stepInstant', minutes: 2000 }).error!.issues[0]!.message).toMatch(/не больше 1440 минут/);
    expect(bad({ type: 'stepInstant', minutes: 1.5 }).success).toBe(false);
  });

  it('playback: ×60 is a minute of the region per real second; pause holds the instant; the speed can change while playing', () => {
    let s = apply(fresh(), { type: 'setInstant', instant: iso(NOW - 10 * H) });
    s = apply(s, { type: 'playbackPlay' });
    expect(s.playback).toEqual({ speed: 60, playing: true, since: NOW });
    expect(shownInstant(s, NOW + 1000)).toBe(NOW - 10 * H + 60_000);
    const t1 = tickPlayback(s, NOW + 5000);
    expect(t1.instant).toBe(iso(NOW - 10 * H + 5 * 60_000));
    expect(t1.version).toBe(s.version + 1);
    expect(tickPlayback(t1, NOW + 5000)).toBe(t1); // nothing elapsed: nothing moves
    const fast = apply(t1, { type: 'playbackSpeed', speed: 3600 }, NOW + 6000);
    expect(fast.instant).toBe(iso(NOW - 10 * H + 6 * 60_000)); // caught up at the old speed first
    expect(tickPlayback(fast, NOW + 7000).instant).toBe(iso(NOW - 10 * H + 6 * 60_000 + H));
    const paused = apply(fast, { type: 'playbackPause' }, NOW + 8000);
    expect(paused.playback.playing).toBe(false);
    expect(paused.instant).toBe(iso(NOW - 10 * H + 6 * 60_000 + 2 * H));
    expect(tickPlayback(paused, NOW + 60_000)).toBe(paused);
    expect(shownInstant(paused, NOW + 60_000)).toBe(Date.parse(paused.instant!));
  });

  it('playback that reaches the present goes live; play from live starts a day back', () => {
    let s = apply(fresh(), { type: 'setInstant', instant: iso(NOW - H) });
    s = apply(s, { type: 'playbackPlay', speed: 3600 });
    const live = tickPlayback(s, NOW + 1001);
    expect(live.instant).toBeNull();
    expect(live.playback.playing).toBe(false);
    const fromLive = apply(fresh(), { type: 'playbackPlay', speed: 600 });
    expect(fromLive.instant).toBe(iso(NOW - 24 * H));
    expect(fromLive.playback).toEqual({ speed: 600, playing: true, since: NOW });
  });

  it('«В эфир» returns live in one intent from any archive state, keeping the chosen speed', () => {
    let s = apply(fresh(), { type: 'setInstant', instant: iso(NOW - 5 * H) });
    s = apply(s, { type: 'playbackPlay', speed: 600 });
    const live = apply(s, { type: 'goLive' });
    expect(live.instant).toBeNull();
    expect(live.playback).toEqual({ speed: 600, playing: false, since: null });
    expect(apply(live, { type: 'goLive' })).toBe(live);
    expect(live.scene).toBe(s.scene);
  });
});
