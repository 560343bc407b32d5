/**
 * The authoritative wall state (DESIGN.md: one state in the hub / main process, broadcast to every
 * window; consoles change it only through intents) and its pure reducer.
 *
 * Pure and isomorphic: zod only. The hub owns the playlist timer and calls `tickPlaylist`; windows
 * only follow the state they are sent.
 */
import { z } from 'zod';
import { blockLabel } from '../blocks.js';
import { Timestamp } from '../schema.js';

// ---------------------------------------------------------------------------------------------
// Scenes
// ---------------------------------------------------------------------------------------------

/** 'operational' | 'briefing' | 'block:<blockId>' | 'municipality:<oktmo>'. */
export const SceneIdSchema = z
  .string()
  .max(100)
  .regex(/^(operational|briefing|block:[A-Za-z0-9_.-]+|municipality:[0-9]{1,11})$/, 'неизвестная сцена');
export type SceneId = z.infer<typeof SceneIdSchema>;

export const BASE_SCENES = ['operational', 'briefing'] as const;
export const SCENE_TITLES: Readonly<Record<(typeof BASE_SCENES)[number], string>> = {
  operational: 'Оперативная обстановка',
  briefing: 'Брифинг',
};

export type ParsedScene =
  | { kind: 'operational' }
  | { kind: 'briefing' }
  | { kind: 'block'; block: string }
  | { kind: 'municipality'; oktmo: string };

export function parseScene(id: string): ParsedScene | null {
  if (id === 'operational') return { kind: 'operational' };
  if (id === 'briefing') return { kind: 'briefing' };
  if (!SceneIdSchema.safeParse(id).success) return null;
  if (id.startsWith('block:')) return { kind: 'block', block: id.slice(6) };
  if (id.startsWith('municipality:')) return { kind: 'municipality', oktmo: id.slice(13) };
  return null;
}

export const blockScene = (block: string): SceneId => `block:${block}`;
export const municipalityScene = (oktmo: string): SceneId => `municipality:${oktmo}`;

/** Russian title of a scene; names come from the reference dictionaries when given. */
export function sceneTitle(
  id: string,
  names?: { blocks?: ReadonlyMap<string, string>; municipalities?: ReadonlyMap<string, string> },
): string {
  const p = parseScene(id);
  if (!p) return id;
  switch (p.kind) {
    case 'operational':
      return SCENE_TITLES.operational;
    case 'briefing':
      return SCENE_TITLES.briefing;
    case 'block':
      return `Блок «${blockLabel(p.block, names?.blocks?.get(p.block))}»`;
    case 'municipality':
      return names?.municipalities?.get(p.oktmo) ?? `Муниципалитет ${p.oktmo}`;
  }
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

export const WINDOW_PRESETS = ['today', '24h', '7d', '30d'] as const;
export const WindowPresetSchema = z.enum(WINDOW_PRESETS);
export type WindowPreset = z.infer<typeof WindowPresetSchema>;
export const WINDOW_LABELS: Readonly<Record<WindowPreset, string>> = {
  today: 'Сегодня',
  '24h': '24 часа',
  '7d': '7 дней',
  '30d': '30 дней',
};

const Id = z.string().min(1).max(100);

export const CameraSchema = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  zoom: z.number().min(0).max(24),
  bearing: z.number().min(-360).max(360),
  pitch: z.number().min(0).max(85),
});
export type Camera = z.infer<typeof CameraSchema>;

export const FiltersSchema = z.object({
  window: WindowPresetSchema,
  /** Empty = all blocks. */
  blocks: z.array(Id).max(100),
  /** Empty = all channels. */
  channels: z.array(Id).max(100),
});
export type Filters = z.infer<typeof FiltersSchema>;

export const MIN_INTERVAL_SEC = 5;
export const MAX_INTERVAL_SEC = 3600;
export const DEFAULT_INTERVAL_SEC = 60;

export const PlaylistSchema = z.object({
  scenes: z.array(SceneIdSchema).min(1).max(200),
  /** Index in `scenes` of the scene the playlist is at (the shown scene may be off-list, see setScene). */
  index: z.number().int().nonnegative(),
  intervalSec: z.number().int().min(MIN_INTERVAL_SEC).max(MAX_INTERVAL_SEC),
  paused: z.boolean(),
  /** Epoch ms of the next rotation; null while paused or pinned. */
  nextAt: z.number().nullable(),
});
export type Playlist = z.infer<typeof PlaylistSchema>;

