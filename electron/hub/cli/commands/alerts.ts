/** `alerts`: replay the early-warning detector over [from, to) (docs/spec/alerts.md, "Command line"). */
import { existsSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { Command } from '../command.js';
import { CliError, UsageError, requireString } from '../command.js';
import { openCache, CacheOpenError } from '../../cache/cache.js';
import type { Cache } from '../../cache/api.js';
import { LEARN_DAYS, replayCache } from '../../alerts/replay.js';
import type { Alert, AlertState } from '../../../../shared/alerts/schema.js';
import { LEVEL_LABELS, blockLabel } from '../../../../shared/blocks.js';
import { instantOption, table, writeJson } from '../../engine/cli.js';
import { formatNumber } from '../../../../shared/indicators.js';

const STATE_LABELS: Readonly<Record<AlertState, string>> = {
  growing: 'растёт',
  steady: 'держится',
  fading: 'затухает',
  ended: 'закончился',
};

/** «МСК», «МСК+9», «МСК−1» for a zone at an instant. */
export function mskLabel(zone: string, at: number): string {
  const off = DateTime.fromMillis(at, { zone }).offset / 60 - 3;
  if (off === 0) return 'МСК';
  const n = Number.isInteger(off) ? String(Math.abs(off)) : Math.abs(off).toLocaleString('ru-RU');
  return `МСК${off > 0 ? '+' : '−'}${n}`;
}

const time = (s: string | null, zone: string): string => (s === null ? '—' : DateTime.fromISO(s, { zone }).toFormat('dd.MM.yyyy HH:mm'));

export const command: Command = {
  name: 'alerts',
  summary: 'всплески обращений за период (повтор детектора, как его прожила бы стена)',
  usage: `Использование: situation-wall alerts --cache КЭШ --from ВРЕМЯ --to ВРЕМЯ [--json]

Проигрывает детектор всплесков (alerts.md) через период [from, to) так, как его прожила бы
живая стена: обычный поток он узнаёт по обращениям ${LEARN_DAYS} дней до --from (как живая стена
при запуске). Печатает каждый всплеск, поднятый в периоде, в том виде, в каком он был на момент
--to, по времени подъёма.
  --cache КЭШ          файл кэша стены (открывается только для чтения)
  --from ВРЕМЯ         начало периода, RFC 3339 со смещением (2026-11-21T00:00:00+12:00)
  --to ВРЕМЯ           конец периода (не включается)
  --json               вывести JSON { from, to, alerts } (формат alerts.md)
Время в таблице — в часовом поясе региона кэша.`,
  options: {
    cache: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(ctx) {
    const path = requireString(ctx, 'cache');
    const from = instantOption(ctx, 'from');
    const to = instantOption(ctx, 'to');
    if (!(from.ms < to.ms)) throw new UsageError(`--from должно быть раньше --to (получено ${from.text} и ${to.text})`);
    if (!existsSync(path)) throw new CliError(`кэш не найден: ${path}`);
    let cache: Cache;
    try {
      cache = openCache(path, { readonly: true });
    } catch (e) {
      if (e instanceof CacheOpenError) throw new CliError(e.message);
      throw e;
    }
    try {
      const region = cache.getRegion();
      let zone = region?.timezone ?? 'UTC';
      if (!DateTime.now().setZone(zone).isValid) zone = 'UTC';
      const alerts: Alert[] = replayCache(cache, from.ms, to.ms, zone);
      if (ctx.values.json) {
        writeJson(ctx, { from: from.text, to: to.text, alerts });
        return 0;
      }
      const ref = cache.getReference();
      const blockNames = new Map(ref?.blocks.map((b) => [b.id, b.name]) ?? []);
      const catNames = new Map(ref?.categories.map((c) => [c.id, c.name]) ?? []);
      const muniNames = new Map(ref?.municipalities.map((m) => [m.oktmo, m.name]) ?? []);
      const z = zone === 'UTC' ? 'UTC' : mskLabel(zone, to.ms);
      ctx.stdout.write(
        `Всплески, поднятые с ${time(new Date(from.ms).toISOString(), zone)} по ${time(new Date(to.ms).toISOString(), zone)} (${z})` +
          `${region ? `, ${region.name}` : ''}: ${alerts.length}; состояние — на конец периода\n\n`,
      );
      if (alerts.length === 0) return 0;
      const header = [
        `Поднят (${z})`,
        'Состояние',
        'Уровень',
        'Муниципалитет',
        'Блок',
        'Категория',
        'Обращений',
        'Обычно за тот же срок',
        `Первое (${z})`,
        `Последнее (${z})`,
        `Закончился (${z})`,
        'Радиус, км',
      ];
      const rows = alerts.map((a) => [
        time(a.raisedAt, zone),
        STATE_LABELS[a.state],
        `${a.level} — ${LEVEL_LABELS[a.level]}`,
        muniNames.get(a.municipality) ?? a.municipality,
        blockLabel(a.block, blockNames.get(a.block)),
        a.category === null ? 'разные' : (catNames.get(a.category) ?? a.category),
        String(a.count),
        formatNumber(a.expected, 2),
        time(a.firstAt, zone),
        time(a.lastAt, zone),
        time(a.endedAt, zone),
        a.radiusKm === null ? '—' : formatNumber(a.radiusKm, 2),
      ]);
      ctx.stdout.write(table(header, rows, [0, 1, 2, 3, 4, 5]));
      return 0;
    } finally {
      cache.close();
    }
  },
};
