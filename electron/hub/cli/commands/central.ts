/** `central`: run the reference central API server (for development, demos and tests). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Command } from '../command.js';
import { CliError, UsageError, optionalString, parseIntOption, MAX_DEMO_DAYS } from '../command.js';
import { createCentralServer, type CentralServerOptions } from '../../central/server.js';
import { parseFaultSpec, type FaultSpec } from '../../central/faults.js';
import { MetaSchema, ReferenceSchema, describeZodError, type Meta } from '../../../../shared/schema.js';
import { REGIONS, isRegionId, REGION_IDS } from '../../../../shared/regions.js';
import { describeSpeed, parseDemoScale, parseLiveSpeed } from './demo.js';
import { MAX_LIVE_SPEED } from '../../demo/live.js';

function readJson(path: string, what: string): unknown {
  if (!existsSync(path) || !statSync(path).isFile()) throw new CliError(`${what}: файл не найден: ${path}`);
  try {
    return JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`${what} ${path}: не JSON (${(e as Error).message.split('\n')[0]})`);
  }
}

function readJsonl(path: string): unknown[] {
  if (!existsSync(path) || !statSync(path).isFile()) throw new CliError(`файл обращений не найден: ${path}`);
  const out: unknown[] = [];
  for (const line of readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split('\n')) {
    const t = line.trim();
    if (!t) continue;
    try {
      out.push(JSON.parse(t));
    } catch {
      out.push(t); // served as it is: the client quarantines it
    }
  }
  return out;
}

export const command: Command = {
  name: 'central',
  summary: 'эталонный сервер центрального API (данные из файла или демо-регион, сбои по заказу)',
  usage: `Использование: situation-wall central --port P (--data ОБРАЩЕНИЯ.jsonl --reference СПРАВОЧНИКИ.json [--region ID | --meta META.json] | --demo РЕГИОН)
       [--live СКОРОСТЬ] [--scale K] [--faults СБОИ] [--wall-token Т] [--console-token Т] [--host H] [--retain N]

Сервер контракта central-api.md: /v1/meta, /v1/reference, /v1/messages/changes,
/v1/messages/stream (SSE), POST /v1/actions. По умолчанию слушает только 127.0.0.1.
  --port P              порт (0 — любой свободный)
  --data ФАЙЛ           обращения JSONL в порядке журнала (несколько ревизий одного id допустимы)
  --reference ФАЙЛ      справочники (формат GET /v1/reference)
  --region ID           регион для /v1/meta: ${REGION_IDS.join(', ')} (по умолчанию kamchatka)
  --meta ФАЙЛ           или /v1/meta целиком из файла
  --demo РЕГИОН         демо-регион вместо файлов (история за --days дней, по умолчанию 30)
  --seed N              зерно демо-генератора
  --live СКОРОСТЬ       демо-поток новых изменений — ускорение времени региона, а не число
                        сообщений: 1 — реальное время, 60 — час жизни региона за минуту (до ${MAX_LIVE_SPEED})
  --scale K             множитель объёмов демо для нагрузки и замеров (по умолчанию 1)
  --faults СБОИ         например 5xx=0.1,429=0.05,503=0.05,drop=0.05,truncate=0.05,slow=0.05:200ms,
                        repeat=0.1,invalid=0.01,retryAfter=1,seed=7
  --wall-token Т        токен стены, только чтение (по умолчанию wall)
  --console-token Т     токен консоли, чтение и действия (по умолчанию console)
  --retain N            горизонт курсоров: старше N позиций журнала — 410 Gone
  --heartbeat МС        период heartbeat потока (по умолчанию 15000)
Работает до Ctrl+C.`,
  options: {
    port: { type: 'string' },
    data: { type: 'string' },
    reference: { type: 'string' },
    region: { type: 'string' },
    meta: { type: 'string' },
    demo: { type: 'string' },
    seed: { type: 'string' },
    days: { type: 'string' },
    live: { type: 'string' },
    scale: { type: 'string' },
    faults: { type: 'string' },
    'wall-token': { type: 'string' },
    'console-token': { type: 'string' },
    host: { type: 'string' },
    retain: { type: 'string' },
    heartbeat: { type: 'string' },
  },
  async run(ctx) {
    const port = parseIntOption(ctx, 'port', 0, 0);
    if (port > 65535) throw new UsageError('--port: не больше 65535');
    const dataPath = optionalString(ctx, 'data');
    const demo = optionalString(ctx, 'demo');
    if ((dataPath === undefined) === (demo === undefined)) throw new UsageError('нужен ровно один источник: --data ФАЙЛ или --demo РЕГИОН');
    let faults: FaultSpec | undefined;
    const spec = optionalString(ctx, 'faults');
    if (spec !== undefined) {
      try {
        faults = parseFaultSpec(spec);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    }
    const speed = parseLiveSpeed(ctx, 0);
    const live = speed > 0 ? speed : undefined;
    if (live !== undefined && !demo) throw new UsageError('--live работает только с --demo');
    if (ctx.values.scale !== undefined && !demo) throw new UsageError('--scale работает только с --demo');
    const volumeScale = parseDemoScale(ctx);
    let data: CentralServerOptions['data'];
    if (demo !== undefined) {
      if (!isRegionId(demo)) throw new UsageError(`--demo: неизвестный регион «${demo}»; есть ${REGION_IDS.join(', ')}`);
      data = { demo, seed: parseIntOption(ctx, 'seed', 1, 0), days: parseIntOption(ctx, 'days', 30, 1, MAX_DEMO_DAYS), volumeScale };
    } else {
      const refPath = optionalString(ctx, 'reference');
      if (!refPath) throw new UsageError('с --data нужен --reference ФАЙЛ');
      const r = ReferenceSchema.safeParse(readJson(refPath, 'справочники'));
      if (!r.success) throw new CliError(`справочники ${refPath} не по контракту: ${describeZodError(r.error)}`);
      let meta: Meta;
      const metaPath = optionalString(ctx, 'meta');
      if (metaPath) {
        const m = MetaSchema.safeParse(readJson(metaPath, 'meta'));
        if (!m.success) throw new CliError(`meta ${metaPath} не по контракту: ${describeZodError(m.error)}`);
        meta = m.data;
      } else {
        const id = optionalString(ctx, 'region') ?? 'kamchatka';
        if (!isRegionId(id)) throw new UsageError(`--region: неизвестный регион «${id}»; есть ${REGION_IDS.join(', ')}`);
        const info = REGIONS[id];
        meta = { schemaVersion: 1, region: { code: info.code, name: info.name, timezone: info.timezone }, serverTime: new Date().toISOString() };
      }
      data = { meta, reference: r.data, items: readJsonl(dataPath!) };
    }
    const retainRaw = optionalString(ctx, 'retain');
    const server = await createCentralServer({
      data,
      live,
      faults,
      wallToken: optionalString(ctx, 'wall-token'),
      consoleToken: optionalString(ctx, 'console-token'),
      host: optionalString(ctx, 'host') ?? '127.0.0.1',
      port,
      retainItems: retainRaw === undefined ? undefined : parseIntOption(ctx, 'retain', 0, 1),
      heartbeatMs: parseIntOption(ctx, 'heartbeat', 15_000, 10),
    });
    ctx.stdout.write(`${server.url}\n`);
    ctx.stderr.write(
      `центральный API слушает ${server.url}: ${server.meta().region.name}, в журнале ${server.store.head} записей` +
        `${faults ? `, сбои: ${spec}` : ''}${live ? `, живой поток ×${live} (${describeSpeed(live)})` : ''}. Ctrl+C — остановить\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    return 0;
  },
};
