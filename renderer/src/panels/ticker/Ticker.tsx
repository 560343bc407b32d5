/** Ticker of the latest messages (texts masked by the hub for wall clients). */
import type { TickerItem } from '../../../../shared/bridge/protocol.js';
import { blockColour } from '../../../../shared/blocks.js';
import { fmtTime } from '../../format.js';
import { useTimezone } from '../../hooks.js';
import { shortName } from '../../names.js';
import { useWall } from '../../store.js';
import { tickerDelayMs, tickerItems } from '../../../../shared/wall/legibility.js';
import { useMemo } from 'react';
import { useLegibility } from '../../legible.js';
import type { PanelProps } from '../types.js';

const NO_ITEMS: TickerItem[] = [];

export function Ticker(_: PanelProps) {
  const tz = useTimezone();
  const items = useWall((s) => s.view?.ticker ?? NO_ITEMS);
  const legible = useLegibility();
  const canvasW = useWall((s) => s.options.canvas?.w ?? null);
  // at large type fewer items, so the strip comes round in reasonable time
  const list = items.slice(0, Math.min(12, tickerItems(items.length, canvasW ?? window.innerWidth, legible)));
  const durationS = Math.max(30, list.length * 9);
  // the scroll is a phase of the wall clock (tickerDelayMs): every window of the wall scrolls in step
  const ids = list.map((t) => t.id).join(' ');
  const delayMs = useMemo(() => tickerDelayMs(Date.now(), durationS * 1000), [ids, durationS]);
  return (
    <footer className="ticker" data-testid="ticker">
      <div className="ticker-label">Последние обращения</div>
      <div className="ticker-track">
        <div className="ticker-move" key={ids} style={{ animationDuration: `${durationS}s`, animationDelay: `${Math.round(delayMs)}ms` }}>
          {[0, 1].map((copy) =>
            list.map((t) => (
              <span className="tick-item" key={`${copy}-${t.id}`} aria-hidden={copy === 1} data-id={copy === 0 ? t.id : undefined}>
                <span className="num tick-time">{fmtTime(t.at, tz)}</span>
                <span className="tick-block" style={{ color: blockColour(t.block) }}>
                  {t.blockName}
                </span>
                <span className="tick-muni">{shortName(t.municipalityName)}:</span>
                <span className="tick-text">{t.text || t.categoryName}</span>
              </span>
            )),
          )}
        </div>
      </div>
    </footer>
  );
}
