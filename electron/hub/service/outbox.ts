/**
 * The console's `act` method: an operator action goes to the outbox of the cache
 * (electron/hub/outbox) and is delivered by the outbox deliverer when the hub syncs with an API
 * (./sync.ts). The health is refreshed at once (its outbox counts changed).
 */
import type { Cache } from '../cache/api.js';
import type { Action } from '../../../shared/schema.js';
import type { MethodTypes } from '../../../shared/bridge/protocol.js';
import { enqueueAction } from '../outbox/outbox.js';
import { HubError, firstLine } from './errors.js';
import type { Handlers } from './router.js';
import type { SourceSink } from './sink.js';

export interface OperatorAction {
  messageId: string;
  type: Action['type'];
  payload: Action['payload'];
  operator: string;
  at: string;
}

export type EnqueueResult = { ok: true; actionId: string } | { ok: false; message: string };

export async function enqueueOperatorAction(cache: Cache, a: OperatorAction): Promise<EnqueueResult> {
  try {
    const act = enqueueAction(cache, a);
    return { ok: true, actionId: act.id };
  } catch (e) {
    return { ok: false, message: `действие недоступно: ${firstLine(e)}` };
  }
}

export interface OperatorActionsOptions {
  /** Operator id recorded when the console names none. */
  operator: string;
  now: () => number;
}

/** The `act` handler over the hub's sink (the cache's outbox, the health refresh). */
export function operatorActions(sink: Pick<SourceSink, 'cache' | 'refreshHealth'>, o: OperatorActionsOptions): Pick<Handlers, 'act'> {
  const act = async (p: MethodTypes['act']['params']): Promise<MethodTypes['act']['result']> => {
    if (!sink.cache.getMessage(p.messageId)) throw new HubError('not_found', `сообщение «${p.messageId}» не найдено`);
    const r = await enqueueOperatorAction(sink.cache, {
      messageId: p.messageId,
      type: p.type,
      payload: p.payload,
      operator: p.operator ?? o.operator,
      at: new Date(o.now()).toISOString(),
    });
    if (!r.ok) throw new HubError('unavailable', r.message);
    sink.refreshHealth();
    return { actionId: r.actionId, queued: true };
  };
  return { act };
}
