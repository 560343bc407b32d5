/**
 * How the central API answers an operator action (docs/spec/central-api.md, POST /v1/actions):
 * one decision function shared by the reference server (./routes/actions.ts) and the demo's local
 * endpoint (electron/hub/outbox/local.ts), so the two can never disagree.
 *
 * Against the message's current state:
 *   acknowledge  new / rework → in_progress, with a first response (kept if it already had one)
 *   assign       an open message gets the assignee (422 without one)
 *   escalate     an open message: accepted (a new revision, nothing visible changes)
 *   comment      accepted on any message (422 when empty)
 *   resolve      an open message → answered (its answeredAt set); an answered, closed or
 *                rejected one → 409 («уже отвечено»)
 * A missing or deleted message → 409. Every accepted action makes a new revision (rev + 1)
 * stamped with the decision instant (never earlier than the previous revision's updatedAt).
 */
import type { Action, Message } from '../../../shared/schema.js';

export const OPEN_STATUSES: ReadonlySet<string> = new Set(['new', 'in_progress', 'rework']);

const STATUS_RU: Record<string, string> = {
  new: 'новое',
  in_progress: 'в работе',
  answered: 'отвечено',
  rework: 'на доработке',
  closed: 'закрыто',
  rejected: 'отклонено',
};
const statusRu = (s: string) => STATUS_RU[s] ?? s;

export type ActionDecision =
  | { status: 201; body: { accepted: true; rev: number }; next: Message }
  | { status: 409 | 422; body: { error: string }; next: null };

const refuse = (status: 409 | 422, error: string): ActionDecision => ({ status, body: { error }, next: null });

/**
 * Decides `a` against `cur` (the message as the API holds it now, null when absent) at instant
 * `nowIso` (RFC 3339). `deleted` says whether an absent message was deleted.
 */
export function decideOn(cur: Message | null, a: Action, nowIso: string, deleted = false): ActionDecision {
  if (!cur) return refuse(409, deleted ? `сообщение ${a.messageId} удалено` : `сообщение ${a.messageId} не найдено`);
  const open = OPEN_STATUSES.has(cur.status);
  const prevAt = cur.updatedAt ? Date.parse(cur.updatedAt) : NaN;
  const stamp = Number.isFinite(prevAt) && prevAt > Date.parse(nowIso) ? cur.updatedAt! : nowIso;
  const next: Message = { ...cur, rev: cur.rev + 1, updatedAt: stamp };
  switch (a.type) {
    case 'acknowledge':
      if (cur.status !== 'new' && cur.status !== 'rework')
        return refuse(409, `нельзя принять в работу: статус «${statusRu(cur.status)}»`);
      next.status = 'in_progress';
      next.firstResponseAt = cur.firstResponseAt ?? a.at;
      break;
    case 'assign':
      if (!a.payload.assignee) return refuse(422, 'payload.assignee: не указан исполнитель');
      if (!open) return refuse(409, `нельзя назначить исполнителя: статус «${statusRu(cur.status)}»`);
      next.assignee = a.payload.assignee;
      break;
    case 'escalate':
      if (!open) return refuse(409, `нельзя эскалировать: статус «${statusRu(cur.status)}»`);
      break;
    case 'comment':
      if (!a.payload.comment) return refuse(422, 'payload.comment: пустой комментарий');
      break;
    case 'resolve':
      if (!open) return refuse(409, `сообщение уже ${cur.status === 'answered' ? 'отвечено' : `в статусе «${statusRu(cur.status)}»`}: решать нечего`);
      next.status = 'answered';
      next.answeredAt = cur.answeredAt ?? a.at;
      if (!next.firstResponseAt) next.firstResponseAt = next.answeredAt;
      break;
  }
  return { status: 201, body: { accepted: true, rev: next.rev }, next };
}
