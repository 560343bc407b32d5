/**
 * One escalation: level badge, reasons in Russian, time overdue ticking every second from the hub's
 * overdueMin + elapsed, block, municipality, the masked excerpt. Used by the queue panel and the
 * console (which adds its action buttons as `extra`).
 */
import type { ReactNode } from 'react';
import type { ViewQueueItem } from '../../../shared/bridge/protocol.js';
import { REASON_LABELS, blockColour } from '../../../shared/blocks.js';
import { overdueText } from '../format.js';
import { LevelBadge } from './LevelBadge.js';
import { useWall } from '../store.js';
import { isArchive } from '../../../shared/bridge/wallState.js';
import { shortName } from '../names.js';

export function QueueRow({ item, now, viewAt, extra }: { item: ViewQueueItem; now: number; viewAt: number; extra?: ReactNode }) {
  // An archive view is the state at its instant: the overdue time stands still (it moves with playback's views).
  const archived = useWall((s) => isArchive(s.wall));
  return (
    <li className={`q-row q-l${item.level}`} data-id={item.id} data-level={item.level}>
      <LevelBadge level={item.level} />
      <div className="q-main">
        <div className="q-top">
          <span className="q-reasons">{item.reasons.map((r) => REASON_LABELS[r]).join(' · ')}</span>
          <span className={`q-overdue num ${item.overdueMin > 0 ? 'bad alarm sign' : ''}`} data-overdue-min={item.overdueMin}>
            {overdueText(item.overdueMin, viewAt, archived ? viewAt : now)}
          </span>
        </div>
        <div className="q-where">
          <span className="q-block" style={{ color: blockColour(item.block) }}>
            {item.blockName}
          </span>
          <span className="q-muni">{shortName(item.municipalityName)}</span>
        </div>
        <div className="q-text">{item.excerpt || item.categoryName}</div>
      </div>
      {extra}
    </li>
  );
}
