/** `queue`: the escalation queue at an instant (kpi.md). */
import type { Command } from '../command.js';
import { requireString } from '../command.js';
import { computeQueue } from '../../../../shared/engine/queue.js';
import { LEVEL_LABELS, REASON_LABELS, blockLabel } from '../../../../shared/blocks.js';
import { QUEUE_INDICATORS } from '../../../../shared/indicators.js';
import { fmtTime, instantOption, loadFromCache, table, thresholdsOption, writeJson } from '../../engine/cli.js';

export const command: Command = {
  name: 'queue',
  summary: 'очередь эскалации на момент времени',
  usage: `Использование: situation-wall queue --cache КЭШ --now ВРЕМЯ [--thresholds ФАЙЛ] [--json]

Очередь эскалации kpi.md: открытые обращения, для которых сработало хотя бы одно правило.
  --cache КЭШ          файл кэша стены (открывается только для чтения)
  --now ВРЕМЯ          момент, RFC 3339 со смещением (2026-11-21T09:15:00+12:00)
  --thresholds ФАЙЛ    JSON с порогами (частичный объект: dueSoonMs, resonanceLevel2, clusterMin …)
  --json               вывести JSON (формат kpi.md)`,
  options: {
    cache: { type: 'string' },
    now: { type: 'string' },
    thresholds: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(ctx) {
    const path = requireString(ctx, 'cache');
    const now = instantOption(ctx, 'now');
    const thresholds = thresholdsOption(ctx);
    const loaded = loadFromCache(path, { asOf: now.ms });
    try {
      const result = computeQueue(loaded.store, { now: now.ms, thresholds, nowText: now.text });
      if (ctx.values.json) {
        writeJson(ctx, result);
        return 0;
      }
      const z = loaded.zone;
      const ref = loaded.cache.getReference();
      const blockNames = new Map(ref?.blocks.map((b) => [b.id, b.name]) ?? []);
      const muniNames = new Map(loaded.municipalities.map((m) => [m.oktmo, m.name]));
      ctx.stdout.write(`Очередь эскалации на ${fmtTime(now.ms, z)} (${z}): ${result.items.length}\n\n`);
      const q = QUEUE_INDICATORS;
      const header = ['Обращение', q.level.short, 'Кто действует', 'Причины', q.overdueMin.short, q.weight.short, 'Блок', 'Муниципалитет'];
      const rows = result.items.map((it) => [
        it.id,
        q.level.format(it.level),
        LEVEL_LABELS[it.level],
        it.reasons.map((r) => REASON_LABELS[r]).join(', '),
        q.overdueMin.format(it.overdueMin),
        q.weight.format(it.weight),
        blockLabel(it.block, blockNames.get(it.block)),
        muniNames.get(it.municipality) ?? it.municipality,
      ]);
      ctx.stdout.write(table(header, rows, [0, 2, 3, 6, 7]));
      return 0;
    } finally {
      loaded.cache.close();
    }
  },
};
