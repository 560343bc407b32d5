/**
 * `situation-wall serve`: the hub in browser mode — the built wall on http://HOST:PORT/ and the
 * bridge on ws://HOST:PORT/ws. Data from a cache, the demo region, or the central API (the cache
 * synced live, operator actions delivered). Runs until SIGINT/SIGTERM.
 */
import { WINDOW_PRESETS, WindowPresetSchema } from '../../../../shared/bridge/wallState.js';
import { incidentBurst } from '../../service/alerts.js';
import type { Command } from '../command.js';
import { CliError, UsageError, optionalString, parseIntOption, MAX_DEMO_DAYS } from '../command.js';
import { createHub, type Hub } from '../../service/hub.js';
import { describeSpeed, parseDemoScale, parseLiveSpeed } from './demo.js';
import { MAX_LIVE_SPEED } from '../../demo/live.js';
import { startServer } from '../../serve/server.js';
import { REGION_IDS, isRegionId } from '../../../../shared/regions.js';
import { describeSyncHealth, type SyncHealth } from '../../../../shared/sync-health.js';

const DEFAULT_PORT = 8787;

export const command: Command = {
  name: 'serve',
  summary: 'стена в браузере: веб-сервер интерфейса и моста (WebSocket) к хабу',
  usage: `Использование: situation-wall serve (--cache ФАЙЛ | --demo РЕГИОН | --api URL --token Т --cache ФАЙЛ) [параметры]

Открывает кэш (демонстрационный кэш региона, или кэш, синхронизируемый с центральным API)
и показывает стену в браузере:
  стена   http://HOST:PORT/?scene=operational&display=1
  пульт   http://HOST:PORT/?role=console&token=КЛЮЧ (адрес с ключом печатается при запуске)

Параметры:
  --cache ФАЙЛ          кэш стены (SQLite); вместе с --demo — куда писать демо-данные
  --demo РЕГИОН         демонстрационные данные: ${REGION_IDS.join(', ')}
                        (без --cache кэш создаётся во временной папке из сохранённой истории региона
                        в ~/.cache/situation-wall/demo, доведённой до текущего момента;
                        SITUATION_WALL_DEMO_CACHE — другая папка, off — без сохранения)
  --days N              дней истории для пустого демо-кэша (по умолчанию 30)
  --live СКОРОСТЬ       живой поток демо — ускорение времени региона, а не число сообщений:
                        1 — реальное время (по умолчанию с --demo), 60 — час жизни региона
                        за минуту, до ${MAX_LIVE_SPEED}; 0 — выключить. Объёмы и сравнения «сегодня
                        и вчера» остаются как у региона; часы данных стены идут с той же скоростью
  --scale K             множитель объёмов демо для нагрузки и замеров (по умолчанию 1)
  --seed N              зерно генератора демо (по умолчанию 1)
  --api URL             центральный API (без /v1): кэш синхронизируется в реальном времени,
                        действия пульта отправляются на сервер; нужен --cache
  --token Т             токен доступа к центральному API (для действий — токен консоли)
  --port P              порт (по умолчанию ${DEFAULT_PORT}; 0 — любой свободный)
  --host H              адрес (по умолчанию 127.0.0.1 — только этот компьютер)
  --window П            период стены при запуске: ${WINDOW_PRESETS.join(', ')} (по умолчанию today —
                        с полуночи региона; пульт меняет его)
  --console-token T     ключ пульта: роль «пульт» получает только соединение с ?role=console&token=T.
                        Без него ключ создаётся случайно при каждом запуске и печатается с адресом
                        пульта. Без ключа любое окно — стена, даже на этом компьютере.
  --allow-host ИМЯ      ещё одно имя сервера (например, имя в локальной сети), на которое он
                        отвечает; по умолчанию — только адрес --host и localhost

Все окна по умолчанию — стена (тексты обращений скрывают персональные данные);
пульт видит полные тексты и управляет сценой, фильтрами и очередью.
Адрес печатается в stderr. Остановка: Ctrl+C.`,
  options: {
    cache: { type: 'string' },
    demo: { type: 'string' },
    days: { type: 'string' },
    live: { type: 'string' },
    scale: { type: 'string' },
    seed: { type: 'string' },
    api: { type: 'string' },
    token: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    window: { type: 'string' },
    'console-token': { type: 'string' },
    'allow-host': { type: 'string', multiple: true },
    // test only, not in the usage: a burst written through the demo's ingest path after N seconds,
    // or at each SIGUSR2 with `signal`
    'inject-incident': { type: 'string' },
  },
  async run(ctx) {
    const cachePath = optionalString(ctx, 'cache');
    const demoName = optionalString(ctx, 'demo');
    const api = optionalString(ctx, 'api');
    const apiToken = optionalString(ctx, 'token');
    if (!cachePath && !demoName) throw new UsageError('нужен --cache ФАЙЛ или --demo РЕГИОН');
    if (api !== undefined) {
      if (demoName !== undefined) throw new UsageError('--api и --demo несовместимы: выберите один источник данных');
      if (!cachePath) throw new UsageError('--api требует --cache ФАЙЛ: куда синхронизировать');
      let ok = false;
      try {
        const u = new URL(api);
        ok = u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        ok = false;
      }
      if (!ok) throw new UsageError(`--api: ожидался адрес http:// или https://, получено «${api}»`);
      if (!apiToken) throw new UsageError('--api требует --token ТОКЕН');
    } else if (apiToken !== undefined) throw new UsageError('--token работает только с --api');
    if (demoName !== undefined && !isRegionId(demoName))
      throw new UsageError(`--demo: неизвестный регион «${demoName}»; доступны: ${REGION_IDS.join(', ')}`);
    const port = parseIntOption(ctx, 'port', DEFAULT_PORT, 0);
    if (port > 65535) throw new UsageError(`--port: порт от 0 до 65535, получено ${port}`);
    const host = optionalString(ctx, 'host') ?? '127.0.0.1';
    const seed = parseIntOption(ctx, 'seed', 1, 0);
    const windowName = optionalString(ctx, 'window');
    const wallWindow = windowName === undefined ? undefined : WindowPresetSchema.safeParse(windowName).data;
    if (windowName !== undefined && !wallWindow)
      throw new UsageError(`--window: неизвестный период «${windowName}»; доступны: ${WINDOW_PRESETS.join(', ')}`);
    const days = parseIntOption(ctx, 'days', 30, 1, MAX_DEMO_DAYS);
    const live = parseLiveSpeed(ctx, demoName ? 1 : 0);
    if (!demoName && live > 0) throw new UsageError('--live работает только с --demo');
    if (!demoName && ctx.values.scale !== undefined) throw new UsageError('--scale работает только с --demo');
    const volumeScale = parseDemoScale(ctx);
    const token = optionalString(ctx, 'console-token');
    if (token !== undefined && token.length < 8) throw new UsageError('--console-token: не короче 8 символов');

    let hub: Hub;
    let lastState: SyncHealth['state'] | null = null;
    try {
      hub = await createHub({
        cachePath,
        ...(wallWindow ? { window: wallWindow } : {}),
        demo: demoName && isRegionId(demoName) ? { region: demoName, seed, days, liveSpeed: live, volumeScale, snapshot: !cachePath } : undefined,
        ...(api !== undefined
          ? {
              api: {
                url: api,
                token: apiToken ?? null,
                onHealth: (h: SyncHealth) => {
                  if (h.state === lastState) return;
                  lastState = h.state;
                  ctx.stderr.write(`синхронизация: ${describeSyncHealth(h)}\n`);
                },
              },
            }
          : {}),
      });
    } catch (e) {
      throw new CliError(((e as Error)?.message ?? String(e)).split('\n')[0]!);
    }
    let server;
    try {
      const extra = ctx.values['allow-host'];
      server = await startServer({
        hub,
        host,
        port,
        consoleToken: token,
        allowedHosts: Array.isArray(extra) ? extra.map(String) : typeof extra === 'string' ? [extra] : [],
        log: (line) => ctx.stderr.write(line + '\n'),
      });
    } catch (e) {
      await hub.close();
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EADDRINUSE') throw new CliError(`порт ${port} занят: выберите другой (--port)`);
      if (err.code === 'EACCES') throw new CliError(`нет прав открыть порт ${port} на ${host}`);
      if (err.code === 'EADDRNOTAVAIL') throw new CliError(`адрес ${host} недоступен на этом компьютере`);
      throw new CliError(`не удалось запустить сервер: ${err.message.split('\n')[0]}`);
    }
    const inject = optionalString(ctx, 'inject-incident');
    if (inject !== undefined && demoName) {
      const burst = () => hub.applyBatch(incidentBurst(hub.cache, hub.dataNow()), { source: 'demo-live' });
      if (inject === 'signal') process.on('SIGUSR2', burst);
      else setTimeout(burst, Math.max(0, Number(inject) || 0) * 1000).unref();
    }
    const consoleUrl = server.consoleUrl;
    ctx.stderr.write(
      `Ситуационная стена: ${hub.region.name} (${hub.store.size} сообщений)${api ? `, источник: ${api}` : ''}\n` +
        `  стена: ${server.url}\n` +
        `  пульт: ${consoleUrl}\n` +
        (demoName && live > 0 ? `Живой поток демо: ускорение ×${live} (${describeSpeed(live)})\n` : '') +
        `Остановка: Ctrl+C\n`,
    );
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        done();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    ctx.stderr.write('Остановка…\n');
    await server.close();
    await hub.close();
    return 0;
  },
};
