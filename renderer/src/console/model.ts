/**
 * The console's words and rules, pure (unit-tested in tests/unit/renderer/src/console): what an
 * action is called, how its outbox state reads (queued → sending → accepted by the API, or failed
 * with the server's reason), which escalation levels are above the current one and why, and what
 * a dialog accepts before it sends.
 */
import type { ConsoleAction, ConsoleQueueFilter } from '../../../shared/bridge/protocol.js';
import type { ActionType } from '../../../shared/schema.js';
import { LEVEL_LABELS } from '../../../shared/blocks.js';

export const ACTION_LABELS: Record<ActionType, string> = {
  acknowledge: 'Принять в работу',
  assign: 'Назначить исполнителя',
  escalate: 'Эскалировать',
  comment: 'Комментарий',
  resolve: 'Решено',
};

/** The past tense of an action in a list («Принято в работу · дежурный»). */
export const ACTION_DONE_LABELS: Record<ActionType, string> = {
  acknowledge: 'Принято в работу',
  assign: 'Назначен исполнитель',
  escalate: 'Эскалировано',
  comment: 'Комментарий',
  resolve: 'Отмечено решённым',
};

export type ActionTone = 'wait' | 'ok' | 'bad';

/** How an action's state reads where the message is shown. */
export function actionStateText(a: Pick<ConsoleAction, 'state' | 'error' | 'serverRev' | 'applied' | 'attempts'>): { text: string; tone: ActionTone } {
  switch (a.state) {
    case 'queued':
      return {
        text: a.attempts > 0 && a.error ? `ждёт повторной отправки (${a.error})` : 'в очереди на отправку',
        tone: 'wait',
      };
    case 'sending':
      return { text: 'отправляется', tone: 'wait' };
    case 'accepted':
      return a.applied
        ? { text: `принято API, ревизия ${a.serverRev ?? '—'} получена`, tone: 'ok' }
        : { text: `принято API, ждём ревизию ${a.serverRev ?? '—'} из ленты`, tone: 'ok' };
    case 'failed':
      return { text: `отклонено: ${a.error ?? 'причина не указана'}`, tone: 'bad' };
  }
}

/** The payload of an action in words («→ Администрация …», «на уровень 3», the comment). */
export function actionDetail(a: Pick<ConsoleAction, 'type' | 'payload'>): string {
  if (a.type === 'assign' && a.payload.assignee) return `→ ${a.payload.assignee}`;
  if (a.type === 'escalate' && a.payload.level) return `на уровень ${a.payload.level} (${LEVEL_LABELS[a.payload.level as 1 | 2 | 3] ?? ''})`;
  if (a.type === 'comment' && a.payload.comment) return `«${a.payload.comment}»`;
  return '';
}

export interface EscalationOption {
  level: 1 | 2 | 3;
  title: string;
  /** Why and who acts, in Russian (docs/spec/kpi.md, "Escalation queue": who must act at each level). */
  explanation: string;
}

const EXPLANATIONS: Record<1 | 2 | 3, string> = {
  1: 'Руководитель отраслевого блока организует ответ исполнителя и следит за сроком. По правилам очереди — просрочка до суток или срок истекает в ближайшие два часа.',
  2: 'Ответственный за отраслевой блок берёт сообщение под личный контроль. По правилам очереди — просрочка от суток до трёх, высокий резонанс, повторная доработка или массовая проблема.',
  3: 'Куратор ЦУР — крайняя мера. По правилам очереди — просрочка больше трёх суток или очень высокий резонанс; эскалируйте, когда блок не решает проблему сам.',
};

/**
 * Levels an operator may escalate to: strictly above both the queue's level now and any level it
 * was already escalated to. Empty: already at the curator.
 */
export function escalationOptions(queueLevel: 1 | 2 | 3 | null, escalatedTo: 1 | 2 | 3 | null): EscalationOption[] {
  const current = Math.max(queueLevel ?? 0, escalatedTo ?? 0);
  const out: EscalationOption[] = [];
  for (const level of [1, 2, 3] as const)
    if (level > current) out.push({ level, title: `Уровень ${level}: ${LEVEL_LABELS[level]}`, explanation: EXPLANATIONS[level] });
  return out;
}

/** The current level in words (the dialog says where the message is now). */
export function currentLevelText(queueLevel: 1 | 2 | 3 | null, escalatedTo: 1 | 2 | 3 | null): string {
  const current = Math.max(queueLevel ?? 0, escalatedTo ?? 0);
  if (current === 0) return 'Сообщение не в очереди эскалации.';
  const who = LEVEL_LABELS[current as 1 | 2 | 3];
  return escalatedTo !== null && escalatedTo >= (queueLevel ?? 0)
    ? `Сейчас: уровень ${current} (${who}) — эскалировано оператором.`
    : `Сейчас: уровень ${current} (${who}) — по правилам очереди.`;
}

export const COMMENT_MAX = 4000;
export const ASSIGNEE_MAX = 500;

/** A dialog's text field: trimmed, not empty, not too long — or the reason in Russian. */
export function checkText(value: string, max: number, what: string): { ok: true; value: string } | { ok: false; message: string } {
  const v = value.trim();
  if (!v) return { ok: false, message: `Укажите ${what}.` };
  if (v.length > max) return { ok: false, message: `Слишком длинно: ${v.length} знаков, можно до ${max}.` };
  return { ok: true, value: v };
}

/** Whether a filter narrows the queue at all (the «Сбросить» button). */
export function filterIsEmpty(f: ConsoleQueueFilter): boolean {
  return (
    !f.levels?.length &&
    !f.reasons?.length &&
    !f.blocks?.length &&
    !f.municipalities?.length &&
    !f.channels?.length &&
    !f.text?.trim() &&
    !f.onlyNew
  );
}

/** «1–50 из 3 555» */
export function pageText(offset: number, shown: number, matched: number, fmt: (n: number) => string): string {
  if (matched === 0) return 'ничего не найдено';
  return `${fmt(offset + 1)}–${fmt(offset + shown)} из ${fmt(matched)}`;
}

/** Where "I last looked" is kept, per console (this browser profile). */
export const LAST_SEEN_KEY = 'situation-wall:console:last-seen';

export function readLastSeen(storage: Pick<Storage, 'getItem'> | null): string | null {
  try {
    const v = storage?.getItem(LAST_SEEN_KEY) ?? null;
    return v && !Number.isNaN(Date.parse(v)) ? v : null;
  } catch {
    return null;
  }
}

export function writeLastSeen(storage: Pick<Storage, 'setItem'> | null, iso: string): void {
  try {
    storage?.setItem(LAST_SEEN_KEY, iso);
  } catch {
    // private mode or full storage: the mark lives until the window closes
  }
}
