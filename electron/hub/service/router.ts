/**
 * The protocol router: validates a request envelope (shared/bridge/protocol.ts), refuses
 * console-only methods to wall clients, parses the params with the method's schema and calls the
 * one handler of that method — typed by MethodTypes, so a handler receives its own params type
 * and must return its own result type (no casts). Every outcome is a Response; it never throws.
 *
 * Each service contributes the handlers of its methods (`Pick<Handlers, …>`); the composition
 * root spreads them into one `Handlers` object, and the compiler insists that every method has one.
 */
import {
  CONSOLE_ONLY,
  RequestSchema,
  isMethod,
  parseParams,
  type Method,
  type MethodTypes,
  type Response,
  type Role,
} from '../../../shared/bridge/protocol.js';
import type { Disposable } from '../../../shared/lifecycle.js';
import { HubError, firstLine } from './errors.js';

export interface RequestContext {
  /** The client's role (masking, console-only methods). */
  readonly role: Role;
}

export type Handler<M extends Method> = (
  params: MethodTypes[M]['params'],
  ctx: RequestContext,
) => MethodTypes[M]['result'] | Promise<MethodTypes[M]['result']>;

/** One handler per method of the protocol. */
export type Handlers = { [M in Method]: Handler<M> };

function invoke<M extends Method>(handlers: Handlers, method: M, params: MethodTypes[M]['params'], ctx: RequestContext) {
  const h: Handler<M> = handlers[method];
  return h(params, ctx);
}

export class Router implements Disposable {
  private disposed = false;

  constructor(private readonly handlers: Handlers) {}

  /** Answer one request. After dispose every request is answered `unavailable`. */
  async handle(role: Role, raw: unknown): Promise<Response> {
    const env = RequestSchema.safeParse(raw);
    if (!env.success) {
      const id = (raw as { id?: unknown })?.id;
      const method = (raw as { method?: unknown })?.method;
      const safeId = typeof id === 'number' && Number.isInteger(id) && id >= 0 && id <= 0xffff_ffff ? id : 0;
      const message =
        typeof method === 'string' && !isMethod(method)
          ? `неизвестный метод «${method.slice(0, 60)}»`
          : 'неверный запрос: ожидалось { id, method, params }';
      return { id: safeId, ok: false, error: { code: 'bad_request', message } };
    }
    const { id, method } = env.data;
    if (this.disposed) return { id, ok: false, error: { code: 'unavailable', message: 'хаб остановлен' } };
    if (CONSOLE_ONLY.has(method) && role !== 'console')
      return { id, ok: false, error: { code: 'forbidden', message: `«${method}» доступно только пульту оператора` } };
    const p = parseParams(method, env.data.params);
    if (!p.ok) return { id, ok: false, error: { code: 'bad_request', message: p.message } };
    try {
      const result = await invoke(this.handlers, method, p.params, { role });
      return { id, ok: true, result };
    } catch (e) {
      if (e instanceof HubError) return { id, ok: false, error: { code: e.code, message: e.message } };
      return { id, ok: false, error: { code: 'internal', message: `внутренняя ошибка хаба: ${firstLine(e)}` } };
    }
  }

  dispose(): void {
    this.disposed = true;
  }
}