// ---------------------------------------------------------------------------------------------
// The archive instant and its playback (issue 10: the time machine)
// ---------------------------------------------------------------------------------------------

/** How far back the archive reaches (the console's timeline shows these days). */
export const ARCHIVE_DAYS = 30;
export const ARCHIVE_SPAN_MS = ARCHIVE_DAYS * 86_400_000;
/** Playback speeds: region seconds per real second (×60: a minute of the region per second). */
export const PLAYBACK_SPEEDS = [60, 600, 3600] as const;
export type PlaybackSpeed = (typeof PLAYBACK_SPEEDS)[number];
export const PlaybackSpeedSchema = z.union([z.literal(60), z.literal(600), z.literal(3600)], {
  error: 'скорость воспроизведения: ×60, ×600 или ×3600',
});
/** The longest step of `stepInstant` (a day either way), in minutes. */
export const MAX_STEP_MIN = 24 * 60;
/** Where playback starts when asked to play while live: this long before the present. */
export const PLAY_FROM_LIVE_MS = 86_400_000;

export const PlaybackSchema = z.object({
  speed: PlaybackSpeedSchema,
  playing: z.boolean(),
  /**
   * Hub clock (epoch ms) at which `instant` was last set while playing; null while paused or live.
   * The instant at hub time T is `instant + (T - since) * speed`.
   */
  since: z.number().nullable(),
});
export type Playback = z.infer<typeof PlaybackSchema>;
export const LIVE_PLAYBACK: Playback = { speed: 60, playing: false, since: null };

/** An archive instant: RFC 3339 in UTC with milliseconds, e.g. 2026-11-24T05:00:00.000Z. */
export const InstantSchema = Timestamp;
/** The briefing scene's period (issue 11): a week (today and six days before) or a month (30 days). */
export const BRIEFING_PERIODS = ['week', 'month'] as const;
export const BriefingPeriodSchema = z.enum(BRIEFING_PERIODS, { error: 'период брифинга — неделя (week) или месяц (month)' });
export type BriefingPeriod = z.infer<typeof BriefingPeriodSchema>;
/** The window preset the briefing's figures cover (its title names it). */
export const BRIEFING_WINDOW: Readonly<Record<BriefingPeriod, WindowPreset>> = { week: '7d', month: '30d' };

/**
 * The period a state's wall shows (the console's «Справка» is made for it): the briefing scene's own
 * week or month, any other scene the wall's period filter.
 */
export function shownWindow(s: Pick<WallState, 'scene' | 'filters' | 'briefingPeriod'>): WindowPreset {
  return s.scene === 'briefing' ? BRIEFING_WINDOW[s.briefingPeriod ?? 'week'] : s.filters.window;
}

export const WallStateSchema = z.object({
  /** Increases by one with every change; windows drop states older than the one they hold. */
  version: z.number().int().nonnegative(),
  scene: SceneIdSchema,
  /** A pinned scene stays on the wall; the playlist does not rotate. */
  pinned: z.boolean(),
  playlist: PlaylistSchema,
  filters: FiltersSchema,
  selectedMunicipality: z.string().min(1).max(20).nullable(),
  camera: CameraSchema.nullable(),
  /**
   * The instant every window shows (docs/spec/kpi.md v2 "The state at an instant"): null = live
   * (the present), else an archive instant in the last ARCHIVE_DAYS days. States persisted before
   * the time machine have neither field: they read as live.
   */
  instant: InstantSchema.nullable().default(null),
  playback: PlaybackSchema.default(LIVE_PLAYBACK),
  /** The briefing scene's period; absent = week. */
  briefingPeriod: BriefingPeriodSchema.optional(),
});
export type WallState = z.infer<typeof WallStateSchema>;

// ---------------------------------------------------------------------------------------------
// Intents (console → hub)
// ---------------------------------------------------------------------------------------------

