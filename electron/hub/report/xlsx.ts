/**
 * The справка's workbook (docs/spec/report.md, «The XLSX workbook»), written with exceljs' streaming
 * writer (a queue of tens of thousands of rows in well under a second): six sheets, header first,
 * plain numbers (shares as fractions with a percent format, minutes as numbers), an empty cell where
 * kpi.md gives null.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { KpiGroup } from '../../../shared/engine/types.js';
import { KPI_FIELDS, KPI_FIELD_INFO, type KpiField } from './names.js';
import type { ReportData } from './data.js';
import { rfc3339 } from './format.js';

export const SHEETS = ['Сводка', 'Блоки', 'Муниципалитеты', 'Рейтинг', 'Очередь', 'Всплески'] as const;

export const SUMMARY_HEADER = ['Показатель', 'Ключ', 'Значение'];
export const RATING_HEADER = ['Место', 'ОКТМО', 'Название', 'Балл', 'Зона', 'Скорость', 'Качество', 'Полнота', 'Удовлетворённость', 'Поступило', 'На 10 тыс.'];
export const QUEUE_HEADER = ['id', 'Уровень', 'Причины', 'Просрочено, мин', 'Вес', 'Блок', 'ОКТМО'];
export const ALERTS_HEADER = ['id', 'Поднят', 'ОКТМО', 'Блок', 'Категория', 'Сообщений', 'Ожидалось', 'Состояние'];
export const fieldHeaders = (): string[] => KPI_FIELDS.map((f) => KPI_FIELD_INFO[f].name);

const FMT_SHARE = '0.0%';
const FMT_DEC = '0.0##';

function fmtOf(f: KpiField): string | undefined {
  const k = KPI_FIELD_INFO[f].kind;
  return k === 'share' ? FMT_SHARE : k === 'count' ? undefined : FMT_DEC;
}

/** null → an empty cell (undefined leaves the cell out). */
const v = (x: number | string | null | undefined): number | string | undefined => (x === null ? undefined : x);

type Writer = ExcelJS.stream.xlsx.WorkbookWriter;
type Sheet = ReturnType<Writer['addWorksheet']>;

/** A sheet with its header row written; `fmts[i]` is the number format of column i + 1. */
function sheet(wb: Writer, name: string, header: string[], widths: number[], fmts: Array<string | undefined> = []): Sheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = header.map((_h, i) => ({ width: widths[i] ?? widths[widths.length - 1] ?? 14, ...(fmts[i] ? { style: { numFmt: fmts[i] } } : {}) }));
  const h = ws.addRow(header);
  h.font = { bold: true };
  return ws;
}

function groupSheet(wb: Writer, name: string, keyHeader: string, groups: readonly KpiGroup[], key: (g: KpiGroup) => string, label: (id: string) => string): void {
  const ws = sheet(wb, name, [keyHeader, 'Название', ...fieldHeaders()], [12, 36, ...KPI_FIELDS.map(() => 16)], [undefined, undefined, ...KPI_FIELDS.map(fmtOf)]);
  ws.getRow(1).commit();
  for (const g of groups) {
    const id = key(g);
    ws.addRow([id, label(id), ...KPI_FIELDS.map((f) => v(g[f]))]).commit();
  }
  ws.commit();
}

export async function buildXlsx(d: ReportData): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Ситуационная стена ЦУР';
  wb.created = new Date(d.madeAt);
  wb.title = `Справка о работе с обращениями граждан: ${d.region.name}`;

  // Сводка
  const s = sheet(wb, 'Сводка', SUMMARY_HEADER, [40, 26, 28]);
  s.getRow(1).commit();
  s.addRow(['Начало периода', 'from', d.fromText]).commit();
  s.addRow(['Конец периода (не включается)', 'to', d.toText]).commit();
  s.addRow(['По состоянию на', 'now', d.nowText]).commit();
  const rg = d.kpi.region.groups[0];
  for (const f of KPI_FIELDS) {
    const row = s.addRow([KPI_FIELD_INFO[f].name, f, rg ? v(rg[f]) : undefined]);
    const fmt = fmtOf(f);
    if (fmt) row.getCell(3).numFmt = fmt;
    row.commit();
  }
  s.commit();

  groupSheet(wb, 'Блоки', 'Блок', d.kpi.block.groups, (g) => g.block ?? '', (id) => d.blockNames.get(id) ?? id);
  groupSheet(wb, 'Муниципалитеты', 'ОКТМО', d.kpi.municipality.groups, (g) => g.municipality ?? '', (id) => d.municipalityNames.get(id) ?? id);

  const dec = FMT_DEC;
  const r = sheet(wb, 'Рейтинг', RATING_HEADER, [8, 12, 36, 10, 10, 11, 11, 11, 18, 11, 12], [undefined, undefined, undefined, dec, undefined, dec, dec, dec, dec, undefined, dec]);
  r.getRow(1).commit();
  for (const row of d.rating.rows)
    r.addRow([v(row.rank), row.municipality, row.name, v(row.score), row.zone, v(row.speed), v(row.quality), v(row.completeness), v(row.satisfaction), row.incoming, v(row.per10k)]).commit();
  r.commit();

  const q = sheet(wb, 'Очередь', QUEUE_HEADER, [24, 10, 36, 16, 10, 14, 12]);
  q.getRow(1).commit();
  for (const it of d.queue.items) q.addRow([it.id, it.level, it.reasons.join(', '), it.overdueMin, it.weight, it.block, it.municipality]).commit();
  q.commit();

  const raised = (t: string): string => (Number.isNaN(Date.parse(t)) ? t : rfc3339(Date.parse(t), d.zone));
  const a = sheet(wb, 'Всплески', ALERTS_HEADER, [24, 28, 12, 14, 24, 12, 12, 14], [undefined, undefined, undefined, undefined, undefined, undefined, dec]);
  if (d.alerts === null) a.getCell('A1').note = 'Детектор всплесков не подключён к этой сборке: лист не заполнен (это не значит, что всплесков не было).';
  a.getRow(1).commit();
  for (const al of d.alerts ?? []) a.addRow([al.id, raised(al.raisedAt), al.municipality, al.block, v(al.category), al.count, al.expected, al.state]).commit();
  a.commit();

  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}
