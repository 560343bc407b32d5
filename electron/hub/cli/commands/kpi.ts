/** `kpi`: indicators of kpi.md for a window, by a grouping. */
import type { Command } from '../command.js';
import { UsageError, requireString } from '../command.js';
import { GROUPINGS, type Grouping, type KpiGroup } from '../../../../shared/engine/types.js';
import { computeKpi } from '../../../../shared/engine/kpi.js';
import { blockLabel, channelLabel } from '../../../../shared/blocks.js';
import { KPI_FIELDS, KPI_INDICATORS } from '../../../../shared/indicators.js';
import { fmtTime, loadFromCache, table, windowOptions, writeJson } from '../../engine/cli.js';

/** The table's columns: every field of kpi.md in its order, names and formats from the registry; the count
 *  answered on time is left out beside its share (the terminal is narrow; `--json` has it). */
const TABLE_FIELDS = KPI_FIELDS.filter((k) => k !== 'onTime');

export const command: Command = {
  name: 'kpi',
  summary: 'показатели обращений за период: по региону, блокам, муниципалитетам, каналам',
  usage: `Использование: situation-wall kpi --cache КЭШ --from ВРЕМЯ --to ВРЕМЯ --now ВРЕМЯ [--by ГРУППИРОВКА] [--json]

Показатели kpi.md за окно [from, to) по данным, какими они были на момент now (состояние каждого
обращения на now по истории его ревизий; открытые и просроченные — на момент now).
  --cache КЭШ     файл кэша стены (открывается только для чтения)
  --from ВРЕМЯ    начало окна, RFC 3339 со смещением (2026-11-21T00:00:00+12:00)
  --to ВРЕМЯ      конец окна (не включается)
  --now ВРЕМЯ     момент, на который берётся состояние данных (открытые, просроченные, статусы)
  --by ГРУППИРОВКА  ${GROUPINGS.join(' | ')} (по умолчанию region)
  --json          вывести JSON (формат kpi.md)`,
  options: {
    cache: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    now: { type: 'string' },
    by: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(ctx) {
    const path = requireString(ctx, 'cache');
    const byRaw = ctx.values.by === undefined ? 'region' : String(ctx.values.by);
    if (!(GROUPINGS as readonly string[]).includes(byRaw))
      throw new UsageError(`--by: неизвестная группировка «${byRaw}»; допустимы: ${GROUPINGS.join(', ')}`);
    const by = byRaw as Grouping;
    const { from, to, now } = windowOptions(ctx);
    const loaded = loadFromCache(path, { asOf: now.ms });
    try {
      const result = computeKpi(loaded.store, {
        from: from.ms,
        to: to.ms,
        now: now.ms,
        by,
        reference: loaded.reference,
        fromText: from.text,
        toText: to.text,
        nowText: now.text,
      });
      if (ctx.values.json) {
        writeJson(ctx, result);
        return 0;
      }
      const ref = loaded.cache.getReference();
      const blockNames = new Map(ref?.blocks.map((b) => [b.id, b.name]) ?? []);
      const channelNames = new Map(ref?.channels.map((c) => [c.id, c.name]) ?? []);
      const muniNames = new Map(loaded.municipalities.map((m) => [m.oktmo, m.name]));
      const label = (g: KpiGroup): string => {
        const parts: string[] = [];
        if (g.block !== null) parts.push(blockLabel(g.block, blockNames.get(g.block)));
        if (g.municipality !== null) parts.push(muniNames.get(g.municipality) ?? g.municipality);
        if (g.channel !== undefined && g.channel !== null) parts.push(channelLabel(g.channel, channelNames.get(g.channel)));
        return parts.length ? parts.join(' / ') : (loaded.regionName ?? 'Регион');
      };
      const z = loaded.zone;
      ctx.stdout.write(
        `Показатели за ${fmtTime(from.ms, z)} — ${fmtTime(to.ms, z)}, открытые на ${fmtTime(now.ms, z)} (${z})\n\n`,
      );
      const header = ['Группа', ...TABLE_FIELDS.map((k) => KPI_INDICATORS[k].short)];
      const rows = result.groups.map((g) => [label(g), ...TABLE_FIELDS.map((k) => KPI_INDICATORS[k].format(g[k]))]);
      ctx.stdout.write(table(header, rows));
      return 0;
    } finally {
      loaded.cache.close();
    }
  },
};
