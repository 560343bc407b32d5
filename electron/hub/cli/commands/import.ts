/** `import`: load a JSONL file of contract messages into the cache (created when missing). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from '../command.js';
import { CliError, UsageError, optionalString, parseIntOption, requireString } from '../command.js';
import { DateTime } from 'luxon';
import { MetaSchema, ReferenceSchema, describeZodError, type Meta, type Reference } from '../../../../shared/schema.js';
import { openCache } from '../../cache/cache.js';
import { DEFAULT_IMPORT_CHUNK, fileRegionMismatch, importJsonl, referenceRegionMismatch } from '../../cache/import.js';

function readReference(path: string): Reference {
  if (!existsSync(path) || !statSync(path).isFile()) throw new CliError(`файл справочников не найден: ${path}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`справочники ${path}: не JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const r = ReferenceSchema.safeParse(json);
  if (!r.success) throw new CliError(`справочники ${path} не по контракту: ${describeZodError(r.error)}`);
  return r.data;
}

function readMeta(path: string): Meta {
  if (!existsSync(path) || !statSync(path).isFile()) throw new CliError(`файл сведений о регионе не найден: ${path}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`сведения о регионе ${path}: не JSON (${(e as Error).message.split('\n')[0]})`);
  }
  const r = MetaSchema.safeParse(json);
  if (!r.success) throw new CliError(`сведения о регионе ${path} не по контракту (GET /v1/meta): ${describeZodError(r.error)}`);
  if (!DateTime.now().setZone(r.data.region.timezone).isValid)
    throw new CliError(`сведения о регионе ${path}: неизвестный часовой пояс «${r.data.region.timezone}»`);
  return r.data;
}

export const command: Command = {
  name: 'import',
  summary: 'загрузить обращения из файла JSONL в кэш (создаёт кэш, если его нет)',
  usage: `Использование: situation-wall import --cache КЭШ [--reference СПРАВОЧНИКИ.json] [--meta META.json] ОБРАЩЕНИЯ.jsonl

Загружает обращения (по одному объекту Message контракта central-api.md в строке) в кэш
стены по правилам синхронизации: по каждому id остаётся наибольшая ревизия, старые и равные
ревизии пропускаются, надгробия (deleted: true) удаляют обращение, ошибочные строки и строки
не в формате JSON откладываются в карантин с причиной, остальное загружается.
  --cache КЭШ          файл кэша (создаётся, если его нет)
  --reference ФАЙЛ     справочники (формат GET /v1/reference); заменяют хранящиеся в кэше.
                       Обязательны, если в кэше справочников ещё нет
  --meta ФАЙЛ          сведения о регионе (формат GET /v1/meta): кэш запоминает регион и его
                       часовой пояс. Сведения о другом регионе, чем тот, к которому кэш уже
                       привязан, не принимаются (код выхода 3)
  --chunk N            строк в одной транзакции (по умолчанию ${DEFAULT_IMPORT_CHUNK})
  --source ИМЯ         источник для записей карантина (по умолчанию import:<имя файла>)
Итог (применено, пропущено, удалено, в карантине, время) печатается в stderr.
Код выхода 0 и тогда, когда часть строк ушла в карантин.`,
  options: {
    cache: { type: 'string' },
    reference: { type: 'string' },
    meta: { type: 'string' },
    chunk: { type: 'string' },
    source: { type: 'string' },
  },
  allowPositionals: true,
  async run(ctx) {
    const cachePath = requireString(ctx, 'cache');
    if (ctx.positionals.length !== 1)
      throw new UsageError('нужен ровно один файл обращений JSONL (situation-wall import --help)');
    const file = ctx.positionals[0] as string;
    const chunk = parseIntOption(ctx, 'chunk', DEFAULT_IMPORT_CHUNK, 1);
    if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`файл обращений не найден: ${file}`);
    const refPath = optionalString(ctx, 'reference');
    const ref = refPath === undefined ? null : readReference(refPath);
    const metaPath = optionalString(ctx, 'meta');
    const meta = metaPath === undefined ? null : readMeta(metaPath);

    const cache = openCache(cachePath);
    try {
      if (meta) {
        const held = cache.getRegion();
        if (held && held.code !== meta.region.code)
          throw new CliError(
            `кэш ${cachePath} привязан к региону ${held.code} «${held.name}», а сведения ${metaPath} — о регионе ${meta.region.code} «${meta.region.name}»: не загружено`,
            3,
          );
      }
      const heldRef = cache.getReference();
      if (!ref && !heldRef) throw new UsageError(`в кэше ${cachePath} ещё нет справочников: укажите --reference ФАЙЛ`);
      // Another region's reference or messages never go in (exit 3, nothing written).
      const refWrong = ref ? referenceRegionMismatch(heldRef, ref) : null;
      if (refWrong) throw new CliError(`${refPath}: ${refWrong}`, 3);
      const fileWrong = await fileRegionMismatch(file, (ref ?? heldRef)!);
      if (fileWrong) throw new CliError(fileWrong, 3);
      if (meta) cache.setRegion(meta.region);
      if (ref) cache.setReference(ref);
      const s = await importJsonl(cache, file, { chunk, source: optionalString(ctx, 'source') ?? `import:${basename(file)}` });
      const sec = s.ms / 1000;
      const rate = sec > 0 ? Math.round(s.lines / sec) : s.lines;
      ctx.stderr.write(
        `импорт ${file}: строк ${s.lines}; применено ${s.applied}, пропущено (не новее хранящихся) ${s.ignored}, ` +
          `удалено ${s.deleted}, в карантине ${s.quarantined}; в кэше обращений ${cache.messageCount()}; ` +
          `${sec.toFixed(1)} с, ${rate} строк/с\n`,
      );
      if (s.quarantined > 0)
        ctx.stderr.write(`причины карантина: последняя — «${cache.listQuarantine(1)[0]?.reason ?? ''}»\n`);
      return 0;
    } finally {
      cache.close();
    }
  },
};