export const IntentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('setScene'), scene: SceneIdSchema }),
  /** Pin the given scene (or the current one) so the playlist stops on it. */
  z.object({ type: z.literal('pin'), scene: SceneIdSchema.optional() }),
  z.object({ type: z.literal('unpin') }),
  z.object({ type: z.literal('playlistNext') }),
  z.object({ type: z.literal('playlistPrev') }),
  z.object({ type: z.literal('playlistPause') }),
  z.object({ type: z.literal('playlistResume') }),
  z.object({
    type: z.literal('setPlaylist'),
    scenes: z.array(SceneIdSchema).min(1).max(200).optional(),
    intervalSec: z.number().int().min(MIN_INTERVAL_SEC).max(MAX_INTERVAL_SEC).optional(),
  }),
  z.object({
    type: z.literal('setFilters'),
    window: WindowPresetSchema.optional(),
    blocks: z.array(Id).max(100).optional(),
    channels: z.array(Id).max(100).optional(),
  }),
  z.object({ type: z.literal('selectMunicipality'), oktmo: z.string().min(1).max(20).nullable() }),
  z.object({ type: z.literal('setCamera'), camera: CameraSchema.nullable() }),
  /** Show the wall at a past instant (at or after the present: live). Playback keeps its state. */
  z.object({ type: z.literal('setInstant'), instant: InstantSchema }),
  /** Move the shown instant by whole minutes (from live: back from the present). */
  z.object({
    type: z.literal('stepInstant'),
    minutes: z
      .number()
      .int('шаг — целое число минут')
      .min(-MAX_STEP_MIN, `шаг не больше ${MAX_STEP_MIN} минут`)
      .max(MAX_STEP_MIN, `шаг не больше ${MAX_STEP_MIN} минут`)
      .refine((m) => m !== 0, 'шаг не может быть нулевым'),
  }),
  /** Play the archive forward at a speed (default: the current one); from live it starts a day back. */
  z.object({ type: z.literal('playbackPlay'), speed: PlaybackSpeedSchema.optional() }),
  z.object({ type: z.literal('playbackPause') }),
  /** Set the speed without starting or stopping playback. */
  z.object({ type: z.literal('playbackSpeed'), speed: PlaybackSpeedSchema }),
  /** «В эфир»: back to the present, playback stopped. */
  z.object({ type: z.literal('goLive') }),
  z.object({ type: z.literal('setBriefingPeriod'), period: BriefingPeriodSchema }),
]);
export type Intent = z.infer<typeof IntentSchema>;
export type IntentType = Intent['type'];

export function initialWallState(opts: {
  now: number;
  scenes?: readonly SceneId[];
  intervalSec?: number;
  window?: WindowPreset;
}): WallState {
  const scenes = opts.scenes && opts.scenes.length ? [...opts.scenes] : [...BASE_SCENES];
  const intervalSec = clampInterval(opts.intervalSec ?? DEFAULT_INTERVAL_SEC);
  return {
    version: 1,
    scene: scenes[0]!,
    pinned: false,
    playlist: { scenes, index: 0, intervalSec, paused: false, nextAt: opts.now + intervalSec * 1000 },
    filters: { window: opts.window ?? 'today', blocks: [], channels: [] },
    selectedMunicipality: null,
    camera: null,
    instant: null,
    playback: { ...LIVE_PLAYBACK },
  };
}

function clampInterval(s: number): number {
  return Math.min(MAX_INTERVAL_SEC, Math.max(MIN_INTERVAL_SEC, Math.round(s)));
}

function nextAtFor(pinned: boolean, paused: boolean, intervalSec: number, now: number): number | null {
  return pinned || paused ? null : now + intervalSec * 1000;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

const sameCamera = (a: Camera | null, b: Camera | null): boolean =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.lon === b.lon &&
    a.lat === b.lat &&
    a.zoom === b.zoom &&
    a.bearing === b.bearing &&
    a.pitch === b.pitch);

/** Move the playlist to index `i` (wrapping), showing its scene. */
function goTo(s: WallState, i: number, now: number, pinned: boolean): WallState {
  const n = s.playlist.scenes.length;
  const index = ((i % n) + n) % n;
  return {
    ...s,
    scene: s.playlist.scenes[index]!,
    pinned,
    playlist: { ...s.playlist, index, nextAt: nextAtFor(pinned, s.playlist.paused, s.playlist.intervalSec, now) },
  };
}

function bump(prev: WallState, next: WallState): WallState {
  return next === prev ? prev : { ...next, version: prev.version + 1 };
}

