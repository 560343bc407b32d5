/**
 * The dialogs of the console's actions: assign (choose an executor from the directory of the
 * message's municipality and block, or type one), escalate (a level above the current, each
 * explained), comment, resolve (confirm, with what the API will do). Each sends one `act`
 * through the bridge and closes when the hub has queued it; a refusal stays in the dialog.
 */
import { useState } from 'react';
import type { Executor, MessageCardResult } from '../../../shared/bridge/protocol.js';
import type { ActionType } from '../../../shared/schema.js';
import { STATUS_LABELS } from '../../../shared/blocks.js';
import { Dialog } from './Dialog.js';
import { ASSIGNEE_MAX, COMMENT_MAX, checkText, currentLevelText, escalationOptions } from './model.js';

export type DialogKind = 'assign' | 'escalate' | 'comment' | 'resolve';

export type SendAction = (type: ActionType, payload: { assignee?: string; level?: number; comment?: string }) => Promise<void>;

interface Props {
  card: MessageCardResult;
  send: SendAction;
  onClose: () => void;
}

/** Runs `send`, keeps the dialog open with the hub's reason when it fails. */
function useSend(send: SendAction, onClose: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = (type: ActionType, payload: Parameters<SendAction>[1]) => {
    setBusy(true);
    setError(null);
    send(type, payload).then(
      () => onClose(),
      (e: Error) => {
        setBusy(false);
        setError(`Не поставлено в очередь: ${e.message}`);
      },
    );
  };
  return { busy, error, setError, go };
}

function executorNote(e: Executor): string {
  if (e.source === 'reference') return 'из справочника муниципалитетов';
  const n = new Intl.NumberFormat('ru-RU').format(e.count);
  return e.scope === 'municipality' ? `исполнитель ${n} сообщ. этого муниципалитета и блока` : `региональный орган блока: ${n} сообщ.`;
}

export function AssignDialog({ card, send, onClose }: Props) {
  const s = useSend(send, onClose);
  const OTHER = '\u0000other';
  const current = card.message.assignee ?? null;
  // the first executor other than the one assigned now
  const [choice, setChoice] = useState<string>(card.executors.find((e) => e.name !== current)?.name ?? OTHER);
  const [other, setOther] = useState('');
  const submit = () => {
    const raw = choice === OTHER ? other : choice;
    const c = checkText(raw, ASSIGNEE_MAX, 'исполнителя');
    if (!c.ok) return s.setError(c.message);
    if (c.value === current) return s.setError('Этот исполнитель уже назначен.');
    s.go('assign', { assignee: c.value });
  };
  return (
    <Dialog title="Назначить исполнителя" submitLabel="Назначить" onSubmit={submit} onClose={onClose} busy={s.busy} error={s.error} testId="dialog-assign">
      <p className="cd-lead">
        {card.municipalityName} · {card.blockName}
        <br />
        Сейчас: {current ? <b>{current}</b> : 'исполнитель не назначен'}
      </p>
      <fieldset className="cd-options">
        <legend>Исполнители этого муниципалитета и блока</legend>
        {card.executors.length === 0 && <p className="cd-note">Справочник исполнителей пуст: укажите исполнителя ниже.</p>}
        {card.executors.map((e) => (
          <label key={e.name} className={`cd-option ${choice === e.name ? 'on' : ''}`}>
            <input type="radio" name="executor" value={e.name} checked={choice === e.name} onChange={() => setChoice(e.name)} />
            <span>
              <span className="cd-option-title">{e.name}</span>
              <span className="cd-note">{e.name === current ? 'назначен сейчас' : executorNote(e)}</span>
            </span>
          </label>
        ))}
        <label className={`cd-option ${choice === OTHER ? 'on' : ''}`}>
          <input type="radio" name="executor" value={OTHER} checked={choice === OTHER} onChange={() => setChoice(OTHER)} />
          <span className="cd-option-title">Другой исполнитель</span>
        </label>
        {choice === OTHER && (
          <input
            className="cd-input"
            type="text"
            aria-label="Исполнитель"
            placeholder="Название организации или должность"
            maxLength={ASSIGNEE_MAX}
            value={other}
            onChange={(e) => setOther(e.target.value)}
            autoFocus
          />
        )}
      </fieldset>
    </Dialog>
  );
}

