/** `act`: queue an operator action in the outbox (delivered by the next `sync`). */
import { userInfo } from 'node:os';
import type { Command } from '../command.js';
import { CliError, UsageError, optionalString, requireString } from '../command.js';
import { openCache } from '../../cache/cache.js';
import { enqueueAction } from '../../outbox/outbox.js';
import { ACTION_TYPES, type ActionType, type Action } from '../../../../shared/schema.js';

export const command: Command = {
  name: 'act',
  summary: 'поставить действие оператора в очередь на отправку (принять, назначить, эскалировать …)',
  usage: `Использование: situation-wall act --cache КЭШ --message ID --type ТИП [--assignee A] [--level N] [--comment C] [--operator O]

Записывает действие в очередь (outbox) кэша. Его отправит следующий запуск sync с ключом
идемпотентности: повторная отправка после сбоя не выполнит действие дважды.
  --type      ${ACTION_TYPES.join(' | ')}
  --assignee  исполнитель (для assign — обязателен)
  --level     уровень эскалации 1..3 (для escalate)
  --comment   комментарий (для comment — обязателен)
  --operator  кто действует (по умолчанию имя пользователя системы)
Печатает id действия в stdout.`,
  options: {
    cache: { type: 'string' },
    message: { type: 'string' },
    type: { type: 'string' },
    assignee: { type: 'string' },
    level: { type: 'string' },
    comment: { type: 'string' },
    operator: { type: 'string' },
  },
  run(ctx) {
    const cachePath = requireString(ctx, 'cache');
    const messageId = requireString(ctx, 'message');
    const type = requireString(ctx, 'type');
    if (!(ACTION_TYPES as readonly string[]).includes(type))
      throw new UsageError(`--type: «${type}» — ожидалось одно из: ${ACTION_TYPES.join(', ')}`);
    const payload: Action['payload'] = {};
    const assignee = optionalString(ctx, 'assignee');
    const comment = optionalString(ctx, 'comment');
    const levelRaw = optionalString(ctx, 'level');
    if (assignee !== undefined) payload.assignee = assignee;
    if (comment !== undefined) payload.comment = comment;
    if (levelRaw !== undefined) {
      const n = Number(levelRaw);
      if (!Number.isInteger(n) || n < 1 || n > 3) throw new UsageError(`--level: ожидалось 1, 2 или 3, получено «${levelRaw}»`);
      payload.level = n;
    }
    if (type === 'assign' && !payload.assignee) throw new UsageError('для assign нужен --assignee');
    if (type === 'comment' && !payload.comment) throw new UsageError('для comment нужен --comment');
    let operator = optionalString(ctx, 'operator');
    if (!operator) {
      try {
        operator = userInfo().username || 'operator';
      } catch {
        operator = 'operator';
      }
    }
    const cache = openCache(cachePath);
    try {
      let a: Action;
      try {
        a = enqueueAction(cache, { messageId, type: type as ActionType, payload, operator });
      } catch (e) {
        throw new CliError((e as Error).message);
      }
      ctx.stdout.write(`${a.id}\n`);
      ctx.stderr.write(`действие ${a.type} для ${a.messageId} поставлено в очередь; отправит следующий запуск sync или работающее демо (demo --live, serve --demo)\n`);
    } finally {
      cache.close();
    }
  },
};