/**
 * Apply a console intent. Pure: returns the same object when nothing changes, otherwise a new state
 * with `version + 1`.
 * - setScene: shows the scene; if it is on the playlist the playlist moves to it; the timer restarts.
 *   Pinned stays pinned (the new scene becomes the pinned one).
 * - pin / unpin: pinning holds the scene (and stops the timer); unpinning restarts the timer.
 * - playlistNext / playlistPrev: step (wrapping) and unpin; paused stays paused.
 * - playlistPause / playlistResume: stop / restart the timer (the scene stays).
 * - setPlaylist: replace scenes and/or interval; the index follows the shown scene when it is listed.
 * - setFilters: replaces the given fields; lists are de-duplicated and sorted.
 */
export function applyIntent(state: WallState, intent: Intent, now: number): WallState {
  const s = state;
  const pl = s.playlist;
  switch (intent.type) {
    case 'setScene': {
      if (intent.scene === s.scene) {
        // Re-selecting the shown scene restarts its time on the wall.
        const nextAt = nextAtFor(s.pinned, pl.paused, pl.intervalSec, now);
        return nextAt === pl.nextAt ? s : bump(s, { ...s, playlist: { ...pl, nextAt } });
      }
      const idx = pl.scenes.indexOf(intent.scene);
      return bump(s, {
        ...s,
        scene: intent.scene,
        playlist: {
          ...pl,
          index: idx >= 0 ? idx : pl.index,
          nextAt: nextAtFor(s.pinned, pl.paused, pl.intervalSec, now),
        },
      });
    }
    case 'pin': {
      const scene = intent.scene ?? s.scene;
      if (s.pinned && scene === s.scene) return s;
      const idx = pl.scenes.indexOf(scene);
      return bump(s, {
        ...s,
        scene,
        pinned: true,
        playlist: { ...pl, index: idx >= 0 ? idx : pl.index, nextAt: null },
      });
    }
    case 'unpin':
      if (!s.pinned) return s;
      return bump(s, { ...s, pinned: false, playlist: { ...pl, nextAt: nextAtFor(false, pl.paused, pl.intervalSec, now) } });
    case 'playlistNext':
    case 'playlistPrev': {
      const cur = pl.scenes.indexOf(s.scene);
      // Off-list scene: "next" goes to the playlist position it was left at + 1, "prev" to that position.
      const base = cur >= 0 ? cur : intent.type === 'playlistNext' ? pl.index : pl.index + 1;
      return bump(s, goTo(s, intent.type === 'playlistNext' ? base + 1 : base - 1, now, false));
    }
    case 'playlistPause':
      if (pl.paused) return s;
      return bump(s, { ...s, playlist: { ...pl, paused: true, nextAt: null } });
    case 'playlistResume':
      if (!pl.paused) return s;
      return bump(s, { ...s, playlist: { ...pl, paused: false, nextAt: nextAtFor(s.pinned, false, pl.intervalSec, now) } });
    case 'setPlaylist': {
      const scenes = intent.scenes ? [...new Set(intent.scenes)] : pl.scenes;
      const intervalSec = intent.intervalSec !== undefined ? clampInterval(intent.intervalSec) : pl.intervalSec;
      if (sameList(scenes, pl.scenes) && intervalSec === pl.intervalSec) return s;
      const idx = scenes.indexOf(s.scene);
      return bump(s, {
        ...s,
        playlist: {
          scenes,
          index: idx >= 0 ? idx : Math.min(pl.index, scenes.length - 1),
          intervalSec,
          paused: pl.paused,
          nextAt: nextAtFor(s.pinned, pl.paused, intervalSec, now),
        },
      });
    }
    case 'setFilters': {
      const norm = (xs: readonly string[]) => [...new Set(xs)].sort();
      const filters: Filters = {
        window: intent.window ?? s.filters.window,
        blocks: intent.blocks ? norm(intent.blocks) : s.filters.blocks,
        channels: intent.channels ? norm(intent.channels) : s.filters.channels,
      };
      const f = s.filters;
      if (filters.window === f.window && sameList(filters.blocks, f.blocks) && sameList(filters.channels, f.channels))
        return s;
      return bump(s, { ...s, filters });
    }
    case 'selectMunicipality':
      if (intent.oktmo === s.selectedMunicipality) return s;
      return bump(s, { ...s, selectedMunicipality: intent.oktmo });
    case 'setCamera':
      if (sameCamera(intent.camera, s.camera)) return s;
      return bump(s, { ...s, camera: intent.camera ? { ...intent.camera } : null });
    case 'setInstant':
      return bump(s, atInstant(s, Date.parse(intent.instant), now));
    case 'stepInstant': {
      const from = shownInstant(s, now);
      return bump(s, atInstant(s, from + intent.minutes * 60_000, now));
    }
    case 'playbackPlay': {
      const speed = intent.speed ?? s.playback.speed;
      if (s.playback.playing && s.instant !== null && speed === s.playback.speed) return s;
      const base = s.instant === null ? atInstant(s, now - PLAY_FROM_LIVE_MS, now) : catchUp(s, now);
      return bump(s, { ...base, playback: { speed, playing: true, since: now } });
    }
    case 'playbackPause': {
      if (!s.playback.playing) return s;
      const caught = catchUp(s, now);
      return bump(s, { ...caught, playback: { ...caught.playback, playing: false, since: null } });
    }
    case 'playbackSpeed': {
      if (intent.speed === s.playback.speed) return s;
      const caught = catchUp(s, now);
      return bump(s, { ...caught, playback: { ...caught.playback, speed: intent.speed } });
    }
    case 'goLive':
      if (s.instant === null && !s.playback.playing) return s;
      return bump(s, { ...s, instant: null, playback: { speed: s.playback.speed, playing: false, since: null } });
    case 'setBriefingPeriod':
      if (intent.period === (s.briefingPeriod ?? 'week')) return s;
      return bump(s, { ...s, briefingPeriod: intent.period });
  }
}

