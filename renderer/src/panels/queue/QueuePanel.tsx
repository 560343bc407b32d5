/**
 * Escalation queue panel: the counts per level in the head, then as many whole rows as the box holds
 * (rows have a fixed height, so «+N ещё» is exact and nothing jumps when numbers tick).
 */
import { useLayoutEffect, useRef, useState } from 'react';
import { fmtInt } from '../../format.js';
import { moreText, queueFit } from '../../queueFit.js';
import { useNow, useStateWord } from '../../hooks.js';
import { useWall } from '../../store.js';
import { cssVarPx } from '../../measure.js';
import { LevelBadge } from '../../components/LevelBadge.js';
import { QueueRow } from '../../components/QueueRow.js';
import type { PanelProps } from '../types.js';

export function QueuePanel(_: PanelProps) {
  const stateWord = useStateWord();
  const queue = useWall((s) => s.view?.queue ?? null);
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
        <h2>
          Очередь эскалации <span className="h2-period">{stateWord}</span>
        </h2>
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
