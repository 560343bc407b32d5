/**
 * The archive band (issue 10): while the wall shows a past instant, a wide amber band
 * «АРХИВ · вт 24 ноября 14:00 (МСК+9)» on every window, so an archive view can never be taken for
 * live. The wall puts it in its own row (ShownInstantBand, around the status banner); in span mode
 * the band is repeated once per window column, and windows below the top row get an overlay of
 * their own (ArchiveOverlay, shown by SpanRoot), so every physical screen carries the words.
 */
import type { ReactNode } from 'react';
import { isArchive, shownInstant, type WallState } from '../../../shared/bridge/wallState.js';
import { useNow, useTimezone } from '../hooks.js';
import { useWall } from '../store.js';
import { archiveInstantText } from './instant.js';
import './band.css';

function playingText(wall: WallState): string {
  return wall.playback.playing ? ` · воспроизведение ×${wall.playback.speed}` : ' · пауза';
}

/** The band's words, or null when live. Minute precision; a playing archive runs on between steps. */
function useArchiveWords(): { words: string; iso: string } | null {
  const wall = useWall((s) => s.wall);
  const tz = useTimezone();
  const now = useNow(1000);
  if (!wall || !isArchive(wall)) return null;
  const t = shownInstant(wall, now);
  return { words: `${archiveInstantText(t, tz)}${playingText(wall)}`, iso: wall.instant! };
}

function Words({ words }: { words: string }) {
  return (
    <span className="archive-band-words">
      <b>АРХИВ</b> · {words}
    </span>
  );
}

/** In the wall's row under the header, around whatever banner is there: nothing changes when live. */
export function ShownInstantBand({ children }: { children?: ReactNode }) {
  const a = useArchiveWords();
  const slice = useWall((s) => s.options.slice);
  const canvas = useWall((s) => s.options.canvas);
  if (!a) return <>{children}</>;
  const copies = slice && canvas ? Math.max(1, Math.min(16, Math.round(canvas.w / slice.w))) : 1;
  return (
    <div className="bands">
      <div className="archive-band" role="status" data-testid="archive-band" data-instant={a.iso}>
        {Array.from({ length: copies }, (_, i) => (
          <Words key={i} words={a.words} />
        ))}
      </div>
      {children}
    </div>
  );
}

/** A span window below the top row: its own band across the top of the screen. */
export function ArchiveOverlay({ slice }: { slice: { y: number } | null }) {
  const a = useArchiveWords();
  if (!a || !slice || slice.y <= 0) return null;
  return (
    <div className="archive-band archive-overlay" role="status" data-testid="archive-band" data-instant={a.iso}>
      <Words words={a.words} />
    </div>
  );
}
