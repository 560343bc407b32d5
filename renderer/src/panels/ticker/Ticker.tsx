/** Ticker of the latest messages (texts masked by the hub for wall clients). */
import type { TickerItem } from '../../../../shared/bridge/protocol.js';
import { blockColour } from '../../../../shared/blocks.js';
import { fmtTime } from '../../format.js';
import { useTimezone } from '../../hooks.js';
import { shortName } from '../../names.js';
import { useWall } from '../../store.js';
import type { PanelProps } from '../types.js';

const NO_ITEMS: TickerItem[] = [];

export function Ticker(_: PanelProps) {
  const tz = useTimezone();
  const items = useWall((s) => s.view?.ticker ?? NO_ITEMS);
  const list = items.slice(0, 12);
  return (
    <footer className="ticker" data-testid="ticker">
      <div className="ticker-label">Последние обращения</div>
      <div className="ticker-track">
        <div className="ticker-move" style={{ animationDuration: `${Math.max(30, list.length * 9)}s` }}>
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
