/** `sync`: pull the central API into the cache and deliver the outbox of operator actions. */
import type { Command } from '../command.js';
import { CliError, parseIntOption, requireString } from '../command.js';
import { openCache } from '../../cache/cache.js';
import { createSyncClient } from '../../sync/client.js';
import { SyncStoppedError } from '../../sync/http.js';
import { createOutboxDeliverer, outboxCounts } from '../../outbox/outbox.js';
import type { SyncHealth } from '../../../../shared/sync-health.js';

function fmtDuration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)} с`;
  if (s < 3600) return `${Math.floor(s / 60)} мин ${Math.round(s % 60)} с`;
  return `${Math.floor(s / 3600)} ч ${Math.round((s % 3600) / 60)} мин`;
}

const STATE_RU: Record<SyncHealth['state'], string> = {
  online: 'онлайн',
  catching_up: 'догоняет',
  offline: 'нет связи',
  stopped: 'остановлена',
};

export function progressLine(h: SyncHealth): string {
  const p = h.progress;
  const parts = [`синхронизация: ${STATE_RU[h.state]}`, `получено ${p.received}`, `применено ${p.applied}`];
  if (p.rate !== null) parts.push(`${p.rate}/с`);
  if (p.remaining !== null && p.remaining > 0) {
    parts.push(`осталось ~${p.remaining}`);
    if (p.rate) parts.push(`ещё ~${fmtDuration(p.remaining / p.rate)}`);
  }
  if (h.quarantined) parts.push(`в карантине ${h.quarantined}`);
  if (h.outbox && (h.outbox.pending || h.outbox.failed))
    parts.push(`действий ждёт ${h.outbox.pending}${h.outbox.failed ? `, отклонено ${h.outbox.failed}` : ''}`);
  if (h.state === 'offline' && h.lastError) parts.push(h.lastError);
  return parts.join(', ');
}

export const command: Command = {
  name: 'sync',
  summary: 'синхронизировать кэш с центральным API и отправить очередь действий',
  usage: `Использование: situation-wall sync --api URL --token ТОКЕН --cache КЭШ [--until-caught-up] [--quiet]

Забирает изменения обращений с центрального API (central-api.md) в кэш стены: страницы ленты
изменений от сохранённого курсора, каждая вместе с курсором в одной транзакции, затем живой
поток (SSE) или опрос ленты. Заодно отправляет очередь действий операторов (см. act, actions).
Сбои сети и сервера повторяются с нарастающей паузой; неверный токен, неизвестная версия схемы
или кэш другого региона/API останавливают синхронизацию с понятным сообщением (код выхода 3).
  --api URL            адрес центрального API (без /v1)
  --token ТОКЕН        токен доступа (для отправки действий нужен токен консоли)
  --cache КЭШ          файл кэша (создаётся, если его нет)
  --until-caught-up    догнать ленту, отправить очередь действий и выйти;
                       без него — следить за изменениями до Ctrl+C (SIGINT/SIGTERM)
  --quiet              не печатать ход синхронизации
  --page-size N        размер страницы ленты (по умолчанию 5000; сервер может отдать меньше)
  --poll-interval МС   период опроса без потока (по умолчанию 1000)
Ход (получено, скорость, сколько осталось) печатается в stderr.`,
  options: {
    api: { type: 'string' },
    token: { type: 'string' },
    cache: { type: 'string' },
    'until-caught-up': { type: 'boolean' },
    quiet: { type: 'boolean' },
    'page-size': { type: 'string' },
    'poll-interval': { type: 'string' },
  },
  async run(ctx) {
    const api = requireString(ctx, 'api');
    const token = requireString(ctx, 'token');
    const cachePath = requireString(ctx, 'cache');
    const pageSize = parseIntOption(ctx, 'page-size', 5000, 1);
    const pollIntervalMs = parseIntOption(ctx, 'poll-interval', 1000, 10);
    const once = ctx.values['until-caught-up'] === true;
    const quiet = ctx.values.quiet === true;
    try {
      new URL(api);
    } catch {
      throw new CliError(`--api: «${api}» — не адрес URL`, 2);
    }

    const cache = openCache(cachePath);
    const ac = new AbortController();
    const onSignal = () => ac.abort(new Error('прервано'));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const tty = (ctx.stderr as NodeJS.WriteStream).isTTY === true;
    let last = '';
    let lastAt = 0;
    const show = (h: SyncHealth, force = false) => {
      if (quiet) return;
      const now = Date.now();
      if (!force && now - lastAt < (tty ? 250 : 2000)) return;
      const line = progressLine(h);
      if (line === last && !force) return;
      lastAt = now;
      last = line;
      ctx.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    };
    const client = createSyncClient({
      cache,
      api,
      token,
      pageSize,
      pollIntervalMs,
      onHealth: (h) => show(h),
      outboxCounts: () => outboxCounts(cache),
    });
    const outbox = createOutboxDeliverer({ cache, api, token });
    try {
      if (once) {
        const [, sent] = await Promise.all([client.runUntilCaughtUp(ac.signal), outbox.deliverPending(ac.signal)]);
        // Delivered actions changed messages on the server: pull those changes too.
        if (sent.done > 0) await client.runUntilCaughtUp(ac.signal);
        show(client.health(), true);
        if (!quiet) {
          if (tty) ctx.stderr.write('\n');
          const h = client.health();
          ctx.stderr.write(
            `готово: в кэше ${cache.messageCount()} обращений, в карантине ${h.quarantined}; ` +
              `действий отправлено ${sent.done}, отклонено сервером ${sent.failed}\n`,
          );
        }
      } else {
        await Promise.all([client.follow(ac.signal), outbox.run(ac.signal)]);
        if (!quiet) ctx.stderr.write(`${tty ? '\n' : ''}синхронизация остановлена по сигналу\n`);
      }
      return 0;
    } catch (e) {
      if (ac.signal.aborted) return 0;
      if (e instanceof SyncStoppedError) throw new CliError(e.message, 3);
      throw e;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      ac.abort();
      cache.close();
    }
  },
};
