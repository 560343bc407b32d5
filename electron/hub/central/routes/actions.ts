/**
 * POST /v1/actions of the reference server (docs/spec/central-api.md: actions): an operator's
 * action (console token only), idempotent by its Idempotency-Key (a replay gets the first answer,
 * another body under the same key 422), decided against the current message and, when accepted,
 * appended to the log as the message's next revision. Under faults the answer may be lost after
 * the action was done (the client re-sends with the same key).
 */
import type http from 'node:http';
import { ActionSchema, describeZodError, type Action, type Message } from '../../../../shared/schema.js';
import { error, type RouteHandler, type ServerContext } from '../context.js';
import type { CentralStore } from '../store.js';

const ACTION_OPEN = new Set(['new', 'in_progress', 'rework']);

/** Largest request body accepted (413 beyond). */
export const MAX_ACTION_BODY = 1 << 20;

/** Decides an action against the current message: [status, body, new message or null]. */
export function decideAction(store: Pick<CentralStore, 'get' | 'isDeleted'>, a: Action): [number, unknown, Message | null] {
  const cur = store.get(a.messageId);
  if (!cur)
    return [409, { error: store.isDeleted(a.messageId) ? `сообщение ${a.messageId} удалено` : `сообщение ${a.messageId} не найдено` }, null];
  const open = ACTION_OPEN.has(cur.status);
  const next: Message = { ...cur, rev: cur.rev + 1 };
  switch (a.type) {
    case 'acknowledge':
      if (cur.status !== 'new' && cur.status !== 'rework')
        return [409, { error: `нельзя принять в работу: статус «${cur.status}»` }, null];
      next.status = 'in_progress';
      next.firstResponseAt = cur.firstResponseAt ?? a.at;
      break;
    case 'assign':
      if (!a.payload.assignee) return [422, { error: 'payload.assignee: не указан исполнитель' }, null];
      if (!open) return [409, { error: `нельзя назначить исполнителя: статус «${cur.status}»` }, null];
      next.assignee = a.payload.assignee;
      break;
    case 'escalate':
      if (!open) return [409, { error: `нельзя эскалировать: статус «${cur.status}»` }, null];
      break;
    case 'comment':
      if (!a.payload.comment) return [422, { error: 'payload.comment: пустой комментарий' }, null];
      break;
    case 'resolve':
      if (cur.status === 'closed' || cur.status === 'rejected')
        return [409, { error: `сообщение уже закрыто (статус «${cur.status}»)` }, null];
      next.status = 'closed';
      next.answeredAt = cur.answeredAt ?? a.at;
      break;
  }
  return [201, { accepted: true, rev: next.rev }, next];
}

export interface ActionsRouteOptions {
  /** The read-write token: the only one allowed to act. */
  consoleToken: string;
  /** Appends the message's next revision to the log. */
  push(items: readonly unknown[]): void;
}

export function actionsRoute(ctx: ServerContext, o: ActionsRouteOptions): RouteHandler {
  const { stats } = ctx;
  const idem = new Map<string, { status: number; body: string; fingerprint: string }>();
  return async (req: http.IncomingMessage, res: http.ServerResponse, _url: URL, token: string) => {
    if (token !== o.consoleToken) return error(res, 403, 'токен только для чтения: действия требуют токен консоли');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_ACTION_BODY) return error(res, 413, 'тело запроса больше 1 МиБ');
      chunks.push(c as Buffer);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return error(res, 422, 'тело запроса — не JSON');
    }
    const parsed = ActionSchema.safeParse(raw);
    if (!parsed.success) return error(res, 422, describeZodError(parsed.error));
    const a = parsed.data;
    const key = req.headers['idempotency-key'];
    if (key !== a.id) return error(res, 422, 'заголовок Idempotency-Key должен совпадать с id действия');
    const fingerprint = JSON.stringify(a);
    const st = (stats.actions[key] ??= { processed: 0, replays: 0, status: 0 });
    let answer = idem.get(key);
    if (answer) {
      if (answer.fingerprint !== fingerprint)
        return error(res, 422, 'Idempotency-Key уже использован для другого действия');
      st.replays++;
    } else {
      const [status, body, next] = decideAction(ctx.store, a);
      answer = { status, body: JSON.stringify(body), fingerprint };
      if (status !== 422) idem.set(key, answer);
      st.processed++;
      st.status = status;
      stats.actionOrder.push(key);
      if (next) o.push([next]);
    }
    if (ctx.roll(ctx.faults.drop)) {
      // The action is done, the answer is lost: the client must re-send with the same key.
      ctx.count(stats.faults, 'drop');
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer.body) });
      res.write(answer.body.slice(0, 3), () => res.socket?.destroy());
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer.body) });
    res.end(answer.body);
  };
}
