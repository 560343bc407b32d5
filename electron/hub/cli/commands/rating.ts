/** `rating`: rating of municipalities (kpi.md). */
import type { Command } from '../command.js';
import { requireString } from '../command.js';
import { computeRating } from '../../../../shared/engine/rating.js';
import { ZONE_LABELS } from '../../../../shared/blocks.js';
import { KPI_INDICATORS, RATING_FIELDS, RATING_INDICATORS } from '../../../../shared/indicators.js';
import { fmtTime, loadFromCache, table, thresholdsOption, windowOptions, writeJson } from '../../engine/cli.js';

/** The four components, after the score. */
const COMPONENTS = RATING_FIELDS.filter((k) => k !== 'score');

export const command: Command = {
  name: 'rating',
  summary: 'рейтинг муниципалитетов за период (скорость, качество, полнота, удовлетворённость)',
  usage: `Использование: situation-wall rating --cache КЭШ --from ВРЕМЯ --to ВРЕМЯ --now ВРЕМЯ [--thresholds ФАЙЛ] [--json]

Рейтинг муниципалитетов kpi.md за окно [from, to) по данным, какими они были на момент now.
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
    const loaded = loadFromCache(path, { asOf: now.ms });
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
      const header = [
        'Место',
        'Муниципалитет',
        RATING_INDICATORS.score.short,
        'Зона',
        ...COMPONENTS.map((k) => RATING_INDICATORS[k].short),
        KPI_INDICATORS.incoming.short,
        KPI_INDICATORS.per10k.short,
      ];
      const rows = result.rows.map((r) => [
        r.rank === null ? '—' : String(r.rank),
        r.name,
        RATING_INDICATORS.score.format(r.score),
        ZONE_LABELS[r.zone],
        ...COMPONENTS.map((k) => RATING_INDICATORS[k].format(r[k])),
        KPI_INDICATORS.incoming.format(r.incoming),
        KPI_INDICATORS.per10k.format(r.per10k),
      ]);
      ctx.stdout.write(table(header, rows, [1, 3]));
      return 0;
    } finally {
      loaded.cache.close();
    }
  },
};