// ---------------------------------------------------------------------------------------------
// The archive instant
// ---------------------------------------------------------------------------------------------

const isoMs = (t: number): string => new Date(t).toISOString();

/** The instant a state shows at hub time `now` (epoch ms): the present when live; a playing archive runs on. */
export function shownInstant(s: Pick<WallState, 'instant' | 'playback'>, now: number): number {
  if (s.instant === null) return now;
  const t = Date.parse(s.instant);
  const p = s.playback;
  return p.playing && p.since !== null ? Math.min(now, t + Math.max(0, now - p.since) * p.speed) : t;
}

/** Whether the state shows the archive (not the present). */
export function isArchive(s: Pick<WallState, 'instant'> | null | undefined): boolean {
  return !!s && s.instant !== null;
}

/**
 * The state showing instant `t` (whole milliseconds): at or after the present it is live (playback
 * stopped); before the archive's start it is held at the start.
 */
function atInstant(s: WallState, t: number, now: number): WallState {
  if (!Number.isFinite(t) || t >= now) {
    if (s.instant === null && !s.playback.playing) return s;
    return { ...s, instant: null, playback: { speed: s.playback.speed, playing: false, since: null } };
  }
  const clamped = Math.max(Math.floor(t), now - ARCHIVE_SPAN_MS);
  const instant = isoMs(clamped);
  const playback = s.playback.playing ? { ...s.playback, since: now } : s.playback;
  if (instant === s.instant && playback === s.playback) return s;
  return { ...s, instant, playback };
}

/** A playing archive with its instant brought up to hub time `now` (live when it caught up). */
function catchUp(s: WallState, now: number): WallState {
  if (s.instant === null || !s.playback.playing) return s;
  return atInstant(s, shownInstant(s, now), now);
}

/**
 * The playback timer, run by the hub: a playing archive advances to `instant + elapsed * speed`
 * (docs: ×60 is a minute of the region per real second); when it reaches the present the wall goes
 * live. Returns the same object when nothing moves.
 */
export function tickPlayback(state: WallState, now: number): WallState {
  if (state.instant === null || !state.playback.playing || state.playback.since === null) return state;
  if (now <= state.playback.since) return state;
  return bump(state, catchUp(state, now));
}

/**
 * The playlist timer, run by the hub: when due (not pinned, not paused, `now >= nextAt`), rotate to
 * the next scene. Returns the same object when nothing is due.
 */
export function tickPlaylist(state: WallState, now: number): WallState {
  const pl = state.playlist;
  if (state.pinned || pl.paused || pl.nextAt === null || now < pl.nextAt) return state;
  if (pl.scenes.length === 1 && state.scene === pl.scenes[0]) {
    return bump(state, { ...state, playlist: { ...pl, index: 0, nextAt: now + pl.intervalSec * 1000 } });
  }
  const cur = pl.scenes.indexOf(state.scene);
  const base = cur >= 0 ? cur : pl.index;
  return bump(state, goTo(state, base + 1, now, false));
}
