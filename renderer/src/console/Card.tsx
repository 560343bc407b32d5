/**
 * A message's card on the console: the full text (console only; the wall shows it masked), where
 * and when, its place in the queue, the actions it allows, the actions taken on it with their
 * outbox state, and its revisions (`history`: today the cache's current revision only).
 */
import { useState } from 'react';
import type { Bridge } from '../../../shared/bridge/client.js';
import type { MessageCardResult } from '../../../shared/bridge/protocol.js';
import { LEVEL_LABELS, REASON_LABELS, STATUS_LABELS, blockColour } from '../../../shared/blocks.js';
import { formatInZone } from '../../../shared/zone.js';
import { LevelBadge } from '../components/LevelBadge.js';
import { fmtInt, fmtDurationMin } from '../format.js';
import { useWall } from '../store.js';
import { ActionDialog, type DialogKind, type SendAction } from './ActionDialogs.js';
import { ActionState } from './ActionState.js';
import { ACTION_DONE_LABELS, actionDetail, escalationOptions } from './model.js';

export interface CardProps {
  bridge: Bridge;
  card: MessageCardResult | null;
  error: string | null;
  onClose: () => void;
  /** An action was queued (refresh now). */
  onActed: (text: string) => void;
}

const ACK_FROM = new Set(['new', 'rework']);
const OPEN = new Set(['new', 'in_progress', 'rework']);

export function Card({ bridge, card, error, onClose, onActed }: CardProps) {
  const tz = useWall((s) => s.hello?.region.timezone ?? 'UTC');
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [ackBusy, setAckBusy] = useState(false);
  const [ackError, setAckError] = useState<string | null>(null);
  if (!card)
    return (
      <section className="cs-card cs-card-empty" data-testid="console-card" aria-label="Карточка сообщения">
        {error ? <p className="bad">Карточка недоступна: {error}</p> : <p className="cs-muted">Загрузка карточки…</p>}
      </section>
    );
  const m = card.message;
  const when = (t: string | null | undefined) => (t ? formatInZone(Date.parse(t), tz) : '—');
  const send: SendAction = async (type, payload) => {
    await bridge.request('act', { messageId: m.id, type, payload });
    onActed(type);
  };
  const acknowledge = () => {
    setAckBusy(true);
    setAckError(null);
    send('acknowledge', {}).then(
      () => setAckBusy(false),
      (e: Error) => {
        setAckBusy(false);
        setAckError(`Не поставлено в очередь: ${e.message}`);
      },
    );
  };
  const open = OPEN.has(m.status);
  const canEscalate = open && escalationOptions(card.queue?.level ?? null, card.escalatedTo).length > 0;
  return (
    <section className="cs-card" data-testid="console-card" data-id={m.id} data-status={m.status} data-rev={m.rev} aria-label="Карточка сообщения">
      <header className="cs-card-head">
        {card.queue ? <LevelBadge level={card.queue.level} /> : <span className="cs-noq">вне очереди</span>}
        <div className="cs-card-title">
          <h2>
            {card.categoryName} <span className="cs-muted cs-id">№ {m.id}</span>
          </h2>
          <div className="cs-row-where">
            <span style={{ color: blockColour(m.block) }}>{card.blockName}</span>
            <span className="cs-muted">{card.municipalityName}</span>
            <span className="cs-muted">{card.channelName}</span>
          </div>
        </div>
        <button className="cs-close" onClick={onClose} aria-label="Закрыть карточку">
          ✕
        </button>
      </header>
      <dl className="cs-facts">
        <dt>Статус</dt>
        <dd data-testid="card-status">{STATUS_LABELS[m.status]}</dd>
        <dt>Исполнитель</dt>
        <dd data-testid="card-assignee">{m.assignee ?? 'не назначен'}</dd>
        <dt>Поступило</dt>
        <dd>{when(m.createdAt)}</dd>
        <dt>Срок ответа</dt>
        <dd>{when(m.dueAt)}</dd>
        <dt>Первый отклик</dt>
        <dd>{when(m.firstResponseAt)}</dd>
        <dt>Ответ</dt>
        <dd>{when(m.answeredAt)}</dd>
        {card.queue && (
          <>
            <dt>В очереди</dt>
            <dd>
              уровень {card.queue.level} ({LEVEL_LABELS[card.queue.level]}): {card.queue.reasons.map((r) => REASON_LABELS[r]).join(', ')}
              {card.queue.overdueMin > 0 ? `; просрочено на ${fmtDurationMin(card.queue.overdueMin)}` : ''}
            </dd>
          </>
        )}
        {card.escalatedTo && (
          <>
            <dt>Эскалировано</dt>
            <dd>на уровень {card.escalatedTo} ({LEVEL_LABELS[card.escalatedTo]})</dd>
          </>
        )}
      </dl>
      <div className="cs-actions" role="group" aria-label="Действия">
        <button className="primary" disabled={!ACK_FROM.has(m.status) || ackBusy} onClick={acknowledge} data-action="acknowledge" title={ACK_FROM.has(m.status) ? '' : 'Принять можно новое или возвращённое на доработку сообщение'}>
          Принять в работу
        </button>
        <button disabled={!open} onClick={() => setDialog('assign')} data-action="assign">
          Назначить…
        </button>
        <button disabled={!canEscalate} onClick={() => setDialog('escalate')} data-action="escalate">
          Эскалировать…
        </button>
        <button onClick={() => setDialog('comment')} data-action="comment">
          Комментарий…
        </button>
        <button disabled={!open} onClick={() => setDialog('resolve')} data-action="resolve">
          Решено…
        </button>
        <button onClick={() => void bridge.request('intent', { type: 'setScene', scene: `municipality:${m.municipality}` }).catch(() => undefined)}>
          Муниципалитет на стену
        </button>
      </div>
      {ackError && (
        <div className="bad" role="alert">
          {ackError}
        </div>
      )}
      <h3>Текст обращения</h3>
      <div className="cs-fulltext" data-testid="card-text">
        {m.text || '(без текста)'}
      </div>
      <p className="cs-note">Полный текст виден только на пульте; на стене личные данные скрыты.</p>
      <h3>Действия ({fmtInt(card.actions.length)})</h3>
      {card.actions.length === 0 ? (
        <p className="cs-muted">Действий по сообщению ещё не было.</p>
      ) : (
        <ol className="cs-actlist" data-testid="card-actions">
          {[...card.actions].reverse().map((a) => (
            <li key={a.id} data-action-id={a.id} data-state={a.state}>
              <div>
                <b>{ACTION_DONE_LABELS[a.type]}</b> {actionDetail(a)}
              </div>
              <div className="cs-muted">
                {when(a.at)} · {a.operator}
              </div>
              <ActionState action={a} />
            </li>
          ))}
        </ol>
      )}
      <h3>Ревизии</h3>
      <ol className="cs-revs" data-testid="card-history">
        {[...card.history].reverse().map((r) => (
          <li key={r.rev} data-rev={r.rev}>
            <b>Ревизия {r.rev}</b> · {STATUS_LABELS[r.status]} · {when(r.updatedAt ?? r.createdAt)}
            {r.assignee ? ` · ${r.assignee}` : ''}
          </li>
        ))}
      </ol>
      {!card.historyComplete && <p className="cs-note">Показана ревизия, которая есть в кэше сейчас; более ранние кэш пока не хранит.</p>}
      {dialog && <ActionDialog kind={dialog} card={card} send={send} onClose={() => setDialog(null)} />}
    </section>
  );
}
