/**
 * The console's «Очередь» tab: the wall controls, the officer's own queue (filter, pages through
 * the whole queue) and the open message's card. The queue never follows the wall's scene.
 */
import { useCallback, useState } from 'react';
import type { Bridge } from '../../../shared/bridge/client.js';
import type { ConsoleQueueFilter } from '../../../shared/bridge/protocol.js';
import { fmtInt } from '../format.js';
import { useNow } from '../hooks.js';
import { useWall } from '../store.js';
import { Card } from './Card.js';
import { Filters } from './Filters.js';
import { QueueList } from './QueueList.js';
import { WallControls } from './WallControls.js';
import { ACTION_LABELS, pageText, readLastSeen, writeLastSeen } from './model.js';
import { useConsoleQueue, useHubChanges, useMessageCard } from './useConsoleData.js';
import type { ActionType } from '../../../shared/schema.js';

export const PAGE_SIZE = 50;

const storage = (): Storage | null => {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
};

export function QueueTab({ bridge, onMessage }: { bridge: Bridge; onMessage: (m: string | null) => void }) {
  const [filter, setFilterState] = useState<ConsoleQueueFilter>({});
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [lastSeen, setLastSeen] = useState<string | null>(() => readLastSeen(storage()));
  const [kick, setKick] = useState(0);
  const changes = useHubChanges(bridge);
  const signal = changes + kick;
  const offsetMs = useWall((s) => s.clockOffsetMs);
  const now = useNow(1000);

  const setFilter = useCallback((f: ConsoleQueueFilter) => {
    setFilterState(f);
    setOffset(0);
  }, []);
  const params = { ...filter, ...(lastSeen ? { since: lastSeen } : {}), offset, limit: PAGE_SIZE };
  const q = useConsoleQueue(bridge, params, signal);
  const card = useMessageCard(bridge, selected, signal);
  const page = q.data;

  const markSeen = () => {
    const iso = new Date(Date.now() + offsetMs).toISOString();
    writeLastSeen(storage(), iso);
    setLastSeen(iso);
  };
  const onActed = (type: string) => {
    onMessage(`«${ACTION_LABELS[type as ActionType] ?? type}» — поставлено в очередь на отправку; состояние — в карточке`);
    setKick((k) => k + 1);
  };
  const matched = page?.matched ?? 0;
  return (
    <div className="cs-queue-tab">
      <WallControls bridge={bridge} onError={onMessage} />
      <section className="cs-queue" aria-label="Очередь эскалации пульта">
        <div className="cs-qhead">
          <h2>
            Очередь эскалации: <span className="num" data-testid="queue-total">{fmtInt(page?.total ?? 0)}</span>
            {page && page.matched !== page.total && (
              <span className="cs-muted">
                {' '}
                · по фильтру <span className="num" data-testid="queue-matched">{fmtInt(page.matched)}</span>
              </span>
            )}
          </h2>
          {page && (
            <span className="cs-levels cs-muted">
              уровень 3: <b className="num">{fmtInt(page.byLevel[3])}</b> · 2: <b className="num">{fmtInt(page.byLevel[2])}</b> · 1:{' '}
              <b className="num">{fmtInt(page.byLevel[1])}</b>
            </span>
          )}
        </div>
        <Filters filter={filter} onChange={setFilter} lastSeen={lastSeen} newCount={page?.newCount ?? 0} onMarkSeen={markSeen} />
        {q.error && <div className="bad">Очередь недоступна: {q.error}</div>}
        <div className="cs-list-wrap">
          {page ? (
            page.items.length ? (
              <QueueList items={page.items} selected={selected} onOpen={setSelected} now={now} at={q.at + offsetMs} />
            ) : (
              <p className="cs-muted cs-empty">По этому фильтру в очереди ничего нет.</p>
            )
          ) : (
            <p className="cs-muted cs-empty">Загрузка очереди…</p>
          )}
        </div>
        <nav className="cs-pager" aria-label="Страницы очереди">
          <button disabled={offset === 0} onClick={() => setOffset(0)}>
            « В начало
          </button>
          <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))} data-testid="page-prev">
            ◀ Назад
          </button>
          <span className="num" data-testid="page-text">
            {pageText(offset, page?.items.length ?? 0, matched, fmtInt)}
          </span>
          <button disabled={offset + PAGE_SIZE >= matched} onClick={() => setOffset(offset + PAGE_SIZE)} data-testid="page-next">
            Вперёд ▶
          </button>
          <button
            disabled={offset + PAGE_SIZE >= matched}
            onClick={() => setOffset(Math.max(0, Math.floor((matched - 1) / PAGE_SIZE) * PAGE_SIZE))}
          >
            В конец »
          </button>
        </nav>
      </section>
      {selected ? (
        <Card bridge={bridge} card={card.data?.message.id === selected ? card.data : null} error={card.error} onClose={() => setSelected(null)} onActed={onActed} />
      ) : (
        <section className="cs-card cs-card-empty" data-testid="console-card-empty">
          <p className="cs-muted">Выберите сообщение в очереди, чтобы открыть его карточку: полный текст, действия и их состояние, ревизии.</p>
        </section>
      )}
    </div>
  );
}
