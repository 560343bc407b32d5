/**
 * One page of the console's queue: each message with its level, reasons, time overdue (ticking),
 * where, its status and assignee, the excerpt of its full text, a «новое» mark, and the state of
 * the latest action taken on it. A click (or Enter) opens its card.
 */
import type { ConsoleQueueItem } from '../../../shared/bridge/protocol.js';
import { REASON_LABELS, STATUS_LABELS, blockColour } from '../../../shared/blocks.js';
import { LevelBadge } from '../components/LevelBadge.js';
import { overdueText } from '../format.js';
import { ActionState } from './ActionState.js';

export interface QueueListProps {
  items: readonly ConsoleQueueItem[];
  selected: string | null;
  onOpen: (id: string) => void;
  now: number;
  /** When the page arrived (hub-corrected ms): overdue ticks from it. */
  at: number;
}

export function QueueList({ items, selected, onOpen, now, at }: QueueListProps) {
  return (
    <ul className="cs-list" data-testid="console-queue" aria-label="Очередь эскалации">
      {items.map((it) => (
        <li
          key={it.id}
          className={`cs-row q-l${it.level} ${selected === it.id ? 'on' : ''}`}
          data-id={it.id}
          data-level={it.level}
          data-status={it.status}
          data-block={it.block}
          data-municipality={it.municipality}
          data-channel={it.channel}
          tabIndex={0}
          role="button"
          aria-pressed={selected === it.id}
          onClick={() => onOpen(it.id)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              onOpen(it.id);
            }
          }}
        >
          <LevelBadge level={it.level} />
          <div className="cs-row-main">
            <div className="cs-row-top">
              <span className="q-reasons">{it.reasons.map((r) => REASON_LABELS[r]).join(' · ')}</span>
              {it.isNew && <span className="cs-new">новое</span>}
              <span className={`q-overdue num ${it.overdueMin > 0 ? 'bad' : ''}`}>{overdueText(it.overdueMin, at, now)}</span>
            </div>
            <div className="cs-row-where">
              <span style={{ color: blockColour(it.block) }}>{it.blockName}</span>
              <span className="cs-muted">{it.municipalityName}</span>
              <span className="cs-muted">{it.categoryName}</span>
            </div>
            <div className="cs-row-text">{it.excerpt || it.categoryName}</div>
            <div className="cs-row-bottom">
              <span className="cs-status" data-field="status">
                {STATUS_LABELS[it.status]}
              </span>
              <span className="cs-muted">{it.assignee ? `Исполнитель: ${it.assignee}` : 'Исполнитель не назначен'}</span>
              {it.lastAction && <ActionState action={it.lastAction} withType />}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
