/**
 * Duty officer's console: what the wall shows (scene, playlist, pin, filters) and the escalation
 * queue with actions. It changes the wall only by sending intents to the hub. Full texts are fetched
 * on demand (getMessage, console-only on the hub side).
 */
import { useState } from 'react';
import type { Bridge } from '../../shared/bridge/client.js';
import type { Intent } from '../../shared/bridge/wallState.js';
import { WINDOW_LABELS, WINDOW_PRESETS, sceneTitle } from '../../shared/bridge/wallState.js';
import type { GetMessageResult, ViewQueueItem } from '../../shared/bridge/protocol.js';
import { STANDARD_BLOCKS, blockColour } from '../../shared/blocks.js';
import { useWall } from './store.js';
import { useNames } from './names.js';
import { Header } from './components/Header.js';
import { QueueRow } from './components/QueueRow.js';
import { useNow } from './hooks.js';
import { fmtInt } from './format.js';
import { Timeline } from './console/timeline/Timeline.js';

export function Console({ bridge }: { bridge: Bridge }) {
  const wall = useWall((s) => s.wall);
  const hello = useWall((s) => s.hello);
  const view = useWall((s) => s.view);
  const viewAt = useWall((s) => s.viewAt);
  const names = useNames();
  const now = useNow(1000);
  const [msg, setMsg] = useState<string | null>(null);
  const [open, setOpen] = useState<Record<string, GetMessageResult | 'loading' | string>>({});
  const send = (intent: Intent) =>
    bridge.request('intent', intent).then(
      () => setMsg(null),
      (e: Error) => setMsg(`Не выполнено: ${e.message}`),
    );
  const act = (item: ViewQueueItem, type: 'acknowledge' | 'assign' | 'escalate' | 'comment') => {
    let payload: { assignee?: string; level?: number; comment?: string } = {};
    if (type === 'assign') {
      const who = window.prompt('Кому назначить?');
      if (!who) return;
      payload = { assignee: who };
    } else if (type === 'escalate') payload = { level: Math.min(3, item.level + 1) };
    else if (type === 'comment') {
      const c = window.prompt('Комментарий');
      if (!c) return;
      payload = { comment: c };
    }
    bridge.request('act', { messageId: item.id, type, payload } as never).then(
      () => setMsg(`Действие «${ACTION_LABELS[type]}» поставлено в очередь отправки`),
      (e: Error) => setMsg(`Не выполнено: ${e.message}`),
    );
  };
  const toggleText = (id: string) => {
    if (open[id]) {
      const { [id]: _drop, ...rest } = open;
      setOpen(rest);
      return;
    }
    setOpen({ ...open, [id]: 'loading' });
    bridge.request('getMessage', { id }).then(
      (r) => setOpen((o) => ({ ...o, [id]: r })),
      (e: Error) => setOpen((o) => ({ ...o, [id]: `Текст недоступен: ${e.message}` })),
    );
  };
  const scenes = hello?.scenes ?? [];
  const blocks = hello?.reference?.blocks.map((b) => b.id) ?? [...STANDARD_BLOCKS];
  const fBlocks = wall?.filters.blocks ?? [];
  return (
    <div className="console" data-testid="console">
      <Header title="Пульт дежурного" />
      {msg && <div className="console-msg" role="status">{msg}</div>}
      <div className="console-body">
        <aside className="console-side">
          <h2>Сцена на стене</h2>
          <div className="scene-now" data-testid="console-scene">
            {wall ? sceneTitle(wall.scene, names) : '—'} {wall?.pinned && <b>(закреплена)</b>}
          </div>
          <div className="btn-row">
            <button onClick={() => send({ type: 'playlistPrev' })}>◀ Назад</button>
            {wall?.playlist.paused ? (
              <button onClick={() => send({ type: 'playlistResume' })}>▶ Продолжить</button>
            ) : (
              <button onClick={() => send({ type: 'playlistPause' })}>❚❚ Пауза</button>
            )}
            <button onClick={() => send({ type: 'playlistNext' })}>Вперёд ▶</button>
            {wall?.pinned ? (
              <button onClick={() => send({ type: 'unpin' })}>Открепить</button>
            ) : (
              <button onClick={() => send({ type: 'pin' })}>Закрепить</button>
            )}
          </div>
          <ul className="scene-list">
            {scenes.map((s) => (
              <li key={s.id}>
                <button className={wall?.scene === s.id ? 'on' : ''} data-scene={s.id} onClick={() => send({ type: 'setScene', scene: s.id })}>
                  {s.title}
                </button>
              </li>
            ))}
          </ul>
          <h2>Период</h2>
          <div className="btn-row">
            {WINDOW_PRESETS.map((w) => (
              <button key={w} className={wall?.filters.window === w ? 'on' : ''} onClick={() => send({ type: 'setFilters', window: w })}>
                {WINDOW_LABELS[w]}
              </button>
            ))}
          </div>
          <h2>Блоки</h2>
          <div className="btn-row wrap">
            {blocks.map((b) => (
              <label key={b} className="chk">
                <input
                  type="checkbox"
                  checked={fBlocks.includes(b)}
                  onChange={(e) =>
                    send({ type: 'setFilters', blocks: e.target.checked ? [...fBlocks, b] : fBlocks.filter((x) => x !== b) })
                  }
                />
                <span style={{ color: blockColour(b) }}>{names.block(b)}</span>
              </label>
            ))}
          </div>
        </aside>
        <section className="console-queue">
          <Timeline bridge={bridge} />
          <h2>
            Очередь эскалации: <span className="num">{fmtInt(view?.queue.total ?? 0)}</span>
          </h2>
          <ul>
            {(view?.queue.items ?? []).map((it) => {
              const o = open[it.id];
              return (
                <div key={it.id} className="cq-item">
                  <QueueRow
                    item={it}
                    now={now}
                    viewAt={viewAt}
                    extra={
                      <div className="cq-actions">
                        <button onClick={() => act(it, 'acknowledge')}>Принять</button>
                        <button onClick={() => act(it, 'assign')}>Назначить</button>
                        <button onClick={() => act(it, 'escalate')}>Эскалировать</button>
                        <button onClick={() => act(it, 'comment')}>Комментарий</button>
                        <button onClick={() => toggleText(it.id)}>{o ? 'Скрыть текст' : 'Полный текст'}</button>
                        <button onClick={() => send({ type: 'setScene', scene: `municipality:${it.municipality}` })}>На стену</button>
                      </div>
                    }
                  />
                  {o && (
                    <div className="cq-full">
                      {o === 'loading' ? 'Загрузка…' : typeof o === 'string' ? o : (o.message as { text?: string }).text ?? '(без текста)'}
                    </div>
                  )}
                </div>
              );
            })}
          </ul>
        </section>
      </div>
    </div>
  );
}

const ACTION_LABELS = { acknowledge: 'принять', assign: 'назначить', escalate: 'эскалировать', comment: 'комментарий' } as const;
