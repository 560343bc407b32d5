/** `actions`: show the outbox of operator actions and the state of each. */
import type { Command } from '../command.js';
import { requireString } from '../command.js';
import { openCache } from '../../cache/cache.js';
import { listOutbox, type OutboxState } from '../../outbox/outbox.js';

const STATE_RU: Record<OutboxState, string> = {
  pending: 'ждёт отправки',
  sending: 'отправляется',
  done: 'принято',
  failed: 'отклонено',
};

export const command: Command = {
  name: 'actions',
  summary: 'показать очередь действий операторов и состояние каждого',
  usage: `Использование: situation-wall actions --cache КЭШ [--json]

Печатает очередь действий (outbox) в порядке создания: id, обращение, тип, состояние
(ждёт отправки, отправляется, принято, отклонено), число попыток, ревизия на сервере и
причина отказа или последней ошибки.
  --json   по объекту JSON в строке`,
  options: { cache: { type: 'string' }, json: { type: 'boolean' } },
  run(ctx) {
    const cache = openCache(requireString(ctx, 'cache'));
    try {
      const list = listOutbox(cache);
      if (ctx.values.json === true) {
        for (const e of list) ctx.stdout.write(JSON.stringify(e) + '\n');
        return;
      }
      if (list.length === 0) {
        ctx.stdout.write('очередь действий пуста\n');
        return;
      }
      for (const e of list) {
        const a = e.action;
        const extra = [
          `попыток ${e.attempts}`,
          e.serverRev !== null ? `ревизия ${e.serverRev}` : null,
          e.lastError ? `причина: ${e.lastError}` : null,
        ].filter(Boolean);
        ctx.stdout.write(
          `${a.id}  ${a.messageId}  ${a.type.padEnd(11)} ${STATE_RU[e.state].padEnd(14)} ${a.operator}  ${a.at}  ${extra.join(', ')}\n`,
        );
      }
    } finally {
      cache.close();
    }
  },
};
