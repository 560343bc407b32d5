/**
 * The console's `act` method: an operator action goes to the outbox of the cache (electron/hub/outbox)
 * and is delivered by the outbox deliverer when the hub syncs with an API.
 */
import type { Cache } from '../cache/api.js';
import type { Action } from '../../../shared/schema.js';
import { enqueueAction } from '../outbox/outbox.js';

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
    return { ok: false, message: `действие недоступно: ${((e as Error)?.message ?? String(e)).split('\n')[0]}` };
  }
}
