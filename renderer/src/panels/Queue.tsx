/**
 * Escalation queue: level badge with its NUMBER and colour (never colour alone), reasons in Russian,
 * time overdue ticking every second from the hub's overdueMin + elapsed, block, municipality, the
 * masked excerpt. Rows have a fixed height, so «+N ещё» is exact and nothing jumps when numbers tick.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { ViewQueue, ViewQueueItem } from '../../../shared/bridge/protocol.js';
import { REASON_LABELS, LEVEL_LABELS, blockColour } from '../../../shared/blocks.js';
import { overdueText, fmtInt } from '../format.js';
import { moreText, queueFit } from '../queueFit.js';
import { useNow } from '../hooks.js';
import { useWall } from '../store.js';
import { cssVarPx } from '../measure.js';

export const LEVEL_COLOURS = { 1: '#56B4E9', 2: '#E69F00', 3: '#FF5A36' } as const;

export function LevelBadge({ level }: { level: 1 | 2 | 3 }) {
  return (
    <span className={`level level-${level}`} style={{ background: LEVEL_COLOURS[level] }} title={LEVEL_LABELS[level]}>
      {level}
    </span>
  );
}

export function QueueRow({ item, now, viewAt, extra }: { item: ViewQueueItem; now: number; viewAt: number; extra?: ReactNode }) {
  return (
    <li className={`q-row q-l${item.level}`} data-id={item.id} data-level={item.level}>
      <LevelBadge level={item.level} />
      <div className="q-main">
        <div className="q-top">
          <span className="q-reasons">{item.reasons.map((r) => REASON_LABELS[r]).join(' · ')}</span>
          <span className={`q-overdue num ${item.overdueMin > 0 ? 'bad' : ''}`} data-overdue-min={item.overdueMin}>
            {overdueText(item.overdueMin, viewAt, now)}
          </span>
        </div>
        <div className="q-where">
          <span className="q-block" style={{ color: blockColour(item.block) }}>
            {item.blockName}
          </span>
          <span className="q-muni">{item.municipalityName}</span>
        </div>
        <div className="q-text">{item.excerpt || item.categoryName}</div>
      </div>
      {extra}
    </li>
  );
}

export function QueuePanel({ queue, title = 'Очередь эскалации' }: { queue: ViewQueue | null; title?: string }) {
  const listRef = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState({ box: 0, row: 1, footer: 0 });
  const now = useNow(1000);
  const viewAt = useWall((s) => s.viewAt);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const measure = () => {
      const row = cssVarPx(el, '--row-px', el.clientHeight / 5);
      const footer = cssVarPx(el, '--footer-px', row / 2);
      setFit({ box: el.clientHeight, row, footer });
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const items = queue?.items ?? [];
  const total = queue?.total ?? 0;
  const f = queueFit(items.length, fit.box, fit.row, fit.footer);
  const shown = items.slice(0, f.shown);
  const more = total - shown.length;
  return (
    <section className="panel queue" data-testid="queue">
      <div className="panel-head">
        <h2>{title}</h2>
        <div className="q-counts">
          {([3, 2, 1] as const).map((l) => (
            <span key={l} className="q-count">
              <LevelBadge level={l} />
              <span className="num" data-testid={`queue-level-${l}`}>{fmtInt(queue?.byLevel[l] ?? 0)}</span>
            </span>
          ))}
        </div>
      </div>
      <div className="q-list" ref={listRef}>
        <ul>
          {shown.map((it) => (
            <QueueRow key={it.id} item={it} now={now} viewAt={viewAt} />
          ))}
        </ul>
        {more > 0 && <div className="q-more" data-testid="queue-more">{moreText(more)}</div>}
        {total === 0 && queue && <div className="empty">Очередь пуста</div>}
      </div>
    </section>
  );
}
