/** `demo`: fills a cache with the demonstration region's history (and optionally keeps it live). */
import type { Command } from '../command.js';
import { CliError, UsageError, optionalString, parseInstantOption, parseIntOption, requireString, MAX_DEMO_DAYS } from '../command.js';
import { REGIONS, REGION_IDS, DEFAULT_REGION, isRegionId } from '../../../../shared/regions.js';
import { openCache } from '../../cache/cache.js';
import { generateHistory } from '../../demo/generator.js';
import { startLiveFeed } from '../../demo/live.js';
import { createOutboxDeliverer, watchOutbox } from '../../outbox/outbox.js';
import { localActionTransport } from '../../outbox/local.js';
import { DEMO_API_LATENCY_MS } from '../../service/demo.js';

/** Items per applyBatch transaction. */
const CHUNK = 20_000;

const nf = new Intl.NumberFormat('ru-RU');

export const command: Command = {
  name: 'demo',
  summary: 'демонстрационный регион: история обращений в кэш (без сети), по желанию — живой поток',
  usage: `Использование: situation-wall demo --cache КЭШ [--region РЕГИОН] [--days N] [--seed N] [--now ВРЕМЯ] [--live [--rate K]]

Создаёт правдоподобную историю обращений демонстрационного региона за N дней до момента now
и записывает её в кэш тем же путём, что и синхронизация (applyBatch).
  --cache КЭШ     файл кэша (создаётся; должен быть пустым или новым)
  --region РЕГИОН ${REGION_IDS.join(' | ')} (по умолчанию ${DEFAULT_REGION})
  --days N        длина истории в днях, 1…400 (по умолчанию 30)
  --seed N        зерно генератора: одно зерно — одна и та же история (по умолчанию 1)
  --now ВРЕМЯ     «сейчас», RFC 3339 со смещением (по умолчанию текущее время)
  --live          после истории продолжать жизнь региона в кэше до Ctrl+C; действия оператора,
                  поставленные в очередь (act) в этот кэш, демо принимает как центральный API
                  (в течение секунды) и отвечает новой ревизией сообщения
  --rate K        ускорение живого потока: K секунд модели за секунду (по умолчанию 1)`,
  options: {
    cache: { type: 'string' },
    region: { type: 'string' },
    days: { type: 'string' },
    seed: { type: 'string' },
    now: { type: 'string' },
    live: { type: 'boolean' },
    rate: { type: 'string' },
  },
  async run(ctx) {
    const path = requireString(ctx, 'cache');
    const regionRaw = optionalString(ctx, 'region') ?? DEFAULT_REGION;
    if (!isRegionId(regionRaw))
      throw new UsageError(`--region: неизвестный регион «${regionRaw}»; допустимы: ${REGION_IDS.join(', ')}`);
    const region = regionRaw;
    const days = parseIntOption(ctx, 'days', 30, 1, MAX_DEMO_DAYS);
    const seed = parseIntOption(ctx, 'seed', 1, 0);
    const now = ctx.values.now === undefined ? Date.now() : parseInstantOption(ctx, 'now');
    const rateRaw = optionalString(ctx, 'rate');
    const rate = rateRaw === undefined ? 1 : Number(rateRaw);
    if (!(rate > 0) || !Number.isFinite(rate)) throw new UsageError(`--rate: ожидалось положительное число, получено «${rateRaw}»`);
    if (rateRaw !== undefined && !ctx.values.live) throw new UsageError('--rate имеет смысл только вместе с --live');

    const info = REGIONS[region];
    const t0 = performance.now();
    const cache = openCache(path);
    let closed = false;
    const close = () => {
      if (!closed) cache.close();
      closed = true;
    };
    try {
      const held = cache.getRegion();
      if (held && held.code !== info.code)
        throw new CliError(`кэш ${path} принадлежит региону ${held.code} ${held.name}, а не ${info.code} ${info.name}`);
      const count = cache.messageCount();
      if (count > 0)
        throw new CliError(`кэш ${path} уже содержит ${nf.format(count)} сообщений: для демонстрации укажите новый файл`);
      const history = generateHistory({ region, days, seed, end: now });
      cache.setRegion(history.meta.region);
      cache.setReference(history.reference);

      let items = 0;
      let messages = 0;
      let tombstones = 0;
      let quarantined = 0;
      let chunk: unknown[] = [];
      const flush = () => {
        if (chunk.length === 0) return;
        quarantined += cache.applyBatch(chunk, { source: 'demo' }).quarantined;
        chunk = [];
      };
      for (const batch of history.batches()) {
        for (const it of batch) {
          items++;
          if ('deleted' in it && it.deleted) tombstones++;
          else if (it.rev === 1) messages++;
          chunk.push(it);
        }
        if (chunk.length >= CHUNK) flush();
      }
      flush();
      const sec = (performance.now() - t0) / 1000;
      ctx.stderr.write(
        `Демо: ${info.name}, ${days} дн. до ${history.meta.serverTime}, зерно ${seed}: ` +
          `${nf.format(messages)} сообщений, ${nf.format(items)} ревизий` +
          (tombstones ? ` (из них ${nf.format(tombstones)} удалённых дубликатов)` : '') +
          `, ${sec.toFixed(1).replace('.', ',')} с → ${path}` +
          (quarantined ? `; в карантине ${nf.format(quarantined)}` : '') +
          '\n',
      );
      if (quarantined > 0) throw new CliError(`генератор дал ${quarantined} недопустимых записей (в карантине кэша)`);

      if (!ctx.values.live) return 0;
      let applied = 0;
      const feed = startLiveFeed({
        cache,
        seed,
        rate,
        onBatch: (r) => {
          applied += r.applied;
        },
        onError: (e) => ctx.stderr.write(`situation-wall demo: шаг живого потока не удался: ${(e as Error).message}\n`),
      });
      // The demo plays the central API for the outbox: actions queued by `act` (another process)
      // are delivered within a second; the answering revision goes through applyBatch.
      let delivered = 0;
      const deliverer = createOutboxDeliverer({
        cache,
        transport: localActionTransport({ cache, onRevision: (m) => feed.takeOver(m.id), latencyMs: DEMO_API_LATENCY_MS }),
        onChange: (e) => {
          if (e.state === 'done' || e.state === 'failed') {
            delivered++;
            ctx.stderr.write(
              `  действие ${e.action.type} для ${e.action.messageId}: ${e.state === 'done' ? `принято, ревизия ${e.serverRev}` : `отклонено — ${e.lastError}`}\n`,
            );
          }
        },
      });
      const unwatch = watchOutbox(cache, () => deliverer.wake());
      const outboxAc = new AbortController();
      const outboxDone = deliverer.run(outboxAc.signal, 500).catch((e: unknown) =>
        ctx.stderr.write(`situation-wall demo: доставка действий остановлена: ${(e as Error).message}\n`),
      );
      ctx.stderr.write(`Живой поток: ускорение ×${rate}; действия из очереди (act) принимаются; остановка — Ctrl+C\n`);
      await new Promise<void>((resolve) => {
        const report = setInterval(() => ctx.stderr.write(`  записано изменений: ${nf.format(applied)}\n`), 60_000);
        const done = () => {
          clearInterval(report);
          feed.stop();
          unwatch();
          outboxAc.abort(new Error('демо остановлено'));
          process.off('SIGINT', done);
          process.off('SIGTERM', done);
          resolve();
        };
        process.on('SIGINT', done);
        process.on('SIGTERM', done);
      });
      await outboxDone;
      ctx.stderr.write(`Живой поток остановлен: ${nf.format(applied)} изменений, действий обработано: ${nf.format(delivered)}\n`);
      return 0;
    } finally {
      close();
    }
  },
};
