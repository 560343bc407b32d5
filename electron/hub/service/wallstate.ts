/**
 * The authoritative wall state (shared/bridge/wallState.ts): the scene, the pinned flag, the
 * selected municipality, the playlist and its timer. Consoles change it by intents (validated
 * against the scenes and municipalities the data offers); the timer rotates the playlist; every
 * change is persisted in the cache (so a restart shows the operator's choice) and announced as
 * `wallState`. When the data set is reloaded and the shown scene no longer exists, the state
 * starts afresh with the default playlist.
 *
 * The archive instant (issue 10) is part of the state: `instant` null is live; a playing archive is
 * advanced by a second timer every PLAYBACK_TICK_MS (each step is a new state, broadcast to every
 * window, which then asks for its view at that instant). A restart always comes back live.
 */
import type { Cache } from '../cache/api.js';
import {
  ARCHIVE_DAYS,
  ARCHIVE_SPAN_MS,
  LIVE_PLAYBACK,
  WallStateSchema,
  applyIntent,
  tickPlayback,
  initialWallState,
  parseScene,
  tickPlaylist,
  type Intent,
  type SceneId,
  type WallState,
  type WindowPreset,
} from '../../../shared/bridge/wallState.js';
import { MutableDisposable, disposableTimeout, type Disposable } from '../../../shared/lifecycle.js';
import { HubError } from './errors.js';
import type { EventSink, HubEventMap } from './events.js';
import type { Handlers } from './router.js';

export const WALL_STATE_KEY = 'hub.wallState';
/** The playlist timer wakes at least this often (a clock that jumps is caught up). */
const MAX_TIMER_MS = 60_000;
/** How often a playing archive moves on: once a second, with the clock (×60: a minute of the region per step; ×3600: an hour). */
export const PLAYBACK_TICK_MS = 1000;

/** What the wall state needs to know of the data: which scenes and municipalities exist. */
export interface SceneCatalog {
  readonly scenes: readonly SceneId[];
  hasMunicipality(oktmo: string): boolean;
  /** The playlist of a fresh state. */
  defaultPlaylist(): SceneId[];
}

export interface WallStateDeps {
  cache: Pick<Cache, 'getState' | 'setState'>;
  catalog: SceneCatalog;
  events: EventSink<Pick<HubEventMap, 'wallState'>>;
  now: () => number;
  /** Run the playlist timer (default true). */
  playlistTimer?: boolean;
  /** Run the archive's playback timer (default true). */
  playbackTimer?: boolean;
  /** Initial playlist interval in seconds. */
  intervalSec?: number;
  /** Initial playlist scenes (a fresh state only: a restored one keeps the operator's choice). */
  playlistScenes?: readonly SceneId[];
  /** The period of a fresh state (default «today»). */
  window?: WindowPreset;
}

export class WallStateService implements Disposable {
  private current: WallState;
  private readonly timer = new MutableDisposable();
  private readonly playbackTimer = new MutableDisposable();
  private disposed = false;

  constructor(private readonly deps: WallStateDeps) {
    const configured = (deps.playlistScenes ?? []).filter((s) => this.sceneKnown(s));
    this.current =
      this.restore() ??
      initialWallState({
        now: deps.now(),
        scenes: configured.length ? configured : deps.catalog.defaultPlaylist(),
        intervalSec: deps.intervalSec,
        window: deps.window,
      });
    this.schedule();
  }

  get state(): WallState {
    return this.current;
  }

  /** Apply a console's intent; an unknown scene or municipality is refused (`bad_request`). */
  dispatch(intent: Intent): WallState {
    const check = (s: string | undefined) => {
      if (s !== undefined && !this.sceneKnown(s)) throw new HubError('bad_request', `неизвестная сцена «${s}»`);
    };
    if (intent.type === 'setScene' || intent.type === 'pin') check(intent.scene);
    if (intent.type === 'setPlaylist') intent.scenes?.forEach(check);
    if (intent.type === 'selectMunicipality' && intent.oktmo !== null && !this.deps.catalog.hasMunicipality(intent.oktmo))
      throw new HubError('bad_request', `неизвестный муниципалитет «${intent.oktmo}»`);
    const now = this.deps.now();
    if (intent.type === 'setInstant') {
      const t = Date.parse(intent.instant);
      if (t > now) throw new HubError('bad_request', 'этот момент ещё не наступил: для текущего состояния нажмите «В эфир»');
      if (t < now - ARCHIVE_SPAN_MS) throw new HubError('bad_request', `архив хранит последние ${ARCHIVE_DAYS} дней: выберите момент позже`);
    }
    this.set(applyIntent(this.current, intent, now));
    return this.current;
  }

