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
import { decideOn } from '../actions.js';

/** Largest request body accepted (413 beyond). */
export const MAX_ACTION_BODY = 1 << 20;

/**
 * Decides an action against the current message: [status, body, new message or null] — by the
 * rules shared with the demo's own endpoint (../actions.ts), stamped now.
 */
export function decideAction(store: Pick<CentralStore, 'get' | 'isDeleted'>, a: Action, nowIso = new Date().toISOString()): [number, unknown, Message | null] {
  const d = decideOn(store.get(a.messageId), a, nowIso, store.isDeleted(a.messageId));
  return [d.status, d.body, d.next];
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
