import { useEffect, useState } from 'react';
import { useWall } from './store.js';
import { compareText, fmtTime, PERIOD_TEXT, type WindowPreset } from './format.js';
import { isArchive } from '../../shared/bridge/wallState.js';
import { GAUGE_PAGE_MS, msToNextWallPage, wallPageAt } from '../../shared/wall/legibility.js';

/** Hub-corrected "now", re-rendering every `everyMs` (aligned to the second). */
export function useNow(everyMs = 1000): number {
  const offset = useWall((s) => s.clockOffsetMs);
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    let t: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now() + offset);
      t = setTimeout(tick, everyMs - (Date.now() % everyMs) + 5);
    };
    tick();
    return () => clearTimeout(t);
  }, [offset, everyMs]);
  return now;
}

/**
 * The page (0-based) of `pages` shown now, turning every `periodMs` by the wall clock (wallPageAt):
 * every window of the wall shows the same page. Re-renders only at a turn.
 */
export function useWallPage(pages: number, periodMs = GAUGE_PAGE_MS): number {
  const [page, setPage] = useState(() => wallPageAt(Date.now(), pages, periodMs));
  useEffect(() => {
    let t: ReturnType<typeof setTimeout> | undefined;
    const turn = () => {
      const now = Date.now();
      setPage(wallPageAt(now, pages, periodMs));
      if (pages > 1) t = setTimeout(turn, msToNextWallPage(now, periodMs) + 5);
    };
    turn();
    return () => clearTimeout(t);
  }, [pages, periodMs]);
  return page;
}

export function useTimezone(): string {
  return useWall((s) => s.hello?.region.timezone ?? 'UTC');
}

/**
 * The period the wall's numbers cover and what their trends compare with, from the wall state's
 * window and the view's bounds: { period: «за сегодня», compare: «к вчерашнему на 13:00» }.
 */
export function usePeriod(): { preset: WindowPreset; period: string; compare: string } {
  const preset = useWall((s) => s.wall?.filters.window ?? 'today') as WindowPreset;
  const tz = useTimezone();
  const from = useWall((s) => s.view?.from);
  const to = useWall((s) => s.view?.to);
  const now = useWall((s) => s.view?.now);
  const prevFrom = useWall((s) => s.view?.prevFrom);
  const compare = from && to && now && prevFrom ? compareText(preset, { from, to, now, prevFrom }, tz) : '';
  return { preset, period: PERIOD_TEXT[preset], compare };
}

/**
 * What a state-at-an-instant panel (the queue, overdue, the incidents) says of its moment: «сейчас»
 * live; in the archive «на 14:00», the instant shown (the band above names its day), so that no
 * archive panel reads «now».
 */
export function useStateWord(): string {
  const archived = useWall((s) => isArchive(s.wall));
  const at = useWall((s) => s.view?.now);
  const tz = useTimezone();
  return archived && at ? `на ${fmtTime(at, tz)}` : 'сейчас';
}