  /** Run the playlist timer once now (the timer calls it; tests may too). */
  tick(): void {
    if (this.disposed) return;
    const next = tickPlaylist(this.current, this.deps.now());
    if (next !== this.current) this.set(next);
    else this.schedule();
  }

  /** Move a playing archive on once now (the playback timer calls it; tests may too). */
  tickPlayback(): void {
    if (this.disposed) return;
    const next = tickPlayback(this.current, this.deps.now());
    if (next !== this.current) this.set(next);
    else this.schedulePlayback();
  }

  /** After the data set was reloaded: a state showing scenes that no longer exist starts afresh. */
  revalidate(): void {
    const s = this.current;
    if (this.sceneKnown(s.scene) && s.playlist.scenes.every((x) => this.sceneKnown(x))) return;
    const next = initialWallState({ now: this.deps.now(), scenes: this.deps.catalog.defaultPlaylist(), intervalSec: s.playlist.intervalSec, window: s.filters.window });
    this.set({ ...next, version: s.version + 1 });
  }

  handlers(): Pick<Handlers, 'getWallState' | 'intent'> {
    return {
      getWallState: () => this.current,
      intent: (intent) => this.dispatch(intent),
    };
  }

  private sceneKnown(id: string): boolean {
    const p = parseScene(id);
    if (!p) return false;
    if (p.kind === 'block' || p.kind === 'municipality') return this.deps.catalog.scenes.includes(id);
    return true;
  }

  private restore(): WallState | null {
    try {
      const raw = this.deps.cache.getState(WALL_STATE_KEY);
      if (!raw) return null;
      const r = WallStateSchema.safeParse(JSON.parse(raw));
      if (!r.success) return null;
      const s = r.data;
      if (!this.sceneKnown(s.scene) || !s.playlist.scenes.every((x) => this.sceneKnown(x))) return null;
      // A restored playlist restarts its timer from now; the version continues (monotonic).
      const nextAt = s.pinned || s.playlist.paused ? null : this.deps.now() + s.playlist.intervalSec * 1000;
      // A restarted wall is live: an archive view is never restored unannounced.
      const playback = { ...LIVE_PLAYBACK, speed: s.playback.speed };
      return { ...s, version: s.version + 1, playlist: { ...s.playlist, nextAt }, instant: null, playback };
    } catch {
      return null;
    }
  }

  private set(next: WallState): void {
    if (next === this.current) return;
    this.current = next;
    try {
      if (!this.disposed) this.deps.cache.setState(WALL_STATE_KEY, JSON.stringify(next));
    } catch {
      // persisting the scene is a convenience; a read-only or busy cache does not stop the wall
    }
    this.schedule();
    this.schedulePlayback();
    this.deps.events.emit('wallState', next);
  }

  private schedule(): void {
    this.timer.clear();
    if (this.disposed || this.deps.playlistTimer === false) return;
    const at = this.current.playlist.nextAt;
    if (at === null) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - this.deps.now()));
    this.timer.value = disposableTimeout(() => this.tick(), delay, { unref: true });
  }

  private schedulePlayback(): void {
    this.playbackTimer.clear();
    if (this.disposed || this.deps.playbackTimer === false) return;
    if (this.current.instant === null || !this.current.playback.playing) return;
    this.playbackTimer.value = disposableTimeout(() => this.tickPlayback(), PLAYBACK_TICK_MS, { unref: true });
  }

  dispose(): void {
    this.disposed = true;
    this.playbackTimer.dispose();
    this.timer.dispose();
  }
}
