/** `actions`: show the outbox of operator actions and the state of each. */
import type { Command } from '../command.js';
import { requireString } from '../command.js';
import { openCache } from '../../cache/cache.js';
import { listOutbox, type OutboxState } from '../../outbox/outbox.js';
import type { ActionType } from '../../../../shared/schema.js';
import { formatInZone } from '../../../../shared/zone.js';

const STATE_RU: Record<OutboxState, string> = {
  pending: 'ждёт отправки',
  sending: 'отправляется',
  done: 'принято',
  failed: 'отклонено',
};

/** The operator's words for each action, as on the console's buttons. */
export const ACTION_RU: Record<ActionType, string> = {
  acknowledge: 'принять в работу',
  assign: 'назначить',
  escalate: 'эскалировать',
  comment: 'комментарий',
  resolve: 'решено',
};

export const command: Command = {
  name: 'actions',
  summary: 'показать очередь действий операторов и состояние каждого',
  usage: `Использование: situation-wall actions --cache КЭШ [--json]

Печатает очередь действий (outbox) в порядке создания: id, обращение, тип, состояние
(ждёт отправки, отправляется, принято, отклонено), число попыток, ревизия на сервере и
причина отказа или последней ошибки. Время — в часовом поясе региона кэша («МСК+N»).
  --json   по объекту JSON в строке (типы и время как в контракте API)
  --utc    время в обозначении UTC вместо «МСК+N»`,
  options: { cache: { type: 'string' }, json: { type: 'boolean' }, utc: { type: 'boolean' } },
  run(ctx) {
    const cache = openCache(requireString(ctx, 'cache'), { readonly: true });
    try {
      // Read-only: a cache that never had an action has no outbox table yet (nothing to migrate here).
      const hasOutbox = cache.db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'outbox'").pluck().get() as number;
      const list = hasOutbox > 0 ? listOutbox(cache) : [];
      if (ctx.values.json === true) {
        for (const e of list) ctx.stdout.write(JSON.stringify(e) + '\n');
        return;
      }
      if (list.length === 0) {
        ctx.stdout.write('очередь действий пуста\n');
        return;
      }
      const zone = cache.getRegion()?.timezone ?? 'UTC';
      const notation = ctx.values.utc === true ? 'utc' : 'msk';
      for (const e of list) {
        const a = e.action;
        const at = Date.parse(a.at);
        const extra = [
          `попыток ${e.attempts}`,
          e.serverRev !== null ? `ревизия ${e.serverRev}` : null,
          e.lastError ? `причина: ${e.lastError}` : null,
        ].filter(Boolean);
        ctx.stdout.write(
          `${a.id}  ${a.messageId}  ${ACTION_RU[a.type].padEnd(16)} ${STATE_RU[e.state].padEnd(14)} ${a.operator}  ${Number.isFinite(at) ? formatInZone(at, zone, notation) : a.at}  ${extra.join(', ')}\n`,
        );
      }
    } finally {
      cache.close();
    }
  },
};