export function EscalateDialog({ card, send, onClose }: Props) {
  const s = useSend(send, onClose);
  const options = escalationOptions(card.queue?.level ?? null, card.escalatedTo);
  const [level, setLevel] = useState<number | null>(options[0]?.level ?? null);
  const [comment, setComment] = useState('');
  const submit = () => {
    if (level === null) return s.setError(options.length ? 'Выберите уровень.' : 'Выше уровня куратора ЦУР эскалировать некуда.');
    const c = comment.trim();
    if (c.length > COMMENT_MAX) return s.setError(`Комментарий длиннее ${COMMENT_MAX} знаков.`);
    s.go('escalate', c ? { level, comment: c } : { level });
  };
  return (
    <Dialog title="Эскалировать" submitLabel="Эскалировать" onSubmit={submit} onClose={onClose} busy={s.busy} error={s.error} testId="dialog-escalate">
      <p className="cd-lead">{currentLevelText(card.queue?.level ?? null, card.escalatedTo)}</p>
      {options.length === 0 ? (
        <p className="cd-note">Сообщение уже у куратора ЦУР — это высший уровень.</p>
      ) : (
        <fieldset className="cd-options">
          <legend>Кому передать</legend>
          {options.map((o) => (
            <label key={o.level} className={`cd-option ${level === o.level ? 'on' : ''}`}>
              <input type="radio" name="level" value={o.level} checked={level === o.level} onChange={() => setLevel(o.level)} />
              <span>
                <span className="cd-option-title">{o.title}</span>
                <span className="cd-note">{o.explanation}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <label className="cd-field">
        <span>Пояснение (необязательно)</span>
        <textarea rows={3} maxLength={COMMENT_MAX} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
    </Dialog>
  );
}

export function CommentDialog({ send, onClose }: Props) {
  const s = useSend(send, onClose);
  const [text, setText] = useState('');
  const submit = () => {
    const c = checkText(text, COMMENT_MAX, 'текст комментария');
    if (!c.ok) return s.setError(c.message);
    s.go('comment', { comment: c.value });
  };
  return (
    <Dialog title="Комментарий" submitLabel="Добавить" onSubmit={submit} onClose={onClose} busy={s.busy} error={s.error} testId="dialog-comment">
      <label className="cd-field">
        <span>Текст комментария (уйдёт в центральную систему вместе с сообщением)</span>
        <textarea rows={5} maxLength={COMMENT_MAX} value={text} onChange={(e) => setText(e.target.value)} aria-label="Текст комментария" />
      </label>
      <div className="cd-note">
        {new Intl.NumberFormat('ru-RU').format(text.trim().length)} из {new Intl.NumberFormat('ru-RU').format(COMMENT_MAX)} знаков
      </div>
    </Dialog>
  );
}

export function ResolveDialog({ card, send, onClose }: Props) {
  const s = useSend(send, onClose);
  const [comment, setComment] = useState('');
  const status = STATUS_LABELS[card.message.status];
  const submit = () => {
    const c = comment.trim();
    if (c.length > COMMENT_MAX) return s.setError(`Комментарий длиннее ${COMMENT_MAX} знаков.`);
    s.go('resolve', c ? { comment: c } : {});
  };
  return (
    <Dialog title="Отметить решённым" submitLabel="Решено" onSubmit={submit} onClose={onClose} busy={s.busy} error={s.error} testId="dialog-resolve">
      <p className="cd-lead">
        Статус сейчас: <b>{status}</b>. Центральная система отметит сообщение отвеченным («Дан ответ») и уберёт его из очереди эскалации.
        Если ответ уже дан или сообщение закрыто, она откажет, и пульт покажет причину.
      </p>
      <label className="cd-field">
        <span>Что сделано (необязательно)</span>
        <textarea rows={3} maxLength={COMMENT_MAX} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
    </Dialog>
  );
}

export function ActionDialog({ kind, ...p }: Props & { kind: DialogKind }) {
  if (kind === 'assign') return <AssignDialog {...p} />;
  if (kind === 'escalate') return <EscalateDialog {...p} />;
  if (kind === 'comment') return <CommentDialog {...p} />;
  return <ResolveDialog {...p} />;
}
