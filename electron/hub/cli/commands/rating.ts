/** `rating`: rating of municipalities (kpi.md). */
import type { Command } from '../command.js';
import { requireString } from '../command.js';
import { computeRating } from '../../../../shared/engine/rating.js';
import { ZONE_LABELS } from '../../../../shared/blocks.js';
import { fmtNum, fmtTime, loadFromCache, table, thresholdsOption, windowOptions, writeJson } from '../../engine/cli.js';

export const command: Command = {
  name: 'rating',
  summary: 'рейтинг муниципалитетов за период (скорость, качество, полнота, удовлетворённость)',
  usage: `Использование: situation-wall rating --cache КЭШ --from ВРЕМЯ --to ВРЕМЯ --now ВРЕМЯ [--thresholds ФАЙЛ] [--json]

Рейтинг муниципалитетов kpi.md за окно [from, to) на момент now.
  --cache КЭШ          файл кэша стены (открывается только для чтения)
  --from, --to, --now  метки времени RFC 3339 со смещением
  --thresholds ФАЙЛ    JSON с порогами (частичный объект: zoneGreen, zoneYellow, minIncomingForRating …)
  --json               вывести JSON (формат kpi.md)`,
  options: {
    cache: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    now: { type: 'string' },
    thresholds: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(ctx) {
    const path = requireString(ctx, 'cache');
    const { from, to, now } = windowOptions(ctx);
    const thresholds = thresholdsOption(ctx);
    const loaded = loadFromCache(path);
    try {
      const result = computeRating(loaded.store, {
        from: from.ms,
        to: to.ms,
        now: now.ms,
        municipalities: loaded.municipalities,
        thresholds,
      });
      if (ctx.values.json) {
        writeJson(ctx, result);
        return 0;
      }
      const z = loaded.zone;
      ctx.stdout.write(`Рейтинг муниципалитетов за ${fmtTime(from.ms, z)} — ${fmtTime(to.ms, z)} (${z})\n\n`);
      const header = ['Место', 'Муниципалитет', 'Балл', 'Зона', 'Скорость', 'Качество', 'Полнота', 'Удовлетв.', 'Поступило', 'На 10 тыс.'];
      const rows = result.rows.map((r) => [
        r.rank === null ? '—' : String(r.rank),
        r.name,
        fmtNum(r.score),
        ZONE_LABELS[r.zone],
        fmtNum(r.speed),
        fmtNum(r.quality),
        fmtNum(r.completeness),
        fmtNum(r.satisfaction),
        String(r.incoming),
        fmtNum(r.per10k, 2),
      ]);
      ctx.stdout.write(table(header, rows, [1, 3]));
      return 0;
    } finally {
      loaded.cache.close();
    }
  },
};
