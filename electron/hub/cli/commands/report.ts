/** `report`: the справка of docs/spec/report.md as a PDF or an XLSX workbook. */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from '../command.js';
import { CliError, UsageError, optionalString, requireString } from '../command.js';
import { instantOption, loadFromCache, thresholdsOption } from '../../engine/cli.js';
import { buildReport, replayAlertsFromCache, REPORT_FORMATS, type ReportFormat } from '../../report/index.js';
import { reportSourceFromCache } from '../../report/data.js';

export const command: Command = {
  name: 'report',
  summary: 'справка о работе с обращениями за период: PDF для показа и печати или книга XLSX',
  usage: `Использование: situation-wall report --cache КЭШ --from ВРЕМЯ --to ВРЕМЯ [--now ВРЕМЯ] --out ФАЙЛ [--format pdf|xlsx]

Справка (docs/spec/report.md) за окно [from, to) на момент now: главные показатели с изменением
к предыдущему периоду той же длины, динамика, блоки, темы, рейтинг и карта муниципалитетов,
всплески и очередь эскалации. Цифры — те же, что у команд kpi, rating и queue.
  --cache КЭШ        файл кэша стены (открывается только для чтения)
  --from ВРЕМЯ       начало периода, RFC 3339 со смещением (2026-11-23T00:00:00+12:00)
  --to ВРЕМЯ         конец периода (не включается)
  --now ВРЕМЯ        момент «по состоянию на» (по умолчанию — --to)
  --out ФАЙЛ         куда записать справку
  --format ФОРМАТ    pdf | xlsx (по умолчанию — по расширению файла)
  --thresholds ФАЙЛ  JSON с порогами (как у rating и queue)`,
  options: {
    cache: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    now: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    thresholds: { type: 'string' },
  },
  async run(ctx) {
    const path = requireString(ctx, 'cache');
    const out = requireString(ctx, 'out');
    const formatRaw = optionalString(ctx, 'format') ?? extname(out).slice(1).toLowerCase();
    if (!(REPORT_FORMATS as readonly string[]).includes(formatRaw))
      throw new UsageError(
        optionalString(ctx, 'format') === undefined
          ? `--out ${out}: по расширению файла не понять формат; укажите --format pdf или --format xlsx`
          : `--format: неизвестный формат «${formatRaw}»; допустимы: ${REPORT_FORMATS.join(', ')}`,
      );
    const format = formatRaw as ReportFormat;
    const from = instantOption(ctx, 'from');
    const to = instantOption(ctx, 'to');
    const now = ctx.values.now === undefined ? to : instantOption(ctx, 'now');
    if (!(from.ms < to.ms)) throw new UsageError(`--from должно быть раньше --to (получено ${from.text} и ${to.text})`);
    const thresholds = thresholdsOption(ctx);
    // the messages as they stood at `now` (docs/spec/kpi.md v2), as `kpi`, `rating` and `queue` count them
    const loaded = loadFromCache(path, { asOf: now.ms });
    let buf: Buffer;
    try {
      const source = reportSourceFromCache(loaded.cache, loaded.store, thresholds);
      // «Всплески»: the alerts of the period as the `alerts` command replays them
      const alerts = replayAlertsFromCache(loaded.cache, source.region.timezone);
      buf = await buildReport({ source, from: from.ms, to: to.ms, now: now.ms, format, alerts });
    } finally {
      loaded.cache.close();
    }
    try {
      writeFileSync(out, buf);
    } catch (e) {
      throw new CliError(`не удалось записать ${out}: ${(e as Error).message.split('\n')[0]}`);
    }
    ctx.stderr.write(`Справка (${format.toUpperCase()}, ${new Intl.NumberFormat('ru-RU').format(Math.ceil(buf.length / 1024))} КБ) → ${out}\n`);
    return 0;
  },
};
