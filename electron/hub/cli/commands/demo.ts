/** `demo`: fills a cache with the demonstration region's history (and optionally keeps it live). */
import type { Command } from '../command.js';
import { CliError, UsageError, optionalString, parseInstantOption, parseIntOption, requireString, MAX_DEMO_DAYS } from '../command.js';
import { REGIONS, REGION_IDS, DEFAULT_REGION, isRegionId } from '../../../../shared/regions.js';
import { openCache } from '../../cache/cache.js';
import { generateHistory } from '../../demo/generator.js';
import { MAX_LIVE_SPEED, speedClock, startLiveFeed } from '../../demo/live.js';
import type { CommandContext } from '../command.js';
import { createOutboxDeliverer, watchOutbox } from '../../outbox/outbox.js';
import { localActionTransport } from '../../outbox/local.js';
import { DEMO_API_LATENCY_MS } from '../../service/demo.js';

/** Items per applyBatch transaction. */
const CHUNK = 20_000;

const nf = new Intl.NumberFormat('ru-RU');

/** The largest --scale (a month of Perm at ×64 is about a million messages). */
export const MAX_DEMO_SCALE = 1000;

/**
 * `--live СКОРОСТЬ` of every command: a time speed-up of the demo region (1 — real time, 60 — an
 * hour a minute, 0 — off), never messages per second. `def` when absent.
 */
export function parseLiveSpeed(ctx: CommandContext, def: number): number {
  const raw = optionalString(ctx, 'live');
  if (raw === undefined) return def;
  const v = Number(raw.replace(',', '.'));
  if (raw.trim() === '' || !Number.isFinite(v) || v < 0 || v > MAX_LIVE_SPEED)
    throw new UsageError(`--live: ожидалось ускорение времени от 0 до ${nf.format(MAX_LIVE_SPEED)} (60 — час жизни региона за минуту), получено «${raw}»`);
  return v;
}

/** `--scale K`: multiplies the demo region's volumes (stress and benchmarks; 1 — the calibrated region). */
export function parseDemoScale(ctx: CommandContext): number {
  const raw = optionalString(ctx, 'scale');
  if (raw === undefined) return 1;
  const v = Number(raw.replace(',', '.'));
  if (raw.trim() === '' || !Number.isFinite(v) || v <= 0 || v > MAX_DEMO_SCALE)
    throw new UsageError(`--scale: ожидался множитель объёмов больше 0 и не больше ${nf.format(MAX_DEMO_SCALE)}, получено «${raw}»`);
  return v;
}

function minutesWord(n: number): string {
  if (!Number.isInteger(n)) return 'минуты';
  const d = n % 10;
  const h = n % 100;
  if (d === 1 && h !== 11) return 'минута';
  if (d >= 2 && d <= 4 && (h < 12 || h > 14)) return 'минуты';
  return 'минут';
}

/** What a speed-up means, in words: «минута реального времени — 60 минут жизни региона». */
export function describeSpeed(speed: number): string {
  if (speed === 1) return 'реальное время';
  return `минута реального времени — ${nf.format(speed)} ${minutesWord(speed)} жизни региона`;
}

export const command: Command = {
  name: 'demo',
  summary: 'демонстрационный регион: история обращений в кэш (без сети), по желанию — живой поток',
  usage: `Использование: situation-wall demo --cache КЭШ [--region РЕГИОН] [--days N] [--seed N] [--now ВРЕМЯ] [--scale K] [--live СКОРОСТЬ]

Создаёт правдоподобную историю обращений демонстрационного региона за N дней до момента now
и записывает её в кэш тем же путём, что и синхронизация (applyBatch).
  --cache КЭШ     файл кэша (создаётся; должен быть пустым или новым)
  --region РЕГИОН ${REGION_IDS.join(' | ')} (по умолчанию ${DEFAULT_REGION})
  --days N        длина истории в днях, 1…400 (по умолчанию 30)
  --seed N        зерно генератора: одно зерно — одна и та же история (по умолчанию 1)
  --now ВРЕМЯ     «сейчас», RFC 3339 со смещением (по умолчанию текущее время)
  --scale K       множитель объёмов для нагрузки и замеров (по умолчанию 1 — объёмы реального
                  региона, см. docs/demo.md; 2 — вдвое больше)
  --live СКОРОСТЬ после истории продолжать жизнь региона в кэше до Ctrl+C с ускорением времени:
                  1 — реальное время, 60 — час жизни региона за минуту (до ${nf.format(MAX_LIVE_SPEED)}); объёмы
                  те же, что у региона, быстрее идёт только время; действия оператора,
                  поставленные в очередь (act) в этот кэш, демо принимает как центральный API
                  (в течение секунды) и отвечает новой ревизией сообщения`,
  options: {
    cache: { type: 'string' },
    region: { type: 'string' },
    days: { type: 'string' },
    seed: { type: 'string' },
    now: { type: 'string' },
    live: { type: 'string' },
    scale: { type: 'string' },
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
    const speed = parseLiveSpeed(ctx, 0);
    const volumeScale = parseDemoScale(ctx);

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
      const history = generateHistory({ region, days, seed, end: now, volumeScale });
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

      if (!(speed > 0)) return 0;
      let applied = 0;
      const feed = startLiveFeed({
        cache,
        seed,
        speed,
        // the simulated clock starts where the history ended (its «now»)
        simClock: (() => {
          const c = speedClock(speed);
          const shift = now - Date.now();
          return () => c() + shift;
        })(),
        from: now,
        volumeScale,
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
      ctx.stderr.write(`Живой поток: ускорение времени ×${nf.format(speed)} (${describeSpeed(speed)}); действия из очереди (act) принимаются; остановка — Ctrl+C\n`);
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
